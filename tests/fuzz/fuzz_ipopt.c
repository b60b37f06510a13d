/* fuzz_ipopt: libFuzzer harness for the IPv4 option walker and printer. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "ipopt.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ipopt_info in;
	FILE *fp;

	if (ipopt_parse(data, size, &in) == IPOPT_OK &&
	    (fp = fopen("/dev/null", "w")) != NULL) {
		ipopt_print(fp, &in);
		fclose(fp);
	}
	return 0;
}
