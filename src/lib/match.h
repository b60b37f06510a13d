/*
 * match.h: the table of probes in flight and the rule that attributes a
 * reply to one of them. A reply that matches no live probe is NOT_OURS: it
 * is counted and never attributed. Lookups are O(1) (hashed on the key).
 */
#ifndef ICMPTOOLS_MATCH_H
#define ICMPTOOLS_MATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "addr.h"
#include "parse.h"

#define MATCH_NOT_OURS	(-1L)

/* Which key fields identify a probe (the rest are ignored). */
#define MATCH_F_ID	0x01u	/* ICMP echo id */
#define MATCH_F_SEQ	0x02u	/* ICMP echo sequence */
#define MATCH_F_SPORT	0x04u
#define MATCH_F_DPORT	0x08u
#define MATCH_F_CKSUM	0x10u	/* UDP checksum (flow-stable identity) */
#define MATCH_F_TCPSEQ	0x20u
#define MATCH_F_TAG	0x40u	/* first 4 payload bytes, big endian */
#define MATCH_F_DST	0x80u	/* quoted / replying destination */

struct match_key {
	int		af;
	uint8_t		proto;		/* IPPROTO_ICMP/ICMPV6/UDP/TCP */
	unsigned	fields;		/* MATCH_F_* */
	struct addr	dst;
	uint16_t	id, seq;
	uint16_t	sport, dport;
	uint16_t	udp_cksum;
	uint32_t	tcp_seq;
	uint32_t	tag;
};

struct match_slot {
	bool		used;
	struct match_key key;
	int64_t		t_sent;		/* monotonic ns */
};

struct match_table {
	struct match_slot *slots;	/* caller's array, n entries */
	size_t		 n;
	uint32_t	*index;		/* hash index, caller's, 2*n entries */
	uint64_t	 not_ours;	/* replies matched to no probe */
	size_t		 nlive;		/* probes in the index */
	size_t		 ntomb;		/* removed entries not yet reused */
};

/*
 * Set up a table over caller storage: slots[n] and index[2 * n] (n > 0,
 * n < 2^31). Nothing is allocated. The index is hashed on af, proto and the
 * key fields but MATCH_F_DST, so probes must be added with the same
 * `fields` that match_reply's pattern names later (MATCH_F_DST may differ).
 */
void	match_init(struct match_table *t, struct match_slot *slots,
	    uint32_t *index, size_t n);
/* Record probe `slot` as in flight with key k, sent at t_sent (a slot
 * still in use is replaced); slot >= n is ignored. */
void	match_add(struct match_table *t, size_t slot,
	    const struct match_key *k, int64_t t_sent);
void	match_remove(struct match_table *t, size_t slot);
/*
 * The key a reply carries, using the fields of `want` (its af, proto and
 * fields): an echo reply gives proto ICMP/ICMPV6, id, seq and src as dst;
 * an error gives its quote. False if the reply carries no such key.
 * (Timestamp, information and mask replies key like echo replies.) A
 * field needing the quoted transport header (id, seq, ports, checksum,
 * TCP seq) fails on a quote without one (error queue records: match
 * those on MATCH_F_TAG); MATCH_F_TAG needs 4 payload bytes.
 */
bool	match_key_of(const struct icmp_reply *r, const struct match_key *want,
	    struct match_key *out);
/*
 * The slot of the live probe the reply answers, comparing the fields named
 * in `pattern->fields` (pattern gives af and proto too), or MATCH_NOT_OURS
 * (and t->not_ours is incremented).
 */
long	match_reply(struct match_table *t, const struct match_key *pattern,
	    const struct icmp_reply *r);

#endif
