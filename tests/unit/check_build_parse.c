/* check_build_parse: what build.c writes, parse.c reads back: echo,
 * timestamp and mask requests (v4 and v6 where they exist), UDP and TCP
 * probes quoted inside a synthetic Time Exceeded, the payload stamp (MAC)
 * and fill, SipHash-2-4 test vectors, the UDP checksum identity. */
#include <sys/socket.h>
#include <netinet/in.h>

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "build.h"
#include "cksum.h"
#include "parse.h"
#include "pkt.h"
#include "unit.h"

/* an echo's identity, bytes, a payload's stamp and fill */
#define EID(i, s)	((struct build_echo_id){ (i), (s) })
#define BYTES(p, n)	((struct build_bytes){ (p), (n) })
#define STAMP(t, i, s, p, n) \
	(&(struct build_stamp_in){ (t), EID(i, s), BYTES(p, n) })
/* a segment's ports and pseudo-header addresses */
#define PORTS(s, d, sp, dp) \
	(&(struct build_ports){ &(s), &(d), (sp), (dp) })

static const int fams[2] = { AF_INET, AF_INET6 };
static const char *const srcs[2] = { "198.18.0.1", "2001:2::1" };
static const char *const dsts[2] = { "198.18.5.2", "2001:2:0:5::2" };
static const char *const hops[2] = { "198.18.1.2", "2001:2:0:1::2" };

START_TEST(siphash_vectors)
{
	/* SipHash paper, appendix A: key 00..0f, message 00..0e */
	struct build_key k = { 0x0706050403020100ULL, 0x0f0e0d0c0b0a0908ULL };
	uint8_t m[64];

	for (size_t i = 0; i < sizeof(m); i++)
		m[i] = (uint8_t)i;
	ck_assert_uint_eq(build_siphash(&k, m, 15), 0xa129ca6149be45e5ULL);
	/* reference implementation's vectors.h: lengths 0, 8, 63 */
	ck_assert_uint_eq(build_siphash(&k, m, 0), 0x726fdb47dd0e0e31ULL);
	ck_assert_uint_eq(build_siphash(&k, m, 8), 0x93f5f5799a932462ULL);
	ck_assert_uint_eq(build_siphash(&k, m, 63), 0x958a324ceb064572ULL);
}
END_TEST

START_TEST(key_init)
{
	struct build_key a, b;

	ck_assert_int_eq(build_key_init(&a), 0);
	ck_assert_int_eq(build_key_init(&b), 0);
	ck_assert(a.k0 != b.k0 || a.k1 != b.k1);
}
END_TEST

START_TEST(echo_round_trip)
{
	int af = fams[_i];
	uint8_t pay[56], buf[128], pkt[256];
	struct icmp_reply r;
	size_t n, m;

	for (size_t i = 0; i < sizeof(pay); i++)
		pay[i] = (uint8_t)(i * 7);
	ck_assert_uint_eq(build_echo(af, EID(0x4242, 65535),
	    BYTES(pay, sizeof(pay)), buf, sizeof(buf)), 64);
	ck_assert_uint_eq(buf[0], af == AF_INET ? 8 : 128);
	if (af == AF_INET)
		ck_assert_uint_eq(cksum(buf, 64), 0);
	else	/* the kernel fills ICMPv6 checksums */
		ck_assert_uint_eq(buf[2] << 8 | buf[3], 0);
	ck_assert_int_eq(parse_reply(af, false, buf, 64, &r), PARSE_OK);
	ck_assert_int_eq(r.kind, ICMP_KIND_ECHO_REQUEST);
	ck_assert_uint_eq(r.id, 0x4242);
	ck_assert_uint_eq(r.seq, 65535);
	ck_assert_uint_eq(r.datalen, sizeof(pay));
	ck_assert_mem_eq(r.data, pay, sizeof(pay));
	ck_assert(!r.quote.present && !parse_kind_is_error(r.kind));
	/* the matching reply: type 0 / 129 */
	buf[0] = af == AF_INET ? 0 : 129;
	buf[2] = buf[3] = 0;
	if (af == AF_INET)
		pkt_be16(buf + 2, cksum(buf, 64));
	ck_assert_int_eq(parse_reply(af, false, buf, 64, &r), PARSE_OK);
	ck_assert_int_eq(r.kind, ICMP_KIND_ECHO_REPLY);
	ck_assert_uint_eq(r.seq, 65535);
	if (af == AF_INET) {
		n = pkt_ip4(pkt, IPPROTO_ICMP, dsts[0], srcs[0], 57, 0x77,
		    NULL, 0, buf, 64);
		ck_assert_int_eq(parse_reply(af, true, pkt, n, &r), PARSE_OK);
		ck_assert(r.has_iphdr);
		ck_assert(pkt_is(&r.src, dsts[0]));
		ck_assert(pkt_is(&r.dst, srcs[0]));
		ck_assert_uint_eq(r.ttl, 57);
		ck_assert_uint_eq(r.ip_id, 0x77);
		ck_assert_uint_eq(r.datalen, sizeof(pay));
	}
	/* too small a buffer, a missing payload */
	ck_assert_uint_eq(build_echo(af, EID(1, 1), BYTES(pay, sizeof(pay)),
	    buf, 63), 0);
	ck_assert_uint_eq(build_echo(af, EID(1, 1), BYTES(NULL, 4),
	    buf, sizeof(buf)), 0);
	ck_assert_uint_eq(build_echo(AF_UNIX, EID(1, 1), BYTES(pay, 4),
	    buf, 64), 0);
	m = build_echo(af, EID(1, 2), BYTES(NULL, 0), buf, 8);
	ck_assert_uint_eq(m, 8);
	ck_assert_int_eq(parse_reply(af, false, buf, m, &r), PARSE_OK);
	ck_assert_uint_eq(r.datalen, 0);
}
END_TEST

