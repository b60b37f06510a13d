/*
 * icmpnames.h: ICMP / ICMPv6 type and code -> human text, from data tables.
 * Three views: a short type name, iputils ping's message text for an error
 * or other non-echo reply, and traceroute 2.1.2's hop annotation.
 */
#ifndef ICMPTOOLS_ICMPNAMES_H
#define ICMPTOOLS_ICMPNAMES_H

#include <stddef.h>
#include <stdint.h>

#include "parse.h"

/* Name of a type ("Echo Reply", "Time Exceeded"); never NULL ("Unknown"). */
const char	*icmpnames_type(int af, uint8_t type);

/*
 * iputils ping's text for r (type, code, mtu, pointer, gateway), e.g.
 * "Destination Host Unreachable", "Frag needed and DF set (mtu = 1280)",
 * "Packet too big: mtu=1280". Always NUL-terminates buf when len > 0.
 * Returns the length written, or -1 if it did not fit (truncated).
 */
int		 icmpnames_ping_text(const struct icmp_reply *r, char *buf,
		    size_t len);

/*
 * traceroute 2.1.2's annotation for r: "" (none: time exceeded, port
 * unreachable at the destination), "!H", "!N", "!P", "!S", "!F-1280",
 * "!X", "!V", "!C" or "!<code>". Returns the length written (0 for none),
 * or -1 if buf is too small.
 */
int		 icmpnames_tr_annot(const struct icmp_reply *r, char *buf,
		    size_t len);

/* Same, from type/code/mtu (for callers without a struct icmp_reply). */
int		 icmpnames_tr_annot_tc(int af, uint8_t type, uint8_t code,
		    uint32_t mtu, char *buf, size_t len);

#endif
