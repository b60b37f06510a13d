/*
 * check_tr_method.c: traceroute's probe methods without sockets: packet
 * lengths, the flow-stable identity of every probe (UDP checksum, echo
 * sequence with a constant checksum, TCP sequence, payload tag), and the
 * matching of answers back to probes, foreign ones refused.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <arpa/inet.h>
#include <check.h>
#include <linux/errqueue.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#include "cksum.h"
#include "trace_method.h"
#include "unit.h"
#include "unit_addr.h"

static void
setup(struct trace_method *m, int af, enum trace_proto id, bool raw)
{
	struct trace_method_cfg c;
	char err[128];

	memset(&c, 0, sizeof(c));
	c.af = af;
	c.id = id;
	c.src = unit_a(af == AF_INET ? "198.18.0.1" : "2001:2::1");
	c.dst = unit_a(af == AF_INET ? "198.18.3.2" : "2001:2:0:3::2");
	c.salt = 12345;
	ck_assert_int_eq(trace_method_init(m, &c, err, sizeof(err)), 0);
	trace_method_finish(m, raw);
}

/* tr_run's path: the spec of m, then the one match (from_errq: the
 * reply came from the error queue). */
static void
tmatch(const struct trace_method *m, const struct icmp_reply *r,
    bool from_errq, struct trace_answer *a)
{
	struct match_spec sp;
	struct icmp_reply c = *r;

	c.from_errq = from_errq;
	trace_method_spec(m, &sp);
	trace_method_match(m, &sp, &c, a);
}

/* A TCP segment read on the raw TCP socket (IPv4: with its header) from
 * `from`, through parse_l4 as match_parse does. */
static void
tmatch_tcp(const struct trace_method *m, const uint8_t *seg, size_t n,
    const struct addr *from, struct trace_answer *a)
{
	struct icmp_reply r;

	memset(a, 0, sizeof(*a));
	a->idx = -1;
	if (parse_l4(m->c.af, m->c.af == AF_INET, IPPROTO_TCP, seg, n, &r) !=
	    PARSE_OK)
		return;
	r.src = *from;
	tmatch(m, &r, false, a);
}

/* A Time Exceeded from 198.18.1.2 quoting what probe idx of flow
 * `flow` carried (flow 0: trace_method_build's). */
static struct icmp_reply
te_for_flow(const struct trace_method *m, size_t idx, uint16_t flow)
{
	static uint8_t buf[128];	/* r.quote.payload points into it */
	struct icmp_reply r;
	uint16_t dport;
	ssize_t n = flow == 0 ? trace_method_build(m, idx, buf, sizeof(buf),
	    &dport) : trace_method_build_flow(m, idx, flow, buf, sizeof(buf),
	    &dport);
	size_t len = (size_t)n;

	ck_assert_int_ge(n, 0);
	memset(&r, 0, sizeof(r));
	r.af = m->c.af;
	r.kind = ICMP_KIND_TIME_EXCEEDED;
	r.type = m->c.af == AF_INET ? 11 : 3;
	r.src = unit_a(m->c.af == AF_INET ? "198.18.1.2" : "2001:2:0:1::2");
	r.quote.present = true;
	r.quote.dst = m->c.dst;
	r.quote.src = m->c.src;
	r.quote.has_l4 = true;
	switch (m->c.id) {
	case TRACE_ICMP:
		r.quote.proto = m->c.af == AF_INET ? IPPROTO_ICMP :
		    IPPROTO_ICMPV6;
		r.quote.icmp_type = buf[0];
		r.quote.icmp_id = (uint16_t)(buf[4] << 8 | buf[5]);
		r.quote.icmp_seq = (uint16_t)(buf[6] << 8 | buf[7]);
		break;
	case TRACE_DCCP:
		r.quote.proto = IPPROTO_DCCP;
		r.quote.sport = (uint16_t)(buf[0] << 8 | buf[1]);
		r.quote.dport = (uint16_t)(buf[2] << 8 | buf[3]);
		r.quote.udp_cksum = (uint16_t)(buf[6] << 8 | buf[7]);
		r.quote.l4 = buf;
		break;
	case TRACE_RAW:
		r.quote.proto = m->proto;
		r.quote.l4 = buf;
		r.quote.has_l4 = len >= 8;
		break;
	case TRACE_TCP:
		r.quote.proto = IPPROTO_TCP;
		r.quote.sport = (uint16_t)(buf[0] << 8 | buf[1]);
		r.quote.dport = (uint16_t)(buf[2] << 8 | buf[3]);
		r.quote.tcp_seq = (uint32_t)buf[4] << 24 |
		    (uint32_t)buf[5] << 16 | (uint32_t)buf[6] << 8 | buf[7];
		break;
	default:
		r.quote.proto = m->proto;
		if (!m->raw) {	/* an unprivileged socket: payload only */
			r.quote.payload = buf;
			r.quote.payloadlen = len;
			break;
		}
		r.quote.sport = (uint16_t)(buf[0] << 8 | buf[1]);
		r.quote.dport = (uint16_t)(buf[2] << 8 | buf[3]);
		r.quote.udp_cksum = (uint16_t)(buf[6] << 8 | buf[7]);
		r.quote.payload = buf + 8;
		r.quote.payloadlen = len - 8;
	}
	return r;
}

