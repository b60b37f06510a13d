/*
 * tr_multipath.h: traceroute --multipath: every load-balanced path to the
 * destination (mda.h), probed over the sockets tr_main opened, printed as
 * a graph at the end (tr_mp_print.h). Never exits itself.
 */
#ifndef ICMPTOOLS_TR_MULTIPATH_H
#define ICMPTOOLS_TR_MULTIPATH_H

#include <stddef.h>

#include "tr_run.h"

/*
 * Discover and print. Returns EXIT_OK when the destination answered,
 * EXIT_NOREPLY when not, EXIT_ERROR with one line in err (a method that
 * cannot vary the flow, a send error, no memory).
 */
int	tr_multipath(const struct tr_run_cfg *c, char *err, size_t errlen);

#endif
