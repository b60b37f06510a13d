/*
 * check_ping_print.c: ping's printer, from events to exact text (captured
 * with open_memstream): header, reply lines with iputils' time precision,
 * DUP!, -D, truncated, forged stamps, wrong data, errors, flood, -q, -O,
 * timestamp/mask replies, statistics and the SIGQUIT status line.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "addr.h"
#include "clock.h"
#include "ping_print.h"
#include "unit.h"

static const struct ping_print_cfg plain = { .datalen = 56 };

static struct ping_event
reply(uint16_t seq, int64_t rtt_ns)
{
	struct ping_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.kind = PING_EV_REPLY;
	ev.from = "127.0.0.1";
	ev.seq = seq;
	ev.bytes = 64;
	ev.ttl = 64;
	ev.has_rtt = true;
	ev.rtt_ns = rtt_ns;
	ev.bad_byte = -1;
	return ev;
}

START_TEST(header_v4)
{
	struct ping_header h = { AF_INET, PING_TYPE_ECHO, "localhost",
	    "127.0.0.1", NULL, NULL, 56, 0, NULL, 0 };
	struct unit_cap c;

	unit_cap_open(&c);
	ping_print_header(c.fp, &plain, &h);
	unit_cap_check(&c, "PING localhost (127.0.0.1) 56(84) bytes of data.\n");

	h.ipoptlen = 40;
	h.source = "198.18.0.1";
	h.device = "veth0";
	unit_cap_open(&c);
	ping_print_header(c.fp, &plain, &h);
	unit_cap_check(&c, "PING localhost (127.0.0.1) from 198.18.0.1 veth0: "
	    "56(124) bytes of data.\n");
}
END_TEST

START_TEST(header_v6_pattern)
{
	static const uint8_t pat[] = { 0xff, 0x00, 0x0a };
	struct ping_header h = { AF_INET6, PING_TYPE_ECHO, "::1", "::1",
	    NULL, NULL, 56, 0, pat, sizeof(pat) };
	struct ping_print_cfg q = plain;
	struct unit_cap c;

	unit_cap_open(&c);
	ping_print_header(c.fp, &plain, &h);
	unit_cap_check(&c, "PATTERN: 0xff000a\nPING ::1(::1) 56 data bytes\n");

	q.quiet = true;
	h.host = "localhost";
	h.addr = "localhost (::1)";
	unit_cap_open(&c);
	ping_print_header(c.fp, &q, &h);
	unit_cap_check(&c, "PING localhost(localhost (::1)) 56 data bytes\n");
}
END_TEST

static const struct {
	int64_t		 ns;
	const char	*text;
} rtts[] = {
	{ 45000, " time=0.045 ms" },
	{ 0, " time=0.000 ms" },
	{ -5, " time=0.000 ms" },
	{ 999400, " time=0.999 ms" },
	{ 1000000, " time=1.00 ms" },
	{ 1234000, " time=1.23 ms" },
	{ 9994000, " time=9.99 ms" },
	{ 9995000, " time=10.0 ms" },
	{ 12345000, " time=12.3 ms" },
	{ 99949000, " time=99.9 ms" },
	{ 99950000, " time=100 ms" },
	{ 123456000, " time=123 ms" },
	{ 1500000000, " time=1500 ms" },
};

START_TEST(rtt_precision)
{
	char buf[64];

	ping_print_rtt(buf, sizeof(buf), rtts[_i].ns);
	ck_assert_str_eq(buf, rtts[_i].text);
}
END_TEST

START_TEST(reply_lines)
{
	struct ping_event ev = reply(1, 45000);
	struct ping_print_cfg d = plain, m = plain;
	struct unit_cap c;

	unit_cap_open(&c);
	ping_print_event(c.fp, &plain, &ev);
	ev.seq = 65535;
	ev.dup = true;
	ev.rtt_ns = 12345000;
	ping_print_event(c.fp, &plain, &ev);
	unit_cap_check(&c, "64 bytes from 127.0.0.1: icmp_seq=1 ttl=64 "
	    "time=0.045 ms\n64 bytes from 127.0.0.1: icmp_seq=65535 ttl=64 "
	    "time=12.3 ms (DUP!)\n");

	/* broadcast: DUP! only with -v */
	m.multicast = true;
	unit_cap_open(&c);
	ping_print_event(c.fp, &m, &ev);
	m.verbose = true;
	ping_print_event(c.fp, &m, &ev);
	unit_cap_check(&c, "64 bytes from 127.0.0.1: icmp_seq=65535 ttl=64 "
	    "time=12.3 ms\n64 bytes from 127.0.0.1: icmp_seq=65535 ident=0 "
	    "ttl=64 time=12.3 ms (DUP!)\n");

	d.print_time = true;
	ev = reply(0, 45000);
	ev.wall_ns = INT64_C(1700000000123456789);
	ev.from = "localhost (127.0.0.1)";
	ev.ttl = -1;
	unit_cap_open(&c);
	ping_print_event(c.fp, &d, &ev);
	unit_cap_check(&c, "[1700000000.123456] 64 bytes from localhost "
	    "(127.0.0.1): icmp_seq=0 time=0.045 ms\n");
}
END_TEST

