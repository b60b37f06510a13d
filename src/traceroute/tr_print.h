/*
 * tr_print.h: everything traceroute prints on stdout, in traceroute
 * 2.1.2's format: the header line and one line per hop. Takes plain
 * structs (no sockets, no parsing, no name lookups) and a FILE *.
 */
#ifndef ICMPTOOLS_TR_PRINT_H
#define ICMPTOOLS_TR_PRINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "addr.h"

/* What one probe of a hop came back with. */
struct tr_hop_probe {
	bool		 answered;	/* false: printed as '*' */
	struct addr	 from;		/* who answered */
	const char	*name;		/* its name, NULL: not resolved */
	const char	*as;		/* -A: bracket text, NULL: none */
	int64_t		 rtt_ns;
	const char	*annot;		/* "!H", "!F-1280", ... or NULL/"" */
	uint32_t	 mtu;		/* --mtu: F=<mtu> after this probe */
	const char	*ext;		/* -e: formatted RFC 4884 objects */
	int		 recv_ttl;	/* TTL of the answer, 0 unknown */
};

struct tr_print_cfg {
	bool		 numeric;	/* -n: addresses only */
	bool		 back;		/* --back: '-<n>' backward hops */
};

/* "traceroute to HOST (ADDR), MAX hops max, LEN byte packets\n" */
void	tr_print_header(FILE *fp, const char *host, const struct addr *dst,
	    unsigned max_ttl, size_t pktlen);
/* " 1  name (addr)  0.123 ms  0.101 ms  0.099 ms\n" for n probes; with
 * -A " [AS64500]" after each address printed. */
void	tr_print_hop(FILE *fp, const struct tr_print_cfg *cfg, unsigned ttl,
	    const struct tr_hop_probe *p, size_t n);
/* "    late answer for hop 4: 198.18.3.2  6012.345 ms\n": the destination
 * answered a probe after its hop was printed. */
void	tr_print_late(FILE *fp, unsigned ttl, const struct tr_hop_probe *p);
/* Hops back from the answer's TTL, guessing 64/128/255 initial (2.1.2). */
int	tr_print_back_hops(int recv_ttl);

#endif
