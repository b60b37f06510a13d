/* check_parse: parse_reply over every ICMP / ICMPv6 type and code from a
 * table (kind and fields), every truncation of valid messages (each copy
 * in a buffer of exactly its length, so the sanitizer build catches any
 * read past the end), bad outer headers (version, IHL, length, fragment,
 * protocol, checksum), bad quotes (short, bad IHL, wrong version, IPv6
 * extension headers), RFC 4884 extensions, the error queue.
 *
 * With ICMPTOOLS_SEED_DIR set, every packet handed to the parser here is
 * also written there as a fuzz_attr seed (first byte = harness mode). */
#include <sys/socket.h>
#include <netinet/in.h>

#include <check.h>
#include <linux/errqueue.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "icmpext.h"
#include "parse.h"
#include "pkt.h"
#include "unit.h"

#define S4	"198.18.0.1"
#define D4	"198.18.5.2"
#define R4	"198.18.2.2"
#define S6	"2001:2::1"
#define D6	"2001:2:0:5::2"

/* A UDP probe's first 16 bytes: ports 40000 -> 33434, len 16, 0xbeef. */
static const uint8_t udp16[16] = { 0x9c, 0x40, 0x82, 0x9a, 0x00, 0x10,
    0xbe, 0xef, 0x40, 0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47 };
static const uint8_t zero4[4];

/* ---- seeds ---- */

static void
seed(const char *name, unsigned mode, const uint8_t *b, size_t n)
{
	const char *dir = getenv("ICMPTOOLS_SEED_DIR");
	char path[512];
	FILE *fp;
	uint8_t m = (uint8_t)mode;

	if (dir == NULL || *dir == '\0')
		return;
	(void)snprintf(path, sizeof(path), "%s/ck_%s", dir, name);
	if ((fp = fopen(path, "wb")) == NULL)
		return;
	(void)fwrite(&m, 1, 1, fp);
	(void)fwrite(b, 1, n, fp);
	(void)fclose(fp);
}

/* parse_reply on an exact-size heap copy: any over-read is ASan's. */
static enum parse_err
parse_exact(int af, bool iphdr, const uint8_t *b, size_t n,
    struct icmp_reply *r, const char *seedname)
{
	uint8_t *c = malloc(n > 0 ? n : 1);
	enum parse_err e;
	struct icmp_reply tmp;

	ck_assert_ptr_nonnull(c);
	if (n > 0)
		memcpy(c, b, n);
	if (seedname != NULL)
		seed(seedname, af == AF_INET6 ? 2 : iphdr ? 0 : 1, b, n);
	e = parse_reply(af, iphdr, c, n, &tmp);
	/* pointers stay inside the buffer */
	if (tmp.data != NULL)
		ck_assert(tmp.data >= c && tmp.data + tmp.datalen <= c + n);
	if (tmp.quote.payload != NULL)
		ck_assert(tmp.quote.payload >= c &&
		    tmp.quote.payload + tmp.quote.payloadlen <= c + n);
	if (tmp.ext != NULL)
		ck_assert(tmp.ext >= c && tmp.ext + tmp.extlen <= c + n);
	if (tmp.ipopt != NULL)
		ck_assert(tmp.ipopt >= c && tmp.ipopt + tmp.ipoptlen <= c + n);
	if (e != PARSE_OK) {
		ck_assert_int_eq(tmp.af, af);
		ck_assert_int_eq(tmp.kind, ICMP_KIND_OTHER);
		ck_assert(!tmp.quote.present && tmp.data == NULL);
	}
	/* rebase the pointers onto the caller's buffer */
	if (tmp.data != NULL)
		tmp.data = b + (tmp.data - c);
	if (tmp.quote.payload != NULL)
		tmp.quote.payload = b + (tmp.quote.payload - c);
	if (tmp.ext != NULL)
		tmp.ext = b + (tmp.ext - c);
	if (tmp.ipopt != NULL)
		tmp.ipopt = b + (tmp.ipopt - c);
	free(c);
	*r = tmp;
	return e;
}

/* ---- message makers ---- */

/* The quoted IPv4 datagram: header (IHL from optlen) + l4. */
static size_t
quote4(uint8_t *q, const uint8_t *l4, size_t l4len, size_t optlen)
{
	uint8_t opt[40];

	memset(opt, 1, sizeof(opt));	/* NOPs */
	return pkt_ip4(q, IPPROTO_UDP, S4, D4, 1, 0x1111, opt, optlen, l4,
	    l4len);
}

static size_t
quote6(uint8_t *q, const uint8_t *l4, size_t l4len)
{
	return pkt_ip6(q, IPPROTO_UDP, S6, D6, 1, l4, l4len);
}

/* v4 message, wrapped in an outer IPv4 header when raw. */
static size_t
msg4(uint8_t *out, bool raw, uint8_t type, uint8_t code,
    const uint8_t rest[4], const uint8_t *body, size_t blen)
{
	uint8_t m[1024];
	size_t n = pkt_icmp(m, AF_INET, type, code, rest, body, blen);

	if (!raw) {
		memcpy(out, m, n);
		return n;
	}
	return pkt_ip4(out, IPPROTO_ICMP, R4, S4, 250, 0x2222, NULL, 0, m, n);
}

static size_t
msg6(uint8_t *out, uint8_t type, uint8_t code, const uint8_t rest[4],
    const uint8_t *body, size_t blen)
{
	return pkt_icmp(out, AF_INET6, type, code, rest, body, blen);
}

/* ---- the type/code table ---- */

enum body { B_NONE, B_QUOTE, B_TS, B_MASK, B_RA4, B_RA6, B_REDIR6 };

