/*
 * tr_method.c: traceroute's probe methods (see tr_method.h): socket
 * needs, probe building and answer matching. Pure but for nothing: the
 * sockets are opened by the caller from the options given here.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

#include "build.h"
#include "rd.h"
#include "tr_method.h"

#define MIN_DATALEN	4	/* room for the tag / checksum word */
#define DEF_DATALEN	32	/* 60-byte IPv4 packets, as 2.1.2 */
#define MAX_PROBES	(255u * TR_MAX_QUERIES)

struct method_ops {
	enum tr_method_id id;
	uint8_t		 proto;		/* IPPROTO_UDP/ICMP/TCP (v4 value) */
	uint16_t	 defport;
	size_t		 l4hdr;
	bool		 unpriv;	/* works without raw sockets */
};

static const struct method_ops ops[] = {
	{ TR_METHOD_UDP, IPPROTO_UDP, 33434, 8, true },
	{ TR_METHOD_ICMP, IPPROTO_ICMP, 1, 8, true },
	{ TR_METHOD_TCP, IPPROTO_TCP, 80, 20, false },
	{ TR_METHOD_UDPFIX, IPPROTO_UDP, 53, 8, true },
};

static const struct method_ops *
ops_of(enum tr_method_id id)
{
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		if (ops[i].id == id)
			return &ops[i];
	return NULL;
}

static bool
is_udp(const struct tr_method *m)
{
	return m->c.id == TR_METHOD_UDP || m->c.id == TR_METHOD_UDPFIX;
}

/*
 * --classic: probe idx goes to base + idx, skipping port 0 when the
 * sequence wraps past 65535 (a UDP socket cannot send to port 0: sendto
 * says EINVAL; 2.1.2 reaches it only through a connected socket per probe).
 */
static uint16_t
classic_port(uint16_t base, size_t idx)
{
	uint32_t p = (uint32_t)base + (uint32_t)idx;

	return (uint16_t)(p > 0xffff ? p - 0xffff : p);
}

/* The probe index classic_port() gave dport. */
static uint32_t
classic_idx(uint16_t base, uint16_t dport)
{
	if (dport >= base)
		return (uint32_t)(dport - base);
	return dport == 0 ? UINT32_MAX : (uint32_t)dport + 0xffff - base;
}

bool
tr_method_unpriv_ok(enum tr_method_id id)
{
	const struct method_ops *o = ops_of(id);

	return o != NULL && o->unpriv;
}

int
tr_method_init(struct tr_method *m, const struct tr_method_cfg *c,
    char *err, size_t errlen)
{
	const struct method_ops *o = ops_of(c->id);

	memset(m, 0, sizeof(*m));
	if (o == NULL || (c->af != AF_INET && c->af != AF_INET6)) {
		snprintf(err, errlen, "unsupported method or family");
		return -1;
	}
	m->c = *c;
	m->iphdr = (c->af == AF_INET ? 20 : 40) + c->ipoptlen;
	m->l4hdr = o->l4hdr;
	m->dport = c->port != 0 ? c->port : o->defport;
	m->sport = c->sport != 0 ? c->sport :
	    (uint16_t)(32768 + (c->salt >> 8) % 28000);
	m->icmp_id = (uint16_t)(c->salt ^ (c->salt >> 16));
	m->seq0 = c->id == TR_METHOD_ICMP ? m->dport : TR_ID_BASE;
	m->tcp_seq0 = c->salt * 2654435761u;
	tr_method_set_pktlen(m, c->packetlen);
	return 0;
}

void
tr_method_set_pktlen(struct tr_method *m, size_t pktlen)
{
	size_t hdr = m->iphdr + m->l4hdr;

	if (m->c.id == TR_METHOD_TCP)
		m->datalen = 0;		/* a bare SYN */
	else if (pktlen == 0)
		m->datalen = DEF_DATALEN;
	else
		m->datalen = pktlen > hdr + MIN_DATALEN ? pktlen - hdr :
		    MIN_DATALEN;
}

size_t
tr_method_pktlen(const struct tr_method *m)
{
	return m->iphdr + m->l4hdr + m->datalen;
}

