/*
 * resolve.h: forward and reverse name lookups (getaddrinfo/getnameinfo).
 * Blocking; traceroute does its reverse lookups in parallel children
 * (tr_names.c) built on resolve_name().
 */
#ifndef ICMPTOOLS_RESOLVE_H
#define ICMPTOOLS_RESOLVE_H

#include <stdbool.h>
#include <stddef.h>

#include "addr.h"

/* resolve_host flags */
#define RESOLVE_NUMERIC		0x1u	/* refuse names (AI_NUMERICHOST) */
#define RESOLVE_GAI_ORDER	0x2u	/* AF_UNSPEC: the first answer in
					 * getaddrinfo's order (RFC 6724, as
					 * iputils ping), else IPv4 first
					 * (traceroute 2.1.2) */

/* What to look up, and where its canonical name goes. */
struct resolve_query {
	const char	*host;
	int		 af;		/* AF_INET, AF_INET6, AF_UNSPEC */
	unsigned	 flags;		/* RESOLVE_* */
	char		*canon;		/* may be NULL */
	size_t		 canonlen;
};

/*
 * q->host -> *out (an IPv6 address keeps its scope: "fe80::1%eth0"); an
 * af of AF_UNSPEC takes either family (see RESOLVE_GAI_ORDER). q->canon
 * receives the canonical name, or the host text when it was numeric.
 * Returns 0, or -1 with err set to the resolver's message ("Name or
 * service not known", or "Address family for hostname not supported"
 * when the name has no address of af).
 */
int	resolve_host(const struct resolve_query *q, struct addr *out,
	    char *err, size_t errlen);
/*
 * Reverse lookup: the name of a (NI_NAMEREQD); returns 0, or -1 with the
 * numeric text in name when there is none.
 */
int	resolve_name(const struct addr *a, char *name, size_t len);

#endif
