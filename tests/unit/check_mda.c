/*
 * check_mda.c: the multipath discovery (mda.c) against simulated
 * topologies: a graph of routers where each one picks its next hop by a
 * hash of the flow (per-flow balancing, a new hash per run) or at random
 * (per-packet). Every topology is traced RUNS times: every interface and
 * link must be found in at least the asked confidence of the runs, none
 * ever invented; per-packet balancing is reported and no link crosses
 * it. Also the stopping table against Augustin et al.'s, budgets, silent
 * hops, answers in any order. No sockets.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mda.h"
#include "unit.h"

#define RUNS		300
/*
 * The rates asked of every interface and link over RUNS runs. The MDA's
 * per-vertex rule misses a second successor with probability 2^(1-n_1)
 * (3.1% at 95%, 0.8% at 99%); MDA-Lite's hop-level rule is that exact
 * only while the hop is uniform, and a branch it has not seen yet cannot
 * show the hop is not (the nested diamond: a second successor of one
 * vertex is half as likely as the hop-level rule assumes).
 */
#define LITE95		0.90
#define LITE99		0.97
#define MAXN		32
#define MAXS		8

/* A router: its successors (node numbers), how it picks one. */
struct node {
	int		 succ[MAXS];
	int		 nsucc;
	bool		 per_packet;
	bool		 dest;
	bool		 silent;	/* never answers */
};

/* node 0 is the source (not a hop); its successors are hop 1 */
struct topo {
	const char	*name;
	struct node	 n[MAXN];
	int		 nn;
};

struct sim {
	const struct topo *t;
	uint64_t	 salt;
	uint64_t	 rng;
	unsigned	 window;	/* answers held back, then shuffled */
	bool		 lossy;		/* every 7th probe lost */
	unsigned	 nsent;
};

static uint64_t
mix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ull;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
	return x ^ (x >> 31);
}

static struct addr
node_addr(int i)
{
	struct addr a;
	uint8_t b[4] = { 198, 18, (uint8_t)(i / 200), (uint8_t)(i % 200 + 1) };

	memset(&a, 0, sizeof(a));
	(void)addr_set(&a, AF_INET, b, 4);
	return a;
}

static int
node_of(const struct addr *a)
{
	return a->u.b[2] * 200 + a->u.b[3] - 1;
}

/* Where flow's probe with this ttl ends: the node that answers. */
static int
walk(struct sim *s, uint16_t flow, unsigned ttl)
{
	int at = 0;

	for (unsigned t = 0; t < ttl; t++) {
		const struct node *n = &s->t->n[at];
		uint64_t h;

		if (t > 0 && n->dest)
			break;
		if (n->per_packet)
			h = mix(s->rng++);
		else
			h = mix(s->salt ^ ((uint64_t)at << 32) ^ flow);
		at = n->succ[h % (uint64_t)n->nsucc];
	}
	return at;
}

struct pend {
	uint32_t	 token;
	int		 node;		/* -1: lost */
};

static void
answer(struct mda *m, struct sim *s, const struct pend *p)
{
	struct addr a;
	const struct node *n;

	if (p->node < 0 || s->t->n[p->node].silent) {
		mda_reply(m, p->token, MDA_TIMEOUT, NULL);
		return;
	}
	n = &s->t->n[p->node];
	a = node_addr(p->node);
	mda_reply(m, p->token, n->dest ? MDA_DEST : MDA_ROUTER, &a);
}

/* Run one trace over s: probes answered in batches of s->window, in a
 * shuffled order. */
