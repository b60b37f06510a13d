/*
 * stats.c: RTT accumulator and the duplicate bitmap (see stats.h). Pure.
 * The mean and variance are kept with Welford's update in long double, so
 * neither a long run (1e6+ samples) nor huge values (int64 ns near the
 * limit) overflow, and no sum of squares loses the small differences that
 * iputils' integer tsum2 loses on long runs.
 */
#include "config.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "stats.h"

void
stats_rtt_init(struct stats_rtt *s)
{
	memset(s, 0, sizeof(*s));
	s->mean = 0.0L;
	s->m2 = 0.0L;
}

void
stats_rtt_add(struct stats_rtt *s, int64_t rtt_ns)
{
	long double x, d;

	if (rtt_ns < 0)
		rtt_ns = 0;
	if (s->n == 0 || rtt_ns < s->min)
		s->min = rtt_ns;
	if (s->n == 0 || rtt_ns > s->max)
		s->max = rtt_ns;
	s->n++;
	x = (long double)rtt_ns;
	d = x - s->mean;
	s->mean += d / (long double)s->n;
	s->m2 += d * (x - s->mean);
}

static int64_t
round_ns(long double v)
{
	if (!(v > 0.0L))
		return 0;
	if (v >= (long double)INT64_MAX)
		return INT64_MAX;
	return (int64_t)llroundl(v);
}

int64_t
stats_rtt_avg(const struct stats_rtt *s)
{
	if (s->n == 0)
		return 0;
	return round_ns(s->mean);
}

int64_t
stats_rtt_mdev(const struct stats_rtt *s)
{
	long double var;

	if (s->n == 0)
		return 0;
	/* population variance, as iputils' sqrt(tsum2/n - avg^2) */
	var = s->m2 / (long double)s->n;
	if (var < 0.0L)
		var = 0.0L;
	return round_ns(sqrtl(var));
}

int64_t
stats_rtt_sdev(const struct stats_rtt *s)
{
	long double var;

	if (s->n < 2)
		return 0;
	var = s->m2 / (long double)(s->n - 1);
	if (var < 0.0L)
		var = 0.0L;
	return round_ns(sqrtl(var));
}

unsigned
stats_loss_pct(uint64_t sent, uint64_t received)
{
	if (sent == 0 || received >= sent)
		return 0;
	/* (sent - received) * 100 could overflow only past 1.8e17 probes */
	if (sent - received > UINT64_MAX / 100)
		return (unsigned)((sent - received) / (sent / 100));
	return (unsigned)((sent - received) * 100 / sent);
}

void
seqmap_init(struct seqmap *m)
{
	memset(m, 0, sizeof(*m));
}

