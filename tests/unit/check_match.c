/* check_match: the one attribution path (match.c) from real bytes:
 * match_parse() on each socket kind (raw IPv4 with its header, datagram,
 * IPv6, error-queue records, raw TCP) and match_key_of() for every probe
 * kind: echo replies by id (from anyone for ping, only the destination
 * for a trace), errors by their quote (type, id, ports, UDP checksum,
 * classic port, TCP sequence, payload tag, quoted destination or a
 * gateway), SYN-ACK / RST; foreign ids, wrong ports, a quoted destination
 * not ours, advice (redirect), redundant error-queue copies; ping's
 * transmit index across the sequence wrap. */
#include <sys/socket.h>
#include <netinet/in.h>

#include <check.h>
#include <linux/errqueue.h>
#include <stdlib.h>
#include <string.h>

#include "build.h"
#include "match.h"
#include "parse.h"
#include "pkt.h"
#include "unit.h"

static const int fams[2] = { AF_INET, AF_INET6 };
static const char *const srcs[2] = { "198.18.0.1", "2001:2::1" };
static const char *const dsts[2] = { "198.18.5.2", "2001:2:0:5::2" };
static const char *const hops[2] = { "198.18.1.2", "2001:2:0:1::2" };

static uint8_t buf[2048];

/* A socket of kind k and family af (no descriptor: parsing only). */
static struct sock
sk(int af, enum sock_kind k, int proto)
{
	struct sock s;

	memset(&s, 0, sizeof(s));
	s.fd = -1;
	s.af = af;
	s.kind = k;
	s.proto = proto ? proto : af == AF_INET ? IPPROTO_ICMP :
	    IPPROTO_ICMPV6;
	return s;
}

/* rx over len bytes of buf, as read from `from`. */
static struct rx
rx_of(size_t len, const char *from)
{
	struct rx rx;

	memset(&rx, 0, sizeof(rx));
	rx.buf = buf;
	rx.cap = rx.len = len;
	rx.ttl = -1;
	rx.t_kernel = -1;
	rx.from = pkt_a(from);
	return rx;
}

/* An ICMP message in buf from `from` to us: with the IPv4 header (raw
 * IPv4 socket) or bare (datagram, IPv6). */
static size_t
icmp_msg(int af, bool iphdr, uint8_t type, uint8_t code,
    const uint8_t rest[4], const uint8_t *body, size_t blen,
    const char *from)
{
	uint8_t m[1024];
	size_t n = pkt_icmp(m, af, type, code, rest, body, blen);

	if (iphdr)
		return pkt_ip4(buf, IPPROTO_ICMP, from, srcs[0], 60, 1, NULL, 0,
		    m, n);
	memcpy(buf, m, n);
	return n;
}

static enum parse_err
parsed(const struct sock *s, size_t len, const char *from,
    struct icmp_reply *r)
{
	struct rx rx = rx_of(len, from);

	return match_parse(s, &rx, r);
}

/* ping's spec: echo requests with id 0x4242 to dsts[fi]. */
static struct match_spec
ping_spec(int fi, bool raw)
{
	struct match_spec sp;

	memset(&sp, 0, sizeof(sp));
	sp.af = fams[fi];
	sp.kind = MATCH_ECHO;
	sp.raw = raw;
	sp.req_type = fi ? 128 : 8;
	sp.reply_kind = ICMP_KIND_ECHO_REPLY;
	sp.id = 0x4242;
	sp.dst = pkt_a(dsts[fi]);
	return sp;
}

