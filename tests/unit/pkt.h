/*
 * pkt.h: packet makers shared by the core Check suites (check_parse,
 * check_build_parse, check_match). Header-only, test code only: builds IPv4
 * headers, ICMP/ICMPv6 messages and IPv6 headers byte by byte into buffers.
 */
#ifndef ICMPTOOLS_TESTS_PKT_H
#define ICMPTOOLS_TESTS_PKT_H

#include <sys/socket.h>
#include <netinet/in.h>

#include <check.h>
#include <stdint.h>
#include <string.h>

#include "addr.h"
#include "cksum.h"

static inline struct addr
pkt_a(const char *s)
{
	struct addr a;

	ck_assert_msg(addr_pton(AF_UNSPEC, s, &a), "bad address %s", s);
	return a;
}

/* a is the numeric address s */
static inline bool
pkt_is(const struct addr *a, const char *s)
{
	struct addr b = pkt_a(s);

	return addr_eq(a, &b);
}

static inline void
pkt_be16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static inline void
pkt_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/*
 * IPv4 header (+ optlen option bytes, a multiple of 4) followed by
 * payload; returns the total length.
 */
static inline size_t
pkt_ip4(uint8_t *out, uint8_t proto, const char *src, const char *dst,
    uint8_t ttl, uint16_t ipid, const uint8_t *opt, size_t optlen,
    const uint8_t *payload, size_t plen)
{
	struct addr s = pkt_a(src), d = pkt_a(dst);
	size_t hl = 20 + optlen;

	memset(out, 0, hl);
	out[0] = (uint8_t)(0x40 | hl / 4);
	pkt_be16(out + 2, (uint16_t)(hl + plen));
	pkt_be16(out + 4, ipid);
	out[8] = ttl;
	out[9] = proto;
	memcpy(out + 12, s.u.b, 4);
	memcpy(out + 16, d.u.b, 4);
	if (optlen > 0)
		memcpy(out + 20, opt, optlen);
	pkt_be16(out + 10, cksum(out, hl));
	if (plen > 0)
		memmove(out + hl, payload, plen);
	return hl + plen;
}

/* ICMP message: type, code, 4 "rest of header" bytes, body; v4 checksum. */
static inline size_t
pkt_icmp(uint8_t *out, int af, uint8_t type, uint8_t code,
    const uint8_t rest[4], const uint8_t *body, size_t blen)
{
	if (blen > 0)
		memmove(out + 8, body, blen);
	out[0] = type;
	out[1] = code;
	out[2] = out[3] = 0;
	memcpy(out + 4, rest, 4);
	if (af == AF_INET)
		pkt_be16(out + 2, cksum(out, 8 + blen));
	return 8 + blen;
}

/* IPv6 header (next header nh) followed by payload. */
static inline size_t
pkt_ip6(uint8_t *out, uint8_t nh, const char *src, const char *dst,
    uint8_t hlim, const uint8_t *payload, size_t plen)
{
	struct addr s = pkt_a(src), d = pkt_a(dst);

	if (plen > 0)
		memmove(out + 40, payload, plen);
	memset(out, 0, 40);
	pkt_be32(out, 0x60000000u | 0x12345);	/* flow label 0x12345 */
	pkt_be16(out + 4, (uint16_t)plen);
	out[6] = nh;
	out[7] = hlim;
	memcpy(out + 8, s.u.b, 16);
	memcpy(out + 24, d.u.b, 16);
	return 40 + plen;
}

#endif
