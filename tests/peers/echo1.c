/*
 * echo1: the first integration test's client (issue 2): the shared module
 * (icmp.h) exchanges one real echo with an address of the lab.
 *
 * usage: echo1 [-l] [-t TTL] [-w MS] ADDR
 *   default  one call: icmp_echo(); prints "rtt R ms from ADDR"
 *   -l       the lower level: icmp_open, icmp_send_echo (seq 7, 56
 *            bytes), icmp_recv, icmp_rtt, icmp_close; prints
 *            "reply from FROM seq=7 ttl=T rtt=R ms raw=0|1" or, for an
 *            error, "error TYPE/CODE from FROM seq=7"
 *   -t TTL   with -l: TTL / hop limit of the request
 *   -w MS    wait at most MS milliseconds (default 2000)
 * Exit: 0 reply, 1 no reply (error or timeout: the reason on stdout),
 * 2 usage or socket error. Privileges are dropped after the socket is
 * opened (priv.h), as in the tools.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "addr.h"
#include "clock.h"
#include "icmp.h"
#include "priv.h"

static void
usage(void)
{
	fprintf(stderr, "usage: echo1 [-l] [-t TTL] [-w MS] ADDR\n");
	exit(2);
}

static long
num(const char *s, long lo, long hi)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (end == s || *end != '\0' || v < lo || v > hi)
		usage();
	return v;
}

static int
one_call(const struct addr *dst, int64_t timeout)
{
	char err[256], a[ADDR_STRLEN];
	int64_t rtt;
	int rc;

	rc = icmp_echo(dst, timeout, &rtt, err, sizeof(err));
	if (rc == 0) {
		printf("rtt %.3f ms from %s\n", (double)rtt / 1e6,
		    addr_ntop(dst, a, sizeof(a)));
		return 0;
	}
	printf("no reply: %s\n", err);
	return rc < 0 ? 2 : 1;
}

static int
low_level(const struct addr *dst, int ttl, int64_t timeout)
{
	struct icmp_handle *h;
	struct icmp_result r;
	char err[256], a[ADDR_STRLEN];
	int rc;

	if ((h = icmp_open(dst->af, err, sizeof(err))) == NULL) {
		printf("no socket: %s\n", err);
		return 2;
	}
	if (priv_drop(err, sizeof(err)) == -1) {
		printf("priv_drop: %s\n", err);
		icmp_close(h);
		return 2;
	}
	if ((ttl > 0 && icmp_set_ttl(h, ttl) == -1) ||
	    icmp_send_echo(h, dst, 7, ICMP_DEFAULT_DATALEN) == -1) {
		printf("send: %s\n", strerror(errno));
		icmp_close(h);
		return 2;
	}
	rc = icmp_recv(h, &r, timeout);
	if (rc == 1 && r.kind == ICMP_KIND_ECHO_REPLY) {
		printf("reply from %s seq=%u ttl=%d rtt=%.3f ms raw=%d\n",
		    addr_ntop(&r.from, a, sizeof(a)), r.seq, r.ttl,
		    (double)icmp_rtt(&r) / 1e6, icmp_is_raw(h));
		rc = 0;
	} else if (rc == 1) {
		printf("error %u/%u from %s seq=%u\n", r.type, r.code,
		    addr_ntop(&r.from, a, sizeof(a)), r.seq);
		rc = 1;
	} else if (rc == 0) {
		printf("no reply: timeout\n");
		rc = 1;
	} else {
		printf("recv: %s\n", strerror(errno));
		rc = 2;
	}
	icmp_close(h);
	return rc;
}

int
main(int argc, char **argv)
{
	struct addr dst;
	bool low = false;
	long ms = 2000;
	int ch, ttl = 0;

	priv_init();
	while ((ch = getopt(argc, argv, "lt:w:")) != -1) {
		switch (ch) {
		case 'l':
			low = true;
			break;
		case 't':
			ttl = (int)num(optarg, 1, 255);
			break;
		case 'w':
			ms = num(optarg, 1, 600000);
			break;
		default:
			usage();
		}
	}
	if (optind != argc - 1 || !addr_pton(AF_UNSPEC, argv[optind], &dst))
		usage();
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (low)
		return low_level(&dst, ttl, (int64_t)ms * (NS_PER_SEC / 1000));
	return one_call(&dst, (int64_t)ms * (NS_PER_SEC / 1000));
}
