/*
 * check_nodeinfo: ping -N's module (src/lib/nodeinfo.c): every iputils
 * -N word and the bad ones with their exact messages, the subject's wire
 * form, the query's bytes, the keyed nonce, and replies: every
 * truncation, hostile labels (pointers, reserved types, over-long names,
 * escape bytes, dots inside labels), address lists, codes, cut text.
 */
#include <sys/socket.h>
#include <netinet/in.h>

#include <check.h>
#include <stdio.h>
#include <string.h>

#include "match.h"
#include "nodeinfo.h"
#include "parse.h"
#include "unit.h"

static const struct build_key key = { 0x0706050403020100ull,
    0x0f0e0d0c0b0a0908ull };

static int
parse(struct ni_query *q, const char *const *args, char *err, size_t n)
{
	nodeinfo_init(q);
	err[0] = '\0';
	for (size_t i = 0; args[i] != NULL; i++)
		if (nodeinfo_parse_arg(q, args[i], err, n) == -1)
			return -1;
	return 0;
}

static const struct {
	const char	*arg;
	uint16_t	 qtype, flags;
} words[] = {
	{ "name", NI_QTYPE_NAME, 0 },
	{ "fqdn", NI_QTYPE_NAME, 0 },
	{ "ipv6", NI_QTYPE_NODEADDR, 0 },
	{ "ipv6-all", NI_QTYPE_NODEADDR, NI_FLAG_A },
	{ "ipv6-compatible", NI_QTYPE_NODEADDR, NI_FLAG_C },
	{ "ipv6-global", NI_QTYPE_NODEADDR, NI_FLAG_G },
	{ "ipv6-linklocal", NI_QTYPE_NODEADDR, NI_FLAG_L },
	{ "ipv6-sitelocal", NI_QTYPE_NODEADDR, NI_FLAG_S },
	{ "ipv4", NI_QTYPE_IPV4ADDR, 0 },
	{ "ipv4-all", NI_QTYPE_IPV4ADDR, NI_FLAG_A },
};

START_TEST(every_word)
{
	struct ni_query q;
	char err[256];
	size_t i = (size_t)_i;
	const char *a[] = { words[i].arg, NULL };
	const char *twice[] = { words[i].arg, words[i].arg, NULL };

	ck_assert_msg(parse(&q, a, err, sizeof(err)) == 0, "%s", err);
	ck_assert(q.qtype_set && !q.subject_set && !q.help);
	ck_assert_uint_eq(q.qtype, words[i].qtype);
	ck_assert_uint_eq(q.flags, words[i].flags);
	ck_assert_int_eq(parse(&q, twice, err, sizeof(err)), 0);
	ck_assert_uint_eq(q.flags, words[i].flags);
}
END_TEST

START_TEST(flags_add_up)
{
	struct ni_query q;
	char err[256];
	const char *a[] = { "ipv6-global", "ipv6-linklocal", "ipv6-all",
	    "ipv6-sitelocal", "ipv6-compatible", "ipv6", NULL };
	const char *h[] = { "name", "help", NULL };

	ck_assert_int_eq(parse(&q, a, err, sizeof(err)), 0);
	ck_assert_uint_eq(q.flags, NI_FLAG_G | NI_FLAG_L | NI_FLAG_A |
	    NI_FLAG_S | NI_FLAG_C);
	ck_assert_int_eq(parse(&q, h, err, sizeof(err)), 0);
	ck_assert(q.help);
	ck_assert_ptr_nonnull(strstr(nodeinfo_help_text(),
	    "subject-fqdn=NAME"));
}
END_TEST

static const struct {
	const char	*arg;
	uint8_t		 code;
	const char	*wire;
	size_t		 len;
} subjects[] = {
	{ "subject-ipv6=2001:2::5", NI_SUBJ_IPV6,
	    "\x20\x01\0\x02\0\0\0\0\0\0\0\0\0\0\0\x05", 16 },
	{ "subject-ipv4=198.18.0.5", NI_SUBJ_IPV4, "\xc6\x12\0\x05", 4 },
	{ "subject-name=Nid.Lab", NI_SUBJ_NAME, "\3nid\3lab\0", 9 },
	{ "subject-name=nid", NI_SUBJ_NAME, "\3nid\0\0", 6 },
	{ "subject-name=nid.", NI_SUBJ_NAME, "\3nid\0", 5 },
	{ "subject-name=nid%l0", NI_SUBJ_NAME, "\3nid\0\0", 6 },
	{ "subject-fqdn=NID", NI_SUBJ_NAME, "\3nid\0", 5 },
	{ "subject-fqdn=a.b.c", NI_SUBJ_NAME, "\1a\1b\1c\0", 7 },
};

