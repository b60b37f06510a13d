/*
 * tr_mp_print.h: what traceroute --multipath prints: the graph the
 * multipath discovery found (mda.h), for people (per hop every interface
 * and the interfaces of the next hop it leads to, then the probes sent
 * and the confidence reached) or as one JSON object (--json). Takes the
 * finished discovery and a FILE *; names come from a callback.
 */
#ifndef ICMPTOOLS_TR_MP_PRINT_H
#define ICMPTOOLS_TR_MP_PRINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "addr.h"
#include "mda.h"

struct tr_mp_print_cfg {
	bool		 numeric;	/* -n: addresses only */
	bool		 json;		/* --json */
	bool		 utf8;		/* names: keep valid UTF-8 (esc.h) */
	const char	*host;		/* as typed, escaped (the text) */
	const char	*raw_host;	/* as typed (JSON escapes it) */
	const struct addr *dst;
	unsigned	 max_ttl;
	size_t		 pktlen;
	const char	*method;	/* "default", "icmp", "tcp" */
	double		 confidence;	/* asked, 0..1 */
	/* a's name into buf (raw resolver text), or -1: none */
	int		(*name)(void *ctx, const struct addr *a, char *buf,
			    size_t len);
	void		*ctx;
};

/* The graph of m (finished) on fp. */
void	tr_mp_print(FILE *fp, const struct tr_mp_print_cfg *c,
	    const struct mda *m);
/* s as a JSON string (quotes included): esc.h's escaping first (no
 * control byte, valid UTF-8), then JSON's own (quote, backslash). */
void	tr_mp_json_str(FILE *fp, const char *s);

#endif
