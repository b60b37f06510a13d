/* check_icmpt: the installed API (icmptools.h) on loopback and in private
 * network namespaces: icmpt_echo's statistics over raw and (privileges
 * dropped) ping sockets, both families in one handle, many requests in
 * flight with distinct sequence numbers and no aliasing (the 65537th
 * unanswered request of a family is refused: EBUSY), batched sends, the
 * pollable descriptor, expiry, timeouts, errors with their reason. Needs
 * root (raw sockets,
 * unshare): exits 77 otherwise. */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "icmptools.h"
#include "netns.h"
#include "unit.h"

static const char *const lo[2] = { "127.0.0.1", "::1" };

static void
write_file(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY);

	ck_assert_msg(fd >= 0, "%s: %s", path, strerror(errno));
	ck_assert_int_eq(write(fd, s, strlen(s)), (ssize_t)strlen(s));
	close(fd);
}

/* icmpt_echo: 3 replies, sane statistics. _i: family x raw/dgram. */
START_TEST(echo_stats)
{
	int fi = _i % 2;
	struct icmpt_stats st;
	char err[256] = "";

	unit_private_netns("0 2147483647");
	if (_i >= 2)
		unit_drop_raw();
	ck_assert_msg(icmpt_echo(lo[fi], 3, 56, &st, err, sizeof(err)) == 0,
	    "%s", err);
	ck_assert_uint_eq(st.sent, 3);
	ck_assert_uint_eq(st.received, 3);
	ck_assert_uint_eq(st.duplicates, 0);
	ck_assert_uint_eq(st.errors, 0);
	ck_assert(st.min_ms > 0 && st.min_ms <= st.avg_ms &&
	    st.avg_ms <= st.max_ms && st.max_ms < 1000);
	ck_assert(st.mdev_ms >= 0 && st.mdev_ms <= st.max_ms - st.min_ms);
	/* zero data bytes: no stamp, no RTT, still a reply */
	ck_assert_int_eq(icmpt_echo(lo[fi], 1, 0, &st, err, sizeof(err)), 0);
	ck_assert_uint_eq(st.received, 1);
}
END_TEST

/* Echoes ignored: no reply, 1, a reason; bad arguments: -1. */
START_TEST(echo_no_reply)
{
	int fi = _i;
	struct icmpt_stats st;
	char err[256] = "";

	unit_private_netns("0 2147483647");
	write_file(fi == 0 ? "/proc/sys/net/ipv4/icmp_echo_ignore_all" :
	    "/proc/sys/net/ipv6/icmp/echo_ignore_all", "1");
	ck_assert_int_eq(icmpt_echo(lo[fi], 1, 56, &st, err, sizeof(err)), 1);
	ck_assert_uint_eq(st.sent, 1);
	ck_assert_uint_eq(st.received, 0);
	ck_assert(st.min_ms == 0 && st.avg_ms == 0 && st.max_ms == 0);
	ck_assert_str_eq(err, "no reply");
	ck_assert_int_eq(icmpt_echo(lo[fi], 0, 56, &st, err, sizeof(err)),
	    -1);
	ck_assert_int_eq(icmpt_echo(lo[fi], 1, ICMPT_MAX_DATALEN + 1, &st,
	    err, sizeof(err)), -1);
	ck_assert_int_eq(icmpt_echo("no.such.host.invalid", 1, 56, &st, err,
	    sizeof(err)), -1);
	ck_assert_msg(strstr(err, "no.such.host.invalid") != NULL, "%s", err);
	/* nowhere to send in a namespace with only lo */
	ck_assert_int_eq(icmpt_echo("198.18.0.1", 1, 56, &st, err,
	    sizeof(err)), -1);
	ck_assert_msg(strstr(err, "Network is unreachable") != NULL, "%s",
	    err);
}
END_TEST

/* One handle, both families, 200 requests each in flight, every one
 * answered once with its own sequence number; the descriptor polls. */
