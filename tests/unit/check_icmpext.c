/* check_icmpext: RFC 4884 walk and RFC 4950 MPLS decoding, 2.1.2 -e text. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "icmpext.h"
#include "unit.h"

/* Version 2, checksum 0, MPLS object with n entries (label 100+i, TTL 1). */
static size_t
mk_mpls(uint8_t *b, size_t n)
{
	size_t olen = 4 + 4 * n;

	memset(b, 0, 8 + 4 * n);
	b[0] = 0x20;
	b[4] = (uint8_t)(olen >> 8);
	b[5] = (uint8_t)olen;
	b[6] = 1;
	b[7] = 1;
	for (size_t i = 0; i < n; i++) {
		uint32_t v = (uint32_t)(100 + i) << 12 | 1;

		if (i == n - 1)
			v |= 1 << 8;
		b[8 + 4 * i] = (uint8_t)(v >> 24);
		b[9 + 4 * i] = (uint8_t)(v >> 16);
		b[10 + 4 * i] = (uint8_t)(v >> 8);
		b[11 + 4 * i] = (uint8_t)v;
	}
	return 8 + 4 * n;
}

START_TEST(mpls_stack)
{
	uint8_t b[128];
	size_t n = (size_t)_i, len = mk_mpls(b, n);
	struct icmpext e;
	char s[256];

	ck_assert_int_eq(icmpext_parse(b, len, &e), 0);
	ck_assert_uint_eq(e.version, 2);
	ck_assert_uint_eq(e.nobjs, 1);
	ck_assert_uint_eq(e.obj[0].nmpls, n);
	ck_assert_uint_eq(e.obj[0].mpls[n - 1].label, 100 + n - 1);
	ck_assert_uint_eq(e.obj[0].mpls[n - 1].s, 1);
	ck_assert_int_gt(icmpext_format(&e, s, sizeof(s)), 0);
	if (n == 1)
		ck_assert_str_eq(s, "<MPLS:L=100,E=0,S=1,T=1>");
	if (n == 2)
		ck_assert_str_eq(s,
		    "<MPLS:L=100,E=0,S=0,T=1/L=101,E=0,S=1,T=1>");
	for (size_t k = 0; k < len; k++)
		ck_assert_int_eq(icmpext_parse(b, k, &e), k == 4 ? 0 : -1);
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
	ck_assert_int_gt(icmpext_format(&e, s, sizeof(s)), 0);
	ck_assert_str_eq(s, "<2/3:deadbeef>");
	ck_assert_int_eq(icmpext_format(&e, s, 5), -1);
	ck_assert_uint_eq(strlen(s), 4);
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

	for (int i = 0; i < 20; i++) {
		b[4 + 4 * i + 1] = 4;
		b[4 + 4 * i + 2] = 9;
	}
	ck_assert_int_eq(icmpext_parse(b, sizeof(b), &e), 0);
	ck_assert_uint_eq(e.nobjs, ICMPEXT_MAX_OBJS);
	ck_assert(e.more);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("icmpext");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, mpls_stack, 1, 9);
	tcase_add_test(tc, checksum);
	tcase_add_test(tc, unknown_object);
	tcase_add_test(tc, bad_objects);
	tcase_add_test(tc, many_objects);
	suite_add_tcase(s, tc);
	return unit_run(s, CK_FORK_GETENV);
}