START_TEST(every_subject)
{
	struct ni_query q;
	char err[256];
	size_t i = (size_t)_i;
	const char *a[] = { "name", subjects[i].arg, NULL };

	ck_assert_msg(parse(&q, a, err, sizeof(err)) == 0, "%s", err);
	ck_assert(q.subject_set);
	ck_assert_uint_eq(q.subject_code, subjects[i].code);
	ck_assert_uint_eq(q.subjlen, subjects[i].len);
	ck_assert_mem_eq(q.subject, subjects[i].wire, subjects[i].len);
}
END_TEST

static const struct {
	const char	*args[3];
	const char	*err;
} bad[] = {
	{ { "nam" }, "invalid nodeinfo option: nam (-N help lists them)" },
	{ { "names" }, "invalid nodeinfo option: names (-N help lists them)" },
	{ { "NAME" }, "invalid nodeinfo option: NAME (-N help lists them)" },
	{ { "" }, "invalid nodeinfo option:  (-N help lists them)" },
	{ { "name=x" }, "invalid nodeinfo option: name=x (-N help lists "
	    "them)" },
	{ { "ipv6-bogus" }, "invalid nodeinfo option: ipv6-bogus (-N help "
	    "lists them)" },
	{ { "subject-ipv6" }, "invalid nodeinfo option: subject-ipv6 (-N "
	    "help lists them)" },
	{ { "help=1" }, "invalid nodeinfo option: help=1 (-N help lists "
	    "them)" },
	{ { "subject-ipv6=zz" }, "zz: not a numeric IPv6 address" },
	{ { "subject-ipv6=198.18.0.1" }, "198.18.0.1: not a numeric IPv6 "
	    "address" },
	{ { "subject-ipv4=::1" }, "::1: not a numeric IPv4 address" },
	{ { "subject-ipv4=" }, ": not a numeric IPv4 address" },
	{ { "subject-name=a..b" }, "inappropriate subject name: a..b" },
	{ { "subject-name=" }, "inappropriate subject name: " },
	{ { "subject-name=." }, "inappropriate subject name: ." },
	{ { "subject-name=.a" }, "inappropriate subject name: .a" },
	{ { "subject-fqdn=%eth0" }, "inappropriate subject name: %eth0" },
	{ { "name", "ipv6" }, "Qtype conflict: ipv6" },
	{ { "ipv6-all", "ipv4-all" }, "Qtype conflict: ipv4-all" },
	{ { "ipv4", "fqdn" }, "Qtype conflict: fqdn" },
	{ { "subject-ipv6=::1", "subject-name=x" }, "Subject type "
	    "conflict: subject-name" },
	{ { "subject-name=x", "subject-ipv4=1.2.3.4" }, "Subject type "
	    "conflict: subject-ipv4" },
};

START_TEST(bad_words)
{
	struct ni_query q;
	char err[256];
	size_t i = (size_t)_i;

	ck_assert_int_eq(parse(&q, bad[i].args, err, sizeof(err)), -1);
	ck_assert_str_eq(err, bad[i].err);
}
END_TEST

/* A bad word leaves the query as it was (fuzz_nodeinfo found a bad
 * subject-name emptying an earlier one). */
START_TEST(bad_word_keeps_query)
{
	struct ni_query q, before;
	char err[256];
	const char *a[] = { "name", "subject-name=nid.lab", NULL };
	const char *more[] = { "subject-name=a..b", "subject-name=",
	    "ipv4", "subject-ipv6=::1", "bogus", NULL };

	ck_assert_int_eq(parse(&q, a, err, sizeof(err)), 0);
	for (size_t i = 0; more[i] != NULL; i++) {
		before = q;
		ck_assert_int_eq(nodeinfo_parse_arg(&q, more[i], err,
		    sizeof(err)), -1);
		ck_assert_mem_eq(&q, &before, sizeof(q));
	}
	ck_assert_uint_eq(q.subjlen, 9);
}
END_TEST

