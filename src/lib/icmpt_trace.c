/*
 * icmpt_trace.c: icmpt_trace() (see icmptools.h), on the traceroute
 * program's engine. (Being moved into the library: until then it says so.)
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>

#include "icmptools.h"

int
icmpt_trace(const char *host, unsigned max_hops, unsigned probes,
    struct icmpt_hop *hops, unsigned *nhops, char *err, size_t errlen)
{
	(void)host;
	(void)max_hops;
	(void)probes;
	(void)hops;
	*nhops = 0;
	snprintf(err, errlen, "icmpt_trace: not implemented yet");
	errno = ENOSYS;
	return -1;
}
