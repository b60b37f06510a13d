/* check_ipopt: IPv4 option builders and walker: round trips, every
 * truncation, bad lengths, pointer edge cases. */
#include <sys/socket.h>

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "ipopt.h"
#include "unit.h"

static struct addr
a4(uint8_t a, uint8_t b, uint8_t c, uint8_t d)
{
	struct addr x;

	memset(&x, 0, sizeof(x));
	x.af = AF_INET;
	x.u.b[0] = a; x.u.b[1] = b; x.u.b[2] = c; x.u.b[3] = d;
	return x;
}

/* A received RR: 3 of 9 slots filled (pointer 16). */
static const uint8_t rr_recv[40] = {
	1, 7, 39, 16, 198, 18, 0, 1, 198, 18, 1, 2, 198, 18, 2, 2,
};

/* A received TS tsandaddr with 2 entries, overflow 1. */
static const uint8_t ts_recv[] = {
	68, 36, 21, 0x11, 198, 18, 0, 1, 0, 0, 0, 100, 198, 18, 1, 2,
	0, 0, 0, 105, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};

START_TEST(rr_build_parse)
{
	uint8_t b[IPOPT_MAXLEN];
	struct ipopt_info in;
	size_t n = ipopt_build_rr(b, sizeof(b));

	ck_assert_uint_eq(n, 40);
	ck_assert_uint_eq(n % 4, 0);
	ck_assert_int_eq(ipopt_parse(b, n, &in), IPOPT_OK);
	ck_assert(in.has_rr);
	ck_assert_uint_eq(in.rr_n, 0);
	ck_assert_uint_eq(in.rr_slots, 9);
	ck_assert_uint_eq(ipopt_build_rr(b, 39), 0);
}
END_TEST

START_TEST(rr_received)
{
	struct ipopt_info in;

	ck_assert_int_eq(ipopt_parse(rr_recv, sizeof(rr_recv), &in),
	    IPOPT_OK);
	ck_assert_uint_eq(in.rr_n, 3);
	ck_assert(!memcmp(in.rr[2].u.b, "\xc6\x12\x02\x02", 4));
}
END_TEST

START_TEST(rr_each_truncation)
{
	struct ipopt_info in;

	/* byte 0 is a NOP: cutting after it is a clean end */
	for (size_t n = 2; n < sizeof(rr_recv); n++)
		ck_assert_int_ne(ipopt_parse(rr_recv, n, &in), IPOPT_OK);
}
END_TEST

START_TEST(ts_build_parse)
{
	struct addr pre[4] = { a4(198, 18, 0, 1), a4(198, 18, 1, 2),
	    a4(198, 18, 2, 2), a4(198, 18, 3, 2) };
	uint8_t b[IPOPT_MAXLEN];
	struct ipopt_info in;
	size_t n;

	n = ipopt_build_ts(IPOPT_TS_TSONLY, NULL, 0, b, sizeof(b));
	ck_assert_uint_eq(n, 40);
	ck_assert_int_eq(ipopt_parse(b, n, &in), IPOPT_OK);
	ck_assert(in.has_ts);
	ck_assert_uint_eq(in.ts_flag, 0);
	n = ipopt_build_ts(IPOPT_TS_TSANDADDR, NULL, 0, b, sizeof(b));
	ck_assert_uint_eq(n, 36);
	ck_assert_int_eq(ipopt_parse(b, n, &in), IPOPT_OK);
	ck_assert_uint_eq(in.ts_flag, 1);
	n = ipopt_build_ts(IPOPT_TS_PRESPEC_FLAG, pre, 4, b, sizeof(b));
	ck_assert_uint_eq(n, 36);
	ck_assert_uint_eq(b[3], 3);
	ck_assert(!memcmp(b + 4 + 8, pre[1].u.b, 4));
	ck_assert_int_eq(ipopt_parse(b, n, &in), IPOPT_OK);
	ck_assert_uint_eq(in.ts_n, 0);
	ck_assert_uint_eq(ipopt_build_ts(IPOPT_TS_PRESPEC_FLAG, pre, 5, b,
	    sizeof(b)), 0);
	ck_assert_uint_eq(ipopt_build_ts(IPOPT_TS_PRESPEC_FLAG, pre, 0, b,
	    sizeof(b)), 0);
	ck_assert_uint_eq(ipopt_build_ts(IPOPT_TS_TSONLY, NULL, 0, b, 39),
	    0);
}
END_TEST

START_TEST(ts_received)
{
	struct ipopt_info in;

	ck_assert_int_eq(ipopt_parse(ts_recv, sizeof(ts_recv), &in),
	    IPOPT_OK);
	ck_assert_uint_eq(in.ts_n, 2);
	ck_assert_uint_eq(in.ts_overflow, 1);
	ck_assert(in.ts[1].has_addr);
	ck_assert_uint_eq(in.ts[1].ts, 105);
	for (size_t n = 1; n < sizeof(ts_recv); n++)
		ck_assert_int_eq(ipopt_parse(ts_recv, n, &in), IPOPT_ETRUNC);
}
END_TEST