START_TEST(reply_odd)
{
	static const uint8_t data[40] = { [20] = 0x55 };
	struct ping_event ev = reply(3, 45000);
	struct ping_print_cfg small = plain;
	struct unit_cap c;

	/* shorter than sent: truncated, no time */
	ev.bytes = 40;
	unit_cap_open(&c);
	ping_print_event(c.fp, &plain, &ev);
	unit_cap_check(&c, "40 bytes from 127.0.0.1: icmp_seq=3 ttl=64 "
	    "(truncated)\n");

	/* forged stamp: reported, no time */
	ev = reply(4, 0);
	ev.has_rtt = false;
	ev.forged = true;
	unit_cap_open(&c);
	ping_print_event(c.fp, &plain, &ev);
	unit_cap_check(&c, "64 bytes from 127.0.0.1: icmp_seq=4 ttl=64 "
	    "(FORGED TIMESTAMP!)\n");

	/* -s 8: no timing, no time field */
	small.datalen = 8;
	ev = reply(5, 0);
	ev.has_rtt = false;
	ev.bytes = 16;
	unit_cap_open(&c);
	ping_print_event(c.fp, &small, &ev);
	unit_cap_check(&c, "16 bytes from 127.0.0.1: icmp_seq=5 ttl=64\n");

	/* damaged fill: iputils' message and dump */
	small.datalen = 40;
	ev = reply(6, 45000);
	ev.bytes = 48;
	ev.bad_byte = 20;
	ev.bad_want = 0x14;
	ev.data = data;
	ev.datalen = sizeof(data);
	ev.dump_from = 16;
	unit_cap_open(&c);
	ping_print_event(c.fp, &small, &ev);
	unit_cap_check(&c, "48 bytes from 127.0.0.1: icmp_seq=6 ttl=64 "
	    "time=0.045 ms\nwrong data byte #20 should be 0x14 but was 0x55"
	    "\n#16\t0 0 0 0 55 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 \n");
}
END_TEST

START_TEST(errors_and_notes)
{
	struct ping_event ev;
	struct ping_print_cfg d = plain;
	struct unit_cap c;

	memset(&ev, 0, sizeof(ev));
	ev.kind = PING_EV_ERROR;
	ev.from = "198.18.5.2";
	ev.seq = 0;
	ev.text = "Destination Host Unreachable";
	unit_cap_open(&c);
	ping_print_event(c.fp, &plain, &ev);
	ev.seq = 7;
	ev.text = "Frag needed and DF set (mtu = 1280)";
	ping_print_event(c.fp, &plain, &ev);
	ev.kind = PING_EV_NOTE;
	ev.text = "Redirect Host(New nexthop: 198.18.0.9)";
	ping_print_event(c.fp, &plain, &ev);
	ev.kind = PING_EV_LOCAL;
	ev.text = "message too long, mtu=1500";
	ping_print_event(c.fp, &plain, &ev);
	unit_cap_check(&c, "From 198.18.5.2 icmp_seq=0 Destination Host "
	    "Unreachable\nFrom 198.18.5.2 icmp_seq=7 Frag needed and DF set "
	    "(mtu = 1280)\nFrom 198.18.5.2: icmp_seq=7 Redirect "
	    "Host(New nexthop: 198.18.0.9)\nping: local error: message too "
	    "long, mtu=1500\n");

	d.print_time = true;
	memset(&ev, 0, sizeof(ev));
	ev.kind = PING_EV_NOANSWER;
	ev.seq = 9;
	ev.wall_ns = 5 * NS_PER_SEC + 42 * NS_PER_US;
	unit_cap_open(&c);
	ping_print_event(c.fp, &d, &ev);
	ev.kind = PING_EV_SENT;
	ping_print_event(c.fp, &d, &ev);
	unit_cap_check(&c, "[5.000042] no answer yet for icmp_seq=9\n");
}
END_TEST

