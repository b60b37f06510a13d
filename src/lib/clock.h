/*
 * clock.h: time as int64_t nanoseconds. CLOCK_MONOTONIC for scheduling;
 * RTTs from a pair of stamps on each side (clock_rtt_ns), so that neither a
 * stall between two clock reads nor a wall-clock step can falsify one;
 * CLOCK_REALTIME alone only for printed wall-clock stamps (ping -D).
 */
#ifndef ICMPTOOLS_CLOCK_H
#define ICMPTOOLS_CLOCK_H

#include <stdint.h>
#include <time.h>

#define NS_PER_US	INT64_C(1000)
#define NS_PER_MS	INT64_C(1000000)
#define NS_PER_SEC	INT64_C(1000000000)

/*
 * A send time on both clocks: mono read first, real last (right before the
 * send), so real is the closest to the moment the packet left.
 */
struct clock_stamp {
	int64_t		mono;
	int64_t		real;
};

int64_t	clock_mono_ns(void);		/* CLOCK_MONOTONIC now */
int64_t	clock_real_ns(void);		/* CLOCK_REALTIME now */
int64_t	clock_ts_to_ns(const struct timespec *ts);	/* saturating */
struct timespec clock_ns_to_ts(int64_t ns);		/* ns >= 0 */
void	clock_stamp_now(struct clock_stamp *st);
/*
 * Round-trip time of a packet sent at *sent and received: rx_mono is
 * CLOCK_MONOTONIC read after the receive returned (an upper bound of the
 * arrival), rx_kernel the kernel's CLOCK_REALTIME receive stamp
 * (SO_TIMESTAMPNS; -1: none). The kernel stamp minus sent->real measures
 * the trip on one clock with no user-space stall in it; it is used when it
 * lies in [0, rx_mono - sent->mono], else (a wall-clock step in between,
 * no stamp) the monotonic difference is: never negative, never more than
 * the time that really passed.
 */
int64_t	clock_rtt_ns(const struct clock_stamp *sent, int64_t rx_mono,
	    int64_t rx_kernel);
/* Milliseconds until deadline (>= 0, rounded up) for poll(); -1 if none. */
int	clock_poll_ms(int64_t now, int64_t deadline);

#endif
