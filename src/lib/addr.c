/*
 * addr.c: the family-neutral address (struct addr): raw bytes, sockaddr
 * and numeric text conversions. No name resolution here (resolve.c).
 */
#include <arpa/inet.h>
#include <net/if.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "addr.h"

bool
addr_eq(const struct addr *a, const struct addr *b)
{
	size_t n = addr_len(a->af);

	if (a->af != b->af)
		return false;
	return n == 0 || memcmp(a->u.b, b->u.b, n) == 0;
}

/* No family, or the all-zeros address of its family. */
bool
addr_is_multicast(const struct addr *a)
{
	if (a->af == AF_INET)
		return (a->u.b[0] & 0xf0) == 0xe0;
	return a->af == AF_INET6 && a->u.b[0] == 0xff;
}

int
addr_host_family(const char *host, int af, bool unmap)
{
	struct addr num;

	if (af != AF_UNSPEC || !addr_pton(AF_UNSPEC, host, &num))
		return af;
	if (unmap)
		(void)addr_unmap(&num);
	return num.af;
}

bool
addr_unmap(struct addr *a)
{
	struct in_addr v4;

	if (a->af != AF_INET6 || !IN6_IS_ADDR_V4MAPPED(&a->u.v6))
		return false;
	memcpy(&v4, a->u.b + 12, sizeof(v4));
	memset(a, 0, sizeof(*a));
	a->af = AF_INET;
	a->u.v4 = v4;
	return true;
}

bool
addr_is_unspec(const struct addr *a)
{
	static const uint8_t zero[16];
	size_t n = addr_len(a->af);

	return n == 0 || memcmp(a->u.b, zero, n) == 0;
}

bool
addr_from_sa(struct addr *a, const struct sockaddr *sa, socklen_t len)
{
	struct sockaddr_in sin;
	struct sockaddr_in6 sin6;

	memset(a, 0, sizeof(*a));
	if (sa == NULL || len < (socklen_t)sizeof(sa_family_t))
		return false;
	/* copy out: the caller's storage need not be aligned for the type */
	switch (sa->sa_family) {
	case AF_INET:
		if (len < (socklen_t)sizeof(sin))
			return false;
		memcpy(&sin, sa, sizeof(sin));
		return addr_set(a, AF_INET, &sin.sin_addr, 4);
	case AF_INET6:
		if (len < (socklen_t)sizeof(sin6))
			return false;
		memcpy(&sin6, sa, sizeof(sin6));
		if (!addr_set(a, AF_INET6, &sin6.sin6_addr, 16))
			return false;
		a->scope = sin6.sin6_scope_id;
		return true;
	default:
		return false;
	}
}

socklen_t
addr_to_sa(const struct addr *a, uint16_t port, struct sockaddr_storage *ss)
{
	struct sockaddr_in sin;
	struct sockaddr_in6 sin6;

	memset(ss, 0, sizeof(*ss));
	switch (a->af) {
	case AF_INET:
		memset(&sin, 0, sizeof(sin));
		sin.sin_family = AF_INET;
		sin.sin_port = htons(port);
		memcpy(&sin.sin_addr, a->u.b, 4);
		memcpy(ss, &sin, sizeof(sin));
		return (socklen_t)sizeof(sin);
	case AF_INET6:
		memset(&sin6, 0, sizeof(sin6));
		sin6.sin6_family = AF_INET6;
		sin6.sin6_port = htons(port);
		sin6.sin6_scope_id = a->scope;
		memcpy(&sin6.sin6_addr, a->u.b, 16);
		memcpy(ss, &sin6, sizeof(sin6));
		return (socklen_t)sizeof(sin6);
	default:
		return 0;
	}
}

bool
addr_needs_scope(const struct addr *a)
{
	return a->af == AF_INET6 && (IN6_IS_ADDR_LINKLOCAL(&a->u.v6) ||
	    IN6_IS_ADDR_MC_LINKLOCAL(&a->u.v6) ||
	    IN6_IS_ADDR_MC_NODELOCAL(&a->u.v6));
}

const char *
addr_ntop(const struct addr *a, char *buf, size_t len)
{
	char ifn[IF_NAMESIZE];
	size_t n;

	if (buf == NULL || len == 0)
		return "?";
	if (addr_len(a->af) == 0 ||
	    inet_ntop(a->af, a->u.b, buf, (socklen_t)len) == NULL) {
		(void)snprintf(buf, len, "?");
		return buf;
	}
	if (a->af != AF_INET6 || a->scope == 0)
		return buf;
	n = strlen(buf);
	if (if_indextoname(a->scope, ifn) != NULL)
		(void)snprintf(buf + n, len - n, "%%%s", ifn);
	else
		(void)snprintf(buf + n, len - n, "%%%u", (unsigned)a->scope);
	return buf;
}

/* "%eth0" or "%3": the interface's index, 0 if there is none. */
static uint32_t
scope_of(const char *s)
{
	char *end;
	unsigned long v;

	if (s[0] == '\0')
		return 0;
	if (s[0] >= '0' && s[0] <= '9') {
		v = strtoul(s, &end, 10);
		return *end == '\0' && v <= UINT32_MAX ? (uint32_t)v : 0;
	}
	return if_nametoindex(s);
}

bool
addr_pton(int af, const char *s, struct addr *a)
{
	uint8_t raw[16];
	char buf[ADDR_STRLEN];
	const char *pct;

	memset(a, 0, sizeof(*a));
	if (s == NULL)
		return false;
	if ((af == AF_INET || af == AF_UNSPEC) &&
	    inet_pton(AF_INET, s, raw) == 1)
		return addr_set(a, AF_INET, raw, 4);
	if (af != AF_INET6 && af != AF_UNSPEC)
		return false;
	pct = strchr(s, '%');
	if (pct == NULL)
		return inet_pton(AF_INET6, s, raw) == 1 &&
		    addr_set(a, AF_INET6, raw, 16);
	if ((size_t)(pct - s) >= sizeof(buf))
		return false;
	memcpy(buf, s, (size_t)(pct - s));
	buf[pct - s] = '\0';
	if (inet_pton(AF_INET6, buf, raw) != 1 ||
	    !addr_set(a, AF_INET6, raw, 16))
		return false;
	if ((a->scope = scope_of(pct + 1)) == 0) {
		memset(a, 0, sizeof(*a));
		return false;
	}
	return true;
}
