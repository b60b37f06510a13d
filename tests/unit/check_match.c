/* check_match: the probe table: echo replies by id/seq/src, errors by
 * their quote (ports, UDP checksum, TCP seq, quoted dst), error-queue tags;
 * foreign ids, wrong ports, quoted dst not ours, wrapped sequence numbers,
 * removed slots, a full table and colliding chains against a linear scan. */
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

static uint8_t
icmp_proto(int af)
{
	return af == AF_INET ? IPPROTO_ICMP : IPPROTO_ICMPV6;
}

static struct match_key
echo_key(int af, uint16_t id, uint16_t seq, unsigned fields)
{
	struct match_key k;

	memset(&k, 0, sizeof(k));
	k.af = af;
	k.proto = icmp_proto(af);
	k.fields = fields;
	k.id = id;
	k.seq = seq;
	k.dst = pkt_a(dsts[af == AF_INET6]);
	return k;
}

/* An echo reply from `from`, parsed from real bytes. */
static struct icmp_reply
echo_reply(int af, uint16_t id, uint16_t seq, const char *from)
{
	uint8_t pay[8] = { 0xca, 0xfe, 0xba, 0xbe, 4, 5, 6, 7 }, buf[64];
	struct icmp_reply r;
	size_t n;

	n = build_echo(af, id, seq, pay, sizeof(pay), buf, sizeof(buf));
	buf[0] = af == AF_INET ? 0 : 129;
	buf[2] = buf[3] = 0;
	if (af == AF_INET)
		pkt_be16(buf + 2, cksum(buf, n));
	ck_assert_int_eq(parse_reply(af, false, buf, n, &r), PARSE_OK);
	r.src = pkt_a(from);	/* a datagram socket: from recvmsg */
	return r;
}

START_TEST(echo_by_id_seq_src)
{
	int af = fams[_i];
	const unsigned f = MATCH_F_ID | MATCH_F_SEQ | MATCH_F_DST;
	struct match_slot slots[4];
	uint32_t index[8];
	struct match_table t;
	struct match_key k = echo_key(af, 0x4242, 0, f);
	struct icmp_reply r;

	match_init(&t, slots, index, 4);
	for (uint16_t s = 0; s < 4; s++) {
		struct match_key p = echo_key(af, 0x4242, s, f);

		match_add(&t, s, &p, 1000 + s);
	}
	r = echo_reply(af, 0x4242, 2, dsts[_i]);
	ck_assert_int_eq(match_reply(&t, &k, &r), 2);
	ck_assert_int_eq(slots[2].t_sent, 1002);
	ck_assert_uint_eq(t.not_ours, 0);
	/* foreign id */
	r = echo_reply(af, 0x4243, 2, dsts[_i]);
	ck_assert_int_eq(match_reply(&t, &k, &r), MATCH_NOT_OURS);
	ck_assert_uint_eq(t.not_ours, 1);
	/* a seq never sent */
	r = echo_reply(af, 0x4242, 4, dsts[_i]);
	ck_assert_int_eq(match_reply(&t, &k, &r), MATCH_NOT_OURS);
	/* from a host we did not ping */
	r = echo_reply(af, 0x4242, 2, hops[_i]);
	ck_assert_int_eq(match_reply(&t, &k, &r), MATCH_NOT_OURS);
	ck_assert_uint_eq(t.not_ours, 3);
	/* without F_DST (broadcast ping) any source answers */
	k.fields = MATCH_F_ID | MATCH_F_SEQ;
	ck_assert_int_eq(match_reply(&t, &k, &r), 2);
	/* an echo reply is no answer to a UDP probe */
	k.proto = IPPROTO_UDP;
	k.fields = MATCH_F_SPORT;
	ck_assert_int_eq(match_reply(&t, &k, &r), MATCH_NOT_OURS);
	/* nor is our own request looped back */
	k = echo_key(af, 0x4242, 0, f);
	r = echo_reply(af, 0x4242, 2, dsts[_i]);
	r.kind = ICMP_KIND_ECHO_REQUEST;
	ck_assert_int_eq(match_reply(&t, &k, &r), MATCH_NOT_OURS);
	ck_assert_uint_eq(t.not_ours, 5);
}
END_TEST

