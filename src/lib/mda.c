/*
 * mda.c: multipath discovery as a pure state machine (see mda.h). The
 * trace explores one hop at a time; each hop goes through the phases
 * DISCOVER (hop-level stopping rule), PERPKT (flows sent again where a
 * vertex branches), LINKS (one flow per interface, the meshing test) and,
 * when the hop is meshed or not uniform, FULL (the MDA's per-vertex rule
 * with node control). Probes of one phase go out together (the caller's
 * window), so a need is always "target - answered - pending".
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mda.h"

#define PHI		2	/* flows per vertex of the meshing test
				 * (MDA-Lite's phi) */
#define NONE		(-1)

enum rec_st { R_PEND = 1, R_ANS, R_SILENT };
enum phase { PH_DISCOVER = 0, PH_PERPKT, PH_LINKS, PH_FULL, PH_DONE };
enum step { S_SEND, S_WAIT, S_ADVANCE, S_AGAIN };

/* One flow probed at one TTL. */
struct rec {
	uint16_t	 flow;
	int16_t		 ifx;		/* answering interface, NONE */
	uint8_t		 st;
};

struct hop {
	bool		 used;
	enum phase	 ph;
	struct mda_iface ifs[MDA_MAX_IFS];
	size_t		 nifs;
	struct mda_link	 links[MDA_MAX_LINKS];
	size_t		 nlinks;
	struct rec	*recs;
	size_t		 nrec, caprec;
	uint16_t	*fidx;		/* flow -> rec index + 1, 0: none */
	unsigned	 answered, pending, silent, probes;
	unsigned	 rep_ok, rep_pending, rep_sent;
	size_t		 rep_next;
	bool		 silent_hop, per_packet, links_unknown, full, meshed;
	bool		 uniform;	/* the hop-level rule holds here */
	double		 reach[MDA_MAX_IFS];
	double		 conf;
};

/* A probe sent: a record's, or a repeat (per-packet test). */
struct logent {
	uint16_t	 ttl;
	uint16_t	 flow;
	uint32_t	 rec;
	int16_t		 want;		/* repeat: the first answer's ifx */
	bool		 rep;
	bool		 done;
};

struct mda {
	struct mda_cfg	 c;
	double		 alpha;
	unsigned	 nk[MDA_MAX_K + 1];
	struct hop	*hops;		/* [max_ttl + 1] */
	struct logent	*log;
	size_t		 nlog;
	unsigned	 cur, last;
	unsigned	 next_flow;
	unsigned	 gap;
	bool		 done, reached;
};

/*
 * P(n draws, each uniform over K successors, miss at least one): the
 * failure probability of the MDA's stopping rule (Veitch et al. 2009,
 * eq. 1; inclusion-exclusion there), here as the exact occupancy
 * recursion p_t(j) = p_{t-1}(j) j/K + p_{t-1}(j-1) (K-j+1)/K, which stays
 * accurate for large K.
 */
static double
occupancy(unsigned K, unsigned n, unsigned *nk_out, double alpha)
{
	double p[MDA_MAX_K + 2], q[MDA_MAX_K + 2];

	memset(p, 0, sizeof(p));
	p[0] = 1;
	for (unsigned t = 1; t <= n; t++) {
		q[0] = 0;
		for (unsigned j = 1; j <= K; j++)
			q[j] = p[j] * j / K + p[j - 1] * (K - j + 1) / K;
		memcpy(p, q, sizeof(double) * (K + 1));
		if (nk_out != NULL && 1.0 - p[K] <= alpha + 1e-12) {
			*nk_out = t;
			break;
		}
	}
	return 1.0 - p[K];
}

double
mda_miss(unsigned K, unsigned n)
{
	if (K < 2)
		return 0;
	if (K > MDA_MAX_K + 1)
		K = MDA_MAX_K + 1;
	return occupancy(K, n, NULL, 0);
}

/*
 * The MDA's stopping point n_k (Augustin et al. 2007, Table 1): the
 * fewest probes after which k seen successors rule out a (k+1)-th with
 * confidence c, i.e. P(n probes over k+1 successors miss one) <= 1 - c.
 * 95%: 6, 11, 16, 21, 27, 33, ...
 */
unsigned
mda_nk(double c, unsigned k)
{
	unsigned n = 0;

	if (k < 1 || k > MDA_MAX_K || !(c > 0 && c < 1))
		return 0;
	(void)occupancy(k + 1, 100000, &n, 1.0 - c);
	return n;
}