static const struct tc {
	int		af;
	uint8_t		type, code;
	uint8_t		rest[4];
	enum body	body;
	enum icmp_kind	kind;
	uint32_t	mtu, pointer;
	const char	*gw;
} tcs[] = {
#define U4(c)	{ AF_INET, 3, c, { 0 }, B_QUOTE, ICMP_KIND_UNREACH, 0, 0, NULL }
	U4(0), U4(1), U4(2), U4(3),
	{ AF_INET, 3, 4, { 0, 0, 0x05, 0xdc }, B_QUOTE, ICMP_KIND_UNREACH,
	    1500, 0, NULL },
	U4(5), U4(6), U4(7), U4(8), U4(9), U4(10), U4(11), U4(12), U4(13),
	U4(14), U4(15),
	/* bytes 6-7 of a non-4 code are not an MTU */
	{ AF_INET, 3, 1, { 0, 0, 0x05, 0xdc }, B_QUOTE, ICMP_KIND_UNREACH,
	    0, 0, NULL },
	{ AF_INET, 4, 0, { 0 }, B_QUOTE, ICMP_KIND_SOURCE_QUENCH, 0, 0, NULL },
#define RD4(c)	{ AF_INET, 5, c, { 198, 18, 2, 1 }, B_QUOTE, \
	    ICMP_KIND_REDIRECT, 0, 0, "198.18.2.1" }
	RD4(0), RD4(1), RD4(2), RD4(3),
	{ AF_INET, 11, 0, { 0 }, B_QUOTE, ICMP_KIND_TIME_EXCEEDED, 0, 0,
	    NULL },
	{ AF_INET, 11, 1, { 0 }, B_QUOTE, ICMP_KIND_TIME_EXCEEDED, 0, 0,
	    NULL },
	{ AF_INET, 12, 0, { 20, 0, 0, 0 }, B_QUOTE, ICMP_KIND_PARAM_PROB, 0,
	    20, NULL },
	{ AF_INET, 12, 1, { 0 }, B_QUOTE, ICMP_KIND_PARAM_PROB, 0, 0, NULL },
	{ AF_INET, 12, 2, { 1, 0, 0, 0 }, B_QUOTE, ICMP_KIND_PARAM_PROB, 0,
	    1, NULL },
	{ AF_INET, 0, 0, { 0x42, 0x42, 0, 7 }, B_NONE, ICMP_KIND_ECHO_REPLY,
	    0, 0, NULL },
	{ AF_INET, 8, 0, { 0x42, 0x42, 0, 7 }, B_NONE, ICMP_KIND_ECHO_REQUEST,
	    0, 0, NULL },
	{ AF_INET, 9, 0, { 2, 2, 0x07, 0x08 }, B_RA4, ICMP_KIND_ROUTER_ADVERT,
	    0, 0, NULL },
	{ AF_INET, 10, 0, { 0 }, B_NONE, ICMP_KIND_ROUTER_SOLICIT, 0, 0,
	    NULL },
	{ AF_INET, 13, 0, { 0x42, 0x42, 0, 7 }, B_TS,
	    ICMP_KIND_TSTAMP_REQUEST, 0, 0, NULL },
	{ AF_INET, 14, 0, { 0x42, 0x42, 0, 7 }, B_TS, ICMP_KIND_TSTAMP_REPLY,
	    0, 0, NULL },
	{ AF_INET, 15, 0, { 0x42, 0x42, 0, 7 }, B_NONE,
	    ICMP_KIND_INFO_REQUEST, 0, 0, NULL },
	{ AF_INET, 16, 0, { 0x42, 0x42, 0, 7 }, B_NONE, ICMP_KIND_INFO_REPLY,
	    0, 0, NULL },
	{ AF_INET, 17, 0, { 0x42, 0x42, 0, 7 }, B_MASK,
	    ICMP_KIND_MASK_REQUEST, 0, 0, NULL },
	{ AF_INET, 18, 0, { 0x42, 0x42, 0, 7 }, B_MASK, ICMP_KIND_MASK_REPLY,
	    0, 0, NULL },
	{ AF_INET, 42, 3, { 0 }, B_NONE, ICMP_KIND_OTHER, 0, 0, NULL },
	{ AF_INET, 3, 16, { 0 }, B_QUOTE, ICMP_KIND_UNREACH, 0, 0, NULL },
#define U6(c)	{ AF_INET6, 1, c, { 0 }, B_QUOTE, ICMP_KIND_UNREACH, 0, 0, NULL }
	U6(0), U6(1), U6(2), U6(3), U6(4), U6(5), U6(6), U6(7),
	{ AF_INET6, 2, 0, { 0, 0, 0x05, 0x00 }, B_QUOTE,
	    ICMP_KIND_PKT_TOO_BIG, 1280, 0, NULL },
	{ AF_INET6, 2, 0, { 0, 1, 0, 0 }, B_QUOTE, ICMP_KIND_PKT_TOO_BIG,
	    65536, 0, NULL },
	{ AF_INET6, 3, 0, { 0 }, B_QUOTE, ICMP_KIND_TIME_EXCEEDED, 0, 0,
	    NULL },
	{ AF_INET6, 3, 1, { 0 }, B_QUOTE, ICMP_KIND_TIME_EXCEEDED, 0, 0,
	    NULL },
	{ AF_INET6, 4, 0, { 0, 0, 0, 6 }, B_QUOTE, ICMP_KIND_PARAM_PROB, 0,
	    6, NULL },
	{ AF_INET6, 4, 1, { 0, 0, 0, 40 }, B_QUOTE, ICMP_KIND_PARAM_PROB, 0,
	    40, NULL },
	{ AF_INET6, 4, 2, { 0, 0, 1, 0 }, B_QUOTE, ICMP_KIND_PARAM_PROB, 0,
	    256, NULL },
	{ AF_INET6, 128, 0, { 0x42, 0x42, 0, 7 }, B_NONE,
	    ICMP_KIND_ECHO_REQUEST, 0, 0, NULL },
	{ AF_INET6, 129, 0, { 0x42, 0x42, 0, 7 }, B_NONE,
	    ICMP_KIND_ECHO_REPLY, 0, 0, NULL },
	{ AF_INET6, 133, 0, { 0 }, B_NONE, ICMP_KIND_ROUTER_SOLICIT, 0, 0,
	    NULL },
	{ AF_INET6, 134, 0, { 64, 0, 0x07, 0x08 }, B_RA6,
	    ICMP_KIND_ROUTER_ADVERT, 0, 0, NULL },
	{ AF_INET6, 137, 0, { 0 }, B_REDIR6, ICMP_KIND_REDIRECT, 0, 0,
	    "fe80::1" },
	{ AF_INET6, 135, 0, { 0 }, B_NONE, ICMP_KIND_OTHER, 0, 0, NULL },
	{ AF_INET6, 200, 0, { 0 }, B_NONE, ICMP_KIND_OTHER, 0, 0, NULL },
};

/* The body for a table row; returns its length. */
static size_t
tc_body(const struct tc *t, uint8_t *b)
{
	uint8_t q[128];
	size_t n;

	switch (t->body) {
	case B_QUOTE:
		return t->af == AF_INET ? quote4(b, udp16, 16, 0) :
		    quote6(b, udp16, 16);
	case B_TS:
		pkt_be32(b, 1000);
		pkt_be32(b + 4, 2000);
		pkt_be32(b + 8, 3000);
		return 12;
	case B_MASK:
		pkt_be32(b, 0xffffff00u);
		return 4;
	case B_RA4:	/* 2 entries of 2 words: address, preference */
		memcpy(b, (uint8_t[]){ 198, 18, 0, 2, 0, 0, 0, 1,
		    198, 18, 0, 3, 0, 0, 0, 2 }, 16);
		return 16;
	case B_RA6:	/* reachable time, retrans timer */
		memset(b, 0, 8);
		return 8;
	case B_REDIR6:	/* target fe80::1, destination D6, option 4 */
		memset(b, 0, 32);
		b[0] = 0xfe;
		b[1] = 0x80;
		b[15] = 1;
		memcpy(b + 16, pkt_a(D6).u.b, 16);
		n = quote6(q, udp16, 16);	/* 56 bytes */
		b[32] = 4;
		b[33] = (uint8_t)((8 + n) / 8);
		memset(b + 34, 0, 6);
		memcpy(b + 40, q, n);
		return 40 + n;
	default:
		memcpy(b, "abcdefgh", 8);
		return 8;
	}
}

