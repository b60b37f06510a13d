/*
 * tr_json.h: traceroute's --json output (the schemas are
 * doc/schema/traceroute.schema.json and traceroute-report.schema.json,
 * the field tables in traceroute(8)): the members every document starts
 * with (target, family, method, TTLs), one hop of a trace with its
 * probes, and the object an error that ends the program becomes. Names
 * and every other outside text go through json.h's escaping, never raw.
 */
#ifndef ICMPTOOLS_TR_JSON_H
#define ICMPTOOLS_TR_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "addr.h"
#include "json.h"
#include "tr_opts.h"
#include "tr_print.h"
#include "trace.h"

#define TR_JSON_INDENT	2

/* What a document says about the trace as a whole. */
struct tr_json_target {
	const char	*host;		/* as typed (raw bytes) */
	const struct addr *dst;
	const struct tr_opts *o;
	size_t		 pktlen;
};

/* Open the document's object and write the target's members. */
void	tr_json_begin(struct json *j, const struct tr_json_target *t);
/*
 * One hop of a plain trace: "ttl" and its probes, from the engine's
 * results (res: RFC 4884 bytes, TCP flags, reply TTL) and the texts the
 * program made for them (p: raw name, annotation, -A, F=).
 */
void	tr_json_hop(struct json *j, unsigned ttl, const struct trace_res *res,
	    const struct tr_hop_probe *p, size_t n);
/* "late": the destination's answer after its hop was given up. */
void	tr_json_late(struct json *j, unsigned ttl, const struct addr *from,
	    int64_t rtt_ns);
/* RFC 4884 bytes as an "extensions" array of objects (MPLS labels
 * decoded, other objects as hex); nothing if they do not parse. */
void	tr_json_ext(struct json *j, const uint8_t *ext, size_t len);
/* A trip time in ms, 3 decimals, from ns. */
void	tr_json_ms(struct json *j, const char *key, int64_t ns);
/* The end of a document: "reached", "interrupted", "error" (NULL: none);
 * closes everything. Returns json_finish()'s result. */
int	tr_json_end(struct json *j, bool reached, bool interrupted,
	    const char *error);
/* An error that ends the program before or instead of a trace: one
 * object {"error": msg, "exit_status": status} on fp. */
void	tr_json_error(FILE *fp, const char *msg, int status);

#endif
