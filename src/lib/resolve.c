/*
 * resolve.c: forward and reverse lookups (see resolve.h). Blocking: ping
 * resolves once before it starts; traceroute runs resolve_name() in child
 * processes (tr_names.c).
 */
#include "config.h"

#include <netdb.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "addr.h"
#include "resolve.h"

static void
copy(char *dst, size_t len, const char *src)
{
	if (dst != NULL && len > 0)
		snprintf(dst, len, "%s", src);
}

/* The first answer of family af in the list, NULL if none. */
static const struct addrinfo *
first_of(const struct addrinfo *res, int af)
{
	for (; res != NULL; res = res->ai_next)
		if (res->ai_family == af && res->ai_addr != NULL)
			return res;
	return NULL;
}

/* The first IPv4 or IPv6 answer, NULL if none. */
static const struct addrinfo *
first_ip(const struct addrinfo *res)
{
	for (; res != NULL; res = res->ai_next)
		if ((res->ai_family == AF_INET || res->ai_family == AF_INET6) &&
		    res->ai_addr != NULL)
			return res;
	return NULL;
}

/*
 * A lookup for one family failed: does the name exist in another? Then say
 * so as iputils does ("Address family for hostname not supported") rather
 * than whatever the resolver said about the missing family (glibc may ask
 * DNS for it and report "Temporary failure" or "No address").
 */
static bool
has_other_family(const struct addrinfo *hints, const char *host)
{
	struct addrinfo h = *hints, *res = NULL;

	if (hints->ai_family == AF_UNSPEC)
		return false;
	h.ai_family = AF_UNSPEC;
	h.ai_flags &= ~AI_CANONNAME;
	if (getaddrinfo(host, NULL, &h, &res) != 0)
		return false;
	freeaddrinfo(res);
	return true;
}

int
resolve_host(const struct resolve_query *q, struct addr *out, char *err,
    size_t errlen)
{
	const char *host = q->host;
	int af = q->af;
	struct addrinfo hints, *res = NULL;
	const struct addrinfo *ai;
	int rc;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = af;
	/* one entry per address, not one per socket type */
	hints.ai_socktype = SOCK_DGRAM;
	hints.ai_flags = AI_CANONNAME;
	if (q->flags & RESOLVE_NUMERIC)
		hints.ai_flags |= AI_NUMERICHOST;
	if (af != AF_INET && af != AF_INET6 && af != AF_UNSPEC) {
		copy(err, errlen, gai_strerror(EAI_FAMILY));
		return -1;
	}
	rc = getaddrinfo(host, NULL, &hints, &res);
	if (rc != 0) {
		copy(err, errlen, gai_strerror(has_other_family(&hints, host) ?
		    EAI_ADDRFAMILY : rc));
		return -1;
	}
	if (af == AF_UNSPEC && (q->flags & RESOLVE_GAI_ORDER))
		ai = first_ip(res);	/* already in RFC 6724's order */
	else {
		ai = af == AF_UNSPEC ? first_of(res, AF_INET) : NULL;
		if (ai == NULL)
			ai = first_of(res, af == AF_UNSPEC ? AF_INET6 : af);
	}
	if (ai == NULL || !addr_from_sa(out, ai->ai_addr, ai->ai_addrlen)) {
		freeaddrinfo(res);
		copy(err, errlen, gai_strerror(EAI_ADDRFAMILY));
		return -1;
	}
	copy(q->canon, q->canonlen, res->ai_canonname != NULL ?
	    res->ai_canonname : host);
	freeaddrinfo(res);
	return 0;
}

int
resolve_name(const struct addr *a, char *name, size_t len)
{
	struct sockaddr_storage ss;
	socklen_t sl;

	sl = addr_to_sa(a, 0, &ss);
	if (sl == 0 || len == 0) {
		addr_ntop(a, name, len);
		return -1;
	}
	if (getnameinfo((struct sockaddr *)&ss, sl, name, (socklen_t)len,
	    NULL, 0, NI_NAMEREQD) != 0) {
		addr_ntop(a, name, len);
		return -1;
	}
	return 0;
}