static void
tc_check(const struct tc *t, const struct icmp_reply *r)
{
	ck_assert_int_eq(r->kind, t->kind);
	ck_assert_uint_eq(r->type, t->type);
	ck_assert_uint_eq(r->code, t->code);
	ck_assert_uint_eq(r->mtu, t->mtu);
	ck_assert_uint_eq(r->pointer, t->pointer);
	if (t->gw != NULL)
		ck_assert(pkt_is(&r->gateway, t->gw));
	else
		ck_assert_int_eq(r->gateway.af, 0);
	ck_assert(parse_kind_is_error(r->kind) == (t->body == B_QUOTE ||
	    t->body == B_REDIR6));
	ck_assert(r->quote.present == (t->body == B_QUOTE ||
	    t->body == B_REDIR6));
	if (r->quote.present) {
		ck_assert_uint_eq(r->quote.proto, IPPROTO_UDP);
		ck_assert(r->quote.has_l4);
		ck_assert_uint_eq(r->quote.sport, 40000);
		ck_assert_uint_eq(r->quote.dport, 33434);
		ck_assert_uint_eq(r->quote.udp_len, 16);
		ck_assert_uint_eq(r->quote.udp_cksum, 0xbeef);
		ck_assert_uint_eq(r->quote.payloadlen, 8);
		ck_assert_uint_eq(r->quote.payload[0], 0x40);
		ck_assert(pkt_is(&r->quote.dst, t->af == AF_INET ? D4 : D6));
		ck_assert(pkt_is(&r->quote.src, t->af == AF_INET ? S4 : S6));
		ck_assert_uint_eq(r->quote.ttl, 1);
	}
	if (t->body == B_QUOTE)
		ck_assert_ptr_null(r->data);
	if (t->rest[0] == 0x42) {
		ck_assert_uint_eq(r->id, 0x4242);
		ck_assert_uint_eq(r->seq, 7);
	}
	switch (t->body) {
	case B_TS:
		ck_assert_uint_eq(r->ts_orig, 1000);
		ck_assert_uint_eq(r->ts_recv, 2000);
		ck_assert_uint_eq(r->ts_xmit, 3000);
		break;
	case B_MASK:
		ck_assert_uint_eq(r->mask, 0xffffff00u);
		break;
	case B_RA4:
		ck_assert_uint_eq(r->ra_naddrs, 2);
		ck_assert_uint_eq(r->ra_addrsize, 2);
		ck_assert_uint_eq(r->ra_lifetime, 0x0708);
		ck_assert_uint_eq(r->datalen, 16);
		break;
	case B_RA6:
		ck_assert_uint_eq(r->ra_lifetime, 0x0708);
		break;
	case B_NONE:
		ck_assert_uint_eq(r->datalen, 8);
		ck_assert_mem_eq(r->data, "abcdefgh", 8);
		break;
	default:
		break;
	}
	ck_assert_ptr_null(r->ext);
}

START_TEST(type_code_table)
{
	const struct tc *t = &tcs[_i];
	uint8_t body[512], pkt[1024];
	struct icmp_reply r;
	size_t blen = tc_body(t, body), n;
	char name[64];

	(void)snprintf(name, sizeof(name), "%s_t%u_c%u",
	    t->af == AF_INET ? "v4" : "v6", t->type, t->code);
	if (t->af == AF_INET6) {
		n = msg6(pkt, t->type, t->code, t->rest, body, blen);
		ck_assert_int_eq(parse_exact(AF_INET6, false, pkt, n, &r,
		    name), PARSE_OK);
		ck_assert(!r.has_iphdr);
		tc_check(t, &r);
		/* the whole of every prefix is safe */
		for (size_t k = 0; k < n; k++)
			(void)parse_exact(AF_INET6, false, pkt, k, &r, NULL);
		return;
	}
	/* an ICMP datagram socket: no IP header */
	n = msg4(pkt, false, t->type, t->code, t->rest, body, blen);
	ck_assert_int_eq(parse_exact(AF_INET, false, pkt, n, &r, name),
	    PARSE_OK);
	ck_assert(!r.has_iphdr);
	tc_check(t, &r);
	for (size_t k = 0; k < n; k++)
		ck_assert_int_ne(parse_exact(AF_INET, false, pkt, k, &r, NULL),
		    PARSE_OK);
	/* a raw socket: the outer header too */
	n = msg4(pkt, true, t->type, t->code, t->rest, body, blen);
	ck_assert_int_eq(parse_exact(AF_INET, true, pkt, n, &r, NULL),
	    PARSE_OK);
	ck_assert(r.has_iphdr);
	ck_assert(pkt_is(&r.src, R4));
	ck_assert(pkt_is(&r.dst, S4));
	ck_assert_uint_eq(r.ttl, 250);
	ck_assert_uint_eq(r.ip_id, 0x2222);
	ck_assert_ptr_null(r.ipopt);
	tc_check(t, &r);
	for (size_t k = 0; k < n; k++)
		ck_assert_int_eq(parse_exact(AF_INET, true, pkt, k, &r, NULL),
		    PARSE_TRUNCATED);
}
END_TEST

/* ---- truncations of an IPv6 error: every prefix an error or safe ---- */

START_TEST(v6_truncations)
{
	uint8_t q[128], pkt[256];
	struct icmp_reply r;
	size_t n = msg6(pkt, 3, 0, zero4, q, quote6(q, udp16, 8));
	enum parse_err e;

	ck_assert_uint_eq(n, 56);
	for (size_t k = 0; k < n; k++) {
		e = parse_exact(AF_INET6, false, pkt, k, &r, NULL);
		ck_assert_int_eq(e, k < 8 ? PARSE_TRUNCATED :
		    PARSE_SHORT_QUOTE);
	}
	ck_assert_int_eq(parse_exact(AF_INET6, false, pkt, n, &r, NULL),
	    PARSE_OK);
	ck_assert_uint_eq(r.quote.payloadlen, 0);
	ck_assert_ptr_null(r.quote.payload);
}
END_TEST

/* ---- outer IPv4 header ---- */

