/*
 * check_esc.c: outside text escaped for printing (esc.c): C0, DEL, C1 and
 * invalid UTF-8 become \xNN, a backslash \\; valid printable UTF-8 is kept
 * in a UTF-8 locale only; a cut output never splits an escape or a UTF-8
 * sequence and is always terminated.
 */
#include <check.h>
#include <stdbool.h>
#include <string.h>

#include "esc.h"
#include "unit.h"

static const struct {
	const char	*in;
	size_t		 inlen;		/* 0: strlen */
	const char	*utf8;		/* expected with utf8 */
	const char	*c;		/* expected in the C locale */
} rows[] = {
	{ "router1.example", 0, "router1.example", "router1.example" },
	{ "a\x1b[2Jb", 0, "a\\x1b[2Jb", "a\\x1b[2Jb" },
	{ "line\nnext", 0, "line\\x0anext", "line\\x0anext" },
	{ "tab\there", 0, "tab\\x09here", "tab\\x09here" },
	{ "del\x7f", 0, "del\\x7f", "del\\x7f" },
	{ "back\\slash", 0, "back\\\\slash", "back\\\\slash" },
	{ "nul\0x", 5, "nul\\x00x", "nul\\x00x" },
	/* C1 CSI as UTF-8 (U+009B) and as a raw byte */
	{ "c1\xc2\x9b" "31m", 0, "c1\\xc2\\x9b31m", "c1\\xc2\\x9b31m" },
	{ "c1\x9b" "31m", 0, "c1\\x9b31m", "c1\\x9b31m" },
	/* invalid UTF-8: lone byte, cut sequence, overlong, surrogate,
	 * above U+10FFFF */
	{ "x\xffy", 0, "x\\xffy", "x\\xffy" },
	{ "x\xe6\x97", 0, "x\\xe6\\x97", "x\\xe6\\x97" },
	{ "\xc0\xaf", 0, "\\xc0\\xaf", "\\xc0\\xaf" },
	{ "\xe0\x80\xaf", 0, "\\xe0\\x80\\xaf", "\\xe0\\x80\\xaf" },
	{ "\xed\xa0\x80", 0, "\\xed\\xa0\\x80", "\\xed\\xa0\\x80" },
	{ "\xf4\x90\x80\x80", 0, "\\xf4\\x90\\x80\\x80",
	    "\\xf4\\x90\\x80\\x80" },
	/* valid: kept in UTF-8, escaped in C */
	{ "r\xc3\xb6ter", 0, "r\xc3\xb6ter", "r\\xc3\\xb6ter" },
	{ "\xe6\x97\xa5\xe6\x9c\xac", 0, "\xe6\x97\xa5\xe6\x9c\xac",
	    "\\xe6\\x97\\xa5\\xe6\\x9c\\xac" },
	{ "\xf0\x9f\x98\x80", 0, "\xf0\x9f\x98\x80",
	    "\\xf0\\x9f\\x98\\x80" },
};

START_TEST(table)
{
	char out[128];

	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		size_t n = rows[i].inlen ? rows[i].inlen : strlen(rows[i].in);

		ck_assert_uint_eq(esc_mem(rows[i].in, n, true, out,
		    sizeof(out)), strlen(rows[i].utf8));
		ck_assert_str_eq(out, rows[i].utf8);
		ck_assert_uint_eq(esc_mem(rows[i].in, n, false, out,
		    sizeof(out)), strlen(rows[i].c));
		ck_assert_str_eq(out, rows[i].c);
		if (rows[i].inlen == 0) {
			ck_assert_int_eq(esc_clean(rows[i].in, true),
			    strcmp(rows[i].in, rows[i].utf8) == 0);
			ck_assert_int_eq(esc_clean(rows[i].in, false),
			    strcmp(rows[i].in, rows[i].c) == 0);
		}
	}
}
END_TEST

/* Every cut of the output: a prefix of the whole, never a partial escape
 * or UTF-8 sequence, always terminated, the needed length unchanged. */
START_TEST(truncation)
{
	const char *in = "a\x1b" "b\xc3\xb6" "c\\d\xe6\x97\xa5";
	char whole[64], out[64];
	size_t need = esc_str(in, true, whole, sizeof(whole));

	ck_assert_str_eq(whole, "a\\x1bb\xc3\xb6" "c\\\\d\xe6\x97\xa5");
	for (size_t cap = 1; cap <= need + 1; cap++) {
		memset(out, 'Z', sizeof(out));
		ck_assert_uint_eq(esc_str(in, true, out, cap), need);
		ck_assert_uint_lt(strlen(out), cap);
		ck_assert_int_eq(strncmp(out, whole, strlen(out)), 0);
		/* the cut falls on a boundary of the whole text */
		static const size_t ok[] = { 0, 1, 5, 6, 8, 9, 11, 12, 15 };
		bool boundary = false;

		for (size_t k = 0; k < sizeof(ok) / sizeof(ok[0]); k++)
			boundary |= strlen(out) == ok[k];
		ck_assert_msg(boundary, "cap %zu: cut inside: '%s'", cap, out);
	}
	/* nothing at all fits: untouched but for the NUL; 0: not touched */
	out[0] = 'Z';
	ck_assert_uint_eq(esc_str(in, true, out, 0), need);
	ck_assert_int_eq(out[0], 'Z');
}
END_TEST

/* A message line keeps its backslashes, so escaping it twice changes
 * nothing (a parser's message is escaped again when printed). */
START_TEST(line_idempotent)
{
	char once[64], twice[64];

	esc_line("arg 'a\\b\x1b[2J\n'", true, once, sizeof(once));
	ck_assert_str_eq(once, "arg 'a\\b\\x1b[2J\\x0a'");
	ck_assert(esc_clean_line(once, true));
	ck_assert(!esc_clean(once, true));
	esc_line(once, false, twice, sizeof(twice));
	ck_assert_str_eq(twice, once);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("esc");
	TCase *tc = tcase_create("esc");

	tcase_add_test(tc, table);
	tcase_add_test(tc, truncation);
	tcase_add_test(tc, line_idempotent);
	suite_add_tcase(s, tc);
	return unit_run(s, CK_FORK_GETENV);
}