static struct mda *
run(struct sim *s, double conf, unsigned max_probes)
{
	struct mda_cfg c = { conf, 1, 30, 3, 3, max_probes,
	    s->t->n[0].nsucc == 1 };
	struct pend held[64];
	size_t nheld = 0;
	struct mda_probe p;
	char err[64];
	struct mda *m = mda_new(&c, err, sizeof(err));

	ck_assert_ptr_nonnull(m);
	for (;;) {
		enum mda_next w = mda_next(m, &p);

		if (w == MDA_SEND) {
			held[nheld].token = p.token;
			held[nheld].node = s->lossy && s->nsent % 7 == 6 ? -1 :
			    walk(s, p.flow, p.ttl);
			s->nsent++;
			nheld++;
			if (nheld < s->window && nheld < 64)
				continue;
		}
		if (w == MDA_DONE && nheld == 0)
			break;
		ck_assert_msg(nheld > 0, "%s: waiting with nothing in flight",
		    s->t->name);
		for (size_t i = nheld; i > 1; i--) {
			size_t j = mix(s->rng++) % i;
			struct pend x = held[i - 1];

			held[i - 1] = held[j];
			held[j] = x;
		}
		for (size_t i = 0; i < nheld; i++)
			answer(m, s, &held[i]);
		nheld = 0;
	}
	ck_assert_uint_eq(mda_probes_sent(m), s->nsent);
	return m;
}

/* The truth: which nodes answer at each ttl (at: any probe may see it;
 * fresh: reached from a router of the hop before, so the MDA must find
 * it), which links join them. */
struct truth {
	bool		 at[31][MAXN];
	bool		 fresh[31][MAXN];
	bool		 link[31][MAXN][MAXN];	/* [ttl] from ttl-1 to ttl */
	bool		 pp_after[31];		/* links into ttl cross a
						 * per-packet hop */
};

static void
truth_of(const struct topo *t, struct truth *tr)
{
	memset(tr, 0, sizeof(*tr));
	tr->at[0][0] = true;
	for (unsigned ttl = 1; ttl <= 30; ttl++)
		for (int u = 0; u < t->nn; u++) {
			const struct node *n = &t->n[u];

			if (!tr->at[ttl - 1][u])
				continue;
			if (ttl > 1 && n->dest) {
				tr->at[ttl][u] = true;
				continue;
			}
			for (int k = 0; k < n->nsucc; k++) {
				tr->at[ttl][n->succ[k]] = true;
				tr->fresh[ttl][n->succ[k]] = true;
				if (ttl > 1)
					tr->link[ttl][u][n->succ[k]] = true;
				if (n->per_packet && ttl < 30)
					tr->pp_after[ttl + 1] = true;
			}
		}
}

/* Counts over the runs: found[ttl][node], linkfound[ttl][from][to]. */
struct tally {
	unsigned	 found[31][MAXN];
	unsigned	 linkfound[31][MAXN][MAXN];
	unsigned	 per_packet[31];
	unsigned	 probes;
	unsigned	 full;
};

static void
score(const struct topo *t, const struct truth *tr, const struct mda *m,
    struct tally *ty)
{
	struct mda_hopinfo h;

	ty->probes += mda_probes_sent(m);
	for (unsigned ttl = 1; ttl <= mda_last_ttl(m); ttl++) {
		if (!mda_hop(m, ttl, &h))
			continue;
		ty->per_packet[ttl] += h.per_packet;
		ty->full += h.full;
		for (size_t i = 0; i < h.nifs; i++) {
			int u = node_of(&h.ifs[i].a);

			ck_assert_msg(u >= 0 && u < t->nn && tr->at[ttl][u],
			    "%s: invented interface %d at hop %u", t->name, u,
			    ttl);
			ty->found[ttl][u]++;
		}
		for (size_t i = 0; i < h.nlinks; i++) {
			struct mda_hopinfo p;
			int a, b;

			ck_assert(mda_hop(m, ttl - 1, &p));
			a = node_of(&p.ifs[h.links[i].from].a);
			b = node_of(&h.ifs[h.links[i].to].a);
			ck_assert_msg(tr->link[ttl][a][b], "%s: invented "
			    "link %d->%d into hop %u", t->name, a, b, ttl);
			ty->linkfound[ttl][a][b]++;
		}
	}
}

/* Trace t RUNS times at conf; every interface and link found in at
 * least min_rate of the runs. Returns the mean probes per run. */
