/*
 * parse.c: received ICMP / ICMPv6 bytes -> struct icmp_reply, and error
 * queue records -> the same struct. Pure: every byte is read through rd.h,
 * every length comes from a reader, nothing is cast to a header struct.
 * Quoted headers are walked step by step (IHL read from the quote, IPv6
 * extension headers skipped while they fit), as FreeBSD ping does since
 * its 2022 advisory.
 */
#include <sys/socket.h>
#include <netinet/in.h>
#include <linux/errqueue.h>

#include <string.h>

#include "cksum.h"
#include "parse.h"
#include "rd.h"

#define ICMP_HDRLEN	8
#define IP4_HDRLEN	20
#define IP6_HDRLEN	40
#define QUOTE_L4LEN	8	/* RFC 792: IP header + first 64 data bits */
#define EXT_ORIGLEN	128	/* RFC 4884 5.: original datagram field */
#define EXT_HDRLEN	4	/* version/reserved/checksum */
#define EXT_OBJHDRLEN	4	/* length/class/c-type */

/* How a type is laid out (tables over switches, house rule 11). */
#define T_QUOTE		0x01	/* carries the invoking datagram */
#define T_EXT		0x02	/* RFC 4884 length field may be set */
#define T_IDSEQ		0x04	/* identifier + sequence at bytes 4-7 */

struct type_info {
	uint8_t		 type;
	enum icmp_kind	 kind;
	uint8_t		 minlen;	/* whole message, header included */
	uint8_t		 flags;
};

static const struct type_info types4[] = {
	{ 0, ICMP_KIND_ECHO_REPLY, 8, T_IDSEQ },
	{ 3, ICMP_KIND_UNREACH, 8, T_QUOTE | T_EXT },
	{ 4, ICMP_KIND_SOURCE_QUENCH, 8, T_QUOTE },
	{ 5, ICMP_KIND_REDIRECT, 8, T_QUOTE },
	{ 8, ICMP_KIND_ECHO_REQUEST, 8, T_IDSEQ },
	{ 9, ICMP_KIND_ROUTER_ADVERT, 8, 0 },
	{ 10, ICMP_KIND_ROUTER_SOLICIT, 8, 0 },
	{ 11, ICMP_KIND_TIME_EXCEEDED, 8, T_QUOTE | T_EXT },
	{ 12, ICMP_KIND_PARAM_PROB, 8, T_QUOTE | T_EXT },
	{ 13, ICMP_KIND_TSTAMP_REQUEST, 20, T_IDSEQ },
	{ 14, ICMP_KIND_TSTAMP_REPLY, 20, T_IDSEQ },
	{ 15, ICMP_KIND_INFO_REQUEST, 8, T_IDSEQ },
	{ 16, ICMP_KIND_INFO_REPLY, 8, T_IDSEQ },
	{ 17, ICMP_KIND_MASK_REQUEST, 12, T_IDSEQ },
	{ 18, ICMP_KIND_MASK_REPLY, 12, T_IDSEQ },
};

static const struct type_info types6[] = {
	{ 1, ICMP_KIND_UNREACH, 8, T_QUOTE | T_EXT },
	{ 2, ICMP_KIND_PKT_TOO_BIG, 8, T_QUOTE },
	{ 3, ICMP_KIND_TIME_EXCEEDED, 8, T_QUOTE | T_EXT },
	{ 4, ICMP_KIND_PARAM_PROB, 8, T_QUOTE },
	{ 128, ICMP_KIND_ECHO_REQUEST, 8, T_IDSEQ },
	{ 129, ICMP_KIND_ECHO_REPLY, 8, T_IDSEQ },
	{ 133, ICMP_KIND_ROUTER_SOLICIT, 8, 0 },
	{ 134, ICMP_KIND_ROUTER_ADVERT, 16, 0 },
	/* RFC 4861 8.3: target + destination; the quote is an option */
	{ 137, ICMP_KIND_REDIRECT, 40, 0 },
};

static const struct type_info other = { 0, ICMP_KIND_OTHER, 8, 0 };

