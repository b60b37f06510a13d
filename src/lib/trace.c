/*
 * trace.c: the traceroute engine (see trace.h). Each turn follows
 * mtr-packet's order: drain what was received (kernel timestamps), let the
 * scheduler expire and release hops, then send what is due, then sleep in
 * poll() until the next answer or the scheduler's wake time.
 */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include <linux/errqueue.h>	/* SO_EE_ORIGIN_LOCAL (needs time.h) */

#include "clock.h"
#include "match.h"
#include "parse.h"
#include "sock.h"
#include "trace.h"
#include "trace_method.h"
#include "trace_sched.h"

#define PKT_CAP		65536

struct run {
	const struct trace_cfg *c;
	const struct trace_hooks *h;
	struct trace_sched s;
	struct trace_probe *probes;
	struct trace_res *res;
	uint8_t		*ext;		/* n * TRACE_EXT_MAX with cfg.ext */
	size_t		 n;
	bool		 reached;
	bool		 late_seen;
	size_t		 last_idx;	/* last probe sent (--mtu local errors) */
	uint8_t		*pkt;		/* probe being built */
	uint8_t		*rbuf;		/* receive buffer */
	struct match_spec spec;		/* what the probes are */
	struct sock	 conn;		/* tcpconn: the probe's socket */
	bool		 conn_open;
	size_t		 conn_idx;
	unsigned	 took;		/* records read by drain() */
	uint16_t	 conn_port;	/* tcpconn: the flow's local port */
};

/* When the answer to probe idx arrived on the monotonic clock: its send
 * time plus the trip measured on the kernel's clock (clock_rtt_ns). */
static int64_t
arrival(const struct run *r, size_t idx, const struct rx *rx)
{
	const struct trace_probe *p = trace_sched_probe(&r->s, idx);
	struct clock_stamp st = { p->t_sent, r->res[idx].t_real };

	return p->t_sent + clock_rtt_ns(&st, rx->t_rx, rx->t_kernel);
}

/* What an answer says, into probe idx's result. */
static void
fill_res(struct run *r, size_t idx, const struct trace_answer *a,
    const struct icmp_reply *rep, const struct rx *rx)
{
	struct trace_res *res = &r->res[idx];

	res->from = a->from;
	res->recv_ttl = rx->ttl > 0 ? rx->ttl : 0;
	res->tcp = rep->kind == ICMP_KIND_TCP;
	res->l4 = rep->kind == ICMP_KIND_TCP || rep->kind == ICMP_KIND_DCCP ||
	    rep->kind == ICMP_KIND_PROTO;
	res->kind = rep->kind;
	res->type = rep->type;
	res->code = rep->code;
	res->mtu = rep->mtu;
	res->tcp_flags = rep->tcp_flags;
	if (r->ext != NULL && rep->ext != NULL && rep->extlen > 0) {
		uint8_t *to = r->ext + idx * TRACE_EXT_MAX;

		res->extlen = rep->extlen < TRACE_EXT_MAX ? rep->extlen :
		    TRACE_EXT_MAX;
		memcpy(to, rep->ext, res->extlen);
		res->ext = to;
	}
}

/*
 * The destination answered a probe whose hop was printed ('*'): it is
 * reached, so the trace ends and the caller shows the answer, never lost
 * (a destination slower than MAX).
 */
static void
late(struct run *r, const struct trace_answer *a, size_t idx,
    const struct icmp_reply *rep, const struct rx *rx)
{
	const struct trace_probe *p = trace_sched_probe(&r->s, idx);
	struct trace_res res;

	/* rounds: a probe given up stays given up, the other rounds of its
	 * hop and the hops after it go on */
	if (!a->final || !a->reached || r->late_seen || r->c->round_ns > 0)
		return;
	r->reached = r->late_seen = true;
	memset(&res, 0, sizeof(res));
	res.answered = true;
	res.from = a->from;
	res.rtt_ns = arrival(r, idx, rx) - p->t_sent;
	res.recv_ttl = rx->ttl > 0 ? rx->ttl : 0;
	res.kind = rep->kind;
	res.type = rep->type;
	res.code = rep->code;
	if (r->h->late != NULL)
		r->h->late(r->h->ctx, (unsigned)(idx / r->c->nqueries + 1),
		    &res);
	trace_sched_stop(&r->s);
}

