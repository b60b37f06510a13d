/* check_icmpext: RFC 4884 walk and RFC 4950 MPLS decoding, 2.1.2 -e text. */
#include <stdio.h>
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "icmpext.h"
#include "unit.h"

/* Version 2, checksum 0, MPLS object with n entries: label label0 + i,
 * traffic class tc, bottom of stack on the last, TTL ttl. */
static size_t
mk_stack(uint8_t *b, size_t n, uint32_t label0, uint32_t tc, uint32_t ttl)
{
	size_t olen = 4 + 4 * n;

	memset(b, 0, 8 + 4 * n);
	b[0] = 0x20;
	b[4] = (uint8_t)(olen >> 8);
	b[5] = (uint8_t)olen;
	b[6] = 1;
	b[7] = 1;
	for (size_t i = 0; i < n; i++) {
		uint32_t v = (label0 + (uint32_t)i) << 12 | tc << 9 | ttl;

		if (i == n - 1)
			v |= 1 << 8;
		b[8 + 4 * i] = (uint8_t)(v >> 24);
		b[9 + 4 * i] = (uint8_t)(v >> 16);
		b[10 + 4 * i] = (uint8_t)(v >> 8);
		b[11 + 4 * i] = (uint8_t)v;
	}
	return 8 + 4 * n;
}

/* n entries, label 100 + i, TTL 1. */
static size_t
mk_mpls(uint8_t *b, size_t n)
{
	return mk_stack(b, n, 100, 0, 1);
}

/* 2.1.2's text for mk_mpls(n): every entry, joined by '/'. */
static void
mpls_text(char *s, size_t len, size_t n)
{
	size_t off = (size_t)snprintf(s, len, "MPLS:");

	for (size_t i = 0; i < n && off < len; i++)
		off += (size_t)snprintf(s + off, len - off,
		    "%sL=%zu,E=0,S=%d,T=1", i ? "/" : "", 100 + i,
		    i == n - 1);
}

START_TEST(mpls_stack)
{
	uint8_t b[8 + 4 * 40];
	size_t n = (size_t)_i, len = mk_mpls(b, n);
	struct icmpext e;
	char s[ICMPEXT_TEXT_MAX], want[ICMPEXT_TEXT_MAX];

	ck_assert_int_eq(icmpext_parse(b, len, &e), 0);
	ck_assert_uint_eq(e.version, 2);
	ck_assert_uint_eq(e.nobjs, 1);
	ck_assert_uint_eq(e.obj[0].nmpls, n < ICMPEXT_MAX_MPLS ? n :
	    ICMPEXT_MAX_MPLS);
	ck_assert_uint_eq(e.obj[0].mpls[0].label, 100);
	ck_assert_uint_eq(e.obj[0].mpls[0].s, n == 1);
	/* the text has every entry, past the parser's ICMPEXT_MAX_MPLS */
	mpls_text(want, sizeof(want), n);
	ck_assert_int_eq(icmpext_format(&e, s, sizeof(s)), (int)strlen(want));
	ck_assert_str_eq(s, want);
	if (n == 1)
		ck_assert_str_eq(s, "MPLS:L=100,E=0,S=1,T=1");
	if (n == 2)
		ck_assert_str_eq(s,
		    "MPLS:L=100,E=0,S=0,T=1/L=101,E=0,S=1,T=1");
	for (size_t k = 0; k < len; k++)
		ck_assert_int_eq(icmpext_parse(b, k, &e), k == 4 ? 0 : -1);
}
END_TEST

/* 12 labels as routers send them: 292 characters, over the 255 that a
 * 256-byte buffer in tr_run.c used to drop whole */