START_TEST(tstamp_mask_round_trip)
{
	uint8_t buf[64];
	struct icmp_reply r;

	ck_assert_uint_eq(build_tstamp(7, 9, 45296789, buf, sizeof(buf)), 20);
	ck_assert_uint_eq(cksum(buf, 20), 0);
	ck_assert_int_eq(parse_reply(AF_INET, false, buf, 20, &r), PARSE_OK);
	ck_assert_int_eq(r.kind, ICMP_KIND_TSTAMP_REQUEST);
	ck_assert_uint_eq(r.id, 7);
	ck_assert_uint_eq(r.seq, 9);
	ck_assert_uint_eq(r.ts_orig, 45296789);
	ck_assert_uint_eq(r.ts_recv, 0);
	ck_assert_uint_eq(build_tstamp(7, 9, 1, buf, 19), 0);

	ck_assert_uint_eq(build_mask(3, 4, buf, sizeof(buf)), 12);
	ck_assert_uint_eq(cksum(buf, 12), 0);
	ck_assert_int_eq(parse_reply(AF_INET, false, buf, 12, &r), PARSE_OK);
	ck_assert_int_eq(r.kind, ICMP_KIND_MASK_REQUEST);
	ck_assert_uint_eq(r.id, 3);
	ck_assert_uint_eq(r.seq, 4);
	ck_assert_uint_eq(r.mask, 0);
	ck_assert_uint_eq(build_mask(3, 4, buf, 11), 0);
}
END_TEST

