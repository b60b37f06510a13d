/*
 * tr_multipath.c: traceroute --multipath, the I/O around the multipath
 * discovery (mda.h): it sends the probes the discovery asks for (each on
 * its own flow, trace_method_build_flow; the probe's number is its
 * identity), takes the answers through the one attribution path
 * (match.h), expires the silent ones, and prints the graph at the end
 * (tr_mp_print.c). Each turn: drain what came, expire, send what is due
 * within the window (-N) and the send wait (-z), sleep in poll().
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "exitcodes.h"
#include "match.h"
#include "mda.h"
#include "parse.h"
#include "rd.h"
#include "route.h"
#include "sock.h"
#include "tr_mp_print.h"
#include "tr_multipath.h"
#include "tr_names.h"

#define PKT_CAP		65536
#define MIN_WAIT_NS	(50 * NS_PER_MS)	/* floor of HERE * rtt */
#define MP_BUDGET	3000u			/* probes, as scamper's */
#define V6HDR		40

struct sent {
	bool		 live;
	uint8_t		 ttl;
	int64_t		 t_sent;
};

struct mp {
	const struct tr_run_cfg *c;
	struct trace_method *m;
	struct match_spec spec;
	struct mda	*mda;
	struct sent	*sent;		/* [MDA_MAX_PROBES], by token */
	size_t		 inflight;
	int64_t		 next_send;
	int64_t		 hop_rtt[256];	/* the slowest answer per TTL */
	uint8_t		*pkt, *rbuf;
	struct tr_names	*names;
	bool		 hdr6;		/* IPv6 raw: we write the header (the
					 * flow label per flow) */
	uint16_t	 flow_off;	/* the run's keyed turn of the flows */
};

/*
 * The flow a discovery flow is sent as: turned by a per-run keyed offset
 * (a bijection on the method's flows), so a second run tries other ports
 * than the first one did, and a router's hash that happens to send every
 * flow of one run down one branch does not do so every run.
 */
static uint16_t
wire_flow(const struct mp *p, unsigned flow)
{
	return (uint16_t)((flow + p->flow_off) % MDA_MAX_FLOWS);
}

/* What an answer is to the discovery. */
static enum mda_reply
kind_of(const struct trace_answer *a)
{
	if (!a->final)
		return MDA_ROUTER;
	return a->reached ? MDA_DEST : MDA_UNREACH;
}

static void
handle_one(struct mp *p, struct sock *s, const struct rx *rx)
{
	struct icmp_reply rep;
	struct trace_answer a;
	struct sent *x;

	if (match_parse(s, rx, &rep) != PARSE_OK)
		return;
	trace_method_match(p->m, &p->spec, &rep, &a);
	if (a.idx < 0 || a.idx >= (long)MDA_MAX_PROBES ||
	    !p->sent[a.idx].live)
		return;
	x = &p->sent[a.idx];
	x->live = false;
	p->inflight--;
	if (clock_mono_ns() - x->t_sent > p->hop_rtt[x->ttl])
		p->hop_rtt[x->ttl] = clock_mono_ns() - x->t_sent;
	if (p->names != NULL)
		tr_names_add(p->names, &a.from);
	mda_reply(p->mda, (uint32_t)a.idx, kind_of(&a), &a.from);
}

struct take {
	struct mp	*p;
	struct sock	*s;
};

static bool
take(void *ctx, const struct rx *rx)
{
	struct take *t = ctx;

	handle_one(t->p, t->s, rx);
	return true;
}

static void
drain_all(struct mp *p)
{
	const struct tr_run_cfg *c = p->c;
	struct take t = { p, c->tx };
	struct sock_rxq q = { p->rbuf, PKT_CAP, 1, take, &t };

	/* a raw UDP socket sees every UDP datagram: never read it */
	(void)sock_drain(c->tx, &q, p->m->raw && c->tx->proto == IPPROTO_UDP ?
	    SOCK_DRAIN_ERRQ : SOCK_DRAIN_DATA | SOCK_DRAIN_ERRQ, 1024);
	if (c->rx != NULL) {
		t.s = c->rx;
		(void)sock_drain(c->rx, &q, SOCK_DRAIN_DATA, 1024);
	}
}

/* How long a probe at ttl is waited for: -w MAX, or HERE times the
 * slowest answer seen at that TTL (never below MIN_WAIT_NS). */
static int64_t
wait_of(const struct mp *p, unsigned ttl)
{
	const struct tr_opts *o = p->c->o;
	int64_t max = (int64_t)(o->wait_max * (double)NS_PER_SEC), w;

	if (o->wait_here <= 0 || p->hop_rtt[ttl] == 0)
		return max;
	w = (int64_t)(o->wait_here * (double)p->hop_rtt[ttl]);
	if (w < MIN_WAIT_NS)
		w = MIN_WAIT_NS;
	return w < max ? w : max;
}