static struct icmp_reply
te_for(const struct trace_method *m, size_t idx)
{
	return te_for_flow(m, idx, 0);
}

/*
 * --multipath: flow 0 is the flow-stable probe, byte for byte; other
 * flows change what routers hash (UDP dport, TCP sport, the ICMP
 * checksum) and nothing else; each probe is still matched by its
 * identity once nflows says how many ports are ours, and a port past them
 * is not ours.
 */
START_TEST(multipath_flows)
{
	static const enum trace_proto ids[] = { TRACE_UDP, TRACE_ICMP,
	    TRACE_TCP };
	struct trace_method m;
	struct trace_answer a;
	struct icmp_reply r;
	uint8_t b0[128], b1[128];
	uint16_t d0, d1;

	for (int fam = 0; fam < 2; fam++)
		for (size_t i = 0; i < 3; i++)
			for (int raw = 0; raw < 2; raw++) {
				int af = fam ? AF_INET6 : AF_INET;
				ssize_t n0, n1;

				if (ids[i] == TRACE_TCP && !raw)
					continue;
				setup(&m, af, ids[i], raw);
				m.nflows = 64;
				ck_assert(trace_method_flows_ok(&m));
				n0 = trace_method_build(&m, 5, b0, sizeof(b0),
				    &d0);
				n1 = trace_method_build_flow(&m, 5, 0, b1,
				    sizeof(b1), &d1);
				ck_assert_int_eq(n0, n1);
				ck_assert_uint_eq(d0, d1);
				ck_assert(memcmp(b0, b1, (size_t)n0) == 0);
				for (uint16_t f = 1; f < 64; f += 7) {
					n1 = trace_method_build_flow(&m, 5, f,
					    b1, sizeof(b1), &d1);
					ck_assert_int_eq(n1, n0);
					ck_assert_uint_eq(d1, (ids[i] ==
					    TRACE_UDP ? d0 + f : d0));
					if (ids[i] == TRACE_TCP)
						ck_assert_uint_eq(b1[0] << 8 |
						    b1[1], (b0[0] << 8 | b0[1]) +
						    f);
					/* the payload word; IPv4: the sum
					 * (the kernel sums ICMPv6) */
					if (ids[i] == TRACE_ICMP)
						ck_assert((b1[10] != b0[10] ||
						    b1[11] != b0[11]) &&
						    (af == AF_INET6 ||
						    b1[2] != b0[2] ||
						    b1[3] != b0[3]));
					r = te_for_flow(&m, 300 + f, f);
					if (ids[i] == TRACE_UDP && raw)
						r.quote.dport = d1;
					tmatch(&m, &r, !raw && ids[i] !=
					    TRACE_TCP, &a);
					ck_assert_int_eq(a.idx, 300 + f);
				}
				ck_assert_int_eq(trace_method_build_flow(&m, 5,
				    64, b1, sizeof(b1), &d1), -1);
				if (ids[i] == TRACE_ICMP || (ids[i] ==
				    TRACE_UDP && !raw))
					continue;
				/* a port past the flows is not ours */
				r = te_for_flow(&m, 9, 63);
				m.nflows = 8;
				tmatch(&m, &r, false, &a);
				ck_assert_int_eq(a.idx, -1);
			}
	/* methods that cannot vary the flow */
	setup(&m, AF_INET, TRACE_UDPFIX, true);
	ck_assert(!trace_method_flows_ok(&m));
	setup(&m, AF_INET, TRACE_TCP, false);
	ck_assert(!trace_method_flows_ok(&m));
	setup(&m, AF_INET, TRACE_DCCP, true);
	ck_assert(!trace_method_flows_ok(&m));
	setup(&m, AF_INET, TRACE_UDP, true);
	trace_method_set_pktlen(&m, 28);
	ck_assert(!trace_method_flows_ok(&m));
}
END_TEST

