/*
 * ping_opts.h: the ping command line (iputils ping's letters and wording,
 * GNU long names from inetutils ping where iputils has none) -> an
 * immutable struct ping_opts. Parsing never prints and never exits: errors
 * come back as one line of text, so the unit tests can feed argv tables.
 */
#ifndef ICMPTOOLS_PING_OPTS_H
#define ICMPTOOLS_PING_OPTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "addr.h"
#include "nodeinfo.h"

struct sock_opts;

enum ping_action {
	PING_ACT_RUN = 0,
	PING_ACT_HELP,		/* --help, -h: usage on stdout, exit 0 */
	PING_ACT_VERSION,	/* -V, --version */
	PING_ACT_NIHELP,	/* -N help: the -N words on stdout, exit 0 */
};

enum ping_type {
	PING_TYPE_ECHO = 0,	/* ICMP echo (8/0, ICMPv6 128/129) */
	PING_TYPE_TSTAMP,	/* ICMP timestamp (13/14), IPv4 only */
	PING_TYPE_MASK,		/* ICMP address mask (17/18), IPv4 only */
};

enum ping_pmtu {
	PING_PMTU_DEFAULT = 0,	/* kernel default (want) */
	PING_PMTU_DO,		/* -M do: DF set, never fragment */
	PING_PMTU_DONT,		/* -M dont: DF clear */
	PING_PMTU_WANT,		/* -M want: PMTU discovery, fragment locally */
};

enum ping_ipts {
	PING_IPTS_NONE = 0,
	PING_IPTS_TSONLY,	/* -T tsonly */
	PING_IPTS_TSANDADDR,	/* -T tsandaddr */
	PING_IPTS_PRESPEC,	/* -T tsprespec host... (up to 4) */
};

#define PING_MAX_ROUTE		9	/* IPv4 source route addresses */
#define PING_MAX_PRESPEC	4	/* tsprespec addresses */
#define PING_MAX_PATTERN	16	/* -p bytes, as iputils */
#define PING_MAX_PRELOAD	65536
#define PING_DEF_SIZE		56
#define PING_IPOPT_LEN		40	/* IP option space reserved (iputils) */
#define PING_USER_MIN_INTERVAL_MS 2	/* below: root only (iputils) */
#define PING_MAX_NIOPTS		8	/* -N options */

struct ping_opts {
	enum ping_action action;
	int		 af;		/* AF_UNSPEC, AF_INET (-4), AF_INET6 */
	enum ping_type	 type;
	const char	*host;		/* the destination (last operand) */
	/* -g / -G and extra operands (iputils: hop1 ... dst): a source
	 * route; with -T tsprespec the extra operands are the prespecified
	 * addresses instead. Strings point into argv. */
	const char	*route[PING_MAX_ROUTE];
	size_t		 nroute;
	bool		 strict_route;	/* -G: strict, else loose */
	uint64_t	 count;		/* -c, 0: unlimited */
	int64_t		 interval_ns;	/* -i (1 s; 0 with -f) */
	bool		 interval_set;
	int64_t		 timeout_ns;	/* -W: wait for a reply (10 s) */
	bool		 timeout_set;
	int64_t		 deadline_ns;	/* -w, 0: none */
	size_t		 size;		/* -s data bytes (56) */
	uint8_t		 pattern[PING_MAX_PATTERN];	/* -p */
	size_t		 patlen;	/* 0: iputils' 0x00 0x01 ... fill */
	int		 ttl;		/* -t, 0: kernel default */
	int		 tos;		/* -Q, -1: not set */
	const char	*device;	/* -I name (or the %scope of an addr) */
	struct addr	 source;	/* -I address (af 0: none) */
	const char	*source_text;	/* -I as typed, for messages */
	unsigned	 preload;	/* -l (1) */
	enum ping_pmtu	 pmtu;		/* -M */
	enum ping_ipts	 ipts;		/* -T */
	bool		 record_route;	/* -R */
	bool		 flood;		/* -f */
	bool		 adaptive;	/* -A */
	bool		 broadcast;	/* -b */
	bool		 quiet;		/* -q */
	bool		 numeric;	/* -n (and -f, as iputils) */
	bool		 verbose;	/* -v */
	bool		 audible;	/* -a */
	bool		 print_time;	/* -D */
	bool		 json;		/* -j, --json: JSON Lines on stdout */
	bool		 outstanding;	/* -O */
	bool		 sticky_source;	/* -B: bind the first source chosen */
	bool		 connect;	/* -C: connect() the socket */
	bool		 debug;		/* -d: SO_DEBUG */
	bool		 ident_set;	/* -e */
	uint16_t	 ident;		/* the echo identifier */
	bool		 flowlabel_set;	/* -F */
	uint32_t	 flowlabel;	/* IPv6 flow label */
	bool		 mcast_noloop;	/* -L: IP(V6)_MULTICAST_LOOP off */
	bool		 mark_set;	/* -m */
	uint32_t	 mark;		/* SO_MARK */
	bool		 dontroute;	/* -r: SO_DONTROUTE */
	int		 sndbuf;	/* -S: SO_SNDBUF, 0: default */
	bool		 user_latency;	/* -U: user space RTTs (no kernel
					 * receive stamps) */
	const char	*niopt[PING_MAX_NIOPTS];	/* -N, as typed */
	size_t		 nniopt;
	struct ni_query	 ni;		/* -N, parsed (nodeinfo.h) */
	bool		 privileged;	/* what the parser was told */
	bool		 too_fast;	/* an interval below what a user may
					 * have: refused after the header, as
					 * iputils (ping_opts_refusal) */
};

/*
 * Parse argv into *o. privileged says whether the user may flood, use
 * intervals below 200 ms and preload more than 3 (iputils: the real user
 * is root). On error returns -1 with one line in err (no newline, no
 * program name), else 0. Uses getopt_long (resets optind). Strings in *o
 * point into argv.
 */
int	ping_opts_parse(int argc, char *argv[], bool privileged,
	    struct ping_opts *o, char *err, size_t errlen);
/*
 * Checks that need the destination's family (af): IPv4-only options,
 * the payload size against what fits in one IP datagram. Returns 0, or -1
 * with one line in err.
 */
int	ping_opts_check_af(const struct ping_opts *o, int af, char *err,
	    size_t errlen);
/* Largest -s for af given the options (IP options take room in IPv4). */
size_t	ping_opts_max_size(const struct ping_opts *o, int af);
/* Bytes of IP options the run sends (iputils reserves 40 for any). */
size_t	ping_opts_ipoptlen(const struct ping_opts *o);
/*
 * What iputils refuses only after printing its header: an interval below
 * PING_USER_MIN_INTERVAL_MS for a user who is not root. NULL when none,
 * else the line (without program name).
 */
const char *ping_opts_refusal(const struct ping_opts *o);
/*
 * Whether -j or --json is among argv's options, read as getopt_long
 * would read them (a bundle's letters up to one that takes an argument,
 * an option's separate argument skipped, nothing after "--"), without
 * parsing anything else: so an error in the options can be reported as
 * JSON too. Pure; never prints.
 */
bool	ping_opts_wants_json(int argc, char *argv[]);
/* The --help text on fp. */
void	ping_opts_usage(FILE *fp);

/* The socket o asks for in family af (without the IPv4 options: the
 * caller builds them), and what in o needs a raw socket ("-N",
 * "--type=timestamp" ...) for the refusal a normal user gets. */
void	ping_opts_sock(const struct ping_opts *o, int af,
	    struct sock_opts *so);
const char *ping_opts_raw_why(const struct ping_opts *o);

#endif
