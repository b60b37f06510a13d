/*
 * json.h: JSON (RFC 8259) for the tools' machine-readable output. Two
 * layers:
 *  - json_escape(): pure, no I/O: any bytes (a reverse name from a hostile
 *    DNS answer, a whois line, an argument) into the inside of a JSON
 *    string that is plain ASCII: '"', '\\' and every control character
 *    (C0, DEL) escaped, valid UTF-8 as \u escapes (surrogate pairs above
 *    U+FFFF), and what is not valid UTF-8 (RFC 3629: shortest form, no
 *    surrogates, at most U+10FFFF) as \ufffd, the replacement character,
 *    once per maximal subpart (as Python's and WHATWG's decoders).
 *    Nothing raw ever passes.
 *  - struct json: a writer on a FILE * that keeps the commas, the nesting
 *    and the indentation, so a printer only says what it writes. Misuse
 *    (a value where a key is due, too deep, an unbalanced end) is
 *    remembered and reported by json_finish(), never written.
 * Numbers are integers or fixed-point decimals from integers, so no
 * locale and no floating point rounding reach the output.
 */
#ifndef ICMPTOOLS_JSON_H
#define ICMPTOOLS_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define JSON_MAX_DEPTH	32
/* Longest escape of one input byte: "\ufffd" (6 characters). */
#define JSON_ESC_MAXGROW	6

/*
 * Escape n bytes of s (NUL bytes included) into out as the inside of a
 * JSON string (no quotes). out is always NUL-terminated when outlen > 0
 * and cut only between two escapes. Returns the length the whole text
 * needs (without the NUL): >= outlen means it was cut.
 */
size_t	json_escape(const char *s, size_t n, char *out, size_t outlen);

struct json {
	FILE		*fp;
	unsigned	 indent;		/* spaces per level, 0: one line */
	unsigned	 depth;
	bool		 obj[JSON_MAX_DEPTH];	/* level is an object */
	bool		 any[JSON_MAX_DEPTH];	/* level has a member */
	bool		 keyed;			/* a key waits for its value */
	bool		 done;			/* the top value is complete */
	bool		 bad;			/* misuse seen */
};

/* A writer of one JSON value (usually an object) on fp. */
void	json_init(struct json *j, FILE *fp, unsigned indent);
void	json_obj(struct json *j);
void	json_obj_end(struct json *j);
void	json_arr(struct json *j);
void	json_arr_end(struct json *j);
/* A member's key (in an object); its value follows. */
void	json_key(struct json *j, const char *key);
/* A string (NULL: null) of strlen(s) or n bytes, escaped as above. */
void	json_str(struct json *j, const char *s);
void	json_strn(struct json *j, const char *s, size_t n);
void	json_int(struct json *j, int64_t v);
void	json_uint(struct json *j, uint64_t v);
/* v / 10^places written exactly: json_dec(j, 12345, 3) is 12.345. */
void	json_dec(struct json *j, int64_t v, unsigned places);
void	json_bool(struct json *j, bool v);
void	json_null(struct json *j);
/* Key and value in one call. */
void	json_kstr(struct json *j, const char *key, const char *s);
void	json_kint(struct json *j, const char *key, int64_t v);
void	json_kuint(struct json *j, const char *key, uint64_t v);
void	json_kdec(struct json *j, const char *key, int64_t v,
	    unsigned places);
void	json_kbool(struct json *j, const char *key, bool v);
void	json_knull(struct json *j, const char *key);
/* Open containers still open (0 once the value is complete). */
unsigned json_depth(const struct json *j);
/*
 * Close what is still open (a run cut short ends as valid JSON), end the
 * line and flush. Returns 0, or -1 if the writer was misused or fp has
 * an error.
 */
int	json_finish(struct json *j);

#endif
