/*
 * trace_method.c: the trace engine's probe methods (see trace_method.h):
 * which sockets each needs, how probe n is built, how an answer is turned
 * back into n. Pure: the caller opens the sockets from the options given
 * here.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

#include "build.h"
#include "match.h"
#include "rd.h"
#include "trace_method.h"

#define DEF_DATALEN	32	/* 60-byte IPv4 packets, as 2.1.2 */
#define MAX_PROBES	TRACE_MAX_PROBES
#define TRACE_RCVBUF	(1 << 20)	/* bytes: about 500 answers */
#define RAW_DEF_PROTO	253	/* RFC 3692: for experiments */
#define DCCP_SERVICE	1885957735u	/* "perf", 2.1.2's */
#define TAGLEN		4	/* the tag word (MATCH_*_TAG) */
#define CKSUMLEN	2	/* the checksum fix-up word (build_udp) */
#define RAW_MIN_DATA	8	/* the 8 bytes every quote has: the tag */
/* a source port from the salt, in Linux's default ephemeral range
 * (net.ipv4.ip_local_port_range 32768-60999) */
#define SPORT_BASE	32768u
#define SPORT_SPAN	28000u

struct method_ops {
	enum trace_proto id;
	uint8_t		 proto;		/* IP protocol (v4 value) */
	uint16_t	 defport;
	size_t		 l4hdr;		/* transport header (tcpconn: the
					 * kernel's SYN, for the header line) */
	size_t		 defdata;	/* payload bytes by default */
	bool		 unpriv;	/* works without raw sockets */
	bool		 one;		/* one probe at a time */
};

static const struct method_ops ops[] = {
	{ TRACE_UDP, IPPROTO_UDP, 33434, 8, DEF_DATALEN, true, false },
	{ TRACE_ICMP, IPPROTO_ICMP, 1, 8, DEF_DATALEN, true, false },
	{ TRACE_TCP, IPPROTO_TCP, 80, 20, 0, false, false },
	{ TRACE_UDPFIX, IPPROTO_UDP, 53, 8, DEF_DATALEN, true, false },
	{ TRACE_RAW, RAW_DEF_PROTO, 0, 0, DEF_DATALEN + 8, false, true },
	{ TRACE_DCCP, IPPROTO_DCCP, 33434, 20, 0, false, false },
	{ TRACE_UDPLITE, IPPROTO_UDPLITE, 53, 8, DEF_DATALEN, true, false },
	{ TRACE_TCPCONN, IPPROTO_TCP, 80, 40, 0, true, true },
};

static const struct method_ops *
ops_of(enum trace_proto id)
{
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		if (ops[i].id == id)
			return &ops[i];
	return NULL;
}

/* The UDP kinds: a UDP (or UDP-Lite) header, ports, an error queue. */
static bool
is_udp(const struct trace_method *m)
{
	return m->c.id == TRACE_UDP || m->c.id == TRACE_UDPFIX ||
	    m->c.id == TRACE_UDPLITE;
}

bool
trace_method_unpriv_ok(enum trace_proto id)
{
	const struct method_ops *o = ops_of(id);

	return o != NULL && o->unpriv;
}

bool
trace_method_one_at_a_time(enum trace_proto id)
{
	const struct method_ops *o = ops_of(id);

	return o != NULL && o->one;
}

/*
 * The tcp method's segment as traceroute 2.1.2 sends it: SYN (with ECE and
 * CWR when ECN is on) unless flags are given, the options a Linux client
 * sends (MSS only with SYN; so middleboxes treat the probe as a real one:
 * 60/80-byte packets), a window of 4 MSS.
 */
static void
tcp_init(struct trace_method *m)
{
	const struct trace_tcp *t = &m->c.tcp;
	uint16_t mtu = t->mtu >= 576 ? t->mtu : 576;
	uint16_t mss = (uint16_t)(mtu - (m->c.af == AF_INET ? 40 : 60));
	uint32_t win = 4u * mss;
	struct build_tcpopt o;

	m->tcp_flags = t->flags_set ? t->flags : (uint8_t)(BUILD_TCP_SYN |
	    (t->ecn ? BUILD_TCP_ECE | BUILD_TCP_CWR : 0));
	m->tcp_window = (uint16_t)(win > 0xffff ? 0xffff : win);
	memset(&o, 0, sizeof(o));
	if (m->tcp_flags & BUILD_TCP_SYN)
		o.mss = t->mss ? t->mss : mss;
	o.sack = t->sack;
	o.tstamp = t->tstamp;
	o.wscale = t->wscale;
	o.tsval = m->c.salt ^ 0x5a5a5a5au;
	/* a timestamp echo only makes sense with ACK (2.1.2) */
	o.tsecr = (m->tcp_flags & BUILD_TCP_ACK) ? m->c.salt * 40503u : 0;
	m->tcpoptlen = build_tcp_opts(&o, m->tcpopt, sizeof(m->tcpopt));
	m->l4hdr = 20 + m->tcpoptlen;
}

