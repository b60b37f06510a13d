/*
 * match.c: the one attribution path (see match.h): received bytes ->
 * parsed reply -> the identity of the probe it answers. Every check that
 * makes an answer ours lives here: ids, ports, the quoted or answering
 * destination, the probe kind's identity field.
 */
#include <sys/socket.h>
#include <netinet/in.h>
#include <linux/errqueue.h>

#include <string.h>

#include "build.h"
#include "match.h"
#include "nodeinfo.h"
#include "rd.h"

enum parse_err
match_parse_err(const struct sock *s, const struct rx *rx,
    struct icmp_reply *out)
{
	memset(out, 0, sizeof(*out));
	out->af = s->af;
	if (rx->err.origin != SO_EE_ORIGIN_ICMP &&
	    rx->err.origin != SO_EE_ORIGIN_ICMP6)
		return PARSE_NOT_ICMP;
	/* raw sockets: the raw ICMP socket reads the error whole */
	if (s->kind == SOCK_RAW_ICMP || s->kind == SOCK_RAW_PROTO)
		return PARSE_REDUNDANT;
	return parse_errqueue(&rx->err, rx->buf, rx->len, out);
}

uint16_t
match_classic_port(uint16_t base, size_t n)
{
	uint32_t p = (uint32_t)base + (uint32_t)n;

	return (uint16_t)(p > 0xffff ? p - 0xffff : p);
}

/* The probe number match_classic_port() gave dport; UINT32_MAX for 0. */
static uint32_t
classic_number(uint16_t base, uint16_t dport)
{
	if (dport >= base)
		return (uint32_t)(dport - base);
	return dport == 0 ? UINT32_MAX : (uint32_t)dport + 0xffff - base;
}

/* A port of ours: base, or one of the nports from it (multipath). */
static bool
port_ok(uint16_t base, uint16_t nports, uint16_t p)
{
	if (nports == 0)
		return p == base;
	return classic_number(base, p) < nports;
}

/* The destination an error quotes is ours (or a source-route gateway:
 * before the last one the probe's destination is a gateway). */
static bool
our_dst(const struct match_spec *sp, const struct addr *a)
{
	if (sp->dst.af == 0)
		return a->af == sp->af;
	if (addr_eq(a, &sp->dst))
		return true;
	for (size_t i = 0; i < sp->nvia; i++)
		if (addr_eq(a, &sp->via[i]))
			return true;
	return false;
}

/* A direct answer (TCP, DCCP, bare IP) comes from the destination
 * itself, never from a source-route gateway. */
static bool
from_dst(const struct match_spec *sp, const struct addr *a)
{
	if (sp->dst.af == 0)
		return a->af == sp->af;
	return addr_eq(a, &sp->dst);
}

static uint8_t
proto_of(const struct match_spec *sp)
{
	switch (sp->kind) {
	case MATCH_ECHO:
	case MATCH_TRACE_ECHO:
	case MATCH_NODEINFO:
		return sp->af == AF_INET ? IPPROTO_ICMP : IPPROTO_ICMPV6;
	case MATCH_TCP:
		return IPPROTO_TCP;
	case MATCH_DCCP:
		return IPPROTO_DCCP;
	case MATCH_PROTO_TAG:
		return sp->proto;
	default:
		return IPPROTO_UDP;
	}
}

/*
 * A TCP segment from the destination, to our port from the probed one
 * (RFC 9293 3.10.7.1): a SYN (or FIN) of ours is answered with SYN-ACK or
 * RST-ACK acknowledging seq + 1 (+ 1 more for a FIN), a segment with ACK
 * set with a RST whose sequence is our acknowledgment, anything else with
 * RST-ACK acknowledging seq.
 */
static bool
key_tcp(const struct match_spec *sp, const struct icmp_reply *r,
    struct match_key *k)
{
	uint8_t f = r->tcp_flags, ours = sp->tcp_flags;
	uint32_t plus = (ours & 0x02 ? 1u : 0u) + (ours & 0x01 ? 1u : 0u);

