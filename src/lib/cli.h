/*
 * cli.h: strict parsers for command-line values, shared by both tools.
 * A value is accepted only if the whole string is a number of the right
 * kind within [min, max] (no trailing junk, no sign where not allowed, no
 * empty string). On error they return -1 and write a one-line message in
 * iputils' wording, without the program name (control characters of the
 * quoted value shown as '?'):
 *   invalid argument: 'abc'
 *   invalid argument: '300': out of range: 1 <= value <= 255
 */
#ifndef ICMPTOOLS_CLI_H
#define ICMPTOOLS_CLI_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Unsigned decimal integer (0x.. hex allowed only if base 0 is wanted). */
int	cli_uint(const char *s, unsigned long min, unsigned long max,
	    unsigned long *out, char *err, size_t errlen);
/* Signed decimal integer. */
int	cli_int(const char *s, long min, long max, long *out, char *err,
	    size_t errlen);
/* Finite decimal number (no nan/inf, no hex floats). */
int	cli_double(const char *s, double min, double max, double *out,
	    char *err, size_t errlen);
/* Seconds as a decimal number ("0.2", "5") into ns, range in ns. */
int	cli_seconds_ns(const char *s, int64_t min_ns, int64_t max_ns,
	    int64_t *out, char *err, size_t errlen);
/*
 * ping -p: up to cap bytes of hex digits ("ff00" -> ff 00; an odd last
 * digit is a low nibble as iputils: "f" -> 0f). Error text as iputils:
 *   patterns must be specified as hex digits: 'xyz'
 */
int	cli_hexpattern(const char *s, uint8_t *pat, size_t cap, size_t *len,
	    char *err, size_t errlen);
/*
 * One error line "PROG: MESSAGE\n" on fp, escaped as a whole (esc.h): the
 * message may echo an argument or a name, and must stay one line that
 * cannot drive the terminal. The caller exits.
 */
void	cli_verror(FILE *fp, const char *prog, bool utf8, const char *fmt,
	    va_list ap);
/*
 * Keep a message in s (cap bytes) one harmless line: control characters
 * and invalid UTF-8 (a newline or a terminal escape in an argument it
 * quotes) become \xNN as esc_line() does, cut to fit. Every error of the
 * parsers here has been through it. Returns s.
 */
char	*cli_oneline(char *s, size_t cap);
/* "<prog> from icmptools 0.1.0" and the feature line, for --version. */
void	cli_version(FILE *fp, const char *prog);

#endif