START_TEST(lengths)
{
	struct trace_method m;

	setup(&m, AF_INET, TRACE_UDP, true);
	ck_assert_uint_eq(trace_method_pktlen(&m), 60);
	setup(&m, AF_INET6, TRACE_UDP, true);
	ck_assert_uint_eq(trace_method_pktlen(&m), 80);
	setup(&m, AF_INET, TRACE_ICMP, true);
	ck_assert_uint_eq(trace_method_pktlen(&m), 60);
	/* a SYN with the MSS option only (no -O, no sysctl here) */
	setup(&m, AF_INET, TRACE_TCP, true);
	ck_assert_uint_eq(trace_method_pktlen(&m), 44);
	setup(&m, AF_INET6, TRACE_TCP, true);
	ck_assert_uint_eq(trace_method_pktlen(&m), 64);
	/* 2.1.2's other methods: raw 60/80, dccp 40/60, udplite 60,
	 * tcpconn 60 (what the kernel's SYN is) */
	setup(&m, AF_INET, TRACE_RAW, true);
	ck_assert_uint_eq(trace_method_pktlen(&m), 60);
	setup(&m, AF_INET6, TRACE_RAW, true);
	ck_assert_uint_eq(trace_method_pktlen(&m), 80);
	setup(&m, AF_INET, TRACE_DCCP, true);
	ck_assert_uint_eq(trace_method_pktlen(&m), 40);
	setup(&m, AF_INET6, TRACE_DCCP, true);
	ck_assert_uint_eq(trace_method_pktlen(&m), 60);
	setup(&m, AF_INET, TRACE_UDPLITE, false);
	ck_assert_uint_eq(trace_method_pktlen(&m), 60);
	setup(&m, AF_INET, TRACE_TCPCONN, false);
	ck_assert_uint_eq(trace_method_pktlen(&m), 60);
	/* below the headers: raised to them (28 / 48 for UDP, 2.1.2) */
	setup(&m, AF_INET, TRACE_UDP, true);
	trace_method_set_pktlen(&m, 10);
	ck_assert_uint_eq(trace_method_pktlen(&m), 28);
	setup(&m, AF_INET6, TRACE_UDP, true);
	trace_method_set_pktlen(&m, 10);
	ck_assert_uint_eq(trace_method_pktlen(&m), 48);
	setup(&m, AF_INET6, TRACE_RAW, true);
	trace_method_set_pktlen(&m, 10);
	ck_assert_uint_eq(trace_method_pktlen(&m), 48);
	setup(&m, AF_INET, TRACE_UDP, true);
	trace_method_set_pktlen(&m, 1400);
	ck_assert_uint_eq(trace_method_pktlen(&m), 1400);
	/* what the kernel strips before an error-queue payload */
	ck_assert_uint_eq(trace_method_errq_hdrlen(&m), 28);
	setup(&m, AF_INET6, TRACE_UDPFIX, false);
	ck_assert_uint_eq(trace_method_errq_hdrlen(&m), 48);
	setup(&m, AF_INET, TRACE_ICMP, false);
	ck_assert_uint_eq(trace_method_errq_hdrlen(&m), 20);
	setup(&m, AF_INET6, TRACE_ICMP, false);
	ck_assert_uint_eq(trace_method_errq_hdrlen(&m), 40);
}
END_TEST

START_TEST(udp_raw_identity)
{
	struct trace_method m;
	uint8_t buf[128];
	uint16_t d0, d1;
	struct trace_answer a;

	for (int af = 0; af < 2; af++) {
		setup(&m, af ? AF_INET6 : AF_INET, TRACE_UDP, true);
		ck_assert_uint_eq(trace_method_build(&m, 0, buf, sizeof(buf), &d0),
		    40);
		ck_assert_uint_eq(buf[6] << 8 | buf[7], m.seq0);
		ck_assert_uint_ge(m.seq0, TRACE_ID_BASE);
		ck_assert_uint_eq(trace_method_build(&m, 89, buf, sizeof(buf),
		    &d1), 40);
		/* same ports, checksum is the identity */
		ck_assert_uint_eq(d0, d1);
		ck_assert_uint_eq(d0, 33434);
		ck_assert_uint_eq(buf[6] << 8 | buf[7], m.seq0 + 89);
		for (size_t i = 0; i < 90; i += 7) {
			struct icmp_reply r = te_for(&m, i);

			tmatch(&m, &r, false, &a);
			ck_assert_int_eq(a.idx, (long)i);
			ck_assert(!a.final && !a.reached);
			/* a foreign source port, a foreign destination */
			r.quote.sport++;
			tmatch(&m, &r, false, &a);
			ck_assert_int_eq(a.idx, -1);
			r.quote.sport--;
			r.quote.dst = r.quote.src;
			tmatch(&m, &r, false, &a);
			ck_assert_int_eq(a.idx, -1);
		}
	}
}
END_TEST

