/*
 * ping_print.h: every line ping prints, in iputils ping's format, from
 * events and summaries that ping_run fills in. Printers take a FILE * and
 * never parse bytes, never look at a socket or a clock.
 */
#ifndef ICMPTOOLS_PING_PRINT_H
#define ICMPTOOLS_PING_PRINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "addr.h"
#include "ipopt.h"
#include "ping_opts.h"
#include "stats.h"

/* What the printer needs to know of the options. */
struct ping_print_cfg {
	bool		 quiet, flood, audible, print_time, verbose;
	bool		 multicast;	/* broadcast/multicast: DUP! only -v */
	bool		 json;		/* -j: events as JSON (ping_json.h) */
	size_t		 datalen;	/* -s: shorter replies are truncated */
};

/* The header line (and iputils' PATTERN line before it). */
struct ping_header {
	int		 af;
	enum ping_type	 type;
	const char	*host;		/* as typed, or the canonical name */
	const char	*addr;		/* IPv4: numeric; IPv6: as iputils'
					 * pr_addr ("name (addr)" unless -n) */
	const char	*source;	/* -I address (numeric) or NULL */
	const char	*device;	/* -I device or NULL */
	size_t		 datalen;	/* ICMP data bytes */
	size_t		 ipoptlen;	/* IPv4 option bytes */
	const uint8_t	*pattern;	/* -p bytes, NULL if none */
	size_t		 patlen;
};

enum ping_ev_kind {
	PING_EV_SENT = 0,	/* a request left (flood: '.') */
	PING_EV_REPLY,		/* echo / timestamp / mask reply */
	PING_EV_ERROR,		/* ICMP error quoting our request */
	PING_EV_NOTE,		/* redirect / source quench (not an error) */
	PING_EV_LOCAL,		/* local error (EMSGSIZE, ...) */
	PING_EV_NOANSWER,	/* -O: the previous request is unanswered */
};

struct ping_event {
	enum ping_ev_kind kind;
	int64_t		 wall_ns;	/* CLOCK_REALTIME, for -D */
	const char	*from;		/* "name (addr)" or "addr" */
	const struct addr *src;		/* JSON: the source (else from) */
	const char	*name;		/* JSON: its reverse name, raw bytes
					 * (NULL: none looked up or found) */
	uint16_t	 seq;
	uint16_t	 ident;		/* the echo id (-v shows it) */
	size_t		 bytes;		/* ICMP bytes received */
	int		 ttl;		/* -1: unknown */
	bool		 has_rtt;
	int64_t		 rtt_ns;
	bool		 dup;
	bool		 forged;	/* send time failed authentication */
	long		 bad_byte;	/* -1, or index in data of the first
					 * byte that differs from what we
					 * sent */
	uint8_t		 bad_want;
	const uint8_t	*data;		/* received data (for the dump) */
	size_t		 datalen;
	size_t		 dump_from;	/* first data byte of the dump */
	const char	*text;		/* ERROR / NOTE / LOCAL text */
	uint8_t		 icmp_type, icmp_code;	/* ERROR / NOTE */
	const char	*ni_text;	/* -N reply: its names or addresses,
					 * escaped (nodeinfo_reply_text) */
	const struct ipopt_info *opts;	/* RR / TS to show, or NULL */
	bool		 same_route;	/* RR equal to the previous one */
	enum ping_type	 type;
	uint32_t	 ts_orig, ts_recv, ts_xmit;	/* ms since 0h UT */
	uint32_t	 mask;
};

struct ping_summary {
	const char	*host;		/* escaped for the terminal */
	const char	*raw_host;	/* JSON: the same, raw bytes */
	const struct addr *dst;		/* JSON: the destination */
	uint64_t	 sent, received, dups, corrupted, errors;
	int64_t		 elapsed_ns;
	const struct stats_rtt *rtt;	/* NULL: no timing */
	unsigned	 pipe;		/* most requests in flight */
	bool		 ipg;		/* flood / adaptive / -i 0 */
	int64_t		 ewma_ns;
};

void	ping_print_header(FILE *fp, const struct ping_print_cfg *c,
	    const struct ping_header *h);
void	ping_print_event(FILE *fp, const struct ping_print_cfg *c,
	    const struct ping_event *ev);
/* Final statistics (SIGINT, end of run). */
void	ping_print_summary(FILE *fp, const struct ping_summary *s);
/* SIGQUIT: one line, iputils puts it on stderr. */
void	ping_print_status(FILE *fp, const struct ping_summary *s);
/* " time=0.045 ms" with iputils' precision rules, into buf. */
void	ping_print_rtt(char *buf, size_t len, int64_t rtt_ns);

/* The lines outside the run's events (stderr): "WARNING: what", a
 * failed send, and -v's sockets and lookup (the lookup's line goes to
 * out, none when out is NULL: -j). */
struct ping_verbose {
	const char	*prog;
	int		 fd4, fd6;	/* -1: not open */
	const char	*kind4, *kind6;	/* SOCK_RAW, SOCK_DGRAM, "0" */
	int		 hint_af, dst_af;
	const char	*canon;		/* escaped */
};
void	ping_print_warning(FILE *fp, const char *what);
void	ping_print_send_error(FILE *fp, int err);
void	ping_print_verbose(FILE *err, FILE *out, const struct ping_verbose *v);

#endif