static struct build_dccp
dccp_of(const struct trace_method *m, uint16_t want)
{
	struct build_dccp d = { m->sport, m->dport, m->dccp_seq_hi,
	    m->c.service_set ? m->c.service : DCCP_SERVICE, want };

	return d;
}

int
trace_method_init(struct trace_method *m, const struct trace_method_cfg *c,
    char *err, size_t errlen)
{
	const struct method_ops *o = ops_of(c->id);

	memset(m, 0, sizeof(*m));
	if (o == NULL || (c->af != AF_INET && c->af != AF_INET6)) {
		snprintf(err, errlen, "unsupported method or family");
		return -1;
	}
	m->c = *c;
	m->proto = c->id == TRACE_RAW && c->raw_proto != 0 ? c->raw_proto :
	    o->proto;
	m->iphdr = (c->af == AF_INET ? 20 : 40) + c->ipoptlen;
	m->l4hdr = o->l4hdr;
	m->dport = c->port != 0 ? c->port : o->defport;
	m->sport = c->sport != 0 ? c->sport :
	    (uint16_t)(SPORT_BASE + (c->salt >> 8) % SPORT_SPAN);
	m->icmp_id = (uint16_t)(c->salt ^ (c->salt >> 16));
	/* the identities start at a keyed place (checksum, tag, DCCP):
	 * with the keyed source port, nothing an off-path sender can
	 * guess; every one stays in 1..0xfffe */
	m->seq0 = c->id == TRACE_ICMP ? m->dport : (uint16_t)(TRACE_ID_BASE +
	    (c->salt >> 13) % (0xfffeu - TRACE_ID_BASE - MAX_PROBES));
	m->tcp_seq0 = c->salt * 2654435761u;
	m->dccp_seq_hi = c->salt * 2246822519u;
	if (c->id == TRACE_TCP)
		tcp_init(m);
	trace_method_set_pktlen(m, c->packetlen);
	return 0;
}

/* Room for the identity the method puts in the payload, else the ports
 * name the probes (as --classic). */
static void
choose_identity(struct trace_method *m)
{
	size_t need = m->raw ? CKSUMLEN : TAGLEN;

	m->ports = is_udp(m) && (m->c.classic || m->datalen < need ||
	    (m->c.id == TRACE_UDPLITE && m->datalen < TAGLEN));
}

void
trace_method_set_pktlen(struct trace_method *m, size_t pktlen)
{
	const struct method_ops *o = ops_of(m->c.id);
	size_t hdr = m->iphdr + m->l4hdr;

	/* 2.1.2: a length below the headers' is raised to them */
	if (m->c.id == TRACE_TCP)
		m->datalen = 0;		/* a segment without data */
	else if (pktlen == 0)
		m->datalen = o->defdata;
	else
		m->datalen = pktlen > hdr ? pktlen - hdr : 0;
	/* a raw probe carries its tag in the 8 bytes routers quote (28 /
	 * 48-byte packets at least, as the other methods) */
	if (m->c.id == TRACE_RAW && m->datalen < RAW_MIN_DATA)
		m->datalen = RAW_MIN_DATA;
	choose_identity(m);
	if (m->c.id == TRACE_DCCP) {
		struct build_dccp d = dccp_of(m, 1);

		m->dccp_sum0 = build_dccp_sum0(&m->c.src, &m->c.dst, &d,
		    m->datalen);
	}
}

void
trace_method_finish(struct trace_method *m, bool raw)
{
	m->raw = raw;
	if (m->c.id == TRACE_TCP)
		tcp_init(m);
	trace_method_set_pktlen(m, m->c.packetlen);
}

size_t
trace_method_pktlen(const struct trace_method *m)
{
	return m->iphdr + m->l4hdr + m->datalen;
}

void
trace_method_sockopts(const struct trace_method *m, bool raw, struct sock_opts *tx,
    struct sock_opts *rx, bool *need_rx)
{
	int icmp = m->c.af == AF_INET ? IPPROTO_ICMP : IPPROTO_ICMPV6;

