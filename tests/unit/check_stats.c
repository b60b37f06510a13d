/* check_stats: RTT accumulator (known series, long runs, huge values, no
 * overflow), loss percentage, and the wrap-aware duplicate bitmap. */
#include <check.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "clock.h"
#include "stats.h"
#include "unit.h"

START_TEST(stats_known_series)
{
	struct stats_rtt s;

	stats_rtt_init(&s);
	for (int i = 1; i <= 4; i++)
		stats_rtt_add(&s, i * NS_PER_MS);
	ck_assert_uint_eq(s.n, 4);
	ck_assert_int_eq(s.min, 1 * NS_PER_MS);
	ck_assert_int_eq(s.max, 4 * NS_PER_MS);
	ck_assert_int_eq(stats_rtt_avg(&s), 2500000);
	/* population std dev of 1,2,3,4 ms: sqrt(1.25) ms */
	ck_assert_int_eq(stats_rtt_mdev(&s), llround(sqrt(1.25) * 1e6));
	ck_assert_int_eq(stats_rtt_mdev(&s), 1118034);
	/* sample std dev (mtr's StDev): sqrt(5/3) ms */
	ck_assert_int_eq(stats_rtt_sdev(&s), 1290994);
}
END_TEST

START_TEST(stats_empty_and_single)
{
	struct stats_rtt s;

	stats_rtt_init(&s);
	ck_assert_int_eq(stats_rtt_avg(&s), 0);
	ck_assert_int_eq(stats_rtt_mdev(&s), 0);
	ck_assert_int_eq(stats_rtt_sdev(&s), 0);
	stats_rtt_add(&s, 123456);
	ck_assert_int_eq(stats_rtt_sdev(&s), 0);
	ck_assert_int_eq(s.min, 123456);
	ck_assert_int_eq(s.max, 123456);
	ck_assert_int_eq(stats_rtt_avg(&s), 123456);
	ck_assert_int_eq(stats_rtt_mdev(&s), 0);
	/* negative RTTs (clock steps) are clamped to 0 */
	stats_rtt_add(&s, -5);
	ck_assert_int_eq(s.min, 0);
}
END_TEST

START_TEST(stats_million_samples)
{
	struct stats_rtt s;
	int64_t base = 1000 * NS_PER_MS;

	stats_rtt_init(&s);
	/* alternating base +- 1 us: mean base, mdev exactly 1 us */
	for (int i = 0; i < 1000000; i++)
		stats_rtt_add(&s, base + (i % 2 ? 1000 : -1000));
	ck_assert_uint_eq(s.n, 1000000);
	ck_assert_int_eq(stats_rtt_avg(&s), base);
	ck_assert_int_eq(stats_rtt_mdev(&s), 1000);
	ck_assert_int_eq(s.min, base - 1000);
	ck_assert_int_eq(s.max, base + 1000);
}
END_TEST

START_TEST(stats_huge_rtts)
{
	struct stats_rtt s;
	int64_t big = INT64_MAX / 2;

	stats_rtt_init(&s);
	for (int i = 0; i < 1000; i++)
		stats_rtt_add(&s, big);
	ck_assert_int_eq(s.min, big);
	ck_assert_int_eq(s.max, big);
	/* long double holds 64 mantissa bits: the mean is exact */
	ck_assert_int_eq(stats_rtt_avg(&s), big);
	ck_assert_int_eq(stats_rtt_mdev(&s), 0);
	stats_rtt_add(&s, INT64_MAX);
	stats_rtt_add(&s, 0);
	ck_assert_int_eq(s.min, 0);
	ck_assert_int_eq(s.max, INT64_MAX);
	/* 1002 samples summing to 1002 * 2^62 - 1001: the mean is big
	 * within rounding; the two extremes 2^62 away from it give an mdev
	 * of 2^62 * sqrt(2 / 1002) */
	ck_assert_int_ge(stats_rtt_avg(&s), big - 1);
	ck_assert_int_le(stats_rtt_avg(&s), big + 1);
	{
		long double want = (long double)big * sqrtl(2.0L / 1002.0L);
		long double got = (long double)stats_rtt_mdev(&s);

		ck_assert_msg(fabsl(got - want) < want / 1000.0L,
		    "mdev %Lg, want %Lg", got, want);
	}
}
END_TEST