START_TEST(name_limits)
{
	char name[300], arg[320], err[256];
	uint8_t w[300];
	struct ni_query q;
	const char *a[] = { arg, NULL };

	/* a 63-byte label is the most (RFC 1035 2.3.4) */
	memset(name, 'a', 64);
	name[63] = '\0';
	ck_assert_uint_eq(nodeinfo_name_wire(name, true, w, sizeof(w)), 65);
	name[63] = 'a';
	name[64] = '\0';
	ck_assert_uint_eq(nodeinfo_name_wire(name, true, w, sizeof(w)), 0);
	/* labels 63, 63, 63, 62: 256 wire bytes with the root, one too
	 * many; 63, 63, 63, 61 fit exactly */
	memset(name, 'a', 255);
	name[63] = name[127] = name[191] = '.';
	name[254] = '\0';
	ck_assert_uint_eq(nodeinfo_name_wire(name, true, w, sizeof(w)), 0);
	name[253] = '\0';
	ck_assert_uint_eq(nodeinfo_name_wire(name, true, w, sizeof(w)), 255);
	/* not fully qualified: the second zero still fits the subject */
	snprintf(arg, sizeof(arg), "subject-name=%s", name);
	ck_assert_int_eq(parse(&q, a, err, sizeof(err)), 0);
	ck_assert_uint_eq(q.subjlen, 255);
	/* the buffer too small */
	ck_assert_uint_eq(nodeinfo_name_wire("abc", true, w, 5), 5);
	ck_assert_uint_eq(nodeinfo_name_wire("abc", true, w, 4), 0);
	ck_assert_uint_eq(nodeinfo_name_wire("abc", false, w, 5), 0);
}
END_TEST

START_TEST(query_bytes)
{
	static const uint8_t nonce[8] = { 0, 1, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5,
	    0xa6 };
	static const uint8_t want_name[] = { 139, 0, 0, 0, 0, 2, 0, 0,
	    0, 1, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6,
	    0x20, 0x01, 0, 2, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 2 };
	static const uint8_t want_addr[] = { 139, 1, 0, 0, 0, 3, 0, 0x2a,
	    0, 1, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 3, 'n', 'i', 'd', 0, 0 };
	static const uint8_t want_v4[] = { 139, 2, 0, 0, 0, 4, 0, 2,
	    0, 1, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 198, 18, 0, 5 };
	const char *a1[] = { "name", NULL };
	const char *a2[] = { "ipv6-global", "subject-name=nid", "ipv6-all",
	    "ipv6-linklocal", NULL };
	const char *a3[] = { "subject-ipv4=198.18.0.5", "ipv4-all", NULL };
	struct ni_query q;
	struct addr dst, d4;
	uint8_t buf[64];
	char err[256];

	ck_assert(addr_pton(AF_INET6, "2001:2:0:1::2", &dst));
	ck_assert(addr_pton(AF_INET, "198.18.0.2", &d4));
	ck_assert_int_eq(parse(&q, a1, err, sizeof(err)), 0);
	ck_assert_uint_eq(nodeinfo_build_query(&q, &dst, nonce, buf,
	    sizeof(buf)), sizeof(want_name));
	ck_assert_mem_eq(buf, want_name, sizeof(want_name));
	/* no IPv6 destination, no subject; too small a buffer */
	ck_assert_uint_eq(nodeinfo_build_query(&q, &d4, nonce, buf,
	    sizeof(buf)), 0);
	ck_assert_uint_eq(nodeinfo_build_query(&q, NULL, nonce, buf,
	    sizeof(buf)), 0);
	ck_assert_uint_eq(nodeinfo_build_query(&q, &dst, nonce, buf,
	    sizeof(want_name) - 1), 0);
	ck_assert_int_eq(parse(&q, a2, err, sizeof(err)), 0);
	ck_assert_uint_eq(nodeinfo_build_query(&q, &dst, nonce, buf,
	    sizeof(buf)), sizeof(want_addr));
	ck_assert_mem_eq(buf, want_addr, sizeof(want_addr));
	ck_assert_int_eq(parse(&q, a3, err, sizeof(err)), 0);
	ck_assert_uint_eq(nodeinfo_build_query(&q, &dst, nonce, buf,
	    sizeof(buf)), sizeof(want_v4));
	ck_assert_mem_eq(buf, want_v4, sizeof(want_v4));
}
END_TEST