START_TEST(wrapped_seq_and_removed)
{
	int af = fams[_i];
	const unsigned f = MATCH_F_ID | MATCH_F_SEQ;
	struct match_slot slots[3];
	uint32_t index[6];
	struct match_table t;
	struct match_key k = echo_key(af, 7, 0, f), p;
	struct icmp_reply r;

	match_init(&t, slots, index, 3);
	p = echo_key(af, 7, 65534, f);
	match_add(&t, 0, &p, 0);
	p = echo_key(af, 7, 65535, f);
	match_add(&t, 1, &p, 0);
	p = echo_key(af, 7, 0, f);
	match_add(&t, 2, &p, 0);
	r = echo_reply(af, 7, 0, dsts[_i]);
	ck_assert_int_eq(match_reply(&t, &k, &r), 2);
	r = echo_reply(af, 7, 65535, dsts[_i]);
	ck_assert_int_eq(match_reply(&t, &k, &r), 1);
	/* answered and removed: a duplicate is not ours any more */
	match_remove(&t, 1);
	ck_assert_int_eq(match_reply(&t, &k, &r), MATCH_NOT_OURS);
	match_remove(&t, 1);	/* twice: harmless */
	/* the slot reused for seq 1 (65536 sent): 65535 stays unknown */
	p = echo_key(af, 7, 1, f);
	match_add(&t, 1, &p, 0);
	ck_assert_int_eq(match_reply(&t, &k, &r), MATCH_NOT_OURS);
	r = echo_reply(af, 7, 1, dsts[_i]);
	ck_assert_int_eq(match_reply(&t, &k, &r), 1);
	/* re-adding a live slot replaces its key */
	p = echo_key(af, 7, 9, f);
	match_add(&t, 1, &p, 0);
	ck_assert_int_eq(match_reply(&t, &k, &r), MATCH_NOT_OURS);
	r = echo_reply(af, 7, 9, dsts[_i]);
	ck_assert_int_eq(match_reply(&t, &k, &r), 1);
	/* out of range slots are ignored */
	match_add(&t, 3, &p, 0);
	match_remove(&t, 99);
	ck_assert_int_eq(match_reply(&t, &k, &r), 1);
}
END_TEST

/* A Time Exceeded from hop 1 quoting a UDP probe, through the parser. */
static struct icmp_reply
te_udp(int af, const char *qdst, uint16_t sport, uint16_t dport,
    uint16_t ck)
{
	static const uint8_t zero[4];
	struct addr s = pkt_a(srcs[af == AF_INET6]), d = pkt_a(qdst);
	uint8_t probe[64], q[128], m[256], pkt[320];
	struct icmp_reply r;
	size_t n;

	n = build_udp(&s, &d, sport, dport, ck, 24, probe, sizeof(probe));
	ck_assert_uint_eq(n, 32);
	if (af == AF_INET) {
		n = pkt_ip4(q, IPPROTO_UDP, srcs[0], qdst, 1, 5, NULL, 0,
		    probe, n);
		n = pkt_icmp(m, af, 11, 0, zero, q, n);
		n = pkt_ip4(pkt, IPPROTO_ICMP, hops[0], srcs[0], 64, 1, NULL,
		    0, m, n);
		ck_assert_int_eq(parse_reply(af, true, pkt, n, &r), PARSE_OK);
	} else {
		n = pkt_ip6(q, IPPROTO_UDP, srcs[1], qdst, 1, probe, n);
		n = pkt_icmp(m, af, 3, 0, zero, q, n);
		ck_assert_int_eq(parse_reply(af, false, m, n, &r), PARSE_OK);
	}
	return r;
}