void
tr_method_sockopts(const struct tr_method *m, bool raw, struct sock_opts *tx,
    struct sock_opts *rx, bool *need_rx)
{
	int icmp = m->c.af == AF_INET ? IPPROTO_ICMP : IPPROTO_ICMPV6;

	memset(tx, 0, sizeof(*tx));
	tx->af = m->c.af;
	tx->tos = -1;
	tx->pmtudisc = -1;
	tx->src = m->c.src;
	tx->recverr = true;
	*rx = *tx;
	rx->echo_filter = true;
	rx->proto = icmp;
	rx->pref = SOCK_PREF_RAW;
	rx->recverr = false;
	rx->src.af = 0;
	*need_rx = false;
	if (m->c.id == TR_METHOD_ICMP) {
		tx->proto = icmp;
		tx->pref = raw ? SOCK_PREF_RAW : SOCK_PREF_DGRAM;
		tx->echo_filter = raw;
		return;
	}
	tx->proto = is_udp(m) ? IPPROTO_UDP : IPPROTO_TCP;
	tx->pref = raw ? SOCK_PREF_RAW : SOCK_PREF_DGRAM;
	if (!raw)
		tx->sport = m->c.sport;
	*need_rx = raw;
}

static void
fill(uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (uint8_t)(0x40 + i % 32);
}

size_t
tr_method_build(const struct tr_method *m, size_t idx, uint8_t *buf,
    size_t cap, uint16_t *dport)
{
	uint16_t id = (uint16_t)(m->seq0 + idx);
	uint8_t pay[TR_MAX_PACKETLEN];
	struct wr w;

	if (idx >= MAX_PROBES || m->datalen > sizeof(pay))
		return 0;
	*dport = m->c.classic && is_udp(m) ? classic_port(m->dport, idx) :
	    m->dport;
	switch (m->c.id) {
	case TR_METHOD_TCP:
		return build_tcp_syn(&m->c.src, &m->c.dst, m->sport, *dport,
		    m->tcp_seq0 + (uint32_t)idx, buf, cap);
	case TR_METHOD_ICMP:
		/* ~seq first: seq + ~seq is constant, so is the checksum */
		fill(pay, m->datalen);
		w = wr_make(pay, m->datalen);
		(void)wr_be16(&w, (uint16_t)~id);
		return build_echo(m->c.af, m->icmp_id, id, pay, m->datalen,
		    buf, cap);
	default:
		break;
	}
	if (m->raw)
		return build_udp(&m->c.src, &m->c.dst, m->sport, *dport,
		    m->c.classic ? 0 : id, m->datalen, buf, cap);
	/* unprivileged UDP socket: the payload only, tag first */
	if (cap < m->datalen)
		return 0;
	fill(buf, m->datalen);
	w = wr_make(buf, m->datalen);
	(void)wr_be32(&w, (uint32_t)TR_TAG_MAGIC << 16 | id);
	return m->datalen;
}

size_t
tr_method_errq_hdrlen(const struct tr_method *m)
{
	return m->iphdr + (is_udp(m) ? m->l4hdr : 0);
}

/* The identity value a quote carries for this method. */
static bool
quote_id(const struct tr_method *m, const struct icmp_quote *q,
    bool from_errq, uint32_t *v)
{
	struct rd r;
	uint32_t tag;

	switch (m->c.id) {
	case TR_METHOD_ICMP:
		if (!from_errq && m->raw && q->icmp_id != m->icmp_id)
			return false;
		*v = q->icmp_seq;
		return true;
	case TR_METHOD_TCP:
		if (q->sport != m->sport || q->dport != m->dport)
			return false;
		*v = q->tcp_seq - m->tcp_seq0 + m->seq0;
		return true;
	default:
		break;
	}
	if (from_errq) {
		r = rd_make(q->payload, q->payloadlen);
		if (!rd_be32(&r, &tag) || tag >> 16 != TR_TAG_MAGIC)
			return false;
		*v = tag & 0xffff;
		return true;
	}
	if (q->sport != m->sport)
		return false;
	if (m->c.classic) {
		*v = classic_idx(m->dport, q->dport) + m->seq0;
		return true;
	}
	if (q->dport != m->dport)
		return false;
	*v = q->udp_cksum;
	return true;
}

