/*
 * clock.h: time as int64_t nanoseconds. CLOCK_MONOTONIC for scheduling and
 * RTTs, CLOCK_REALTIME only for printed wall-clock stamps (ping -D).
 */
#ifndef ICMPTOOLS_CLOCK_H
#define ICMPTOOLS_CLOCK_H

#include <stdint.h>
#include <time.h>

#define NS_PER_US	INT64_C(1000)
#define NS_PER_MS	INT64_C(1000000)
#define NS_PER_SEC	INT64_C(1000000000)

int64_t	clock_mono_ns(void);		/* CLOCK_MONOTONIC now */
int64_t	clock_real_ns(void);		/* CLOCK_REALTIME now */
int64_t	clock_ts_to_ns(const struct timespec *ts);	/* saturating */
struct timespec clock_ns_to_ts(int64_t ns);		/* ns >= 0 */
/* Milliseconds until deadline (>= 0, rounded up) for poll(); -1 if none. */
int	clock_poll_ms(int64_t now, int64_t deadline);

#endif
