/*
 * route.h: what the kernel's routing table says of a destination: how
 * many next hops the route it matches has (traceroute --multipath: one
 * next hop means hop 1 is one router, and one probe finds it).
 */
#ifndef ICMPTOOLS_ROUTE_H
#define ICMPTOOLS_ROUTE_H

#include <stddef.h>
#include <stdint.h>

#include "addr.h"

/*
 * The next hops of the route the kernel matches for dst (out of device
 * oif when not 0, with mark when not 0): 1 or more, or -1 when it cannot
 * tell (no netlink, no such route, a next-hop object). Asks with
 * RTM_GETROUTE and RTM_F_FIB_MATCH: the route as in the table, every next
 * hop of a multipath one, not the one picked for one flow.
 */
int	route_nexthops(const struct addr *dst, unsigned oif, uint32_t mark);

/* The same from the kernel's answer, len bytes of netlink messages: pure
 * (fuzzed), never reads past len. */
int	route_parse_nexthops(const uint8_t *buf, size_t len);

/*
 * Whether the policy rules of family af (AF_INET, AF_INET6) can pick a
 * table by what differs between probes or what route_nexthops() does
 * not ask with: a mark, the protocol, ports, the IPv6 flow label, the
 * TOS or DSCP, or a selector this code does not know. 1: none can (the
 * answer of route_nexthops() holds for every probe), 0: one can, -1:
 * cannot tell.
 */
int	route_rules_steady(int af);

enum route_rules {
	ROUTE_RULES_MORE,	/* no verdict yet: read on */
	ROUTE_RULES_STEADY,	/* the dump ended, no rule varies */
	ROUTE_RULES_VARY,	/* a rule may vary */
	ROUTE_RULES_BAD,	/* malformed, or the kernel's error */
};

/* One buffer of the kernel's rule dump (netlink messages, len bytes):
 * pure (fuzzed), never reads past len. */
enum route_rules route_parse_rules(const uint8_t *buf, size_t len);

#endif