START_TEST(outer_header_errors)
{
	uint8_t pkt[256], q[128], c[256];
	struct icmp_reply r;
	size_t n = msg4(pkt, true, 11, 0, zero4, q, quote4(q, udp16, 16, 0));

	ck_assert_int_eq(parse_exact(AF_INET, true, pkt, n, &r, NULL),
	    PARSE_OK);
	/* version */
	memcpy(c, pkt, n);
	c[0] = 0x65;
	ck_assert_int_eq(parse_exact(AF_INET, true, c, n, &r, "bad_version"),
	    PARSE_BAD_VERSION);
	ck_assert_int_eq(parse_exact(AF_INET, true, c, 1, &r, NULL),
	    PARSE_BAD_VERSION);
	/* IHL < 5, IHL past the end */
	c[0] = 0x44;
	ck_assert_int_eq(parse_exact(AF_INET, true, c, n, &r, "ihl4"),
	    PARSE_BAD_IHL);
	c[0] = 0x4f;
	ck_assert_int_eq(parse_exact(AF_INET, true, c, 40, &r, "ihl15"),
	    PARSE_BAD_IHL);
	/* total length below the header, above what we got */
	memcpy(c, pkt, n);
	pkt_be16(c + 2, 19);
	ck_assert_int_eq(parse_exact(AF_INET, true, c, n, &r, "totlen19"),
	    PARSE_BAD_LENGTH);
	pkt_be16(c + 2, (uint16_t)(n + 1));
	ck_assert_int_eq(parse_exact(AF_INET, true, c, n, &r, NULL),
	    PARSE_TRUNCATED);
	/* trailing bytes past the total length are not the message's */
	memcpy(c, pkt, n);
	memset(c + n, 0xee, 6);
	ck_assert_int_eq(parse_exact(AF_INET, true, c, n + 6, &r, NULL),
	    PARSE_OK);
	ck_assert_uint_eq(r.quote.payloadlen, 8);
	/* non-first fragment, not ICMP */
	memcpy(c, pkt, n);
	c[7] = 1;
	ck_assert_int_eq(parse_exact(AF_INET, true, c, n, &r, "frag"),
	    PARSE_FRAGMENT);
	memcpy(c, pkt, n);
	c[9] = IPPROTO_UDP;
	ck_assert_int_eq(parse_exact(AF_INET, true, c, n, &r, NULL),
	    PARSE_NOT_ICMP);
	/* bad ICMP checksum, raw and datagram */
	memcpy(c, pkt, n);
	c[22] ^= 0x01;
	ck_assert_int_eq(parse_exact(AF_INET, true, c, n, &r, "badsum"),
	    PARSE_BAD_CKSUM);
	ck_assert_int_eq(parse_exact(AF_INET, false, c + 20, n - 20, &r,
	    NULL), PARSE_BAD_CKSUM);
	/* families */
	ck_assert_int_eq(parse_exact(AF_UNIX, false, pkt, n, &r, NULL),
	    PARSE_EAFNOSUPPORT);
	ck_assert_int_eq(parse_exact(AF_INET6, true, pkt, n, &r, NULL),
	    PARSE_EAFNOSUPPORT);
	ck_assert_int_eq(parse_reply(AF_INET, true, NULL, 0, &r),
	    PARSE_TRUNCATED);
}
END_TEST

START_TEST(outer_options)
{
	static const uint8_t rr[8] = { 7, 7, 4, 198, 18, 1, 2, 0 };
	uint8_t m[64], pkt[128];
	size_t n = pkt_icmp(m, AF_INET, 0, 0, (const uint8_t[]){ 0, 1, 0, 2 },
	    (const uint8_t *)"12345678", 8);
	struct icmp_reply r;

	n = pkt_ip4(pkt, IPPROTO_ICMP, D4, S4, 60, 3, rr, sizeof(rr), m, n);
	ck_assert_int_eq(parse_exact(AF_INET, true, pkt, n, &r, "echo_rr"),
	    PARSE_OK);
	ck_assert_int_eq(r.kind, ICMP_KIND_ECHO_REPLY);
	ck_assert_uint_eq(r.ipoptlen, 8);
	ck_assert_mem_eq(r.ipopt, rr, 8);
	ck_assert_uint_eq(r.datalen, 8);
	ck_assert_mem_eq(r.data, "12345678", 8);
	for (size_t k = 0; k < n; k++)
		ck_assert_int_ne(parse_exact(AF_INET, true, pkt, k, &r, NULL),
		    PARSE_OK);
}
END_TEST

/* ---- quotes ---- */

START_TEST(quote_v4_errors)
{
	uint8_t q[128], pkt[256];
	struct icmp_reply r;
	size_t qn, n;

	/* IP header + 7 transport bytes */
	qn = quote4(q, udp16, 7, 0);
	n = msg4(pkt, true, 11, 0, zero4, q, qn);
	ck_assert_int_eq(parse_exact(AF_INET, true, pkt, n, &r, "q4_short"),
	    PARSE_SHORT_QUOTE);
	/* IHL in the quote < 5 */
	qn = quote4(q, udp16, 16, 0);
	q[0] = 0x44;
	n = msg4(pkt, true, 11, 0, zero4, q, qn);
	ck_assert_int_eq(parse_exact(AF_INET, true, pkt, n, &r, "q4_ihl4"),
	    PARSE_BAD_QUOTE);
	/* a quoted IHL running past the quote */
	q[0] = 0x4f;
	n = msg4(pkt, true, 11, 0, zero4, q, qn);
	ck_assert_int_eq(parse_exact(AF_INET, true, pkt, n, &r, "q4_ihl15"),
	    PARSE_SHORT_QUOTE);
	/* not IPv4 */
	q[0] = 0x65;
	n = msg4(pkt, false, 3, 3, zero4, q, qn);
	ck_assert_int_eq(parse_exact(AF_INET, false, pkt, n, &r, "q4_v6"),
	    PARSE_BAD_QUOTE);
	/* nothing quoted at all */
	n = msg4(pkt, false, 3, 3, zero4, q, 0);
	ck_assert_int_eq(parse_exact(AF_INET, false, pkt, n, &r, NULL),
	    PARSE_SHORT_QUOTE);
	/* options in the quote: the ports come after them (IHL read) */
	qn = quote4(q, udp16, 8, 12);
	n = msg4(pkt, true, 11, 0, zero4, q, qn);
	ck_assert_int_eq(parse_exact(AF_INET, true, pkt, n, &r, "q4_opts"),
	    PARSE_OK);
	ck_assert_uint_eq(r.quote.sport, 40000);
	ck_assert_uint_eq(r.quote.udp_cksum, 0xbeef);
	ck_assert_uint_eq(r.quote.ip_id, 0x1111);
	/* every truncation of it */
	for (size_t k = 0; k < n; k++)
		ck_assert_int_ne(parse_exact(AF_INET, true, pkt, k, &r, NULL),
		    PARSE_OK);
	/* a non-first fragment quoted: no transport header */
	qn = quote4(q, udp16, 16, 0);
	q[6] = 0x00;
	q[7] = 0x10;
	pkt_be16(q + 10, 0);
	pkt_be16(q + 10, cksum(q, 20));
	n = msg4(pkt, true, 11, 0, zero4, q, qn);
	ck_assert_int_eq(parse_exact(AF_INET, true, pkt, n, &r, "q4_frag"),
	    PARSE_OK);
	ck_assert(r.quote.present && !r.quote.has_l4);
	ck_assert_uint_eq(r.quote.sport, 0);
}
END_TEST

START_TEST(quote_foreign_protocol)
{
	/* GRE quoted: present with the 8 bytes, no ports interpreted */
	uint8_t q[128], pkt[256];
	struct icmp_reply r;
	size_t qn, n;

	qn = pkt_ip4(q, 47, S4, D4, 1, 9, NULL, 0, udp16, 8);
	n = msg4(pkt, true, 11, 0, zero4, q, qn);
	ck_assert_int_eq(parse_exact(AF_INET, true, pkt, n, &r, "q4_gre"),
	    PARSE_OK);
	ck_assert(r.quote.present && r.quote.has_l4);
	ck_assert_uint_eq(r.quote.proto, 47);
	ck_assert_uint_eq(r.quote.sport, 0);
	ck_assert_uint_eq(r.quote.udp_cksum, 0);
	/* a quoted echo request */
	{
		uint8_t e[16] = { 8, 0, 0, 0, 0x12, 0x34, 0x56, 0x78 };

		qn = pkt_ip4(q, IPPROTO_ICMP, S4, D4, 1, 9, NULL, 0, e, 16);
		n = msg4(pkt, false, 3, 1, zero4, q, qn);
		ck_assert_int_eq(parse_exact(AF_INET, false, pkt, n, &r,
		    "q4_echo"), PARSE_OK);
		ck_assert_uint_eq(r.quote.icmp_type, 8);
		ck_assert_uint_eq(r.quote.icmp_id, 0x1234);
		ck_assert_uint_eq(r.quote.icmp_seq, 0x5678);
	}
}
END_TEST