START_TEST(nonce)
{
	struct build_key other = key;
	uint8_t n[8], m[8];
	uint16_t seq = 0;

	nodeinfo_nonce(&key, 0x1234, n);
	ck_assert_uint_eq(n[0], 0x12);
	ck_assert_uint_eq(n[1], 0x34);
	ck_assert(nodeinfo_nonce_seq(&key, n, 8, &seq));
	ck_assert_uint_eq(seq, 0x1234);
	/* any byte changed: not ours */
	for (int i = 0; i < 8; i++) {
		memcpy(m, n, 8);
		m[i] ^= 0x01;
		ck_assert(!nodeinfo_nonce_seq(&key, m, 8, &seq));
	}
	for (size_t l = 0; l < 8; l++)
		ck_assert(!nodeinfo_nonce_seq(&key, n, l, &seq));
	ck_assert(!nodeinfo_nonce_seq(&key, NULL, 8, &seq));
	other.k1 ^= 1;
	ck_assert(!nodeinfo_nonce_seq(&other, n, 8, &seq));
	nodeinfo_nonce(&key, 0x1235, m);
	ck_assert(memcmp(n + 2, m + 2, 6) != 0);
}
END_TEST

/* A reply: header (code, qtype, flags, a fixed nonce) + data. */
static size_t
reply(uint8_t code, uint16_t qtype, uint16_t flags, const void *data,
    size_t dlen, uint8_t *buf)
{
	static const uint8_t h[16] = { 140, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3,
	    4, 5, 6, 7 };

	memcpy(buf, h, 16);
	buf[1] = code;
	buf[4] = (uint8_t)(qtype >> 8);
	buf[5] = (uint8_t)qtype;
	buf[6] = (uint8_t)(flags >> 8);
	buf[7] = (uint8_t)flags;
	memcpy(buf + 16, data, dlen);
	return 16 + dlen;
}

static void
text_of(const uint8_t *buf, size_t len, char *out, size_t outlen)
{
	struct ni_reply r;

	ck_assert_int_eq(nodeinfo_parse_reply(buf, len, &r), NI_OK);
	nodeinfo_reply_text(&r, false, out, outlen);
}

START_TEST(reply_header)
{
	uint8_t buf[64];
	struct ni_reply r;
	size_t n = reply(0, 2, 0x1234, "\0\0\0\0", 4, buf);

	for (size_t l = 0; l < 16; l++)
		ck_assert_int_eq(nodeinfo_parse_reply(buf, l, &r),
		    l == 0 ? NI_ERR_TOO_SHORT : NI_ERR_TOO_SHORT);
	ck_assert_int_eq(nodeinfo_parse_reply(NULL, 20, &r), NI_ERR_TOO_SHORT);
	ck_assert_int_eq(nodeinfo_parse_reply(buf, n, &r), NI_OK);
	ck_assert_uint_eq(r.qtype, 2);
	ck_assert_uint_eq(r.flags, 0x1234);
	ck_assert_mem_eq(r.nonce, buf + 8, 8);
	ck_assert_uint_eq(r.datalen, 4);
	ck_assert_int_eq(nodeinfo_parse_reply(buf, 16, &r), NI_OK);
	ck_assert_ptr_null(r.data);
	buf[0] = 129;
	ck_assert_int_eq(nodeinfo_parse_reply(buf, n, &r), NI_ERR_NOT_REPLY);
	buf[0] = 139;
	ck_assert_int_eq(nodeinfo_parse_reply(buf, n, &r), NI_ERR_NOT_REPLY);
}
END_TEST

static const uint8_t two_names[] = { 0, 0, 0, 60, 3, 'n', 'i', 'd', 3, 'l',
    'a', 'b', 0, 5, 's', 'h', 'o', 'r', 't', 0, 0 };

