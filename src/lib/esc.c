/*
 * esc.c: escaping outside text for printing (see esc.h). UTF-8 is checked
 * by RFC 3629's rules: shortest form only, no surrogates (U+D800..DFFF),
 * nothing above U+10FFFF; a C1 control (U+0080..009F) is escaped even when
 * well formed, since terminals act on it.
 */
#include "config.h"

#include <langinfo.h>
#include <stdint.h>
#include <string.h>

#include "esc.h"

/* Length of the valid, printable UTF-8 sequence at s[0..n), or 0. */
static size_t
utf8_seq(const unsigned char *s, size_t n)
{
	uint32_t cp;
	size_t len;

	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) ||
	    (cp >= 0x80 && cp <= 0x9f))
		return 0;
	return len;
}

/* Append k bytes of p if they fit (keeping room for the NUL). */
static void
put(char *out, size_t outlen, size_t *w, size_t *need, const char *p,
    size_t k, bool *full)
{
	if (!*full && *w + k < outlen) {
		memcpy(out + *w, p, k);
		*w += k;
	} else
		*full = true;
	*need += k;
}

static size_t
escape(const char *s, size_t n, bool utf8, bool backslash, char *out,
    size_t outlen)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *u = (const unsigned char *)s;
	size_t w = 0, need = 0, i = 0, k;
	bool full = outlen == 0;
	char e[ESC_MAXGROW];

	while (i < n) {
		if (u[i] == '\\' && backslash) {
			put(out, outlen, &w, &need, "\\\\", 2, &full);
			i++;
		} else if (u[i] >= 0x20 && u[i] < 0x7f) {
			put(out, outlen, &w, &need, s + i, 1, &full);
			i++;
		} else if (utf8 && (k = utf8_seq(u + i, n - i)) > 0) {
			put(out, outlen, &w, &need, s + i, k, &full);
			i += k;
		} else {
			e[0] = '\\';
			e[1] = 'x';
			e[2] = hex[u[i] >> 4];
			e[3] = hex[u[i] & 0x0f];
			put(out, outlen, &w, &need, e, 4, &full);
			i++;
		}
	}
	if (outlen > 0)
		out[w] = '\0';
	return need;
}

size_t
esc_mem(const char *s, size_t n, bool utf8, char *out, size_t outlen)
{
	return escape(s, n, utf8, true, out, outlen);
}

size_t
esc_str(const char *s, bool utf8, char *out, size_t outlen)
{
	return escape(s, strlen(s), utf8, true, out, outlen);
}

size_t
esc_line(const char *s, bool utf8, char *out, size_t outlen)
{
	return escape(s, strlen(s), utf8, false, out, outlen);
}

static bool
clean(const char *s, bool utf8, bool backslash)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t n = strlen(s), k;

	for (size_t i = 0; i < n; i += k) {
		k = 1;
		if ((u[i] == '\\' && backslash) || u[i] < 0x20 || u[i] == 0x7f)
			return false;
		if (u[i] >= 0x80 && (!utf8 || (k = utf8_seq(u + i, n - i)) == 0))
			return false;
	}
	return true;
}

bool
esc_clean(const char *s, bool utf8)
{
	return clean(s, utf8, true);
}

bool
esc_clean_line(const char *s, bool utf8)
{
	return clean(s, utf8, false);
}

bool
esc_locale_utf8(void)
{
	const char *cs = nl_langinfo(CODESET);

	return cs != NULL && (strcmp(cs, "UTF-8") == 0 ||
	    strcmp(cs, "utf8") == 0);
}
