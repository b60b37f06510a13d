/*
 * cli.c: strict parsers for command-line values (see cli.h). A value is
 * accepted only if the whole string is well formed: no leading blanks, no
 * trailing junk, no empty string, nothing strtol() would silently skip.
 * Messages use iputils' wording (strtol_or_err): "invalid argument: '%s'"
 * and "invalid argument: '%s': out of range: MIN <= value <= MAX".
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "clock.h"
#include "esc.h"

char *
cli_oneline(char *s, size_t cap)
{
	char *copy;

	if (s == NULL || cap == 0 || esc_clean_line(s, true))
		return s;
	if ((copy = strdup(s)) == NULL) {
		s[0] = '\0';
		return s;
	}
	/* cut before an escape that does not fit, never inside one */
	esc_line(copy, true, s, cap);
	free(copy);
	return s;
}

/* The error message, made one line: it quotes what was typed. */
static int __attribute__((format(printf, 3, 4)))
errf(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	if (errlen > 0)
		cli_oneline(err, errlen);
	return -1;
}

static int
bad(const char *s, char *err, size_t errlen)
{
	return errf(err, errlen, "invalid argument: '%s'", s);
}

static bool
all_digits(const char *p)
{
	if (*p == '\0')
		return false;
	for (; *p != '\0'; p++)
		if (!isdigit((unsigned char)*p))
			return false;
	return true;
}

/* [+-]?digits: the only shape strtol()/strtoul() may see. */
static bool
is_decimal(const char *s, bool sign_ok)
{
	if (sign_ok && (*s == '-' || *s == '+'))
		s++;
	return all_digits(s);
}

int
cli_uint(const char *s, unsigned long min, unsigned long max,
    unsigned long *out, char *err, size_t errlen)
{
	unsigned long v;

	if (s == NULL)
		return bad("", err, errlen);
	/* "-1" is a number, just out of range (iputils says so too) */
	if (s[0] == '-' && all_digits(s + 1))
		goto range;
	if (!is_decimal(s, false))
		return bad(s, err, errlen);
	errno = 0;
	v = strtoul(s, NULL, 10);
	if (errno == ERANGE || v < min || v > max)
		goto range;
	*out = v;
	return 0;
range:
	return errf(err, errlen, "invalid argument: '%s': out of range: "
	    "%lu <= value <= %lu", s, min, max);
}

int
cli_int(const char *s, long min, long max, long *out, char *err,
    size_t errlen)
{
	long v;

	if (s == NULL)
		return bad("", err, errlen);
	if (!is_decimal(s, true))
		return bad(s, err, errlen);
	errno = 0;
	v = strtol(s, NULL, 10);
	if (errno == ERANGE || v < min || v > max)
		return errf(err, errlen, "invalid argument: '%s': out of "
		    "range: %ld <= value <= %ld", s, min, max);
	*out = v;
	return 0;
}

/*
 * [+-]? digits* [. digits*] ([eE] [+-]? digits)? with at least one mantissa
 * digit: refuses what strtod() would also take (blanks, hex, nan, inf).
 */
static bool
is_decimal_float(const char *s)
{
	bool digits = false;

	if (*s == '-' || *s == '+')
		s++;
	for (; isdigit((unsigned char)*s); s++)
		digits = true;
	if (*s == '.')
		for (s++; isdigit((unsigned char)*s); s++)
			digits = true;
	if (!digits)
		return false;
	if (*s == 'e' || *s == 'E') {
		s++;
		if (*s == '-' || *s == '+')
			s++;
		return all_digits(s);
	}
	return *s == '\0';
}

/* strtod in the C locale: "0.2" must mean 0.2 whatever LC_NUMERIC says. */
static double
c_strtod(const char *s)
{
	locale_t c = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
	double v;

	if (c == (locale_t)0)
		return strtod(s, NULL);
	v = strtod_l(s, NULL, c);
	freelocale(c);
	return v;
}

int
cli_double(const char *s, double min, double max, double *out,
    char *err, size_t errlen)
{
	double v;

	if (s == NULL)
		return bad("", err, errlen);
	if (!is_decimal_float(s))
		return bad(s, err, errlen);
	errno = 0;
	v = c_strtod(s);
	/* underflow to a tiny value is harmless; overflow gives inf */
	if (!isfinite(v) || v < min || v > max)
		return errf(err, errlen, "invalid argument: '%s': out of "
		    "range: %g <= value <= %g", s, min, max);
	*out = v;
	return 0;
}

