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
	const char	*raw_host;	/* as typed (--json escapes it) */
	int		 err_status;	/* the exit status of an error (for
					 * --json's error object) */
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

struct trace_cfg;
/* The engine's settings for the trace the options describe. */
void	tr_run_engine_cfg(const struct tr_run_cfg *c, struct trace_cfg *tc);
/* A failure before the trace: one line in err (and the JSON error
 * object with --json); returns EXIT_ERROR. */
int	tr_run_setup_failed(const struct tr_run_cfg *c, const char *what,
	    char *err, size_t errlen);
/* A resolver's name for --json: "" when it is only the numeric text. */
void	tr_run_raw_name(const struct addr *a, const char *name, char *buf,
	    size_t len);
/*
 * --json and --report: SIGINT only sets a flag, and the run ends with
 * what it has (a complete document, the table so far) instead of the
 * process being killed. tr_run_interrupted() says whether it came.
 */
void	tr_run_catch_sigint(void);
bool	tr_run_interrupted(void);

#endif