static double
check_topo(const struct topo *t, double conf, double min_rate,
    unsigned window)
{
	static struct tally ty;
	static struct truth tr;

	memset(&ty, 0, sizeof(ty));
	truth_of(t, &tr);
	for (unsigned r = 0; r < RUNS; r++) {
		struct sim s = { t, mix(r * 7919 + 1), mix(r + 77), window,
		    false, 0 };
		struct mda *m = run(&s, conf, MDA_MAX_PROBES);

		score(t, &tr, m, &ty);
		mda_free(m);
	}
	for (unsigned ttl = 1; ttl <= 30; ttl++)
		for (int u = 0; u < t->nn; u++) {
			if (!tr.fresh[ttl][u] || t->n[u].silent)
				continue;
			ck_assert_msg(ty.found[ttl][u] >= min_rate * RUNS,
			    "%s: hop %u node %d found in %u of %u runs",
			    t->name, ttl, u, ty.found[ttl][u], RUNS);
			for (int v = 0; v < t->nn && !tr.pp_after[ttl]; v++)
				if (tr.link[ttl][v][u] && !t->n[v].silent)
					ck_assert_msg(ty.linkfound[ttl][v][u] >=
					    min_rate * RUNS, "%s: link %d->%d "
					    "into hop %u found in %u of %u runs",
					    t->name, v, u, ttl,
					    ty.linkfound[ttl][v][u], RUNS);
		}
	return (double)ty.probes / RUNS;
}

/* Topologies. N(i, per_packet, dest, succ...) */
static void
edge(struct topo *t, int from, int to)
{
	t->n[from].succ[t->n[from].nsucc++] = to;
	if (to >= t->nn)
		t->nn = to + 1;
}

static void
edges(struct topo *t, int from, const int *to, int n)
{
	for (int i = 0; i < n; i++)
		edge(t, from, to[i]);
}

/* s(0) - r1(1) - {2 .. 1+k} - r3(2+k) - d(3+k) */
static void
diamond(struct topo *t, int k)
{
	memset(t, 0, sizeof(*t));
	t->name = "diamond";
	edge(t, 0, 1);
	for (int i = 0; i < k; i++) {
		edge(t, 1, 2 + i);
		edge(t, 2 + i, 2 + k);
	}
	edge(t, 2 + k, 3 + k);
	t->n[3 + k].dest = true;
}

START_TEST(stopping_table)
{
	/* Augustin et al. 2007, Table 1 (95%), and 99% */
	static const unsigned n95[] = { 6, 11, 16, 21, 27, 33, 38, 44, 51,
	    57, 63, 70, 76, 83, 90, 96 };
	static const unsigned n99[] = { 8, 15, 21, 28, 36 };

	for (unsigned k = 1; k <= 16; k++)
		ck_assert_uint_eq(mda_nk(0.95, k), n95[k - 1]);
	for (unsigned k = 1; k <= 5; k++)
		ck_assert_uint_eq(mda_nk(0.99, k), n99[k - 1]);
	ck_assert_uint_eq(mda_nk(0.95, 0), 0);
	ck_assert_uint_eq(mda_nk(1.0, 1), 0);
	/* the rule's failure probability is the one bounded */
	for (unsigned k = 1; k <= 40; k++) {
		unsigned n = mda_nk(0.95, k);

		ck_assert(mda_miss(k + 1, n) <= 0.05 + 1e-12);
		ck_assert(mda_miss(k + 1, n - 1) > 0.05);
	}
	ck_assert(mda_miss(2, 6) > 0.031 && mda_miss(2, 6) < 0.032);
}
END_TEST

