/*
 * addr.h: a family-neutral IP address (no port), as carried in packets, and
 * conversions from/to sockaddr and text. Everything past parse.c uses it.
 */
#ifndef ICMPTOOLS_ADDR_H
#define ICMPTOOLS_ADDR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>
#include <sys/socket.h>

struct addr {
	int	af;		/* AF_INET, AF_INET6, or 0 (none) */
	union {
		struct in_addr	v4;
		struct in6_addr	v6;
		uint8_t		b[16];
	} u;
};

#define ADDR_STRLEN	46	/* INET6_ADDRSTRLEN */

/* Bytes of address for af (4 or 16), 0 for anything else. */
size_t	addr_len(int af);
/* Set a from af and len raw network-order bytes; false if len mismatches. */
bool	addr_set(struct addr *a, int af, const void *raw, size_t len);
/* Equal family and bytes. */
bool	addr_eq(const struct addr *a, const struct addr *b);
bool	addr_is_unspec(const struct addr *a);
/* From a sockaddr_in/in6 (port ignored); false for other families. */
bool	addr_from_sa(struct addr *a, const struct sockaddr *sa, socklen_t len);
/* To a sockaddr_in/in6 with the given port (host order); returns its len. */
socklen_t addr_to_sa(const struct addr *a, uint16_t port,
	    struct sockaddr_storage *ss);
/* An IPv4-mapped IPv6 address (::ffff:a.b.c.d) becomes the IPv4 address
 * a.b.c.d; returns true if it was one. */
bool	addr_unmap(struct addr *a);
/* Numeric text into buf (>= ADDR_STRLEN); returns buf ("?" if none). */
const char *addr_ntop(const struct addr *a, char *buf, size_t len);
/* Parse numeric text of family af (AF_UNSPEC = either); false if not one. */
bool	addr_pton(int af, const char *s, struct addr *a);

#endif
