/*
 * clock.c: time as int64_t nanoseconds (see clock.h). CLOCK_MONOTONIC for
 * scheduling; both clocks for RTTs (clock_rtt_ns: the kernel stamps
 * receives on CLOCK_REALTIME); CLOCK_REALTIME alone for printed stamps.
 */
#include "config.h"

#include <stdint.h>
#include <time.h>

#include "clock.h"

static int64_t
now_ns(clockid_t id)
{
	struct timespec ts;

	/* CLOCK_MONOTONIC and CLOCK_REALTIME cannot fail on Linux */
	if (clock_gettime(id, &ts) == -1)
		return 0;
	return clock_ts_to_ns(&ts);
}

int64_t
clock_mono_ns(void)
{
	return now_ns(CLOCK_MONOTONIC);
}

int64_t
clock_real_ns(void)
{
	return now_ns(CLOCK_REALTIME);
}

void
clock_stamp_now(struct clock_stamp *st)
{
	st->mono = now_ns(CLOCK_MONOTONIC);
	st->real = now_ns(CLOCK_REALTIME);
}

int64_t
clock_rtt_ns(const struct clock_stamp *sent, int64_t rx_mono,
    int64_t rx_kernel)
{
	int64_t bound = rx_mono - sent->mono, k;

	if (bound < 0)
		bound = 0;
	if (rx_kernel < 0 || sent->real <= 0)
		return bound;
	k = rx_kernel - sent->real;
	return k >= 0 && k <= bound ? k : bound;
}

int64_t
clock_ts_to_ns(const struct timespec *ts)
{
	int64_t sec = (int64_t)ts->tv_sec;
	int64_t nsec = (int64_t)ts->tv_nsec;

	/* saturate instead of overflowing (signed overflow is UB) */
	if (sec > (INT64_MAX - NS_PER_SEC) / NS_PER_SEC)
		return INT64_MAX;
	if (sec < (INT64_MIN + NS_PER_SEC) / NS_PER_SEC)
		return INT64_MIN;
	return sec * NS_PER_SEC + nsec;
}

struct timespec
clock_ns_to_ts(int64_t ns)
{
	struct timespec ts;

	if (ns < 0)
		ns = 0;
	ts.tv_sec = (time_t)(ns / NS_PER_SEC);
	ts.tv_nsec = (long)(ns % NS_PER_SEC);
	return ts;
}

int
clock_poll_ms(int64_t now, int64_t deadline)
{
	int64_t d, ms;

	if (deadline < 0)
		return -1;
	if (deadline <= now)
		return 0;
	/* now may be negative only in tests; guard the subtraction anyway */
	if (now < 0 && deadline > INT64_MAX + now)
		return INT32_MAX;
	d = deadline - now;
	ms = d / NS_PER_MS + (d % NS_PER_MS != 0);
	return ms > INT32_MAX ? INT32_MAX : (int)ms;
}
