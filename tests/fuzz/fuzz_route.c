/* fuzz_route: libFuzzer harness for the netlink route answer parser that
 * traceroute --multipath reads its first hop from (route.c). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "route.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int n = route_parse_nexthops(data, size);

	/* -1, or next hops that each took at least 8 bytes of the input */
	if (n == 0 || n < -1 || (n > 1 && (size_t)n * 8 > size))
		abort();
	return 0;
}