START_TEST(chain_single_path)
{
	struct topo t;
	struct sim s = { &t, 1, 2, 1, false, 0 };
	struct mda *m;
	struct mda_hopinfo h;

	memset(&t, 0, sizeof(t));
	t.name = "chain";
	edge(&t, 0, 1);
	edge(&t, 1, 2);
	edge(&t, 2, 3);
	t.n[3].dest = true;
	m = run(&s, 0.95, MDA_MAX_PROBES);
	ck_assert_uint_eq(mda_last_ttl(m), 3);
	ck_assert(mda_reached(m));
	for (unsigned ttl = 1; ttl <= 3; ttl++) {
		ck_assert(mda_hop(m, ttl, &h));
		ck_assert_uint_eq(h.nifs, 1);
		/* the source's one next hop: one; n_1 at 95%; the
		 * destination ends its flows: one */
		ck_assert_uint_eq(h.probes, ttl == 2 ? 6 : 1);
		ck_assert(!h.per_packet && !h.full);
		ck_assert_uint_eq(h.nlinks, ttl > 1 ? 1 : 0);
	}
	ck_assert(mda_hop(m, 3, &h) && h.ifs[0].dest);
	ck_assert_uint_eq(mda_probes_sent(m), 8);
	ck_assert(mda_confidence(m) >= 0.95);
	mda_free(m);
}
END_TEST

START_TEST(diamonds_2_3_4_way)
{
	struct topo t;

	for (int k = 2; k <= 4; k++) {
		diamond(&t, k);
		(void)check_topo(&t, 0.95, LITE95, 16);
		(void)check_topo(&t, 0.99, LITE99, 1);
	}
}
END_TEST

START_TEST(wide_8_way)
{
	struct topo t;

	diamond(&t, 8);
	(void)check_topo(&t, 0.95, LITE95, 16);
	(void)check_topo(&t, 0.99, LITE99, 4);
}
END_TEST

/* s - r1 - {a - a2, b} - r4 - d: r4 at hop 3 and hop 4 */
static void
unequal(struct topo *t)
{
	memset(t, 0, sizeof(*t));
	t->name = "unequal";
	edge(t, 0, 1);
	edges(t, 1, (const int[]){ 2, 3 }, 2);
	edge(t, 2, 4);
	edge(t, 4, 5);
	edge(t, 3, 5);
	edge(t, 5, 6);
	t->n[6].dest = true;
}

/* s - r1 - {a - {a1, a2}, b - b1} - r4 - d: a diamond inside a branch
 * (not uniform: a1, a2 are reached half as often as b1) */
static void
nested(struct topo *t)
{
	memset(t, 0, sizeof(*t));
	t->name = "nested";
	edge(t, 0, 1);
	edges(t, 1, (const int[]){ 2, 3 }, 2);
	edges(t, 2, (const int[]){ 4, 5 }, 2);
	edge(t, 3, 6);
	for (int i = 4; i <= 6; i++)
		edge(t, i, 7);
	edge(t, 7, 8);
	t->n[8].dest = true;
}

/* s - r1 - {a, b}, a and b both to {c, e}, then r4 - d */
static void
meshed(struct topo *t)
{
	memset(t, 0, sizeof(*t));
	t->name = "meshed";
	edge(t, 0, 1);
	edges(t, 1, (const int[]){ 2, 3 }, 2);
	edges(t, 2, (const int[]){ 4, 5 }, 2);
	edges(t, 3, (const int[]){ 4, 5 }, 2);
	edge(t, 4, 6);
	edge(t, 5, 6);
	edge(t, 6, 7);
	t->n[7].dest = true;
}

START_TEST(unequal_length)
{
	struct topo t;

	unequal(&t);
	(void)check_topo(&t, 0.95, LITE95, 16);
	(void)check_topo(&t, 0.99, LITE99, 4);
	/* r4 at hop 4 behind a2 while b's flows end at d there: hop 4 is
	 * probed until r4 has its n_1 (a hop whose first answer was the
	 * destination's once stopped at two probes, confidence 0) */
	for (unsigned r = 0; r < 100; r++) {
		struct sim s = { &t, mix(r * 31 + 5), r, 16, false, 0 };
		struct mda *m = run(&s, 0.95, MDA_MAX_PROBES);

		ck_assert_msg(mda_confidence(m) >= 0.95, "run %u: confidence "
		    "%.3f", r, mda_confidence(m));
		mda_free(m);
	}
}
END_TEST

/* s - {a, b} - r3 - d: the source itself balances (two routes), so
 * hop 1 is not taken as one router */
