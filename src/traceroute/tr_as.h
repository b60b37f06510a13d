/*
 * tr_as.h: traceroute's -A (--as-path-lookups): after every address a
 * hop line prints, the origin AS of the most specific route object that
 * covers it, asked of a routing registry by whois (TCP, port 43) as
 * traceroute 2.1.2 asks: the numeric address and CRLF, the reply read to
 * its end. Two parts: a pure parser of a reply into the text printed
 * between the brackets, and the lookups, which run in child processes in
 * parallel with the trace, one per address (cached), each bounded in
 * time, so a slow or silent registry costs the trace that bound at most.
 */
#ifndef ICMPTOOLS_TR_AS_H
#define ICMPTOOLS_TR_AS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "addr.h"
#include "clock.h"
#include "esc.h"

#define TR_AS_RAW_MAX	511	/* origins kept (2.1.2's buffer) */
/* the text printed: every byte of the origins may become "\xNN" */
#define TR_AS_TEXT_MAX	(ESC_MAXGROW * TR_AS_RAW_MAX + 1)
#define TR_AS_LINE_MAX	1024	/* bytes of a reply line looked at */
#define TR_AS_REPLY_MAX	(1024 * 1024)	/* longer: failed */
#define TR_AS_WAIT_NS	(3 * NS_PER_SEC)	/* per lookup, then "!!" */

#define TR_AS_NONE	"*"	/* the registry knows no route for it */
#define TR_AS_FAILED	"!!"	/* no answer: refused, timeout, error */

/*
 * The parser's state; fed any bytes in any pieces. A line is the bytes up
 * to '\n'; only its first TR_AS_LINE_MAX bytes count, the rest of a longer
 * line is dropped (never taken as the start of another line). As in 2.1.2:
 * a line starting "route:" or "route6:" sets the current prefix length
 * (the number after its first '/', 0 if none or above 128); a line
 * starting "origin:" gives its first word to the current prefix. The
 * longest prefix wins; origins of equal prefixes are joined with '/'
 * (each once).
 */
struct tr_as_parser {
	char		 line[TR_AS_LINE_MAX];
	size_t		 linelen;
	int		 prefix;	/* of the last route line */
	int		 best;		/* of the origins in raw */
	char		 raw[TR_AS_RAW_MAX];
	size_t		 rawlen;
};

void	tr_as_parse_init(struct tr_as_parser *p);
/* n bytes of the reply (NUL or any other byte allowed). */
void	tr_as_parse_feed(struct tr_as_parser *p, const char *buf, size_t n);
/*
 * The reply ended (a last line without '\n' counts): the bracket text
 * into out (outlen > 0; always terminated, cut before an escape that
 * does not fit): the origins with every control or non-ASCII byte as
 * \xNN (esc.h) so nothing from the registry reaches the terminal as it
 * is, or TR_AS_NONE. Returns true if an origin was found.
 */
bool	tr_as_parse_end(struct tr_as_parser *p, char *out, size_t outlen);
/* The same for a whole reply in one buffer. */
bool	tr_as_parse(const char *buf, size_t n, char *out, size_t outlen);

/* The registry: one address and port (the first the resolver gives). */
struct tr_as_server {
	struct addr	 a;
	uint16_t	 port;
};

/*
 * server/service through the resolver (getaddrinfo, TCP). A NULL server
 * is RA_SERVER from the environment, else whois.radb.net; a NULL service
 * is RA_SERVICE, else "nicname" (port 43 also where /etc/services lacks
 * it). Returns 0, or -1 with "server/service: reason" in err.
 */
int	tr_as_server_resolve(const char *server, const char *service,
	    struct tr_as_server *s, char *err, size_t errlen);

struct tr_as;

/*
 * Lookups against s, each given wait_ns (TR_AS_WAIT_NS) from its start.
 * NULL when out of memory. Children are started by tr_as_add/tr_as_get
 * only: call them after the privilege drop.
 */
struct tr_as *tr_as_new(const struct tr_as_server *s, int64_t wait_ns);
/* Kills and reaps the lookups still running. */
void	tr_as_free(struct tr_as *as);
/* Start looking a up (no-op if known or pending). */
void	tr_as_add(struct tr_as *as, const struct addr *a);
/*
 * a's bracket text into buf (escaped, as tr_as_parse_end): waits for its
 * lookup until that lookup's time is up, then TR_AS_FAILED. Returns 0.
 */
int	tr_as_get(struct tr_as *as, const struct addr *a, char *buf,
	    size_t len);

#endif