START_TEST(stamp_and_fill)
{
	struct build_key k = { 0x1111, 0x2222 };
	uint8_t p[64];
	int64_t t = 0;

	build_payload(&k, STAMP(1234567890123LL, 5, 6, NULL, 0), p, sizeof(p));
	ck_assert_int_eq(build_check_stamp(&k, EID(5, 6), p, sizeof(p), &t),
	    BUILD_STAMP_OK);
	ck_assert_int_eq(t, 1234567890123LL);
	/* as iputils: fill byte i is i, the first after the stamp is 0x10 */
	ck_assert_uint_eq(p[16], 0x10);
	ck_assert_uint_eq(p[63], 63);
	ck_assert_int_eq(build_check_fill(NULL, 0, p, sizeof(p)), -1);
	ck_assert_int_eq(build_check_fill(NULL, 0, p, 20), -1);
	/* another probe's id or seq, another key: forged */
	ck_assert_int_eq(build_check_stamp(&k, EID(5, 7), p, sizeof(p), &t),
	    BUILD_STAMP_FORGED);
	ck_assert_int_eq(build_check_stamp(&k, EID(4, 6), p, sizeof(p), &t),
	    BUILD_STAMP_FORGED);
	{
		struct build_key k2 = { 0x1111, 0x2223 };

		ck_assert_int_eq(build_check_stamp(&k2, EID(5, 6), p, sizeof(p),
		    &t), BUILD_STAMP_FORGED);
	}
	/* tampered time */
	p[7] ^= 1;
	t = 42;
	ck_assert_int_eq(build_check_stamp(&k, EID(5, 6), p, sizeof(p), &t),
	    BUILD_STAMP_FORGED);
	ck_assert_int_eq(t, 42);
	p[7] ^= 1;
	/* too short for a stamp */
	ck_assert_int_eq(build_check_stamp(&k, EID(5, 6), p, 15, &t),
	    BUILD_STAMP_NONE);
	ck_assert_int_eq(build_check_stamp(&k, EID(5, 6), NULL, 0, &t),
	    BUILD_STAMP_NONE);
	/* a damaged fill byte is reported by its index */
	p[40] ^= 0x80;
	ck_assert_int_eq(build_check_fill(NULL, 0, p, sizeof(p)), 40);
	/* negative times survive the big-endian split */
	build_payload(&k, STAMP(-5, 1, 1, NULL, 0), p, 16);
	ck_assert_int_eq(build_check_stamp(&k, EID(1, 1), p, 16, &t),
	    BUILD_STAMP_OK);
	ck_assert_int_eq(t, -5);
}
END_TEST

START_TEST(fill_patterns)
{
	static const uint8_t pat[] = { 0xde, 0xad, 0xbe };
	struct build_key k = { 1, 2 };
	uint8_t p[40];

	build_payload(&k, STAMP(1, 1, 1, pat, sizeof(pat)), p, sizeof(p));
	/* pattern from payload offset 0, as iputils -p */
	ck_assert_uint_eq(p[16], pat[16 % 3]);
	ck_assert_uint_eq(p[39], pat[39 % 3]);
	ck_assert_int_eq(build_check_fill(pat, sizeof(pat), p, sizeof(p)),
	    -1);
	ck_assert_int_eq(build_check_fill(NULL, 0, p, sizeof(p)), 16);
	/* shorter than a stamp: fill only, from offset 0 (-s < 16) */
	memset(p, 0xee, sizeof(p));
	build_payload(&k, STAMP(1, 1, 1, NULL, 0), p, 10);
	for (size_t i = 0; i < 10; i++)
		ck_assert_uint_eq(p[i], i);
	ck_assert_uint_eq(p[10], 0xee);
	ck_assert_int_eq(build_check_fill(NULL, 0, p, 10), -1);
	p[0] = 9;
	ck_assert_int_eq(build_check_fill(NULL, 0, p, 10), 0);
	build_payload(&k, STAMP(1, 1, 1, pat, sizeof(pat)), p, 0);
	ck_assert_int_eq(build_check_fill(pat, sizeof(pat), p, 0), -1);
}
END_TEST

/* The transport checksum over pseudo-header + segment verifies to 0. */
static uint16_t
l4_verify(int af, uint8_t proto, const uint8_t *seg, size_t len)
{
	struct addr s = pkt_a(srcs[af == AF_INET6]);
	struct addr d = pkt_a(dsts[af == AF_INET6]);
	struct cksum c;

	cksum_init(&c);
	cksum_pseudo(&c, &s, &d, (uint32_t)len, proto);
	cksum_add(&c, seg, len);
	return cksum_final(&c);
}

