/*
 * unit.h: how every Check suite's main() ends: run the suite (forked per
 * test as fork says: CK_FORK, CK_NOFORK or CK_FORK_GETENV for Check's
 * CK_FORK environment default) and turn the failures into an exit status.
 */
#ifndef ICMPTOOLS_UNIT_H
#define ICMPTOOLS_UNIT_H

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define UNIT_MAXARGS	32	/* words of a command line */
#define UNIT_ARGLEN	128	/* bytes of a word */

/*
 * A writable argv from a NULL-ended list of words (getopt_long permutes
 * it, and the parsed options point into it: the copies live on until
 * the next call); returns argc.
 */
static inline int
unit_argv(const char *const *args, char **argv)
{
	static char copy[UNIT_MAXARGS][UNIT_ARGLEN];
	int argc = 0;

	for (; args[argc] != NULL; argc++) {
		ck_assert(argc < UNIT_MAXARGS - 1 &&
		    strlen(args[argc]) < UNIT_ARGLEN);
		strcpy(copy[argc], args[argc]);
		argv[argc] = copy[argc];
	}
	argv[argc] = NULL;
	return argc;
}

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

/* What a printer wrote, captured in memory (open_memstream). */
struct unit_cap {
	FILE	*fp;
	char	*buf;
	size_t	 len;
};

static inline void
unit_cap_open(struct unit_cap *c)
{
	c->buf = NULL;
	c->len = 0;
	c->fp = open_memstream(&c->buf, &c->len);
	ck_assert(c->fp != NULL);
}

/* Close and compare with want; frees the buffer. */
static inline void
unit_cap_check(struct unit_cap *c, const char *want)
{
	fclose(c->fp);
	ck_assert_str_eq(c->buf, want);
	free(c->buf);
}

#endif
