/*
 * check_json.c: the JSON writer (json.h). Escapes from a table (quotes,
 * backslashes, every control character, UTF-8 of each length, each kind
 * of invalid UTF-8), every 1- and 2-byte input and 200000 random ones
 * checked by a strict decoder of our own (only printable ASCII, only
 * RFC 8259 escapes, surrogates paired; valid UTF-8 decodes back to
 * itself), cutting never inside an escape; the writer's exact text,
 * compact and indented, its numbers, and its misuse.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "unit.h"

static const struct {
	const char	*in;
	size_t		 n;
	const char	*out;
} esc_table[] = {
	{ "plain.name", 10, "plain.name" },
	{ "a\"b", 3, "a\\\"b" },
	{ "a\\b", 3, "a\\\\b" },
	{ "/", 1, "/" },
	{ "\b\f\n\r\t", 5, "\\b\\f\\n\\r\\t" },
	{ "\x01\x1f\x7f", 3, "\\u0001\\u001f\\u007f" },
	{ "a\0b", 3, "a\\u0000b" },
	{ "\x1b[2J", 4, "\\u001b[2J" },
	{ "\xc3\xa9", 2, "\\u00e9" },			/* U+00E9 */
	{ "\xc2\x85", 2, "\\u0085" },			/* C1 NEL */
	{ "\xe2\x82\xac", 3, "\\u20ac" },		/* U+20AC */
	{ "\xf0\x9f\x98\x80", 4, "\\ud83d\\ude00" },	/* U+1F600 */
	{ "\xf4\x8f\xbf\xbf", 4, "\\udbff\\udfff" },	/* U+10FFFF */
	{ "\x80", 1, "\\ufffd" },			/* lone continuation */
	{ "\xc0\xaf", 2, "\\ufffd\\ufffd" },		/* overlong '/' */
	{ "\xe0\x80\xaf", 3, "\\ufffd\\ufffd\\ufffd" },	/* overlong */
	{ "\xed\xa0\x80", 3, "\\ufffd\\ufffd\\ufffd" },	/* surrogate */
	{ "\xf4\x90\x80\x80", 4,
	    "\\ufffd\\ufffd\\ufffd\\ufffd" },		/* > U+10FFFF */
	{ "\xf5\x80", 2, "\\ufffd\\ufffd" },
	{ "\xe2\x82", 2, "\\ufffd" },		/* cut short: one */
	{ "\xe2\x82x", 3, "\\ufffdx" },
	{ "\xf0\x9f\x98", 3, "\\ufffd" },
	{ "\xf0\x9f\x98\xc3\xa9", 5, "\\ufffd\\u00e9" },
	{ "\xe1\x80\xe2\x82\xac", 5, "\\ufffd\\u20ac" },
	{ "\xff\xfe", 2, "\\ufffd\\ufffd" },
	{ "r1\".lab\\\x07\xff", 10, "r1\\\".lab\\\\\\u0007\\ufffd" },
};

START_TEST(escape_table)
{
	char out[128];

	for (size_t i = 0; i < sizeof(esc_table) / sizeof(esc_table[0]); i++) {
		size_t need = json_escape(esc_table[i].in, esc_table[i].n, out,
		    sizeof(out));

		ck_assert_msg(strcmp(out, esc_table[i].out) == 0,
		    "row %zu: got '%s'", i, out);
		ck_assert_uint_eq(need, strlen(esc_table[i].out));
	}
}
END_TEST