static const struct type_info *
type_info(int af, uint8_t type)
{
	const struct type_info *t = af == AF_INET ? types4 : types6;
	size_t n = af == AF_INET ? sizeof(types4) / sizeof(types4[0]) :
	    sizeof(types6) / sizeof(types6[0]);

	for (size_t i = 0; i < n; i++)
		if (t[i].type == type)
			return &t[i];
	return &other;
}

static bool
rd_addr(struct rd *r, int af, struct addr *a)
{
	uint8_t b[16];
	size_t n = addr_len(af);

	return rd_bytes(r, b, n) && addr_set(a, af, b, n);
}

/* ---- the quoted datagram ---- */

/* The 8 transport bytes (RFC 792, RFC 4443 2.4(c)) and what follows. */
static void
quote_l4(struct rd *r, struct icmp_quote *q)
{
	struct rd l4 = { NULL, 0 };

	(void)rd_sub(r, QUOTE_L4LEN, &l4);	/* length checked by callers */
	q->l4 = l4.p;
	switch (q->proto) {
	case IPPROTO_DCCP:
		/* RFC 4340 5.1: the checksum is in the first 8 bytes too */
		(void)(rd_be16(&l4, &q->sport) && rd_be16(&l4, &q->dport) &&
		    rd_skip(&l4, 2) && rd_be16(&l4, &q->udp_cksum));
		break;
	case IPPROTO_UDPLITE:	/* RFC 3828: length is the coverage */
	case IPPROTO_UDP:
		(void)(rd_be16(&l4, &q->sport) && rd_be16(&l4, &q->dport) &&
		    rd_be16(&l4, &q->udp_len) && rd_be16(&l4, &q->udp_cksum));
		break;
	case IPPROTO_TCP:
		(void)(rd_be16(&l4, &q->sport) && rd_be16(&l4, &q->dport) &&
		    rd_be32(&l4, &q->tcp_seq));
		break;
	case IPPROTO_ICMP:
	case IPPROTO_ICMPV6:
		(void)(rd_u8(&l4, &q->icmp_type) && rd_u8(&l4, &q->icmp_code) &&
		    rd_skip(&l4, 2) && rd_be16(&l4, &q->icmp_id) &&
		    rd_be16(&l4, &q->icmp_seq));
		break;
	default:
		break;
	}
	q->payload = r->len > 0 ? r->p : NULL;
	q->payloadlen = r->len;
}

static enum parse_err
quote_v4(struct rd r, struct icmp_quote *q)
{
	uint8_t vihl;
	uint16_t frag = 0;
	size_t hl;

	if (!rd_peek8(&r, 0, &vihl))
		return PARSE_SHORT_QUOTE;
	if (vihl >> 4 != 4 || (vihl & 0x0f) < 5)
		return PARSE_BAD_QUOTE;
	hl = (size_t)(vihl & 0x0f) * 4;
	if (r.len < hl + QUOTE_L4LEN)
		return PARSE_SHORT_QUOTE;
	(void)(rd_skip(&r, 1) && rd_u8(&r, &q->tos) &&
	    rd_be16(&r, &q->ip_len) && rd_be16(&r, &q->ip_id) &&
	    rd_be16(&r, &frag) && rd_u8(&r, &q->ttl) && rd_u8(&r, &q->proto) &&
	    rd_skip(&r, 2) && rd_addr(&r, AF_INET, &q->src) &&
	    rd_addr(&r, AF_INET, &q->dst) && rd_skip(&r, hl - IP4_HDRLEN));
	/* a non-first fragment quotes data, not a transport header */
	q->has_l4 = (frag & 0x1fff) == 0;
	if (q->has_l4)
		quote_l4(&r, q);
	q->present = true;
	return PARSE_OK;
}

/*
 * Skip quoted IPv6 extension headers (RFC 8200 4.) as the kernel's
 * ipv6_skip_exthdr() does before it hands an error to a socket: all that
 * are quoted, however many - each takes 8 bytes or more, so the quote's
 * length bounds the walk. A non-first fragment ends it: what follows is
 * data (*first false, *nh the fragment's next header). *nh ends at the
 * header after them.
 */
