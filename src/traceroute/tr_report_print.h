/*
 * tr_report_print.h: what traceroute --report prints: mtr's report table
 * (a row per hop: Loss%, Snt, Last, Avg, Best, Wrst, StDev; a row per
 * address under a hop answered from several; a mark and a legend line
 * for a hop whose loss is only in its own answers), or its JSON document
 * (doc/schema/traceroute-report.schema.json). Takes the per-hop
 * statistics (hopstat.h) and the texts the program found for them; no
 * sockets, no lookups.
 */
#ifndef ICMPTOOLS_TR_REPORT_PRINT_H
#define ICMPTOOLS_TR_REPORT_PRINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "hopstat.h"
#include "json.h"
#include "tr_json.h"

#define TR_REPORT_NOSHOW	"???"	/* a hop nobody answered, as mtr */

struct tr_report_hop {
	const struct hopstat *hs;
	bool		 local_loss;	/* loss only in its own answers */
	/* per address of hs (raw name or NULL; -A text or NULL) */
	const char	*name[HOPSTAT_MAX_ADDRS];
	const char	*as[HOPSTAT_MAX_ADDRS];
};

struct tr_report_view {
	const char	*start;		/* the start time, as printed */
	const char	*local;		/* our host name */
	bool		 numeric;	/* -n */
	bool		 ext;		/* -e: extension text after addresses */
	bool		 utf8;		/* names: keep valid UTF-8 (esc.h) */
	const struct tr_report_hop *hops;
	size_t		 nhops;
	unsigned	 rounds;	/* planned: cycles x -q */
	unsigned	 cycles;
	double		 interval;
	bool		 interrupted;
	bool		 reached;
};

/* The table, the legend lines it needs, on fp. */
void	tr_report_print(FILE *fp, const struct tr_report_view *v);
/* The hops and the report's own members into an open document (after
 * tr_json_begin; the caller ends it with tr_json_end). */
void	tr_report_json(struct json *j, const struct tr_report_view *v);
/* "12.3" for ns: milliseconds with one decimal, as mtr prints. */
void	tr_report_ms1(int64_t ns, char *buf, size_t len);

#endif
