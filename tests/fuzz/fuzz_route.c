/* fuzz_route: libFuzzer harness for the netlink answer parsers that
 * traceroute --multipath reads its first hop from (route.c): the route's
 * next hops and the policy rule dump. */
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
	enum route_rules v = route_parse_rules(data, size);

	if (n == 0 || n < -1 || (n > 1 && (size_t)n * 8 > size))
		abort();
	/* a verdict needs a whole message: 16 bytes at least */
	if (v != ROUTE_RULES_BAD && v != ROUTE_RULES_MORE && size < 16)
		abort();
	return 0;
}
