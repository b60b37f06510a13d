/*
 * match.c: the probes in flight and the rule that attributes a reply to
 * one of them. Open addressing (linear probing) over the caller's
 * index[2n]: at most n live entries, and removed entries (tombstones) are
 * swept by a rebuild before they fill the index, so every probe sequence
 * ends at an empty entry and a lookup stays O(1) on average.
 */
#include <sys/socket.h>
#include <netinet/in.h>

#include <string.h>

#include "match.h"
#include "rd.h"

#define IX_EMPTY	0xffffffffu
#define IX_TOMB		0xfffffffeu
#define F_HASHED	(MATCH_F_ID | MATCH_F_SEQ | MATCH_F_SPORT | \
	    MATCH_F_DPORT | MATCH_F_CKSUM | MATCH_F_TCPSEQ | MATCH_F_TAG)
#define F_L4		(MATCH_F_ID | MATCH_F_SEQ | MATCH_F_SPORT | \
	    MATCH_F_DPORT | MATCH_F_CKSUM | MATCH_F_TCPSEQ)

/* splitmix64's finalizer: every input bit reaches every output bit. */
static uint64_t
mix(uint64_t h, uint64_t v)
{
	h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
	h = (h ^ (h >> 30)) * 0xbf58476d1ce4e5b9ULL;
	h = (h ^ (h >> 27)) * 0x94d049bb133111ebULL;
	return h ^ (h >> 31);
}

/* dst is never hashed: error-queue replies do not carry it. */
static size_t
key_hash(const struct match_key *k, unsigned fields, size_t size)
{
	uint64_t h = mix((uint64_t)(unsigned)k->af, k->proto);

	fields &= F_HASHED;
	h = mix(h, fields);
	if (fields & MATCH_F_ID)
		h = mix(h, k->id);
	if (fields & MATCH_F_SEQ)
		h = mix(h, k->seq);
	if (fields & MATCH_F_SPORT)
		h = mix(h, k->sport);
	if (fields & MATCH_F_DPORT)
		h = mix(h, k->dport);
	if (fields & MATCH_F_CKSUM)
		h = mix(h, k->udp_cksum);
	if (fields & MATCH_F_TCPSEQ)
		h = mix(h, k->tcp_seq);
	if (fields & MATCH_F_TAG)
		h = mix(h, k->tag);
	return (size_t)(h % size);
}

static bool
key_eq(const struct match_key *a, const struct match_key *b, unsigned f)
{
	return a->af == b->af && a->proto == b->proto &&
	    (!(f & MATCH_F_ID) || a->id == b->id) &&
	    (!(f & MATCH_F_SEQ) || a->seq == b->seq) &&
	    (!(f & MATCH_F_SPORT) || a->sport == b->sport) &&
	    (!(f & MATCH_F_DPORT) || a->dport == b->dport) &&
	    (!(f & MATCH_F_CKSUM) || a->udp_cksum == b->udp_cksum) &&
	    (!(f & MATCH_F_TCPSEQ) || a->tcp_seq == b->tcp_seq) &&
	    (!(f & MATCH_F_TAG) || a->tag == b->tag) &&
	    (!(f & MATCH_F_DST) || addr_eq(&a->dst, &b->dst));
}

static void
ix_insert(struct match_table *t, size_t slot)
{
	size_t size = 2 * t->n;
	const struct match_key *k = &t->slots[slot].key;
	size_t i = key_hash(k, k->fields, size);

	/* nlive + ntomb < 2n (see match_add): an entry is free */
	while (t->index[i] != IX_EMPTY && t->index[i] != IX_TOMB)
		i = (i + 1) % size;
	if (t->index[i] == IX_TOMB)
		t->ntomb--;
	t->index[i] = (uint32_t)slot;
	t->nlive++;
}

static void
ix_rebuild(struct match_table *t)
{
	for (size_t i = 0; i < 2 * t->n; i++)
		t->index[i] = IX_EMPTY;
	t->nlive = t->ntomb = 0;
	for (size_t s = 0; s < t->n; s++)
		if (t->slots[s].used)
			ix_insert(t, s);
}

void
match_init(struct match_table *t, struct match_slot *slots, uint32_t *index,
    size_t n)
{
	memset(t, 0, sizeof(*t));
	t->slots = slots;
	t->index = index;
	t->n = n;
	if (slots == NULL || index == NULL || n >= IX_TOMB / 2) {
		t->n = 0;
		return;
	}
	memset(slots, 0, n * sizeof(*slots));
	ix_rebuild(t);
}