/* Expire the probes waited for long enough; the next expiry. */
static int64_t
expire(struct mp *p, int64_t now)
{
	int64_t next = INT64_MAX;

	for (uint32_t i = 0; i < mda_probes_sent(p->mda) && p->inflight; i++) {
		struct sent *x = &p->sent[i];
		int64_t end;

		if (!x->live)
			continue;
		end = x->t_sent + wait_of(p, x->ttl);
		if (end <= now) {
			x->live = false;
			p->inflight--;
			mda_reply(p->mda, i, MDA_TIMEOUT, NULL);
		} else if (end < next)
			next = end;
	}
	return next;
}

/*
 * The IPv6 header of a probe of flow `flow` (hdr6): a flow label of its
 * own per flow (routers hashing addresses and label, RFC 6438, see the
 * flows apart; a multiplication by an odd number is one to one on 20
 * bits), the TTL as hop limit, len bytes after it.
 */
static void
v6_header(const struct mp *p, const struct mda_probe *pr, size_t len)
{
	const struct trace_method *m = p->m;
	uint32_t label = (m->c.salt + wire_flow(p, pr->flow) * 2654435761u) &
	    0xfffffu;
	uint32_t tc = p->c->o->tos >= 0 ? (uint32_t)p->c->o->tos : 0;
	struct wr w = wr_make(p->pkt, V6HDR);

	(void)wr_be32(&w, 6u << 28 | tc << 20 | (label ? label : 1));
	(void)wr_be16(&w, (uint16_t)len);
	(void)wr_u8(&w, m->proto);
	(void)wr_u8(&w, (uint8_t)pr->ttl);
	(void)wr_bytes(&w, m->c.src.u.b, 16);
	(void)wr_bytes(&w, m->c.dst.u.b, 16);
}

/* Send the discovery's probe pr: 0 sent, 1 not (the kernel's buffers
 * are full: as good as lost, try later), -1 with err on a failure. */
static int
send_one(struct mp *p, const struct mda_probe *pr, char *err, size_t errlen)
{
	const struct tr_run_cfg *c = p->c;
	size_t off = p->hdr6 ? V6HDR : 0;
	uint16_t dport;
	ssize_t len = trace_method_build_flow(p->m, pr->token,
	    wire_flow(p, pr->flow), p->pkt + off, PKT_CAP - off, &dport);

	if (len < 0 || len > 0xffff) {
		snprintf(err, errlen, "cannot build probe %u", pr->token);
		return -1;
	}
	if (p->hdr6) {
		v6_header(p, pr, (size_t)len);
		len += V6HDR;
	}
	if (sock_set_ttl(c->tx, (int)pr->ttl) == -1) {
		snprintf(err, errlen, "setsockopt TTL: %s", strerror(errno));
		return -1;
	}
	p->sent[pr->token].ttl = (uint8_t)pr->ttl;
	p->sent[pr->token].t_sent = clock_mono_ns();
	if (sock_send(c->tx, p->pkt, (size_t)len, &p->m->c.dst, dport) < 0) {
		if (errno != ENOBUFS && errno != EAGAIN && errno != EMSGSIZE) {
			snprintf(err, errlen, "send probe: %s",
			    strerror(errno));
			return -1;
		}
		mda_reply(p->mda, pr->token, MDA_TIMEOUT, NULL);
		return 1;
	}
	p->sent[pr->token].live = true;
	p->inflight++;
	return 0;
}

/* Send what the discovery wants within the window and the send wait.
 * 1: the discovery is done, 0: go on, -1: error. */
static int
send_due(struct mp *p, int64_t now, int64_t *wake, char *err, size_t errlen)
{
	const struct tr_opts *o = p->c->o;
	struct mda_probe pr;

	*wake = INT64_MAX;
	while (p->inflight < o->sim_queries) {
		enum mda_next w;

		if (o->sendwait_ns > 0 && now < p->next_send) {
			*wake = p->next_send;
			return 0;
		}
		if ((w = mda_next(p->mda, &pr)) == MDA_DONE)
			return 1;
		if (w == MDA_WAIT)
			return p->inflight == 0 ? 1 : 0;
		switch (send_one(p, &pr, err, errlen)) {
		case -1:
			return -1;
		case 1:
			*wake = now + MIN_WAIT_NS;
			return 0;
		}
		p->next_send = now + o->sendwait_ns;
	}
	return 0;
}

static int
loop(struct mp *p, char *err, size_t errlen)
{
	for (;;) {
		int64_t now, wake, next;
		struct pollfd pfd[2];
		nfds_t n = 0;
		int r;

		drain_all(p);
		now = clock_mono_ns();
		wake = expire(p, now);
		if ((r = send_due(p, now, &next, err, errlen)) != 0)
			return r;
		if (next < wake)
			wake = next;
		pfd[n].fd = p->c->tx->fd;
		pfd[n++].events = POLLIN;
		if (p->c->rx != NULL) {
			pfd[n].fd = p->c->rx->fd;
			pfd[n++].events = POLLIN;
		}
		(void)poll(pfd, n, wake == INT64_MAX ? 1000 :
		    clock_poll_ms(clock_mono_ns(), wake));
	}
}

