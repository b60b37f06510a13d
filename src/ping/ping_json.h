/*
 * ping_json.h: ping's -j / --json output, JSON Lines: one object per
 * line on stdout, for each reply, ICMP error, note, local error and -O
 * notice, then the summary; -V's version; the error that ends the
 * program. Field names are iputils' -j names where iputils has them
 * (bytes, host, seq, ident, ttl, time; host, transmitted, received,
 * duplicates, corrupted, errors, loss, time, rtt, pipe, ipg, ewma;
 * version; error), numbers are JSON numbers. The schema is
 * doc/schema/ping.schema.json, the field table in ping(8), JSON OUTPUT:
 * a field added here needs both. Every text from outside (names, the
 * host as typed) goes through json.h's escaping, never raw.
 */
#ifndef ICMPTOOLS_PING_JSON_H
#define ICMPTOOLS_PING_JSON_H

#include <stdio.h>

#include "ping_print.h"

/* One event as one line (nothing for PING_EV_SENT). */
void	ping_json_event(FILE *fp, const struct ping_print_cfg *c,
	    const struct ping_event *ev);
/* The summary line: counts, loss, time, rtt (null without replies). */
void	ping_json_summary(FILE *fp, const struct ping_summary *s);
/* -V: {"version": ..., "package": ...}. */
void	ping_json_version(FILE *fp);
/* An error that ends the program: {"error": msg, "exit_status": status},
 * as traceroute --json writes it. */
void	ping_json_error(FILE *fp, const char *msg, int status);

#endif