START_TEST(echo_replies)
{
	int fi = _i / 2, af = fams[fi];
	bool raw = _i % 2 == 0;
	struct sock s = sk(af, raw ? SOCK_RAW_ICMP : SOCK_DGRAM_ICMP, 0);
	struct match_spec sp = ping_spec(fi, raw);
	uint8_t rest[4] = { 0x42, 0x42, 0, 7 }, pay[8] = { 1, 2, 3, 4 };
	struct icmp_reply r;
	struct match_key k;
	size_t n;

	n = icmp_msg(af, raw && af == AF_INET, fi ? 129 : 0, 0, rest, pay,
	    8, dsts[fi]);
	ck_assert_int_eq(parsed(&s, n, dsts[fi], &r), PARSE_OK);
	ck_assert(pkt_is(&r.src, dsts[fi]));
	ck_assert(match_key_of(&sp, &r, &k));
	ck_assert(!k.error);
	ck_assert_uint_eq(k.ident, 7);
	/* a broadcast ping is answered by others: ping takes them */
	n = icmp_msg(af, raw && af == AF_INET, fi ? 129 : 0, 0, rest, pay,
	    8, hops[fi]);
	ck_assert_int_eq(parsed(&s, n, hops[fi], &r), PARSE_OK);
	ck_assert(match_key_of(&sp, &r, &k));
	ck_assert(pkt_is(&k.dst, hops[fi]));
	/* a trace takes them from its destination only */
	sp.kind = MATCH_TRACE_ECHO;
	sp.base = 5;
	ck_assert(!match_key_of(&sp, &r, &k));
	n = icmp_msg(af, raw && af == AF_INET, fi ? 129 : 0, 0, rest, pay,
	    8, dsts[fi]);
	ck_assert_int_eq(parsed(&s, n, dsts[fi], &r), PARSE_OK);
	ck_assert(match_key_of(&sp, &r, &k));
	ck_assert_uint_eq(k.ident, 2);		/* probe 2: seq 7 - base 5 */
	/* a foreign id, our own request looped back, a timestamp reply for
	 * an echo spec: none is ours */
	sp = ping_spec(fi, raw);
	rest[1] = 0x43;
	n = icmp_msg(af, raw && af == AF_INET, fi ? 129 : 0, 0, rest, pay,
	    8, dsts[fi]);
	ck_assert_int_eq(parsed(&s, n, dsts[fi], &r), PARSE_OK);
	ck_assert(!match_key_of(&sp, &r, &k));
	rest[1] = 0x42;
	n = icmp_msg(af, raw && af == AF_INET, fi ? 128 : 8, 0, rest, pay,
	    8, dsts[fi]);
	ck_assert_int_eq(parsed(&s, n, dsts[fi], &r), PARSE_OK);
	ck_assert(!match_key_of(&sp, &r, &k));
	if (af == AF_INET) {
		uint8_t ts[12] = { 0 };

		n = icmp_msg(af, raw, 14, 0, rest, ts, 12, dsts[fi]);
		ck_assert_int_eq(parsed(&s, n, dsts[fi], &r), PARSE_OK);
		ck_assert(!match_key_of(&sp, &r, &k));
		sp.reply_kind = ICMP_KIND_TSTAMP_REPLY;
		ck_assert(match_key_of(&sp, &r, &k));
	}
}
END_TEST

/* The datagram we sent, quoted: IP header + the first bytes. */
static size_t
quote_of(int fi, uint8_t proto, const uint8_t *l4, size_t l4len,
    const char *dst, uint8_t *q)
{
	if (fi == 0)
		return pkt_ip4(q, proto, srcs[0], dst, 1, 9, NULL, 0, l4, l4len);
	return pkt_ip6(q, proto, srcs[1], dst, 1, l4, l4len);
}

/* A Time Exceeded (or `type`) from hops[fi] quoting q. */
static size_t
error_msg(int fi, bool iphdr, uint8_t type, uint8_t code, const uint8_t *q,
    size_t qlen)
{
	static const uint8_t zero[4];

	return icmp_msg(fams[fi], iphdr, type, code, zero, q, qlen,
	    hops[fi]);
}

START_TEST(echo_errors)
{
	int fi = _i, af = fams[fi];
	struct sock s = sk(af, SOCK_RAW_ICMP, 0);
	struct match_spec sp = ping_spec(fi, true);
	uint8_t req[8] = { fi ? 128 : 8, 0, 0, 0, 0x42, 0x42, 0x01, 0x02 };
	uint8_t q[128], te = fi ? 3 : 11;
	struct icmp_reply r;
	struct match_key k;
	size_t qn, n;

	qn = quote_of(fi, fi ? IPPROTO_ICMPV6 : IPPROTO_ICMP, req, 8,
	    dsts[fi], q);
	n = error_msg(fi, fi == 0, te, 0, q, qn);
	ck_assert_int_eq(parsed(&s, n, hops[fi], &r), PARSE_OK);
	ck_assert(match_key_of(&sp, &r, &k));
	ck_assert(k.error && !k.advice);
	ck_assert_uint_eq(k.ident, 0x0102);
	ck_assert(pkt_is(&k.dst, dsts[fi]));
	/* quoting another destination: not about our request */
	qn = quote_of(fi, fi ? IPPROTO_ICMPV6 : IPPROTO_ICMP, req, 8,
	    hops[fi], q);
	n = error_msg(fi, fi == 0, te, 0, q, qn);
	ck_assert_int_eq(parsed(&s, n, hops[fi], &r), PARSE_OK);
	ck_assert(!match_key_of(&sp, &r, &k));
	/* another id, another request type */
	req[5] = 0x43;
	qn = quote_of(fi, fi ? IPPROTO_ICMPV6 : IPPROTO_ICMP, req, 8,
	    dsts[fi], q);
	n = error_msg(fi, fi == 0, te, 0, q, qn);
	ck_assert_int_eq(parsed(&s, n, hops[fi], &r), PARSE_OK);
	ck_assert(!match_key_of(&sp, &r, &k));
	if (af == AF_INET) {
		/* a redirect: advice, with its key */
		req[5] = 0x42;
		qn = quote_of(fi, IPPROTO_ICMP, req, 8, dsts[fi], q);
		n = error_msg(fi, true, 5, 1, q, qn);
		ck_assert_int_eq(parsed(&s, n, hops[fi], &r), PARSE_OK);
		ck_assert(match_key_of(&sp, &r, &k));
		ck_assert(k.error && k.advice);
		/* the quote says UDP: not an echo request of ours */
		qn = quote_of(fi, IPPROTO_UDP, req, 8, dsts[fi], q);
		n = error_msg(fi, true, 11, 0, q, qn);
		ck_assert_int_eq(parsed(&s, n, hops[fi], &r), PARSE_OK);
		ck_assert(!match_key_of(&sp, &r, &k));
	}
}
END_TEST

