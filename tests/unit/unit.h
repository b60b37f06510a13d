/*
 * unit.h: how every Check suite's main() ends: run the suite (forked per
 * test as fork says: CK_FORK, CK_NOFORK or CK_FORK_GETENV for Check's
 * CK_FORK environment default) and turn the failures into an exit status.
 */
#ifndef ICMPTOOLS_UNIT_H
#define ICMPTOOLS_UNIT_H

#include <check.h>
#include <stdlib.h>

static inline int
unit_run(Suite *s, enum fork_status fork)
{
	SRunner *sr = srunner_create(s);
	int nf;

	srunner_set_fork_status(sr, fork);
	srunner_run_all(sr, CK_NORMAL);
	nf = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nf == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

#endif
