/*
 * build.c: echo, timestamp and address mask requests, the echo payload
 * (send time + SipHash-2-4 MAC + fill), UDP and TCP SYN probes, all written
 * into caller buffers through rd.h's writer. Pure but for build_key_init.
 */
#include <sys/random.h>
#include <sys/socket.h>
#include <netinet/in.h>

#include <errno.h>
#include <string.h>

#include "build.h"
#include "cksum.h"
#include "rd.h"

#define UDP_HDRLEN		8
#define TCP_HDRLEN		20
#define DCCP_REQ_HDRLEN		20	/* generic header (X=1) + service */
#define DCCP_TYPE_REQUEST	0

/* ---- SipHash-2-4 (Aumasson, Bernstein 2012) ---- */

static inline uint64_t
rotl(uint64_t x, unsigned b)
{
	return x << b | x >> (64 - b);
}

static inline void
sipround(uint64_t v[4])
{
	v[0] += v[1]; v[1] = rotl(v[1], 13); v[1] ^= v[0];
	v[0] = rotl(v[0], 32);
	v[2] += v[3]; v[3] = rotl(v[3], 16); v[3] ^= v[2];
	v[0] += v[3]; v[3] = rotl(v[3], 21); v[3] ^= v[0];
	v[2] += v[1]; v[1] = rotl(v[1], 17); v[1] ^= v[2];
	v[2] = rotl(v[2], 32);
}

static void
sipblock(uint64_t v[4], uint64_t m)
{
	v[3] ^= m;
	sipround(v);
	sipround(v);
	v[0] ^= m;
}

uint64_t
build_siphash(const struct build_key *k, const void *msg, size_t len)
{
	const uint8_t *p = msg;
	uint64_t v[4], m;
	size_t i, j;

	v[0] = k->k0 ^ 0x736f6d6570736575ULL;
	v[1] = k->k1 ^ 0x646f72616e646f6dULL;
	v[2] = k->k0 ^ 0x6c7967656e657261ULL;
	v[3] = k->k1 ^ 0x7465646279746573ULL;
	/* message words are little endian */
	for (i = 0; i + 8 <= len; i += 8) {
		for (m = 0, j = 0; j < 8; j++)
			m |= (uint64_t)p[i + j] << (8 * j);
		sipblock(v, m);
	}
	/* last block: the 0-7 bytes left, the length's low byte on top */
	for (m = (uint64_t)(len & 0xff) << 56, j = 0; i + j < len; j++)
		m |= (uint64_t)p[i + j] << (8 * j);
	sipblock(v, m);
	v[2] ^= 0xff;
	for (j = 0; j < 4; j++)
		sipround(v);
	return v[0] ^ v[1] ^ v[2] ^ v[3];
}