/* A trace spec: UDP from port 33000 to 33434, probe 0 = base 0x100. */
static struct match_spec
udp_spec(int fi, enum match_kind kind)
{
	struct match_spec sp;

	memset(&sp, 0, sizeof(sp));
	sp.af = fams[fi];
	sp.kind = kind;
	sp.raw = kind != MATCH_UDP_TAG;
	sp.sport = 33000;
	sp.dport = 33434;
	sp.base = 0x100;
	sp.dst = pkt_a(dsts[fi]);
	return sp;
}

START_TEST(udp_quotes)
{
	int fi = _i, af = fams[fi];
	struct sock s = sk(af, SOCK_RAW_ICMP, 0);
	struct match_spec sp = udp_spec(fi, MATCH_UDP_CKSUM);
	struct addr gw = pkt_a(hops[fi]);
	uint8_t udp[12] = { 0x80, 0xe8, 0x82, 0x9a, 0, 12, 0x01, 0x05 };
	uint8_t q[128];
	struct icmp_reply r;
	struct match_key k;
	size_t qn, n;

	qn = quote_of(fi, IPPROTO_UDP, udp, 12, dsts[fi], q);
	n = error_msg(fi, fi == 0, fi ? 3 : 11, 0, q, qn);
	ck_assert_int_eq(parsed(&s, n, hops[fi], &r), PARSE_OK);
	ck_assert(match_key_of(&sp, &r, &k));
	ck_assert_uint_eq(k.ident, 5);		/* checksum 0x105 - 0x100 */
	/* --classic: the port names the probe, 33434 + 7 */
	sp.kind = MATCH_UDP_PORT;
	pkt_be16(udp + 2, 33441);
	qn = quote_of(fi, IPPROTO_UDP, udp, 12, dsts[fi], q);
	n = error_msg(fi, fi == 0, fi ? 3 : 11, 0, q, qn);
	ck_assert_int_eq(parsed(&s, n, hops[fi], &r), PARSE_OK);
	ck_assert(match_key_of(&sp, &r, &k));
	ck_assert_uint_eq(k.ident, 7);
	/* another source port: not ours */
	pkt_be16(udp, 33001);
	qn = quote_of(fi, IPPROTO_UDP, udp, 12, dsts[fi], q);
	n = error_msg(fi, fi == 0, fi ? 3 : 11, 0, q, qn);
	ck_assert_int_eq(parsed(&s, n, hops[fi], &r), PARSE_OK);
	ck_assert(!match_key_of(&sp, &r, &k));
	/* a source route: before the last gateway the quoted destination
	 * is the gateway */
	pkt_be16(udp, 33000);
	sp.kind = MATCH_UDP_CKSUM;
	pkt_be16(udp + 2, 33434);
	qn = quote_of(fi, IPPROTO_UDP, udp, 12, hops[fi], q);
	n = error_msg(fi, fi == 0, fi ? 3 : 11, 0, q, qn);
	ck_assert_int_eq(parsed(&s, n, hops[fi], &r), PARSE_OK);
	ck_assert(!match_key_of(&sp, &r, &k));
	sp.via = &gw;
	sp.nvia = 1;
	ck_assert(match_key_of(&sp, &r, &k));
}
END_TEST