START_TEST(udp_checksum_identity)
{
	int af = fams[_i];
	struct addr s = pkt_a(srcs[_i]), d = pkt_a(dsts[_i]);
	uint8_t buf[64];
	uint32_t want;

	/* every identity 1..0xffff is reachable, and verifies */
	for (want = 1; want <= 0xffff; want++) {
		ck_assert_uint_eq(build_udp(PORTS(s, d, 40000, 33434),
		    (uint16_t)want, 32, buf, sizeof(buf)), 40);
		ck_assert_uint_eq(buf[6] << 8 | buf[7], want);
		ck_assert_uint_eq(l4_verify(af, IPPROTO_UDP, buf, 40), 0);
	}
	/* 0: a plain checksum, never 0 on the wire */
	ck_assert_uint_eq(build_udp(PORTS(s, d, 40000, 33434), 0, 32, buf,
	    sizeof(buf)), 40);
	ck_assert_uint_ne(buf[6] << 8 | buf[7], 0);
	ck_assert_uint_eq(l4_verify(af, IPPROTO_UDP, buf, 40), 0);
	ck_assert_uint_eq(buf[0] << 8 | buf[1], 40000);
	ck_assert_uint_eq(buf[2] << 8 | buf[3], 33434);
	ck_assert_uint_eq(buf[4] << 8 | buf[5], 40);
	ck_assert_uint_eq(buf[8], 0x40);	/* 2.1.2's data */
	ck_assert_uint_eq(buf[8 + 31], 0x5f);
	/* out of range: no room for the identity, buffer, families */
	ck_assert_uint_eq(build_udp(PORTS(s, d, 1, 2), 5, 1, buf,
	    sizeof(buf)), 0);
	ck_assert_uint_eq(build_udp(PORTS(s, d, 1, 2), 0, 1, buf,
	    sizeof(buf)), 9);
	ck_assert_uint_eq(build_udp(PORTS(s, d, 1, 2), 0, 32, buf, 39), 0);
	ck_assert_uint_eq(build_udp(PORTS(s, s, 1, 2), 0, 0, buf, 8), 8);
	{
		struct addr o = pkt_a(srcs[!_i]);

		ck_assert_uint_eq(build_udp(PORTS(s, o, 1, 2), 0, 0, buf,
		    8), 0);
	}
}
END_TEST

START_TEST(udp_zero_sum_goes_out_as_ones)
{
	/* search a payload whose computed checksum is 0 (want 0xffff asks
	 * exactly that), then check want = 0 also writes 0xffff for it */
	struct addr s = pkt_a("198.18.0.1"), d = pkt_a("198.18.5.2");
	uint8_t a[16], b[16];

	ck_assert_uint_eq(build_udp(PORTS(s, d, 7, 9), 0xffff, 8, a, sizeof(a)),
	    16);
	ck_assert_uint_eq(a[6] << 8 | a[7], 0xffff);
	ck_assert_uint_eq(l4_verify(AF_INET, IPPROTO_UDP, a, 16), 0);
	/* with those payload bytes, the plain sum is the same 0 -> 0xffff */
	ck_assert_uint_eq(build_udp(PORTS(s, d, 7, 9), 0, 8, b, sizeof(b)), 16);
	memcpy(b + 8, a + 8, 2);
	b[6] = b[7] = 0;
	ck_assert_uint_eq(l4_verify(AF_INET, IPPROTO_UDP, b, 16), 0);
}
END_TEST

/* A router's Time Exceeded quoting probe `l4` (proto) sent to dst. */
static size_t
time_exceeded(int af, uint8_t proto, const uint8_t *l4, size_t l4len,
    uint8_t *out)
{
	static const uint8_t zero[4];
	uint8_t q[256], m[512];
	size_t n;

	if (af == AF_INET) {
		n = pkt_ip4(q, proto, srcs[0], dsts[0], 1, 0xabcd, NULL, 0,
		    l4, l4len);
		n = pkt_icmp(m, af, 11, 0, zero, q, n);
		return pkt_ip4(out, IPPROTO_ICMP, hops[0], srcs[0], 64, 1,
		    NULL, 0, m, n);
	}
	n = pkt_ip6(q, proto, srcs[1], dsts[1], 1, l4, l4len);
	n = pkt_icmp(m, af, 3, 0, zero, q, n);
	memcpy(out, m, n);
	return n;
}

static void
check_quote_common(int af, const struct icmp_reply *r, uint8_t proto)
{
	ck_assert_int_eq(r->kind, ICMP_KIND_TIME_EXCEEDED);
	ck_assert(parse_kind_is_error(r->kind));
	ck_assert(r->quote.present && r->quote.has_l4);
	ck_assert_uint_eq(r->quote.proto, proto);
	ck_assert(pkt_is(&r->quote.dst, dsts[af == AF_INET6]));
	ck_assert(pkt_is(&r->quote.src, srcs[af == AF_INET6]));
	ck_assert_uint_eq(r->quote.ttl, 1);
	if (af == AF_INET) {
		ck_assert_uint_eq(r->quote.ip_id, 0xabcd);
		ck_assert(pkt_is(&r->src, hops[0]));
	} else {
		ck_assert_uint_eq(r->quote.flowlabel, 0x12345);
	}
}

