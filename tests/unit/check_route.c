/*
 * check_route.c: the next hops of a destination's route (route.c): the
 * netlink answer parser on answers built here (one gateway, multipath,
 * next-hop objects, errors, truncation at every length), the policy rule
 * dump's (steady rules, every selector that varies per probe, cuts), and
 * the kernel asked for loopback's route and for its rules.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <arpa/inet.h>
#include <check.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <string.h>

#include "route.h"
#include "unit.h"

#define NH_ID	30	/* RTA_NH_ID */

struct msg {
	uint8_t	 b[512];
	size_t	 len;
};

static void
put(struct msg *m, const void *p, size_t n)
{
	ck_assert_uint_le(m->len + n, sizeof(m->b));
	if (n > 0)
		memcpy(m->b + m->len, p, n);
	m->len += n;
}

static void
pad(struct msg *m)
{
	static const uint8_t z[4];

	put(m, z, (4 - m->len % 4) % 4);
}

static void
attr(struct msg *m, uint16_t type, const void *data, uint16_t len)
{
	uint16_t alen = (uint16_t)(4 + len);

	put(m, &alen, 2);
	put(m, &type, 2);
	put(m, data, len);
	pad(m);
}

/* An RTM_NEWROUTE (or `type`) message of route type rt with attributes
 * added by the caller; finish() writes the length. */
static void
start(struct msg *m, uint16_t type, uint8_t rt)
{
	struct nlmsghdr nh;
	struct rtmsg r;

	memset(m, 0, sizeof(*m));
	memset(&nh, 0, sizeof(nh));
	memset(&r, 0, sizeof(r));
	nh.nlmsg_type = type;
	r.rtm_family = AF_INET;
	r.rtm_type = rt;
	put(m, &nh, sizeof(nh));
	put(m, &r, sizeof(r));
}

static void
finish(struct msg *m)
{
	uint32_t len = (uint32_t)m->len;

	memcpy(m->b, &len, 4);
}

/* An RTA_MULTIPATH of n next hops (each with a gateway attribute). */
static void
multipath(struct msg *m, int n)
{
	uint8_t data[256];
	size_t at = 0;

	for (int i = 0; i < n; i++) {
		struct rtnexthop nh;
		uint16_t alen = 8, type = RTA_GATEWAY;
		uint32_t gw = htonl(0xc6120002u + (uint32_t)i);

		memset(&nh, 0, sizeof(nh));
		nh.rtnh_len = sizeof(nh) + 8;
		nh.rtnh_ifindex = 2;
		memcpy(data + at, &nh, sizeof(nh));
		memcpy(data + at + sizeof(nh), &alen, 2);
		memcpy(data + at + sizeof(nh) + 2, &type, 2);
		memcpy(data + at + sizeof(nh) + 4, &gw, 4);
		at += sizeof(nh) + 8;
	}
	attr(m, RTA_MULTIPATH, data, (uint16_t)at);
}

START_TEST(one_gateway)
{
	struct msg m;
	uint32_t gw = htonl(0xc6120002u), oif = 2;

	start(&m, RTM_NEWROUTE, RTN_UNICAST);
	attr(&m, RTA_GATEWAY, &gw, 4);
	attr(&m, RTA_OIF, &oif, 4);
	finish(&m);
	ck_assert_int_eq(route_parse_nexthops(m.b, m.len), 1);
	/* on the link, or local: no gateway at all, still one */
	start(&m, RTM_NEWROUTE, RTN_LOCAL);
	attr(&m, RTA_OIF, &oif, 4);
	finish(&m);
	ck_assert_int_eq(route_parse_nexthops(m.b, m.len), 1);
}
END_TEST

START_TEST(multipath_counted)
{
	struct msg m;

	for (int n = 1; n <= 8; n++) {
		start(&m, RTM_NEWROUTE, RTN_UNICAST);
		multipath(&m, n);
		finish(&m);
		ck_assert_int_eq(route_parse_nexthops(m.b, m.len), n);
	}
}
END_TEST