/* The classic ports skip 0 past 65535, both ways. */
START_TEST(classic_port_wrap)
{
	struct match_spec sp = udp_spec(0, MATCH_UDP_PORT);
	struct sock s = sk(AF_INET, SOCK_RAW_ICMP, 0);
	uint8_t udp[8] = { 0x80, 0xe8, 0, 0, 0, 8, 0, 0 }, q[64];
	struct icmp_reply r;
	struct match_key k;
	size_t qn, n;

	sp.dport = 65535;
	for (size_t i = 0; i < 20; i++) {
		uint16_t p = match_classic_port(65535, i);

		ck_assert_uint_eq(p, i == 0 ? 65535 : i);
		pkt_be16(udp + 2, p);
		qn = quote_of(0, IPPROTO_UDP, udp, 8, dsts[0], q);
		n = error_msg(0, true, 11, 0, q, qn);
		ck_assert_int_eq(parsed(&s, n, hops[0], &r), PARSE_OK);
		ck_assert(match_key_of(&sp, &r, &k));
		ck_assert_uint_eq(k.ident, i);
	}
	pkt_be16(udp + 2, 0);
	qn = quote_of(0, IPPROTO_UDP, udp, 8, dsts[0], q);
	n = error_msg(0, true, 11, 0, q, qn);
	ck_assert_int_eq(parsed(&s, n, hops[0], &r), PARSE_OK);
	ck_assert(!match_key_of(&sp, &r, &k));	/* no probe has it */
}
END_TEST

/* Error-queue records: unprivileged UDP (tag), a ping socket's echo, the
 * redundant copy a raw socket gets, a local error. */
START_TEST(errqueue_records)
{
	int fi = _i, af = fams[fi];
	struct sock s = sk(af, SOCK_DGRAM_UDP, IPPROTO_UDP);
	struct match_spec sp = udp_spec(fi, MATCH_UDP_TAG);
	struct icmp_reply r;
	struct match_key k;
	struct rx rx;

	pkt_be32(buf, (uint32_t)MATCH_TAG_MAGIC << 16 | 0x109);
	memset(buf + 4, 0x40, 28);
	rx = rx_of(32, hops[fi]);
	rx.is_err = true;
	rx.err.af = af;
	rx.err.origin = fi ? SO_EE_ORIGIN_ICMP6 : SO_EE_ORIGIN_ICMP;
	rx.err.type = fi ? 3 : 11;
	rx.err.proto = IPPROTO_UDP;
	rx.err.offender = pkt_a(hops[fi]);
	rx.err.dst = pkt_a(dsts[fi]);
	ck_assert_int_eq(match_parse(&s, &rx, &r), PARSE_OK);
	ck_assert(r.from_errq);
	ck_assert(match_key_of(&sp, &r, &k));
	ck_assert_uint_eq(k.ident, 9);
	/* a bad magic, another quoted destination */
	buf[0] ^= 1;
	ck_assert_int_eq(match_parse(&s, &rx, &r), PARSE_OK);
	ck_assert(!match_key_of(&sp, &r, &k));
	buf[0] ^= 1;
	rx.err.dst = pkt_a(hops[fi]);
	ck_assert_int_eq(match_parse(&s, &rx, &r), PARSE_OK);
	ck_assert(!match_key_of(&sp, &r, &k));
	rx.err.dst = pkt_a(dsts[fi]);
	/* the same on a raw socket: a copy of what the raw ICMP socket
	 * reads in full */
	s.kind = SOCK_RAW_PROTO;
	ck_assert_int_eq(match_parse(&s, &rx, &r), PARSE_REDUNDANT);
	/* a local error (EMSGSIZE): the caller looks at rx.err */
	s.kind = SOCK_DGRAM_UDP;
	rx.err.origin = SO_EE_ORIGIN_LOCAL;
	ck_assert_int_eq(match_parse(&s, &rx, &r), PARSE_NOT_ICMP);
}
END_TEST

/* A raw TCP socket: SYN-ACK and RST from the destination acknowledge a
 * SYN of ours; errors quote its ports and sequence. */