/* An answer for probe a->idx arrived. */
static void
record(struct run *r, const struct trace_answer *a,
    const struct icmp_reply *rep, const struct rx *rx)
{
	struct trace_method *m = r->c->m;
	size_t idx = (size_t)a->idx;

	/* an answer that names no probe: the one in flight (one at a
	 * time), if it still is */
	if (a->idx == TRACE_IDX_NEWEST) {
		idx = r->last_idx;
		if (r->probes[idx].st != TRACE_P_SENT)
			return;
	} else if (a->idx < 0 || idx >= r->n)
		return;
	if (r->c->mtu && a->mtu != 0 && a->mtu < trace_method_pktlen(m) &&
	    r->probes[idx].st == TRACE_P_SENT) {
		/* a smaller link: shrink and send this probe again */
		trace_method_set_pktlen(m, a->mtu);
		r->res[idx].pmtu = a->mtu;
		trace_sched_resend(&r->s, idx);
		return;
	}
	switch (trace_sched_reply(&r->s, idx, arrival(r, idx, rx),
	    a->final)) {
	case TRACE_REPLY_TAKEN:
		break;
	case TRACE_REPLY_LATE:
		late(r, a, idx, rep, rx);
		return;
	case TRACE_REPLY_REFUSED:
		return;
	}
	fill_res(r, idx, a, rep, rx);
	if (a->reached)
		r->reached = true;
	if (r->h->answer != NULL)
		r->h->answer(r->h->ctx, &a->from);
}

/* A local EMSGSIZE on --mtu: the first link is smaller than the probe. */
static void
local_error(struct run *r, const struct rx *rx)
{
	struct trace_method *m = r->c->m;

	if (!r->c->mtu || rx->err.origin != SO_EE_ORIGIN_LOCAL ||
	    rx->err.err != EMSGSIZE || rx->err.info == 0 ||
	    rx->err.info >= trace_method_pktlen(m))
		return;
	trace_method_set_pktlen(m, rx->err.info);
	r->res[r->last_idx].pmtu = rx->err.info;
	trace_sched_resend(&r->s, r->last_idx);
}

/* What a socket returned, through the one attribution path. */
static void
handle_one(struct run *r, struct sock *s, const struct rx *rx)
{
	struct trace_method *m = r->c->m;
	struct icmp_reply rep;
	struct trace_answer a;
	enum parse_err e = match_parse(s, rx, &rep);

	if (e == PARSE_NOT_ICMP || e == PARSE_REDUNDANT) {
		/* only local errors (--mtu) are ours to see here */
		if (rx->is_err)
			local_error(r, rx);
		return;
	}
	if (e != PARSE_OK)
		return;
	if (rep.from_errq && r->c->ext)
		parse_errqueue_ext(&rep, rx->buf, rx->len,
		    trace_method_errq_hdrlen(m));
	if (s == &r->conn)
		trace_method_match_conn(m, r->conn_idx, &rep, &a);
	else
		trace_method_match(m, &r->spec, &rep, &a);
	record(r, &a, &rep, rx);
}

/* sock_drain's callback for the socket being drained. */
struct take {
	struct run	*r;
	struct sock	*s;
};

static bool
take(void *ctx, const struct rx *rx)
{
	struct take *t = ctx;

	t->r->took++;
	handle_one(t->r, t->s, rx);
	return true;
}

static int
drain(struct run *r, struct sock *s, unsigned flags)
{
	struct take t = { r, s };
	struct sock_rxq q = { r->rbuf, PKT_CAP, 1, take, &t };

	return sock_drain(s, &q, flags, 1024);
}

static void
conn_close(struct run *r)
{
	if (r->conn_open)
		sock_close(&r->conn);
	r->conn_open = false;
}

/*
 * tcpconn: what became of the probe's connect. An ICMP error waits on
 * the socket's error queue (the kernel quotes the SYN it sent); else the
 * destination answered: connected (SYN-ACK) or refused (RST).
 */
static void
conn_poll(struct run *r)
{
	struct icmp_reply rep;
	struct trace_answer a;
	struct rx rx;
	int st;

	if (!r->conn_open)
		return;
	r->took = 0;
	(void)drain(r, &r->conn, SOCK_DRAIN_ERRQ);
	if (r->took > 0) {
		conn_close(r);
		return;
	}
	st = sock_connect_state(&r->conn);
	if (st == 0)
		return;
	memset(&rx, 0, sizeof(rx));
	rx.t_rx = clock_mono_ns();
	rx.t_kernel = -1;
	rx.ttl = -1;
	if (st == 1 || errno == ECONNREFUSED || errno == ECONNRESET) {
		memset(&rep, 0, sizeof(rep));
		rep.af = r->c->m->c.af;
		rep.kind = ICMP_KIND_TCP;
		rep.l4proto = IPPROTO_TCP;
		rep.src = r->c->m->c.dst;
		rep.tcp_flags = st == 1 ? 0x12 : 0x14;	/* SYN-ACK, RST-ACK */
		trace_method_match_conn(r->c->m, r->conn_idx, &rep, &a);
		record(r, &a, &rep, &rx);
	}
	/* a connection the destination accepted may linger there (its
	 * close crossing our reset): the next probe takes a new port, so
	 * its SYN never meets the old connection's state */
	if (st == 1)
		r->conn_port = 0;
	conn_close(r);
}