START_TEST(udp_probe_in_time_exceeded)
{
	int af = fams[_i];
	struct addr s = pkt_a(srcs[_i]), d = pkt_a(dsts[_i]);
	uint8_t probe[64], pkt[512];
	struct icmp_reply r;
	size_t n;

	ck_assert_uint_eq(build_udp(PORTS(s, d, 40001, 33434), 0x9876, 32,
	    probe, sizeof(probe)), 40);
	n = time_exceeded(af, IPPROTO_UDP, probe, 40, pkt);
	ck_assert_int_eq(parse_reply(af, af == AF_INET, pkt, n, &r),
	    PARSE_OK);
	check_quote_common(af, &r, IPPROTO_UDP);
	ck_assert_uint_eq(r.quote.sport, 40001);
	ck_assert_uint_eq(r.quote.dport, 33434);
	ck_assert_uint_eq(r.quote.udp_cksum, 0x9876);
	ck_assert_uint_eq(r.quote.udp_len, 40);
	ck_assert_uint_eq(r.quote.payloadlen, 32);
	ck_assert_mem_eq(r.quote.payload, probe + 8, 32);
}
END_TEST

START_TEST(tcp_probe_in_time_exceeded)
{
	int af = fams[_i];
	struct addr s = pkt_a(srcs[_i]), d = pkt_a(dsts[_i]);
	uint8_t probe[64], pkt[512];
	struct icmp_reply r;
	size_t n;

	struct build_tcp t = { 0, BUILD_TCP_SYN, 5840, NULL, 0 };

	ck_assert_uint_eq(build_tcp(PORTS(s, d, 50000, 80), 0xfeedf00d, &t,
	    probe, sizeof(probe)), 20);
	ck_assert_uint_eq(l4_verify(af, IPPROTO_TCP, probe, 20), 0);
	ck_assert_uint_eq(probe[12], 0x50);
	ck_assert_uint_eq(probe[13], 0x02);	/* SYN only */
	ck_assert_uint_eq(build_tcp(PORTS(s, d, 1, 2), 3, &t, probe, 19), 0);
	n = time_exceeded(af, IPPROTO_TCP, probe, 20, pkt);
	ck_assert_int_eq(parse_reply(af, af == AF_INET, pkt, n, &r),
	    PARSE_OK);
	check_quote_common(af, &r, IPPROTO_TCP);
	ck_assert_uint_eq(r.quote.sport, 50000);
	ck_assert_uint_eq(r.quote.dport, 80);
	ck_assert_uint_eq(r.quote.tcp_seq, 0xfeedf00d);
	/* routers may quote only the first 8 bytes: still a whole quote */
	n = time_exceeded(af, IPPROTO_TCP, probe, 8, pkt);
	ck_assert_int_eq(parse_reply(af, af == AF_INET, pkt, n, &r),
	    PARSE_OK);
	ck_assert_uint_eq(r.quote.tcp_seq, 0xfeedf00d);
	ck_assert_uint_eq(r.quote.payloadlen, 0);
}
END_TEST

START_TEST(tcp_options)
{
	struct build_tcpopt o;
	uint8_t b[24];

	/* a Linux SYN's options: MSS, SACK + timestamps, NOP + wscale */
	memset(&o, 0, sizeof(o));
	o.mss = 1460;
	o.sack = o.tstamp = o.wscale = true;
	o.tsval = 0x01020304;
	ck_assert_uint_eq(build_tcp_opts(&o, b, sizeof(b)), 20);
	ck_assert_uint_eq(b[0], 2);
	ck_assert_uint_eq(b[1], 4);
	ck_assert_uint_eq(b[2] << 8 | b[3], 1460);
	ck_assert_uint_eq(b[4], 4);	/* SACK permitted before TS */
	ck_assert_uint_eq(b[6], 8);
	ck_assert_uint_eq(b[7], 10);
	ck_assert_uint_eq(b[8], 1);
	ck_assert_uint_eq(b[11], 4);
	ck_assert_uint_eq(b[16], 1);	/* NOP, window scale 2 */
	ck_assert_uint_eq(b[17], 3);
	ck_assert_uint_eq(b[19], 2);
	/* 2.1.2's -O mss=100,sack: MSS + NOP NOP SACK = 8 */
	memset(&o, 0, sizeof(o));
	o.mss = 100;
	o.sack = true;
	ck_assert_uint_eq(build_tcp_opts(&o, b, sizeof(b)), 8);
	ck_assert_uint_eq(b[4], 1);
	ck_assert_uint_eq(b[6], 4);
	/* timestamps alone: NOP NOP first; no MSS without one asked */
	memset(&o, 0, sizeof(o));
	o.tstamp = true;
	ck_assert_uint_eq(build_tcp_opts(&o, b, sizeof(b)), 12);
	ck_assert_uint_eq(b[0], 1);
	ck_assert_uint_eq(b[2], 8);
	memset(&o, 0, sizeof(o));
	ck_assert_uint_eq(build_tcp_opts(&o, b, sizeof(b)), 0);
	o.mss = 1;
	o.tstamp = true;
	ck_assert_uint_eq(build_tcp_opts(&o, b, 8), 0);	/* no room */
}
END_TEST