/* An IPv6 quote with extension headers (each 8 bytes) before UDP. */
static size_t
quote6_ext(uint8_t *q, const uint8_t *nhs, size_t next, uint16_t fragoff)
{
	uint8_t p[512];
	size_t n = 0;

	for (size_t i = 0; i < next; i++) {
		memset(p + n, 0, 8);
		p[n] = i + 1 < next ? nhs[i + 1] : IPPROTO_UDP;
		if (nhs[i] == IPPROTO_FRAGMENT)
			pkt_be16(p + n + 2, (uint16_t)(fragoff << 3));
		n += 8;
	}
	memcpy(p + n, udp16, 16);
	n += 16;
	return pkt_ip6(q, next > 0 ? nhs[0] : IPPROTO_UDP, S6, D6, 1, p, n);
}

START_TEST(quote_v6_ext_headers)
{
	static const uint8_t three[] = { IPPROTO_HOPOPTS, IPPROTO_DSTOPTS,
	    IPPROTO_FRAGMENT };
	static const uint8_t routing[] = { IPPROTO_ROUTING };
	uint8_t many[30], q[512], pkt[600];
	struct icmp_reply r;
	size_t qn, n;

	qn = quote6_ext(q, three, 3, 0);
	n = msg6(pkt, 3, 0, zero4, q, qn);
	ck_assert_int_eq(parse_exact(AF_INET6, false, pkt, n, &r, "q6_ext3"),
	    PARSE_OK);
	ck_assert_uint_eq(r.quote.proto, IPPROTO_UDP);
	ck_assert(r.quote.has_l4);
	ck_assert_uint_eq(r.quote.sport, 40000);
	ck_assert_uint_eq(r.quote.udp_cksum, 0xbeef);
	ck_assert_uint_eq(r.quote.flowlabel, 0x12345);
	/* short of the 8 transport bytes: an error; after: a shorter quote */
	for (size_t k = 0; k < n; k++)
		ck_assert_int_eq(parse_exact(AF_INET6, false, pkt, k, &r,
		    NULL) == PARSE_OK, k >= n - 8);
	qn = quote6_ext(q, routing, 1, 0);
	n = msg6(pkt, 1, 4, zero4, q, qn);
	ck_assert_int_eq(parse_exact(AF_INET6, false, pkt, n, &r, "q6_rh"),
	    PARSE_OK);
	ck_assert_uint_eq(r.quote.dport, 33434);
	/* a non-first fragment: no transport header */
	qn = quote6_ext(q, three, 3, 2);
	n = msg6(pkt, 3, 0, zero4, q, qn);
	ck_assert_int_eq(parse_exact(AF_INET6, false, pkt, n, &r, "q6_frag"),
	    PARSE_OK);
	ck_assert(r.quote.present && !r.quote.has_l4);
	/* 9 and 30 headers: walked as the kernel does, every one that is
	 * quoted (an unprivileged socket gets these errors from the kernel) */
	memset(many, IPPROTO_DSTOPTS, sizeof(many));
	qn = quote6_ext(q, many, 9, 0);
	n = msg6(pkt, 3, 0, zero4, q, qn);
	ck_assert_int_eq(parse_exact(AF_INET6, false, pkt, n, &r, "q6_ext9"),
	    PARSE_OK);
	ck_assert_uint_eq(r.quote.proto, IPPROTO_UDP);
	ck_assert_uint_eq(r.quote.sport, 40000);
	ck_assert_uint_eq(r.quote.udp_cksum, 0xbeef);
	qn = quote6_ext(q, many, 30, 0);
	ck_assert_uint_eq(qn, 40 + 30 * 8 + 16);
	n = msg6(pkt, 3, 0, zero4, q, qn);
	ck_assert_int_eq(parse_exact(AF_INET6, false, pkt, n, &r, "q6_ext30"),
	    PARSE_OK);
	ck_assert(r.quote.has_l4);
	ck_assert_uint_eq(r.quote.proto, IPPROTO_UDP);
	ck_assert_uint_eq(r.quote.dport, 33434);
	ck_assert_uint_eq(r.quote.udp_cksum, 0xbeef);
	/* cut anywhere in the chain or the 8 transport bytes: too short */
	for (size_t k = 8; k < n; k++)
		ck_assert_int_eq(parse_exact(AF_INET6, false, pkt, k, &r,
		    NULL), k >= n - 8 ? PARSE_OK : PARSE_SHORT_QUOTE);
	/* after a non-first fragment the bytes are data, not headers */
	qn = quote6_ext(q, (const uint8_t[]){ IPPROTO_FRAGMENT,
	    IPPROTO_DSTOPTS }, 2, 2);
	q[40 + 8 + 1] = 200;
	n = msg6(pkt, 3, 0, zero4, q, qn);
	ck_assert_int_eq(parse_exact(AF_INET6, false, pkt, n, &r,
	    "q6_fragdata"), PARSE_OK);
	ck_assert(r.quote.present && !r.quote.has_l4);
	ck_assert_uint_eq(r.quote.proto, IPPROTO_DSTOPTS);
	/* an extension header claiming more than is quoted */
	qn = quote6_ext(q, routing, 1, 0);
	q[41] = 200;
	n = msg6(pkt, 3, 0, zero4, q, qn);
	ck_assert_int_eq(parse_exact(AF_INET6, false, pkt, n, &r, "q6_rhlong"),
	    PARSE_SHORT_QUOTE);
	/* not IPv6 inside */
	qn = quote6(q, udp16, 16);
	q[0] = 0x45;
	n = msg6(pkt, 1, 0, zero4, q, qn);
	ck_assert_int_eq(parse_exact(AF_INET6, false, pkt, n, &r, "q6_v4"),
	    PARSE_BAD_QUOTE);
}
END_TEST

/* ---- RFC 4884 ---- */

/* One MPLS object (label 100, S, TTL 1), checksummed. */
static size_t
mpls_ext(uint8_t *e)
{
	static const uint8_t x[12] = { 0x20, 0, 0, 0, 0, 8, 1, 1, 0, 0x06,
	    0x41, 0x01 };

	memcpy(e, x, sizeof(x));
	pkt_be16(e + 2, cksum(e, sizeof(x)));
	return sizeof(x);
}

