/*
 * tr_opts.h: the traceroute command line (traceroute 2.1.2's options and
 * wording, plus --gap-limit and --classic) -> an immutable struct tr_opts.
 * Parsing never prints and never exits: errors come back as one line of
 * text, so the unit tests can feed argv tables.
 */
#ifndef ICMPTOOLS_TR_OPTS_H
#define ICMPTOOLS_TR_OPTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "trace.h"
#include "tr_modopts.h"


enum tr_action {
	TR_ACT_RUN = 0,
	TR_ACT_HELP,		/* --help: usage on stdout, exit 0 */
	TR_ACT_VERSION,		/* -V: version on stdout, exit 0 */
	TR_ACT_MODHELP,		/* -O help: the method's options, exit 0 */
};

#define TR_MAX_GATEWAYS		TRACE_MAX_GATEWAYS
#define TR_MAX_PACKETLEN	TRACE_MAX_PACKETLEN
#define TR_MAX_QUERIES		TRACE_MAX_QUERIES
#define TR_MAX_MODOPTS		16	/* -O options, as 2.1.2 */
#define TR_REPORT_CYCLES	10	/* --report alone, as mtr's -c */

struct tr_opts {
	enum tr_action	 action;
	int		 af;		/* AF_UNSPEC, AF_INET (-4), AF_INET6 */
	enum trace_proto method;
	const char	*host;
	size_t		 packetlen;	/* 0: default for the method */
	unsigned	 nqueries;	/* -q (3) */
	unsigned	 max_ttl;	/* -m (30) */
	unsigned	 first_ttl;	/* -f (1) */
	double		 wait_max;	/* -w MAX seconds (5.0) */
	double		 wait_here;	/* HERE factor (3) */
	double		 wait_near;	/* NEAR factor (10) */
	unsigned	 sim_queries;	/* -N (16) */
	int64_t		 sendwait_ns;	/* -z (0) */
	bool		 port_set;
	uint16_t	 port;		/* -p: dport, or first seq for -I */
	uint16_t	 sport;		/* --sport, 0: any */
	const char	*source;	/* -s */
	const char	*device;	/* -i */
	bool		 numeric;	/* -n */
	int		 tos;		/* -t, -1: not set */
	uint32_t	 flowlabel;	/* -l */
	bool		 dontfrag;	/* -F */
	bool		 mtu;		/* --mtu (implies -F -N 1) */
	bool		 back;		/* --back */
	bool		 ext;		/* -e */
	bool		 as_lookups;	/* -A: origin AS after each address */
	unsigned	 report;	/* --report: cycles, 0: a plain trace */
	double		 interval;	/* --interval seconds (1) */
	bool		 json;		/* --json */
	bool		 debug;		/* -d: SO_DEBUG */
	bool		 dontroute;	/* -r: SO_DONTROUTE */
	uint32_t	 fwmark;	/* --fwmark */
	char		 gateways[TR_MAX_GATEWAYS][256];	/* -g, split */
	size_t		 ngateways;
	unsigned	 gap_limit;	/* --gap-limit, 0: none */
	bool		 classic;	/* --classic: per-probe ports (2.1.2) */
	bool		 exit_status;	/* --exit-status: 0 reached, 1 not,
					 * 2 error (else 2.1.2's statuses) */
	const char	*modopt[TR_MAX_MODOPTS];	/* -O, as typed */
	char		 protocol_opt[48];	/* -P prot as "protocol=prot" */
	size_t		 nmodopt;
	struct tr_modopts mod;		/* -O, parsed for the method */
	double		 multipath;	/* --multipath: confidence 0.5..1,
					 * 0: a plain trace */
};

/* 2.1.2's status for a failing system call (socket, bind, send ...) */
#define TR_EXIT_SYSERR		1

/*
 * Parse argv (argv[0] "traceroute6" implies -6) into *o. On error returns
 * -1 with one line in err (no newline), else 0. o->action says whether to
 * trace or to print help/version. Uses getopt_long (resets optind).
 * Strings in *o point into argv (host, -s, -i) or into *o (-g).
 */
int	tr_opts_parse(int argc, char *argv[], struct tr_opts *o, char *err,
	    size_t errlen);
/* The --help text (2.1.2 layout) on fp for program name prog. */
void	tr_opts_usage(FILE *fp, const char *prog);
/* Method name for -M and for messages ("default", "icmp", "tcp", "udp"). */
const char *tr_opts_method_name(enum trace_proto m);

#endif
