/*
 * hopstat.h: the per-hop statistics of a trace, one accumulator for
 * icmpt_trace() (struct icmpt_hop) and the traceroute program's --report
 * and --json, so the library and the tool give the same numbers for the
 * same answers. Fed the engine's probe results (trace.h) in probe order:
 * counts (sent, received, annotated), trip times (last, best, worst,
 * mean, standard deviation: stats.h), and the same per address for a hop
 * answered from several. Pure: no I/O.
 */
#ifndef ICMPTOOLS_HOPSTAT_H
#define ICMPTOOLS_HOPSTAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "addr.h"
#include "stats.h"
#include "trace.h"

#define HOPSTAT_MAX_ADDRS	16	/* addresses kept per hop */
#define HOPSTAT_NOTE_MAX	16	/* "!F-65535" and the like */

/* The answers of one address (received, their times). */
struct hopstat_addr {
	struct addr	 a;
	unsigned	 received;
	int64_t		 last_ns;	/* the latest answer's trip */
	struct stats_rtt rtt;
	char		 note[HOPSTAT_NOTE_MAX];	/* its first annotation */
	bool		 has_ext;	/* ext holds its latest RFC 4884 bytes */
	size_t		 extlen;
	uint8_t		 ext[TRACE_EXT_MAX];
};

struct hopstat {
	unsigned	 ttl;
	unsigned	 sent;		/* probes with an outcome: answered or
					 * given up (not those still waited
					 * for when the trace was stopped) */
	unsigned	 received;
	unsigned	 errors;	/* answers with an annotation */
	char		 note[HOPSTAT_NOTE_MAX];	/* the first one */
	bool		 reached;	/* the destination answered here */
	int64_t		 last_ns;	/* the latest answer's trip */
	struct stats_rtt rtt;
	struct hopstat_addr addr[HOPSTAT_MAX_ADDRS];	/* first seen first */
	size_t		 naddr;
	unsigned	 other;		/* answers from addresses beyond
					 * HOPSTAT_MAX_ADDRS (in the totals) */
};

void	hopstat_init(struct hopstat *h, unsigned ttl);
/*
 * Add one probe's result: an answer (counted, its address, trip and
 * annotation), a '*' (sent, lost), or nothing for a pending one (no
 * outcome yet). dst, if not NULL, is the trace's destination (reached).
 * Keeps ext bytes only when keep_ext.
 */
void	hopstat_add(struct hopstat *h, const struct trace_res *res,
	    const struct addr *dst, bool keep_ext);
/* The index of the address that answered most (the first on a tie), or
 * h->naddr if none answered. */
size_t	hopstat_main_addr(const struct hopstat *h);
/* traceroute's annotation of one answer ("" for none), into buf. */
void	hopstat_note(const struct trace_res *res, char *buf, size_t len);
/* Loss in tenths of a percent, rounded: 1000 * lost / sent (0 if none
 * sent). */
unsigned hopstat_loss_permille(const struct hopstat *h);
/*
 * Flag the hops whose loss is not loss of forwarded traffic: a hop that
 * lost some answers while a later hop lost fewer (in share) cannot have
 * dropped the probes it passed on, so its own answers were rate limited
 * or deprioritized. flags[i] for h[i], n hops in order.
 */
void	hopstat_local_loss(const struct hopstat *h, size_t n, bool *flags);

#endif