START_TEST(flood_and_quiet)
{
	struct ping_print_cfg f = plain, q = plain;
	struct ping_event ev = reply(1, 45000);
	struct ping_event sent, err;
	struct unit_cap c;

	memset(&sent, 0, sizeof(sent));
	memset(&err, 0, sizeof(err));
	sent.kind = PING_EV_SENT;
	err.kind = PING_EV_ERROR;
	err.from = "x";
	err.text = "y";
	f.flood = true;
	unit_cap_open(&c);
	ping_print_event(c.fp, &f, &sent);
	ping_print_event(c.fp, &f, &ev);
	ping_print_event(c.fp, &f, &sent);
	ping_print_event(c.fp, &f, &sent);
	ping_print_event(c.fp, &f, &err);
	unit_cap_check(&c, ".\b \b..\bE");

	q.quiet = true;
	unit_cap_open(&c);
	ping_print_event(c.fp, &q, &sent);
	ping_print_event(c.fp, &q, &ev);
	ping_print_event(c.fp, &q, &err);
	unit_cap_check(&c, "");

	q = plain;
	q.audible = true;
	unit_cap_open(&c);
	ping_print_event(c.fp, &q, &ev);
	unit_cap_check(&c, "64 bytes from 127.0.0.1: icmp_seq=1 ttl=64 "
	    "time=0.045 ms\a\n");
}
END_TEST

START_TEST(tstamp_mask_rr)
{
	struct ping_event ev = reply(1, 120000);
	struct ipopt_info rr;
	struct unit_cap c;

	ev.bytes = 20;
	ev.type = PING_TYPE_TSTAMP;
	ev.ts_orig = 46574696;
	ev.ts_recv = 46574697;
	ev.ts_xmit = 0x80000005u;
	unit_cap_open(&c);
	ping_print_event(c.fp, &plain, &ev);
	unit_cap_check(&c, "20 bytes from 127.0.0.1: icmp_seq=1 ttl=64 "
	    "time=0.120 ms\nicmp_otime = 46574696 (12:56:14.696 UT)\n"
	    "icmp_rtime = 46574697 (12:56:14.697 UT)\nicmp_ttime = 5 "
	    "(not standard)\n");

	ev.bytes = 12;
	ev.type = PING_TYPE_MASK;
	ev.mask = 0xffffff00u;
	unit_cap_open(&c);
	ping_print_event(c.fp, &plain, &ev);
	unit_cap_check(&c, "12 bytes from 127.0.0.1: icmp_seq=1 ttl=64 "
	    "time=0.120 ms\nicmp_mask = 255.255.255.0\n");

	memset(&rr, 0, sizeof(rr));
	rr.has_rr = true;
	rr.rr_n = 2;
	rr.rr_slots = 9;
	ck_assert(addr_pton(AF_INET, "198.18.0.1", &rr.rr[0]));
	ck_assert(addr_pton(AF_INET, "198.18.1.2", &rr.rr[1]));
	ev = reply(2, 45000);
	ev.opts = &rr;
	unit_cap_open(&c);
	ping_print_event(c.fp, &plain, &ev);
	ev.same_route = true;
	ping_print_event(c.fp, &plain, &ev);
	unit_cap_check(&c, "64 bytes from 127.0.0.1: icmp_seq=2 ttl=64 "
	    "time=0.045 ms\nRR: \t198.18.0.1\n\t198.18.1.2\n\n"
	    "64 bytes from 127.0.0.1: icmp_seq=2 ttl=64 time=0.045 ms"
	    "\t(same route)\n");
}
END_TEST

