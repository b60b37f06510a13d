/*
 * unit_addr.h: an address from its text for the suites (one helper, not
 * one per suite); AF_UNSPEC takes either family. A text that does not
 * parse fails the test.
 */
#ifndef ICMPTOOLS_UNIT_ADDR_H
#define ICMPTOOLS_UNIT_ADDR_H

#include <check.h>

#include "addr.h"

static inline struct addr
unit_addr(int af, const char *s)
{
	struct addr a;

	ck_assert_msg(addr_pton(af, s, &a), "not an address: %s", s);
	return a;
}

/* Either family. */
static inline struct addr
unit_a(const char *s)
{
	return unit_addr(AF_UNSPEC, s);
}

#endif