static enum parse_err
skip_ext6(struct rd *r, uint8_t *nh, bool *first)
{
	uint8_t next, hlen;
	uint16_t off;

	*first = true;
	for (;;) {
		switch (*nh) {
		case IPPROTO_HOPOPTS:
		case IPPROTO_ROUTING:
		case IPPROTO_DSTOPTS:
			if (!rd_u8(r, &next) || !rd_u8(r, &hlen) ||
			    !rd_skip(r, (size_t)hlen * 8 + 6))
				return PARSE_SHORT_QUOTE;
			break;
		case IPPROTO_FRAGMENT:
			if (!rd_u8(r, &next) || !rd_skip(r, 1) ||
			    !rd_be16(r, &off) || !rd_skip(r, 4))
				return PARSE_SHORT_QUOTE;
			if (off >> 3 != 0) {
				*first = false;
				*nh = next;
				return PARSE_OK;
			}
			break;
		case IPPROTO_AH:	/* RFC 4302: length in 4-byte units - 2 */
			if (!rd_u8(r, &next) || !rd_u8(r, &hlen) ||
			    !rd_skip(r, (size_t)hlen * 4 + 6))
				return PARSE_SHORT_QUOTE;
			break;
		default:
			return PARSE_OK;
		}
		*nh = next;
	}
}

static enum parse_err
quote_v6(struct rd r, struct icmp_quote *q)
{
	uint32_t vtf;
	uint8_t nh, v;
	bool first;
	enum parse_err e;

	if (!rd_peek8(&r, 0, &v))
		return PARSE_SHORT_QUOTE;
	if (v >> 4 != 6)
		return PARSE_BAD_QUOTE;
	if (!rd_be32(&r, &vtf) || !rd_be16(&r, &q->ip_len) ||
	    !rd_u8(&r, &nh) || !rd_u8(&r, &q->ttl) ||
	    !rd_addr(&r, AF_INET6, &q->src) || !rd_addr(&r, AF_INET6, &q->dst))
		return PARSE_SHORT_QUOTE;
	q->tos = (uint8_t)(vtf >> 20);
	q->flowlabel = vtf & 0xfffff;
	if ((e = skip_ext6(&r, &nh, &first)) != PARSE_OK)
		return e;
	q->proto = nh;
	if (r.len < QUOTE_L4LEN)
		return PARSE_SHORT_QUOTE;
	q->has_l4 = first;
	if (first)
		quote_l4(&r, q);
	q->present = true;
	return PARSE_OK;
}

/*
 * RFC 4884 5.: a valid extension header at off of the body: version 2 and
 * a checksum that is 0 (not computed) or verifies over the rest; room for
 * it and one object header (RFC 4884 7.: one or more objects).
 */
static bool
ext_at(const struct rd *body, size_t off)
{
	struct rd r = *body, h;
	uint8_t ver = 0;
	uint16_t sum = 0;

	if (!rd_skip(&r, off) || r.len < EXT_HDRLEN + EXT_OBJHDRLEN)
		return false;
	h = r;
	(void)(rd_u8(&h, &ver) && rd_skip(&h, 1) && rd_be16(&h, &sum));
	return ver >> 4 == 2 && (sum == 0 || cksum(r.p, r.len) == 0);
}

/*
 * Split the body of an error (after the 8-byte header) into the original
 * datagram and an RFC 4884 extension structure. len4884 is the length
 * attribute in `unit` bytes (4 for ICMP, 8 for ICMPv6). RFC 4884 5.: a
 * compliant length (>= 128 bytes, within the message) with a valid header
 * behind it is taken. Any other - 0 from the non-compliant routers that
 * send exactly 128 bytes of original datagram, below 128, past the end,
 * or nothing valid where it points - falls back to a valid header at
 * offset 128, where traceroute 2.1.2 looks whatever the attribute says.
 * Without either the quote is the compliant length, else the whole body.
 */
static void
split_ext(struct rd *body, size_t len4884, size_t unit,
    struct icmp_reply *out)
{
	size_t attr = len4884 * unit, orig;