START_TEST(summary)
{
	struct stats_rtt st;
	struct ping_summary s;
	struct unit_cap c;

	stats_rtt_init(&st);
	stats_rtt_add(&st, 29000);
	stats_rtt_add(&st, 42000);
	stats_rtt_add(&st, 41000);
	memset(&s, 0, sizeof(s));
	s.host = "127.0.0.1";
	s.sent = 3;
	s.received = 3;
	s.elapsed_ns = 406 * NS_PER_MS + 100;
	s.rtt = &st;
	unit_cap_open(&c);
	ping_print_summary(c.fp, &s);
	unit_cap_check(&c, "\n--- 127.0.0.1 ping statistics ---\n3 packets "
	    "transmitted, 3 received, 0% packet loss, time 406ms\n"
	    "rtt min/avg/max/mdev = 0.029/0.037/0.042/0.005 ms\n");

	/* loss as iputils 20221126 (%g), duplicates, errors, no replies */
	s.received = 2;
	s.dups = 1;
	s.errors = 4;
	unit_cap_open(&c);
	ping_print_summary(c.fp, &s);
	unit_cap_check(&c, "\n--- 127.0.0.1 ping statistics ---\n3 packets "
	    "transmitted, 2 received, +1 duplicates, +4 errors, 33.3333% "
	    "packet loss, time 406ms\n"
	    "rtt min/avg/max/mdev = 0.029/0.037/0.042/0.005 ms\n");

	s.received = 0;
	s.dups = 0;
	s.errors = 1;
	s.sent = 1;
	s.elapsed_ns = 0;
	unit_cap_open(&c);
	ping_print_summary(c.fp, &s);
	unit_cap_check(&c, "\n--- 127.0.0.1 ping statistics ---\n1 packets "
	    "transmitted, 0 received, +1 errors, 100% packet loss, time 0ms"
	    "\n\n");

	s.sent = 0;
	s.errors = 0;
	unit_cap_open(&c);
	ping_print_summary(c.fp, &s);
	unit_cap_check(&c, "\n--- 127.0.0.1 ping statistics ---\n0 packets "
	    "transmitted, 0 received\n\n");
}
END_TEST

START_TEST(summary_flood_status)
{
	struct stats_rtt st;
	struct ping_summary s;
	struct unit_cap c;

	stats_rtt_init(&st);
	stats_rtt_add(&st, 10000);
	stats_rtt_add(&st, 30000);
	memset(&s, 0, sizeof(s));
	s.host = "h";
	s.sent = 1001;
	s.received = 1000;
	s.elapsed_ns = 2 * NS_PER_SEC;
	s.rtt = &st;
	s.pipe = 2;
	s.ipg = true;
	s.ewma_ns = 21500;
	unit_cap_open(&c);
	ping_print_summary(c.fp, &s);
	unit_cap_check(&c, "\n--- h ping statistics ---\n1001 packets "
	    "transmitted, 1000 received, 0.0999001% packet loss, time 2000ms"
	    "\nrtt min/avg/max/mdev = 0.010/0.020/0.030/0.010 ms, pipe 2, "
	    "ipg/ewma 2.000/0.021 ms\n");

	s.sent = 4;
	s.received = 3;
	unit_cap_open(&c);
	ping_print_status(c.fp, &s);
	unit_cap_check(&c, "\r3/4 packets, 25% loss, min/avg/ewma/max = "
	    "0.010/0.020/0.021/0.030 ms\n");
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("ping_print");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, header_v4);
	tcase_add_test(tc, header_v6_pattern);
	tcase_add_loop_test(tc, rtt_precision, 0,
	    sizeof(rtts) / sizeof(rtts[0]));
	tcase_add_test(tc, reply_lines);
	tcase_add_test(tc, reply_odd);
	tcase_add_test(tc, errors_and_notes);
	tcase_add_test(tc, flood_and_quiet);
	tcase_add_test(tc, tstamp_mask_rr);
	tcase_add_test(tc, summary);
	tcase_add_test(tc, summary_flood_status);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return unit_run(suite(), CK_FORK_GETENV);
}