START_TEST(rfc4884_v4)
{
	uint8_t body[256], pkt[400], rest[4] = { 0, 32, 0, 0 };
	struct icmp_reply r;
	struct icmpext e;
	char text[ICMPEXT_TEXT_MAX];
	size_t qn, n;

	/* compliant: length 32 words = 128 bytes, then the extension */
	memset(body, 0, sizeof(body));
	qn = quote4(body, udp16, 16, 0);
	n = 128 + mpls_ext(body + 128);
	n = msg4(pkt, true, 11, 0, rest, body, n);
	ck_assert_int_eq(parse_exact(AF_INET, true, pkt, n, &r, "v4_4884"),
	    PARSE_OK);
	ck_assert_ptr_nonnull(r.ext);
	ck_assert_uint_eq(r.extlen, 12);
	ck_assert_int_eq(icmpext_parse(r.ext, r.extlen, &e), 0);
	ck_assert_uint_eq(e.obj[0].mpls[0].label, 100);
	/* the quote ends at 128: zero padding, no extension bytes */
	ck_assert_uint_eq(r.quote.payloadlen, 128 - qn + 8);
	ck_assert_uint_eq(r.quote.sport, 40000);
	for (size_t k = 0; k < n; k++)
		ck_assert_int_eq(parse_exact(AF_INET, true, pkt, k, &r, NULL),
		    PARSE_TRUNCATED);
	/* the same on a unreach code 4: byte 5 is the length, 6-7 the MTU */
	rest[2] = 0x05;
	rest[3] = 0x00;
	n = msg4(pkt, false, 3, 4, rest, body, 140);
	ck_assert_int_eq(parse_exact(AF_INET, false, pkt, n, &r, NULL),
	    PARSE_OK);
	ck_assert_uint_eq(r.mtu, 1280);
	ck_assert_uint_eq(r.extlen, 12);
	/* parameter problem: byte 4 pointer, byte 5 length */
	rest[0] = 9;
	n = msg4(pkt, false, 12, 0, rest, body, 140);
	ck_assert_int_eq(parse_exact(AF_INET, false, pkt, n, &r, NULL),
	    PARSE_OK);
	ck_assert_uint_eq(r.pointer, 9);
	ck_assert_uint_eq(r.extlen, 12);
	/* non-compliant (2.1.2): no length, a version-2 header at 128 */
	n = msg4(pkt, true, 11, 0, zero4, body, 140);
	ck_assert_int_eq(parse_exact(AF_INET, true, pkt, n, &r, "v4_4884nc"),
	    PARSE_OK);
	ck_assert_uint_eq(r.extlen, 12);
	ck_assert_ptr_eq(r.ext, pkt + 20 + 8 + 128);
	/* ... but not without the version */
	body[128] = 0x10;
	n = msg4(pkt, true, 11, 0, zero4, body, 140);
	ck_assert_int_eq(parse_exact(AF_INET, true, pkt, n, &r, NULL),
	    PARSE_OK);
	ck_assert_ptr_null(r.ext);
	ck_assert_uint_eq(r.quote.payloadlen, 140 - qn + 8);
	body[128] = 0x20;
	/* RFC 4884 5.: a length past the message or below 128 is not
	 * compliant: the structure at 128 is still found (2.1.2 shows it) */
	rest[0] = 0;
	rest[1] = 40;
	n = msg4(pkt, true, 11, 0, rest, body, 140);
	ck_assert_int_eq(parse_exact(AF_INET, true, pkt, n, &r, "v4_4884big"),
	    PARSE_OK);
	ck_assert_ptr_eq(r.ext, pkt + 20 + 8 + 128);
	ck_assert_uint_eq(r.extlen, 12);
	ck_assert_int_eq(icmpext_parse(r.ext, r.extlen, &e), 0);
	ck_assert_int_gt(icmpext_format(&e, text, sizeof(text)), 0);
	ck_assert_str_eq(text, "MPLS:L=100,E=0,S=1,T=1");
	ck_assert_uint_eq(r.quote.payloadlen, 128 - qn + 8);
	rest[1] = 0xff;
	n = msg4(pkt, true, 11, 0, rest, body, 140);
	ck_assert_int_eq(parse_exact(AF_INET, true, pkt, n, &r, "v4_4884ff"),
	    PARSE_OK);
	ck_assert_uint_eq(r.extlen, 12);
	rest[1] = 2;
	n = msg4(pkt, true, 11, 0, rest, body, 140);
	ck_assert_int_eq(parse_exact(AF_INET, true, pkt, n, &r, "v4_4884small"),
	    PARSE_OK);
	ck_assert_uint_eq(r.extlen, 12);
	ck_assert_uint_eq(r.quote.sport, 40000);
	/* a length that fits but has no header behind it: 128 again */
	rest[1] = 36;
	n = msg4(pkt, true, 11, 0, rest, body, 176);
	ck_assert_int_eq(parse_exact(AF_INET, true, pkt, n, &r, NULL),
	    PARSE_OK);
	ck_assert_ptr_eq(r.ext, pkt + 20 + 8 + 128);
	ck_assert_uint_eq(r.extlen, 176 - 128);
	/* a compliant length beyond 128 wins over a valid header at 128
	 * (checksum 0: not computed) */
	pkt_be16(body + 128 + 2, 0);
	(void)mpls_ext(body + 144);
	body[144 + 10] = 0x51;		/* label 101 */
	pkt_be16(body + 144 + 2, 0);
	pkt_be16(body + 144 + 2, cksum(body + 144, 12));
	n = msg4(pkt, true, 11, 0, rest, body, 156);
	ck_assert_int_eq(parse_exact(AF_INET, true, pkt, n, &r, "v4_4884at144"),
	    PARSE_OK);
	ck_assert_ptr_eq(r.ext, pkt + 20 + 8 + 144);
	ck_assert_uint_eq(r.extlen, 12);
	ck_assert_uint_eq(r.quote.payloadlen, 144 - qn + 8);
	ck_assert_int_eq(icmpext_parse(r.ext, r.extlen, &e), 0);
	ck_assert_int_gt(icmpext_format(&e, text, sizeof(text)), 0);
	ck_assert_str_eq(text, "MPLS:L=101,E=0,S=1,T=1");
	/* no valid header anywhere: a compliant length still ends the
	 * quote; a bad checksum is no header */
	body[144 + 11] ^= 1;
	body[128] = 0x10;
	n = msg4(pkt, true, 11, 0, rest, body, 156);
	ck_assert_int_eq(parse_exact(AF_INET, true, pkt, n, &r, NULL),
	    PARSE_OK);
	ck_assert_ptr_null(r.ext);
	ck_assert_uint_eq(r.quote.payloadlen, 144 - qn + 8);
	memset(body + 128, 0, 48);
	(void)mpls_ext(body + 128);
	/* not on types without the attribute (source quench) */
	rest[1] = 32;
	n = msg4(pkt, true, 4, 0, rest, body, 140);
	ck_assert_int_eq(parse_exact(AF_INET, true, pkt, n, &r, NULL),
	    PARSE_OK);
	ck_assert_ptr_null(r.ext);
}
END_TEST

