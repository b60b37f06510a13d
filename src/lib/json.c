/*
 * json.c: JSON escaping and the writer (see json.h). UTF-8 is decoded by
 * RFC 3629's rules; what is not valid UTF-8 is replaced (each maximal
 * subpart by one U+FFFD), so a hostile name can neither end the string
 * early nor smuggle a byte that a strict parser (or a terminal showing
 * the output) would act on.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "json.h"

#define BAD_UTF8	UINT32_MAX

/*
 * The code point of the UTF-8 sequence at s[0..n) (n > 0) and its length
 * in *len; BAD_UTF8 when it is ill-formed, *len then the bytes of its
 * maximal subpart (the longest start of some well-formed sequence, at
 * least 1), which become one U+FFFD as Unicode (ch. 3, "U+FFFD
 * Substitution of Maximal Subparts"), WHATWG and Python's decoders do.
 * The ranges are Unicode's table 3-7: no overlong forms, no UTF-16
 * surrogates, nothing beyond U+10FFFF.
 */
static uint32_t
utf8_decode(const unsigned char *s, size_t n, size_t *len)
{
	unsigned char lo = 0x80, hi = 0xbf;
	uint32_t cp;
	size_t k;

	*len = 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		k = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		k = 3, cp = s[0] & 0x0f;
		lo = s[0] == 0xe0 ? 0xa0 : 0x80;
		hi = s[0] == 0xed ? 0x9f : 0xbf;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		k = 4, cp = s[0] & 0x07;
		lo = s[0] == 0xf0 ? 0x90 : 0x80;
		hi = s[0] == 0xf4 ? 0x8f : 0xbf;
	} else
		return BAD_UTF8;
	for (size_t i = 1; i < k; i++) {
		if (i >= n || s[i] < lo || s[i] > hi) {
			*len = i;
			return BAD_UTF8;
		}
		cp = cp << 6 | (s[i] & 0x3f);
		lo = 0x80;
		hi = 0xbf;
	}
	*len = k;
	return cp;
}

static size_t
put_u(char *e, uint32_t v)
{
	static const char hex[] = "0123456789abcdef";

	e[0] = '\\';
	e[1] = 'u';
	e[2] = hex[v >> 12 & 0xf];
	e[3] = hex[v >> 8 & 0xf];
	e[4] = hex[v >> 4 & 0xf];
	e[5] = hex[v & 0xf];
	return 6;
}

/*
 * The escape of what starts at s[0..n) (n > 0) into e (12 bytes at
 * least); returns its length and the input bytes taken in *took.
 */
static size_t
esc_one(const unsigned char *s, size_t n, char *e, size_t *took)
{
	static const char shortesc[] = "\"\"\\\\\bb\ff\nn\rr\tt";
	uint32_t cp;
	size_t k;

	*took = 1;
	if (s[0] >= 0x20 && s[0] < 0x7f && s[0] != '"' && s[0] != '\\') {
		e[0] = (char)s[0];
		return 1;
	}
	for (size_t i = 0; shortesc[i] != '\0'; i += 2)
		if (s[0] == (unsigned char)shortesc[i]) {
			e[0] = '\\';
			e[1] = shortesc[i + 1];
			return 2;
		}
	if (s[0] < 0x80)
		return put_u(e, s[0]);		/* C0 controls, DEL */
	cp = utf8_decode(s, n, &k);
	*took = k;
	if (cp == BAD_UTF8)
		return put_u(e, 0xfffd);
	if (cp < 0x10000)
		return put_u(e, cp);
	cp -= 0x10000;
	(void)put_u(e, 0xd800 | cp >> 10);
	return 6 + put_u(e + 6, 0xdc00 | (cp & 0x3ff));
}

size_t
json_escape(const char *s, size_t n, char *out, size_t outlen)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t w = 0, need = 0, i = 0, took, k;
	bool full = outlen == 0;
	char e[12];

	while (i < n) {
		k = esc_one(u + i, n - i, e, &took);
		if (!full && w + k < outlen) {
			memcpy(out + w, e, k);
			w += k;
		} else
			full = true;
		need += k;
		i += took;
	}
	if (outlen > 0)
		out[w] = '\0';
	return need;
}

void
json_init(struct json *j, FILE *fp, unsigned indent)
{
	memset(j, 0, sizeof(*j));
	j->fp = fp;
	j->indent = indent;
}

static void
newline(struct json *j, unsigned depth)
{
	if (j->indent == 0)
		return;
	fputc('\n', j->fp);
	for (unsigned i = 0; i < depth * j->indent; i++)
		fputc(' ', j->fp);
}

/* Before a value: its comma and line, or false (and bad) if no value may
 * come here. */
static bool
value_slot(struct json *j)
{
	if (j->done) {
		j->bad = true;
		return false;
	}
	if (j->depth == 0)
		return true;
	if (j->obj[j->depth - 1]) {
		if (!j->keyed) {
			j->bad = true;
			return false;
		}
		j->keyed = false;
		return true;
	}
	if (j->any[j->depth - 1])
		fputc(',', j->fp);
	j->any[j->depth - 1] = true;
	newline(j, j->depth);
	return true;
}