START_TEST(many_in_flight)
{
	struct icmpt_handle *h;
	struct icmpt_reply r;
	char err[256];
	uint8_t seen[2][65536 / 8];
	unsigned got[2] = { 0, 0 };
	struct pollfd p;
	uint16_t seq;
	int d[2];

	unit_private_netns("0 2147483647");
	if (_i == 1)
		unit_drop_raw();
	ck_assert_msg((h = icmpt_open(NULL, err, sizeof(err))) != NULL, "%s",
	    err);
	ck_assert_int_eq(icmpt_raw(h, AF_INET), _i == 0);
	ck_assert_int_eq(icmpt_raw(h, AF_INET6), _i == 0);
	ck_assert_int_eq(d[0] = icmpt_add(h, lo[0], 0), 0);
	ck_assert_int_eq(d[1] = icmpt_add(h, lo[1], AF_INET6), 1);
	ck_assert_uint_eq(icmpt_count(h), 2);
	ck_assert_str_eq(icmpt_dest_addr(h, 1), "::1");
	ck_assert_str_eq(icmpt_dest_host(h, 0), "127.0.0.1");
	memset(seen, 0, sizeof(seen));
	for (int i = 0; i < 200; i++)
		for (int f = 0; f < 2; f++)
			ck_assert_msg(icmpt_send(h, d[f], 56, &seq) == 0, "%s",
			    icmpt_errmsg(h));
	ck_assert_uint_eq(icmpt_in_flight(h, -1), 400);
	p.fd = icmpt_fd(h);
	p.events = POLLIN;
	ck_assert_int_eq(poll(&p, 1, 2000), 1);
	while (got[0] + got[1] < 400 && icmpt_recv(h, &r, 2000) == 1) {
		int f = r.dest;

		ck_assert(!r.dup);
		ck_assert_int_eq(r.kind, ICMPT_ECHO_REPLY);
		ck_assert_str_eq(r.from, lo[f]);
		ck_assert_int_eq(r.family, f ? AF_INET6 : AF_INET);
		ck_assert_uint_eq(r.datalen, 56);
		ck_assert(r.rtt_ns > 0 && icmpt_rtt_ms(&r) < 1000);
		ck_assert_msg(!(seen[f][r.seq / 8] & (1 << r.seq % 8)),
		    "seq %u twice", r.seq);
		seen[f][r.seq / 8] |= (uint8_t)(1 << r.seq % 8);
		got[f]++;
	}
	ck_assert_uint_eq(got[0], 200);
	ck_assert_uint_eq(got[1], 200);
	ck_assert_uint_eq(icmpt_in_flight(h, -1), 0);
	ck_assert_uint_eq(icmpt_in_flight(h, 0), 0);
	ck_assert_int_eq(icmpt_recv(h, &r, 0), 0);
	ck_assert_uint_eq(icmpt_not_ours(h), 0);
	/* errors: no such destination, too much data */
	ck_assert_int_eq(icmpt_send(h, 7, 56, NULL), -1);
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_int_eq(icmpt_send(h, 0, ICMPT_MAX_DATALEN + 1, NULL), -1);
	ck_assert_int_eq(icmpt_add(h, "not an address", 0), -1);
	ck_assert(icmpt_errmsg(h)[0] != '\0');
	icmpt_close(h);
}
END_TEST

/* Nothing answers (echo ignored): 65536 requests of a family in flight,
 * the next one is refused, never aliased; expiry frees them. */
START_TEST(no_aliasing)
{
	struct icmpt_handle *h;
	struct icmpt_reply r;
	char err[256];
	uint16_t first = 0, seq;

	unit_private_netns("0 2147483647");
	write_file("/proc/sys/net/ipv4/icmp_echo_ignore_all", "1");
	ck_assert_msg((h = icmpt_open(NULL, err, sizeof(err))) != NULL, "%s",
	    err);
	ck_assert_int_eq(icmpt_add(h, lo[0], AF_INET), 0);
	for (long i = 0; i < 65536; i++) {
		ck_assert_msg(icmpt_send(h, 0, 0, &seq) == 0, "%ld: %s", i,
		    icmpt_errmsg(h));
		if (i == 0)
			first = seq;
		else
			ck_assert_uint_eq(seq, (uint16_t)(first + i));
	}
	ck_assert_uint_eq(icmpt_in_flight(h, 0), 65536);
	ck_assert_int_eq(icmpt_send(h, 0, 0, &seq), -1);
	ck_assert_int_eq(errno, EBUSY);
	ck_assert_int_eq(icmpt_recv(h, &r, 100), 0);
	ck_assert_uint_eq(icmpt_expire(h, 0), 65536);
	ck_assert_uint_eq(icmpt_in_flight(h, -1), 0);
	ck_assert_int_eq(icmpt_send(h, 0, 0, &seq), 0);
	icmpt_close(h);
}
END_TEST

/* send_all: one request to each of 3 destinations (one listed twice),
 * batched; each answered once, to the right destination. */
