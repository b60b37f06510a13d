/*
 * tr_run.c: the traceroute I/O loop (see tr_run.h). Each turn follows
 * mtr-packet's order: drain what was received (kernel timestamps), let the
 * scheduler expire and release hops, then send what is due, then sleep in
 * poll() until the next answer or the scheduler's wake time.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include <linux/errqueue.h>	/* SO_EE_ORIGIN_LOCAL (needs time.h) */

#include "clock.h"
#include "esc.h"
#include "exitcodes.h"
#include "icmpext.h"
#include "icmpnames.h"
#include "match.h"
#include "parse.h"
#include "tr_names.h"
#include "tr_print.h"
#include "tr_run.h"
#include "tr_sched.h"

#define PKT_CAP		65536

struct tr_res {
	struct addr	 from;
	char		 annot[24];
	uint32_t	 mtu;		/* --mtu: F= shown after this probe */
	char		 ext[ICMPEXT_TEXT_MAX];	/* -e text, cut as 2.1.2 */
	int		 recv_ttl;
	int64_t		 t_real;	/* CLOCK_REALTIME send time */
};

struct run {
	const struct tr_run_cfg *c;
	struct tr_sched	 s;
	struct tr_probe	*probes;
	struct tr_res	*res;
	size_t		 n;
	bool		 reached;
	size_t		 last_idx;	/* last probe sent (--mtu local errors) */
	uint8_t		*pkt;		/* probe being built */
	uint8_t		*rbuf;		/* receive buffer */
	struct tr_names	*names;
	struct match_spec spec;		/* what the probes are */
	struct tr_hop_probe late;	/* a destination answer after its
					 * hop was printed */
	unsigned	 late_ttl;
};

static void
res_annot(struct tr_res *res, const struct icmp_reply *rep, bool ext)
{
	res->annot[0] = '\0';
	res->ext[0] = '\0';
	if (rep == NULL)
		return;
	if (rep->kind != ICMP_KIND_ECHO_REPLY &&
	    icmpnames_tr_annot(rep, res->annot, sizeof(res->annot)) < 0)
		res->annot[0] = '\0';
	if (ext && rep->ext != NULL && rep->extlen > 0) {
		struct icmpext e;

		if (icmpext_parse(rep->ext, rep->extlen, &e) == 0 &&
		    icmpext_format(&e, res->ext, sizeof(res->ext)) < 0)
			res->ext[0] = '\0';
	}
}

/* When the answer to probe idx arrived on the monotonic clock: its send
 * time plus the trip measured on the kernel's clock (clock_rtt_ns). */
static int64_t
arrival(const struct run *r, size_t idx, const struct rx *rx)
{
	const struct tr_probe *p = tr_sched_probe(&r->s, idx);
	struct clock_stamp st = { p->t_sent, r->res[idx].t_real };

	return p->t_sent + clock_rtt_ns(&st, rx->t_rx, rx->t_kernel);
}

/*
 * The destination answered a probe whose hop was printed ('*'): it is
 * reached, so the trace ends here and the answer is shown after the last
 * line, never lost (a destination slower than MAX).
 */
static void
late(struct run *r, const struct tr_answer *a, size_t idx,
    const struct rx *rx)
{
	const struct tr_probe *p = tr_sched_probe(&r->s, idx);

	if (!a->final || !a->reached || r->late.answered)
		return;
	r->reached = true;
	r->late.answered = true;
	r->late.from = a->from;
	r->late.rtt_ns = arrival(r, idx, rx) - p->t_sent;
	r->late_ttl = (unsigned)(idx / r->c->o->nqueries + 1);
	tr_sched_stop(&r->s);
}