	if (attr < EXT_ORIGLEN || attr > body->len)
		attr = 0;
	if (attr != 0 && ext_at(body, attr))
		orig = attr;
	else if (ext_at(body, EXT_ORIGLEN))
		orig = EXT_ORIGLEN;
	else {
		if (attr != 0)
			body->len = attr;
		return;
	}
	out->ext = body->p + orig;
	out->extlen = body->len - orig;
	body->len = orig;
}

/* ---- per-type fields ---- */

/* IPv6 redirect: the quote, if any, is in a Redirected Header option. */
static void
redirect6_quote(struct rd r, struct icmp_reply *out)
{
	uint8_t type, olen;
	struct rd opt;

	while (rd_u8(&r, &type) && rd_u8(&r, &olen) && olen != 0 &&
	    rd_sub(&r, (size_t)olen * 8 - 2, &opt)) {
		if (type != 4)		/* RFC 4861 4.6.3 */
			continue;
		if (!rd_skip(&opt, 6) || quote_v6(opt, &out->quote) != PARSE_OK)
			memset(&out->quote, 0, sizeof(out->quote));
		return;
	}
}

/* Bytes 4-7 (rest of header) and the body that the kind defines. */
static enum parse_err
fields(struct rd *r, const struct type_info *ti, struct icmp_reply *out)
{
	uint8_t b4 = 0, b5 = 0;
	uint16_t w6 = 0;
	uint32_t w;
	struct rd hdr = *r;

	(void)(rd_u8(&hdr, &b4) && rd_u8(&hdr, &b5) && rd_be16(&hdr, &w6));
	hdr = *r;
	if (ti->flags & T_IDSEQ)
		(void)(rd_be16(r, &out->id) && rd_be16(r, &out->seq));
	else
		(void)rd_skip(r, 4);
	switch (ti->kind) {
	case ICMP_KIND_UNREACH:
		if (out->af == AF_INET && out->code == 4)
			out->mtu = w6;		/* RFC 1191 next-hop MTU */
		break;
	case ICMP_KIND_PKT_TOO_BIG:
		out->mtu = (uint32_t)b4 << 24 | (uint32_t)b5 << 16 | w6;
		break;
	case ICMP_KIND_PARAM_PROB:
		out->pointer = out->af == AF_INET ? b4 :
		    ((uint32_t)b4 << 24 | (uint32_t)b5 << 16 | w6);
		break;
	case ICMP_KIND_REDIRECT:
		if (out->af == AF_INET)
			(void)rd_addr(&hdr, AF_INET, &out->gateway);
		else if (rd_addr(r, AF_INET6, &out->gateway) &&
		    rd_skip(r, 16))
			redirect6_quote(*r, out);
		break;
	case ICMP_KIND_TSTAMP_REQUEST:
	case ICMP_KIND_TSTAMP_REPLY:
		(void)(rd_be32(r, &out->ts_orig) && rd_be32(r, &out->ts_recv) &&
		    rd_be32(r, &out->ts_xmit));
		break;
	case ICMP_KIND_MASK_REQUEST:
	case ICMP_KIND_MASK_REPLY:
		(void)rd_be32(r, &out->mask);
		break;
	case ICMP_KIND_ROUTER_ADVERT:
		if (out->af == AF_INET) {
			/* RFC 1256: naddrs entries of addrsize 32-bit words */
			out->ra_naddrs = b4;
			out->ra_addrsize = b5;
			out->ra_lifetime = w6;
			w = (uint32_t)b4 * b5 * 4;
			if (r->len < w)
				return PARSE_TRUNCATED;
		} else {
			out->ra_lifetime = w6;	/* RFC 4861 4.2 */
		}
		break;
	default:
		break;
	}
	out->data = r->len > 0 ? r->p : NULL;
	out->datalen = r->len;
	return PARSE_OK;
}

