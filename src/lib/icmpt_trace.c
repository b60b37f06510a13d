/*
 * icmpt_trace.c: icmpt_trace() (see icmptools.h) on the traceroute
 * program's engine (trace.h): the same scheduler, the same flow-stable UDP
 * probes from an unprivileged UDP socket (IP_RECVERR), the same waits;
 * each finished hop is added up into a struct icmpt_hop.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <netinet/in.h>

#include "addr.h"
#include "build.h"
#include "icmpnames.h"
#include "icmptools.h"
#include "resolve.h"
#include "sock.h"
#include "stats.h"
#include "trace.h"
#include "trace_method.h"

struct sum {
	struct icmpt_hop *hops;
	unsigned	 max, last;
};

/* The address most of the hop's answers came from (the first on a tie),
 * its index in res. */
static size_t
most_frequent(const struct trace_res *res, size_t n)
{
	size_t best = n, bestn = 0;

	for (size_t i = 0; i < n; i++) {
		size_t k = 0;

		if (!res[i].answered)
			continue;
		for (size_t j = 0; j < n; j++)
			k += res[j].answered && addr_eq(&res[j].from,
			    &res[i].from);
		if (k > bestn) {
			best = i;
			bestn = k;
		}
	}
	return best;
}

/* One probe's annotation ("" for time exceeded, the destination's port
 * unreachable and answers without ICMP). */
static void
note_of(const struct trace_res *res, char *buf, size_t len)
{
	buf[0] = '\0';
	if (res->l4 || res->kind == ICMP_KIND_ECHO_REPLY ||
	    icmpnames_tr_annot_tc(res->from.af, res->type, res->code,
	    res->mtu, buf, len) < 0)
		buf[0] = '\0';
}

static void
add_probe(struct icmpt_hop *hop, struct stats_rtt *st,
    const struct trace_res *res)
{
	char note[sizeof(hop->note)];

	hop->stats.received++;
	stats_rtt_add(st, res->rtt_ns);
	note_of(res, note, sizeof(note));
	if (note[0] != '\0') {
		hop->stats.errors++;
		if (hop->note[0] == '\0')
			snprintf(hop->note, sizeof(hop->note), "%s", note);
	}
}

static void
close_stats(struct icmpt_hop *hop, const struct stats_rtt *st)
{
	if (hop->stats.received == 0)
		return;
	hop->stats.min_ms = (double)st->min / 1e6;
	hop->stats.max_ms = (double)st->max / 1e6;
	hop->stats.avg_ms = (double)stats_rtt_avg(st) / 1e6;
	hop->stats.mdev_ms = (double)stats_rtt_mdev(st) / 1e6;
}

static void
on_hop(void *ctx, unsigned ttl, const struct trace_res *res, size_t n)
{
	struct sum *s = ctx;
	struct icmpt_hop *hop;
	struct stats_rtt st;
	size_t best;

	if (ttl < 1 || ttl > s->max)
		return;
	hop = &s->hops[ttl - 1];
	memset(hop, 0, sizeof(*hop));
	hop->ttl = ttl;
	hop->stats.sent = (unsigned)n;
	stats_rtt_init(&st);
	if ((best = most_frequent(res, n)) < n)
		addr_ntop(&res[best].from, hop->addr, sizeof(hop->addr));
	for (size_t i = 0; i < n; i++)
		if (res[i].answered)
			add_probe(hop, &st, &res[i]);
	close_stats(hop, &st);
	s->last = ttl;
}

/* The destination answered hop ttl after it was given up: it did answer,
 * so the hop says so (one more reply, that trip time). */
static void
on_late(void *ctx, unsigned ttl, const struct trace_res *res)
{
	struct sum *s = ctx;
	struct icmpt_hop *hop;
	struct stats_rtt st;

	if (ttl < 1 || ttl > s->max)
		return;
	hop = &s->hops[ttl - 1];
	stats_rtt_init(&st);
	stats_rtt_add(&st, res->rtt_ns);
	hop->stats.received = 1;
	close_stats(hop, &st);
	addr_ntop(&res->from, hop->addr, sizeof(hop->addr));
	s->last = ttl;
}

/* The method and the socket: default UDP, unprivileged. */
static int
open_method(const struct addr *dst, struct trace_method *m, struct sock *s,
    char *err, size_t errlen)
{
	struct trace_method_cfg mc;
	struct sock_opts tx, rx;
	struct build_key key;
	bool need_rx;

	memset(&mc, 0, sizeof(mc));
	mc.af = dst->af;
	mc.id = TRACE_UDP;
	mc.dst = *dst;
	/* the probes' identity from a random key, never guessable */
	if (build_key_init(&key) == -1) {
		snprintf(err, errlen, "getrandom: %s", strerror(errno));
		return -1;
	}
	mc.salt = (uint32_t)key.k0;
	if (trace_method_init(m, &mc, err, errlen) == -1)
		return -1;
	trace_method_sockopts(m, false, &tx, &rx, &need_rx);
	tx.pmtudisc = IP_PMTUDISC_DONT;
	if (sock_open(s, &tx, err, errlen) == -1)
		return -1;
	m->sport = s->local_id;
	if (sock_source_for(dst->af, dst, NULL, false, &m->c.src) == -1) {
		snprintf(err, errlen, "%s", strerror(errno));
		sock_close(s);
		return -1;
	}
	trace_method_finish(m, false);
	return 0;
}

int
icmpt_trace(const char *host, unsigned max_hops, unsigned probes,
    struct icmpt_hop *hops, unsigned *nhops, char *err, size_t errlen)
{
	struct sum sum = { hops, max_hops, 0 };
	struct trace_hooks h = { &sum, on_hop, on_late, NULL, NULL };
	struct trace_method m;
	struct trace_cfg c;
	struct addr dst;
	struct sock s;
	char canon[8], why[160];
	int got;

	*nhops = 0;
	if (host == NULL || max_hops < 1 || max_hops > TRACE_MAX_HOPS ||
	    probes < 1 || probes > TRACE_MAX_QUERIES) {
		snprintf(err, errlen, "icmpt_trace: max_hops 1..%d, probes "
		    "1..%d", TRACE_MAX_HOPS, TRACE_MAX_QUERIES);
		errno = EINVAL;
		return -1;
	}
	if (resolve_host(host, AF_UNSPEC, false, &dst, canon, sizeof(canon),
	    why, sizeof(why)) == -1) {
		snprintf(err, errlen, "%.100s: %s", host, why);
		errno = ENOENT;
		return -1;
	}
	(void)addr_unmap(&dst);
	if (open_method(&dst, &m, &s, why, sizeof(why)) == -1) {
		snprintf(err, errlen, "%.100s: %s", host, why);
		return -1;
	}
	memset(&c, 0, sizeof(c));
	c.m = &m;
	c.tx = &s;
	c.first_ttl = 1;
	c.max_ttl = max_hops;
	c.nqueries = probes;
	c.window = 16;
	c.wait_max = 5.0;
	c.wait_here = 3.0;
	c.wait_near = 10.0;
	memset(hops, 0, max_hops * sizeof(*hops));
	got = trace_run(&c, &h, err, errlen);
	sock_close(&s);
	*nhops = sum.last;
	return got < 0 ? -1 : got ? 0 : 1;
}