/* what it cannot tell is -1, never 1 */
START_TEST(unknowns)
{
	struct msg m;
	uint32_t id = 7;
	struct nlmsgerr e;

	start(&m, RTM_NEWROUTE, RTN_UNICAST);
	attr(&m, NH_ID, &id, 4);
	finish(&m);
	ck_assert_int_eq(route_parse_nexthops(m.b, m.len), -1);
	start(&m, RTM_NEWROUTE, RTN_BLACKHOLE);
	finish(&m);
	ck_assert_int_eq(route_parse_nexthops(m.b, m.len), -1);
	start(&m, RTM_NEWROUTE, RTN_UNREACHABLE);
	finish(&m);
	ck_assert_int_eq(route_parse_nexthops(m.b, m.len), -1);
	/* an empty RTA_MULTIPATH */
	start(&m, RTM_NEWROUTE, RTN_UNICAST);
	attr(&m, RTA_MULTIPATH, NULL, 0);
	finish(&m);
	ck_assert_int_eq(route_parse_nexthops(m.b, m.len), -1);
	/* the kernel's error (no route: ENETUNREACH) */
	memset(&m, 0, sizeof(m));
	{
		struct nlmsghdr nh;

		memset(&nh, 0, sizeof(nh));
		nh.nlmsg_type = NLMSG_ERROR;
		put(&m, &nh, sizeof(nh));
	}
	memset(&e, 0, sizeof(e));
	e.error = -101;
	put(&m, &e, sizeof(e));
	finish(&m);
	ck_assert_int_eq(route_parse_nexthops(m.b, m.len), -1);
	ck_assert_int_eq(route_parse_nexthops(NULL, 0), -1);
}
END_TEST

/* every cut of a valid answer: never more than it holds, never a read
 * past the end (ASan builds catch one) */
START_TEST(truncated)
{
	struct msg m;

	start(&m, RTM_NEWROUTE, RTN_UNICAST);
	multipath(&m, 3);
	finish(&m);
	for (size_t n = 0; n < m.len; n++) {
		uint8_t cut[512];

		memcpy(cut, m.b, n);
		ck_assert_int_eq(route_parse_nexthops(cut, n), -1);
	}
	/* a next hop whose length runs past its attribute */
	m.b[16 + 12 + 4] = 200;
	ck_assert_int_eq(route_parse_nexthops(m.b, m.len), -1);
}
END_TEST

/* A rule message (tos, then attributes of the given types, 4 bytes of
 * data each) into m, after what m holds. */
static void
rule(struct msg *m, uint8_t tos, const uint16_t *types, size_t n)
{
	struct nlmsghdr nh;
	uint8_t hdr[12] = { AF_INET, 0, 0, tos, 254, 0, 0, 1 };
	size_t at = m->len;
	uint32_t v = 100, len;

	memset(&nh, 0, sizeof(nh));
	nh.nlmsg_type = RTM_NEWRULE;
	put(m, &nh, sizeof(nh));
	put(m, hdr, sizeof(hdr));
	for (size_t i = 0; i < n; i++)
		attr(m, types[i], &v, 4);
	len = (uint32_t)(m->len - at);
	memcpy(m->b + at, &len, 4);
}

static void
done(struct msg *m)
{
	struct nlmsghdr nh;
	uint32_t z = 0;
	size_t at = m->len;
	uint32_t len;

	memset(&nh, 0, sizeof(nh));
	nh.nlmsg_type = NLMSG_DONE;
	put(m, &nh, sizeof(nh));
	put(m, &z, 4);
	len = (uint32_t)(m->len - at);
	memcpy(m->b + at, &len, 4);
}

/* FRA_ numbers (linux/fib_rules.h) */
enum { PRIO = 6, FWMARK = 10, TABLE = 15, FWMASK = 16, PROTOCOL = 21,
    IPPROTO = 22, SPORT = 23, DPORT = 24, DSCP = 25, LABEL = 26 };