/* An answer for probe a->idx arrived (rep NULL for TCP replies). */
static void
record(struct run *r, const struct tr_answer *a,
    const struct icmp_reply *rep, const struct rx *rx)
{
	const struct tr_opts *o = r->c->o;
	struct tr_method *m = r->c->m;
	size_t idx = (size_t)a->idx;

	if (a->idx < 0 || idx >= r->n)
		return;
	if (o->mtu && a->mtu != 0 && a->mtu < tr_method_pktlen(m) &&
	    r->probes[idx].st == TR_P_SENT) {
		/* a smaller link: shrink and send this probe again */
		tr_method_set_pktlen(m, a->mtu);
		r->res[idx].mtu = a->mtu;
		tr_sched_resend(&r->s, idx);
		return;
	}
	switch (tr_sched_reply(&r->s, idx, arrival(r, idx, rx), a->final)) {
	case TR_REPLY_TAKEN:
		break;
	case TR_REPLY_LATE:
		late(r, a, idx, rx);
		return;
	case TR_REPLY_REFUSED:
		return;
	}
	r->res[idx].from = a->from;
	r->res[idx].recv_ttl = rx->ttl > 0 ? rx->ttl : 0;
	res_annot(&r->res[idx], rep, o->ext);
	if (a->reached)
		r->reached = true;
	if (r->names != NULL)
		tr_names_add(r->names, &a->from);
}

/* A local EMSGSIZE on --mtu: the first link is smaller than the probe. */
static void
local_error(struct run *r, const struct rx *rx)
{
	struct tr_method *m = r->c->m;

	if (!r->c->o->mtu || rx->err.origin != SO_EE_ORIGIN_LOCAL ||
	    rx->err.err != EMSGSIZE || rx->err.info == 0 ||
	    rx->err.info >= tr_method_pktlen(m))
		return;
	tr_method_set_pktlen(m, rx->err.info);
	r->res[r->last_idx].mtu = rx->err.info;
	tr_sched_resend(&r->s, r->last_idx);
}

/* What a socket returned, through the one attribution path. */
static void
handle_one(struct run *r, struct sock *s, const struct rx *rx)
{
	struct tr_method *m = r->c->m;
	struct icmp_reply rep;
	struct tr_answer a;
	enum parse_err e = match_parse(s, rx, &rep);

	if (e == PARSE_NOT_ICMP || e == PARSE_REDUNDANT) {
		/* only local errors (--mtu) are ours to see here */
		if (rx->is_err)
			local_error(r, rx);
		return;
	}
	if (e != PARSE_OK)
		return;
	if (rep.from_errq && r->c->o->ext)
		parse_errqueue_ext(&rep, rx->buf, rx->len,
		    tr_method_errq_hdrlen(m));
	tr_method_match(m, &r->spec, &rep, &a);
	record(r, &a, rep.kind == ICMP_KIND_TCP ? NULL : &rep, rx);
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

	handle_one(t->r, t->s, rx);
	return true;
}

static void
drain(struct run *r, struct sock *s, unsigned flags)
{
	struct take t = { r, s };
	struct sock_rxq q = { r->rbuf, PKT_CAP, 1, take, &t };

	(void)sock_drain(s, &q, flags, 1024);
}

