/*
 * fuzz_icmpext: libFuzzer harness for RFC 4884 parsing and the -e text.
 * Checks the format contract: -1 leaves "", else the text is the whole
 * text cut to the buffer, the same in every buffer size, one line.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "icmpext.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct icmpext e;
	static char big[1 << 18];
	char buf[ICMPEXT_TEXT_MAX], small[16];
	int nb, n, ns;

	if (icmpext_parse(data, size, &e) != 0)
		return 0;
	nb = icmpext_format(&e, big, sizeof(big));
	n = icmpext_format(&e, buf, sizeof(buf));
	ns = icmpext_format(&e, small, sizeof(small));
	if (n != nb || ns != nb)
		abort();
	if (n < 0) {
		if (buf[0] != '\0' || small[0] != '\0')
			abort();
		return 0;
	}
	if ((size_t)nb < sizeof(big) && strlen(big) != (size_t)nb)
		abort();
	if (strlen(buf) != ((size_t)n < sizeof(buf) ? (size_t)n :
	    sizeof(buf) - 1) || strncmp(buf, big, sizeof(buf) - 1) != 0 ||
	    strncmp(small, big, sizeof(small) - 1) != 0)
		abort();
	if (strchr(buf, '\n') != NULL || (n > 0 && buf[0] == '<'))
		abort();
	return 0;
}