START_TEST(srr_build_parse)
{
	struct addr r[3] = { a4(198, 18, 1, 2), a4(198, 18, 2, 2),
	    a4(198, 18, 5, 2) };
	struct addr many[10];
	uint8_t b[IPOPT_MAXLEN];
	struct ipopt_info in;
	size_t n;

	n = ipopt_build_srr(false, r, 3, b, sizeof(b));
	ck_assert_uint_eq(n, 16);
	ck_assert_uint_eq(b[0], IPOPT_T_NOP);
	ck_assert_uint_eq(b[1], IPOPT_T_LSRR);
	ck_assert_int_eq(ipopt_parse(b, n, &in), IPOPT_OK);
	ck_assert(in.has_srr && !in.srr_strict);
	ck_assert_uint_eq(in.srr_n, 3);
	ck_assert(!memcmp(in.srr[2].u.b, r[2].u.b, 4));
	n = ipopt_build_srr(true, r, 3, b, sizeof(b));
	ck_assert_uint_eq(b[1], IPOPT_T_SSRR);
	ck_assert_int_eq(ipopt_parse(b, n, &in), IPOPT_OK);
	ck_assert(in.srr_strict);
	for (int i = 0; i < 10; i++)
		many[i] = r[0];
	ck_assert_uint_eq(ipopt_build_srr(false, many, 9, b, sizeof(b)), 40);
	ck_assert_uint_eq(ipopt_build_srr(false, many, 10, b, sizeof(b)), 0);
	ck_assert_uint_eq(ipopt_build_srr(false, many, 0, b, sizeof(b)), 0);
	many[1].af = AF_INET6;
	ck_assert_uint_eq(ipopt_build_srr(false, many, 2, b, sizeof(b)), 0);
}
END_TEST

START_TEST(bad_lengths)
{
	static const uint8_t len0[] = { 7, 0, 4, 0 };
	static const uint8_t len1[] = { 7, 1, 4, 0 };
	static const uint8_t len2rr[] = { 7, 2, 0, 0 };
	static const uint8_t past[] = { 7, 11, 4, 0, 0, 0, 0, 0 };
	static const uint8_t ts3[] = { 68, 3, 5, 0 };
	static const uint8_t unk0[] = { 130, 0 };
	static const uint8_t lone[] = { 130 };
	struct ipopt_info in;

	ck_assert_int_eq(ipopt_parse(len0, sizeof(len0), &in), IPOPT_EBADLEN);
	ck_assert_int_eq(ipopt_parse(len1, sizeof(len1), &in), IPOPT_EBADLEN);
	ck_assert_int_eq(ipopt_parse(len2rr, sizeof(len2rr), &in),
	    IPOPT_EBADLEN);
	ck_assert_int_eq(ipopt_parse(past, sizeof(past), &in), IPOPT_ETRUNC);
	ck_assert_int_eq(ipopt_parse(ts3, sizeof(ts3), &in), IPOPT_EBADLEN);
	ck_assert_int_eq(ipopt_parse(unk0, sizeof(unk0), &in), IPOPT_EBADLEN);
	ck_assert_int_eq(ipopt_parse(lone, sizeof(lone), &in), IPOPT_ETRUNC);
	ck_assert_int_eq(ipopt_parse(NULL, 0, &in), IPOPT_OK);
}
END_TEST

START_TEST(pointer_edges)
{
	uint8_t b[12] = { 7, 11, 4, 0 };
	struct ipopt_info in;

	b[2] = 3;	/* below minimum */
	ck_assert_int_eq(ipopt_parse(b, 11, &in), IPOPT_EPTR);
	b[2] = 12;	/* full: optlen + 1 */
	ck_assert_int_eq(ipopt_parse(b, 11, &in), IPOPT_OK);
	ck_assert_uint_eq(in.rr_n, 2);
	b[2] = 13;	/* past */
	ck_assert_int_eq(ipopt_parse(b, 11, &in), IPOPT_EPTR);
	b[2] = 255;
	ck_assert_int_eq(ipopt_parse(b, 11, &in), IPOPT_EPTR);
	b[0] = 68; b[2] = 4;	/* TS minimum is 5 */
	ck_assert_int_eq(ipopt_parse(b, 12, &in), IPOPT_EPTR);
}
END_TEST

START_TEST(print_rr_ts)
{
	struct ipopt_info in;
	char *p = NULL;
	size_t plen = 0;
	FILE *fp = open_memstream(&p, &plen);

	ck_assert_int_eq(ipopt_parse(rr_recv, sizeof(rr_recv), &in),
	    IPOPT_OK);
	ipopt_print(fp, &in);
	fclose(fp);
	ck_assert_str_eq(p, "\nRR: \t198.18.0.1\n\t198.18.1.2\n"
	    "\t198.18.2.2\n");
	free(p);
	ck_assert_str_eq(ipopt_strerror(IPOPT_EPTR),
	    "option pointer out of range");
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("ipopt");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, rr_build_parse);
	tcase_add_test(tc, rr_received);
	tcase_add_test(tc, rr_each_truncation);
	tcase_add_test(tc, ts_build_parse);
	tcase_add_test(tc, ts_received);
	tcase_add_test(tc, srr_build_parse);
	tcase_add_test(tc, bad_lengths);
	tcase_add_test(tc, pointer_edges);
	tcase_add_test(tc, print_rr_ts);
	suite_add_tcase(s, tc);
	return unit_run(s, CK_FORK_GETENV);
}