static int
send_probe(struct run *r, const struct tr_sched_out *out, char *err,
    size_t errlen)
{
	const struct tr_run_cfg *c = r->c;
	uint16_t dport;
	size_t len;

	len = tr_method_build(c->m, out->idx, r->pkt, PKT_CAP, &dport);
	if (len == 0) {
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
	tr_sched_sent_at(&r->s, out->idx, clock_mono_ns());
	r->res[out->idx].t_real = clock_real_ns();
	if (sock_send(c->tx, r->pkt, len, &c->m->c.dst, dport) >= 0)
		return 0;
	if (errno == EMSGSIZE && c->o->mtu) {
		/* the error queue says how small (local_error) */
		drain(r, c->tx, SOCK_DRAIN_ERRQ);
		if (r->probes[out->idx].st == TR_P_SENT)
			tr_sched_resend(&r->s, out->idx);
		return 0;
	}
	if (errno == ENOBUFS || errno == EAGAIN) {
		tr_sched_resend(&r->s, out->idx);
		return 0;
	}
	snprintf(err, errlen, "send probe: %s", strerror(errno));
	return -1;
}

static void
print_hop(struct run *r, const struct tr_sched_out *out)
{
	const struct tr_opts *o = r->c->o;
	struct tr_print_cfg pc = { o->numeric, o->back };
	struct tr_hop_probe hp[TR_MAX_QUERIES];
	char names[TR_MAX_QUERIES][ESC_MAXGROW * NI_MAXHOST];
	char name[NI_MAXHOST];

	for (size_t q = 0; q < o->nqueries; q++) {
		const struct tr_probe *p = &r->probes[out->idx + q];
		const struct tr_res *res = &r->res[out->idx + q];

		memset(&hp[q], 0, sizeof(hp[q]));
		hp[q].answered = p->st == TR_P_DONE;
		hp[q].from = res->from;
		hp[q].rtt_ns = p->t_recv > p->t_sent ? p->t_recv - p->t_sent :
		    0;
		hp[q].annot = res->annot;
		hp[q].mtu = res->mtu;
		hp[q].ext = res->ext;
		hp[q].recv_ttl = res->recv_ttl;
		/* names come from the resolver: outside text, escaped */
		if (hp[q].answered && r->names != NULL &&
		    tr_names_get(r->names, &res->from, name,
		    sizeof(name)) == 0) {
			esc_str(name, r->c->utf8, names[q], sizeof(names[q]));
			hp[q].name = names[q];
		}
	}
	tr_print_hop(r->c->out, &pc, out->ttl, hp, o->nqueries);
}

static void
wait_io(struct run *r, int64_t wake)
{
	struct pollfd pfd[2];
	nfds_t n = 0;
	int64_t now = clock_mono_ns();

	pfd[n].fd = r->c->tx->fd;
	pfd[n++].events = POLLIN;
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
	const struct tr_run_cfg *c = r->c;

	/* a raw UDP socket sees every UDP datagram: never read it */
	drain(r, c->tx, c->m->raw && c->tx->proto == IPPROTO_UDP ?
	    SOCK_DRAIN_ERRQ : SOCK_DRAIN_DATA | SOCK_DRAIN_ERRQ);
	if (c->rx != NULL)
		drain(r, c->rx, SOCK_DRAIN_DATA);
}

static int
loop(struct run *r, char *err, size_t errlen)
{
	struct tr_sched_out out;

	for (;;) {
		/* the scheduler's "now" is when the sockets were last
		 * looked at: a probe expires only if its answer had not come
		 * by then, never because we were late to read it (-w 0: the
		 * answers already there are taken, as 2.1.2 does) */
		int64_t looked = clock_mono_ns();

		drain_all(r);
		for (;;) {
			enum tr_sched_what w = tr_sched_next(&r->s, looked,
			    &out);

			if (w == TR_SCHED_END) {
				if (r->late.answered)
					tr_print_late(r->c->out, r->late_ttl,
					    &r->late);
				return r->reached ? EXIT_OK : EXIT_NOREPLY;
			}
			if (w == TR_SCHED_WAIT)
				break;
			if (w == TR_SCHED_HOP)
				print_hop(r, &out);
			else if (send_probe(r, &out, err, errlen) == -1)
				return EXIT_ERROR;
		}
		wait_io(r, out.wake);
	}
}

static bool
setup(struct run *r, const struct tr_run_cfg *c)
{
	const struct tr_opts *o = c->o;
	struct tr_sched_cfg sc = {
		o->first_ttl, o->max_ttl, o->nqueries, o->sim_queries,
		o->sendwait_ns, (int64_t)(o->wait_max * (double)NS_PER_SEC),
		o->wait_here, o->wait_near, o->gap_limit,
	};

	memset(r, 0, sizeof(*r));
	r->c = c;
	r->n = tr_sched_nprobes(&sc);
	r->probes = calloc(r->n, sizeof(*r->probes));
	r->res = calloc(r->n, sizeof(*r->res));
	r->pkt = malloc(PKT_CAP);
	r->rbuf = malloc(PKT_CAP);
	if (r->probes == NULL || r->res == NULL || r->pkt == NULL ||
	    r->rbuf == NULL)
		return false;
	if (!o->numeric && (r->names = tr_names_new()) == NULL)
		return false;
	tr_method_spec(c->m, &r->spec);
	return tr_sched_init(&r->s, &sc, r->probes, r->n);
}

int
tr_run(const struct tr_run_cfg *c, char *err, size_t errlen)
{
	struct run r;
	int rc = EXIT_ERROR;

	if (!setup(&r, c))
		snprintf(err, errlen, "cannot set up the trace: %s",
		    strerror(ENOMEM));
	else {
		tr_print_header(c->out, c->host, &c->m->c.dst, c->o->max_ttl,
		    tr_method_pktlen(c->m));
		fflush(c->out);
		rc = loop(&r, err, errlen);
	}
	tr_names_free(r.names);
	free(r.probes);
	free(r.res);
	free(r.pkt);
	free(r.rbuf);
	return rc;
}
