/*
 * check_ping_json.c: ping's -j output (ping_json.c) from events and
 * summaries to exact lines, through ping_print_event as ping_run calls
 * it: replies (dup, -v, -D, truncated, forged, times exact to the
 * microsecond), ICMP errors and notes with type and code, local errors,
 * -O, -q and -f, escaping of hostile names and hosts, the summary with
 * and without replies (rtt null, loss), the version and error objects.
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
#include "ping_json.h"
#include "ping_print.h"
#include "stats.h"
#include "unit.h"

static struct addr a1, a6;

static void
addrs(void)
{
	ck_assert(addr_pton(AF_INET, "198.18.3.2", &a1));
	ck_assert(addr_pton(AF_INET6, "2001:2:0:3::2", &a6));
}

static const struct ping_print_cfg jcfg = { .json = true, .datalen = 56 };

static struct ping_event
reply(uint16_t seq, int64_t rtt_ns)
{
	struct ping_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.kind = PING_EV_REPLY;
	ev.from = "not this";
	ev.src = &a1;
	ev.seq = seq;
	ev.ident = 4660;
	ev.bytes = 64;
	ev.ttl = 61;
	ev.has_rtt = true;
	ev.rtt_ns = rtt_ns;
	ev.bad_byte = -1;
	return ev;
}

static void
event_is(const struct ping_print_cfg *c, const struct ping_event *ev,
    const char *want)
{
	struct unit_cap k;

	unit_cap_open(&k);
	ping_print_event(k.fp, c, ev);
	unit_cap_check(&k, want);
}

START_TEST(replies)
{
	struct ping_print_cfg c = jcfg;
	struct ping_event ev;

	addrs();
	ev = reply(1, 45678);
	event_is(&c, &ev, "{\"bytes\":64,\"host\":\"198.18.3.2\",\"seq\":1,"
	    "\"ttl\":61,\"time\":0.045,\"dup\":false}\n");
	/* us truncated as iputils, every digit kept: 123.456 not 123 */
	ev = reply(65535, 123456789);
	ev.dup = true;
	ev.src = &a6;
	ev.name = "d.lab";
	ev.ttl = -1;
	event_is(&c, &ev, "{\"bytes\":64,\"host\":\"2001:2:0:3::2\","
	    "\"name\":\"d.lab\",\"seq\":65535,\"time\":123.456,"
	    "\"dup\":true}\n");
	/* -v, -D, a forged stamp (no time), -s 8 (no time) */
	c.verbose = c.print_time = true;
	ev = reply(7, 0);
	ev.has_rtt = false;
	ev.forged = true;
	ev.wall_ns = INT64_C(1700000000123456789);
	event_is(&c, &ev, "{\"bytes\":64,\"host\":\"198.18.3.2\",\"seq\":7,"
	    "\"ident\":4660,\"ttl\":61,\"dup\":false,\"forged\":true,"
	    "\"timestamp\":1700000000.123456}\n");
	/* shorter than sent: truncated, no time (as the text line) */
	c = jcfg;
	ev = reply(2, 1000000);
	ev.bytes = 40;
	event_is(&c, &ev, "{\"bytes\":40,\"host\":\"198.18.3.2\",\"seq\":2,"
	    "\"ttl\":61,\"dup\":false,\"truncated\":true}\n");
	/* a negative trip (a clock step) is 0, never "-0.001" */
	ev = reply(3, -5000);
	event_is(&c, &ev, "{\"bytes\":64,\"host\":\"198.18.3.2\",\"seq\":3,"
	    "\"ttl\":61,\"time\":0.000,\"dup\":false}\n");
}
END_TEST

/* A reverse name is outside text: quotes, backslashes, ESC, BEL, DEL, a
 * C1 control, invalid UTF-8 and valid UTF-8 all come out as ASCII. */
