/*
 * ping_run.h: one ping session over an open socket: the send schedule
 * (interval, flood, adaptive, preload, -c, -w, -W linger), receiving,
 * matching by id and sequence, payload verification (authenticated send
 * time, fill), duplicate detection across sequence wrap, accounting, and
 * the events and statistics handed to ping_print. No privilege is needed
 * or held here.
 */
#ifndef ICMPTOOLS_PING_RUN_H
#define ICMPTOOLS_PING_RUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "addr.h"
#include "ping_opts.h"
#include "sock.h"

struct ping_run_cfg {
	const struct ping_opts *o;
	struct sock	*s;		/* open, privileges already dropped */
	struct addr	 dst;
	const char	*host;		/* header and statistics name, and */
	const char	*dst_text;	/* header address text: both escaped */
	const char	*raw_host;	/* -j: host, as the resolver gave it */
	const char	*source_text;	/* header "from" (NULL: none) */
	bool		 numeric;	/* print reply sources numerically */
	bool		 multicast;	/* broadcast / multicast destination */
	bool		 utf8;		/* names: keep valid UTF-8 (esc.h) */
	FILE		*out;		/* replies, statistics */
	FILE		*err;		/* SIGQUIT status, warnings */
};

/*
 * Run the session until -c/-w/SIGINT/the end of the linger; print the
 * statistics. Returns the exit status (EXIT_OK, EXIT_NOREPLY), or
 * EXIT_ERROR with one line in err when the session could not run.
 */
int	ping_run(const struct ping_run_cfg *c, char *err, size_t errlen);

#endif
