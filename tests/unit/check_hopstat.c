/*
 * check_hopstat.c: the per-hop accumulator (hopstat.h) both icmpt_trace()
 * and traceroute --report use: a known series (counts, last, best, worst,
 * mean, standard deviation, loss), pending probes left out, per-address
 * counts and the main address (most answers, first on a tie), the
 * address table's limit, annotations, the destination, -e bytes, and the
 * flag for loss that is not loss of forwarded traffic. Both families.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <check.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "hopstat.h"
#include "unit.h"

#define MS	INT64_C(1000000)

static const char *const v4[] = { "198.18.1.2", "198.18.9.2", "198.18.7.2" };
static const char *const v6[] = { "2001:2:0:1::2", "2001:2:0:9::2",
    "2001:2:0:7::2" };

static struct trace_res
ans(int af, int which, int64_t rtt_ns)
{
	struct trace_res r;

	memset(&r, 0, sizeof(r));
	r.answered = true;
	ck_assert(addr_pton(af, af == AF_INET ? v4[which] : v6[which],
	    &r.from));
	r.rtt_ns = rtt_ns;
	r.kind = ICMP_KIND_TIME_EXCEEDED;
	r.type = af == AF_INET ? 11 : 3;
	return r;
}

static struct trace_res
star(void)
{
	struct trace_res r;

	memset(&r, 0, sizeof(r));
	return r;
}

START_TEST(known_series)
{
	int af = _i == 0 ? AF_INET : AF_INET6;
	struct trace_res r[] = { ans(af, 0, 1 * MS), star(), ans(af, 0, 3 * MS),
	    ans(af, 0, 2 * MS) };
	struct hopstat h;

	hopstat_init(&h, 4);
	for (size_t i = 0; i < 4; i++)
		hopstat_add(&h, &r[i], NULL, false);
	ck_assert_uint_eq(h.ttl, 4);
	ck_assert_uint_eq(h.sent, 4);
	ck_assert_uint_eq(h.received, 3);
	ck_assert_int_eq(h.last_ns, 2 * MS);
	ck_assert_int_eq(h.rtt.min, 1 * MS);
	ck_assert_int_eq(h.rtt.max, 3 * MS);
	ck_assert_int_eq(stats_rtt_avg(&h.rtt), 2 * MS);
	/* population deviation of 1, 3, 2 ms: sqrt(2/3) ms */
	ck_assert_int_eq(stats_rtt_mdev(&h.rtt), 816497);
	ck_assert_uint_eq(hopstat_loss_permille(&h), 250);
	ck_assert_uint_eq(h.naddr, 1);
	ck_assert_uint_eq(h.addr[0].received, 3);
	ck_assert_uint_eq(h.errors, 0);
	ck_assert_str_eq(h.note, "");
	ck_assert(!h.reached);
}
END_TEST

START_TEST(pending_left_out)
{
	int af = _i == 0 ? AF_INET : AF_INET6;
	struct trace_res p = ans(af, 0, 5 * MS), q = star();
	struct hopstat h;

	p.pending = true;
	q.pending = true;
	hopstat_init(&h, 1);
	hopstat_add(&h, &p, NULL, false);
	hopstat_add(&h, &q, NULL, false);
	ck_assert_uint_eq(h.sent, 0);
	ck_assert_uint_eq(h.received, 0);
	ck_assert_uint_eq(h.naddr, 0);
	ck_assert_uint_eq(hopstat_loss_permille(&h), 0);
	ck_assert_uint_eq(hopstat_main_addr(&h), 0);
}
END_TEST

START_TEST(per_address)
{
	int af = _i == 0 ? AF_INET : AF_INET6;
	struct trace_res r[] = { ans(af, 0, 1 * MS), ans(af, 1, 7 * MS),
	    ans(af, 1, 9 * MS), ans(af, 0, 2 * MS), ans(af, 1, 8 * MS),
	    star() };
	struct hopstat h;

	hopstat_init(&h, 3);
	for (size_t i = 0; i < 6; i++)
		hopstat_add(&h, &r[i], NULL, false);
	ck_assert_uint_eq(h.naddr, 2);
	ck_assert_uint_eq(h.addr[0].received, 2);
	ck_assert_uint_eq(h.addr[1].received, 3);
	ck_assert_int_eq(h.addr[0].last_ns, 2 * MS);
	ck_assert_int_eq(h.addr[1].last_ns, 8 * MS);
	ck_assert_int_eq(h.addr[1].rtt.min, 7 * MS);
	ck_assert_int_eq(h.addr[1].rtt.max, 9 * MS);
	ck_assert_uint_eq(hopstat_main_addr(&h), 1);
	ck_assert_uint_eq(h.received, 5);
	ck_assert_uint_eq(h.sent, 6);
	/* a tie: the first seen */
	hopstat_init(&h, 3);
	hopstat_add(&h, &r[1], NULL, false);
	hopstat_add(&h, &r[0], NULL, false);
	ck_assert_uint_eq(hopstat_main_addr(&h), 0);
	ck_assert(addr_eq(&h.addr[0].a, &r[1].from));
}
END_TEST