/* Encode code point cp as UTF-8 into b; returns its length. */
static size_t
utf8_put(uint32_t cp, unsigned char *b)
{
	if (cp < 0x80) {
		b[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		b[0] = (unsigned char)(0xc0 | cp >> 6);
		b[1] = (unsigned char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		b[0] = (unsigned char)(0xe0 | cp >> 12);
		b[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
		b[2] = (unsigned char)(0x80 | (cp & 0x3f));
		return 3;
	}
	b[0] = (unsigned char)(0xf0 | cp >> 18);
	b[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3f));
	b[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
	b[3] = (unsigned char)(0x80 | (cp & 0x3f));
	return 4;
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/*
 * A strict reader of the inside of a JSON string: printable ASCII but '"'
 * and '\\' as they are, RFC 8259's escapes, surrogates only as pairs.
 * Decodes into UTF-8 in dec (U+FFFD where the writer replaced a byte).
 * Returns the decoded length, or -1 if the text is not valid.
 */
static long
strict_decode(const char *s, unsigned char *dec)
{
	size_t w = 0;

	while (*s != '\0') {
		uint32_t cp = 0;

		if ((unsigned char)*s < 0x20 || (unsigned char)*s >= 0x7f ||
		    *s == '"')
			return -1;
		if (*s != '\\') {
			dec[w++] = (unsigned char)*s++;
			continue;
		}
		s++;
		if (*s != '\0' && strchr("\"\\/bfnrt", *s) != NULL) {
			static const char from[] = "\"\\/bfnrt", to[] =
			    "\"\\/\b\f\n\r\t";

			dec[w++] = (unsigned char)to[strchr(from, *s) - from];
			s++;
			continue;
		}
		if (*s != 'u')
			return -1;
		for (int i = 1; i <= 4; i++) {
			if (hexval(s[i]) < 0)
				return -1;
			cp = cp << 4 | (uint32_t)hexval(s[i]);
		}
		s += 5;
		if (cp >= 0xdc00 && cp <= 0xdfff)
			return -1;
		if (cp >= 0xd800 && cp <= 0xdbff) {
			uint32_t lo = 0;

			if (s[0] != '\\' || s[1] != 'u')
				return -1;
			for (int i = 2; i <= 5; i++) {
				if (hexval(s[i]) < 0)
					return -1;
				lo = lo << 4 | (uint32_t)hexval(s[i]);
			}
			if (lo < 0xdc00 || lo > 0xdfff)
				return -1;
			s += 6;
			cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
		}
		w += utf8_put(cp, dec + w);
	}
	return (long)w;
}

/* in escapes to valid text; if in has no U+FFFD and decodes back equal,
 * fine; if it differs, the writer must have replaced something. */
static void
check_roundtrip(const unsigned char *in, size_t n)
{
	char out[JSON_ESC_MAXGROW * 16 + 1];
	unsigned char dec[4 * 6 * 16];
	long d;

	ck_assert(n <= 16);
	ck_assert_uint_lt(json_escape((const char *)in, n, out, sizeof(out)),
	    sizeof(out));
	d = strict_decode(out, dec);
	ck_assert_msg(d >= 0, "invalid escape '%s'", out);
	if (strstr(out, "\\ufffd") == NULL) {
		ck_assert_uint_eq((size_t)d, n);
		ck_assert(memcmp(dec, in, n) == 0);
	}
}

START_TEST(every_short_input)
{
	unsigned char b[2];

	for (unsigned i = 0; i < 256; i++) {
		b[0] = (unsigned char)i;
		check_roundtrip(b, 1);
		for (unsigned k = 0; k < 256; k++) {
			b[1] = (unsigned char)k;
			check_roundtrip(b, 2);
		}
	}
}
END_TEST

START_TEST(random_inputs)
{
	uint32_t x = 0x12345678;
	unsigned char b[16];

	for (int round = 0; round < 200000; round++) {
		size_t n = 1 + round % 16;

		for (size_t i = 0; i < n; i++) {
			x ^= x << 13;
			x ^= x >> 17;
			x ^= x << 5;
			/* mostly the bytes UTF-8 is made of */
			b[i] = (unsigned char)(round & 1 ? x : 0x80 | (x & 0x7f));
			if (i == 0 && round % 3 == 0)
				b[i] = (unsigned char)(0xc0 | (x >> 8 & 0x3f));
		}
		check_roundtrip(b, n);
	}
}
END_TEST

START_TEST(valid_utf8_kept)
{
	static const uint32_t cps[] = { 0x20, 0x7e, 0xa0, 0x7ff, 0x800,
	    0xd7ff, 0xe000, 0xfffd, 0xffff, 0x10000, 0x10ffff };
	unsigned char b[4];

	for (size_t i = 0; i < sizeof(cps) / sizeof(cps[0]); i++) {
		size_t n = utf8_put(cps[i], b);

		check_roundtrip(b, n);
	}
}
END_TEST

START_TEST(cut_between_escapes)
{
	const char *in = "ab\x01\xff\xc3\xa9";
	char full[64], out[64];
	size_t need = json_escape(in, 6, full, sizeof(full));

	ck_assert_str_eq(full, "ab\\u0001\\ufffd\\u00e9");
	for (size_t len = 1; len <= need; len++) {
		ck_assert_uint_eq(json_escape(in, 6, out, len), need);
		ck_assert_uint_lt(strlen(out), len);
		/* a prefix of the full text that ends where an escape ends */
		ck_assert(strncmp(out, full, strlen(out)) == 0);
		ck_assert(strlen(out) == 0 || strlen(out) == 1 ||
		    strlen(out) == 2 || strlen(out) == 8 || strlen(out) == 14);
	}
	ck_assert_uint_eq(json_escape(in, 6, NULL, 0), need);
}
END_TEST

/* The writer's text on a memory stream. */
struct mem {
	char	*buf;
	size_t	 len;
	FILE	*fp;
};

static void
mem_open(struct mem *m)
{
	m->buf = NULL;
	m->len = 0;
	m->fp = open_memstream(&m->buf, &m->len);
	ck_assert_ptr_nonnull(m->fp);
}

static void
mem_close(struct mem *m)
{
	fclose(m->fp);
	free(m->buf);
}

static void
sample(struct json *j)
{
	json_obj(j);
	json_kstr(j, "name", "r1.lab");
	json_kint(j, "ttl", -3);
	json_kuint(j, "sent", 18446744073709551615u);
	json_key(j, "probes");
	json_arr(j);
	json_dec(j, 123, 3);
	json_null(j);
	json_obj(j);
	json_kbool(j, "x", true);
	json_obj_end(j);
	json_arr(j);
	json_arr_end(j);
	json_arr_end(j);
	json_key(j, "empty");
	json_obj(j);
	json_obj_end(j);
	json_kstr(j, "none", NULL);
	json_knull(j, "n");
	json_kdec(j, "ms", -1005, 3);
	json_obj_end(j);
}

START_TEST(writer_compact)
{
	struct mem m;
	struct json j;

	mem_open(&m);
	json_init(&j, m.fp, 0);
	sample(&j);
	ck_assert_uint_eq(json_depth(&j), 0);
	ck_assert_int_eq(json_finish(&j), 0);
	fflush(m.fp);
	ck_assert_str_eq(m.buf, "{\"name\":\"r1.lab\",\"ttl\":-3,"
	    "\"sent\":18446744073709551615,\"probes\":[0.123,null,"
	    "{\"x\":true},[]],\"empty\":{},\"none\":null,\"n\":null,"
	    "\"ms\":-1.005}\n");
	mem_close(&m);
}
END_TEST

START_TEST(writer_indented)
{
	struct mem m;
	struct json j;

	mem_open(&m);
	json_init(&j, m.fp, 2);
	json_obj(&j);
	json_kstr(&j, "a", "b");
	json_key(&j, "l");
	json_arr(&j);
	json_int(&j, 1);
	json_int(&j, 2);
	json_arr_end(&j);
	json_key(&j, "e");
	json_arr(&j);
	json_arr_end(&j);
	json_obj_end(&j);
	ck_assert_int_eq(json_finish(&j), 0);
	fflush(m.fp);
	ck_assert_str_eq(m.buf, "{\n  \"a\": \"b\",\n  \"l\": [\n    1,\n"
	    "    2\n  ],\n  \"e\": []\n}\n");
	mem_close(&m);
}
END_TEST

START_TEST(numbers)
{
	static const struct {
		int64_t		 v;
		unsigned	 places;
		const char	*out;
	} t[] = {
		{ 0, 3, "0.000" }, { 5, 3, "0.005" }, { 1234, 1, "123.4" },
		{ -1, 1, "-0.1" }, { 42, 0, "42" }, { -42, 0, "-42" },
		{ INT64_MAX, 3, "9223372036854775.807" },
		{ INT64_MIN, 3, "-9223372036854775.808" },
		{ INT64_MIN, 0, "-9223372036854775808" },
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct mem m;
		struct json j;

		mem_open(&m);
		json_init(&j, m.fp, 0);
		json_dec(&j, t[i].v, t[i].places);
		ck_assert_int_eq(json_finish(&j), 0);
		fflush(m.fp);
		m.buf[strcspn(m.buf, "\n")] = '\0';
		ck_assert_str_eq(m.buf, t[i].out);
		mem_close(&m);
	}
}
END_TEST

START_TEST(strings_escaped)
{
	struct mem m;
	struct json j;

	mem_open(&m);
	json_init(&j, m.fp, 0);
	json_obj(&j);
	json_kstr(&j, "k\"\n", "v\\\x1b\xff");
	json_key(&j, "n");
	json_strn(&j, "a\0b", 3);
	json_obj_end(&j);
	ck_assert_int_eq(json_finish(&j), 0);
	fflush(m.fp);
	ck_assert_str_eq(m.buf, "{\"k\\\"\\n\":\"v\\\\\\u001b\\ufffd\","
	    "\"n\":\"a\\u0000b\"}\n");
	mem_close(&m);
}
END_TEST

/* A run cut short (SIGINT, an error) still ends as valid JSON. */
START_TEST(finish_closes)
{
	struct mem m;
	struct json j;

	mem_open(&m);
	json_init(&j, m.fp, 0);
	json_obj(&j);
	json_key(&j, "hops");
	json_arr(&j);
	json_obj(&j);
	json_key(&j, "ttl");
	ck_assert_uint_eq(json_depth(&j), 3);
	ck_assert_int_eq(json_finish(&j), 0);
	fflush(m.fp);
	ck_assert_str_eq(m.buf, "{\"hops\":[{\"ttl\":null}]}\n");
	mem_close(&m);
}
END_TEST

START_TEST(misuse)
{
	struct mem m;
	struct json j;

	/* a value where a key is due: not written, reported */
	mem_open(&m);
	json_init(&j, m.fp, 0);
	json_obj(&j);
	json_int(&j, 1);
	json_obj_end(&j);
	ck_assert_int_eq(json_finish(&j), -1);
	fflush(m.fp);
	ck_assert_str_eq(m.buf, "{}\n");
	mem_close(&m);

	/* a key in an array, an end that does not match, two top values */
	mem_open(&m);
	json_init(&j, m.fp, 0);
	json_arr(&j);
	json_key(&j, "k");
	json_obj_end(&j);
	json_arr_end(&j);
	json_int(&j, 2);
	ck_assert_int_eq(json_finish(&j), -1);
	fflush(m.fp);
	ck_assert_str_eq(m.buf, "[]\n");
	mem_close(&m);

	/* too deep */
	mem_open(&m);
	json_init(&j, m.fp, 0);
	for (int i = 0; i < JSON_MAX_DEPTH + 3; i++)
		json_arr(&j);
	ck_assert_uint_eq(json_depth(&j), JSON_MAX_DEPTH);
	ck_assert_int_eq(json_finish(&j), -1);
	mem_close(&m);

	/* nothing at all */
	mem_open(&m);
	json_init(&j, m.fp, 0);
	ck_assert_int_eq(json_finish(&j), -1);
	mem_close(&m);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("json");
	TCase *tc = tcase_create("json");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, escape_table);
	tcase_add_test(tc, every_short_input);
	tcase_add_test(tc, random_inputs);
	tcase_add_test(tc, valid_utf8_kept);
	tcase_add_test(tc, cut_between_escapes);
	tcase_add_test(tc, writer_compact);
	tcase_add_test(tc, writer_indented);
	tcase_add_test(tc, numbers);
	tcase_add_test(tc, strings_escaped);
	tcase_add_test(tc, finish_closes);
	tcase_add_test(tc, misuse);
	suite_add_tcase(s, tc);
	return unit_run(s, CK_FORK_GETENV);
}