/* tcpconn: a new socket connects with the probe's TTL. */
static int
conn_send(struct run *r, const struct trace_sched_out *out, char *err,
    size_t errlen)
{
	struct sock_opts o = *r->c->conn;
	const struct trace_method *m = r->c->m;

	conn_close(r);
	o.ttl = (int)out->ttl;
	/* every probe from the first one's port: one flow (ECMP) */
	if (o.sport == 0)
		o.sport = r->conn_port;
	r->last_idx = r->conn_idx = out->idx;
	trace_sched_sent_at(&r->s, out->idx, clock_mono_ns());
	r->res[out->idx].t_real = clock_real_ns();
	if (sock_connect_start(&r->conn, &o, &m->c.dst, m->dport, err,
	    errlen) == -1) {
		if (errno == EADDRINUSE || errno == EADDRNOTAVAIL ||
		    errno == ENOBUFS || errno == EAGAIN) {
			/* the port is taken after all: the kernel's next */
			r->conn_port = 0;
			trace_sched_resend(&r->s, out->idx);
			return 0;
		}
		return -1;
	}
	r->conn_open = true;
	if (r->conn_port == 0)
		r->conn_port = sock_local_port(&r->conn);
	return 0;
}

static int
send_probe(struct run *r, const struct trace_sched_out *out, char *err,
    size_t errlen)
{
	const struct trace_cfg *c = r->c;
	uint16_t dport;
	ssize_t len;

	if (c->conn != NULL)
		return conn_send(r, out, err, errlen);
	len = trace_method_build(c->m, out->idx, r->pkt, PKT_CAP, &dport);
	if (len < 0) {
		snprintf(err, errlen, "cannot build probe %zu", out->idx);
		return -1;
	}
	if (sock_set_ttl(c->tx, (int)out->ttl) == -1) {
		snprintf(err, errlen, "setsockopt TTL: %s", strerror(errno));
		return -1;
	}
	r->last_idx = out->idx;
	/* stamp before sending: the answer's kernel time may precede the
	 * return of sendto() */
	trace_sched_sent_at(&r->s, out->idx, clock_mono_ns());
	r->res[out->idx].t_real = clock_real_ns();
	if (sock_send(c->tx, r->pkt, (size_t)len, &c->m->c.dst, dport) >= 0)
		return 0;
	if (errno == EMSGSIZE && c->mtu) {
		/* the error queue says how small (local_error) */
		(void)drain(r, c->tx, SOCK_DRAIN_ERRQ);
		if (r->probes[out->idx].st == TRACE_P_SENT)
			trace_sched_resend(&r->s, out->idx);
		return 0;
	}
	if (errno == ENOBUFS || errno == EAGAIN) {
		trace_sched_resend(&r->s, out->idx);
		return 0;
	}
	snprintf(err, errlen, "send probe: %s", strerror(errno));
	return -1;
}

/* Hop out->ttl is complete: its results to the caller. */
static void
release(struct run *r, const struct trace_sched_out *out)
{
	size_t q = r->c->nqueries;

	for (size_t i = out->idx; i < out->idx + q; i++) {
		const struct trace_probe *p = &r->probes[i];
		struct trace_res *res = &r->res[i];

		res->answered = p->st == TRACE_P_DONE;
		/* only a trace stopped before its end has these */
		res->pending = p->st == TRACE_P_IDLE ||
		    p->st == TRACE_P_SENT || p->st == TRACE_P_PARKED;
		res->rtt_ns = res->answered && p->t_recv > p->t_sent ?
		    p->t_recv - p->t_sent : 0;
	}
	if (r->h->hop != NULL)
		r->h->hop(r->h->ctx, out->ttl, &r->res[out->idx], q);
}

/*
 * stop() ended the trace (cfg.flush): the hops not handed over yet go to
 * the caller as they are, in order, up to the last one with an outcome,
 * so what was measured before the stop is kept.
 */
