/*
 * esc.h: text that came from outside (names from the resolver, command-line
 * arguments, anything read off the wire) made safe to print: control
 * characters (C0, DEL, C1) and bytes that are not valid UTF-8 become \xNN,
 * a backslash becomes \\, so nothing can move the cursor, clear the screen
 * or forge a line; valid printable UTF-8 (internationalized names) is kept
 * as it is when the locale is UTF-8, else every byte >= 0x80 is escaped.
 * Pure: no I/O, no allocation.
 */
#ifndef ICMPTOOLS_ESC_H
#define ICMPTOOLS_ESC_H

#include <stdbool.h>
#include <stddef.h>

/* Longest output for one input byte: "\xNN". */
#define ESC_MAXGROW	4

/*
 * Escape n bytes of s into out (outlen > 0: always NUL-terminated; the
 * output is cut before an escape or a UTF-8 sequence that does not fit,
 * never inside one). utf8 keeps valid printable UTF-8. Returns the length
 * the whole escaped text needs (without the NUL): >= outlen means it was
 * cut.
 */
size_t	esc_mem(const char *s, size_t n, bool utf8, char *out, size_t outlen);
/* The same for a NUL-terminated string. */
size_t	esc_str(const char *s, bool utf8, char *out, size_t outlen);
/*
 * The same for one line of a message that may quote outside text (an
 * error naming an argument): as esc_str, but a backslash stays as it is,
 * so escaping an escaped line again changes nothing.
 */
size_t	esc_line(const char *s, bool utf8, char *out, size_t outlen);
/* True if esc_line() would leave s as it is. */
bool	esc_clean_line(const char *s, bool utf8);
/* True if s would print as it is (nothing to escape). */
bool	esc_clean(const char *s, bool utf8);
/* True when LC_CTYPE's codeset is UTF-8 (after setlocale(LC_CTYPE, "")). */
bool	esc_locale_utf8(void);

#endif
