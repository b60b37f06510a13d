/*
 * fuzz_tr_as: libFuzzer harness for traceroute -A's whois reply parser
 * (tr_as.c), as its client runs it: the reply fed in the pieces a socket
 * gives. Input: byte 0 seeds the piece sizes, the rest is the reply.
 * Contract checked: the bracket text is terminated, non-empty, within
 * TR_AS_TEXT_MAX, has no raw control or non-ASCII byte (escaped or not
 * there), is "*" when no origin was found, and is the same whatever the
 * pieces (one buffer, one byte at a time, seeded sizes).
 */
#include "fuzz_util.h"
#include "tr_as.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static bool
pieces(const char *r, size_t n, unsigned step, char *out, size_t outlen)
{
	struct tr_as_parser p;
	size_t off = 0;

	tr_as_parse_init(&p);
	while (off < n) {
		size_t k = step == 0 ? 1 : 1 + (step * 31 + off) % 97;

		k = k < n - off ? k : n - off;
		tr_as_parse_feed(&p, r + off, k);
		off += k;
	}
	return tr_as_parse_end(&p, out, outlen);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char one[TR_AS_TEXT_MAX], out[TR_AS_TEXT_MAX];
	const char *r;
	size_t n;
	bool found;

	if (size < 1)
		return 0;
	/* its own allocation: ASan sees any read past the reply */
	r = fuzz_strndup((const char *)data + 1, size - 1);
	n = size - 1;
	memset(one, 'z', sizeof(one));
	found = tr_as_parse(r, n, one, sizeof(one));
	FUZZ_CHECK(memchr(one, '\0', sizeof(one)) != NULL, "unterminated", "");
	FUZZ_CHECK(one[0] != '\0', "empty text", one);
	FUZZ_CHECK(esc_clean_line(one, false), "raw byte out", one);
	FUZZ_CHECK(found || strcmp(one, TR_AS_NONE) == 0, "none but not *",
	    one);
	for (unsigned step = 0; step < 2; step++) {
		FUZZ_CHECK(pieces(r, n, step ? data[0] | 1u : 0, out,
		    sizeof(out)) == found, "found differs in pieces", out);
		FUZZ_CHECK(strcmp(out, one) == 0, "text differs in pieces",
		    out);
	}
	free((void *)r);
	return 0;
}