START_TEST(dccp_request)
{
	int af = fams[_i];
	struct addr s = pkt_a(srcs[_i]), d = pkt_a(dsts[_i]);
	struct build_dccp dc = { 40000, 33434, 0x11223344, 1885957735u, 0 };
	uint8_t buf[128], pkt[512];
	struct icmp_reply r;
	uint16_t sum0;
	size_t n;

	sum0 = build_dccp_sum0(&s, &d, &dc, 12);
	/* every wanted checksum is what goes out, and the packet verifies;
	 * the low sequence bits it took map back to it */
	for (uint32_t want = 1; want < 0xffff; want += 97) {
		dc.want_cksum = (uint16_t)want;
		ck_assert_uint_eq(build_dccp_request(&s, &d, &dc, 12, buf,
		    sizeof(buf)), 32);
		ck_assert_uint_eq(buf[6] << 8 | buf[7], want);
		ck_assert_uint_eq(l4_verify(af, IPPROTO_DCCP, buf, 32), 0);
		ck_assert_uint_eq(build_dccp_cksum_of(sum0,
		    (uint16_t)(buf[14] << 8 | buf[15])), want);
	}
	/* RFC 4340 5.1/5.2: data offset 5, X = 1, type Request, service */
	ck_assert_uint_eq(buf[4], 5);
	ck_assert_uint_eq(buf[8], 0x01);
	ck_assert_uint_eq(buf[10], 0x11);
	ck_assert_uint_eq(buf[13], 0x44);
	ck_assert_uint_eq((uint32_t)buf[16] << 24 | (uint32_t)buf[17] << 16 |
	    (uint32_t)buf[18] << 8 | buf[19], 1885957735u);
	ck_assert_uint_eq(buf[20], 0x40);
	/* a router quotes the first 8 bytes: ports and checksum */
	n = time_exceeded(af, IPPROTO_DCCP, buf, 8, pkt);
	ck_assert_int_eq(parse_reply(af, af == AF_INET, pkt, n, &r),
	    PARSE_OK);
	check_quote_common(af, &r, IPPROTO_DCCP);
	ck_assert_uint_eq(r.quote.sport, 40000);
	ck_assert_uint_eq(r.quote.dport, 33434);
	ck_assert_uint_eq(r.quote.udp_cksum, dc.want_cksum);
	ck_assert_ptr_nonnull(r.quote.l4);
	/* refused: no identity to give, no buffer, mixed families */
	dc.want_cksum = 0;
	ck_assert_uint_eq(build_dccp_request(&s, &d, &dc, 0, buf,
	    sizeof(buf)), 0);
	dc.want_cksum = 5;
	ck_assert_uint_eq(build_dccp_request(&s, &d, &dc, 0, buf, 19), 0);
	{
		struct addr o = pkt_a(srcs[!_i]);

		ck_assert_uint_eq(build_dccp_request(&s, &o, &dc, 0, buf,
		    sizeof(buf)), 0);
	}
}
END_TEST