START_TEST(names)
{
	uint8_t buf[128];
	char t[256];
	struct ni_reply r;
	struct ni_iter it;
	struct ni_name nm;
	size_t n = reply(0, 2, 0, two_names, sizeof(two_names), buf);

	text_of(buf, n, t, sizeof(t));
	ck_assert_str_eq(t, " nid.lab., short");
	ck_assert_int_eq(nodeinfo_parse_reply(buf, n, &r), NI_OK);
	nodeinfo_names_begin(&r, &it);
	ck_assert_uint_eq(it.ttl, 60);
	ck_assert(nodeinfo_name_next(&it, &nm));
	ck_assert(nm.fqdn);
	ck_assert_uint_eq(nm.len, 9);
	ck_assert_uint_eq(nodeinfo_name_text(&nm, false, t, sizeof(t)), 8);
	ck_assert_str_eq(t, "nid.lab.");
	ck_assert_uint_eq(nodeinfo_name_text(&nm, false, t, 4), 8);
	ck_assert_str_eq(t, "nid");
	ck_assert(nodeinfo_name_next(&it, &nm));
	ck_assert(!nm.fqdn);
	ck_assert(!nodeinfo_name_next(&it, &nm));
	ck_assert_int_eq(it.err, NI_OK);
	/* a TTL and no name; no TTL; the root name */
	n = reply(0, 2, 0, "\0\0\0\0", 4, buf);
	text_of(buf, n, t, sizeof(t));
	ck_assert_str_eq(t, "");
	n = reply(0, 2, 0, "\0\0\0\0\0", 5, buf);
	text_of(buf, n, t, sizeof(t));
	ck_assert_str_eq(t, " .");
}
END_TEST

/* Every prefix of a two-name reply: a parse error where it stops. */
START_TEST(names_every_truncation)
{
	static const char *const want[] = {
		" parse error (too short)", " parse error (too short)",
		" parse error (too short)", " parse error (too short)",
		"",
		" parse error (truncated)", " parse error (truncated)",
		" parse error (truncated)", " parse error (truncated)",
		" parse error (truncated)", " parse error (truncated)",
		" parse error (truncated)", " parse error (truncated)",
		" nid.lab.",
		" nid.lab., parse error (truncated)",
		" nid.lab., parse error (truncated)",
		" nid.lab., parse error (truncated)",
		" nid.lab., parse error (truncated)",
		" nid.lab., parse error (truncated)",
		" nid.lab., parse error (truncated)",
		" nid.lab., short.",
		" nid.lab., short",
	};
	uint8_t buf[128];
	char t[256];

	for (size_t l = 0; l <= sizeof(two_names); l++) {
		size_t n = reply(0, 2, 0, two_names, l, buf);

		text_of(buf, n, t, sizeof(t));
		ck_assert_msg(strcmp(t, want[l]) == 0, "%zu: '%s'", l, t);
	}
}
END_TEST

static const struct {
	const char	*data;
	size_t		 len;
	const char	*text;
} hostile[] = {
	/* RFC 4620 3.: no compression, even one pointing back in range */
	{ "\0\0\0\0\3nid\0\3lab\xc0\x04", 15, " nid., parse error "
	    "(compression)" },
	{ "\0\0\0\0\xc0\x00", 6, " parse error (compression)" },
	{ "\0\0\0\0\x41" "abc", 8, " parse error (bad label)" },
	{ "\0\0\0\0\x80", 5, " parse error (bad label)" },
	{ "\0\0\0\0\x3f", 5, " parse error (truncated)" },
	/* bytes that could move a cursor or forge a line, a backslash,
	 * a dot inside a label */
	{ "\0\0\0\0\x0a\x1b[2J\x07\n.\\\x9b" "a\3org\0", 20,
	    " \\x1b[2J\\x07\\x0a\\x2e\\\\\\x9ba.org." },
	{ "\0\0\0\0\2..\0", 8, " \\x2e\\x2e." },
	{ "\0\0\0\0\1\0\0\0", 8, " \\x00" },
};

START_TEST(names_hostile)
{
	uint8_t buf[128];
	char t[256];
	size_t i = (size_t)_i;
	size_t n = reply(0, 2, 0, hostile[i].data, hostile[i].len, buf);

	text_of(buf, n, t, sizeof(t));
	ck_assert_str_eq(t, hostile[i].text);
}
END_TEST

/* Labels of n[0], n[1], ... bytes (0 ends the list) after a TTL. */
static size_t
labels(const int *n, uint8_t *data)
{
	size_t o = 4;

	memset(data, 0, 4);
	for (; *n != 0; n++) {
		data[o++] = (uint8_t)*n;
		memset(data + o, 'x', (size_t)*n);
		o += (size_t)*n;
	}
	data[o++] = 0;
	return o;
}

/* RFC 1035 2.3.4: 255 bytes with the root's zero, refused at the label
 * that crosses it */