	if (sp->kind != MATCH_TCP || !from_dst(sp, &r->src) ||
	    r->tcp_sport != sp->dport ||
	    !port_ok(sp->sport, sp->nports, r->tcp_dport))
		return false;
	if ((ours & 0x10) && (f & 0x04) && !(f & 0x10))
		k->ident = r->tcp_seq - sp->tcp_seq0;
	else if ((f & 0x10) && ((f & 0x12) == 0x12 || (f & 0x04)))
		k->ident = r->tcp_ack - plus - sp->tcp_seq0;
	else
		return false;
	k->dst = r->src;
	return true;
}

/*
 * A DCCP packet from the destination to our port from the probed one
 * that acknowledges (Response, Reset: RFC 4340 8.1.1, 8.1.3): the low
 * bits it acknowledges were chosen for the probe's checksum, which names
 * the probe. Bare IP of the probed protocol from the destination names
 * none: the newest probe (sent one at a time).
 */
static bool
key_l4(const struct match_spec *sp, const struct icmp_reply *r,
    struct match_key *k)
{
	if (!from_dst(sp, &r->src) || r->l4proto != proto_of(sp))
		return false;
	if (r->kind == ICMP_KIND_DCCP && sp->kind == MATCH_DCCP) {
		if (!r->dccp_acks || r->tcp_sport != sp->dport ||
		    r->tcp_dport != sp->sport)
			return false;
		k->ident = (uint16_t)(build_dccp_cksum_of(sp->dccp_sum0,
		    (uint16_t)r->tcp_ack) - sp->base);
	} else if (r->kind == ICMP_KIND_PROTO && sp->kind == MATCH_PROTO_TAG)
		k->ident = MATCH_IDENT_NEWEST;
	else
		return false;
	k->dst = r->src;
	return true;
}

/* An echo, timestamp or mask reply. ping takes them from anyone (a
 * broadcast or multicast destination answers from many hosts); a trace
 * only from its destination. */
static bool
key_answer(const struct match_spec *sp, const struct icmp_reply *r,
    struct match_key *k)
{
	uint16_t seq;

	/* RFC 4620 4.: a reply copies the query's nonce, which follows
	 * qtype and flags (parse_reply's data of an unknown type) */
	if (sp->kind == MATCH_NODEINFO) {
		if (r->af != AF_INET6 || r->type != NI_TYPE_REPLY ||
		    sp->ni_key == NULL || !nodeinfo_nonce_seq(sp->ni_key,
		    r->data, r->datalen, &seq))
			return false;
		k->ident = seq;
		k->dst = r->src;
		return true;
	}
	if (r->id != sp->id)
		return false;
	if (sp->kind == MATCH_ECHO) {
		if (r->kind != sp->reply_kind)
			return false;
		k->ident = r->seq;
	} else if (sp->kind == MATCH_TRACE_ECHO) {
		if (r->kind != ICMP_KIND_ECHO_REPLY || sp->dst.af == 0 ||
		    !addr_eq(&r->src, &sp->dst))
			return false;
		k->ident = (uint16_t)(r->seq - sp->base);
	} else
		return false;
	k->dst = r->src;
	return true;
}

/* An ICMP request's identity in a quote: echo, Node Information. */
static bool
quote_icmp_ident(const struct match_spec *sp, const struct icmp_reply *r,
    uint32_t *v)
{
	const struct icmp_quote *q = &r->quote;
	uint16_t seq;

	switch (sp->kind) {
	case MATCH_ECHO:
		if (q->icmp_type != sp->req_type || q->icmp_id != sp->id)
			return false;
		*v = q->icmp_seq;
		return true;
	case MATCH_NODEINFO:
		/* the nonce follows the 8 bytes every quote has */
		if (q->icmp_type != NI_TYPE_QUERY || sp->ni_key == NULL ||
		    !nodeinfo_nonce_seq(sp->ni_key, q->payload, q->payloadlen,
		    &seq))
			return false;
		*v = seq;
		return true;
	default:	/* MATCH_TRACE_ECHO */
		/* the error queue of a ping socket holds ours only */
		if (!r->from_errq && q->icmp_id != sp->id)
			return false;
		*v = (uint16_t)(q->icmp_seq - sp->base);
		return true;
	}
}

