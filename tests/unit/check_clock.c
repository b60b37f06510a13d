/* check_clock: timespec conversions (saturating), poll timeouts rounded
 * up, and the monotonic clock moving forward. */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>

#include "clock.h"

START_TEST(clock_conversions)
{
	struct timespec ts = { 3, 250000000 }, back;

	ck_assert_int_eq(clock_ts_to_ns(&ts), 3250000000LL);
	back = clock_ns_to_ts(3250000001LL);
	ck_assert_int_eq(back.tv_sec, 3);
	ck_assert_int_eq(back.tv_nsec, 250000001);
	back = clock_ns_to_ts(-5);
	ck_assert_int_eq(back.tv_sec, 0);
	ck_assert_int_eq(back.tv_nsec, 0);
	ts.tv_sec = (time_t)INT64_MAX / 2;
	ts.tv_nsec = 0;
	ck_assert_int_eq(clock_ts_to_ns(&ts), INT64_MAX);
	ts.tv_sec = (time_t)(INT64_MIN / 2);
	ck_assert_int_eq(clock_ts_to_ns(&ts), INT64_MIN);
}
END_TEST

START_TEST(clock_poll_timeouts)
{
	ck_assert_int_eq(clock_poll_ms(100, -1), -1);
	ck_assert_int_eq(clock_poll_ms(100, 100), 0);
	ck_assert_int_eq(clock_poll_ms(100, 50), 0);
	ck_assert_int_eq(clock_poll_ms(0, 1), 1);		/* rounded up */
	ck_assert_int_eq(clock_poll_ms(0, NS_PER_MS), 1);
	ck_assert_int_eq(clock_poll_ms(0, NS_PER_MS + 1), 2);
	ck_assert_int_eq(clock_poll_ms(0, INT64_MAX), INT32_MAX);
	ck_assert_int_eq(clock_poll_ms(-INT64_MAX, INT64_MAX), INT32_MAX);
}
END_TEST

START_TEST(clock_monotonic)
{
	int64_t a = clock_mono_ns(), b;
	struct timespec d = { 0, 2000000 };

	nanosleep(&d, NULL);
	b = clock_mono_ns();
	ck_assert_int_gt(a, 0);
	ck_assert_int_ge(b - a, 2000000);
	/* the wall clock is past 2020 */
	ck_assert_int_gt(clock_real_ns(), 1577836800LL * NS_PER_SEC);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("clock");
	TCase *tc = tcase_create("clock");
	SRunner *sr;
	int nf;

	tcase_add_test(tc, clock_conversions);
	tcase_add_test(tc, clock_poll_timeouts);
	tcase_add_test(tc, clock_monotonic);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	nf = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nf == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