static void
flush(struct run *r)
{
	size_t q = r->c->nqueries, last = 0, i;
	struct trace_sched_out out;

	for (i = r->s.start; i < r->s.end; i++)
		if (r->probes[i].st == TRACE_P_DONE ||
		    r->probes[i].st == TRACE_P_EXPIRED)
			last = i / q + 1;
	for (i = r->s.start; i < r->s.end && i / q < last; i += q) {
		memset(&out, 0, sizeof(out));
		out.what = TRACE_SCHED_HOP;
		out.idx = i;
		out.ttl = (unsigned)(i / q + 1);
		release(r, &out);
	}
}

static void
wait_io(struct run *r, int64_t wake)
{
	struct pollfd pfd[3];
	nfds_t n = 0;
	int64_t now = clock_mono_ns();

	if (r->c->tx != NULL) {
		pfd[n].fd = r->c->tx->fd;
		pfd[n++].events = POLLIN;
	}
	if (r->conn_open) {
		pfd[n].fd = r->conn.fd;
		pfd[n++].events = POLLOUT;
	}
	if (r->c->rx != NULL) {
		pfd[n].fd = r->c->rx->fd;
		pfd[n++].events = POLLIN;
	}
	(void)poll(pfd, n, wake == INT64_MAX ? 1000 : clock_poll_ms(now,
	    wake));
}

static void
drain_all(struct run *r)
{
	const struct trace_cfg *c = r->c;

	/* a raw UDP socket sees every UDP datagram: never read it */
	if (c->tx != NULL)
		(void)drain(r, c->tx, c->m->raw &&
		    c->tx->proto == IPPROTO_UDP ? SOCK_DRAIN_ERRQ :
		    SOCK_DRAIN_DATA | SOCK_DRAIN_ERRQ);
	if (c->rx != NULL)
		(void)drain(r, c->rx, SOCK_DRAIN_DATA);
	conn_poll(r);
}

static int
loop(struct run *r, char *err, size_t errlen)
{
	struct trace_sched_out out;

	for (;;) {
		/* the scheduler's "now" is when the sockets were last
		 * looked at: a probe expires only if its answer had not come
		 * by then, never because we were late to read it (-w 0: the
		 * answers already there are taken, as 2.1.2 does) */
		int64_t looked = clock_mono_ns();

		drain_all(r);
		for (;;) {
			enum trace_sched_what w = trace_sched_next(&r->s,
			    looked, &out);

			if (w == TRACE_SCHED_END)
				return r->reached ? 1 : 0;
			if (w == TRACE_SCHED_WAIT)
				break;
			if (w == TRACE_SCHED_HOP)
				release(r, &out);
			else if (send_probe(r, &out, err, errlen) == -1)
				return -1;
		}
		if (r->h->stop != NULL && r->h->stop(r->h->ctx)) {
			if (r->c->flush)
				flush(r);
			return r->reached ? 1 : 0;
		}
		wait_io(r, out.wake);
	}
}

static bool
setup(struct run *r, const struct trace_cfg *c, const struct trace_hooks *h)
{
	/* 2.1.2's one-at-a-time methods: window 1, no parking */
	bool one = trace_method_one_at_a_time(c->m->c.id);
	struct trace_sched_cfg sc = {
		c->first_ttl, c->max_ttl, c->nqueries, one ? 1 : c->window,
		c->sendwait_ns, (int64_t)(c->wait_max * (double)NS_PER_SEC),
		c->wait_here, c->wait_near, c->gap_limit, one, c->round_ns,
		c->gap0_ns, c->wait_floor_ns,
	};

	memset(r, 0, sizeof(*r));
	r->c = c;
	r->h = h;
	r->n = trace_sched_nprobes(&sc);
	r->probes = calloc(r->n, sizeof(*r->probes));
	r->res = calloc(r->n, sizeof(*r->res));
	r->pkt = malloc(PKT_CAP);
	r->rbuf = malloc(PKT_CAP);
	if (c->ext)
		r->ext = malloc(r->n * TRACE_EXT_MAX);
	if (r->probes == NULL || r->res == NULL || r->pkt == NULL ||
	    r->rbuf == NULL || (c->ext && r->ext == NULL))
		return false;
	trace_method_spec(c->m, &r->spec);
	return trace_sched_init(&r->s, &sc, r->probes, r->n);
}

int
trace_run(const struct trace_cfg *c, const struct trace_hooks *h, char *err,
    size_t errlen)
{
	struct run r;
	int rc = -1;

	if (!setup(&r, c, h))
		snprintf(err, errlen, "cannot set up the trace: %s",
		    strerror(ENOMEM));
	else
		rc = loop(&r, err, errlen);
	conn_close(&r);
	free(r.probes);
	free(r.res);
	free(r.ext);
	free(r.pkt);
	free(r.rbuf);
	return rc;
}