START_TEST(hostile_name)
{
	struct ping_event ev;

	addrs();
	ev = reply(1, 1000);
	ev.name = "r\"q\\b\033[2J\007\177\302\233\377x\303\251";
	event_is(&jcfg, &ev, "{\"bytes\":64,\"host\":\"198.18.3.2\","
	    "\"name\":\"r\\\"q\\\\b\\u001b[2J\\u0007\\u007f\\u009b\\ufffdx"
	    "\\u00e9\",\"seq\":1,\"ttl\":61,\"time\":0.001,\"dup\":false}\n");
}
END_TEST

START_TEST(errors_notes)
{
	struct ping_print_cfg c = jcfg;
	struct ping_event ev;

	addrs();
	memset(&ev, 0, sizeof(ev));
	ev.kind = PING_EV_ERROR;
	ev.src = &a1;
	ev.seq = 4;
	ev.text = "Time to live exceeded";
	ev.icmp_type = 11;
	event_is(&c, &ev, "{\"seq\":4,\"host\":\"198.18.3.2\",\"error\":"
	    "\"Time to live exceeded\",\"type\":11,\"code\":0}\n");
	ev.src = &a6;
	ev.name = "r\"1";
	ev.text = "Destination unreachable: No route";
	ev.icmp_type = 1;
	ev.icmp_code = 0;
	event_is(&c, &ev, "{\"seq\":4,\"host\":\"2001:2:0:3::2\",\"name\":"
	    "\"r\\\"1\",\"error\":\"Destination unreachable: No route\","
	    "\"type\":1,\"code\":0}\n");
	ev.kind = PING_EV_NOTE;
	ev.src = &a1;
	ev.name = NULL;
	ev.text = "Redirect Host(New nexthop: 198.18.0.9)";
	ev.icmp_type = 5;
	ev.icmp_code = 1;
	event_is(&c, &ev, "{\"seq\":4,\"host\":\"198.18.3.2\",\"note\":"
	    "\"Redirect Host(New nexthop: 198.18.0.9)\",\"type\":5,"
	    "\"code\":1}\n");
	memset(&ev, 0, sizeof(ev));
	ev.kind = PING_EV_LOCAL;
	ev.text = "message too long, mtu=1280";
	event_is(&c, &ev, "{\"local_error\":\"message too long, "
	    "mtu=1280\"}\n");
	memset(&ev, 0, sizeof(ev));
	ev.kind = PING_EV_NOANSWER;
	ev.seq = 9;
	c.print_time = true;
	ev.wall_ns = 1500000000;
	event_is(&c, &ev, "{\"seq\":9,\"no_answer\":true,"
	    "\"timestamp\":1.500000}\n");
}
END_TEST

/* -q: nothing per event; -f: a line per reply, never a dot; a sent
 * request: nothing. */
START_TEST(quiet_flood_sent)
{
	struct ping_print_cfg c = jcfg;
	struct ping_event ev;

	addrs();
	ev = reply(1, 2000);
	c.quiet = true;
	event_is(&c, &ev, "");
	c.quiet = false;
	c.flood = true;
	event_is(&c, &ev, "{\"bytes\":64,\"host\":\"198.18.3.2\",\"seq\":1,"
	    "\"ttl\":61,\"time\":0.002,\"dup\":false}\n");
	memset(&ev, 0, sizeof(ev));
	ev.kind = PING_EV_SENT;
	event_is(&c, &ev, "");
}
END_TEST

static void
summary_is(const struct ping_summary *s, const char *want)
{
	struct unit_cap k;

	unit_cap_open(&k);
	ping_json_summary(k.fp, s);
	unit_cap_check(&k, want);
}