START_TEST(rules_steady)
{
	/* the defaults (local, main, default) and address or uid rules */
	static const uint16_t plain[] = { PRIO, TABLE, PROTOCOL, 1, 2, 20 };
	struct msg m;

	memset(&m, 0, sizeof(m));
	rule(&m, 0, plain, 3);
	rule(&m, 0, plain, 6);
	ck_assert_int_eq(route_parse_rules(m.b, m.len), ROUTE_RULES_MORE);
	done(&m);
	ck_assert_int_eq(route_parse_rules(m.b, m.len), ROUTE_RULES_STEADY);
	/* the dump's end in a read of its own */
	memset(&m, 0, sizeof(m));
	done(&m);
	ck_assert_int_eq(route_parse_rules(m.b, m.len), ROUTE_RULES_STEADY);
}
END_TEST

START_TEST(rules_varying)
{
	static const uint16_t sel[] = { FWMARK, FWMASK, IPPROTO, SPORT, DPORT,
	    DSCP, LABEL, 40 };
	struct msg m;

	for (size_t i = 0; i < sizeof(sel) / sizeof(sel[0]); i++) {
		uint16_t t[] = { PRIO, sel[i], TABLE };

		memset(&m, 0, sizeof(m));
		rule(&m, 0, t, 3);
		done(&m);
		ck_assert_int_eq(route_parse_rules(m.b, m.len),
		    ROUTE_RULES_VARY);
	}
	/* a TOS selector */
	memset(&m, 0, sizeof(m));
	rule(&m, 0x10, (const uint16_t[]){ TABLE }, 1);
	done(&m);
	ck_assert_int_eq(route_parse_rules(m.b, m.len), ROUTE_RULES_VARY);
}
END_TEST

START_TEST(rules_bad)
{
	static const uint16_t plain[] = { PRIO, TABLE };
	struct msg m;

	ck_assert_int_eq(route_parse_rules(NULL, 0), ROUTE_RULES_BAD);
	memset(&m, 0, sizeof(m));
	rule(&m, 0, plain, 2);
	done(&m);
	/* every cut: a verdict only from what is whole (cut after the rule
	 * message: read on) */
	for (size_t n = 1; n < m.len; n++) {
		enum route_rules v = route_parse_rules(m.b, n);

		ck_assert_int_eq(v, n == m.len - 20 ? ROUTE_RULES_MORE :
		    ROUTE_RULES_BAD);
	}
	/* an attribute longer than its message */
	m.b[16 + 12] = 250;
	ck_assert_int_eq(route_parse_rules(m.b, m.len), ROUTE_RULES_BAD);
}
END_TEST

/* the kernel itself: loopback is one route (local), no privileges */
START_TEST(kernel_loopback)
{
	struct addr a;
	const uint8_t lo4[4] = { 127, 0, 0, 1 };
	uint8_t lo6[16] = { 0 };

	lo6[15] = 1;
	ck_assert(addr_set(&a, AF_INET, lo4, 4));
	ck_assert_int_eq(route_nexthops(&a, 0, 0), 1);
	ck_assert(addr_set(&a, AF_INET6, lo6, 16));
	ck_assert_int_eq(route_nexthops(&a, 0, 0), 1);
	/* a verdict on the rules, whatever this machine has */
	ck_assert(route_rules_steady(AF_INET) >= 0);
	ck_assert(route_rules_steady(AF_INET6) >= 0);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("route");
	TCase *tc = tcase_create("route");

	tcase_add_test(tc, one_gateway);
	tcase_add_test(tc, multipath_counted);
	tcase_add_test(tc, unknowns);
	tcase_add_test(tc, truncated);
	tcase_add_test(tc, rules_steady);
	tcase_add_test(tc, rules_varying);
	tcase_add_test(tc, rules_bad);
	tcase_add_test(tc, kernel_loopback);
	suite_add_tcase(s, tc);
	return unit_run(s, CK_FORK_GETENV);
}
