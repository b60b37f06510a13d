/*
 * tr_names.h: the names of the addresses a trace prints. Addresses are
 * handed in as soon as they answer so their lookups run while the trace
 * goes on; a hop's line asks for them when it is printed.
 */
#ifndef ICMPTOOLS_TR_NAMES_H
#define ICMPTOOLS_TR_NAMES_H

#include <stddef.h>

#include "addr.h"

struct tr_names;

struct tr_names *tr_names_new(void);
void	tr_names_free(struct tr_names *n);
/* Start resolving a (no-op if already known or pending). */
void	tr_names_add(struct tr_names *n, const struct addr *a);
/* a's name into buf (numeric text when it has none); 0, or -1. */
int	tr_names_get(struct tr_names *n, const struct addr *a, char *buf,
	    size_t len);

#endif