START_TEST(summaries)
{
	struct stats_rtt rtt;
	struct ping_summary s;

	addrs();
	stats_rtt_init(&rtt);
	stats_rtt_add(&rtt, 1000000);
	stats_rtt_add(&rtt, 3000000);
	memset(&s, 0, sizeof(s));
	s.host = "escaped for terminals";
	s.raw_host = "d.lab";
	s.dst = &a1;
	s.sent = 3;
	s.received = 2;
	s.dups = 1;
	s.errors = 1;
	s.elapsed_ns = 2000400000;
	s.rtt = &rtt;
	summary_is(&s, "{\"host\":\"d.lab\",\"address\":\"198.18.3.2\","
	    "\"transmitted\":3,\"received\":2,\"duplicates\":1,"
	    "\"corrupted\":0,\"errors\":1,\"loss\":33.333,\"time\":2000,"
	    "\"rtt\":{\"min\":1.000,\"avg\":2.000,\"max\":3.000,"
	    "\"mdev\":1.000}}\n");
	/* 2 of 3 lost: 66.667, rounded; flood: pipe, ipg, ewma */
	s.received = 1;
	s.pipe = 3;
	s.ipg = true;
	s.ewma_ns = 1250999;
	summary_is(&s, "{\"host\":\"d.lab\",\"address\":\"198.18.3.2\","
	    "\"transmitted\":3,\"received\":1,\"duplicates\":1,"
	    "\"corrupted\":0,\"errors\":1,\"loss\":66.667,\"time\":2000,"
	    "\"rtt\":{\"min\":1.000,\"avg\":2.000,\"max\":3.000,"
	    "\"mdev\":1.000},\"pipe\":3,\"ipg\":1000.200,\"ewma\":1.250}\n");
}
END_TEST

/* No reply: rtt null (not absent, not zeros), loss 100; nothing sent:
 * loss 0, never a division by zero; no timing (-s 8): rtt null too. */
START_TEST(summary_no_reply)
{
	struct stats_rtt rtt;
	struct ping_summary s;

	addrs();
	stats_rtt_init(&rtt);
	memset(&s, 0, sizeof(s));
	s.raw_host = "198.18.3.2";
	s.dst = &a1;
	s.sent = 5;
	s.elapsed_ns = 4000000000;
	s.rtt = &rtt;
	s.ipg = true;
	summary_is(&s, "{\"host\":\"198.18.3.2\",\"address\":\"198.18.3.2\","
	    "\"transmitted\":5,\"received\":0,\"duplicates\":0,"
	    "\"corrupted\":0,\"errors\":0,\"loss\":100.000,\"time\":4000,"
	    "\"rtt\":null}\n");
	s.sent = 0;
	s.elapsed_ns = 0;
	summary_is(&s, "{\"host\":\"198.18.3.2\",\"address\":\"198.18.3.2\","
	    "\"transmitted\":0,\"received\":0,\"duplicates\":0,"
	    "\"corrupted\":0,\"errors\":0,\"loss\":0.000,\"time\":0,"
	    "\"rtt\":null}\n");
	s.sent = s.received = 2;
	s.rtt = NULL;
	s.ipg = false;
	s.dst = &a6;
	s.raw_host = "d\033]0;t\007\376.lab";
	summary_is(&s, "{\"host\":\"d\\u001b]0;t\\u0007\\ufffd.lab\","
	    "\"address\":\"2001:2:0:3::2\",\"transmitted\":2,\"received\":2,"
	    "\"duplicates\":0,\"corrupted\":0,\"errors\":0,\"loss\":0.000,"
	    "\"time\":0,\"rtt\":null}\n");
}
END_TEST

START_TEST(version_error)
{
	struct unit_cap k;

	unit_cap_open(&k);
	ping_json_version(k.fp);
	unit_cap_check(&k, "{\"version\":\"" PACKAGE_VERSION "\",\"package\":\""
	    PACKAGE_NAME "\"}\n");
	unit_cap_open(&k);
	ping_json_error(k.fp, "nosuch\"host\n\377: Name or service not known",
	    2);
	unit_cap_check(&k, "{\"error\":\"nosuch\\\"host\\n\\ufffd: Name or service "
	    "not known\",\"exit_status\":2}\n");
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("ping_json");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, replies);
	tcase_add_test(tc, hostile_name);
	tcase_add_test(tc, errors_notes);
	tcase_add_test(tc, quiet_flood_sent);
	tcase_add_test(tc, summaries);
	tcase_add_test(tc, summary_no_reply);
	tcase_add_test(tc, version_error);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return unit_run(suite(), CK_FORK_GETENV);
}