void
match_remove(struct match_table *t, size_t slot)
{
	size_t size = 2 * t->n, i;
	const struct match_key *k;

	if (slot >= t->n || !t->slots[slot].used)
		return;
	k = &t->slots[slot].key;
	i = key_hash(k, k->fields, size);
	for (size_t step = 0; step < size && t->index[i] != IX_EMPTY; step++) {
		if (t->index[i] == slot) {
			t->index[i] = IX_TOMB;
			t->ntomb++;
			t->nlive--;
			break;
		}
		i = (i + 1) % size;
	}
	t->slots[slot].used = false;
}

void
match_add(struct match_table *t, size_t slot, const struct match_key *k,
    int64_t t_sent)
{
	if (slot >= t->n)
		return;
	match_remove(t, slot);
	t->slots[slot].used = true;
	t->slots[slot].key = *k;
	t->slots[slot].t_sent = t_sent;
	/* keep nlive + ntomb <= 3n/2 so empty entries end every probe run;
	 * a rebuild after >= n/2 removals costs O(1) per removal */
	if (t->nlive + t->ntomb + 1 > 3 * t->n / 2)
		ix_rebuild(t);
	else
		ix_insert(t, slot);
}

/* First 4 payload bytes, big endian. */
static bool
tag_of(const uint8_t *p, size_t len, uint32_t *tag)
{
	struct rd r = rd_make(p, len);

	return rd_be32(&r, tag);
}

static bool
is_icmp(uint8_t proto)
{
	return proto == IPPROTO_ICMP || proto == IPPROTO_ICMPV6;
}

static bool
key_of_reply(const struct icmp_reply *r, struct match_key *out)
{
	switch (r->kind) {
	case ICMP_KIND_ECHO_REPLY:
	case ICMP_KIND_TSTAMP_REPLY:
	case ICMP_KIND_INFO_REPLY:
	case ICMP_KIND_MASK_REPLY:
		break;
	default:
		return false;
	}
	if (!is_icmp(out->proto) ||
	    (out->fields & (MATCH_F_SPORT | MATCH_F_DPORT | MATCH_F_CKSUM |
	    MATCH_F_TCPSEQ)))
		return false;
	out->id = r->id;
	out->seq = r->seq;
	out->dst = r->src;
	return !(out->fields & MATCH_F_TAG) ||
	    tag_of(r->data, r->datalen, &out->tag);
}

static bool
key_of_quote(const struct icmp_quote *q, struct match_key *out)
{
	if (!q->present || q->proto != out->proto ||
	    ((out->fields & F_L4) && !q->has_l4))
		return false;
	out->dst = q->dst;
	if (is_icmp(q->proto)) {
		out->id = q->icmp_id;
		out->seq = q->icmp_seq;
	} else {
		out->sport = q->sport;
		out->dport = q->dport;
		out->udp_cksum = q->udp_cksum;
		out->tcp_seq = q->tcp_seq;
	}
	return !(out->fields & MATCH_F_TAG) ||
	    tag_of(q->payload, q->payloadlen, &out->tag);
}

bool
match_key_of(const struct icmp_reply *r, const struct match_key *want,
    struct match_key *out)
{
	memset(out, 0, sizeof(*out));
	out->af = want->af;
	out->proto = want->proto;
	out->fields = want->fields;
	if (parse_kind_is_error(r->kind))
		return key_of_quote(&r->quote, out);
	return key_of_reply(r, out);
}

long
match_reply(struct match_table *t, const struct match_key *pattern,
    const struct icmp_reply *r)
{
	struct match_key k;
	size_t size = 2 * t->n, i;
	uint32_t e;

	if (t->n == 0 || !match_key_of(r, pattern, &k)) {
		t->not_ours++;
		return MATCH_NOT_OURS;
	}
	i = key_hash(&k, k.fields, size);
	for (size_t step = 0; step < size; step++) {
		e = t->index[i];
		if (e == IX_EMPTY)
			break;
		if (e != IX_TOMB && t->slots[e].used &&
		    key_eq(&t->slots[e].key, &k, k.fields))
			return (long)e;
		i = (i + 1) % size;
	}
	t->not_ours++;
	return MATCH_NOT_OURS;
}