START_TEST(mpls_12)
{
	uint8_t b[8 + 4 * 12];
	size_t len = mk_stack(b, 12, 1048564, 5, 255);
	struct icmpext e;
	char s[ICMPEXT_TEXT_MAX];

	ck_assert_int_eq(icmpext_parse(b, len, &e), 0);
	ck_assert_int_eq(icmpext_format(&e, s, sizeof(s)), 292);
	ck_assert_str_eq(s, "MPLS:L=1048564,E=5,S=0,T=255/L=1048565,E=5,S=0,"
	    "T=255/L=1048566,E=5,S=0,T=255/L=1048567,E=5,S=0,T=255/"
	    "L=1048568,E=5,S=0,T=255/L=1048569,E=5,S=0,T=255/"
	    "L=1048570,E=5,S=0,T=255/L=1048571,E=5,S=0,T=255/"
	    "L=1048572,E=5,S=0,T=255/L=1048573,E=5,S=0,T=255/"
	    "L=1048574,E=5,S=0,T=255/L=1048575,E=5,S=1,T=255");
}
END_TEST

START_TEST(checksum)
{
	uint8_t b[64];
	size_t len = mk_mpls(b, 1);
	struct icmpext e;
	uint32_t s = 0;

	for (size_t i = 0; i < len; i += 2)
		s += (uint32_t)(b[i] << 8 | b[i + 1]);
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	s = ~s & 0xffff;
	b[2] = (uint8_t)(s >> 8);
	b[3] = (uint8_t)s;
	ck_assert_int_eq(icmpext_parse(b, len, &e), 0);
	ck_assert(e.cksum_ok);
	b[11] ^= 1;
	ck_assert_int_eq(icmpext_parse(b, len, &e), -1);
}
END_TEST

START_TEST(unknown_object)
{
	static const uint8_t b[] = { 0x20, 0, 0, 0, 0, 8, 2, 3,
	    0xde, 0xad, 0xbe, 0xef };
	struct icmpext e;
	char s[64];

	ck_assert_int_eq(icmpext_parse(b, sizeof(b), &e), 0);
	ck_assert_uint_eq(e.obj[0].class, 2);
	ck_assert_uint_eq(e.obj[0].datalen, 4);
	ck_assert_int_eq(icmpext_format(&e, s, sizeof(s)), 12);
	ck_assert_str_eq(s, "2/3:deadbeef");
	/* cut as snprintf, the whole length returned */
	ck_assert_int_eq(icmpext_format(&e, s, 5), 12);
	ck_assert_str_eq(s, "2/3:");
	ck_assert_int_eq(icmpext_format(&e, NULL, 5), -1);
	ck_assert_int_eq(icmpext_format(&e, s, 0), -1);
}
END_TEST

/* 2.1.2's forms: words joined by ',', objects by ';', MPLS decoded. */
START_TEST(object_kinds)
{
	static const uint8_t mixed[] = { 0x20, 0, 0, 0,
	    0, 8, 1, 1, 0x00, 0x06, 0x41, 0x01,		/* MPLS 100, S */
	    0, 12, 99, 0, 0, 1, 2, 3, 4, 5, 6, 7,	/* unknown class */
	    0, 4, 99, 1,				/* no payload */
	    0, 4, 1, 1,					/* MPLS, no entry */
	    0, 8, 1, 2, 0xff, 0xff, 0xff, 0xff,		/* MPLS c-type 2 */
	    0, 8, 2, 1, 0, 0, 0, 0 };			/* RFC 5837 class */
	static const uint8_t odd[] = { 0x20, 0, 0, 0,
	    0, 8, 1, 1, 0x00, 0x06, 0x41, 0x01,
	    0, 7, 99, 0, 1, 2, 3 };
	struct icmpext e;
	char s[256];

	ck_assert_int_eq(icmpext_parse(mixed, sizeof(mixed), &e), 0);
	ck_assert_int_gt(icmpext_format(&e, s, sizeof(s)), 0);
	ck_assert_str_eq(s, "MPLS:L=100,E=0,S=1,T=1;99/0:00010203,04050607;"
	    "99/1:;1/1:;1/2:ffffffff;2/1:00000000");
	/* 2.1.2 shows nothing when a payload is not whole 32-bit words */
	ck_assert_int_eq(icmpext_parse(odd, sizeof(odd), &e), 0);
	ck_assert_int_eq(icmpext_format(&e, s, sizeof(s)), -1);
	ck_assert_str_eq(s, "");
}
END_TEST