START_TEST(rfc4884_v6)
{
	uint8_t body[256], pkt[400], rest[4] = { 16, 0, 0, 0 };
	struct icmp_reply r;
	struct icmpext e;
	char text[ICMPEXT_TEXT_MAX];
	size_t n;

	/* length 16 x 64 bits = 128 bytes */
	memset(body, 0, sizeof(body));
	(void)quote6(body, udp16, 16);
	n = 128 + mpls_ext(body + 128);
	n = msg6(pkt, 3, 0, rest, body, n);
	ck_assert_int_eq(parse_exact(AF_INET6, false, pkt, n, &r, "v6_4884"),
	    PARSE_OK);
	ck_assert_uint_eq(r.extlen, 12);
	ck_assert_int_eq(icmpext_parse(r.ext, r.extlen, &e), 0);
	ck_assert_uint_eq(r.quote.payloadlen, 128 - 40 - 8);
	n = msg6(pkt, 1, 0, rest, body, 140);
	ck_assert_int_eq(parse_exact(AF_INET6, false, pkt, n, &r, NULL),
	    PARSE_OK);
	ck_assert_uint_eq(r.extlen, 12);
	/* non-compliant */
	n = msg6(pkt, 3, 0, zero4, body, 140);
	ck_assert_int_eq(parse_exact(AF_INET6, false, pkt, n, &r, NULL),
	    PARSE_OK);
	ck_assert_uint_eq(r.extlen, 12);
	/* a length past the end (255 x 8 bytes): the structure at 128 */
	n = msg6(pkt, 3, 0, (const uint8_t[]){ 0xff, 0, 0, 0 }, body, 140);
	ck_assert_int_eq(parse_exact(AF_INET6, false, pkt, n, &r, "v6_4884ff"),
	    PARSE_OK);
	ck_assert_uint_eq(r.extlen, 12);
	ck_assert_int_eq(icmpext_parse(r.ext, r.extlen, &e), 0);
	ck_assert_int_gt(icmpext_format(&e, text, sizeof(text)), 0);
	ck_assert_str_eq(text, "MPLS:L=100,E=0,S=1,T=1");
	/* PTB carries an MTU in those bytes, never an extension length */
	n = msg6(pkt, 2, 0, (const uint8_t[]){ 0, 0, 5, 0 }, body, 140);
	ck_assert_int_eq(parse_exact(AF_INET6, false, pkt, n, &r, NULL),
	    PARSE_OK);
	ck_assert_ptr_null(r.ext);
	ck_assert_uint_eq(r.mtu, 1280);
}
END_TEST

/* ---- more per-type details ---- */

START_TEST(short_fixed_parts)
{
	uint8_t pkt[128];
	struct icmp_reply r;
	size_t n;

	/* a timestamp reply needs its three times, a mask reply its mask */
	n = msg4(pkt, false, 14, 0, zero4, (const uint8_t *)"12345678", 8);
	ck_assert_int_eq(parse_exact(AF_INET, false, pkt, n, &r, NULL),
	    PARSE_TRUNCATED);
	n = msg4(pkt, false, 18, 0, zero4, (const uint8_t *)"123", 3);
	ck_assert_int_eq(parse_exact(AF_INET, false, pkt, n, &r, NULL),
	    PARSE_TRUNCATED);
	/* router advertisement entries must all be there */
	n = msg4(pkt, false, 9, 0, (const uint8_t[]){ 3, 2, 0, 30 },
	    (const uint8_t *)"1234567812345678", 16);
	ck_assert_int_eq(parse_exact(AF_INET, false, pkt, n, &r, "ra4_short"),
	    PARSE_TRUNCATED);
	/* IPv6 RA (16 bytes), redirect (40 bytes) */
	n = msg6(pkt, 134, 0, zero4, (const uint8_t *)"1234567", 7);
	ck_assert_int_eq(parse_exact(AF_INET6, false, pkt, n, &r, NULL),
	    PARSE_TRUNCATED);
	memset(pkt, 0, sizeof(pkt));
	n = msg6(pkt, 137, 0, zero4, pkt + 64, 31);
	ck_assert_int_eq(parse_exact(AF_INET6, false, pkt, n, &r, NULL),
	    PARSE_TRUNCATED);
	/* a v6 redirect without the redirected header: no quote */
	n = msg6(pkt, 137, 0, zero4, pkt + 64, 32);
	ck_assert_int_eq(parse_exact(AF_INET6, false, pkt, n, &r, NULL),
	    PARSE_OK);
	ck_assert(!r.quote.present);
	/* an option of length 0 ends the walk */
	memset(pkt + 64, 0, 48);
	pkt[64 + 32] = 4;
	n = msg6(pkt, 137, 0, zero4, pkt + 64, 48);
	ck_assert_int_eq(parse_exact(AF_INET6, false, pkt, n, &r, "redir6_o0"),
	    PARSE_OK);
	ck_assert(!r.quote.present);
	/* echo with no data */
	n = msg4(pkt, false, 0, 0, (const uint8_t[]){ 0, 1, 0, 2 }, NULL, 0);
	ck_assert_int_eq(parse_exact(AF_INET, false, pkt, n, &r, NULL),
	    PARSE_OK);
	ck_assert_uint_eq(r.datalen, 0);
	ck_assert_ptr_null(r.data);
}
END_TEST

/* ---- error queue ---- */

START_TEST(errqueue)
{
	static const uint8_t echo[16] = { 8, 0, 0xab, 0xcd, 0x42, 0x42, 0, 7,
	    1, 2, 3, 4, 5, 6, 7, 8 };
	struct errq_rec e;
	struct icmp_reply r;

	memset(&e, 0, sizeof(e));
	e.af = AF_INET;
	e.origin = SO_EE_ORIGIN_ICMP;
	e.type = 11;
	e.proto = IPPROTO_ICMP;
	e.offender = pkt_a(R4);
	ck_assert_int_eq(parse_errqueue(&e, echo, sizeof(echo), &r), PARSE_OK);
	ck_assert_int_eq(r.kind, ICMP_KIND_TIME_EXCEEDED);
	ck_assert(pkt_is(&r.src, R4));
	ck_assert(r.quote.present && r.quote.has_l4);
	ck_assert_uint_eq(r.quote.icmp_id, 0x4242);
	ck_assert_uint_eq(r.quote.icmp_seq, 7);
	ck_assert_uint_eq(r.quote.payloadlen, 8);
	ck_assert_int_eq(r.quote.dst.af, 0);
	/* the read's msg_name (quoted destination) becomes quote.dst */
	e.dst = pkt_a(R4);
	ck_assert_int_eq(parse_errqueue(&e, echo, sizeof(echo), &r), PARSE_OK);
	ck_assert(pkt_is(&r.quote.dst, R4));
	memset(&e.dst, 0, sizeof(e.dst));
	ck_assert_int_eq(parse_errqueue(&e, echo, 7, &r), PARSE_SHORT_QUOTE);
	ck_assert(!r.quote.present);
	/* frag needed: the MTU is in ee_info */
	e.type = 3;
	e.code = 4;
	e.info = 1400;
	ck_assert_int_eq(parse_errqueue(&e, echo, 8, &r), PARSE_OK);
	ck_assert_uint_eq(r.mtu, 1400);
	/* UDP socket: the payload is what we sent, no ports */
	e.proto = IPPROTO_UDP;
	e.code = 3;
	ck_assert_int_eq(parse_errqueue(&e, echo, sizeof(echo), &r), PARSE_OK);
	ck_assert_uint_eq(r.mtu, 0);
	ck_assert(r.quote.present && !r.quote.has_l4);
	ck_assert_ptr_eq(r.quote.payload, echo);
	ck_assert_uint_eq(r.quote.payloadlen, sizeof(echo));
	/* v6: PTB and parameter problem */
	e.af = AF_INET6;
	e.origin = SO_EE_ORIGIN_ICMP6;
	e.type = 2;
	e.code = 0;
	e.info = 1280;
	ck_assert_int_eq(parse_errqueue(&e, NULL, 0, &r), PARSE_OK);
	ck_assert_int_eq(r.kind, ICMP_KIND_PKT_TOO_BIG);
	ck_assert_uint_eq(r.mtu, 1280);
	ck_assert_ptr_null(r.quote.payload);
	e.type = 4;
	e.info = 40;
	ck_assert_int_eq(parse_errqueue(&e, NULL, 0, &r), PARSE_OK);
	ck_assert_uint_eq(r.pointer, 40);
	/* v4-mapped traffic on a v6 socket reports ICMP (v4) types */
	e.origin = SO_EE_ORIGIN_ICMP;
	e.type = 11;
	ck_assert_int_eq(parse_errqueue(&e, NULL, 0, &r), PARSE_OK);
	ck_assert_int_eq(r.af, AF_INET);
	ck_assert_int_eq(r.kind, ICMP_KIND_TIME_EXCEEDED);
	/* local errors (EMSGSIZE on --mtu) are not ICMP */
	e.origin = SO_EE_ORIGIN_LOCAL;
	ck_assert_int_eq(parse_errqueue(&e, NULL, 0, &r), PARSE_NOT_ICMP);
	ck_assert_int_eq(r.af, AF_INET6);
	ck_assert(!r.quote.present);
	e.af = AF_UNIX;
	e.origin = SO_EE_ORIGIN_ICMP;
	ck_assert_int_eq(parse_errqueue(&e, NULL, 0, &r), PARSE_EAFNOSUPPORT);
}
END_TEST