/* One ICMP / ICMPv6 message, r covering exactly it. */
static enum parse_err
parse_icmp(struct rd r, struct icmp_reply *out)
{
	const struct type_info *ti;
	uint8_t b4;
	struct rd body;
	enum parse_err e;

	if (r.len < ICMP_HDRLEN)
		return PARSE_TRUNCATED;
	/* ICMPv6 sums over a pseudo-header we may not know: the kernel
	 * has verified it (RFC 4443 2.3); raw ICMPv4 sockets see all */
	if (out->af == AF_INET && cksum(r.p, r.len) != 0)
		return PARSE_BAD_CKSUM;
	(void)(rd_u8(&r, &out->type) && rd_u8(&r, &out->code) &&
	    rd_be16(&r, &out->cksum));
	ti = type_info(out->af, out->type);
	out->kind = ti->kind;
	if (r.len + 4 < ti->minlen)
		return PARSE_TRUNCATED;
	if (!(ti->flags & T_QUOTE))
		return fields(&r, ti, out);
	body = r;
	(void)rd_skip(&body, 4);
	if (ti->flags & T_EXT) {
		/* RFC 4884: length at byte 5 (v4, 32-bit words) or 4 (v6) */
		(void)rd_peek8(&r, out->af == AF_INET ? 1 : 0, &b4);
		split_ext(&body, b4, out->af == AF_INET ? 4 : 8, out);
	}
	if ((e = fields(&r, ti, out)) != PARSE_OK)
		return e;
	out->data = NULL;
	out->datalen = 0;
	return out->af == AF_INET ? quote_v4(body, &out->quote) :
	    quote_v6(body, &out->quote);
}

/* The outer IPv4 header of a raw socket's packet (RFC 791). */
/* inlined: it is the hot path of every raw IPv4 read (ping -f) */
static inline __attribute__((always_inline)) enum parse_err
parse_ip4(struct rd *r, uint8_t want, struct icmp_reply *out)
{
	uint8_t vihl, proto = 0;
	uint16_t tot = 0, frag = 0;
	size_t hl;

	if (r->len < IP4_HDRLEN) {
		uint8_t v;

		if (rd_peek8(r, 0, &v) && v >> 4 != 4)
			return PARSE_BAD_VERSION;
		return PARSE_TRUNCATED;
	}
	(void)rd_peek8(r, 0, &vihl);
	if (vihl >> 4 != 4)
		return PARSE_BAD_VERSION;
	hl = (size_t)(vihl & 0x0f) * 4;
	if (hl < IP4_HDRLEN || hl > r->len)
		return PARSE_BAD_IHL;
	(void)(rd_skip(r, 1) && rd_u8(r, &out->tos) && rd_be16(r, &tot) &&
	    rd_be16(r, &out->ip_id) && rd_be16(r, &frag) &&
	    rd_u8(r, &out->ttl) && rd_u8(r, &proto) && rd_skip(r, 2) &&
	    rd_addr(r, AF_INET, &out->src) && rd_addr(r, AF_INET, &out->dst));
	if (tot < hl)
		return PARSE_BAD_LENGTH;
	/* Linux keeps tot_len in network order and the whole packet */
	if (tot > r->len + IP4_HDRLEN)
		return PARSE_TRUNCATED;
	if ((frag & 0x1fff) != 0)
		return PARSE_FRAGMENT;
	if (proto != want)
		return want == IPPROTO_ICMP ? PARSE_NOT_ICMP : PARSE_NOT_TCP;
	out->has_iphdr = true;
	if (hl > IP4_HDRLEN) {
		out->ipopt = r->p;
		out->ipoptlen = hl - IP4_HDRLEN;
	}
	(void)rd_skip(r, hl - IP4_HDRLEN);
	r->len = tot - hl;	/* drop any link-layer padding */
	return PARSE_OK;
}

static void
parse_fail(struct icmp_reply *out, int af)
{
	memset(out, 0, sizeof(*out));
	out->af = af;
}

enum parse_err
parse_reply(int af, bool has_iphdr, const uint8_t *buf, size_t len,
    struct icmp_reply *out)
{
	struct rd r = rd_make(buf, len);
	enum parse_err e = PARSE_OK;

