/* check_icmp: the public API (icmp.h) on loopback only. icmp_echo to
 * 127.0.0.1 and ::1 gives an RTT > 0 over a raw socket and, with
 * privileges dropped inside a private network namespace, over a ping
 * socket; low-level send/recv with several probes in flight; a one-hop
 * icmp_trace; timeout and local-error paths. Needs root (raw sockets,
 * unshare): exits 77 otherwise. */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <sched.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#include "addr.h"
#include "clock.h"
#include "icmp.h"
#include "priv.h"
#include "netns.h"
#include "unit.h"

static struct addr
lo(int af)
{
	struct addr a;

	ck_assert(addr_pton(af, af == AF_INET ? "127.0.0.1" : "::1", &a));
	return a;
}

static void
write_file(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY);

	ck_assert_msg(fd >= 0, "%s: %s", path, strerror(errno));
	ck_assert_int_eq(write(fd, s, strlen(s)), (ssize_t)strlen(s));
	close(fd);
}

START_TEST(echo_raw)
{
	int af = _i == 0 ? AF_INET : AF_INET6;
	struct addr dst = lo(af);
	int64_t rtt = -1;
	char err[256] = "";

	ck_assert_msg(icmp_echo(&dst, 2 * NS_PER_SEC, &rtt, err,
	    sizeof(err)) == 0, "%s", err);
	ck_assert_int_gt(rtt, 0);
	ck_assert_int_lt(rtt, NS_PER_SEC);
}
END_TEST

START_TEST(echo_unprivileged)
{
	int af = _i == 0 ? AF_INET : AF_INET6;
	struct addr dst = lo(af);
	struct icmp_handle *h;
	int64_t rtt = -1;
	char err[256] = "";

	unit_private_netns("0 2147483647");
	unit_drop_raw();
	h = icmp_open(af, err, sizeof(err));
	ck_assert_msg(h != NULL, "%s", err);
	ck_assert(!icmp_is_raw(h));
	icmp_close(h);
	ck_assert_msg(icmp_echo(&dst, 2 * NS_PER_SEC, &rtt, err,
	    sizeof(err)) == 0, "%s", err);
	ck_assert_int_gt(rtt, 0);
}
END_TEST

START_TEST(many_in_flight)
{
	int af = _i % 2 == 0 ? AF_INET : AF_INET6;
	struct addr dst = lo(af);
	struct icmp_handle *h;
	struct icmp_result r;
	char err[256] = "";
	bool seen[10] = { false };

	if (_i >= 2) {		/* the same over a ping socket */
		unit_private_netns("0 2147483647");
		unit_drop_raw();
	}
	h = icmp_open(af, err, sizeof(err));
	ck_assert_msg(h != NULL, "%s", err);
	ck_assert_int_eq(icmp_is_raw(h), _i < 2);
	ck_assert_int_eq(icmp_set_ttl(h, 64), 0);
	ck_assert_int_eq(icmp_set_ttl(h, 0), -1);
	for (uint16_t seq = 0; seq < 10; seq++)
		ck_assert_int_eq(icmp_send_echo(h, &dst, seq,
		    seq == 9 ? 0 : 16 + seq), 0);
	for (int i = 0; i < 10; i++) {
		ck_assert_int_eq(icmp_recv(h, &r, 2 * NS_PER_SEC), 1);
		ck_assert_int_eq(r.kind, ICMP_KIND_ECHO_REPLY);
		ck_assert_uint_lt(r.seq, 10);
		ck_assert(!seen[r.seq]);
		seen[r.seq] = true;
		ck_assert_uint_eq(r.datalen, r.seq == 9 ? 0 : 16 + r.seq);
		ck_assert(addr_eq(&r.from, &dst));
		ck_assert(r.kernel_time);
		ck_assert_int_gt(icmp_rtt(&r), 0);
		ck_assert_int_gt(r.ttl, 0);
	}
	/* nothing more is ours: each probe is answered once */
	ck_assert_int_eq(icmp_recv(h, &r, 100 * NS_PER_MS), 0);
	ck_assert_int_eq(icmp_send_echo(h, &dst, 1, ICMP_MAX_DATALEN + 1), -1);
	ck_assert_int_eq(errno, EINVAL);
	icmp_close(h);
}
END_TEST

START_TEST(trace_one_hop)
{
	int af = _i == 0 ? AF_INET : AF_INET6;
	struct addr dst = lo(af);
	struct icmp_hop hops[8];
	char err[256] = "";
	int n;

	n = icmp_trace(&dst, 8, NS_PER_SEC, hops, err, sizeof(err));
	ck_assert_msg(n == 1, "%d: %s", n, err);
	ck_assert_int_eq(hops[0].ttl, 1);
	ck_assert(hops[0].answered);
	ck_assert_int_eq(hops[0].kind, ICMP_KIND_ECHO_REPLY);
	ck_assert(addr_eq(&hops[0].from, &dst));
	ck_assert_int_gt(hops[0].rtt_ns, 0);
	ck_assert_int_eq(icmp_trace(&dst, 0, NS_PER_SEC, hops, err,
	    sizeof(err)), -1);
	ck_assert_str_eq(err, "invalid maximum hops: 0");
}
END_TEST

/* Echo ignored by the (private) kernel: no reply, "timeout", 1. */
START_TEST(echo_timeout)
{
	int af = _i == 0 ? AF_INET : AF_INET6;
	struct addr dst = lo(af);
	int64_t rtt = -1, t0;
	char err[256] = "";

	unit_private_netns("0 2147483647");
	write_file(af == AF_INET ? "/proc/sys/net/ipv4/icmp_echo_ignore_all" :
	    "/proc/sys/net/ipv6/icmp/echo_ignore_all", "1");
	t0 = clock_mono_ns();
	ck_assert_int_eq(icmp_echo(&dst, 300 * NS_PER_MS, &rtt, err,
	    sizeof(err)), 1);
	ck_assert_str_eq(err, "timeout");
	ck_assert_int_ge(clock_mono_ns() - t0, 300 * NS_PER_MS);
	ck_assert_int_eq(rtt, -1);
}
END_TEST

/* Nowhere to send (a private namespace has only lo): -1, reason. */
START_TEST(echo_no_route)
{
	struct addr dst;
	int64_t rtt = -1;
	char err[256] = "";

	unit_private_netns("0 2147483647");
	ck_assert(addr_pton(AF_INET, "198.18.0.1", &dst));
	ck_assert_int_eq(icmp_echo(&dst, NS_PER_SEC, &rtt, err,
	    sizeof(err)), -1);
	ck_assert_str_eq(err, "sendto: Network is unreachable");
	ck_assert_ptr_null(icmp_open(12345, err, sizeof(err)));
	ck_assert_str_eq(err, "icmp_open: Address family not supported by "
	    "protocol");
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("icmp");
	TCase *tc = tcase_create("icmp");

	if (geteuid() != 0) {
		printf("SKIP: check_icmp needs root (raw sockets, unshare)\n");
		return 77;
	}
	tcase_set_timeout(tc, 20);
	tcase_add_loop_test(tc, echo_raw, 0, 2);
	tcase_add_loop_test(tc, echo_unprivileged, 0, 2);
	tcase_add_loop_test(tc, many_in_flight, 0, 4);
	tcase_add_loop_test(tc, trace_one_hop, 0, 2);
	tcase_add_loop_test(tc, echo_timeout, 0, 2);
	tcase_add_test(tc, echo_no_route);
	suite_add_tcase(s, tc);
	return unit_run(s, CK_FORK);
}