START_TEST(two_first_hops)
{
	struct topo t;
	struct sim s = { &t, 9, 10, 16, false, 0 };
	struct mda_hopinfo h;
	struct mda *m;

	memset(&t, 0, sizeof(t));
	t.name = "two first hops";
	edges(&t, 0, (const int[]){ 1, 2 }, 2);
	edge(&t, 1, 3);
	edge(&t, 2, 3);
	edge(&t, 3, 4);
	t.n[4].dest = true;
	(void)check_topo(&t, 0.95, LITE95, 16);
	m = run(&s, 0.95, MDA_MAX_PROBES);
	ck_assert(mda_hop(m, 1, &h));
	ck_assert_uint_ge(h.probes, mda_nk(0.95, 2));
	mda_free(m);
}
END_TEST

START_TEST(nested_diamond)
{
	struct topo t;

	nested(&t);
	(void)check_topo(&t, 0.95, LITE95, 16);
	(void)check_topo(&t, 0.99, LITE99, 4);
}
END_TEST

START_TEST(meshed_diamond)
{
	struct topo t;
	struct sim s = { &t, 5, 6, 16, false, 0 };
	struct mda_hopinfo h;
	struct mda *m;

	meshed(&t);
	(void)check_topo(&t, 0.95, LITE95, 16);
	(void)check_topo(&t, 0.99, LITE99, 4);
	m = run(&s, 0.95, MDA_MAX_PROBES);
	ck_assert(mda_hop(m, 3, &h));
	ck_assert(h.meshed && h.full);
	ck_assert_uint_eq(h.nlinks, 4);
	mda_free(m);
}
END_TEST

/* r1 sprays packets over a and b: reported, no link out of that hop.
 * Seen when both branches were found (the stopping rule) and a flow sent
 * again came back from the other one: (1 - alpha)^2 at least. */
static void
per_packet_at(double conf, double min_rate)
{
	struct topo t;
	unsigned seen = 0;

	diamond(&t, 2);
	t.name = "per-packet";
	t.n[1].per_packet = true;
	(void)check_topo(&t, conf, min_rate, 16);
	for (unsigned r = 0; r < RUNS; r++) {
		struct sim s = { &t, r + 1, mix(r), 16, false, 0 };
		struct mda *m = run(&s, conf, MDA_MAX_PROBES);
		struct mda_hopinfo h;

		ck_assert(mda_hop(m, 2, &h));
		seen += h.per_packet;
		if (h.per_packet) {
			ck_assert(mda_hop(m, 3, &h));
			ck_assert(h.links_unknown && h.nlinks == 0);
		}
		mda_free(m);
	}
	ck_assert_msg(seen >= min_rate * RUNS, "per-packet seen in %u of %u at "
	    "%.0f%%", seen, RUNS, conf * 100);
}

START_TEST(per_packet)
{
	per_packet_at(0.95, LITE95);
	per_packet_at(0.99, LITE99);
}
END_TEST

/* a per-flow diamond is never taken for per-packet balancing */
START_TEST(per_flow_not_per_packet)
{
	struct topo t;

	for (int k = 2; k <= 4; k++) {
		diamond(&t, k);
		for (unsigned r = 0; r < 100; r++) {
			struct sim s = { &t, mix(r), r, 16, false, 0 };
			struct mda *m = run(&s, 0.95, MDA_MAX_PROBES);
			struct mda_hopinfo h;

			for (unsigned ttl = 1; ttl <= mda_last_ttl(m); ttl++)
				ck_assert(!mda_hop(m, ttl, &h) ||
				    !h.per_packet);
			mda_free(m);
		}
	}
}
END_TEST