/* After a complete value at the top level. */
static void
value_end(struct json *j)
{
	if (j->depth == 0)
		j->done = true;
}

static void
open_c(struct json *j, bool obj)
{
	if (j->depth == JSON_MAX_DEPTH) {
		j->bad = true;
		return;
	}
	if (!value_slot(j))
		return;
	fputc(obj ? '{' : '[', j->fp);
	j->obj[j->depth] = obj;
	j->any[j->depth] = false;
	j->depth++;
}

static void
close_c(struct json *j, bool obj)
{
	if (j->depth == 0 || j->obj[j->depth - 1] != obj || j->keyed) {
		j->bad = true;
		return;
	}
	j->depth--;
	if (j->any[j->depth])
		newline(j, j->depth);
	fputc(obj ? '}' : ']', j->fp);
	value_end(j);
}

void
json_obj(struct json *j)
{
	open_c(j, true);
}

void
json_obj_end(struct json *j)
{
	close_c(j, true);
}

void
json_arr(struct json *j)
{
	open_c(j, false);
}

void
json_arr_end(struct json *j)
{
	close_c(j, false);
}

static void
put_str(struct json *j, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, took, k;
	char e[12];

	fputc('"', j->fp);
	while (i < n) {
		k = esc_one(u + i, n - i, e, &took);
		fwrite(e, 1, k, j->fp);
		i += took;
	}
	fputc('"', j->fp);
}

void
json_key(struct json *j, const char *key)
{
	if (j->depth == 0 || !j->obj[j->depth - 1] || j->keyed ||
	    key == NULL) {
		j->bad = true;
		return;
	}
	if (j->any[j->depth - 1])
		fputc(',', j->fp);
	j->any[j->depth - 1] = true;
	newline(j, j->depth);
	put_str(j, key, strlen(key));
	fputs(j->indent > 0 ? ": " : ":", j->fp);
	j->keyed = true;
}

void
json_strn(struct json *j, const char *s, size_t n)
{
	if (s == NULL) {
		json_null(j);
		return;
	}
	if (!value_slot(j))
		return;
	put_str(j, s, n);
	value_end(j);
}

void
json_str(struct json *j, const char *s)
{
	json_strn(j, s, s != NULL ? strlen(s) : 0);
}

void
json_int(struct json *j, int64_t v)
{
	if (!value_slot(j))
		return;
	fprintf(j->fp, "%" PRId64, v);
	value_end(j);
}

void
json_uint(struct json *j, uint64_t v)
{
	if (!value_slot(j))
		return;
	fprintf(j->fp, "%" PRIu64, v);
	value_end(j);
}

void
json_dec(struct json *j, int64_t v, unsigned places)
{
	uint64_t m, p = 1;

	if (places > 18) {
		j->bad = true;
		return;
	}
	if (!value_slot(j))
		return;
	for (unsigned i = 0; i < places; i++)
		p *= 10;
	/* the magnitude without overflow at INT64_MIN */
	m = v < 0 ? (uint64_t)-(v + 1) + 1 : (uint64_t)v;
	if (places == 0)
		fprintf(j->fp, "%s%" PRIu64, v < 0 ? "-" : "", m);
	else
		fprintf(j->fp, "%s%" PRIu64 ".%0*" PRIu64, v < 0 ? "-" : "",
		    m / p, (int)places, m % p);
	value_end(j);
}

void
json_bool(struct json *j, bool v)
{
	if (!value_slot(j))
		return;
	fputs(v ? "true" : "false", j->fp);
	value_end(j);
}

void
json_null(struct json *j)
{
	if (!value_slot(j))
		return;
	fputs("null", j->fp);
	value_end(j);
}

void
json_kstr(struct json *j, const char *key, const char *s)
{
	json_key(j, key);
	json_str(j, s);
}

void
json_kint(struct json *j, const char *key, int64_t v)
{
	json_key(j, key);
	json_int(j, v);
}

void
json_kuint(struct json *j, const char *key, uint64_t v)
{
	json_key(j, key);
	json_uint(j, v);
}

void
json_kdec(struct json *j, const char *key, int64_t v, unsigned places)
{
	json_key(j, key);
	json_dec(j, v, places);
}

void
json_kbool(struct json *j, const char *key, bool v)
{
	json_key(j, key);
	json_bool(j, v);
}

void
json_knull(struct json *j, const char *key)
{
	json_key(j, key);
	json_null(j);
}

unsigned
json_depth(const struct json *j)
{
	return j->depth;
}

int
json_finish(struct json *j)
{
	if (j->keyed)
		json_null(j);
	while (j->depth > 0)
		close_c(j, j->obj[j->depth - 1]);
	if (!j->done)
		j->bad = true;
	fputc('\n', j->fp);
	if (fflush(j->fp) == EOF || ferror(j->fp))
		return -1;
	return j->bad ? -1 : 0;
}
