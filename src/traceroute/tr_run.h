/*
 * tr_run.h: one trace, the I/O loop between the sockets and the pure
 * parts: drain answers (kernel timestamps), expire and send as the
 * scheduler says, print each hop as it completes, names resolved in
 * parallel. Returns the exit status; never exits itself.
 */
#ifndef ICMPTOOLS_TR_RUN_H
#define ICMPTOOLS_TR_RUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "sock.h"
#include "tr_as.h"
#include "trace_method.h"
#include "tr_opts.h"

struct tr_run_cfg {
	const struct tr_opts *o;
	struct trace_method *m;		/* set up, m->raw says which sockets */
	struct sock	*tx;		/* sends (and receives unless rx) */
	struct sock	*rx;		/* raw ICMP socket for errors, or NULL */
	const struct sock_opts *conn;	/* tcpconn: each probe's socket (tx
					 * NULL) */
	const char	*host;		/* as typed, escaped, for the header */
	bool		 utf8;		/* names: keep valid UTF-8 (esc.h) */
	const struct tr_as_server *as_server;	/* -A, else NULL */
	FILE		*out;
};

/*
 * Run the trace. Returns EXIT_OK when the destination answered,
 * EXIT_NOREPLY when the trace ended without it, EXIT_ERROR with one line
 * in err on a failure (send error, out of memory).
 */
int	tr_run(const struct tr_run_cfg *c, char *err, size_t errlen);

#endif