START_TEST(address_limit)
{
	struct hopstat h;
	struct trace_res r = ans(AF_INET, 0, MS);

	hopstat_init(&h, 2);
	for (unsigned i = 0; i < HOPSTAT_MAX_ADDRS + 5; i++) {
		char a[32];

		snprintf(a, sizeof(a), "198.18.%u.2", i);
		ck_assert(addr_pton(AF_INET, a, &r.from));
		hopstat_add(&h, &r, NULL, false);
	}
	ck_assert_uint_eq(h.naddr, HOPSTAT_MAX_ADDRS);
	ck_assert_uint_eq(h.other, 5);
	ck_assert_uint_eq(h.received, HOPSTAT_MAX_ADDRS + 5);
}
END_TEST

START_TEST(notes_and_reached)
{
	int af = _i == 0 ? AF_INET : AF_INET6;
	struct trace_res te = ans(af, 0, MS), un = ans(af, 2, 2 * MS),
	    port = ans(af, 2, 3 * MS);
	uint8_t ext[8] = { 0x20, 0, 0, 0, 0, 8, 1, 1 };
	struct hopstat h;
	struct addr dst;

	ck_assert(addr_pton(af, af == AF_INET ? v4[2] : v6[2], &dst));
	/* host unreachable: !H; the destination's port unreachable: none */
	un.kind = ICMP_KIND_UNREACH;
	un.type = af == AF_INET ? 3 : 1;
	un.code = af == AF_INET ? 1 : 3;
	port.kind = ICMP_KIND_UNREACH;
	port.type = af == AF_INET ? 3 : 1;
	port.code = af == AF_INET ? 3 : 4;
	port.ext = ext;
	port.extlen = sizeof(ext);
	hopstat_init(&h, 5);
	hopstat_add(&h, &te, &dst, true);
	hopstat_add(&h, &port, &dst, true);
	hopstat_add(&h, &un, &dst, true);
	ck_assert_str_eq(h.note, "!H");
	ck_assert_uint_eq(h.errors, 1);
	ck_assert(h.reached);
	ck_assert_str_eq(h.addr[0].note, "");
	ck_assert_str_eq(h.addr[1].note, "!H");
	ck_assert(h.addr[1].has_ext);
	ck_assert_uint_eq(h.addr[1].extlen, sizeof(ext));
	ck_assert(!h.addr[0].has_ext);
	/* without keep_ext nothing is copied */
	hopstat_init(&h, 5);
	hopstat_add(&h, &port, &dst, false);
	ck_assert(!h.addr[0].has_ext);
}
END_TEST

/* loss pattern (lost of 10 per hop, -1: nothing sent) -> flags */
static const struct {
	int	 lost[5];
	bool	 flag[5];
} flag_table[] = {
	{ { 0, 4, 0, 0, -2 }, { false, true, false, false, false } },
	{ { 0, 3, 3, 3, -2 }, { false, false, false, false, false } },
	{ { 0, 10, 0, -2 }, { false, true, false, false } },
	{ { 0, 5, 6, -2 }, { false, false, false, false } },
	{ { 2, 5, 2, -2 }, { false, true, false, false } },
	{ { 5, 2, 3, 3, -2 }, { true, false, false, false, false } },
	{ { 0, 4, -1, -2 }, { false, false, false, false } },
	{ { 0, 0, 0, -2 }, { false, false, false, false } },
};

START_TEST(local_loss_flags)
{
	for (size_t t = 0; t < sizeof(flag_table) / sizeof(flag_table[0]);
	    t++) {
		struct hopstat h[5];
		bool flags[5];
		size_t n = 0;

		while (n < 5 && flag_table[t].lost[n] != -2) {
			hopstat_init(&h[n], (unsigned)n + 1);
			if (flag_table[t].lost[n] >= 0) {
				h[n].sent = 10;
				h[n].received = 10 -
				    (unsigned)flag_table[t].lost[n];
			}
			n++;
		}
		hopstat_local_loss(h, n, flags);
		for (size_t i = 0; i < n; i++)
			ck_assert_msg(flags[i] == flag_table[t].flag[i],
			    "row %zu hop %zu", t, i + 1);
	}
}
END_TEST

START_TEST(loss_rounding)
{
	struct hopstat h;

	hopstat_init(&h, 1);
	h.sent = 3;
	h.received = 2;
	ck_assert_uint_eq(hopstat_loss_permille(&h), 333);
	h.received = 1;
	ck_assert_uint_eq(hopstat_loss_permille(&h), 667);
	h.received = 0;
	ck_assert_uint_eq(hopstat_loss_permille(&h), 1000);
	h.sent = 7;
	h.received = 7;
	ck_assert_uint_eq(hopstat_loss_permille(&h), 0);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("hopstat");
	TCase *tc = tcase_create("hopstat");

	tcase_add_loop_test(tc, known_series, 0, 2);
	tcase_add_loop_test(tc, pending_left_out, 0, 2);
	tcase_add_loop_test(tc, per_address, 0, 2);
	tcase_add_test(tc, address_limit);
	tcase_add_loop_test(tc, notes_and_reached, 0, 2);
	tcase_add_test(tc, local_loss_flags);
	tcase_add_test(tc, loss_rounding);
	suite_add_tcase(s, tc);
	return unit_run(s, CK_FORK_GETENV);
}