int
build_key_init(struct build_key *k)
{
	uint8_t b[16];
	size_t got = 0;
	ssize_t n;

	while (got < sizeof(b)) {
		n = getrandom(b + got, sizeof(b) - got, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		got += (size_t)n;
	}
	memcpy(&k->k0, b, 8);
	memcpy(&k->k1, b + 8, 8);
	return 0;
}

/* ---- ICMP requests ---- */

/* Put the IPv4 ICMP checksum over the whole message (RFC 792). */
static void
icmp4_cksum(uint8_t *msg, size_t len)
{
	wr_put_be16(msg + 2, cksum(msg, len));
}

size_t
build_echo(int af, struct build_echo_id e, struct build_bytes payload,
    uint8_t *buf, size_t cap)
{
	struct wr w = wr_make(buf, cap);
	uint8_t type;

	switch (af) {
	case AF_INET:
		type = BUILD_ICMP4_ECHO;
		break;
	case AF_INET6:
		type = BUILD_ICMP6_ECHO;
		break;
	default:
		return 0;
	}
	if (payload.len > 0 && payload.p == NULL)
		return 0;
	if (payload.len > 65535 - BUILD_ICMP_HDRLEN || !wr_u8(&w, type) ||
	    !wr_u8(&w, 0) || !wr_be16(&w, 0) || !wr_be16(&w, e.id) ||
	    !wr_be16(&w, e.seq) || !wr_bytes(&w, payload.p, payload.len))
		return 0;
	/* ICMPv6: the kernel sums over its pseudo-header (RFC 4443 2.3) */
	if (af == AF_INET)
		icmp4_cksum(buf, BUILD_ICMP_HDRLEN + payload.len);
	return BUILD_ICMP_HDRLEN + payload.len;
}

size_t
build_tstamp(uint16_t id, uint16_t seq, uint32_t orig_ms, uint8_t *buf,
    size_t cap)
{
	struct wr w = wr_make(buf, cap);

	/* RFC 792: receive and transmit times are the replier's to fill */
	if (!wr_u8(&w, BUILD_ICMP4_TSTAMP) || !wr_u8(&w, 0) || !wr_be16(&w, 0) ||
	    !wr_be16(&w, id) || !wr_be16(&w, seq) || !wr_be32(&w, orig_ms) ||
	    !wr_be32(&w, 0) || !wr_be32(&w, 0))
		return 0;
	icmp4_cksum(buf, 20);
	return 20;
}

size_t
build_mask(uint16_t id, uint16_t seq, uint8_t *buf, size_t cap)
{
	struct wr w = wr_make(buf, cap);

	/* RFC 950: the mask field is zero in a request */
	if (!wr_u8(&w, BUILD_ICMP4_MASKREQ) || !wr_u8(&w, 0) || !wr_be16(&w, 0) ||
	    !wr_be16(&w, id) || !wr_be16(&w, seq) || !wr_be32(&w, 0))
		return 0;
	icmp4_cksum(buf, 12);
	return 12;
}

/* ---- echo payload ---- */

static uint64_t
stamp_mac(const struct build_key *k, int64_t t, uint16_t id, uint16_t seq)
{
	uint8_t m[12];
	struct wr w = wr_make(m, sizeof(m));

	(void)wr_be32(&w, (uint32_t)((uint64_t)t >> 32));
	(void)wr_be32(&w, (uint32_t)t);
	(void)wr_be16(&w, id);
	(void)wr_be16(&w, seq);
	return build_siphash(k, m, sizeof(m));
}

/*
 * Fill byte for payload offset i. As iputils: its data buffer is filled
 * with byte i = i (or the -p pattern from offset 0) and the first 16 bytes
 * are then overwritten by the time, so fill bytes keep their offset's value.
 */
static inline uint8_t
fill_byte(const uint8_t *pattern, size_t patlen, size_t i)
{
	if (pattern != NULL && patlen > 0)
		return pattern[i % patlen];
	return (uint8_t)i;
}

static size_t
fill_start(size_t len)
{
	return len >= BUILD_STAMP_LEN ? BUILD_STAMP_LEN : 0;
}

void
build_payload(const struct build_key *k, const struct build_stamp_in *in,
    uint8_t *buf, size_t len)
{
	struct wr w = wr_make(buf, len);
	uint64_t mac;

	if (len >= BUILD_STAMP_LEN) {
		mac = stamp_mac(k, in->t_sent, in->e.id, in->e.seq);
		(void)wr_be32(&w, (uint32_t)((uint64_t)in->t_sent >> 32));
		(void)wr_be32(&w, (uint32_t)in->t_sent);
		(void)wr_be32(&w, (uint32_t)(mac >> 32));
		(void)wr_be32(&w, (uint32_t)mac);
	}
	for (size_t i = fill_start(len); i < len; i++)
		buf[i] = fill_byte(in->pattern.p, in->pattern.len, i);
}

enum build_stamp
build_check_stamp(const struct build_key *k, struct build_echo_id e,
    const uint8_t *data, size_t len, int64_t *t_sent)
{
	struct rd r = rd_make(data, len);
	uint32_t th, tl, mh, ml;
	int64_t t;

	if (!rd_be32(&r, &th) || !rd_be32(&r, &tl) || !rd_be32(&r, &mh) ||
	    !rd_be32(&r, &ml))
		return BUILD_STAMP_NONE;
	t = (int64_t)((uint64_t)th << 32 | tl);
	if (stamp_mac(k, t, e.id, e.seq) != ((uint64_t)mh << 32 | ml))
		return BUILD_STAMP_FORGED;
	if (t_sent != NULL)
		*t_sent = t;
	return BUILD_STAMP_OK;
}

long
build_check_fill(const uint8_t *pattern, size_t patlen, const uint8_t *data,
    size_t len)
{
	if (data == NULL)
		return -1;
	for (size_t i = fill_start(len); i < len; i++)
		if (data[i] != fill_byte(pattern, patlen, i))
			return (long)i;
	return -1;
}

/* ---- transport probes ---- */

static bool
same_family(const struct addr *src, const struct addr *dst)
{
	return src->af == dst->af && addr_len(src->af) != 0;
}

/*
 * Two bytes X (a payload word of UDP, the low sequence bits of DCCP) that
 * make the checksum field equal want. The field is ~(S + X) in ones'
 * complement (S = sum with X = 0); a computed 0 goes on the wire as 0xffff
 * in UDP (RFC 768), so want 0xffff asks for a sum of 0xffff (negative
 * zero) and every want in 1..0xffff is reachable.
 */
static uint16_t
cksum_fixup(uint16_t sum, uint16_t want)
{
	uint32_t s = (uint16_t)~sum;	/* the folded sum S, in 1..0xffff */
	uint32_t target = want == 0xffff ? 0xffff : (uint16_t)~want;

	return (uint16_t)((target + 0xffff - s % 0xffff) % 0xffff);
}

size_t
build_udp(const struct build_ports *f, uint16_t want_cksum,
    size_t payloadlen, uint8_t *buf, size_t cap)
{
	struct wr w = wr_make(buf, cap);
	size_t len = UDP_HDRLEN + payloadlen;
	struct cksum c;
	uint16_t sum;

	if (!same_family(f->src, f->dst) || payloadlen > 65535 - UDP_HDRLEN ||
	    (want_cksum != 0 && payloadlen < 2) || cap < len)
		return 0;
	(void)wr_be16(&w, f->sport);
	(void)wr_be16(&w, f->dport);
	(void)wr_be16(&w, (uint16_t)len);
	(void)wr_be16(&w, 0);
	/* traceroute 2.1.2's data: 0x40 + (i & 0x3f) */
	for (size_t i = 0; i < payloadlen; i++)
		buf[UDP_HDRLEN + i] = (uint8_t)(0x40 + (i & 0x3f));
	if (want_cksum != 0)
		buf[UDP_HDRLEN] = buf[UDP_HDRLEN + 1] = 0;
	cksum_init(&c);
	cksum_pseudo(&c, f->src, f->dst, (uint32_t)len, IPPROTO_UDP);
	cksum_add(&c, buf, len);
	sum = cksum_final(&c);
	if (want_cksum != 0) {
		wr_put_be16(buf + UDP_HDRLEN, cksum_fixup(sum, want_cksum));
		sum = want_cksum == 0xffff ? 0 : want_cksum;
	}
	/* RFC 768: a computed 0 is sent as all ones (0 = no checksum) */
	wr_put_be16(buf + 6, sum == 0 ? 0xffff : sum);
	return len;
}

size_t
build_tcp(const struct build_ports *f, uint32_t seq,
    const struct build_tcp *t, uint8_t *buf, size_t cap)
{
	struct wr w = wr_make(buf, cap);
	size_t len = TCP_HDRLEN + t->optlen;
	struct cksum c;

	if (!same_family(f->src, f->dst) || cap < len || t->optlen > 40 ||
	    t->optlen % 4 != 0)
		return 0;
	(void)wr_be16(&w, f->sport);
	(void)wr_be16(&w, f->dport);
	(void)wr_be32(&w, seq);
	(void)wr_be32(&w, t->ack);
	(void)wr_u8(&w, (uint8_t)((len / 4) << 4));	/* data offset */
	(void)wr_u8(&w, t->flags);
	(void)wr_be16(&w, t->window);
	(void)wr_be16(&w, 0);			/* checksum */
	(void)wr_be16(&w, 0);			/* urgent pointer */
	(void)wr_bytes(&w, t->opt, t->optlen);
	cksum_init(&c);
	cksum_pseudo(&c, f->src, f->dst, len, IPPROTO_TCP);
	cksum_add(&c, buf, len);
	wr_put_be16(buf + 16, cksum_final(&c));
	return len;
}

size_t
build_tcp_opts(const struct build_tcpopt *o, uint8_t *buf, size_t cap)
{
	struct wr w = wr_make(buf, cap);
	bool ok = true;

	/* RFC 9293 3.2: MSS kind 2; RFC 2018: SACK permitted kind 4;
	 * RFC 7323: timestamps kind 8, window scale kind 3; NOP kind 1.
	 * The order and padding of a Linux SYN. */
	if (o->mss != 0)
		ok &= wr_u8(&w, 2) && wr_u8(&w, 4) && wr_be16(&w, o->mss);
	if (o->tstamp) {
		ok &= o->sack ? wr_u8(&w, 4) && wr_u8(&w, 2) :
		    wr_u8(&w, 1) && wr_u8(&w, 1);
		ok &= wr_u8(&w, 8) && wr_u8(&w, 10) &&
		    wr_be32(&w, o->tsval) && wr_be32(&w, o->tsecr);
	} else if (o->sack)
		ok &= wr_u8(&w, 1) && wr_u8(&w, 1) && wr_u8(&w, 4) &&
		    wr_u8(&w, 2);
	if (o->wscale)
		ok &= wr_u8(&w, 1) && wr_u8(&w, 3) && wr_u8(&w, 3) &&
		    wr_u8(&w, 2);
	return ok ? cap - w.len : 0;
}

/* A DCCP-Request with the low sequence bits 0; *sum0 is its checksum. */
static size_t
dccp_write(const struct addr *src, const struct addr *dst,
    const struct build_dccp *d, size_t payloadlen, uint8_t *buf, size_t cap,
    uint16_t *sum0)
{
	struct wr w = wr_make(buf, cap);
	size_t len = DCCP_REQ_HDRLEN + payloadlen;
	struct cksum c;

	if (!same_family(src, dst) || payloadlen > 65535 - DCCP_REQ_HDRLEN ||
	    cap < len)
		return 0;
	/* RFC 4340 5.1 (X = 1: 48-bit sequence), 5.2 (Request) */
	(void)wr_be16(&w, d->sport);
	(void)wr_be16(&w, d->dport);
	(void)wr_u8(&w, DCCP_REQ_HDRLEN / 4);	/* data offset, no options */
	(void)wr_u8(&w, 0);			/* CCVal 0, CsCov 0: all */
	(void)wr_be16(&w, 0);			/* checksum */
	(void)wr_u8(&w, DCCP_TYPE_REQUEST << 1 | 1);
	(void)wr_u8(&w, 0);
	(void)wr_be32(&w, d->seq_hi);		/* sequence bits 47..16 */
	(void)wr_be16(&w, 0);			/* bits 15..0 */
	(void)wr_be32(&w, d->service);
	for (size_t i = 0; i < payloadlen; i++)
		buf[DCCP_REQ_HDRLEN + i] = (uint8_t)(0x40 + (i & 0x3f));
	cksum_init(&c);
	cksum_pseudo(&c, src, dst, (uint32_t)len, IPPROTO_DCCP);
	cksum_add(&c, buf, len);
	*sum0 = cksum_final(&c);
	return len;
}

uint16_t
build_dccp_cksum_of(uint16_t sum0, uint16_t seq_lo)
{
	/* the field is ~(S + X): S = ~sum0, ones' complement addition */
	uint32_t t = (uint32_t)(uint16_t)~sum0 + seq_lo;

	t = (t & 0xffff) + (t >> 16);
	return (uint16_t)~t;
}

uint16_t
build_dccp_sum0(const struct addr *src, const struct addr *dst,
    const struct build_dccp *d, size_t payloadlen)
{
	uint8_t buf[DCCP_REQ_HDRLEN], pat[64];
	uint16_t sum0;
	struct cksum c;

	/* the header, then the payload 64 bytes (one period) at a time */
	if (dccp_write(src, dst, d, 0, buf, sizeof(buf), &sum0) == 0 ||
	    payloadlen > 65535 - DCCP_REQ_HDRLEN)
		return 0;
	for (size_t i = 0; i < sizeof(pat); i++)
		pat[i] = (uint8_t)(0x40 + i);
	cksum_init(&c);
	cksum_pseudo(&c, src, dst, (uint32_t)(DCCP_REQ_HDRLEN + payloadlen),
	    IPPROTO_DCCP);
	cksum_add(&c, buf, sizeof(buf));
	for (size_t i = 0; i < payloadlen; i += sizeof(pat))
		cksum_add(&c, pat, payloadlen - i < sizeof(pat) ?
		    payloadlen - i : sizeof(pat));
	return cksum_final(&c);
}

size_t
build_dccp_request(const struct addr *src, const struct addr *dst,
    const struct build_dccp *d, size_t payloadlen, uint8_t *buf, size_t cap)
{
	uint16_t sum0, x;
	size_t len;

	if (d->want_cksum == 0 || d->want_cksum == 0xffff)
		return 0;
	len = dccp_write(src, dst, d, payloadlen, buf, cap, &sum0);
	if (len == 0)
		return 0;
	x = cksum_fixup(sum0, d->want_cksum);
	wr_put_be16(buf + 14, x);
	wr_put_be16(buf + 6, build_dccp_cksum_of(sum0, x));
	return len;
}