	memset(tx, 0, sizeof(*tx));
	tx->af = m->c.af;
	tx->tos = -1;
	tx->pmtudisc = -1;
	tx->src = m->c.src;
	tx->recverr = true;
	/* every raw ICMP socket of the host sees every tracer's errors: a
	 * buffer for a burst of them while we are not scheduled */
	tx->rcvbuf = TRACE_RCVBUF;
	*rx = *tx;
	rx->echo_filter = true;
	rx->proto = icmp;
	rx->pref = SOCK_PREF_RAW;
	rx->recverr = false;
	rx->src.af = 0;
	*need_rx = false;
	switch (m->c.id) {
	case TRACE_ICMP:
		tx->proto = icmp;
		tx->pref = raw ? SOCK_PREF_RAW : SOCK_PREF_DGRAM;
		tx->echo_filter = raw;
		return;
	case TRACE_UDPLITE:
		/* the kernel's UDP-Lite socket, privileged or not */
		tx->proto = IPPROTO_UDPLITE;
		tx->pref = SOCK_PREF_DGRAM;
		tx->sport = m->c.sport;
		tx->udplite_cscov = m->c.coverage >= 0 ? m->c.coverage : 8;
		return;
	case TRACE_TCPCONN:
		/* a socket per probe (trace.c opens it from these) */
		tx->proto = IPPROTO_TCP;
		tx->pref = SOCK_PREF_STREAM;
		tx->sport = m->c.sport;
		return;
	default:
		break;
	}
	tx->proto = m->proto;
	tx->pref = raw ? SOCK_PREF_RAW : SOCK_PREF_DGRAM;
	if (!raw)
		tx->sport = m->c.sport;
	*need_rx = raw;
}

/* traceroute 2.1.2's data: 0x40 + (i & 0x3f), as build_udp writes it */
static void
fill(uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (uint8_t)(0x40 + (i & 0x3f));
}

/* A payload led by the tag word when there is room (else pattern only). */
static ssize_t
tagged(uint8_t *buf, size_t cap, size_t n, uint16_t id)
{
	struct wr w;

	if (cap < n)
		return -1;
	fill(buf, n);
	w = wr_make(buf, n);
	if (n >= TAGLEN && id != 0)
		(void)wr_be32(&w, (uint32_t)MATCH_TAG_MAGIC << 16 | id);
	return (ssize_t)n;
}

static size_t
build_tcp_probe(const struct trace_method *m, size_t idx, uint16_t sport,
    uint16_t dport, uint8_t *buf, size_t cap)
{
	uint32_t seq = m->tcp_seq0 + (uint32_t)idx;
	/* with ACK set the answer is a RST whose sequence is our
	 * acknowledgment: the same number names the probe */
	struct build_tcp t = { m->tcp_flags & BUILD_TCP_ACK ? seq : 0,
	    m->tcp_flags, m->tcp_window, m->tcpopt, m->tcpoptlen };
	struct build_ports f = { &m->c.src, &m->c.dst, sport, dport };

	return build_tcp(&f, seq, &t, buf, cap);
}

/* A builder's length (0: it failed) as trace_method_build's result. */
static ssize_t
built(size_t n)
{
	return n == 0 ? -1 : (ssize_t)n;
}

/*
 * Probe idx of flow `flow` (0: the flow-stable one). A flow other than 0
 * changes what routers hash (--multipath): the UDP destination port, the
 * TCP source port, the ICMP checksum (through the second payload word).
 */
static ssize_t
build_probe(const struct trace_method *m, size_t idx, uint16_t flow,
    uint8_t *buf, size_t cap, uint16_t *dport)
{
	uint16_t id = (uint16_t)(m->seq0 + idx);
	uint8_t pay[TRACE_MAX_PACKETLEN];
	struct build_dccp d;
	struct wr w;

	if (idx >= (m->nflows ? TRACE_MULTI_MAX_PROBES : MAX_PROBES) ||
	    m->datalen > sizeof(pay) || (flow != 0 && flow >= m->nflows))
		return -1;
	*dport = m->ports ? match_classic_port(m->dport, idx) :
	    is_udp(m) ? match_classic_port(m->dport, flow) : m->dport;
	switch (m->c.id) {
	case TRACE_TCP:
		return built(build_tcp_probe(m, idx,
		    match_classic_port(m->sport, flow), *dport, buf, cap));
	case TRACE_ICMP:
		/* ~seq first: seq + ~seq is constant, so is the checksum
		 * (a flow adds to the next word: another constant one) */
		fill(pay, m->datalen);
		w = wr_make(pay, m->datalen);
		(void)wr_be16(&w, (uint16_t)~id);
		if (flow != 0)
			(void)wr_be16(&w, (uint16_t)(0x4243u + flow));
		return built(build_echo(m->c.af, (struct build_echo_id){
		    m->icmp_id, id }, (struct build_bytes){ pay, m->datalen },
		    buf, cap));
	case TRACE_DCCP:
		d = dccp_of(m, id);
		return built(build_dccp_request(&m->c.src, &m->c.dst, &d,
		    m->datalen, buf, cap));
	case TRACE_RAW:
		return tagged(buf, cap, m->datalen, id);
	case TRACE_TCPCONN:
		return -1;	/* the kernel's connect() */
	default:
		break;
	}
	if (m->raw) {
		struct build_ports f = { &m->c.src, &m->c.dst, m->sport,
		    *dport };

		return built(build_udp(&f, m->ports ? 0 : id, m->datalen,
		    buf, cap));
	}
	/* a UDP (-Lite) socket: the payload only, tag first */
	return tagged(buf, cap, m->datalen, m->ports ? 0 : id);
}