START_TEST(name_too_long)
{
	static const int five[] = { 63, 63, 63, 63, 63, 0 };
	static const int over[] = { 63, 63, 63, 62, 0 };
	static const int most[] = { 63, 63, 63, 61, 0 };
	uint8_t data[400], buf[512];
	char t[512];
	size_t o;

	o = labels(five, data);
	text_of(buf, reply(0, 2, 0, data, o, buf), t, sizeof(t));
	ck_assert_str_eq(t, " parse error (name too long)");
	o = labels(over, data);
	text_of(buf, reply(0, 2, 0, data, o, buf), t, sizeof(t));
	ck_assert_str_eq(t, " parse error (name too long)");
	o = labels(most, data);
	text_of(buf, reply(0, 2, 0, data, o, buf), t, sizeof(t));
	ck_assert_uint_eq(strlen(t), 1 + 63 * 3 + 61 + 3 + 1);
}
END_TEST

START_TEST(addresses)
{
	static const uint8_t v6[] = { 0, 0, 0, 1, 0x20, 1, 0, 2, 0, 0, 0, 1, 0,
	    0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 9, 0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0,
	    0, 0, 0, 0, 0, 0, 5 };
	static const uint8_t v4[] = { 0, 0, 0, 0, 198, 18, 1, 2, 0, 0, 0, 0,
	    198, 18, 77, 5 };
	uint8_t buf[128];
	char t[256];
	struct ni_reply r;
	struct ni_iter it;
	struct ni_addr e;

	text_of(buf, reply(0, 3, 0, v6, sizeof(v6), buf), t, sizeof(t));
	ck_assert_str_eq(t, " 2001:2:0:1::2, fe80::5");
	text_of(buf, reply(0, 3, NI_FLAG_T, v6, sizeof(v6), buf), t,
	    sizeof(t));
	ck_assert_str_eq(t, " 2001:2:0:1::2, fe80::5 (truncated)");
	ck_assert_int_eq(nodeinfo_parse_reply(buf, 16 + sizeof(v6), &r),
	    NI_OK);
	nodeinfo_addrs_begin(&r, &it);
	ck_assert(nodeinfo_addr_next(&it, AF_INET6, &e));
	ck_assert_uint_eq(e.ttl, 1);
	ck_assert(nodeinfo_addr_next(&it, AF_INET6, &e));
	ck_assert_uint_eq(e.ttl, 9);
	ck_assert(!nodeinfo_addr_next(&it, AF_INET6, &e));
	ck_assert(!nodeinfo_addr_next(&it, AF_UNSPEC, &e));
	for (size_t l = 0; l < sizeof(v6); l++) {
		text_of(buf, reply(0, 3, 0, v6, l, buf), t, sizeof(t));
		ck_assert_str_eq(t, l == 0 ? "" : l < 20 ? " parse error "
		    "(truncated)" : l == 20 ? " 2001:2:0:1::2" :
		    " 2001:2:0:1::2, parse error (truncated)");
	}
	text_of(buf, reply(0, 4, 0, v4, sizeof(v4), buf), t, sizeof(t));
	ck_assert_str_eq(t, " 198.18.1.2, 198.18.77.5");
	for (size_t l = 1; l < 8; l++) {
		text_of(buf, reply(0, 4, 0, v4, l, buf), t, sizeof(t));
		ck_assert_str_eq(t, " parse error (truncated)");
	}
}
END_TEST

START_TEST(codes)
{
	uint8_t buf[64];
	char t[64];

	text_of(buf, reply(1, 2, 0, "", 0, buf), t, sizeof(t));
	ck_assert_str_eq(t, " refused");
	text_of(buf, reply(2, 9, 0, "", 0, buf), t, sizeof(t));
	ck_assert_str_eq(t, " unknown");
	text_of(buf, reply(7, 2, 0, "", 0, buf), t, sizeof(t));
	ck_assert_str_eq(t, " unknown code(07)");
	text_of(buf, reply(0, 9, 0, "", 0, buf), t, sizeof(t));
	ck_assert_str_eq(t, " unknown qtype(0x09)");
	text_of(buf, reply(0, 0, 0, "", 0, buf), t, sizeof(t));
	ck_assert_str_eq(t, " unknown qtype(0x00)");
}
END_TEST

