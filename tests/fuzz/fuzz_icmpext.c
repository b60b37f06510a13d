/* fuzz_icmpext: libFuzzer harness for RFC 4884 parsing and -e format. */
#include <stddef.h>
#include <stdint.h>

#include "icmpext.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct icmpext e;
	char buf[512], small[16];

	if (icmpext_parse(data, size, &e) == 0) {
		(void)icmpext_format(&e, buf, sizeof(buf));
		(void)icmpext_format(&e, small, sizeof(small));
	}
	return 0;
}