/* Longer than 2.1.2's 1023 characters: cut there, as 2.1.2 cuts it. */
START_TEST(text_cut_as_212)
{
	uint8_t b[4 + 4 + 1000];
	struct icmpext e;
	char s[ICMPEXT_TEXT_MAX], big[4096];

	memset(b, 0, sizeof(b));
	b[0] = 0x20;
	b[4] = (uint8_t)((sizeof(b) - 4) >> 8);
	b[5] = (uint8_t)(sizeof(b) - 4);
	b[6] = 99;
	for (size_t i = 8; i < sizeof(b); i++)
		b[i] = (uint8_t)i;
	ck_assert_int_eq(icmpext_parse(b, sizeof(b), &e), 0);
	/* "99/0:" and 250 words of 8 digits, 249 commas */
	ck_assert_int_eq(icmpext_format(&e, big, sizeof(big)), 5 + 250 * 9 - 1);
	ck_assert_int_eq(icmpext_format(&e, s, sizeof(s)), 5 + 250 * 9 - 1);
	ck_assert_uint_eq(strlen(s), ICMPEXT_TEXT_MAX - 1);
	ck_assert(strncmp(s, big, ICMPEXT_TEXT_MAX - 1) == 0);
	ck_assert(strncmp(s, "99/0:08090a0b,0c0d0e0f,", 23) == 0);
}
END_TEST

START_TEST(bad_objects)
{
	uint8_t zero[] = { 0x20, 0, 0, 0, 0, 0, 1, 1 };
	uint8_t three[] = { 0x20, 0, 0, 0, 0, 3, 1, 1 };
	uint8_t past[] = { 0x20, 0, 0, 0, 0, 12, 1, 1, 0, 0, 0, 0 };
	uint8_t v1[] = { 0x10, 0, 0, 0 };
	uint8_t hdr3[] = { 0x20, 0, 0 };
	struct icmpext e;

	ck_assert_int_eq(icmpext_parse(zero, sizeof(zero), &e), -1);
	ck_assert_int_eq(icmpext_parse(three, sizeof(three), &e), -1);
	ck_assert_int_eq(icmpext_parse(past, sizeof(past), &e), -1);
	ck_assert_int_eq(icmpext_parse(v1, sizeof(v1), &e), -1);
	ck_assert_int_eq(icmpext_parse(hdr3, sizeof(hdr3), &e), -1);
	ck_assert_int_eq(icmpext_parse(NULL, 0, &e), -1);
}
END_TEST

START_TEST(many_objects)
{
	uint8_t b[4 + 4 * 20] = { 0x20 };
	struct icmpext e;
	char s[256], want[256] = "";

	for (int i = 0; i < 20; i++) {
		b[4 + 4 * i + 1] = 4;
		b[4 + 4 * i + 2] = 9;
	}
	ck_assert_int_eq(icmpext_parse(b, sizeof(b), &e), 0);
	ck_assert_uint_eq(e.nobjs, ICMPEXT_MAX_OBJS);
	ck_assert(e.more);
	/* the text has all 20, past ICMPEXT_MAX_OBJS */
	for (int i = 0; i < 20; i++)
		strcat(want, i ? ";9/0:" : "9/0:");
	ck_assert_int_eq(icmpext_format(&e, s, sizeof(s)), 20 * 5 - 1);
	ck_assert_str_eq(s, want);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("icmpext");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, mpls_stack, 1, 41);
	tcase_add_test(tc, mpls_12);
	tcase_add_test(tc, checksum);
	tcase_add_test(tc, unknown_object);
	tcase_add_test(tc, object_kinds);
	tcase_add_test(tc, text_cut_as_212);
	tcase_add_test(tc, bad_objects);
	tcase_add_test(tc, many_objects);
	suite_add_tcase(s, tc);
	return unit_run(s, CK_FORK_GETENV);
}