START_TEST(tcp_segments)
{
	int fi = _i, af = fams[fi];
	struct sock s = sk(af, SOCK_RAW_PROTO, IPPROTO_TCP);
	struct match_spec sp;
	uint8_t seg[20], q[128];
	struct icmp_reply r;
	struct match_key k;
	size_t n;

	memset(&sp, 0, sizeof(sp));
	sp.af = af;
	sp.kind = MATCH_TCP;
	sp.tcp_flags = 0x02;	/* SYN: answers acknowledge seq + 1 */
	sp.raw = true;
	sp.sport = 40000;
	sp.dport = 80;
	sp.tcp_seq0 = 1000;
	sp.dst = pkt_a(dsts[fi]);
	memset(seg, 0, sizeof(seg));
	pkt_be16(seg, 80);
	pkt_be16(seg + 2, 40000);
	pkt_be32(seg + 4, 77);
	pkt_be32(seg + 8, 1000 + 4 + 1);	/* acks probe 4's SYN */
	seg[12] = 0x50;
	seg[13] = 0x12;				/* SYN-ACK */
	n = fi == 0 ? pkt_ip4(buf, IPPROTO_TCP, dsts[0], srcs[0], 60, 1,
	    NULL, 0, seg, 20) : (memcpy(buf, seg, 20), 20);
	ck_assert_int_eq(parsed(&s, n, dsts[fi], &r), PARSE_OK);
	ck_assert_int_eq(r.kind, ICMP_KIND_TCP);
	ck_assert(match_key_of(&sp, &r, &k));
	ck_assert(!k.error);
	ck_assert_uint_eq(k.ident, 4);
	/* from a router, to another port, without ACK: not ours */
	ck_assert_int_eq(parsed(&s, n, hops[fi], &r), PARSE_OK);
	if (fi == 1)
		ck_assert(!match_key_of(&sp, &r, &k));
	seg[13] = 0x02;				/* a bare SYN */
	n = fi == 0 ? pkt_ip4(buf, IPPROTO_TCP, dsts[0], srcs[0], 60, 1,
	    NULL, 0, seg, 20) : (memcpy(buf, seg, 20), 20);
	ck_assert_int_eq(parsed(&s, n, dsts[fi], &r), PARSE_OK);
	ck_assert(!match_key_of(&sp, &r, &k));
	/* a short data offset or a segment cut short */
	seg[12] = 0x40;
	n = fi == 0 ? pkt_ip4(buf, IPPROTO_TCP, dsts[0], srcs[0], 60, 1,
	    NULL, 0, seg, 20) : (memcpy(buf, seg, 20), 20);
	ck_assert_int_eq(parsed(&s, n, dsts[fi], &r), PARSE_TRUNCATED);
	/* a Time Exceeded quoting probe 6's SYN */
	memset(seg, 0, sizeof(seg));
	pkt_be16(seg, 40000);
	pkt_be16(seg + 2, 80);
	pkt_be32(seg + 4, 1006);
	s = sk(af, SOCK_RAW_ICMP, 0);
	n = quote_of(fi, IPPROTO_TCP, seg, 8, dsts[fi], q);
	n = error_msg(fi, fi == 0, fi ? 3 : 11, 0, q, n);
	ck_assert_int_eq(parsed(&s, n, hops[fi], &r), PARSE_OK);
	ck_assert(match_key_of(&sp, &r, &k));
	ck_assert(k.error);
	ck_assert_uint_eq(k.ident, 6);
}
END_TEST

/* ping's transmit index: the newest request with that sequence. */
START_TEST(seq_index_wrap)
{
	ck_assert_uint_eq(match_seq_index(0, 1), 0);
	ck_assert_uint_eq(match_seq_index(3, 1), 1);
	ck_assert_uint_eq(match_seq_index(3, 3), 3);
	ck_assert_uint_eq(match_seq_index(3, 4), 0);	/* not sent yet */
	ck_assert_uint_eq(match_seq_index(70000, 70000 % 65536), 70000);
	ck_assert_uint_eq(match_seq_index(70000, 1), 65537);
	ck_assert_uint_eq(match_seq_index(70000, 4463), 69999);
	ck_assert_uint_eq(match_seq_index(70000, 4465), 4465);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("match");
	TCase *tc = tcase_create("match");

	tcase_add_loop_test(tc, echo_replies, 0, 4);
	tcase_add_loop_test(tc, echo_errors, 0, 2);
	tcase_add_loop_test(tc, udp_quotes, 0, 2);
	tcase_add_test(tc, classic_port_wrap);
	tcase_add_loop_test(tc, errqueue_records, 0, 2);
	tcase_add_loop_test(tc, tcp_segments, 0, 2);
	tcase_add_test(tc, seq_index_wrap);
	suite_add_tcase(s, tc);
	return unit_run(s, CK_FORK_GETENV);
}