	memset(out, 0, sizeof(*out));
	out->af = af;
	switch (af) {
	case AF_INET:
		if (has_iphdr)
			e = parse_ip4(&r, IPPROTO_ICMP, out);
		break;
	case AF_INET6:
		/* IPv6 sockets never return the IPv6 header (RFC 3542 3.) */
		if (has_iphdr)
			e = PARSE_EAFNOSUPPORT;
		break;
	default:
		e = PARSE_EAFNOSUPPORT;
		break;
	}
	if (e == PARSE_OK)
		e = parse_icmp(r, out);
	if (e != PARSE_OK)
		parse_fail(out, af);
	return e;
}

/* RFC 9293 3.1: ports, sequence, acknowledgment, data offset, flags. */
static bool
l4_tcp(struct rd *r, struct icmp_reply *out)
{
	struct rd opts;
	uint8_t off = 0;

	return rd_be16(r, &out->tcp_sport) && rd_be16(r, &out->tcp_dport) &&
	    rd_be32(r, &out->tcp_seq) && rd_be32(r, &out->tcp_ack) &&
	    rd_u8(r, &off) && rd_u8(r, &out->tcp_flags) && off >> 4 >= 5 &&
	    rd_sub(r, (size_t)(off >> 4) * 4 - 14, &opts);
}

/* RFC 4340 5.1, 5.3: ports, type, the acknowledgment's low 16 bits (every
 * type but Request and Data acknowledges; X says 48 or 24 bits). */
static bool
l4_dccp(struct rd *r, struct icmp_reply *out)
{
	uint8_t off = 0, tx = 0;
	uint16_t lo = 0;
	size_t need;
	struct rd h;

	if (!rd_be16(r, &out->tcp_sport) || !rd_be16(r, &out->tcp_dport) ||
	    !rd_u8(r, &off) || !rd_skip(r, 3) || !rd_u8(r, &tx))
		return false;
	out->dccp_type = (uint8_t)(tx >> 1 & 0x0f);
	out->dccp_acks = out->dccp_type != 0 && out->dccp_type != 2;
	/* the generic header is 16 bytes with X (48-bit numbers), else 12;
	 * the acknowledgment subheader 8 or 4 after it */
	need = (tx & 1) ? 16 : 12;
	if (out->dccp_acks)
		need += (tx & 1) ? 8 : 4;
	if ((size_t)off * 4 < need || !rd_sub(r, (size_t)off * 4 - 9, &h))
		return false;
	if (out->dccp_acks) {
		(void)rd_skip(&h, (tx & 1) ? 13 : 5);
		(void)rd_be16(&h, &lo);
		out->tcp_ack = lo;
	}
	return true;
}

enum parse_err
parse_l4(int af, bool has_iphdr, uint8_t proto, const uint8_t *buf,
    size_t len, struct icmp_reply *out)
{
	struct rd r = rd_make(buf, len);
	enum parse_err e = PARSE_OK;
	bool ok = true;

	memset(out, 0, sizeof(*out));
	out->af = af;
	if (af != AF_INET && af != AF_INET6)
		return PARSE_EAFNOSUPPORT;
	if (has_iphdr && (af != AF_INET ||
	    (e = parse_ip4(&r, proto, out)) != PARSE_OK)) {
		parse_fail(out, af);
		return af != AF_INET ? PARSE_EAFNOSUPPORT : e;
	}
	out->l4proto = proto;
	if (proto == IPPROTO_TCP) {
		out->kind = ICMP_KIND_TCP;
		ok = l4_tcp(&r, out);
	} else if (proto == IPPROTO_DCCP) {
		out->kind = ICMP_KIND_DCCP;
		ok = l4_dccp(&r, out);
	} else
		out->kind = ICMP_KIND_PROTO;
	if (!ok) {
		parse_fail(out, af);
		return PARSE_TRUNCATED;
	}
	return PARSE_OK;
}

enum parse_err
parse_errqueue(const struct errq_rec *e, const uint8_t *orig, size_t len,
    struct icmp_reply *out)
{
	struct rd r = rd_make(orig, len);
	const struct type_info *ti;
	struct icmp_quote *q = &out->quote;