START_TEST(dccp_answers)
{
	/* a Reset (type 7, X = 1) acknowledging ...0xbeef, IPv6 (no IP
	 * header on the socket), then every truncation */
	uint8_t p[28] = { 0x82, 0x9a, 0x9c, 0x40, 7, 0, 0, 0, 7 << 1 | 1, 0,
	    0, 0, 0, 0, 0, 9, 0, 0, 0, 0, 0x11, 0x22, 0xbe, 0xef, 2, 0, 0,
	    0 };
	struct icmp_reply r;

	ck_assert_int_eq(parse_l4(AF_INET6, false, IPPROTO_DCCP, p,
	    sizeof(p), &r), PARSE_OK);
	ck_assert_int_eq(r.kind, ICMP_KIND_DCCP);
	ck_assert_uint_eq(r.tcp_sport, 33434);
	ck_assert_uint_eq(r.tcp_dport, 40000);
	ck_assert_uint_eq(r.dccp_type, 7);
	ck_assert(r.dccp_acks);
	ck_assert_uint_eq(r.tcp_ack, 0xbeef);
	for (size_t n = 0; n < 24; n++)
		ck_assert_int_ne(parse_l4(AF_INET6, false, IPPROTO_DCCP, p, n,
		    &r), PARSE_OK);
	/* X = 0: 24-bit numbers, the acknowledgment at bytes 12..15 */
	p[4] = 4;
	p[8] = 7 << 1;
	p[14] = 0x12;
	p[15] = 0x34;
	ck_assert_int_eq(parse_l4(AF_INET6, false, IPPROTO_DCCP, p, 16, &r),
	    PARSE_OK);
	ck_assert_uint_eq(r.tcp_ack, 0x1234);
	/* a data offset below the header it claims */
	p[4] = 3;
	ck_assert_int_ne(parse_l4(AF_INET6, false, IPPROTO_DCCP, p,
	    sizeof(p), &r), PARSE_OK);
	/* a Request acknowledges nothing; another protocol: no fields */
	p[4] = 3;
	p[8] = 0;
	ck_assert_int_eq(parse_l4(AF_INET6, false, IPPROTO_DCCP, p, 12, &r),
	    PARSE_OK);
	ck_assert(!r.dccp_acks);
	ck_assert_int_eq(parse_l4(AF_INET6, false, 253, p, 0, &r), PARSE_OK);
	ck_assert_int_eq(r.kind, ICMP_KIND_PROTO);
	ck_assert_uint_eq(r.l4proto, 253);
}
END_TEST

START_TEST(echo_in_time_exceeded)
{
	int af = fams[_i];
	uint8_t probe[64], pkt[512], pay[16] = { 0 };
	struct icmp_reply r;
	size_t n;
	uint8_t proto = af == AF_INET ? IPPROTO_ICMP : IPPROTO_ICMPV6;

	ck_assert_uint_eq(build_echo(af, EID(0x1234, 0x8001),
	    BYTES(pay, sizeof(pay)), probe, sizeof(probe)), 24);
	n = time_exceeded(af, proto, probe, 24, pkt);
	ck_assert_int_eq(parse_reply(af, af == AF_INET, pkt, n, &r),
	    PARSE_OK);
	check_quote_common(af, &r, proto);
	ck_assert_uint_eq(r.quote.icmp_type, af == AF_INET ? 8 : 128);
	ck_assert_uint_eq(r.quote.icmp_id, 0x1234);
	ck_assert_uint_eq(r.quote.icmp_seq, 0x8001);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("build_parse");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, siphash_vectors);
	tcase_add_test(tc, key_init);
	tcase_add_loop_test(tc, echo_round_trip, 0, 2);
	tcase_add_test(tc, tstamp_mask_round_trip);
	tcase_add_test(tc, stamp_and_fill);
	tcase_add_test(tc, fill_patterns);
	tcase_add_loop_test(tc, udp_checksum_identity, 0, 2);
	tcase_add_test(tc, udp_zero_sum_goes_out_as_ones);
	tcase_add_loop_test(tc, udp_probe_in_time_exceeded, 0, 2);
	tcase_add_loop_test(tc, tcp_probe_in_time_exceeded, 0, 2);
	tcase_add_loop_test(tc, echo_in_time_exceeded, 0, 2);
	tcase_add_test(tc, tcp_options);
	tcase_add_loop_test(tc, dccp_request, 0, 2);
	tcase_add_test(tc, dccp_answers);
	suite_add_tcase(s, tc);
	return unit_run(s, CK_FORK_GETENV);
}