START_TEST(udp_port_unreach_is_final)
{
	struct trace_method m;
	struct icmp_reply r;
	struct trace_answer a;

	setup(&m, AF_INET, TRACE_UDPFIX, true);
	r = te_for(&m, 12);
	ck_assert_uint_eq(r.quote.dport, 53);
	r.kind = ICMP_KIND_UNREACH;
	r.type = 3;
	r.code = 3;
	r.src = m.c.dst;
	tmatch(&m, &r, false, &a);
	ck_assert_int_eq(a.idx, 12);
	ck_assert(a.final && a.reached);
	/* !H from a router: final, not reached */
	r.code = 1;
	r.src = unit_a("198.18.1.2");
	tmatch(&m, &r, false, &a);
	ck_assert(a.final && !a.reached);
	/* redirects are never answers */
	r.kind = ICMP_KIND_REDIRECT;
	tmatch(&m, &r, false, &a);
	ck_assert_int_eq(a.idx, -1);
}
END_TEST

START_TEST(udp_unpriv_tag)
{
	struct trace_method m;
	struct icmp_reply r;
	struct trace_answer a;

	setup(&m, AF_INET, TRACE_UDP, false);
	r = te_for(&m, 33);
	/* the error queue gives no ports: the tag decides */
	r.quote.sport = r.quote.dport = 0;
	tmatch(&m, &r, true, &a);
	ck_assert_int_eq(a.idx, 33);
	/* ...but the quoted dst (the read's msg_name) must be ours: the
	 * kernel queues errors on ping sockets by id alone (hostile_tr) */
	r.quote.dst.u.b[3] ^= 0x55;
	tmatch(&m, &r, true, &a);
	ck_assert_int_eq(a.idx, -1);
	memset(&r.quote.dst, 0, sizeof(r.quote.dst));
	tmatch(&m, &r, true, &a);
	ck_assert_int_eq(a.idx, -1);
	r = te_for(&m, 33);
	r.quote.sport = r.quote.dport = 0;
	r.quote.payloadlen = 3;		/* quoted too short for the tag */
	tmatch(&m, &r, true, &a);
	ck_assert_int_eq(a.idx, -1);
}
END_TEST

START_TEST(icmp_constant_checksum)
{
	struct trace_method m;
	uint8_t buf[128];
	uint16_t d, ck0 = 0;
	struct trace_answer a;

	setup(&m, AF_INET, TRACE_ICMP, true);
	for (size_t i = 0; i < 90; i++) {
		struct icmp_reply r;

		ck_assert_uint_eq(trace_method_build(&m, i, buf, sizeof(buf), &d),
		    40);
		ck_assert_uint_eq(buf[6] << 8 | buf[7], 1 + i);
		if (i == 0)
			ck0 = (uint16_t)(buf[2] << 8 | buf[3]);
		ck_assert_uint_eq(buf[2] << 8 | buf[3], ck0);
		ck_assert_uint_eq(cksum(buf, 40), 0);
		r = te_for(&m, i);
		tmatch(&m, &r, false, &a);
		ck_assert_int_eq(a.idx, (long)i);
		r.quote.icmp_id++;
		tmatch(&m, &r, false, &a);
		ck_assert_int_eq(a.idx, -1);
	}
}
END_TEST

START_TEST(echo_reply)
{
	struct trace_method m;
	struct icmp_reply r;
	struct trace_answer a;

	setup(&m, AF_INET6, TRACE_ICMP, true);
	memset(&r, 0, sizeof(r));
	r.af = AF_INET6;
	r.kind = ICMP_KIND_ECHO_REPLY;
	r.src = m.c.dst;
	r.id = m.icmp_id;
	r.seq = 1 + 7;
	tmatch(&m, &r, false, &a);
	ck_assert_int_eq(a.idx, 7);
	ck_assert(a.final && a.reached);
	r.src = unit_a("2001:2:0:1::2");	/* not the destination */
	tmatch(&m, &r, false, &a);
	ck_assert_int_eq(a.idx, -1);
}
END_TEST

