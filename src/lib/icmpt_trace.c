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
#include "hopstat.h"
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

/* The library's numbers for a hop, from the one per-hop accumulator
 * (hopstat.h) the traceroute program's --report uses too. */
static void
to_icmpt(const struct hopstat *hs, struct icmpt_hop *hop)
{
	size_t best = hopstat_main_addr(hs);

	memset(hop, 0, sizeof(*hop));
	hop->ttl = hs->ttl;
	hop->stats.sent = hs->sent;
	hop->stats.received = hs->received;
	hop->stats.errors = hs->errors;
	snprintf(hop->note, sizeof(hop->note), "%s", hs->note);
	if (best < hs->naddr)
		addr_ntop(&hs->addr[best].a, hop->addr, sizeof(hop->addr));
	close_stats(hop, &hs->rtt);
}

static void
on_hop(void *ctx, unsigned ttl, const struct trace_res *res, size_t n)
{
	struct sum *s = ctx;
	struct hopstat hs;

	if (ttl < 1 || ttl > s->max)
		return;
	hopstat_init(&hs, ttl);
	for (size_t i = 0; i < n; i++)
		hopstat_add(&hs, &res[i], NULL, false);
	to_icmpt(&hs, &s->hops[ttl - 1]);
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
	if (resolve_host(&(struct resolve_query){ host, AF_UNSPEC, 0, canon,
	    sizeof(canon) }, &dst, why, sizeof(why)) == -1) {
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