START_TEST(udp_by_ports_cksum_dst)
{
	int af = fams[_i];
	const unsigned f = MATCH_F_SPORT | MATCH_F_DPORT | MATCH_F_CKSUM |
	    MATCH_F_DST;
	struct match_slot slots[8];
	uint32_t index[16];
	struct match_table t;
	struct match_key k;
	struct icmp_reply r;

	match_init(&t, slots, index, 8);
	memset(&k, 0, sizeof(k));
	k.af = af;
	k.proto = IPPROTO_UDP;
	k.fields = f;
	k.sport = 40000;
	k.dport = 33434;
	k.dst = pkt_a(dsts[_i]);
	for (uint16_t i = 0; i < 8; i++) {
		k.udp_cksum = (uint16_t)(0x100 + i);
		match_add(&t, i, &k, 0);
	}
	r = te_udp(af, dsts[_i], 40000, 33434, 0x105);
	ck_assert_int_eq(match_reply(&t, &k, &r), 5);
	/* wrong source port, wrong destination port */
	r = te_udp(af, dsts[_i], 40001, 33434, 0x105);
	ck_assert_int_eq(match_reply(&t, &k, &r), MATCH_NOT_OURS);
	r = te_udp(af, dsts[_i], 40000, 33435, 0x105);
	ck_assert_int_eq(match_reply(&t, &k, &r), MATCH_NOT_OURS);
	/* a checksum no probe had */
	r = te_udp(af, dsts[_i], 40000, 33434, 0x108);
	ck_assert_int_eq(match_reply(&t, &k, &r), MATCH_NOT_OURS);
	/* the quoted destination is not ours */
	r = te_udp(af, hops[_i], 40000, 33434, 0x105);
	ck_assert_int_eq(match_reply(&t, &k, &r), MATCH_NOT_OURS);
	ck_assert_uint_eq(t.not_ours, 4);
	/* an ICMP pattern never takes a UDP quote */
	r = te_udp(af, dsts[_i], 40000, 33434, 0x105);
	k.proto = icmp_proto(af);
	ck_assert_int_eq(match_reply(&t, &k, &r), MATCH_NOT_OURS);
	/* quote without transport bytes */
	k.proto = IPPROTO_UDP;
	r.quote.has_l4 = false;
	ck_assert_int_eq(match_reply(&t, &k, &r), MATCH_NOT_OURS);
	r.quote.has_l4 = true;
	r.quote.present = false;
	ck_assert_int_eq(match_reply(&t, &k, &r), MATCH_NOT_OURS);
}
END_TEST

START_TEST(tcp_and_icmp_quotes)
{
	struct match_slot slots[2];
	uint32_t index[4];
	struct match_table t;
	struct match_key k;
	struct icmp_reply r;

	match_init(&t, slots, index, 2);
	memset(&k, 0, sizeof(k));
	k.af = AF_INET;
	k.proto = IPPROTO_TCP;
	k.fields = MATCH_F_SPORT | MATCH_F_DPORT | MATCH_F_TCPSEQ;
	k.sport = 50000;
	k.dport = 80;
	k.tcp_seq = 0x80000001u;
	match_add(&t, 1, &k, 0);
	memset(&r, 0, sizeof(r));
	r.af = AF_INET;
	r.kind = ICMP_KIND_UNREACH;
	r.quote.present = r.quote.has_l4 = true;
	r.quote.proto = IPPROTO_TCP;
	r.quote.sport = 50000;
	r.quote.dport = 80;
	r.quote.tcp_seq = 0x80000001u;
	ck_assert_int_eq(match_reply(&t, &k, &r), 1);
	r.quote.tcp_seq++;
	ck_assert_int_eq(match_reply(&t, &k, &r), MATCH_NOT_OURS);
	/* an echo request quoted in an error */
	match_init(&t, slots, index, 2);
	k = echo_key(AF_INET, 99, 3, MATCH_F_ID | MATCH_F_SEQ | MATCH_F_DST);
	match_add(&t, 0, &k, 0);
	memset(&r, 0, sizeof(r));
	r.kind = ICMP_KIND_TIME_EXCEEDED;
	r.quote.present = r.quote.has_l4 = true;
	r.quote.proto = IPPROTO_ICMP;
	r.quote.icmp_id = 99;
	r.quote.icmp_seq = 3;
	r.quote.dst = k.dst;
	ck_assert_int_eq(match_reply(&t, &k, &r), 0);
	r.quote.icmp_id = 98;
	ck_assert_int_eq(match_reply(&t, &k, &r), MATCH_NOT_OURS);
}
END_TEST

