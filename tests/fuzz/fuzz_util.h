/*
 * fuzz_util.h: what the command-line harnesses share: an argv built from
 * the input (split at NUL bytes, at most FUZZ_MAXARGS, each argument in
 * its own allocation so ASan sees any over-read), a watch on fds 1 and 2
 * (a parser must not print: main reports its one line; sanitizer reports
 * still reach the real stderr), and the check of an error line.
 */
#ifndef ICMPTOOLS_FUZZ_UTIL_H
#define ICMPTOOLS_FUZZ_UTIL_H

#include <sys/stat.h>

#include <sanitizer/common_interface_defs.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define FUZZ_MAXARGS	64

struct fuzz_argv {
	int	 argc;
	char	*argv[FUZZ_MAXARGS + 2];
};

static inline char *
fuzz_strndup(const char *s, size_t n)
{
	char *p = malloc(n + 1);

	if (p == NULL)
		abort();
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

/* argv[0] = prog, then the input's NUL-separated pieces. */
static inline void
fuzz_argv_make(struct fuzz_argv *a, const char *prog, const uint8_t *d,
    size_t n)
{
	const char *p = (const char *)d, *end = p + n;

	a->argc = 0;
	a->argv[a->argc++] = fuzz_strndup(prog, strlen(prog));
	while (p < end && a->argc < FUZZ_MAXARGS + 1) {
		const char *z = memchr(p, '\0', (size_t)(end - p));
		size_t l = z != NULL ? (size_t)(z - p) : (size_t)(end - p);

		a->argv[a->argc++] = fuzz_strndup(p, l);
		p += l + 1;
	}
	a->argv[a->argc] = NULL;
}

/* getopt may have permuted the pointers: every one is still ours. */
static inline void
fuzz_argv_free(struct fuzz_argv *a)
{
	for (int i = 0; i < a->argc; i++)
		free(a->argv[i]);
}

/* fds 1 and 2 go to a scratch file while the parser runs. */
struct fuzz_quiet {
	int	 saved[2];
	int	 sink;
};

/* The real stderr, kept for reports made while it is redirected. */
static int fuzz_stderr = -1;

static inline void
fuzz_quiet_begin(struct fuzz_quiet *q)
{
	static int sink = -1;

	if (sink == -1) {
		FILE *fp = tmpfile();

		if (fp == NULL || (fuzz_stderr = dup(2)) == -1)
			abort();
		sink = fileno(fp);
		/* sanitizer reports go on reaching the real stderr */
		__sanitizer_set_report_fd((void *)(intptr_t)fuzz_stderr);
	}
	fflush(stdout);
	fflush(stderr);
	if (ftruncate(sink, 0) == -1 || lseek(sink, 0, SEEK_SET) == -1)
		abort();
	q->sink = sink;
	q->saved[0] = dup(1);
	q->saved[1] = dup(2);
	if (q->saved[0] == -1 || q->saved[1] == -1 || dup2(sink, 1) == -1 ||
	    dup2(sink, 2) == -1)
		abort();
}

/* Restore fds 1 and 2; true if nothing was written meanwhile. */
static inline bool
fuzz_quiet_end(struct fuzz_quiet *q)
{
	struct stat st;

	fflush(stdout);
	fflush(stderr);
	if (dup2(q->saved[0], 1) == -1 || dup2(q->saved[1], 2) == -1)
		abort();
	close(q->saved[0]);
	close(q->saved[1]);
	return fstat(q->sink, &st) == 0 && st.st_size == 0;
}

/*
 * An error as main reports it: one non-empty line, no control character
 * (a newline would make two lines, an escape would reach the terminal).
 */
static inline bool
fuzz_one_line(const char *err, size_t errlen)
{
	size_t n = strnlen(err, errlen);

	if (n == 0 || n == errlen)
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)err[i] < 0x20 || err[i] == 0x7f)
			return false;
	return true;
}

/* Report a broken contract on the real stderr, then crash there. */
static inline void
fuzz_fail(const char *what, const char *err)
{
	if (fuzz_stderr != -1)
		(void)dup2(fuzz_stderr, 2);
	fprintf(stderr, "fuzz: %s: [%s]\n", what, err);
	abort();
}

#define FUZZ_CHECK(cond, what, err)					\
	do {								\
		if (!(cond))						\
			fuzz_fail((what), (err));			\
	} while (0)

#endif
