/*
 * addr.h: a family-neutral IP address (no port), as carried in packets, and
 * conversions from/to sockaddr and text. Everything past parse.c uses it.
 */
#ifndef ICMPTOOLS_ADDR_H
#define ICMPTOOLS_ADDR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <netinet/in.h>
#include <sys/socket.h>

struct addr {
	int	af;		/* AF_INET, AF_INET6, or 0 (none) */
	union {
		struct in_addr	v4;
		struct in6_addr	v6;
		uint8_t		b[16];
	} u;
	uint32_t scope;		/* IPv6 scope (interface index) of a
				 * link-local or multicast address, 0: none;
				 * not part of equality */
};

/* INET6_ADDRSTRLEN, '%' and an interface name (IF_NAMESIZE) */
#define ADDR_STRLEN	64

/* Bytes of address for af (4 or 16), 0 for anything else. */
static inline size_t
addr_len(int af)
{
	return af == AF_INET ? 4 : af == AF_INET6 ? 16 : 0;
}

/* Set a from af and len raw network-order bytes; false if len mismatches.
 * Inline: every received packet sets two or three (ping -f's budget). */
static inline bool
addr_set(struct addr *a, int af, const void *raw, size_t len)
{
	size_t n = addr_len(af);

	a->scope = 0;
	memset(a->u.b, 0, sizeof(a->u.b));
	if (n == 0 || len != n || raw == NULL) {
		a->af = 0;
		return false;
	}
	a->af = af;
	memcpy(a->u.b, raw, n);
	return true;
}
/* Equal family and bytes. */
bool	addr_eq(const struct addr *a, const struct addr *b);
bool	addr_is_unspec(const struct addr *a);
/* From a sockaddr_in/in6 (port ignored, the IPv6 scope kept); false for
 * other families. */
bool	addr_from_sa(struct addr *a, const struct sockaddr *sa, socklen_t len);
/* To a sockaddr_in/in6 with the given port (host order) and scope;
 * returns its len. */
socklen_t addr_to_sa(const struct addr *a, uint16_t port,
	    struct sockaddr_storage *ss);
/* An IPv4-mapped IPv6 address (::ffff:a.b.c.d) becomes the IPv4 address
 * a.b.c.d; returns true if it was one. */
bool	addr_unmap(struct addr *a);
/* A multicast address (224/4, ff00::/8). */
bool	addr_is_multicast(const struct addr *a);
/* The family reaching host needs before any lookup: af when given, else
 * a numeric host's (unmap: a v4-mapped address counts as IPv4), else
 * AF_UNSPEC (a name: either). */
int	addr_host_family(const char *host, int af, bool unmap);
/* An IPv6 address that means nothing without an interface: link-local,
 * or multicast of interface or link scope. */
bool	addr_needs_scope(const struct addr *a);
/* Numeric text into buf (>= ADDR_STRLEN), with "%interface" for a scoped
 * IPv6 address (as getnameinfo and iputils print it); returns buf ("?" if
 * none). */
const char *addr_ntop(const struct addr *a, char *buf, size_t len);
/* Parse numeric text of family af (AF_UNSPEC = either), an IPv6 address
 * with an optional "%interface" or "%index"; false if not one (or the
 * interface does not exist). */
bool	addr_pton(int af, const char *s, struct addr *a);

#endif