struct mda *
mda_new(const struct mda_cfg *c, char *err, size_t errlen)
{
	struct mda *m;

	if (!(c->confidence >= 0.5 && c->confidence < 1) ||
	    c->first_ttl < 1 || c->first_ttl > c->max_ttl ||
	    c->max_ttl > 255 || c->max_probes > MDA_MAX_PROBES ||
	    c->max_probes == 0) {
		snprintf(err, errlen, "bad multipath settings");
		return NULL;
	}
	if ((m = calloc(1, sizeof(*m))) == NULL ||
	    (m->hops = calloc(c->max_ttl + 1, sizeof(*m->hops))) == NULL ||
	    (m->log = calloc(c->max_probes, sizeof(*m->log))) == NULL) {
		mda_free(m);
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	m->c = *c;
	if (m->c.silent_tries == 0)
		m->c.silent_tries = 1;
	m->alpha = 1.0 - c->confidence;
	for (unsigned k = 1; k <= MDA_MAX_K; k++)
		m->nk[k] = mda_nk(c->confidence, k);
	m->cur = c->first_ttl;
	return m;
}

void
mda_free(struct mda *m)
{
	if (m == NULL)
		return;
	if (m->hops != NULL)
		for (unsigned t = 0; t <= m->c.max_ttl; t++) {
			free(m->hops[t].recs);
			free(m->hops[t].fidx);
		}
	free(m->hops);
	free(m->log);
	free(m);
}

static unsigned
nk_of(const struct mda *m, size_t k)
{
	if (k < 1)
		k = 1;
	return m->nk[k > MDA_MAX_K ? MDA_MAX_K : k];
}

static struct hop *
hop_at(struct mda *m, unsigned ttl)
{
	return ttl >= 1 && ttl <= m->c.max_ttl ? &m->hops[ttl] : NULL;
}

/* The hop before ttl whose flows and links count: NULL at the first
 * TTL and after a silent hop. */
static struct hop *
prev_of(struct mda *m, unsigned ttl)
{
	struct hop *p;

	if (ttl <= m->c.first_ttl)
		return NULL;
	p = &m->hops[ttl - 1];
	return p->used && !p->silent_hop ? p : NULL;
}

static struct rec *
rec_of(const struct hop *h, uint16_t flow)
{
	if (h == NULL || h->fidx == NULL || h->fidx[flow] == 0)
		return NULL;
	return &h->recs[h->fidx[flow] - 1];
}

/* The interface flow answered from at h, NONE if none. */
static int
ifx_of(const struct hop *h, uint16_t flow)
{
	const struct rec *r = rec_of(h, flow);

	return r != NULL && r->st == R_ANS ? r->ifx : NONE;
}

static bool
alive_if(const struct hop *h, int i)
{
	return i >= 0 && !h->ifs[i].terminal;
}

static unsigned
outdeg(const struct hop *next, int from)
{
	unsigned n = 0;

	for (size_t i = 0; i < next->nlinks; i++)
		if (next->links[i].from == from)
			n++;
	return n;
}

static unsigned
indeg(const struct hop *h, int to)
{
	unsigned n = 0;

	for (size_t i = 0; i < h->nlinks; i++)
		if (h->links[i].to == to)
			n++;
	return n;
}

static void
add_link(struct hop *h, int from, int to)
{
	for (size_t i = 0; i < h->nlinks; i++)
		if (h->links[i].from == from && h->links[i].to == to) {
			h->links[i].nflows++;
			return;
		}
	if (h->nlinks == MDA_MAX_LINKS)
		return;
	h->links[h->nlinks].from = (uint8_t)from;
	h->links[h->nlinks].to = (uint8_t)to;
	h->links[h->nlinks++].nflows = 1;
}

static bool
use_hop(struct hop *h)
{
	if (h->used)
		return true;
	if ((h->fidx = calloc(MDA_MAX_FLOWS, sizeof(*h->fidx))) == NULL)
		return false;
	h->used = true;
	return true;
}

/* A record of flow at h (new or the one there). */
static struct rec *
rec_add(struct hop *h, uint16_t flow)
{
	struct rec *r;

	if ((r = rec_of(h, flow)) != NULL)
		return r;
	if (h->nrec == h->caprec) {
		size_t n = h->caprec ? h->caprec * 2 : 64;
		struct rec *nr = realloc(h->recs, n * sizeof(*nr));

		if (nr == NULL)
			return NULL;
		h->recs = nr;
		h->caprec = n;
	}
	r = &h->recs[h->nrec++];
	r->flow = flow;
	r->ifx = NONE;
	r->st = 0;
	h->fidx[flow] = (uint16_t)h->nrec;
	return r;
}

/* Hop 1 is one router for certain (the source's one next hop answered):
 * every flow passes it, sent there or not. */
static bool
one_first(const struct mda *m)
{
	const struct hop *h = &m->hops[1];

	return m->c.one_first && m->c.first_ttl == 1 && h->used &&
	    h->nifs == 1 && !h->ifs[0].terminal && h->answered > 0;
}

/* Log a probe of flow at ttl (rep: a repeat expecting want). */
static enum step
probe(struct mda *m, unsigned ttl, uint16_t flow, int want,
    struct mda_probe *p)
{
	struct hop *h = hop_at(m, ttl);
	struct logent *l;
	struct rec *r = NULL;

	/* no memory: the trace ends with what it has */
	if (h == NULL || !use_hop(h) || (want == NONE &&
	    (r = rec_add(h, flow)) == NULL)) {
		m->done = true;
		return S_WAIT;
	}
	/* a new flow at hop 2 after a certain hop 1: known to pass it */
	if (r != NULL && ttl == 2 && one_first(m) &&
	    rec_of(&m->hops[1], flow) == NULL) {
		struct rec *r1 = rec_add(&m->hops[1], flow);

		if (r1 != NULL) {
			r1->st = R_ANS;
			r1->ifx = 0;
		}
	}
	l = &m->log[m->nlog];
	memset(l, 0, sizeof(*l));
	l->ttl = (uint16_t)ttl;
	l->flow = flow;
	l->want = (int16_t)want;
	l->rep = want != NONE;
	if (r != NULL) {
		r->st = R_PEND;
		l->rec = (uint32_t)(r - h->recs);
		h->pending++;
	} else {
		h->rep_pending++;
		h->rep_sent++;
	}
	h->probes++;
	p->ttl = ttl;
	p->flow = flow;
	p->token = (uint32_t)m->nlog++;
	return S_SEND;
}

static int
new_flow(struct mda *m)
{
	return m->next_flow < MDA_MAX_FLOWS ? (int)m->next_flow++ : NONE;
}

/* Interfaces of h but the destination; *answers: the answers they gave
 * (all of h's when there is none: the destination's). */
static size_t
nondest(const struct hop *h, unsigned *answers)
{
	size_t k = 0;

	*answers = 0;
	for (size_t i = 0; i < h->nifs; i++)
		if (!h->ifs[i].dest) {
			k++;
			*answers += h->ifs[i].nflows;
		}
	if (k == 0)
		*answers = h->answered;
	return k;
}

/* Interface v of the hop before h led a flow to the destination at h:
 * the destination ends its flows, v needs no more (as scamper's tracelb;
 * a router balancing between the destination and another router is not
 * looked for). */
static bool
to_dest(const struct hop *h, int v)
{
	for (size_t i = 0; i < h->nlinks; i++)
		if (h->links[i].from == v && h->ifs[h->links[i].to].dest)
			return true;
	return false;
}

/*
 * A flow seen at prev from an alive interface and not yet probed at h,
 * from the interface with the fewest flows probed at h (round robin: every
 * interface gets its links early). NONE if none is left.
 */
static int
reuse_flow(const struct hop *prev, const struct hop *h)
{
	unsigned cnt[MDA_MAX_IFS];
	int best = NONE, bestifx = NONE;

	if (prev == NULL)
		return NONE;
	memset(cnt, 0, sizeof(cnt));
	for (size_t i = 0; i < h->nrec; i++) {
		int pi = ifx_of(prev, h->recs[i].flow);

		if (pi >= 0)
			cnt[pi]++;
	}
	for (size_t i = 0; i < prev->nrec; i++) {
		const struct rec *r = &prev->recs[i];

		if (r->st != R_ANS || !alive_if(prev, r->ifx) ||
		    rec_of(h, r->flow) != NULL || to_dest(h, r->ifx))
			continue;
		if (bestifx == NONE || cnt[r->ifx] < cnt[bestifx]) {
			bestifx = r->ifx;
			best = r->flow;
		}
	}
	return best;
}

/* A vertex of prev that is alive, led no flow to h yet and still has a
 * flow not sent at h (it may lead to another interface than the
 * destination's). */
static bool
unled(const struct hop *prev, const struct hop *h)
{
	if (prev == NULL)
		return false;
	for (size_t i = 0; i < prev->nrec; i++) {
		const struct rec *r = &prev->recs[i];

		if (r->st == R_ANS && alive_if(prev, r->ifx) &&
		    outdeg(h, r->ifx) == 0 && rec_of(h, r->flow) == NULL)
			return true;
	}
	return false;
}

/*
 * Phase DISCOVER: the hop-level rule, n_K answers from the K interfaces
 * found but the destination (one answer when only the destination
 * answers). The first probe of a hop goes alone (it may be the
 * destination's); without any answer, up to silent_tries at once.
 */
static enum step
discover(struct mda *m, unsigned ttl, struct mda_probe *p)
{
	struct hop *h = &m->hops[ttl], *prev = prev_of(m, ttl);
	unsigned got, target, tries = m->c.silent_tries;
	size_t k = nondest(h, &got);
	bool more = k == 0 && unled(prev, h);
	int f;

	/* only the destination so far: done unless a vertex before has
	 * flows that never came here (they may lead elsewhere); one hop
	 * after a source with one next hop: one answer */
	if (k == 0)
		target = more ? h->answered + 1 : 1;
	else if (ttl == 1 && m->c.one_first)
		target = 1;
	else
		target = nk_of(m, k);
	if (got + h->pending >= target && (h->answered > 0 ||
	    h->silent == 0))
		return h->pending ? S_WAIT : S_ADVANCE;
	if (h->answered == 0 && h->silent >= tries)
		return S_ADVANCE;
	if (h->answered == 0 && h->silent + h->pending >= tries)
		return S_WAIT;
	/* answers lost on the way: give up on more than the rule itself */
	if (h->silent >= target + tries)
		return h->pending ? S_WAIT : S_ADVANCE;
	if ((f = reuse_flow(prev, h)) == NONE &&
	    (more || (f = new_flow(m)) == NONE))
		return h->pending ? S_WAIT : S_ADVANCE;
	return probe(m, ttl, (uint16_t)f, NONE, p);
}

/* The largest out-degree of prev's interfaces into h (0: no prev). */
static unsigned
max_outdeg(const struct hop *prev, const struct hop *h)
{
	unsigned d = 0;

	if (prev == NULL)
		return 0;
	for (size_t i = 0; i < prev->nifs; i++) {
		unsigned o = outdeg(h, (int)i);

		if (o > d)
			d = o;
	}
	return d;
}

/* Repeats that would catch per-packet balancing over d successors:
 * the fewest r with (1/d)^r <= alpha. */
static unsigned
reps_needed(const struct mda *m, unsigned d)
{
	unsigned r = 1;
	double miss = 1.0 / d;

	while (miss > m->alpha + 1e-12 && r < 64) {
		miss /= d;
		r++;
	}
	return r;
}

/* The next flow to send again: answered at h through a vertex of prev
 * that branches (any answered flow without a usable prev). */
static int
repeat_flow(struct hop *prev, struct hop *h, int *want)
{
	for (size_t n = 0; n < h->nrec; n++) {
		const struct rec *r = &h->recs[(h->rep_next + n) % h->nrec];
		int pi = prev != NULL ? ifx_of(prev, r->flow) : NONE;

		if (r->st != R_ANS)
			continue;
		if (prev != NULL && (pi < 0 || outdeg(h, pi) < 2))
			continue;
		h->rep_next = (h->rep_next + n + 1) % h->nrec;
		*want = r->ifx;
		return r->flow;
	}
	return NONE;
}

/* Phase PERPKT: where a vertex branches, flows sent again must come
 * back from the same interface. */
static enum step
perpkt(struct mda *m, unsigned ttl, struct mda_probe *p)
{
	struct hop *h = &m->hops[ttl], *prev = prev_of(m, ttl);
	unsigned d, r;
	int f, want;

	if (prev != NULL && prev->per_packet)
		prev = NULL;
	d = prev != NULL ? max_outdeg(prev, h) : (unsigned)h->nifs;
	if (h->answered == 0 || d < 2)
		return S_ADVANCE;
	if (h->per_packet)
		return h->rep_pending ? S_WAIT : S_ADVANCE;
	r = reps_needed(m, d);
	if (h->rep_ok + h->rep_pending >= r || h->rep_sent >= 3 * r)
		return h->rep_pending ? S_WAIT : S_ADVANCE;
	if ((f = repeat_flow(prev, h, &want)) == NONE)
		return h->rep_pending ? S_WAIT : S_ADVANCE;
	return probe(m, ttl, (uint16_t)f, want, p);
}

/* A flow answered at `at` from interface ifx with no record at `other`
 * (the hop before or after), NONE if none. */
static int
flow_of_if(const struct hop *at, int ifx, const struct hop *other)
{
	for (size_t i = 0; i < at->nrec; i++) {
		const struct rec *r = &at->recs[i];

		if (r->st == R_ANS && r->ifx == ifx &&
		    rec_of(other, r->flow) == NULL)
			return r->flow;
	}
	return NONE;
}

/* Flows through interface ifx of `at` answered or in flight at `other`. */
static unsigned
known_through(const struct hop *at, int ifx, const struct hop *other)
{
	unsigned n = 0;

	for (size_t i = 0; i < at->nrec; i++) {
		const struct rec *r = &at->recs[i], *o;

		if (r->st != R_ANS || r->ifx != ifx)
			continue;
		o = rec_of(other, r->flow);
		if (o != NULL && (o->st == R_ANS || o->st == R_PEND))
			n++;
	}
	return n;
}

static size_t
nalive(const struct hop *h)
{
	size_t n = 0;

	for (size_t i = 0; i < h->nifs; i++)
		if (!h->ifs[i].terminal)
			n++;
	return n;
}

/*
 * Phase LINKS: every interface of h gets a predecessor (a flow of it sent
 * at ttl - 1), every alive one of prev a successor; where meshing could
 * hide (two or more vertices on both sides), PHI flows per vertex on the
 * wider side's other end (MDA-Lite's meshing test).
 */
static enum step
links(struct mda *m, unsigned ttl, struct mda_probe *p)
{
	struct hop *h = &m->hops[ttl], *prev = prev_of(m, ttl);
	size_t na;
	bool wide;
	int f;

	if (prev == NULL || prev->per_packet) {
		h->links_unknown = ttl > m->c.first_ttl;
		return S_ADVANCE;
	}
	if ((na = nalive(prev)) == 0 || h->answered == 0)
		return S_ADVANCE;
	/* one vertex before is no proof of the link: the hop before may
	 * have missed one (its rule's failure), so each link is seen */
	wide = na >= 2 && h->nifs >= 2 && h->nifs >= na;
	for (size_t u = 0; u < h->nifs; u++) {
		unsigned want = wide ? PHI : 1;

		if ((indeg(h, (int)u) > 0 && !wide) ||
		    known_through(h, (int)u, prev) >= want)
			continue;
		if ((f = flow_of_if(h, (int)u, prev)) != NONE)
			return probe(m, ttl - 1, (uint16_t)f, NONE, p);
	}
	for (size_t v = 0; v < prev->nifs; v++) {
		unsigned want = na >= 2 && h->nifs >= 2 && !wide ? PHI : 1;

		if (prev->ifs[v].terminal ||
		    known_through(prev, (int)v, h) >= want)
			continue;
		if ((f = flow_of_if(prev, (int)v, h)) != NONE)
			return probe(m, ttl, (uint16_t)f, NONE, p);
	}
	return h->pending || prev->pending ? S_WAIT : S_ADVANCE;
}

/* Meshed: an interface of h with two predecessors while one of prev
 * has two successors. */
static bool
is_meshed(const struct hop *prev, const struct hop *h)
{
	bool in2 = false;

	for (size_t u = 0; u < h->nifs; u++)
		if (indeg(h, (int)u) >= 2)
			in2 = true;
	return in2 && max_outdeg(prev, h) >= 2;
}

/* Uniform: prev's alive interfaces are reached alike and branch alike,
 * so every interface of h is equally likely (the hop-level rule holds). */
static bool
is_uniform(const struct hop *prev, const struct hop *h)
{
	int first = NONE;

	for (size_t v = 0; v < prev->nifs; v++) {
		if (prev->ifs[v].terminal)
			continue;
		if (first == NONE) {
			first = (int)v;
			continue;
		}
		if (outdeg(h, (int)v) != outdeg(h, first) ||
		    fabs(prev->reach[v] - prev->reach[first]) > 1e-6)
			return false;
	}
	return true;
}

/* Node control, one level up: a flow seen two hops before h through a
 * predecessor of v (prev's interface) and not yet sent at prev. */
static int
flow_via_pred(struct mda *m, unsigned ttl, int v)
{
	struct hop *prev = &m->hops[ttl - 1], *pp = prev_of(m, ttl - 1);

	if (pp == NULL || pp->per_packet)
		return NONE;
	for (size_t i = 0; i < pp->nrec; i++) {
		const struct rec *r = &pp->recs[i];
		bool pred = false;

		if (r->st != R_ANS || rec_of(prev, r->flow) != NULL)
			continue;
		for (size_t l = 0; l < prev->nlinks && !pred; l++)
			pred = prev->links[l].from == r->ifx &&
			    prev->links[l].to == v;
		if (pred)
			return r->flow;
	}
	return NONE;
}

/*
 * A meshed but uniform hop: v already leads to every interface the
 * hop-level rule found, so another successor would be another interface,
 * which that rule rules out (not where the hop is not uniform: there the
 * rule's bound does not hold).
 */
static bool
leads_to_all(const struct hop *h, int v)
{
	unsigned got;

	return h->uniform && outdeg(h, v) >= nondest(h, &got);
}

/*
 * The vertex of prev record r of h passed: the one its flow answered from
 * at prev, else (an unmeshed hop: every interface of h has one
 * predecessor, the meshing test's finding) the one predecessor of the
 * interface that answered. NONE if not known.
 */
static int
pred_of(const struct hop *prev, const struct hop *h, const struct rec *r)
{
	int v = ifx_of(prev, r->flow);

	if (v != NONE || h->meshed || r->st != R_ANS || rec_of(prev, r->flow))
		return v;
	for (size_t i = 0; i < h->nlinks; i++)
		if (h->links[i].to == r->ifx) {
			if (v != NONE)
				return NONE;
			v = h->links[i].from;
		}
	return v;
}

/* Every successor of v at h has v as its one predecessor: a flow
 * answered there says it passed v. */
static bool
attributable(const struct hop *h, int v)
{
	for (size_t i = 0; i < h->nlinks; i++)
		if (h->links[i].from == v && indeg(h, h->links[i].to) != 1)
			return false;
	return true;
}

/* A flow answered at h whose vertex at prev is not known and has no
 * record there, NONE if none. */
static int
unknown_pred(const struct hop *prev, const struct hop *h)
{
	for (size_t i = 0; i < h->nrec; i++) {
		const struct rec *r = &h->recs[i];

		if (r->st == R_ANS && rec_of(prev, r->flow) == NULL &&
		    pred_of(prev, h, r) == NONE)
			return r->flow;
	}
	return NONE;
}

/* Flows of h through vertex v of prev: answered (*c), in flight (*pend,
 * those whose vertex is known) and in flight with no vertex known yet
 * (*upend). */
static void
through(const struct hop *prev, const struct hop *h, int v, unsigned *c,
    unsigned *pend, unsigned *upend)
{
	*c = *pend = *upend = 0;
	for (size_t i = 0; i < h->nrec; i++) {
		const struct rec *r = &h->recs[i];
		int pv = pred_of(prev, h, r);

		if (r->st == R_ANS && pv == v)
			(*c)++;
		else if (r->st == R_PEND && pv == v)
			(*pend)++;
		else if (r->st == R_PEND && pv == NONE)
			(*upend)++;
	}
}

/*
 * Phase FULL: the MDA's per-vertex rule: every alive vertex v of prev has
 * n_{d(v)} flows answered at h. Its flows from prev first; else node
 * control. Unmeshed (each interface of h has one predecessor, which then
 * says which vertex a flow passed): new flows at h itself, one probe
 * each. Meshed: flows at ttl - 1 until enough of them pass v, those
 * through a predecessor of v first (half the cost or better), then new
 * ones.
 */
static enum step
full(struct mda *m, unsigned ttl, struct mda_probe *p)
{
	struct hop *h = &m->hops[ttl], *prev = &m->hops[ttl - 1];
	int f;

	for (size_t v = 0; v < prev->nifs; v++) {
		unsigned need, c, pend, upend;

		if (prev->ifs[v].terminal || to_dest(h, (int)v) ||
		    leads_to_all(h, (int)v))
			continue;
		need = nk_of(m, outdeg(h, (int)v));
		through(prev, h, (int)v, &c, &pend, &upend);
		if (c + pend >= need)
			continue;
		if ((f = flow_of_if(prev, (int)v, h)) != NONE)
			return probe(m, ttl, (uint16_t)f, NONE, p);
		/* a flow answered here whose way through prev is not known:
		 * one probe at prev tells which vertex it counts for */
		if ((f = unknown_pred(prev, h)) != NONE)
			return probe(m, ttl - 1, (uint16_t)f, NONE, p);
		if (!h->meshed && attributable(h, (int)v)) {
			if (upend < need - c - pend && (f = new_flow(m)) != NONE)
				return probe(m, ttl, (uint16_t)f, NONE, p);
			continue;
		}
		/* node control: a new flow where v is, if v may still be
		 * reached by the ones in flight there */
		if (prev->pending < need - c - pend &&
		    ((f = flow_via_pred(m, ttl, (int)v)) != NONE ||
		    (f = new_flow(m)) != NONE))
			return probe(m, ttl - 1, (uint16_t)f, NONE, p);
	}
	return h->pending || prev->pending ? S_WAIT : S_ADVANCE;
}

/* The hop's confidence: per vertex where the full MDA ran, else the
 * hop-level rule's. */
static double
hop_conf(const struct mda *m, const struct hop *prev, const struct hop *h)
{
	unsigned got;
	size_t k = nondest(h, &got);
	double worst = k == 0 ? 1.0 : 1.0 - mda_miss((unsigned)k + 1, got);

	if (m->c.one_first && h == &m->hops[1] && k == 1)
		worst = 1.0;
	if (!h->full)
		return worst;
	for (size_t v = 0; v < prev->nifs; v++) {
		unsigned c, pend, upend;
		double x;

		if (prev->ifs[v].terminal || to_dest(h, (int)v) ||
		    leads_to_all(h, (int)v))
			continue;
		through(prev, h, (int)v, &c, &pend, &upend);
		x = 1.0 - mda_miss(outdeg(h, (int)v) + 1, c);
		if (x < worst)
			worst = x;
	}
	return worst;
}

/* How likely a random flow reaches each interface of h (for the next
 * hop's uniformity test). */
static void
reach_of(struct hop *prev, struct hop *h)
{
	double sum = 0;

	for (size_t u = 0; u < h->nifs; u++) {
		h->reach[u] = 0;
		if (prev == NULL || h->links_unknown || prev->per_packet)
			h->reach[u] = 1.0 / (double)h->nifs;
		else
			for (size_t i = 0; i < h->nlinks; i++) {
				const struct mda_link *l = &h->links[i];

				if (l->to == u)
					h->reach[u] += prev->reach[l->from] /
					    outdeg(h, l->from);
			}
		sum += h->reach[u];
	}
	for (size_t u = 0; u < h->nifs && sum > 0; u++)
		h->reach[u] /= sum;
}

/* Hop ttl is done: reach, confidence, what comes next. */
static void
finish_hop(struct mda *m, unsigned ttl)
{
	struct hop *h = &m->hops[ttl], *prev = prev_of(m, ttl);
	bool alive = false;

	h->ph = PH_DONE;
	h->silent_hop = h->answered == 0;
	m->last = ttl;
	reach_of(prev, h);
	h->conf = h->silent_hop ? 1.0 : hop_conf(m, prev, h);
	for (size_t i = 0; i < h->nifs; i++)
		if (!h->ifs[i].terminal)
			alive = true;
	m->gap = h->silent_hop ? m->gap + 1 : 0;
	if ((!alive && !h->silent_hop) || ttl >= m->c.max_ttl ||
	    (m->c.gap_limit > 0 && m->gap >= m->c.gap_limit))
		m->done = true;
	m->cur = ttl + 1;
}

/* One phase of the current hop. */
static enum step
phase(struct mda *m, unsigned ttl, struct mda_probe *p)
{
	struct hop *h = &m->hops[ttl], *prev = prev_of(m, ttl);
	enum step s;

	switch (h->ph) {
	case PH_DISCOVER:
		if ((s = discover(m, ttl, p)) == S_ADVANCE)
			h->ph = PH_PERPKT;
		return s == S_ADVANCE ? S_AGAIN : s;
	case PH_PERPKT:
		if ((s = perpkt(m, ttl, p)) == S_ADVANCE)
			h->ph = h->per_packet ? PH_DONE : PH_LINKS;
		return s == S_ADVANCE ? S_AGAIN : s;
	case PH_LINKS:
		if ((s = links(m, ttl, p)) != S_ADVANCE)
			return s;
		h->ph = PH_DONE;
		if (prev != NULL && !prev->per_packet && !h->links_unknown &&
		    h->answered > 0) {
			h->meshed = is_meshed(prev, h);
			h->uniform = is_uniform(prev, h);
			if (h->meshed || !h->uniform)
				h->ph = PH_FULL;
		}
		h->full = h->ph == PH_FULL;
		return S_AGAIN;
	case PH_FULL:
		if ((s = full(m, ttl, p)) == S_ADVANCE)
			h->ph = PH_DONE;
		return s == S_ADVANCE ? S_AGAIN : s;
	default:
		return S_ADVANCE;
	}
}

static bool
any_pending(const struct mda *m)
{
	for (unsigned t = 1; t <= m->c.max_ttl; t++)
		if (m->hops[t].pending || m->hops[t].rep_pending)
			return true;
	return false;
}

enum mda_next
mda_next(struct mda *m, struct mda_probe *p)
{
	for (;;) {
		enum step s;

		if (m->done)
			return MDA_DONE;
		if (m->nlog >= m->c.max_probes) {
			if (any_pending(m))
				return MDA_WAIT;
			/* the hop cut short says how far it got */
			if (m->hops[m->cur].used)
				finish_hop(m, m->cur);
			m->done = true;
			return MDA_DONE;
		}
		if (!use_hop(&m->hops[m->cur])) {
			m->done = true;
			return MDA_DONE;
		}
		s = phase(m, m->cur, p);
		if (s == S_SEND)
			return MDA_SEND;
		if (s == S_WAIT)
			return MDA_WAIT;
		if (s == S_ADVANCE)
			finish_hop(m, m->cur);
		/* S_AGAIN: a phase changed, go on */
	}
}

/* The interface `from` is at h (added when new), NONE if no room. */
static int
iface(struct hop *h, const struct addr *from, enum mda_reply r)
{
	size_t i;

	for (i = 0; i < h->nifs; i++)
		if (addr_eq(&h->ifs[i].a, from))
			break;
	if (i == h->nifs) {
		if (h->nifs == MDA_MAX_IFS)
			return NONE;
		memset(&h->ifs[i], 0, sizeof(h->ifs[i]));
		h->ifs[i].a = *from;
		h->nifs++;
	}
	if (r == MDA_DEST)
		h->ifs[i].dest = true;
	if (r == MDA_DEST || r == MDA_UNREACH)
		h->ifs[i].terminal = true;
	return (int)i;
}

static void
reply_repeat(struct mda *m, const struct logent *l, enum mda_reply r,
    const struct addr *from)
{
	struct hop *h = &m->hops[l->ttl];
	int ifx;

	h->rep_pending--;
	if (r == MDA_TIMEOUT || from == NULL)
		return;
	if ((ifx = iface(h, from, r)) == l->want)
		h->rep_ok++;
	else
		h->per_packet = true;
}

void
mda_reply(struct mda *m, uint32_t token, enum mda_reply r,
    const struct addr *from)
{
	struct logent *l;
	struct hop *h, *prev, *next;
	struct rec *rc;
	int ifx, o;

	if (token >= m->nlog || m->log[token].done)
		return;
	l = &m->log[token];
	l->done = true;
	if (l->rep) {
		reply_repeat(m, l, r, from);
		return;
	}
	h = &m->hops[l->ttl];
	rc = &h->recs[l->rec];
	h->pending--;
	if (r == MDA_TIMEOUT || from == NULL ||
	    (ifx = iface(h, from, r)) == NONE) {
		rc->st = R_SILENT;
		h->silent++;
		return;
	}
	rc->st = R_ANS;
	rc->ifx = (int16_t)ifx;
	h->answered++;
	h->ifs[ifx].nflows++;
	if (r == MDA_DEST)
		m->reached = true;
	prev = l->ttl > 1 ? &m->hops[l->ttl - 1] : NULL;
	next = l->ttl < m->c.max_ttl ? &m->hops[l->ttl + 1] : NULL;
	if (prev != NULL && prev->used && alive_if(prev,
	    o = ifx_of(prev, l->flow)))
		add_link(h, o, ifx);
	if (next != NULL && next->used && !h->ifs[ifx].terminal &&
	    (o = ifx_of(next, l->flow)) >= 0)
		add_link(next, ifx, o);
}

unsigned
mda_last_ttl(const struct mda *m)
{
	return m->last;
}

bool
mda_hop(const struct mda *m, unsigned ttl, struct mda_hopinfo *hi)
{
	const struct hop *h;

	memset(hi, 0, sizeof(*hi));
	if (ttl < 1 || ttl > m->c.max_ttl || !m->hops[ttl].used)
		return false;
	h = &m->hops[ttl];
	hi->ttl = ttl;
	hi->ifs = h->ifs;
	hi->nifs = h->nifs;
	hi->links = h->links;
	hi->nlinks = h->links_unknown ? 0 : h->nlinks;
	hi->silent = h->answered == 0;
	hi->per_packet = h->per_packet;
	hi->links_unknown = h->links_unknown;
	hi->full = h->full;
	hi->meshed = h->meshed;
	hi->probes = h->probes;
	hi->confidence = h->conf;
	return true;
}

unsigned
mda_probes_sent(const struct mda *m)
{
	return (unsigned)m->nlog;
}

bool
mda_reached(const struct mda *m)
{
	return m->reached;
}

double
mda_confidence(const struct mda *m)
{
	double c = 1.0;

	for (unsigned t = m->c.first_ttl; t <= m->last; t++)
		if (m->hops[t].used && m->hops[t].ph == PH_DONE &&
		    m->hops[t].conf < c)
			c = m->hops[t].conf;
	return c;
}
