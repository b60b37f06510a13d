/*
 * hopstat.c: per-hop statistics (see hopstat.h). Pure.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "hopstat.h"
#include "icmpnames.h"

void
hopstat_init(struct hopstat *h, unsigned ttl)
{
	memset(h, 0, sizeof(*h));
	h->ttl = ttl;
	stats_rtt_init(&h->rtt);
}

void
hopstat_note(const struct trace_res *res, char *buf, size_t len)
{
	if (len == 0)
		return;
	buf[0] = '\0';
	/* time exceeded, the destination's port unreachable and answers in
	 * the probes' own protocol carry none */
	if (res->l4 || res->kind == ICMP_KIND_ECHO_REPLY ||
	    icmpnames_tr_annot_tc(res->from.af, res->type, res->code,
	    res->mtu, buf, len) < 0)
		buf[0] = '\0';
}

static struct hopstat_addr *
addr_slot(struct hopstat *h, const struct addr *a)
{
	struct hopstat_addr *e;

	for (size_t i = 0; i < h->naddr; i++)
		if (addr_eq(&h->addr[i].a, a))
			return &h->addr[i];
	if (h->naddr == HOPSTAT_MAX_ADDRS)
		return NULL;
	e = &h->addr[h->naddr++];
	memset(e, 0, sizeof(*e));
	e->a = *a;
	stats_rtt_init(&e->rtt);
	return e;
}

static void
add_answer(struct hopstat *h, const struct trace_res *res, bool keep_ext)
{
	struct hopstat_addr *e = addr_slot(h, &res->from);
	char note[HOPSTAT_NOTE_MAX];

	h->received++;
	h->last_ns = res->rtt_ns;
	stats_rtt_add(&h->rtt, res->rtt_ns);
	hopstat_note(res, note, sizeof(note));
	if (note[0] != '\0') {
		h->errors++;
		if (h->note[0] == '\0')
			snprintf(h->note, sizeof(h->note), "%s", note);
	}
	if (e == NULL) {
		h->other++;
		return;
	}
	e->received++;
	e->last_ns = res->rtt_ns;
	stats_rtt_add(&e->rtt, res->rtt_ns);
	if (note[0] != '\0' && e->note[0] == '\0')
		snprintf(e->note, sizeof(e->note), "%s", note);
	if (keep_ext && res->ext != NULL && res->extlen > 0) {
		e->extlen = res->extlen < sizeof(e->ext) ? res->extlen :
		    sizeof(e->ext);
		memcpy(e->ext, res->ext, e->extlen);
		e->has_ext = true;
	}
}

void
hopstat_add(struct hopstat *h, const struct trace_res *res,
    const struct addr *dst, bool keep_ext)
{
	if (res->pending)
		return;
	h->sent++;
	if (!res->answered)
		return;
	add_answer(h, res, keep_ext);
	if (dst != NULL && addr_eq(&res->from, dst))
		h->reached = true;
}

size_t
hopstat_main_addr(const struct hopstat *h)
{
	size_t best = h->naddr;
	unsigned most = 0;

	for (size_t i = 0; i < h->naddr; i++)
		if (h->addr[i].received > most) {
			most = h->addr[i].received;
			best = i;
		}
	return best;
}

unsigned
hopstat_loss_permille(const struct hopstat *h)
{
	uint64_t lost;

	if (h->sent == 0 || h->received >= h->sent)
		return 0;
	lost = h->sent - h->received;
	return (unsigned)((lost * 2000 / h->sent + 1) / 2);
}

/* a loses a larger share than b: lost_a / sent_a > lost_b / sent_b */
static bool
loses_more(const struct hopstat *a, const struct hopstat *b)
{
	uint64_t la = a->sent - a->received, lb = b->sent - b->received;

	return la * b->sent > lb * a->sent;
}

void
hopstat_local_loss(const struct hopstat *h, size_t n, bool *flags)
{
	for (size_t i = 0; i < n; i++) {
		flags[i] = false;
		if (h[i].sent == 0 || h[i].received >= h[i].sent)
			continue;
		for (size_t k = i + 1; k < n && !flags[i]; k++)
			if (h[k].sent > 0 && h[k].received <= h[k].sent &&
			    loses_more(&h[i], &h[k]))
				flags[i] = true;
	}
}