START_TEST(stats_huge_pair)
{
	struct stats_rtt s;

	stats_rtt_init(&s);
	stats_rtt_add(&s, 0);
	stats_rtt_add(&s, INT64_MAX);
	/* mean and mdev are both INT64_MAX / 2 (within rounding) */
	ck_assert_int_ge(stats_rtt_avg(&s), INT64_MAX / 2 - 1);
	ck_assert_int_le(stats_rtt_avg(&s), INT64_MAX / 2 + 1);
	ck_assert_int_ge(stats_rtt_mdev(&s), INT64_MAX / 2 - 1);
	ck_assert_int_le(stats_rtt_mdev(&s), INT64_MAX / 2 + 1);
}
END_TEST

START_TEST(stats_loss)
{
	ck_assert_uint_eq(stats_loss_pct(0, 0), 0);
	ck_assert_uint_eq(stats_loss_pct(10, 10), 0);
	ck_assert_uint_eq(stats_loss_pct(10, 0), 100);
	ck_assert_uint_eq(stats_loss_pct(3, 1), 66);	/* truncated */
	ck_assert_uint_eq(stats_loss_pct(3, 2), 33);
	ck_assert_uint_eq(stats_loss_pct(1000, 999), 0);
	ck_assert_uint_eq(stats_loss_pct(UINT64_MAX, 0), 100);
	ck_assert_uint_eq(stats_loss_pct(UINT64_MAX, UINT64_MAX / 2), 50);
}
END_TEST

START_TEST(seqmap_dup)
{
	static struct seqmap m;

	seqmap_init(&m);
	seqmap_sent(&m, 7);
	ck_assert(!seqmap_answer(&m, 7));
	ck_assert(seqmap_answer(&m, 7));
	ck_assert(seqmap_answer(&m, 7));
	/* neighbours in the same word are independent */
	seqmap_sent(&m, 6);
	seqmap_sent(&m, 8);
	ck_assert(!seqmap_answer(&m, 8));
	ck_assert(!seqmap_answer(&m, 6));
	ck_assert(seqmap_answer(&m, 7));
	/* edges */
	seqmap_sent(&m, 0);
	seqmap_sent(&m, 65535);
	ck_assert(!seqmap_answer(&m, 65535));
	ck_assert(!seqmap_answer(&m, 0));
	ck_assert(seqmap_answer(&m, 65535));
	ck_assert(seqmap_answer(&m, 0));
}
END_TEST

START_TEST(seqmap_wrap)
{
	static struct seqmap m;

	seqmap_init(&m);
	for (uint32_t i = 0; i <= 65535; i++) {
		seqmap_sent(&m, (uint16_t)i);
		ck_assert(!seqmap_answer(&m, (uint16_t)i));
	}
	/* the 65537th probe reuses sequence 0: a fresh probe, not a dup */
	seqmap_sent(&m, 0);
	ck_assert(!seqmap_answer(&m, 0));
	ck_assert(seqmap_answer(&m, 0));
	/* 1 was not re-sent: a reply to it is a duplicate */
	ck_assert(seqmap_answer(&m, 1));
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("stats");
	TCase *tc = tcase_create("stats");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, stats_known_series);
	tcase_add_test(tc, stats_empty_and_single);
	tcase_add_test(tc, stats_million_samples);
	tcase_add_test(tc, stats_huge_rtts);
	tcase_add_test(tc, stats_huge_pair);
	tcase_add_test(tc, stats_loss);
	tcase_add_test(tc, seqmap_dup);
	tcase_add_test(tc, seqmap_wrap);
	suite_add_tcase(s, tc);
	return unit_run(s, CK_FORK_GETENV);
}