/* A SYN-ACK from port 80 to m's port acknowledging ack: IPv4 header +
 * TCP, 40 bytes (seg[33] is the flags, seg[28..31] the ack). */
static void
synack(uint8_t seg[40], const struct trace_method *m, uint32_t ack)
{
	memset(seg, 0, 40);
	seg[0] = 0x45;
	seg[3] = 40;			/* total length */
	seg[9] = IPPROTO_TCP;
	seg[21] = 80;
	seg[22] = (uint8_t)(m->sport >> 8); seg[23] = (uint8_t)m->sport;
	seg[28] = (uint8_t)(ack >> 24); seg[29] = (uint8_t)(ack >> 16);
	seg[30] = (uint8_t)(ack >> 8); seg[31] = (uint8_t)ack;
	seg[32] = 0x50;
	seg[33] = 0x12;
}

START_TEST(tcp_identity_and_replies)
{
	struct trace_method m;
	struct icmp_reply r;
	struct trace_answer a;
	uint8_t seg[40];

	setup(&m, AF_INET, TRACE_TCP, true);
	r = te_for(&m, 50);
	ck_assert_uint_eq(r.quote.dport, 80);
	tmatch(&m, &r, false, &a);
	ck_assert_int_eq(a.idx, 50);
	/* SYN-ACK from the destination: IPv4 header + TCP */
	synack(seg, &m, r.quote.tcp_seq + 1);
	tmatch_tcp(&m, seg, sizeof(seg), &m.c.dst, &a);
	ck_assert_int_eq(a.idx, 50);
	ck_assert(a.final && a.reached);
	seg[33] = 0x14;			/* RST-ACK */
	tmatch_tcp(&m, seg, sizeof(seg), &m.c.dst, &a);
	ck_assert_int_eq(a.idx, 50);
	seg[33] = 0x02;			/* a SYN is no answer */
	tmatch_tcp(&m, seg, sizeof(seg), &m.c.dst, &a);
	ck_assert_int_eq(a.idx, -1);
	seg[33] = 0x12;
	for (size_t n = 0; n < 34; n++) {	/* every truncation */
		tmatch_tcp(&m, seg, n, &m.c.dst, &a);
		ck_assert_int_eq(a.idx, -1);
	}
	tmatch_tcp(&m, seg, sizeof(seg), &r.src, &a);
	ck_assert_int_eq(a.idx, -1);	/* not from the destination */
	/* a SYN-ACK acknowledging the base itself computes index -1 (the
	 * "names none" value): it names no probe (was: the newest) */
	synack(seg, &m, m.tcp_seq0);
	tmatch_tcp(&m, seg, sizeof(seg), &m.c.dst, &a);
	ck_assert_int_eq(a.idx, -1);
}
END_TEST

START_TEST(classic_ports)
{
	struct trace_method m;
	struct trace_method_cfg c;
	uint8_t buf[128];
	uint16_t d;
	struct icmp_reply r;
	struct trace_answer a;
	char err[64];

	setup(&m, AF_INET, TRACE_UDP, true);
	c = m.c;
	c.classic = true;
	ck_assert_int_eq(trace_method_init(&m, &c, err, sizeof(err)), 0);
	trace_method_finish(&m, true);
	trace_method_build(&m, 5, buf, sizeof(buf), &d);
	ck_assert_uint_eq(d, 33434 + 5);
	r = te_for(&m, 5);
	tmatch(&m, &r, false, &a);
	ck_assert_int_eq(a.idx, 5);
	/* -p 65535: 65535, then 1, 2, ... (port 0 is skipped), and every
	 * answer maps back to its probe */
	c.port = 65535;
	ck_assert_int_eq(trace_method_init(&m, &c, err, sizeof(err)), 0);
	trace_method_finish(&m, true);
	for (size_t i = 0; i < 40; i++) {
		trace_method_build(&m, i, buf, sizeof(buf), &d);
		ck_assert_uint_eq(d, i == 0 ? 65535 : i);
		r = te_for(&m, i);
		ck_assert_uint_eq(r.quote.dport, d);
		tmatch(&m, &r, false, &a);
		ck_assert_int_eq(a.idx, (long)i);
	}
	/* a quote of port 0 (never sent) is not ours */
	r.quote.dport = 0;
	tmatch(&m, &r, false, &a);
	ck_assert_int_eq(a.idx, -1);
}
END_TEST

