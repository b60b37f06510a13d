/*
 * tr_modopts.h: traceroute 2.1.2's method options (-O OPT[,OPT...], may
 * repeat): each method's keywords parsed into one struct, and -O help.
 * Pure: errors come back as one line.
 */
#ifndef ICMPTOOLS_TR_MODOPTS_H
#define ICMPTOOLS_TR_MODOPTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "trace.h"

struct tr_modopts {
	/* tcp */
	bool		 tcp_flags_set;	/* a flag keyword or flags=NUM given */
	uint8_t		 tcp_flags;	/* syn, ack, ... or flags=NUM */
	bool		 sysctl;	/* the system's tcp_* settings */
	bool		 ecn, sack, tstamp, wscale;
	uint16_t	 mss;		/* mss=NUM, 0: from the path MTU */
	bool		 info;		/* show the final answer's flags */
	bool		 reuse;		/* accepted (2.1.2's SO_REUSEADDR) */
	/* icmp */
	bool		 icmp_raw, icmp_dgram;	/* one socket kind only */
	/* raw */
	int		 protocol;	/* protocol=PROT, -1: 253 */
	/* dccp */
	bool		 service_set;
	uint32_t	 service;	/* service=NUM */
	/* udplite */
	int		 coverage;	/* coverage=NUM, -1: the header (8) */
	bool		 help;		/* -O help */
};

/* Defaults: nothing asked (tcp: the system's settings, as 2.1.2). */
void	tr_modopts_init(struct tr_modopts *mo);
/*
 * Parse the -O strings (n of them, each "OPT[,OPT...]") for method m into
 * *mo. A method without options ignores them, as 2.1.2 does. -1 with one
 * line in err for an unknown keyword or a bad value.
 */
int	tr_modopts_parse(enum trace_proto m, const char *const *opt, size_t n,
	    struct tr_modopts *mo, char *err, size_t errlen);
/* -O help: the options of method m (or that it has none) on fp. */
void	tr_modopts_help(FILE *fp, enum trace_proto m, const char *name);

#endif
