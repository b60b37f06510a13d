/*
 * stats.h: round-trip statistics and duplicate detection. Pure: no I/O.
 * RTTs are int64 ns; the accumulator never overflows (a running mean and
 * variance, Welford's method, in long double) and keeps exact min/max.
 */
#ifndef ICMPTOOLS_STATS_H
#define ICMPTOOLS_STATS_H

#include <stdbool.h>
#include <stdint.h>

struct stats_rtt {
	uint64_t	n;
	int64_t		min, max;	/* ns; valid when n > 0 */
	long double	mean, m2;	/* Welford */
};

void	stats_rtt_init(struct stats_rtt *s);
/* Add one RTT (ns, >= 0; negative values are clamped to 0). */
void	stats_rtt_add(struct stats_rtt *s, int64_t rtt_ns);
/* Mean and population standard deviation (iputils' mdev), ns, rounded. */
int64_t	stats_rtt_avg(const struct stats_rtt *s);
int64_t	stats_rtt_mdev(const struct stats_rtt *s);
/* Sample standard deviation (n - 1, as mtr's StDev), ns; 0 below 2. */
int64_t	stats_rtt_sdev(const struct stats_rtt *s);

/*
 * Loss in percent as iputils prints it: (sent - received) * 100 / sent,
 * integer division; 0 when nothing was sent. Duplicates do not count.
 */
unsigned stats_loss_pct(uint64_t sent, uint64_t received);

/*
 * seqmap: one bit per 16-bit sequence number. The sender clears a
 * sequence's bit when it sends it (so a number reused after the 65536th
 * send is fresh again); the receiver sets it on the first reply and a
 * second reply with the bit already set is a duplicate.
 */
struct seqmap {
	uint64_t	bits[65536 / 64];
};
void	seqmap_init(struct seqmap *m);
/* (inline: twice per echo of ping -f) */
static inline void
seqmap_sent(struct seqmap *m, uint16_t seq)
{
	m->bits[seq >> 6] &= ~(UINT64_C(1) << (seq & 63));
}

/* Mark seq answered; returns true if it already was (a duplicate). */
static inline bool
seqmap_answer(struct seqmap *m, uint16_t seq)
{
	uint64_t bit = UINT64_C(1) << (seq & 63);
	bool dup = (m->bits[seq >> 6] & bit) != 0;

	m->bits[seq >> 6] |= bit;
	return dup;
}

/* True if seq is marked answered. */
static inline bool
seqmap_test(const struct seqmap *m, uint16_t seq)
{
	return (m->bits[seq >> 6] & UINT64_C(1) << (seq & 63)) != 0;
}

#endif
