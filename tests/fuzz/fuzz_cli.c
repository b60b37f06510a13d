/*
 * fuzz_cli: libFuzzer harness for every number parser of cli.c. Input:
 * 16 bytes of range (two 64-bit big-endian words, used as min/max by
 * each parser in its own type, swapped if need be), then the string (up
 * to the first NUL). Each parser runs on it with fixed ranges too (the
 * ones the tools use). Contract: 0 and a value inside the range, or -1
 * with one non-empty error line; nothing printed.
 */
#include <limits.h>
#include <math.h>

#include "cli.h"
#include "clock.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define ERR_OK(rc, err)	\
	FUZZ_CHECK((rc) == 0 || ((rc) == -1 && fuzz_one_line((err), \
	    sizeof(err))), "error line", (err))

static void
try_uint(const char *s, unsigned long lo, unsigned long hi)
{
	unsigned long v = 0;
	char err[256] = "";
	int rc = cli_uint(s, lo, hi, &v, err, sizeof(err));

	ERR_OK(rc, err);
	FUZZ_CHECK(rc != 0 || (v >= lo && v <= hi), "cli_uint range", s);
}

static void
try_int(const char *s, long lo, long hi)
{
	long v = 0;
	char err[256] = "";
	int rc = cli_int(s, lo, hi, &v, err, sizeof(err));

	ERR_OK(rc, err);
	FUZZ_CHECK(rc != 0 || (v >= lo && v <= hi), "cli_int range", s);
}

static void
try_double(const char *s, double lo, double hi)
{
	double v = 0;
	char err[256] = "";
	int rc = cli_double(s, lo, hi, &v, err, sizeof(err));

	ERR_OK(rc, err);
	FUZZ_CHECK(rc != 0 || (isfinite(v) && v >= lo && v <= hi),
	    "cli_double range", s);
}

static void
try_sec(const char *s, int64_t lo, int64_t hi)
{
	int64_t v = 0;
	char err[256] = "";
	int rc = cli_seconds_ns(s, lo, hi, &v, err, sizeof(err));

	ERR_OK(rc, err);
	FUZZ_CHECK(rc != 0 || (v >= lo && v <= hi), "cli_seconds_ns range",
	    s);
}

static void
try_hex(const char *s)
{
	uint8_t pat[16];
	size_t len = 0, cap;
	char err[256] = "";
	int rc;

	for (cap = 1; cap <= sizeof(pat); cap *= 4) {
		rc = cli_hexpattern(s, pat, cap, &len, err, sizeof(err));
		ERR_OK(rc, err);
		FUZZ_CHECK(rc != 0 || (len >= 1 && len <= cap),
		    "cli_hexpattern length", s);
	}
}

static uint64_t
be64(const uint8_t *p)
{
	uint64_t v = 0;

	for (int i = 0; i < 8; i++)
		v = v << 8 | p[i];
	return v;
}

static double
as_double(uint64_t v)
{
	double d;

	memcpy(&d, &v, sizeof(d));
	return isfinite(d) ? d : (double)(int64_t)v;
}

static void
ranged(const char *s, uint64_t a, uint64_t b)
{
	double da = as_double(a), db = as_double(b);

	try_uint(s, a < b ? a : b, a < b ? b : a);
	try_int(s, (int64_t)a < (int64_t)b ? (long)a : (long)b,
	    (int64_t)a < (int64_t)b ? (long)b : (long)a);
	try_double(s, da < db ? da : db, da < db ? db : da);
	try_sec(s, (int64_t)a < (int64_t)b ? (int64_t)a : (int64_t)b,
	    (int64_t)a < (int64_t)b ? (int64_t)b : (int64_t)a);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_quiet q;
	char *s;

	if (size < 16)
		return 0;
	s = fuzz_strndup((const char *)data + 16, strnlen((const char *)data +
	    16, size - 16));
	fuzz_quiet_begin(&q);
	ranged(s, be64(data), be64(data + 8));
	try_uint(s, 0, ULONG_MAX);
	try_uint(s, 1, 255);		/* -t, -q */
	try_uint(s, 0, 65535);
	try_int(s, LONG_MIN, LONG_MAX);
	try_int(s, 0, INT_MAX);
	try_double(s, 0, 1e300);
	try_double(s, -1, 1);
	try_sec(s, 0, INT64_MAX);
	try_sec(s, INT64_MIN, INT64_MAX);
	try_sec(s, 200 * NS_PER_MS, 2147483LL * NS_PER_SEC);	/* -i */
	try_hex(s);
	FUZZ_CHECK(fuzz_quiet_end(&q), "a cli parser printed", s);
	free(s);
	return 0;
}
