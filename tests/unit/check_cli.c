/* check_cli: the strict value parsers, from a table of inputs to exact
 * results or exact error texts (iputils wording); --version text. */
#include "config.h"

#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "clock.h"
#include "unit.h"

enum kind { K_UINT, K_INT, K_DOUBLE, K_SEC };

static const struct {
	enum kind	 k;
	const char	*in;
	double		 min, max;	/* K_SEC: ns */
	double		 want;		/* when err is NULL */
	const char	*err;
} cases[] = {
	/* unsigned */
	{ K_UINT, "5", 1, 255, 5, NULL },
	{ K_UINT, "255", 1, 255, 255, NULL },
	{ K_UINT, "0", 0, 10, 0, NULL },
	{ K_UINT, "007", 0, 10, 7, NULL },
	{ K_UINT, "5x", 1, 255, 0, "invalid argument: '5x'" },
	{ K_UINT, "", 1, 255, 0, "invalid argument: ''" },
	{ K_UINT, "-1", 1, 255, 0,
	    "invalid argument: '-1': out of range: 1 <= value <= 255" },
	{ K_UINT, "-", 1, 255, 0, "invalid argument: '-'" },
	{ K_UINT, "+5", 1, 255, 0, "invalid argument: '+5'" },
	{ K_UINT, "300", 1, 255, 0,
	    "invalid argument: '300': out of range: 1 <= value <= 255" },
	{ K_UINT, "0", 1, 255, 0,
	    "invalid argument: '0': out of range: 1 <= value <= 255" },
	{ K_UINT, "0x10", 0, 255, 0, "invalid argument: '0x10'" },
	{ K_UINT, " 5", 1, 255, 0, "invalid argument: ' 5'" },
	{ K_UINT, "5 ", 1, 255, 0, "invalid argument: '5 '" },
	{ K_UINT, "1.5", 1, 255, 0, "invalid argument: '1.5'" },
	{ K_UINT, "99999999999999999999999", 0, 4294967295.0, 0,
	    "invalid argument: '99999999999999999999999': out of range: "
	    "0 <= value <= 4294967295" },
	/* signed */
	{ K_INT, "-5", -10, 10, -5, NULL },
	{ K_INT, "+5", -10, 10, 5, NULL },
	{ K_INT, "-11", -10, 10, 0,
	    "invalid argument: '-11': out of range: -10 <= value <= 10" },
	{ K_INT, "--1", -10, 10, 0, "invalid argument: '--1'" },
	{ K_INT, "1e3", -10, 10, 0, "invalid argument: '1e3'" },
	/* control characters are shown as \xNN: one line on the terminal
	 * (fuzz_cli: "\a\a" came back raw) */
	{ K_INT, "\t1", -10, 10, 0, "invalid argument: '\\x091'" },
	{ K_UINT, "\a\a", 1, 255, 0, "invalid argument: '\\x07\\x07'" },
	{ K_UINT, "1\n2", 1, 255, 0, "invalid argument: '1\\x0a2'" },
	{ K_DOUBLE, "\033[31m", 0, 10, 0, "invalid argument: '\\x1b[31m'" },
	{ K_SEC, "9\x7f", 0, 1e12, 0, "invalid argument: '9\\x7f'" },
	/* double */
	{ K_DOUBLE, "0.2", 0, 10, 0.2, NULL },
	{ K_DOUBLE, ".5", 0, 10, 0.5, NULL },
	{ K_DOUBLE, "5.", 0, 10, 5, NULL },
	{ K_DOUBLE, "1e3", 0, 1e4, 1000, NULL },
	{ K_DOUBLE, "1e3", 0, 10, 0,
	    "invalid argument: '1e3': out of range: 0 <= value <= 10" },
	{ K_DOUBLE, "nan", 0, 10, 0, "invalid argument: 'nan'" },
	{ K_DOUBLE, "inf", 0, 10, 0, "invalid argument: 'inf'" },
	{ K_DOUBLE, "-inf", 0, 10, 0, "invalid argument: '-inf'" },
	{ K_DOUBLE, "0x1p3", 0, 10, 0, "invalid argument: '0x1p3'" },
	{ K_DOUBLE, "1e", 0, 10, 0, "invalid argument: '1e'" },
	{ K_DOUBLE, ".", 0, 10, 0, "invalid argument: '.'" },
	{ K_DOUBLE, "", 0, 10, 0, "invalid argument: ''" },
	{ K_DOUBLE, " 1", 0, 10, 0, "invalid argument: ' 1'" },
	{ K_DOUBLE, "1,5", 0, 10, 0, "invalid argument: '1,5'" },
	{ K_DOUBLE, "1e999", 0, 10, 0,
	    "invalid argument: '1e999': out of range: 0 <= value <= 10" },
	{ K_DOUBLE, "-0.5", 0, 10, 0,
	    "invalid argument: '-0.5': out of range: 0 <= value <= 10" },
	/* seconds -> ns, exact */
	{ K_SEC, "0.2", 0, 1e12, 200000000, NULL },
	{ K_SEC, "0.1", 0, 1e12, 100000000, NULL },
	{ K_SEC, "5", 0, 1e12, 5000000000.0, NULL },
	{ K_SEC, "0.0000000019", 0, 1e12, 1, NULL },
	{ K_SEC, "1.", 0, 1e12, 1e9, NULL },
	{ K_SEC, "0.001", 2e6, 1e12, 0,
	    "invalid argument: '0.001': out of range: 0.002 <= value <= 1000" },
	{ K_SEC, "-1", 0, 1e12, 0,
	    "invalid argument: '-1': out of range: 0 <= value <= 1000" },
	{ K_SEC, "1e3", 0, 1e12, 0, "invalid argument: '1e3'" },
	{ K_SEC, "abc", 0, 1e12, 0, "invalid argument: 'abc'" },
	{ K_SEC, "99999999999999999999", 0, 1e12, 0,
	    "invalid argument: '99999999999999999999': out of range: "
	    "0 <= value <= 1000" },
	{ K_SEC, "", 0, 1e12, 0, "invalid argument: ''" },
};

