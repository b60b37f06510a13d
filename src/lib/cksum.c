/*
 * cksum.c: the Internet checksum (RFC 1071) over pieces of any length and
 * alignment, plus the UDP/TCP/ICMPv6 pseudo-headers (RFC 768, RFC 8200
 * section 8.1). Words are read with memcpy, so no alignment is assumed.
 */
#include <endian.h>
#include <string.h>

#include "cksum.h"

void
cksum_init(struct cksum *c)
{
	c->sum = 0;
	c->odd = false;
}

/*
 * Byte k of the whole stream is the high half of a 16-bit word when k is
 * even; c->odd remembers the parity across pieces (RFC 1071 section 2(B):
 * the sum is byte-order independent, but pieces must keep word alignment).
 */
void
cksum_add(struct cksum *c, const void *buf, size_t len)
{
	const uint8_t *p = buf;
	uint64_t s = c->sum, w;
	size_t i = 0;

	if (len == 0 || p == NULL)
		return;
	if (c->odd) {
		s += p[0];
		i = 1;
	}
	/* 8 bytes at a time: 2^16 = 1 (mod 0xffff), so 32-bit big-endian
	 * chunks add up to the same ones' complement sum as 16-bit words */
	for (; i + 8 <= len; i += 8) {
		memcpy(&w, p + i, 8);
		w = be64toh(w);
		s += (w >> 32) + (w & 0xffffffffu);
	}
	for (; i + 1 < len; i += 2)
		s += (uint64_t)p[i] << 8 | p[i + 1];
	if (i < len) {
		s += (uint64_t)p[i] << 8;
		i++;
	}
	c->sum = s;
	c->odd = (c->odd + len) % 2 == 1;
}

void
cksum_pseudo(struct cksum *c, const struct addr *src, const struct addr *dst,
    uint32_t len, uint8_t proto)
{
	uint8_t w[8];
	size_t n = addr_len(src->af);
	bool odd = c->odd;

	/* the pseudo-header is word aligned in its own right */
	c->odd = false;
	cksum_add(c, src->u.b, n);
	cksum_add(c, dst->u.b, addr_len(dst->af));
	if (src->af == AF_INET6) {
		/* RFC 8200: 32-bit length, 3 zero bytes, next header */
		w[0] = (uint8_t)(len >> 24);
		w[1] = (uint8_t)(len >> 16);
		w[2] = (uint8_t)(len >> 8);
		w[3] = (uint8_t)len;
		w[4] = w[5] = w[6] = 0;
		w[7] = proto;
		cksum_add(c, w, 8);
	} else {
		/* RFC 768: zero, protocol, 16-bit length */
		w[0] = 0;
		w[1] = proto;
		w[2] = (uint8_t)(len >> 8);
		w[3] = (uint8_t)len;
		cksum_add(c, w, 4);
	}
	c->odd = odd;
}

uint16_t
cksum_final(const struct cksum *c)
{
	uint64_t s = c->sum;

	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)~s;
}

uint16_t
cksum(const void *buf, size_t len)
{
	struct cksum c;

	cksum_init(&c);
	cksum_add(&c, buf, len);
	return cksum_final(&c);
}