/* ns as seconds with no trailing zeros: 200000000 -> "0.2". */
static void
fmt_sec(int64_t ns, char *buf, size_t len)
{
	const char *sign = ns < 0 ? "-" : "";
	uint64_t u = ns < 0 ? (uint64_t)0 - (uint64_t)ns : (uint64_t)ns;
	uint64_t frac = u % (uint64_t)NS_PER_SEC;
	int w = 9;

	if (frac == 0) {
		snprintf(buf, len, "%s%" PRIu64, sign, u / NS_PER_SEC);
		return;
	}
	while (frac % 10 == 0) {
		frac /= 10;
		w--;
	}
	snprintf(buf, len, "%s%" PRIu64 ".%0*" PRIu64, sign, u / NS_PER_SEC,
	    w, frac);
}

/*
 * Exact decimal seconds -> ns, no floating point ("0.1" is 100000000, not
 * 99999999). Digits past the ninth decimal are dropped (sub-ns). Returns
 * false on a malformed string; *ovf on a magnitude past int64 ns.
 */
static bool
parse_sec(const char *s, int64_t *ns, bool *ovf)
{
	bool neg = false, digits = false;
	uint64_t v = 0;
	int fd = 0;

	*ovf = false;
	if (*s == '-' || *s == '+')
		neg = *s++ == '-';
	for (; isdigit((unsigned char)*s); s++, digits = true) {
		if (v > (UINT64_MAX - 9) / 10)
			*ovf = true;
		else
			v = v * 10 + (uint64_t)(*s - '0');
	}
	if (v > (uint64_t)(INT64_MAX / NS_PER_SEC))
		*ovf = true;
	v *= (uint64_t)NS_PER_SEC;
	if (*s == '.') {
		uint64_t scale = (uint64_t)NS_PER_SEC;

		for (s++; isdigit((unsigned char)*s); s++, digits = true) {
			if (fd++ < 9) {
				scale /= 10;
				v += (uint64_t)(*s - '0') * scale;
			}
		}
	}
	if (!digits || *s != '\0')
		return false;
	if (v > (uint64_t)INT64_MAX)
		*ovf = true;
	*ns = *ovf ? 0 : (neg ? -(int64_t)v : (int64_t)v);
	return true;
}

int
cli_seconds_ns(const char *s, int64_t min_ns, int64_t max_ns,
    int64_t *out, char *err, size_t errlen)
{
	char lo[32], hi[32];
	bool ovf;
	int64_t v;

	if (s == NULL)
		return bad("", err, errlen);
	if (!parse_sec(s, &v, &ovf))
		return bad(s, err, errlen);
	if (ovf || v < min_ns || v > max_ns) {
		fmt_sec(min_ns, lo, sizeof(lo));
		fmt_sec(max_ns, hi, sizeof(hi));
		return errf(err, errlen, "invalid argument: '%s': out of "
		    "range: %s <= value <= %s", s, lo, hi);
	}
	*out = v;
	return 0;
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int
cli_hexpattern(const char *s, uint8_t *pat, size_t cap, size_t *len,
    char *err, size_t errlen)
{
	size_t n = 0, i;

	if (s == NULL)
		s = "";
	for (i = 0; s[i] != '\0'; i++)
		if (hexval(s[i]) < 0)
			break;
	if (i == 0 || s[i] != '\0')
		return errf(err, errlen,
		    "patterns must be specified as hex digits: '%s'", s);
	/* as iputils' sscanf("%2x"...): pairs, an odd last digit alone, and
	 * digits past cap bytes ignored */
	for (i = 0; s[i] != '\0' && n < cap; n++) {
		int v = hexval(s[i++]);

		if (s[i] != '\0')
			v = v << 4 | hexval(s[i++]);
		pat[n] = (uint8_t)v;
	}
	*len = n;
	return 0;
}

void
cli_version(FILE *fp, const char *prog)
{
	fprintf(fp, "%s from %s %s\n", prog, PACKAGE_NAME, PACKAGE_VERSION);
#ifdef HAVE_LIBCAP
	fputs("libcap: yes", fp);
#else
	fputs("libcap: no", fp);
#endif
	fputs(", kernel timestamps: yes, ICMP datagram sockets: yes, "
	    "IPv6: yes\n", fp);
}

void
cli_verror(FILE *fp, const char *prog, bool utf8, const char *fmt,
    va_list ap)
{
	char *msg = NULL, *safe = NULL, p[ESC_MAXGROW * 256];
	size_t n;

	esc_str(prog, utf8, p, sizeof(p));
	/* arguments may be long: the whole line, sized for it */
	if (vasprintf(&msg, fmt, ap) >= 0) {
		n = ESC_MAXGROW * strlen(msg) + 1;
		if ((safe = malloc(n)) != NULL)
			esc_line(msg, utf8, safe, n);
	}
	fprintf(fp, "%s: %s\n", p, safe != NULL ? safe : "out of memory");
	fflush(fp);
	free(safe);
	free(msg);
}