START_TEST(errqueue_tag)
{
	/* an unprivileged UDP socket: the error queue returns our payload */
	struct match_slot slots[4];
	uint32_t index[8];
	struct match_table t;
	struct match_key k;
	struct errq_rec e;
	struct icmp_reply r;
	uint8_t pay[8] = { 0x7e, 0x57, 0x00, 0x02, 0x40, 0x41, 0x42, 0x43 };

	match_init(&t, slots, index, 4);
	memset(&k, 0, sizeof(k));
	k.af = AF_INET;
	k.proto = IPPROTO_UDP;
	k.fields = MATCH_F_TAG;
	for (uint32_t i = 0; i < 4; i++) {
		k.tag = 0x7e570000u | i;
		match_add(&t, i, &k, 0);
	}
	memset(&e, 0, sizeof(e));
	e.af = AF_INET;
	e.origin = SO_EE_ORIGIN_ICMP;
	e.type = 11;
	e.proto = IPPROTO_UDP;
	e.offender = pkt_a(hops[0]);
	ck_assert_int_eq(parse_errqueue(&e, pay, sizeof(pay), &r), PARSE_OK);
	ck_assert_int_eq(match_reply(&t, &k, &r), 2);
	pay[3] = 9;
	ck_assert_int_eq(parse_errqueue(&e, pay, sizeof(pay), &r), PARSE_OK);
	ck_assert_int_eq(match_reply(&t, &k, &r), MATCH_NOT_OURS);
	/* too short for a tag */
	pay[3] = 2;
	ck_assert_int_eq(parse_errqueue(&e, pay, 3, &r), PARSE_OK);
	ck_assert_int_eq(match_reply(&t, &k, &r), MATCH_NOT_OURS);
	/* ports asked of a quote that has none */
	ck_assert_int_eq(parse_errqueue(&e, pay, sizeof(pay), &r), PARSE_OK);
	k.fields = MATCH_F_TAG | MATCH_F_SPORT;
	ck_assert_int_eq(match_reply(&t, &k, &r), MATCH_NOT_OURS);
	ck_assert_uint_eq(t.not_ours, 3);
}
END_TEST

START_TEST(full_table_collisions)
{
	/* random add/remove against a linear scan, tables of 1..67 */
	enum { N = 67 };
	struct match_slot slots[N];
	uint32_t index[2 * N];
	struct match_table t;
	struct icmp_reply r;

	srand(1234);
	for (size_t n = 1; n <= N; n += 3) {
		match_init(&t, slots, index, n);
		for (int op = 0; op < 4000; op++) {
			size_t s = (size_t)rand() % n;
			/* few distinct seqs: equal keys and long chains */
			uint16_t seq = (uint16_t)(rand() % (2 * n + 1));
			struct match_key k = echo_key(AF_INET, 1, seq,
			    MATCH_F_ID | MATCH_F_SEQ);
			long want = MATCH_NOT_OURS, got;

			if (rand() % 3 == 0)
				match_remove(&t, s);
			else
				match_add(&t, s, &k, op);
			seq = (uint16_t)(rand() % (2 * n + 1));
			for (size_t i = 0; i < n; i++)
				if (slots[i].used && slots[i].key.seq == seq)
					want = (long)i;
			memset(&r, 0, sizeof(r));
			r.kind = ICMP_KIND_ECHO_REPLY;
			r.id = 1;
			r.seq = seq;
			got = match_reply(&t, &k, &r);
			if (want == MATCH_NOT_OURS)
				ck_assert_int_eq(got, MATCH_NOT_OURS);
			else	/* equal keys: any live slot holding it */
				ck_assert(got >= 0 && slots[got].used &&
				    slots[got].key.seq == seq);
			ck_assert(t.nlive + t.ntomb < 2 * n);
		}
	}
	/* every slot full, all distinct: each found at its slot */
	match_init(&t, slots, index, N);
	for (size_t i = 0; i < N; i++) {
		struct match_key k = echo_key(AF_INET6, 5, (uint16_t)(i * 977),
		    MATCH_F_ID | MATCH_F_SEQ);

		match_add(&t, i, &k, 0);
	}
	for (size_t i = 0; i < N; i++) {
		struct match_key k = echo_key(AF_INET6, 5, 0,
		    MATCH_F_ID | MATCH_F_SEQ);

		memset(&r, 0, sizeof(r));
		r.kind = ICMP_KIND_ECHO_REPLY;
		r.id = 5;
		r.seq = (uint16_t)(i * 977);
		ck_assert_int_eq(match_reply(&t, &k, &r), (long)i);
	}
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("match");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 30);
	tcase_add_loop_test(tc, echo_by_id_seq_src, 0, 2);
	tcase_add_loop_test(tc, wrapped_seq_and_removed, 0, 2);
	tcase_add_loop_test(tc, udp_by_ports_cksum_dst, 0, 2);
	tcase_add_test(tc, tcp_and_icmp_quotes);
	tcase_add_test(tc, errqueue_tag);
	tcase_add_test(tc, full_table_collisions);
	suite_add_tcase(s, tc);
	return unit_run(s, CK_FORK_GETENV);
}
