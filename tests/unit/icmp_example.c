/*
 * icmp_example: the icmp.h API in a few lines, and the probe the lab test
 * check_icmp_lab.sh drives.
 *   icmp_example ADDR              one echo: "reply from ADDR: 0.123 ms"
 *   icmp_example -t MAXHOPS ADDR   ICMP trace: "TTL ADDR 0.123 ms KIND"
 *                                  per hop ("TTL *" for no answer)
 * ADDR is numeric (IPv4 or IPv6). Exit 0 on a reply / destination reached,
 * 1 on none, 2 on errors.
 */
#include "config.h"

#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "addr.h"
#include "cli.h"
#include "clock.h"
#include "exitcodes.h"
#include "icmp.h"
#include "priv.h"

static const char *
kind_name(enum icmp_kind k)
{
	switch (k) {
	case ICMP_KIND_ECHO_REPLY:
		return "echo-reply";
	case ICMP_KIND_TIME_EXCEEDED:
		return "time-exceeded";
	case ICMP_KIND_UNREACH:
		return "unreachable";
	default:
		return "other";
	}
}

static int
trace(const struct addr *dst, int maxhops)
{
	struct icmp_hop hops[255];
	char msg[256], a[ADDR_STRLEN];
	int n;

	if ((n = icmp_trace(dst, maxhops, NS_PER_SEC, hops, msg,
	    sizeof(msg))) == -1)
		errx(EXIT_ERROR, "%s", msg);
	for (int i = 0; i < n; i++) {
		if (!hops[i].answered) {
			printf("%d *\n", hops[i].ttl);
			continue;
		}
		printf("%d %s %.3f ms %s\n", hops[i].ttl,
		    addr_ntop(&hops[i].from, a, sizeof(a)),
		    (double)hops[i].rtt_ns / 1e6, kind_name(hops[i].kind));
	}
	return n > 0 && hops[n - 1].answered &&
	    hops[n - 1].kind == ICMP_KIND_ECHO_REPLY ? EXIT_OK : EXIT_NOREPLY;
}

int
main(int argc, char **argv)
{
	struct icmp_handle *h;
	struct icmp_result r;
	struct addr dst;
	unsigned long maxhops = 0;
	char msg[256], a[ADDR_STRLEN];

	priv_init();
	if (argc == 4 && strcmp(argv[1], "-t") == 0) {
		if (cli_uint(argv[2], 1, 255, &maxhops, msg, sizeof(msg)) == -1)
			errx(EXIT_ERROR, "%s", msg);
		argv += 2;
	} else if (argc != 2)
		errx(EXIT_ERROR, "usage: icmp_example [-t maxhops] address");
	if (!addr_pton(AF_UNSPEC, argv[1], &dst))
		errx(EXIT_ERROR, "%s: not a numeric address", argv[1]);
	if (maxhops > 0)
		return trace(&dst, (int)maxhops);
	/* the low-level API: open (privileged), drop, send, receive */
	if ((h = icmp_open(dst.af, msg, sizeof(msg))) == NULL)
		errx(EXIT_ERROR, "%s", msg);
	if (priv_drop(msg, sizeof(msg)) == -1)
		errx(EXIT_ERROR, "%s", msg);
	if (icmp_send_echo(h, &dst, 1, ICMP_DEFAULT_DATALEN) == -1)
		err(EXIT_ERROR, "sendto");
	switch (icmp_recv(h, &r, 2 * NS_PER_SEC)) {
	case 1:
		printf("%s from %s: %.3f ms\n", kind_name(r.kind),
		    addr_ntop(&r.from, a, sizeof(a)),
		    (double)icmp_rtt(&r) / 1e6);
		icmp_close(h);
		return r.kind == ICMP_KIND_ECHO_REPLY ? EXIT_OK : EXIT_NOREPLY;
	case 0:
		printf("no reply\n");
		icmp_close(h);
		return EXIT_NOREPLY;
	default:
		err(EXIT_ERROR, "recvmsg");
	}
}