	memset(out, 0, sizeof(*out));
	out->af = e->af;
	if (e->af != AF_INET && e->af != AF_INET6)
		return PARSE_EAFNOSUPPORT;
	/* a v6 socket reports errors about v4-mapped traffic as ICMP */
	if (e->origin == SO_EE_ORIGIN_ICMP)
		out->af = AF_INET;
	else if (e->origin == SO_EE_ORIGIN_ICMP6)
		out->af = AF_INET6;
	else
		return PARSE_NOT_ICMP;
	out->type = e->type;
	out->code = e->code;
	ti = type_info(out->af, e->type);
	out->kind = ti->kind;
	out->src = e->offender;
	if (out->kind == ICMP_KIND_PKT_TOO_BIG ||
	    (out->kind == ICMP_KIND_UNREACH && out->af == AF_INET &&
	    e->code == 4))
		out->mtu = e->info;
	else if (out->kind == ICMP_KIND_PARAM_PROB)
		out->pointer = e->info;
	q->present = true;
	q->proto = e->proto;
	q->dst = e->dst;
	q->dport = e->dst_port;
	out->from_errq = true;
	if (e->proto == IPPROTO_ICMP || e->proto == IPPROTO_ICMPV6) {
		if (r.len < QUOTE_L4LEN) {
			parse_fail(out, e->af);
			return PARSE_SHORT_QUOTE;
		}
		q->has_l4 = true;
		quote_l4(&r, q);
	} else {
		q->payload = len > 0 ? orig : NULL;
		q->payloadlen = orig == NULL ? 0 : len;
	}
	return PARSE_OK;
}

void
parse_errqueue_ext(struct icmp_reply *r, const uint8_t *orig, size_t len,
    size_t hdrlen)
{
	struct rd body = rd_make(orig, len);
	struct icmp_quote *q = &r->quote;
	size_t off;

	if (r->ext != NULL || orig == NULL || hdrlen > EXT_ORIGLEN ||
	    !q->present || !(type_info(r->af, r->type)->flags & T_EXT))
		return;
	off = EXT_ORIGLEN - hdrlen;
	if (!ext_at(&body, off))
		return;
	r->ext = orig + off;
	r->extlen = len - off;
	/* the quoted payload ends where the structure starts */
	if (q->payload != NULL && q->payload >= orig &&
	    q->payload <= orig + off &&
	    q->payloadlen > (size_t)(orig + off - q->payload))
		q->payloadlen = (size_t)(orig + off - q->payload);
}

enum icmp_kind
parse_kind_of(int af, uint8_t type, enum icmp_kind *k)
{
	*k = af == AF_INET || af == AF_INET6 ? type_info(af, type)->kind :
	    ICMP_KIND_OTHER;
	return *k;
}

bool
parse_kind_is_error(enum icmp_kind k)
{
	switch (k) {
	case ICMP_KIND_UNREACH:
	case ICMP_KIND_SOURCE_QUENCH:
	case ICMP_KIND_REDIRECT:
	case ICMP_KIND_TIME_EXCEEDED:
	case ICMP_KIND_PARAM_PROB:
	case ICMP_KIND_PKT_TOO_BIG:
		return true;
	default:
		return false;
	}
}

static const char *const errtext[] = {
	[PARSE_OK] = "ok",
	[PARSE_TRUNCATED] = "truncated",
	[PARSE_BAD_VERSION] = "bad IP version",
	[PARSE_BAD_IHL] = "bad IHL",
	[PARSE_BAD_LENGTH] = "bad IP total length",
	[PARSE_NOT_ICMP] = "not ICMP",
	[PARSE_FRAGMENT] = "non-first fragment",
	[PARSE_BAD_CKSUM] = "bad ICMP checksum",
	[PARSE_SHORT_QUOTE] = "quoted datagram too short",
	[PARSE_BAD_QUOTE] = "bad quoted IP header",
	[PARSE_EAFNOSUPPORT] = "address family not supported",
	[PARSE_NOT_TCP] = "not TCP",
	[PARSE_REDUNDANT] = "error-queue copy of a raw socket's ICMP error",
};

const char *
parse_strerror(enum parse_err e)
{
	if ((size_t)e >= sizeof(errtext) / sizeof(errtext[0]) ||
	    errtext[e] == NULL)
		return "unknown parse error";
	return errtext[e];
}
