/*
 * echo1: the first integration test's client: the installed API
 * (icmptools.h) exchanges real echoes with an address of the lab.
 *
 * usage: echo1 [-l] [-t TTL] [-w MS] [-T MAXHOPS] ADDR
 *   default  one call: icmpt_echo(ADDR, 1, 56); prints "rtt R ms from
 *            ADDR", or "no reply: REASON"
 *   -l       the handle: icmpt_open, icmpt_drop_privileges, icmpt_add,
 *            icmpt_send (56 bytes), icmpt_recv, icmpt_close; prints
 *            "reply from FROM seq=S ttl=T rtt=R ms raw=0|1" or, for an
 *            error, "error TYPE/CODE from FROM seq=S"
 *   -t TTL   with -l: TTL / hop limit of the request
 *   -w MS    with -l: wait at most MS milliseconds (default 2000)
 *   -T MAX   icmpt_trace(ADDR, MAX, 3): one line per hop "hop N ADDR
 *            sent S received R note X" (ADDR "-" and note "-" if none)
 * Exit: 0 reply, 1 no reply (error or timeout: the reason on stdout),
 * 2 usage or socket error.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <stdbool.h>

#include "icmptools.h"

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
one_call(const char *dst)
{
	struct icmpt_stats st;
	char err[256];
	int rc;

	rc = icmpt_echo(dst, 1, ICMPT_DEFAULT_DATALEN, &st, err, sizeof(err));
	if (rc == 0) {
		printf("rtt %.3f ms from %s\n", st.avg_ms, dst);
		return 0;
	}
	printf("%s%s\n", rc < 0 ? "error: " : "", err);
	return rc < 0 ? 2 : 1;
}

static int
low_level(const char *dst, int ttl, int ms)
{
	struct icmpt_handle *h;
	struct icmpt_reply r;
	char err[256];
	int d, rc;

	if ((h = icmpt_open(NULL, err, sizeof(err))) == NULL) {
		printf("no socket: %s\n", err);
		return 2;
	}
	if (icmpt_drop_privileges(err, sizeof(err)) == -1) {
		printf("drop: %s\n", err);
		icmpt_close(h);
		return 2;
	}
	if ((d = icmpt_add(h, dst, 0)) < 0 ||
	    (ttl > 0 && icmpt_set_ttl(h, ttl) == -1) ||
	    icmpt_send(h, d, ICMPT_DEFAULT_DATALEN, NULL) == -1) {
		printf("send: %s\n", icmpt_errmsg(h));
		icmpt_close(h);
		return 2;
	}
	rc = icmpt_recv(h, &r, ms);
	if (rc == 1 && r.kind == ICMPT_ECHO_REPLY) {
		printf("reply from %s seq=%u ttl=%d rtt=%.3f ms raw=%d\n",
		    r.from, r.seq, r.ttl, icmpt_rtt_ms(&r),
		    icmpt_raw(h, r.family));
		rc = 0;
	} else if (rc == 1) {
		printf("error %u/%u from %s seq=%u\n", r.type, r.code, r.from,
		    r.seq);
		rc = 1;
	} else if (rc == 0) {
		printf("no reply: timeout\n");
		rc = 1;
	} else {
		printf("recv: %s\n", icmpt_errmsg(h));
		rc = 2;
	}
	icmpt_close(h);
	return rc;
}

static int
trace(const char *dst, int max)
{
	struct icmpt_hop hops[255];
	char err[256];
	unsigned n;
	int rc;

	rc = icmpt_trace(dst, (unsigned)max, 3, hops, &n, err, sizeof(err));
	if (rc < 0) {
		printf("error: %s\n", err);
		return 2;
	}
	for (unsigned i = 0; i < n; i++)
		printf("hop %u %s sent %u received %u note %s\n", hops[i].ttl,
		    hops[i].addr[0] ? hops[i].addr : "-", hops[i].stats.sent,
		    hops[i].stats.received, hops[i].note[0] ? hops[i].note :
		    "-");
	return rc;
}

int
main(int argc, char **argv)
{
	bool low = false;
	long ms = 2000;
	int ch, ttl = 0, maxhops = 0;

	while ((ch = getopt(argc, argv, "lt:w:T:")) != -1) {
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
		case 'T':
			maxhops = (int)num(optarg, 1, 255);
			break;
		default:
			usage();
		}
	}
	if (optind != argc - 1)
		usage();
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (maxhops > 0)
		return trace(argv[optind], maxhops);
	if (low)
		return low_level(argv[optind], ttl, (int)ms);
	return one_call(argv[optind]);
}
