/*
 * mda.h: multipath discovery (traceroute --multipath) as a pure state
 * machine: which probe (TTL, flow) to send next, what each answer says,
 * and the graph found (interfaces per hop, the links between hops). No
 * sockets, no clock: the caller sends the probes it is handed, feeds back
 * each one's answer (or its timeout) and asks again.
 *
 * The algorithm is MDA-Lite (Vermeulen et al., "Multilevel MDA-Lite Paris
 * Traceroute", IMC 2018) over the MDA's stopping rule (Augustin, Friedman,
 * Teixeira, "Multipath tracing with Paris traceroute", E2EMON 2007; Veitch
 * et al., "Failure control in multipath route tracing", INFOCOM 2009):
 *
 *  - per hop, probes (flows already seen at the hop before first, so the
 *    links come for free) until n_K answered, K the interfaces found: the
 *    hop-level stopping rule, valid while the hop is uniform and unmeshed;
 *  - one flow per interface is enough for the links then (each interface
 *    of a divergence has one predecessor, of a convergence one successor);
 *  - the meshing test (two flows per vertex on the side that can hide it)
 *    and the uniformity test (equal out-degrees before, equal reach
 *    probabilities): if either fails, the hop falls back to the full MDA,
 *    n_{d(v)} flows through every vertex v of the hop before (node
 *    control: new flows at the hop itself when v's successors have v as
 *    their one predecessor, so the answer says the flow passed v; new
 *    flows at the hop before until enough pass v otherwise);
 *  - hop 1 after a source with one next hop (the caller's one_first, from
 *    its routing table) is one router: one answer, and every flow passes
 *    it;
 *  - where a vertex leads to more than one interface, a few flows are sent
 *    again: a flow answered from another interface is per-packet
 *    balancing, reported as such, and no link is inferred across it.
 *
 * "confidence" is the MDA's per-vertex one (as scamper's tracelb): the
 * probability of not missing a further successor of one vertex (or hop).
 */
#ifndef ICMPTOOLS_MDA_H
#define ICMPTOOLS_MDA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "addr.h"

#define MDA_MAX_IFS	64	/* interfaces kept per hop */
#define MDA_MAX_LINKS	256	/* links kept into one hop */
#define MDA_MAX_FLOWS	4096	/* distinct flow identifiers */
#define MDA_MAX_PROBES	16384	/* probes of one trace, all kinds */
#define MDA_MAX_K	MDA_MAX_IFS	/* the stopping table's length */

struct mda;

struct mda_cfg {
	double		 confidence;	/* 0.5 <= c < 1 (0.95) */
	unsigned	 first_ttl, max_ttl;
	unsigned	 gap_limit;	/* silent hops in a row that end it */
	unsigned	 silent_tries;	/* unanswered probes that make a hop
					 * silent (-q) */
	unsigned	 max_probes;	/* budget, <= MDA_MAX_PROBES */
	bool		 one_first;	/* the source has one next hop (its
					 * route's): hop 1 needs one answer */
};

/* A probe to send: the token names it in mda_reply(). */
struct mda_probe {
	unsigned	 ttl;
	uint16_t	 flow;		/* < MDA_MAX_FLOWS */
	uint32_t	 token;
};

enum mda_next {
	MDA_SEND,		/* send *p now */
	MDA_WAIT,		/* nothing until more answers come */
	MDA_DONE,		/* the trace is complete */
};

/* What came back for a probe. */
enum mda_reply {
	MDA_TIMEOUT,		/* nothing */
	MDA_ROUTER,		/* time exceeded from `from` */
	MDA_DEST,		/* the destination answered */
	MDA_UNREACH,		/* an error from `from` that ends the flow */
};

/* One hop as found (pointers into the state, valid until mda_free). */
struct mda_link {
	uint8_t		 from, to;	/* interface of ttl - 1, of ttl */
	uint16_t	 nflows;	/* flows seen over it */
};

struct mda_iface {
	struct addr	 a;
	bool		 dest;		/* the destination */
	bool		 terminal;	/* ends flows (destination, error) */
	unsigned	 nflows;	/* flows answered from it */
};

struct mda_hopinfo {
	unsigned	 ttl;
	const struct mda_iface *ifs;
	size_t		 nifs;
	const struct mda_link *links;	/* from hop ttl - 1 */
	size_t		 nlinks;
	bool		 silent;	/* nothing answered */
	bool		 per_packet;	/* a flow answered from two
					 * interfaces: per-packet balancing */
	bool		 links_unknown;	/* no links into this hop (the hop
					 * before was silent or per-packet) */
	bool		 full;		/* the full MDA ran (meshing or
					 * non-uniform balancing) */
	bool		 meshed;
	unsigned	 probes;	/* sent at this TTL */
	double		 confidence;	/* reached for this hop, 0..1 */
};

/* n_k: probes that rule out a (k+1)-th successor when k were seen, at
 * confidence c; 0 for k outside 1..MDA_MAX_K. Pure. */
unsigned mda_nk(double c, unsigned k);
/* P(n uniform draws over K successors miss at least one). Pure. */
double	mda_miss(unsigned K, unsigned n);

/* A new trace, or NULL (bad cfg: err says why; no memory). */
struct mda *mda_new(const struct mda_cfg *c, char *err, size_t errlen);
void	mda_free(struct mda *m);
/* The next thing to do; *p filled for MDA_SEND. */
enum mda_next mda_next(struct mda *m, struct mda_probe *p);
/* The answer (or timeout) of the probe named token; from is NULL for a
 * timeout. Unknown or already answered tokens are ignored. */
void	mda_reply(struct mda *m, uint32_t token, enum mda_reply r,
	    const struct addr *from);

/* The result. */
unsigned mda_last_ttl(const struct mda *m);	/* 0: none probed */
bool	mda_hop(const struct mda *m, unsigned ttl, struct mda_hopinfo *h);
unsigned mda_probes_sent(const struct mda *m);
bool	mda_reached(const struct mda *m);	/* the destination answered */
/* The confidence reached: the lowest of every hop's, 0..1. */
double	mda_confidence(const struct mda *m);

#endif