ssize_t
trace_method_build(const struct trace_method *m, size_t idx, uint8_t *buf,
    size_t cap, uint16_t *dport)
{
	return build_probe(m, idx, 0, buf, cap, dport);
}

ssize_t
trace_method_build_flow(const struct trace_method *m, size_t idx,
    uint16_t flow, uint8_t *buf, size_t cap, uint16_t *dport)
{
	return build_probe(m, idx, flow, buf, cap, dport);
}

bool
trace_method_flows_ok(const struct trace_method *m)
{
	switch (m->c.id) {
	case TRACE_UDP:
		return !m->ports;
	case TRACE_ICMP:
		return m->datalen >= 4;
	case TRACE_TCP:
		return m->raw;
	default:
		return false;
	}
}

size_t
trace_method_errq_hdrlen(const struct trace_method *m)
{
	return m->iphdr + (is_udp(m) ? m->l4hdr : 0);
}

void
trace_method_spec(const struct trace_method *m, struct match_spec *sp)
{
	memset(sp, 0, sizeof(*sp));
	sp->af = m->c.af;
	sp->raw = m->raw;
	sp->dst = m->c.dst;
	sp->via = m->c.via;
	sp->nvia = m->c.nvia;
	sp->sport = m->sport;
	sp->dport = m->dport;
	sp->id = m->icmp_id;
	sp->base = m->seq0;
	sp->tcp_seq0 = m->tcp_seq0;
	sp->tcp_flags = m->tcp_flags;
	sp->proto = m->proto;
	sp->dccp_sum0 = m->dccp_sum0;
	sp->nports = m->c.id == TRACE_ICMP ? 0 : m->nflows;
	switch (m->c.id) {
	case TRACE_ICMP:
		sp->kind = MATCH_TRACE_ECHO;
		break;
	case TRACE_TCP:
		sp->kind = MATCH_TCP;
		break;
	case TRACE_DCCP:
		sp->kind = MATCH_DCCP;
		break;
	case TRACE_RAW:
		sp->kind = MATCH_PROTO_TAG;
		break;
	default:
		/* the ports (--classic, no room), else an unprivileged
		 * socket's tag leads the payload, a raw one's checksum */
		sp->kind = m->ports ? MATCH_UDP_PORT : !m->raw ?
		    MATCH_UDP_TAG : MATCH_UDP_CKSUM;
		break;
	}
}

void
trace_method_match(const struct trace_method *m, const struct match_spec *sp,
    const struct icmp_reply *r, struct trace_answer *a)
{
	struct match_key k;

	memset(a, 0, sizeof(*a));
	a->idx = -1;
	a->from = r->src;
	if (!match_key_of(sp, r, &k) || k.advice)
		return;
	if (k.ident == MATCH_IDENT_NEWEST) {
		/* only bare IP names none; a TCP acknowledgment one below
		 * the keyed base computes the same value and names nothing */
		if (sp->kind != MATCH_PROTO_TAG)
			return;
		a->idx = TRACE_IDX_NEWEST;
	} else if (k.ident < (m->nflows ? TRACE_MULTI_MAX_PROBES : MAX_PROBES))
		a->idx = (long)k.ident;
	else
		return;
	a->reached = addr_eq(&r->src, &sp->dst);
	a->mtu = r->mtu;
	/* 2.1.2: every answer but "TTL exceeded in transit" ends the trace
	 * (the destination's own answers too) */
	a->final = !k.error || !(r->kind == ICMP_KIND_TIME_EXCEEDED &&
	    r->code == 0);
	/* an answer in the probes' protocol comes from the destination */
	if (!k.error && r->kind != ICMP_KIND_ECHO_REPLY)
		a->reached = true;
}

void
trace_method_match_conn(const struct trace_method *m, size_t idx,
    const struct icmp_reply *r, struct trace_answer *a)
{
	memset(a, 0, sizeof(*a));
	a->idx = -1;
	a->from = r->src;
	/* advice about the probe is no answer (as match_key_of) */
	if (r->kind == ICMP_KIND_REDIRECT ||
	    r->kind == ICMP_KIND_SOURCE_QUENCH || idx >= MAX_PROBES)
		return;
	a->idx = (long)idx;
	a->mtu = r->mtu;
	a->reached = r->kind == ICMP_KIND_TCP ||
	    addr_eq(&r->src, &m->c.dst);
	a->final = !(r->kind == ICMP_KIND_TIME_EXCEEDED && r->code == 0);
}