/* a silent router: its hop is '*', the trace goes on past it */
START_TEST(silent_hop)
{
	struct topo t;
	struct sim s = { &t, 3, 4, 4, false, 0 };
	struct mda_hopinfo h;
	struct mda *m;

	diamond(&t, 2);
	t.n[4].silent = true;		/* r3 */
	m = run(&s, 0.95, MDA_MAX_PROBES);
	ck_assert(mda_hop(m, 3, &h));
	ck_assert(h.silent && h.nifs == 0);
	ck_assert_uint_eq(h.probes, 3);	/* silent_tries */
	ck_assert(mda_hop(m, 4, &h));
	ck_assert(h.nifs == 1 && h.ifs[0].dest && h.links_unknown);
	ck_assert(mda_reached(m));
	mda_free(m);
}
END_TEST

/* lost answers only cost probes: still nothing invented */
START_TEST(lossy)
{
	struct topo t;

	diamond(&t, 3);
	for (unsigned r = 0; r < 50; r++) {
		struct sim s = { &t, mix(r + 9), r, 8, true, 0 };
		struct truth tr;
		static struct tally ty;
		struct mda *m = run(&s, 0.95, MDA_MAX_PROBES);

		truth_of(&t, &tr);
		score(&t, &tr, m, &ty);
		ck_assert(mda_reached(m));
		mda_free(m);
	}
}
END_TEST

/* a budget cuts the trace short and says so in the confidence */
START_TEST(budget)
{
	struct topo t;
	struct sim s = { &t, 11, 12, 1, false, 0 };
	struct mda *m;

	diamond(&t, 4);
	m = run(&s, 0.95, 20);
	ck_assert_uint_le(mda_probes_sent(m), 20);
	ck_assert(mda_confidence(m) < 0.95);
	mda_free(m);
}
END_TEST

START_TEST(bad_config)
{
	struct mda_cfg c = { 0.95, 1, 30, 3, 3, 100, false };
	char err[64];

	c.confidence = 1.0;
	ck_assert_ptr_null(mda_new(&c, err, sizeof(err)));
	c.confidence = 0.95;
	c.first_ttl = 31;
	ck_assert_ptr_null(mda_new(&c, err, sizeof(err)));
	c.first_ttl = 1;
	c.max_probes = MDA_MAX_PROBES + 1;
	ck_assert_ptr_null(mda_new(&c, err, sizeof(err)));
}
END_TEST

/* The probes of every topology, for the record (bench/multipath.sh
 * measures the real ones). */
START_TEST(probe_counts)
{
	static void (*const mk[])(struct topo *) = { unequal, nested,
	    meshed };
	struct topo t;

	/* what they cost when this was written (a ceiling: a change that
	 * spends more probes for the same finds shows here) */
	static const double most[] = { 24.5, 27.5, 32.5, 38.5, 67, 45 };
	double n;

	for (int k = 2; k <= 4; k++) {
		diamond(&t, k);
		n = check_topo(&t, 0.95, 0.0, 16);
		printf("check_mda: %d-way diamond: %.1f probes (mean of %d)\n",
		    k, n, RUNS);
		ck_assert_double_le(n, most[k - 2]);
	}
	for (size_t i = 0; i < sizeof(mk) / sizeof(mk[0]); i++) {
		mk[i](&t);
		n = check_topo(&t, 0.95, 0.0, 16);
		printf("check_mda: %s: %.1f probes (mean of %d)\n", t.name,
		    n, RUNS);
		ck_assert_double_le(n, most[3 + i]);
	}
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("mda");
	TCase *tc = tcase_create("mda");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, stopping_table);
	tcase_add_test(tc, chain_single_path);
	tcase_add_test(tc, diamonds_2_3_4_way);
	tcase_add_test(tc, wide_8_way);
	tcase_add_test(tc, unequal_length);
	tcase_add_test(tc, two_first_hops);
	tcase_add_test(tc, nested_diamond);
	tcase_add_test(tc, meshed_diamond);
	tcase_add_test(tc, per_packet);
	tcase_add_test(tc, per_flow_not_per_packet);
	tcase_add_test(tc, silent_hop);
	tcase_add_test(tc, lossy);
	tcase_add_test(tc, budget);
	tcase_add_test(tc, bad_config);
	tcase_add_test(tc, probe_counts);
	suite_add_tcase(s, tc);
	return unit_run(s, CK_FORK_GETENV);
}