/* RFC 4884 on the error queue: the kernel strips the quoted headers */
START_TEST(errqueue_ext)
{
	uint8_t pay[256];
	struct errq_rec e;
	struct icmp_reply r;
	struct icmpext x;
	char text[ICMPEXT_TEXT_MAX];

	memset(&e, 0, sizeof(e));
	e.af = AF_INET;
	e.origin = SO_EE_ORIGIN_ICMP;
	e.type = 11;
	e.proto = IPPROTO_UDP;
	/* UDP: payload after IP (20) + UDP (8), the structure at 128 - 28 */
	memset(pay, 0x40, sizeof(pay));
	memset(pay + 32, 0, 100 - 32);
	(void)mpls_ext(pay + 100);
	ck_assert_int_eq(parse_errqueue(&e, pay, 112, &r), PARSE_OK);
	ck_assert_ptr_null(r.ext);
	parse_errqueue_ext(&r, pay, 112, 28);
	ck_assert_ptr_eq(r.ext, pay + 100);
	ck_assert_uint_eq(r.extlen, 12);
	ck_assert_uint_eq(r.quote.payloadlen, 100);
	ck_assert_int_eq(icmpext_parse(r.ext, r.extlen, &x), 0);
	ck_assert_int_gt(icmpext_format(&x, text, sizeof(text)), 0);
	ck_assert_str_eq(text, "MPLS:L=100,E=0,S=1,T=1");
	/* another header length puts 128 elsewhere: nothing there */
	ck_assert_int_eq(parse_errqueue(&e, pay, 112, &r), PARSE_OK);
	parse_errqueue_ext(&r, pay, 112, 20);
	ck_assert_ptr_null(r.ext);
	ck_assert_uint_eq(r.quote.payloadlen, 112);
	/* too short for a header and an object header, or hdrlen > 128 */
	ck_assert_int_eq(parse_errqueue(&e, pay, 107, &r), PARSE_OK);
	parse_errqueue_ext(&r, pay, 107, 28);
	ck_assert_ptr_null(r.ext);
	ck_assert_int_eq(parse_errqueue(&e, pay, 112, &r), PARSE_OK);
	parse_errqueue_ext(&r, pay, 112, 129);
	ck_assert_ptr_null(r.ext);
	/* a ping socket (v6): payload at the ICMPv6 header, 128 - 40 */
	e.af = AF_INET6;
	e.origin = SO_EE_ORIGIN_ICMP6;
	e.type = 3;
	e.proto = IPPROTO_ICMPV6;
	memset(pay, 0, sizeof(pay));
	pay[0] = 128;
	(void)mpls_ext(pay + 88);
	ck_assert_int_eq(parse_errqueue(&e, pay, 100, &r), PARSE_OK);
	parse_errqueue_ext(&r, pay, 100, 40);
	ck_assert_ptr_eq(r.ext, pay + 88);
	ck_assert_uint_eq(r.quote.payloadlen, 88 - 8);
	/* not on a kind without extensions (v6 PTB) */
	e.type = 2;
	ck_assert_int_eq(parse_errqueue(&e, pay, 100, &r), PARSE_OK);
	parse_errqueue_ext(&r, pay, 100, 40);
	ck_assert_ptr_null(r.ext);
}
END_TEST

START_TEST(strerror_and_kinds)
{
	ck_assert_str_eq(parse_strerror(PARSE_OK), "ok");
	ck_assert_str_eq(parse_strerror(PARSE_TRUNCATED), "truncated");
	ck_assert_str_eq(parse_strerror(PARSE_BAD_IHL), "bad IHL");
	for (int e = PARSE_OK; e <= PARSE_EAFNOSUPPORT; e++) {
		ck_assert_ptr_nonnull(parse_strerror((enum parse_err)e));
		ck_assert_str_ne(parse_strerror((enum parse_err)e),
		    "unknown parse error");
	}
	ck_assert_str_eq(parse_strerror((enum parse_err)99),
	    "unknown parse error");
	ck_assert(!parse_kind_is_error(ICMP_KIND_ECHO_REPLY));
	ck_assert(!parse_kind_is_error(ICMP_KIND_OTHER));
	ck_assert(parse_kind_is_error(ICMP_KIND_PKT_TOO_BIG));
	ck_assert(parse_kind_is_error(ICMP_KIND_SOURCE_QUENCH));
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("parse");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, type_code_table, 0,
	    sizeof(tcs) / sizeof(tcs[0]));
	tcase_add_test(tc, v6_truncations);
	tcase_add_test(tc, outer_header_errors);
	tcase_add_test(tc, outer_options);
	tcase_add_test(tc, quote_v4_errors);
	tcase_add_test(tc, quote_foreign_protocol);
	tcase_add_test(tc, quote_v6_ext_headers);
	tcase_add_test(tc, rfc4884_v4);
	tcase_add_test(tc, rfc4884_v6);
	tcase_add_test(tc, errqueue_ext);
	tcase_add_test(tc, short_fixed_parts);
	tcase_add_test(tc, errqueue);
	tcase_add_test(tc, strerror_and_kinds);
	suite_add_tcase(s, tc);
	return unit_run(s, CK_FORK_GETENV);
}