START_TEST(gateway_quotes)
{
	struct trace_method m;
	struct trace_method_cfg c;
	struct icmp_reply r;
	struct trace_answer a;
	char err[64];

	setup(&m, AF_INET, TRACE_UDP, true);
	c = m.c;
	c.via[0] = unit_a("198.18.11.2");
	c.nvia = 1;
	c.ipoptlen = 12;
	ck_assert_int_eq(trace_method_init(&m, &c, err, sizeof(err)), 0);
	trace_method_finish(&m, true);
	ck_assert_uint_eq(trace_method_pktlen(&m), 72);
	r = te_for(&m, 2);
	r.quote.dst = c.via[0];
	tmatch(&m, &r, false, &a);
	ck_assert_int_eq(a.idx, 2);
	r.quote.dst = unit_a("198.18.99.2");
	tmatch(&m, &r, false, &a);
	ck_assert_int_eq(a.idx, -1);
}
END_TEST

/* -T -g: a SYN-ACK comes from the destination itself; one from the
 * gateway is nobody's answer (fuzz_attr: it was taken as reached) */
START_TEST(gateway_is_no_destination)
{
	struct trace_method m;
	struct trace_method_cfg c;
	struct trace_answer a;
	struct icmp_reply r;
	uint8_t seg[40];
	char err[64];

	setup(&m, AF_INET, TRACE_TCP, true);
	c = m.c;
	c.via[0] = unit_a("198.18.11.2");
	c.nvia = 1;
	c.ipoptlen = 12;
	ck_assert_int_eq(trace_method_init(&m, &c, err, sizeof(err)), 0);
	trace_method_finish(&m, true);
	r = te_for(&m, 7);
	synack(seg, &m, r.quote.tcp_seq + 1);
	tmatch_tcp(&m, seg, sizeof(seg), &m.c.dst, &a);
	ck_assert_int_eq(a.idx, 7);
	ck_assert(a.reached);
	tmatch_tcp(&m, seg, sizeof(seg), &c.via[0], &a);
	ck_assert_int_eq(a.idx, -1);
	ck_assert(!a.reached);
}
END_TEST

START_TEST(dccp_identity)
{
	struct trace_method m;
	uint8_t buf[128], pkt[28];
	uint16_t d;
	struct icmp_reply r;
	struct trace_answer a;

	for (int af = 0; af < 2; af++) {
		setup(&m, af ? AF_INET6 : AF_INET, TRACE_DCCP, true);
		for (size_t i = 0; i < 90; i += 11) {
			ck_assert_uint_eq(trace_method_build(&m, i, buf,
			    sizeof(buf), &d), 20);
			ck_assert_uint_eq(d, 33434);
			ck_assert_uint_eq(buf[6] << 8 | buf[7],
			    m.seq0 + i);
			r = te_for(&m, i);
			tmatch(&m, &r, false, &a);
			ck_assert_int_eq(a.idx, (long)i);
			ck_assert(!a.final);
			r.quote.dport++;
			tmatch(&m, &r, false, &a);
			ck_assert_int_eq(a.idx, -1);
			/* the destination's Reset acknowledges our sequence:
			 * its low bits name the probe too */
			memset(pkt, 0, sizeof(pkt));
			pkt[0] = buf[2]; pkt[1] = buf[3];
			pkt[2] = buf[0]; pkt[3] = buf[1];
			pkt[4] = 7;
			pkt[8] = 7 << 1 | 1;
			memcpy(pkt + 18, buf + 10, 6);
			ck_assert_int_eq(parse_l4(m.c.af, false, IPPROTO_DCCP,
			    pkt, sizeof(pkt), &r), PARSE_OK);
			r.src = m.c.dst;
			tmatch(&m, &r, false, &a);
			ck_assert_int_eq(a.idx, (long)i);
			ck_assert(a.final && a.reached);
			r.src = unit_a("198.18.1.2");
			tmatch(&m, &r, false, &a);
			ck_assert_int_eq(a.idx, -1);
		}
	}
}
END_TEST