/* Text that does not fit ends in "..." and never overruns. */
START_TEST(text_cut)
{
	uint8_t buf[128];
	char t[64];
	size_t n = reply(0, 2, 0, two_names, sizeof(two_names), buf);
	struct ni_reply r;

	ck_assert_int_eq(nodeinfo_parse_reply(buf, n, &r), NI_OK);
	for (size_t cap = 1; cap < 20; cap++) {
		memset(t, 'Z', sizeof(t));
		nodeinfo_reply_text(&r, false, t, cap);
		ck_assert_uint_lt(strlen(t), cap);
		ck_assert_uint_eq((uint8_t)t[cap], 'Z');
		if (cap >= 4 && cap <= 16)
			ck_assert_str_eq(t + strlen(t) - 3, "...");
	}
	nodeinfo_reply_text(&r, false, t, 17);
	ck_assert_str_eq(t, " nid.lab., short");
}
END_TEST

/* The attribution path (match.c): a reply's nonce names its query; an
 * error quoting a query names it too; anything else is not ours. */
START_TEST(attribution)
{
	struct match_spec sp;
	struct icmp_reply rep;
	struct match_key k;
	struct ni_query q;
	uint8_t nonce[8], buf[128], err[128];
	char e[64];
	const char *a[] = { "name", NULL };
	size_t n;

	memset(&sp, 0, sizeof(sp));
	sp.af = AF_INET6;
	sp.kind = MATCH_NODEINFO;
	sp.raw = true;
	sp.ni_key = &key;
	ck_assert(addr_pton(AF_INET6, "2001:2:0:1::2", &sp.dst));
	nodeinfo_nonce(&key, 7, nonce);
	n = reply(0, 2, 0, "\0\0\0\0", 4, buf);
	memcpy(buf + 8, nonce, 8);
	ck_assert_int_eq(parse_reply(AF_INET6, false, buf, n, &rep), PARSE_OK);
	rep.src = sp.dst;
	ck_assert(match_key_of(&sp, &rep, &k));
	ck_assert(!k.error);
	ck_assert_uint_eq(k.ident, 7);
	buf[15] ^= 1;
	ck_assert_int_eq(parse_reply(AF_INET6, false, buf, n, &rep), PARSE_OK);
	ck_assert(!match_key_of(&sp, &rep, &k));
	sp.ni_key = NULL;
	buf[15] ^= 1;
	ck_assert_int_eq(parse_reply(AF_INET6, false, buf, n, &rep), PARSE_OK);
	ck_assert(!match_key_of(&sp, &rep, &k));
	sp.ni_key = &key;
	/* destination unreachable quoting query 7 */
	memset(err, 0, sizeof(err));
	err[0] = 1;
	err[1] = 3;
	err[8] = 0x60;
	err[13] = 32;
	err[14] = 58;
	err[15] = 64;
	memcpy(err + 32, sp.dst.u.b, 16);
	ck_assert_int_eq(parse(&q, a, e, sizeof(e)), 0);
	ck_assert_uint_eq(nodeinfo_build_query(&q, &sp.dst, nonce, err + 48,
	    64), 32);
	ck_assert_int_eq(parse_reply(AF_INET6, false, err, 80, &rep),
	    PARSE_OK);
	ck_assert(match_key_of(&sp, &rep, &k));
	ck_assert(k.error);
	ck_assert_uint_eq(k.ident, 7);
	/* cut before the nonce: not ours */
	ck_assert_int_eq(parse_reply(AF_INET6, false, err, 60, &rep),
	    PARSE_OK);
	ck_assert(!match_key_of(&sp, &rep, &k));
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("nodeinfo");
	TCase *tc = tcase_create("nodeinfo");

	tcase_add_loop_test(tc, every_word, 0, sizeof(words) /
	    sizeof(words[0]));
	tcase_add_test(tc, flags_add_up);
	tcase_add_loop_test(tc, every_subject, 0, sizeof(subjects) /
	    sizeof(subjects[0]));
	tcase_add_loop_test(tc, bad_words, 0, sizeof(bad) / sizeof(bad[0]));
	tcase_add_test(tc, bad_word_keeps_query);
	tcase_add_test(tc, name_limits);
	tcase_add_test(tc, query_bytes);
	tcase_add_test(tc, nonce);
	tcase_add_test(tc, reply_header);
	tcase_add_test(tc, names);
	tcase_add_test(tc, names_every_truncation);
	tcase_add_loop_test(tc, names_hostile, 0, sizeof(hostile) /
	    sizeof(hostile[0]));
	tcase_add_test(tc, name_too_long);
	tcase_add_test(tc, addresses);
	tcase_add_test(tc, codes);
	tcase_add_test(tc, text_cut);
	tcase_add_test(tc, attribution);
	suite_add_tcase(s, tc);
	return unit_run(s, CK_FORK_GETENV);
}
