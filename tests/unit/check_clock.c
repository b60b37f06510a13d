/* check_clock: timespec conversions (saturating), poll timeouts rounded
 * up, the monotonic clock moving forward; and loop.c's waits: deadline,
 * readable fd, signals through the self-pipe (none lost, none invented). */
#include <check.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "loop.h"
#include "unit.h"

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

#define NOSTAMP	INT64_MIN
/* The RTT of a send stamp {mono 1000 s, real 5000 s} against a receive
 * read at mono 1000 s + bound with the kernel's real stamp 5000 s + k. */
static int64_t
rtt_of(int64_t bound, int64_t k)
{
	struct clock_stamp st = { 1000 * NS_PER_SEC, 5000 * NS_PER_SEC };

	return clock_rtt_ns(&st, st.mono + bound, k == NOSTAMP ? -1 :
	    st.real + k);
}

START_TEST(clock_rtt_rules)
{
	/* the kernel stamp wins over a stall after the receive */
	ck_assert_int_eq(rtt_of(3 * NS_PER_MS, 40 * NS_PER_US),
	    40 * NS_PER_US);
	ck_assert_int_eq(rtt_of(40 * NS_PER_US, 40 * NS_PER_US),
	    40 * NS_PER_US);
	ck_assert_int_eq(rtt_of(40 * NS_PER_US, 0), 0);
	/* a wall-clock step between send and receive: the monotonic bound */
	ck_assert_int_eq(rtt_of(2 * NS_PER_MS, 5 * NS_PER_SEC), 2 * NS_PER_MS);
	ck_assert_int_eq(rtt_of(2 * NS_PER_MS, -1 - 5 * NS_PER_SEC),
	    2 * NS_PER_MS);
	ck_assert_int_eq(rtt_of(2 * NS_PER_MS, -(NS_PER_SEC)), 2 * NS_PER_MS);
	/* no kernel stamp */
	ck_assert_int_eq(rtt_of(7 * NS_PER_MS, NOSTAMP), 7 * NS_PER_MS);
	/* never negative */
	ck_assert_int_eq(rtt_of(-5, NOSTAMP), 0);
	ck_assert_int_eq(rtt_of(-5, 10), 0);
}
END_TEST

START_TEST(clock_stamp_order)
{
	struct clock_stamp a, b;

	clock_stamp_now(&a);
	clock_stamp_now(&b);
	ck_assert_int_ge(b.mono, a.mono);
	ck_assert_int_gt(a.real, 1577836800LL * NS_PER_SEC);
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

START_TEST(loop_waits)
{
	char err[128];
	bool rd[2];
	unsigned sigs = 99;
	int p[2], fds[2];
	int64_t t0;

	ck_assert_msg(loop_init(err, sizeof(err)) == 0, "%s", err);
	ck_assert_int_eq(loop_init(err, sizeof(err)), 0);	/* idempotent */
	ck_assert_int_eq(pipe(p), 0);
	fds[0] = p[0];
	fds[1] = p[0];
	/* deadline: nothing ready, returns after >= 50 ms */
	t0 = clock_mono_ns();
	ck_assert_int_eq(loop_wait(fds, 1, t0 + 50 * NS_PER_MS, rd, &sigs), 0);
	ck_assert_int_ge(clock_mono_ns() - t0, 50 * NS_PER_MS);
	ck_assert_uint_eq(sigs, 0);
	ck_assert(!rd[0]);
	/* a past deadline just looks */
	ck_assert_int_eq(loop_wait(fds, 1, 0, rd, &sigs), 0);
	/* readable */
	ck_assert_int_eq(write(p[1], "x", 1), 1);
	ck_assert_int_eq(loop_wait(fds, 2, -1, rd, &sigs), 2);
	ck_assert(rd[0] && rd[1]);
	/* a signal raised before the wait is not lost, and wakes it */
	ck_assert_int_eq(raise(SIGQUIT), 0);
	ck_assert_int_eq(raise(SIGALRM), 0);
	t0 = clock_mono_ns();
	ck_assert_int_eq(loop_wait(NULL, 0, t0 + 5 * NS_PER_SEC, rd, &sigs), 0);
	ck_assert_int_lt(clock_mono_ns() - t0, NS_PER_SEC);
	ck_assert_uint_eq(sigs, LOOP_SIG_QUIT | LOOP_SIG_ALRM);
	/* SIGTERM and SIGINT both mean "stop" */
	ck_assert_int_eq(raise(SIGTERM), 0);
	ck_assert_uint_eq(loop_signals(), LOOP_SIG_INT);
	ck_assert_int_eq(raise(SIGINT), 0);
	ck_assert_uint_eq(loop_signals(), LOOP_SIG_INT);
	ck_assert_uint_eq(loop_signals(), 0);
	/* a signal during the wait (SA_RESTART off) ends it at once */
	alarm(1);
	t0 = clock_mono_ns();
	ck_assert_int_eq(loop_wait(NULL, 0, t0 + 5 * NS_PER_SEC, rd, &sigs), 0);
	ck_assert_uint_eq(sigs, LOOP_SIG_ALRM);
	ck_assert_int_lt(clock_mono_ns() - t0, 3 * NS_PER_SEC);
	close(p[0]);
	close(p[1]);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("clock");
	TCase *tc = tcase_create("clock");

	tcase_add_test(tc, clock_conversions);
	tcase_add_test(tc, clock_poll_timeouts);
	tcase_add_test(tc, clock_monotonic);
	tcase_add_test(tc, clock_rtt_rules);
	tcase_add_test(tc, clock_stamp_order);
	tcase_add_test(tc, loop_waits);
	suite_add_tcase(s, tc);
	return unit_run(s, CK_FORK_GETENV);
}