START_TEST(raw_protocol)
{
	struct trace_method m;
	struct trace_method_cfg c;
	uint8_t buf[128];
	uint16_t d;
	struct icmp_reply r;
	struct trace_answer a;
	char err[64];

	setup(&m, AF_INET, TRACE_RAW, true);
	ck_assert_uint_eq(m.proto, 253);
	c = m.c;
	c.raw_proto = 47;
	ck_assert_int_eq(trace_method_init(&m, &c, err, sizeof(err)), 0);
	trace_method_finish(&m, true);
	ck_assert_uint_eq(m.proto, 47);
	ck_assert_uint_eq(trace_method_build(&m, 3, buf, sizeof(buf), &d), 40);
	/* the tag leads the payload, every router quotes it */
	r = te_for(&m, 3);
	tmatch(&m, &r, false, &a);
	ck_assert_int_eq(a.idx, 3);
	r.quote.proto = 253;		/* another protocol's quote */
	tmatch(&m, &r, false, &a);
	ck_assert_int_eq(a.idx, -1);
	/* the destination's own packet names no probe: the newest */
	memset(&r, 0, sizeof(r));
	r.af = AF_INET;
	r.kind = ICMP_KIND_PROTO;
	r.l4proto = 47;
	r.src = m.c.dst;
	tmatch(&m, &r, false, &a);
	ck_assert_int_eq(a.idx, TRACE_IDX_NEWEST);
	ck_assert(a.final && a.reached);
	r.src = unit_a("198.18.1.2");
	tmatch(&m, &r, false, &a);
	ck_assert_int_eq(a.idx, -1);
	/* the tag needs the 8 quoted bytes: 28-byte packets at least */
	trace_method_set_pktlen(&m, 20);
	ck_assert_uint_eq(trace_method_pktlen(&m), 28);
	ck_assert(trace_method_one_at_a_time(TRACE_RAW));
	ck_assert(!trace_method_one_at_a_time(TRACE_DCCP));
}
END_TEST

/* Where the payload has no room for the tag or checksum word, the ports
 * name the probes (2.1.2's 28-byte packets). */
START_TEST(short_udp_uses_ports)
{
	static const enum trace_proto ids[] = { TRACE_UDP, TRACE_UDPFIX,
	    TRACE_UDPLITE };
	struct trace_method m;
	uint8_t buf[128];
	uint16_t d0, d1;
	struct icmp_reply r;
	struct trace_answer a;

	for (size_t k = 0; k < 3; k++)
		for (int raw = 0; raw < 2; raw++) {
			if (ids[k] == TRACE_UDPLITE && raw)
				continue;
			setup(&m, AF_INET, ids[k], raw);
			ck_assert(!m.ports);
			trace_method_set_pktlen(&m, 28 + (raw ? 1 : 3));
			ck_assert(m.ports);
			(void)trace_method_build(&m, 0, buf, sizeof(buf), &d0);
			(void)trace_method_build(&m, 9, buf, sizeof(buf), &d1);
			ck_assert_uint_eq(d1, d0 + 9);
			r = te_for(&m, 9);
			r.quote.dport = d1;	/* the error queue's msg_name */
			tmatch(&m, &r, !raw, &a);
			ck_assert_int_eq(a.idx, 9);
			trace_method_set_pktlen(&m, 28 + (raw ? 2 : 4));
			ck_assert(!m.ports);
		}
	setup(&m, AF_INET, TRACE_UDPLITE, false);
	ck_assert_uint_eq(m.proto, IPPROTO_UDPLITE);
	r = te_for(&m, 4);
	r.quote.sport = r.quote.dport = 0;
	tmatch(&m, &r, true, &a);
	ck_assert_int_eq(a.idx, 4);
}
END_TEST

/* -O flags: an ACK is answered with a RST carrying our acknowledgment,
 * a FIN-less, SYN-less segment with RST-ACK acknowledging seq. */