/* A transport probe's identity in a quote: TCP, UDP, DCCP, raw IP. */
static bool
quote_l4_ident(const struct match_spec *sp, const struct icmp_reply *r,
    uint32_t *v)
{
	const struct icmp_quote *q = &r->quote;
	struct rd rd;
	uint32_t tag;

	switch (sp->kind) {
	case MATCH_TCP:
		if (!port_ok(sp->sport, sp->nports, q->sport) ||
		    q->dport != sp->dport)
			return false;
		*v = q->tcp_seq - sp->tcp_seq0;
		return true;
	case MATCH_UDP_CKSUM:
		if (r->from_errq || q->sport != sp->sport ||
		    !port_ok(sp->dport, sp->nports, q->dport))
			return false;
		*v = (uint16_t)(q->udp_cksum - sp->base);
		return true;
	case MATCH_UDP_PORT:
		if (q->sport != sp->sport)
			return false;
		*v = classic_number(sp->dport, q->dport);
		return *v != UINT32_MAX;
	case MATCH_DCCP:
		if (q->sport != sp->sport || q->dport != sp->dport)
			return false;
		*v = (uint16_t)(q->udp_cksum - sp->base);
		return true;
	case MATCH_PROTO_TAG:
		rd = rd_make(q->l4, 8);
		if (!rd_be32(&rd, &tag) || tag >> 16 != MATCH_TAG_MAGIC)
			return false;
		*v = (uint16_t)((tag & 0xffff) - sp->base);
		return true;
	default:
		return false;
	}
}

/* The identity a quote carries for sp's kind. */
static bool
quote_ident(const struct match_spec *sp, const struct icmp_reply *r,
    uint32_t *v)
{
	const struct icmp_quote *q = &r->quote;
	struct rd rd;
	uint32_t tag;

	if (sp->kind == MATCH_UDP_TAG) {
		rd = rd_make(q->payload, q->payloadlen);
		if (!r->from_errq || !rd_be32(&rd, &tag) ||
		    tag >> 16 != MATCH_TAG_MAGIC)
			return false;
		*v = (uint16_t)((tag & 0xffff) - sp->base);
		return true;
	}
	/* an unprivileged socket's error queue: the kernel names the
	 * probe's destination port (the socket's own port is ours) */
	if (sp->kind == MATCH_UDP_PORT && r->from_errq) {
		*v = classic_number(sp->dport, q->dport);
		return *v != UINT32_MAX;
	}
	if (!q->has_l4)
		return false;
	if (sp->kind == MATCH_ECHO || sp->kind == MATCH_NODEINFO ||
	    sp->kind == MATCH_TRACE_ECHO)
		return quote_icmp_ident(sp, r, v);
	return quote_l4_ident(sp, r, v);
}

bool
match_key_slow(const struct match_spec *sp, const struct icmp_reply *r,
    struct match_key *k)
{
	const struct icmp_quote *q = &r->quote;

	memset(k, 0, sizeof(*k));
	if (r->af != sp->af)
		return false;
	if (r->kind == ICMP_KIND_TCP)
		return key_tcp(sp, r, k);
	if (r->kind == ICMP_KIND_DCCP || r->kind == ICMP_KIND_PROTO)
		return key_l4(sp, r, k);
	if (!parse_kind_is_error(r->kind))
		return key_answer(sp, r, k);
	if (!q->present)
		return false;
	/* the kernel queues errors on a ping socket by echo id alone: one
	 * quoting another destination is not about our probe */
	if (!our_dst(sp, &q->dst) ||
	    (!r->from_errq && q->proto != proto_of(sp)))
		return false;
	if (!quote_ident(sp, r, &k->ident))
		return false;
	k->error = true;
	/* advice about the probe, not an answer to it (iputils, 2.1.2) */
	k->advice = r->kind == ICMP_KIND_REDIRECT ||
	    r->kind == ICMP_KIND_SOURCE_QUENCH;
	k->dst = q->dst;
	return true;
}
