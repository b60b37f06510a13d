/*
 * cksum.h: the Internet checksum (RFC 1071): incremental over pieces of any
 * length and alignment, and the IPv4/IPv6 pseudo-header for UDP/TCP/ICMPv6.
 */
#ifndef ICMPTOOLS_CKSUM_H
#define ICMPTOOLS_CKSUM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "addr.h"

struct cksum {
	uint64_t	sum;	/* 16-bit words added up, folded at the end */
	bool		odd;	/* an odd number of bytes added so far */
};

void		cksum_init(struct cksum *c);
/* Add len bytes; pieces may have odd lengths (byte parity is tracked). */
void		cksum_add(struct cksum *c, const void *buf, size_t len);
/* Add the pseudo-header: src, dst, upper-layer length, protocol. */
void		cksum_pseudo(struct cksum *c, const struct addr *src,
		    const struct addr *dst, uint32_t len, uint8_t proto);
/* The ones'-complement result, in host order, ready for wr_put_be16(). */
uint16_t	cksum_final(const struct cksum *c);
/* One call over a single buffer. */
uint16_t	cksum(const void *buf, size_t len);

#endif
