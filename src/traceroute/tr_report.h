/*
 * tr_report.h: traceroute --report: the path found and every hop probed
 * in rounds by the library's engine (trace.h rounds: a hop's probes one
 * interval apart, the first round walking out hop by hop), the answers
 * added up per hop by the library's accumulator (hopstat.h, the one
 * under icmpt_trace()), then one table or JSON document. SIGINT ends it
 * with the rounds done so far; a terminal shows which round is running.
 */
#ifndef ICMPTOOLS_TR_REPORT_H
#define ICMPTOOLS_TR_REPORT_H

#include <stddef.h>

#include "tr_run.h"

/*
 * Run the report. Returns EXIT_OK when the destination answered,
 * EXIT_NOREPLY when it never did, EXIT_ERROR with one line in err on a
 * failure (the JSON document then carries it too).
 */
int	tr_report(const struct tr_run_cfg *c, char *err, size_t errlen);

#endif