START_TEST(send_all)
{
	struct icmpt_handle *h;
	struct icmpt_reply r;
	char err[256];
	int got[3] = { 0, 0, 0 };

	unit_private_netns("0 2147483647");
	ck_assert_msg((h = icmpt_open(NULL, err, sizeof(err))) != NULL, "%s",
	    err);
	ck_assert_int_eq(icmpt_add(h, lo[0], 0), 0);
	ck_assert_int_eq(icmpt_add(h, lo[1], 0), 1);
	ck_assert_int_eq(icmpt_add(h, lo[0], 0), 2);
	ck_assert_int_eq(icmpt_send_all(h, 100), 3);
	while (got[0] + got[1] + got[2] < 3 && icmpt_recv(h, &r, 2000) == 1) {
		ck_assert(r.dest >= 0 && r.dest < 3);
		ck_assert_uint_eq(r.datalen, 100);
		got[r.dest]++;
	}
	ck_assert(got[0] == 1 && got[1] == 1 && got[2] == 1);
	icmpt_close(h);
}
END_TEST

/* A timeout returns 0 after about the time asked. */
START_TEST(recv_timeout)
{
	struct icmpt_handle *h;
	struct icmpt_reply r;
	struct timespec a, b;
	char err[256];
	long ms;

	unit_private_netns("0 2147483647");
	ck_assert_msg((h = icmpt_open(NULL, err, sizeof(err))) != NULL, "%s",
	    err);
	clock_gettime(CLOCK_MONOTONIC, &a);
	ck_assert_int_eq(icmpt_recv(h, &r, 200), 0);
	clock_gettime(CLOCK_MONOTONIC, &b);
	ms = (b.tv_sec - a.tv_sec) * 1000 + (b.tv_nsec - a.tv_nsec) / 1000000;
	ck_assert_int_ge(ms, 199);
	ck_assert_int_lt(ms, 1000);
	ck_assert_int_eq(icmpt_set_ttl(h, 0), -1);
	ck_assert_int_eq(icmpt_set_ttl(h, 64), 0);
	icmpt_close(h);
	icmpt_close(NULL);
}
END_TEST

/* icmpt_trace on loopback: one hop, the destination, reached, as
 * nobody too (UDP + IP_RECVERR needs no privilege); bad arguments. */
START_TEST(trace_loopback)
{
	int fi = _i % 2;
	struct icmpt_hop hops[4];
	unsigned n = 99;
	char err[256] = "";

	unit_private_netns("0 2147483647");
	if (_i >= 2)
		unit_drop_raw();
	ck_assert_msg(icmpt_trace(lo[fi], 4, 3, hops, &n, err,
	    sizeof(err)) == 0, "%s", err);
	ck_assert_uint_eq(n, 1);
	ck_assert_uint_eq(hops[0].ttl, 1);
	ck_assert_str_eq(hops[0].addr, lo[fi]);
	ck_assert_str_eq(hops[0].note, "");
	ck_assert_uint_eq(hops[0].stats.sent, 3);
	ck_assert_uint_eq(hops[0].stats.received, 3);
	ck_assert(hops[0].stats.min_ms > 0 && hops[0].stats.max_ms < 1000);
	ck_assert_int_eq(icmpt_trace(lo[fi], 0, 3, hops, &n, err,
	    sizeof(err)), -1);
	ck_assert_int_eq(icmpt_trace(lo[fi], 4, 11, hops, &n, err,
	    sizeof(err)), -1);
	ck_assert_int_eq(icmpt_trace("no.such.host.invalid", 4, 1, hops, &n,
	    err, sizeof(err)), -1);
	ck_assert_msg(strstr(err, "no.such.host.invalid") != NULL, "%s", err);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("icmpt");
	TCase *tc = tcase_create("icmpt");

	if (geteuid() != 0) {
		printf("SKIP: check_icmpt needs root (raw sockets, unshare)\n");
		return 77;
	}
	tcase_set_timeout(tc, 30);
	tcase_add_loop_test(tc, echo_stats, 0, 4);
	tcase_add_loop_test(tc, echo_no_reply, 0, 2);
	tcase_add_loop_test(tc, many_in_flight, 0, 2);
	tcase_add_test(tc, no_aliasing);
	tcase_add_test(tc, send_all);
	tcase_add_test(tc, recv_timeout);
	tcase_add_loop_test(tc, trace_loopback, 0, 4);
	suite_add_tcase(s, tc);
	return unit_run(s, CK_FORK);
}