START_TEST(tcp_flags_and_options)
{
	struct trace_method m;
	struct trace_method_cfg c;
	uint8_t buf[128], seg[40];
	uint16_t d;
	struct trace_answer a;
	char err[64];
	uint32_t v;

	setup(&m, AF_INET, TRACE_TCP, true);
	c = m.c;
	c.tcp.sack = c.tcp.tstamp = c.tcp.wscale = true;
	c.tcp.mtu = 1500;
	ck_assert_int_eq(trace_method_init(&m, &c, err, sizeof(err)), 0);
	trace_method_finish(&m, true);
	ck_assert_uint_eq(trace_method_pktlen(&m), 60);	/* 2.1.2's */
	ck_assert_uint_eq(trace_method_build(&m, 0, buf, sizeof(buf), &d), 40);
	ck_assert_uint_eq(buf[13], 0x02);
	ck_assert_uint_eq(buf[14] << 8 | buf[15], 4 * 1460);
	ck_assert_uint_eq(buf[22] << 8 | buf[23], 1460);	/* MSS */
	c.tcp.mss = 100;
	c.tcp.tstamp = c.tcp.wscale = false;
	ck_assert_int_eq(trace_method_init(&m, &c, err, sizeof(err)), 0);
	trace_method_finish(&m, true);
	ck_assert_uint_eq(trace_method_pktlen(&m), 48);
	c.tcp.flags_set = true;
	c.tcp.flags = 0x10;		/* ack */
	c.tcp.sack = false;
	ck_assert_int_eq(trace_method_init(&m, &c, err, sizeof(err)), 0);
	trace_method_finish(&m, true);
	ck_assert_uint_eq(trace_method_pktlen(&m), 40);	/* no MSS */
	ck_assert_uint_eq(trace_method_build(&m, 7, buf, sizeof(buf), &d), 20);
	ck_assert_uint_eq(buf[13], 0x10);
	memset(seg, 0, sizeof(seg));
	seg[0] = 0x45;
	seg[3] = sizeof(seg);
	seg[9] = IPPROTO_TCP;
	memcpy(seg + 20, buf + 2, 2);
	memcpy(seg + 22, buf, 2);
	memcpy(seg + 24, buf + 8, 4);	/* RST seq = our ack */
	seg[32] = 0x50;
	seg[33] = 0x04;
	tmatch_tcp(&m, seg, sizeof(seg), &m.c.dst, &a);
	ck_assert_int_eq(a.idx, 7);
	ck_assert(a.final && a.reached);
	/* flags=0: RST-ACK acknowledging seq itself */
	c.tcp.flags = 0;
	ck_assert_int_eq(trace_method_init(&m, &c, err, sizeof(err)), 0);
	trace_method_finish(&m, true);
	ck_assert_uint_eq(trace_method_build(&m, 9, buf, sizeof(buf), &d), 20);
	ck_assert_uint_eq(buf[13], 0);
	memset(seg + 24, 0, 4);
	memcpy(seg + 28, buf + 4, 4);
	seg[33] = 0x14;
	tmatch_tcp(&m, seg, sizeof(seg), &m.c.dst, &a);
	ck_assert_int_eq(a.idx, 9);
	v = (uint32_t)buf[4] << 24 | (uint32_t)buf[5] << 16 |
	    (uint32_t)buf[6] << 8 | buf[7];
	ck_assert_uint_eq(v, m.tcp_seq0 + 9);
}
END_TEST

START_TEST(tcpconn_socket_is_the_probe)
{
	struct trace_method m;
	struct icmp_reply r;
	struct trace_answer a;

	setup(&m, AF_INET6, TRACE_TCPCONN, false);
	ck_assert(trace_method_one_at_a_time(TRACE_TCPCONN));
	ck_assert(trace_method_unpriv_ok(TRACE_TCPCONN));
	memset(&r, 0, sizeof(r));
	r.kind = ICMP_KIND_TIME_EXCEEDED;
	r.src = unit_a("2001:2:0:1::2");
	trace_method_match_conn(&m, 13, &r, &a);
	ck_assert_int_eq(a.idx, 13);
	ck_assert(!a.final && !a.reached);
	memset(&r, 0, sizeof(r));
	r.kind = ICMP_KIND_TCP;
	r.src = m.c.dst;
	trace_method_match_conn(&m, 14, &r, &a);
	ck_assert(a.final && a.reached);
	r.kind = ICMP_KIND_REDIRECT;
	trace_method_match_conn(&m, 14, &r, &a);
	ck_assert_int_eq(a.idx, -1);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("tr_method");
	TCase *tc = tcase_create("method");

	tcase_add_test(tc, lengths);
	tcase_add_test(tc, multipath_flows);
	tcase_add_test(tc, udp_raw_identity);
	tcase_add_test(tc, udp_port_unreach_is_final);
	tcase_add_test(tc, udp_unpriv_tag);
	tcase_add_test(tc, icmp_constant_checksum);
	tcase_add_test(tc, echo_reply);
	tcase_add_test(tc, tcp_identity_and_replies);
	tcase_add_test(tc, classic_ports);
	tcase_add_test(tc, gateway_quotes);
	tcase_add_test(tc, gateway_is_no_destination);
	tcase_add_test(tc, dccp_identity);
	tcase_add_test(tc, raw_protocol);
	tcase_add_test(tc, short_udp_uses_ports);
	tcase_add_test(tc, tcp_flags_and_options);
	tcase_add_test(tc, tcpconn_socket_is_the_probe);
	suite_add_tcase(s, tc);
	return unit_run(s, CK_FORK_GETENV);
}