static int
name_of(void *ctx, const struct addr *a, char *buf, size_t len)
{
	return tr_names_get(ctx, a, buf, len);
}

/* The discovery's settings from the options. */
static void
mda_cfg_of(const struct tr_opts *o, struct mda_cfg *mc)
{
	memset(mc, 0, sizeof(*mc));
	mc->confidence = o->multipath;
	mc->first_ttl = o->first_ttl;
	mc->max_ttl = o->max_ttl;
	mc->gap_limit = o->gap_limit;
	mc->silent_tries = o->nqueries;
	mc->max_probes = MP_BUDGET;
}

/* Hop 1 is one router: traced from hop 1, to the destination itself (no
 * -g), the kernel's route there has one next hop, and no policy rule can
 * send one probe elsewhere than another (by port, mark, label, ...). */
static bool
one_first(const struct tr_opts *o, const struct addr *dst)
{
	unsigned oif = 0;

	if (o->first_ttl != 1 || o->ngateways > 0)
		return false;
	if (o->device != NULL && o->device[0] != '\0' &&
	    (oif = if_nametoindex(o->device)) == 0)
		return false;
	return route_nexthops(dst, oif, o->fwmark) == 1 &&
	    route_rules_steady(dst->af) == 1;
}

static void
print(const struct mp *p)
{
	const struct tr_run_cfg *c = p->c;
	struct tr_mp_print_cfg pc;

	memset(&pc, 0, sizeof(pc));
	pc.numeric = c->o->numeric;
	pc.json = c->o->json;
	pc.utf8 = c->utf8;
	pc.host = c->host;
	pc.raw_host = c->o->host;
	pc.dst = &p->m->c.dst;
	pc.max_ttl = c->o->max_ttl;
	pc.pktlen = trace_method_pktlen(p->m);
	pc.method = tr_opts_method_name(c->o->method);
	pc.confidence = c->o->multipath;
	pc.name = p->names != NULL ? name_of : NULL;
	pc.ctx = p->names;
	tr_mp_print(c->out, &pc, p->mda);
}

static bool
setup(struct mp *p, const struct tr_run_cfg *c, char *err, size_t errlen)
{
	struct mda_cfg mc;

	memset(p, 0, sizeof(*p));
	p->c = c;
	p->m = c->m;
	if (c->tx == NULL || !trace_method_flows_ok(c->m)) {
		snprintf(err, errlen, "--multipath: the %s method cannot vary "
		    "the flow here (the default, icmp and tcp methods can; "
		    "tcp needs raw sockets, UDP and ICMP room for their "
		    "identity)", tr_opts_method_name(c->o->method));
		return false;
	}
	mda_cfg_of(c->o, &mc);
	mc.one_first = one_first(c->o, &c->m->c.dst);
	/* every flow's port must stay clear of port 0 (match.h) */
	p->m->nflows = MDA_MAX_FLOWS;
	p->flow_off = (uint16_t)((p->m->c.salt >> 8) % MDA_MAX_FLOWS);
	trace_method_spec(p->m, &p->spec);
	/* IPv6 raw UDP/TCP: the flow label too (else the kernel's, one
	 * for all: it hashes no port of a raw socket's packet) */
	p->hdr6 = p->m->c.af == AF_INET6 && p->m->raw &&
	    (p->m->c.id == TRACE_UDP || p->m->c.id == TRACE_TCP) &&
	    sock_set_hdrincl6(c->tx) == 0;
	p->sent = calloc(MDA_MAX_PROBES, sizeof(*p->sent));
	p->pkt = malloc(PKT_CAP);
	p->rbuf = malloc(PKT_CAP);
	if (!c->o->numeric)
		p->names = tr_names_new();
	if (p->sent == NULL || p->pkt == NULL || p->rbuf == NULL ||
	    (!c->o->numeric && p->names == NULL)) {
		snprintf(err, errlen, "cannot set up the trace: %s",
		    strerror(ENOMEM));
		return false;
	}
	return (p->mda = mda_new(&mc, err, errlen)) != NULL;
}

static void
teardown(struct mp *p)
{
	mda_free(p->mda);
	tr_names_free(p->names);
	free(p->sent);
	free(p->pkt);
	free(p->rbuf);
}

int
tr_multipath(const struct tr_run_cfg *c, char *err, size_t errlen)
{
	struct mp p;
	int rc = EXIT_ERROR;

	if (setup(&p, c, err, errlen) && loop(&p, err, errlen) == 1) {
		print(&p);
		rc = mda_reached(p.mda) ? EXIT_OK : EXIT_NOREPLY;
	}
	teardown(&p);
	return rc;
}