static uint8_t
proto_of(const struct tr_method *m)
{
	if (m->c.id == TR_METHOD_ICMP)
		return m->c.af == AF_INET ? IPPROTO_ICMP : IPPROTO_ICMPV6;
	return is_udp(m) ? IPPROTO_UDP : IPPROTO_TCP;
}

/* Before the last gateway of a source route the probe's dst is a gateway */
static bool
our_dst(const struct tr_method *m, const struct addr *a)
{
	if (addr_eq(a, &m->c.dst))
		return true;
	for (size_t i = 0; i < m->c.nvia; i++)
		if (addr_eq(a, &m->c.via[i]))
			return true;
	return false;
}

static void
answer_idx(const struct tr_method *m, uint32_t v, struct tr_answer *a)
{
	uint32_t idx = (uint32_t)(uint16_t)(v - m->seq0);

	a->idx = idx < MAX_PROBES ? (long)idx : -1;
}

void
tr_method_match(const struct tr_method *m, const struct icmp_reply *r,
    bool from_errq, struct tr_answer *a)
{
	const struct icmp_quote *q = &r->quote;
	uint32_t v;

	memset(a, 0, sizeof(*a));
	a->idx = -1;
	a->from = r->src;
	a->reached = addr_eq(&r->src, &m->c.dst);
	if (r->kind == ICMP_KIND_ECHO_REPLY) {
		if (m->c.id != TR_METHOD_ICMP || !a->reached ||
		    (m->raw && r->id != m->icmp_id))
			return;
		answer_idx(m, r->seq, a);
		a->final = true;
		return;
	}
	if (!parse_kind_is_error(r->kind) || !q->present ||
	    r->kind == ICMP_KIND_REDIRECT ||
	    r->kind == ICMP_KIND_SOURCE_QUENCH)
		return;
	if (!from_errq && (q->proto != proto_of(m) || !our_dst(m, &q->dst)))
		return;
	/* the kernel queues ICMP errors on a ping socket by echo id alone:
	 * one quoting another destination is not about our probe */
	if (from_errq && !our_dst(m, &q->dst))
		return;
	if (!quote_id(m, q, from_errq, &v))
		return;
	answer_idx(m, v, a);
	a->mtu = r->mtu;
	/* 2.1.2: every answer but "TTL exceeded in transit" ends the trace */
	a->final = !(r->kind == ICMP_KIND_TIME_EXCEEDED && r->code == 0);
}

void
tr_method_match_tcp(const struct tr_method *m, const uint8_t *buf,
    size_t len, const struct addr *from, struct tr_answer *a)
{
	struct rd r = rd_make(buf, len);
	uint16_t sport, dport;
	uint32_t seq, ack;
	uint8_t vihl, off, flags;

	memset(a, 0, sizeof(*a));
	a->idx = -1;
	a->from = *from;
	if (m->c.id != TR_METHOD_TCP || !addr_eq(from, &m->c.dst))
		return;
	if (m->c.af == AF_INET && (!rd_peek8(&r, 0, &vihl) ||
	    (vihl >> 4) != 4 || (vihl & 0x0f) < 5 ||
	    !rd_skip(&r, (size_t)(vihl & 0x0f) * 4)))
		return;
	if (!rd_be16(&r, &sport) || !rd_be16(&r, &dport) ||
	    !rd_be32(&r, &seq) || !rd_be32(&r, &ack) || !rd_u8(&r, &off) ||
	    !rd_u8(&r, &flags))
		return;
	/* SYN-ACK (0x12) or RST (0x04) acknowledging our SYN */
	if (sport != m->dport || dport != m->sport || (flags & 0x10) == 0 ||
	    ((flags & 0x12) != 0x12 && (flags & 0x04) == 0))
		return;
	answer_idx(m, ack - 1 - m->tcp_seq0 + m->seq0, a);
	a->reached = a->final = true;
}
