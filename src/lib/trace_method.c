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
#include "match.h"
#include "rd.h"
#include "trace_method.h"

#define MIN_DATALEN	4	/* room for the tag / checksum word */
#define DEF_DATALEN	32	/* 60-byte IPv4 packets, as 2.1.2 */
#define MAX_PROBES	(255u * TRACE_MAX_QUERIES)

struct method_ops {
	enum trace_proto id;
	uint8_t		 proto;		/* IPPROTO_UDP/ICMP/TCP (v4 value) */
	uint16_t	 defport;
	size_t		 l4hdr;
	bool		 unpriv;	/* works without raw sockets */
};

static const struct method_ops ops[] = {
	{ TRACE_UDP, IPPROTO_UDP, 33434, 8, true },
	{ TRACE_ICMP, IPPROTO_ICMP, 1, 8, true },
	{ TRACE_TCP, IPPROTO_TCP, 80, 20, false },
	{ TRACE_UDPFIX, IPPROTO_UDP, 53, 8, true },
};

static const struct method_ops *
ops_of(enum trace_proto id)
{
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		if (ops[i].id == id)
			return &ops[i];
	return NULL;
}

static bool
is_udp(const struct trace_method *m)
{
	return m->c.id == TRACE_UDP || m->c.id == TRACE_UDPFIX;
}

bool
trace_method_unpriv_ok(enum trace_proto id)
{
	const struct method_ops *o = ops_of(id);

	return o != NULL && o->unpriv;
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
	m->iphdr = (c->af == AF_INET ? 20 : 40) + c->ipoptlen;
	m->l4hdr = o->l4hdr;
	m->dport = c->port != 0 ? c->port : o->defport;
	m->sport = c->sport != 0 ? c->sport :
	    (uint16_t)(32768 + (c->salt >> 8) % 28000);
	m->icmp_id = (uint16_t)(c->salt ^ (c->salt >> 16));
	m->seq0 = c->id == TRACE_ICMP ? m->dport : TRACE_ID_BASE;
	m->tcp_seq0 = c->salt * 2654435761u;
	trace_method_set_pktlen(m, c->packetlen);
	return 0;
}

void
trace_method_set_pktlen(struct trace_method *m, size_t pktlen)
{
	size_t hdr = m->iphdr + m->l4hdr;

	if (m->c.id == TRACE_TCP)
		m->datalen = 0;		/* a bare SYN */
	else if (pktlen == 0)
		m->datalen = DEF_DATALEN;
	else
		m->datalen = pktlen > hdr + MIN_DATALEN ? pktlen - hdr :
		    MIN_DATALEN;
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
	*rx = *tx;
	rx->echo_filter = true;
	rx->proto = icmp;
	rx->pref = SOCK_PREF_RAW;
	rx->recverr = false;
	rx->src.af = 0;
	*need_rx = false;
	if (m->c.id == TRACE_ICMP) {
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
trace_method_build(const struct trace_method *m, size_t idx, uint8_t *buf,
    size_t cap, uint16_t *dport)
{
	uint16_t id = (uint16_t)(m->seq0 + idx);
	uint8_t pay[TRACE_MAX_PACKETLEN];
	struct wr w;

	if (idx >= MAX_PROBES || m->datalen > sizeof(pay))
		return 0;
	*dport = m->c.classic && is_udp(m) ? match_classic_port(m->dport,
	    idx) : m->dport;
	switch (m->c.id) {
	case TRACE_TCP:
		return build_tcp_syn(&m->c.src, &m->c.dst, m->sport, *dport,
		    m->tcp_seq0 + (uint32_t)idx, buf, cap);
	case TRACE_ICMP:
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
	(void)wr_be32(&w, (uint32_t)MATCH_TAG_MAGIC << 16 | id);
	return m->datalen;
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
	switch (m->c.id) {
	case TRACE_ICMP:
		sp->kind = MATCH_TRACE_ECHO;
		break;
	case TRACE_TCP:
		sp->kind = MATCH_TCP;
		break;
	default:
		/* an unprivileged socket: its tag leads the payload; raw: the
		 * ports (--classic) or the checksum name the probe */
		sp->kind = !m->raw ? MATCH_UDP_TAG : m->c.classic ?
		    MATCH_UDP_PORT : MATCH_UDP_CKSUM;
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
	if (!match_key_of(sp, r, &k) || k.advice || k.ident >= MAX_PROBES)
		return;
	(void)m;
	a->idx = (long)k.ident;
	a->reached = addr_eq(&r->src, &sp->dst);
	a->mtu = r->mtu;
	/* 2.1.2: every answer but "TTL exceeded in transit" ends the trace
	 * (the destination's own answers too) */
	a->final = !k.error || !(r->kind == ICMP_KIND_TIME_EXCEEDED &&
	    r->code == 0);
	if (r->kind == ICMP_KIND_TCP)
		a->reached = true;
}