START_TEST(cli_table)
{
	char err[256];
	unsigned long u = 0;
	long l = 0;
	double d = 0;
	int64_t ns = 0;
	int rc = 0;
	double got = 0;

	err[0] = '\0';
	switch (cases[_i].k) {
	case K_UINT:
		rc = cli_uint(cases[_i].in, (unsigned long)cases[_i].min,
		    (unsigned long)cases[_i].max, &u, err, sizeof(err));
		got = (double)u;
		break;
	case K_INT:
		rc = cli_int(cases[_i].in, (long)cases[_i].min,
		    (long)cases[_i].max, &l, err, sizeof(err));
		got = (double)l;
		break;
	case K_DOUBLE:
		rc = cli_double(cases[_i].in, cases[_i].min, cases[_i].max,
		    &d, err, sizeof(err));
		got = d;
		break;
	case K_SEC:
		rc = cli_seconds_ns(cases[_i].in, (int64_t)cases[_i].min,
		    (int64_t)cases[_i].max, &ns, err, sizeof(err));
		got = (double)ns;
		break;
	}
	if (cases[_i].err == NULL) {
		ck_assert_msg(rc == 0, "case %d '%s': %s", _i, cases[_i].in,
		    err);
		ck_assert_msg(got == cases[_i].want, "case %d '%s': got %.17g",
		    _i, cases[_i].in, got);
	} else {
		ck_assert_msg(rc == -1, "case %d '%s' accepted", _i,
		    cases[_i].in);
		ck_assert_str_eq(err, cases[_i].err);
	}
}
END_TEST

START_TEST(cli_seconds_exact_ns)
{
	char err[128];
	int64_t ns;

	ck_assert_int_eq(cli_seconds_ns("2147483.647", 0, INT64_MAX, &ns,
	    err, sizeof(err)), 0);
	ck_assert_int_eq(ns, 2147483647000000LL);
	ck_assert_int_eq(cli_seconds_ns("9223372036.854775807", 0,
	    INT64_MAX, &ns, err, sizeof(err)), 0);
	ck_assert_int_eq(ns, INT64_MAX);
	ck_assert_int_eq(cli_seconds_ns("9223372036.854775808", 0,
	    INT64_MAX, &ns, err, sizeof(err)), -1);
}
END_TEST

#define HEXERR	"patterns must be specified as hex digits: "

static const struct {
	const char	*in;
	size_t		 cap;
	const char	*want;	/* hex of the bytes, or NULL on error */
	const char	*err;
} pats[] = {
	{ "ff00", 16, "ff00", NULL },
	{ "f", 16, "0f", NULL },
	{ "abc", 16, "ab0c", NULL },
	{ "DEADbeef", 16, "deadbeef", NULL },
	{ "0102030405", 2, "0102", NULL },	/* past cap: ignored */
	{ "xyz", 16, NULL, HEXERR "'xyz'" },
	{ "ab-c", 16, NULL, HEXERR "'ab-c'" },
	{ "0xff", 16, NULL, HEXERR "'0xff'" },
	{ "", 16, NULL, HEXERR "''" },
	{ "ff ", 16, NULL, HEXERR "'ff '" },
	{ "ff\r\n", 16, NULL, HEXERR "'ff\\x0d\\x0a'" },
};

START_TEST(cli_hexpattern_table)
{
	uint8_t pat[16];
	char err[128], hex[64] = "";
	size_t len = 99;
	int rc;

	rc = cli_hexpattern(pats[_i].in, pat, pats[_i].cap, &len, err,
	    sizeof(err));
	if (pats[_i].want == NULL) {
		ck_assert_int_eq(rc, -1);
		ck_assert_str_eq(err, pats[_i].err);
		return;
	}
	ck_assert_int_eq(rc, 0);
	for (size_t i = 0; i < len; i++)
		snprintf(hex + 2 * i, 3, "%02x", pat[i]);
	ck_assert_str_eq(hex, pats[_i].want);
}
END_TEST

START_TEST(cli_version_text)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(fp);
	cli_version(fp, "ping");
	fclose(fp);
	ck_assert_str_eq(strtok(buf, "\n"),
	    "ping from icmptools " PACKAGE_VERSION);
	ck_assert_str_eq(PACKAGE_VERSION, "0.1.0");
	ck_assert_ptr_nonnull(strstr(buf + strlen(buf) + 1, "libcap: "));
	free(buf);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("cli");
	TCase *tc = tcase_create("cli");

	tcase_add_loop_test(tc, cli_table, 0,
	    (int)(sizeof(cases) / sizeof(cases[0])));
	tcase_add_test(tc, cli_seconds_exact_ns);
	tcase_add_loop_test(tc, cli_hexpattern_table, 0,
	    (int)(sizeof(pats) / sizeof(pats[0])));
	tcase_add_test(tc, cli_version_text);
	suite_add_tcase(s, tc);
	return unit_run(s, CK_FORK_GETENV);
}
