/*
 * ping_opts.c: ping's command line. One table of options (getopt_long)
 * feeds one setter per option; numbers are parsed strictly (range,
 * trailing junk) with iputils' wording; every error is one line returned
 * to the caller instead of printed. Unlike iputils 20221126, garbage after
 * -i/-W is an error, not a warning.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "cli.h"
#include "clock.h"
#include "ping_opts.h"
#include "sock.h"

enum {
	OPT_TYPE = 256, OPT_HELP, OPT_TSTAMP, OPT_MASK, OPT_ECHO,
};

static const char shortopts[] =
    ":46aAbBc:CdDe:fF:hI:i:jl:Lm:M:nN:Op:qQ:rRs:S:T:t:UvVw:W:g:G:";

static const struct option longopts[] = {
	{ "ipv4",		no_argument,		NULL, '4' },
	{ "ipv6",		no_argument,		NULL, '6' },
	{ "audible",		no_argument,		NULL, 'a' },
	{ "adaptive",		no_argument,		NULL, 'A' },
	{ "broadcast",		no_argument,		NULL, 'b' },
	{ "count",		required_argument,	NULL, 'c' },
	{ "print-timestamps",	no_argument,		NULL, 'D' },
	{ "flood",		no_argument,		NULL, 'f' },
	{ "interface",		required_argument,	NULL, 'I' },
	{ "interval",		required_argument,	NULL, 'i' },
	{ "json",		no_argument,		NULL, 'j' },
	{ "preload",		required_argument,	NULL, 'l' },
	{ "pmtu-discovery",	required_argument,	NULL, 'M' },
	{ "numeric",		no_argument,		NULL, 'n' },
	{ "report-outstanding",	no_argument,		NULL, 'O' },
	{ "pattern",		required_argument,	NULL, 'p' },
	{ "quiet",		no_argument,		NULL, 'q' },
	{ "tos",		required_argument,	NULL, 'Q' },
	{ "record-route",	no_argument,		NULL, 'R' },
	{ "size",		required_argument,	NULL, 's' },
	{ "ip-timestamp",	required_argument,	NULL, 'T' },
	{ "ttl",		required_argument,	NULL, 't' },
	{ "verbose",		no_argument,		NULL, 'v' },
	{ "version",		no_argument,		NULL, 'V' },
	{ "deadline",		required_argument,	NULL, 'w' },
	{ "timeout",		required_argument,	NULL, 'W' },
	{ "linger",		required_argument,	NULL, 'W' },
	{ "loose-route",	required_argument,	NULL, 'g' },
	{ "strict-route",	required_argument,	NULL, 'G' },
	{ "type",		required_argument,	NULL, OPT_TYPE },
	{ "timestamp",		no_argument,		NULL, OPT_TSTAMP },
	{ "address",		no_argument,		NULL, OPT_MASK },
	{ "mask",		no_argument,		NULL, OPT_MASK },
	{ "echo",		no_argument,		NULL, OPT_ECHO },
	{ "help",		no_argument,		NULL, OPT_HELP },
	{ "sticky-source",	no_argument,		NULL, 'B' },
	{ "connect",		no_argument,		NULL, 'C' },
	{ "debug",		no_argument,		NULL, 'd' },
	{ "identifier",		required_argument,	NULL, 'e' },
	{ "flowlabel",		required_argument,	NULL, 'F' },
	{ "no-loopback",	no_argument,		NULL, 'L' },
	{ "mark",		required_argument,	NULL, 'm' },
	{ "nodeinfo",		required_argument,	NULL, 'N' },
	{ "dontroute",		no_argument,		NULL, 'r' },
	{ "sndbuf",		required_argument,	NULL, 'S' },
	{ "user-latency",	no_argument,		NULL, 'U' },
	{ NULL, 0, NULL, 0 },
};

static const struct {
	const char	*name;
	enum ping_type	 type;
} types[] = {
	{ "echo", PING_TYPE_ECHO },
	{ "timestamp", PING_TYPE_TSTAMP },
	{ "address", PING_TYPE_MASK },
	{ "mask", PING_TYPE_MASK },
};

static const struct {
	const char	*name;
	enum ping_pmtu	 v;
} pmtus[] = {
	{ "do", PING_PMTU_DO }, { "dont", PING_PMTU_DONT },
	{ "want", PING_PMTU_WANT },
};

static const struct {
	const char	*name;
	enum ping_ipts	 v;
} iptss[] = {
	{ "tsonly", PING_IPTS_TSONLY }, { "tsandaddr", PING_IPTS_TSANDADDR },
	{ "tsprespec", PING_IPTS_PRESPEC },
};

struct pstate {
	struct ping_opts *o;
	char		*err;
	size_t		 errlen;
	bool		 pmtu_set;
};

static int
fail(struct pstate *ps, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(ps->err, ps->errlen, fmt, ap);
	va_end(ap);
	/* one line, whatever the quoted argument holds */
	if (ps->errlen > 0)
		cli_oneline(ps->err, ps->errlen);
	return -1;
}

/* -i, -W: a finite, non-negative decimal number of seconds. */
static int
seconds(struct pstate *ps, const char *s, double min, const char *what,
    int64_t *out)
{
	char *end;
	double v;

	errno = 0;
	if (s[0] == '\0' || strchr(s, 'x') != NULL || strchr(s, 'X') != NULL)
		return fail(ps, "%s: %s", what, s);
	v = strtod(s, &end);
	if (errno != 0 || end == s || *end != '\0' || !isfinite(v) ||
	    isless(v, min) || isgreater(v, (double)(INT_MAX / 1000)))
		return fail(ps, "%s: %s", what, s);
	*out = (int64_t)llround(v * (double)NS_PER_SEC);
	return 0;
}

static int
number(struct pstate *ps, const char *s, unsigned long min,
    unsigned long max, unsigned long *out)
{
	return cli_uint(s, min, max, out, ps->err, ps->errlen);
}

/* Decimal or 0x hex, no sign or space: 0 and *v, 1 not a number, 2
 * out of range (errno from strtoul). */
static int
dec_or_hex(const char *s, unsigned long *v)
{
	const char *p = s;
	char *end;
	int base = 10;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		p = s + 2;
		base = 16;
	}
	if (*p == '\0' || *p == '-' || *p == '+' || *p == ' ')
		return 1;
	errno = 0;
	*v = strtoul(p, &end, base);
	if (*end != '\0')
		return 1;
	return errno != 0 ? 2 : 0;
}

/* -Q: 0-255, iputils' two messages. */
static int
set_tos(struct pstate *ps, const char *s)
{
	unsigned long v;
	int rc = dec_or_hex(s, &v);

	if (rc == 1)
		return fail(ps, "bad TOS value: %s", s);
	if (rc == 2 || v > 255)
		return fail(ps, "the decimal value of TOS bits must be in "
		    "range 0-255: %s", s);
	ps->o->tos = (int)v;
	return 0;
}

/* -I: an IPv6 address (with optional %scope), an IPv4 address, or a
 * device name (iputils' rule: a ':' means IPv6). */
static int
set_iface(struct pstate *ps, char *s)
{
	struct ping_opts *o = ps->o;
	char buf[ADDR_STRLEN + 1];
	char *pct;

	o->source_text = s;
	if (strchr(s, ':') != NULL) {
		pct = strchr(s, '%');
		if (strlen(s) >= sizeof(buf))
			return fail(ps, "invalid source address: %s", s);
		strcpy(buf, s);
		if (pct != NULL) {
			buf[pct - s] = '\0';
			if (pct[1] != '\0')
				o->device = pct + 1;
		}
		if (!addr_pton(AF_INET6, buf, &o->source))
			return fail(ps, "invalid source address: %s", s);
	} else if (!addr_pton(AF_INET, s, &o->source)) {
		if (s[0] == '\0')
			return fail(ps, "invalid source address: %s", s);
		o->device = s;
	}
	return 0;
}

/* -F: 20 bits (iputils' parse_flow and words). */
static int
set_flowlabel(struct pstate *ps, const char *s)
{
	unsigned long v;
	int rc = dec_or_hex(s, &v);

	/* an overflow (ULONG_MAX) is iputils' "bad value" too */
	if (rc != 0 || v == ULONG_MAX)
		return fail(ps, "bad value for flowinfo: %s", s);
	if (v > 0xfffff)
		return fail(ps, "flow value is greater than 20 bits: %s", s);
	ps->o->flowlabel = (uint32_t)v;
	ps->o->flowlabel_set = true;
	return 0;
}

static int
set_route(struct pstate *ps, const char *s, bool strict)
{
	struct ping_opts *o = ps->o;

	if (o->nroute > 0 && o->strict_route != strict)
		return fail(ps, "only one of -g or -G may be used");
	if (o->nroute >= PING_MAX_ROUTE - 1)
		return fail(ps, "too many hops in the source route (max %d)",
		    PING_MAX_ROUTE - 1);
	o->strict_route = strict;
	o->route[o->nroute++] = s;
	return 0;
}

static int
set_type(struct pstate *ps, const char *s)
{
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (strcmp(s, types[i].name) == 0) {
			ps->o->type = types[i].type;
			return 0;
		}
	return fail(ps, "unsupported packet type: %s", s);
}

static int
set_pmtu(struct pstate *ps, const char *s)
{
	for (size_t i = 0; i < sizeof(pmtus) / sizeof(pmtus[0]); i++)
		if (strcmp(s, pmtus[i].name) == 0) {
			ps->o->pmtu = pmtus[i].v;
			return 0;
		}
	return fail(ps, "invalid -M argument: %s", s);
}

static int
set_ipts(struct pstate *ps, const char *s)
{
	if (ps->o->record_route)
		return fail(ps, "only one of -T or -R may be used");
	for (size_t i = 0; i < sizeof(iptss) / sizeof(iptss[0]); i++)
		if (strcmp(s, iptss[i].name) == 0) {
			ps->o->ipts = iptss[i].v;
			return 0;
		}
	return fail(ps, "invalid timestamp type: %s", s);
}

static int
set_family(struct pstate *ps, int af)
{
	if (ps->o->af != AF_UNSPEC && ps->o->af != af)
		return fail(ps, "only one -4 or -6 option may be specified");
	ps->o->af = af;
	return 0;
}

/* -w (whole seconds), -i and -W (seconds, fractions allowed). */
static int
time_opt(struct pstate *ps, int ch, const char *arg)
{
	struct ping_opts *o = ps->o;
	unsigned long v;

	switch (ch) {
	case 'w':
		if (number(ps, arg, 0, INT_MAX, &v) == -1)
			return -1;
		o->deadline_ns = (int64_t)v * NS_PER_SEC;
		return 0;
	case 'i':
		o->interval_set = true;
		return seconds(ps, arg, 0.0, "bad timing interval",
		    &o->interval_ns);
	}
	o->timeout_set = true;		/* -W */
	return seconds(ps, arg, 0.001, "bad linger time", &o->timeout_ns);
}

/* Options whose argument is a number. */
static int
numeric_opt(struct pstate *ps, int ch, const char *arg)
{
	struct ping_opts *o = ps->o;
	unsigned long v;

	switch (ch) {
	case 'c':
		if (number(ps, arg, 1, LONG_MAX, &v) == -1)
			return -1;
		o->count = v;
		return 0;
	case 'l':
		if (number(ps, arg, 1, PING_MAX_PRELOAD, &v) == -1)
			return -1;
		if (!o->privileged && v > 3)
			return fail(ps, "cannot set preload to value greater "
			    "than 3: %lu", v);
		o->preload = (unsigned)v;
		return 0;
	case 's':
		if (number(ps, arg, 0, INT_MAX, &v) == -1)
			return -1;
		o->size = v;
		return 0;
	case 't':
		if (number(ps, arg, 1, 255, &v) == -1)
			return -1;
		o->ttl = (int)v;
		return 0;
	case 'w':
	case 'i':
	case 'W':
		return time_opt(ps, ch, arg);
	case 'p':
		return cli_hexpattern(arg, o->pattern, sizeof(o->pattern),
		    &o->patlen, ps->err, ps->errlen);
	case 'e':
		if (number(ps, arg, 0, 0xffff, &v) == -1)
			return -1;
		o->ident = (uint16_t)v;
		o->ident_set = true;
		return 0;
	case 'm':
		if (number(ps, arg, 0, UINT32_MAX, &v) == -1)
			return -1;
		o->mark = (uint32_t)v;
		o->mark_set = true;
		return 0;
	case 'S':
		if (number(ps, arg, 1, INT_MAX, &v) == -1)
			return -1;
		o->sndbuf = (int)v;
		return 0;
	case 'Q':
		return set_tos(ps, arg);
	}
	return 1;
}

static int
flag_opt(struct pstate *ps, int ch)
{
	struct ping_opts *o = ps->o;

	switch (ch) {
	case 'a': o->audible = true; break;
	case 'A': o->adaptive = true; break;
	case 'b': o->broadcast = true; break;
	case 'D': o->print_time = true; break;
	case 'j': o->json = true; break;
	case 'f': o->flood = true; o->numeric = true; break;
	case 'n': o->numeric = true; break;
	case 'O': o->outstanding = true; break;
	case 'q': o->quiet = true; break;
	case 'v': o->verbose = true; break;
	case 'B': o->sticky_source = true; break;
	case 'C': o->connect = true; break;
	case 'd': o->debug = true; break;
	case 'L': o->mcast_noloop = true; break;
	case 'r': o->dontroute = true; break;
	case 'U': o->user_latency = true; break;
	case 'R':
		if (o->ipts != PING_IPTS_NONE)
			return fail(ps, "only one of -T or -R may be used");
		o->record_route = true;
		break;
	case 'h':
	case OPT_HELP: o->action = PING_ACT_HELP; break;
	case 'V': o->action = PING_ACT_VERSION; break;
	case OPT_TSTAMP: o->type = PING_TYPE_TSTAMP; break;
	case OPT_MASK: o->type = PING_TYPE_MASK; break;
	case OPT_ECHO: o->type = PING_TYPE_ECHO; break;
	default:
		return 1;
	}
	return 0;
}

/* -N: iputils' words (nodeinfo.c); help ends the parse, as iputils
 * prints the list the moment it reads it. */
static int
set_nodeinfo(struct pstate *ps, const char *arg)
{
	char e[320];

	if (nodeinfo_parse_arg(&ps->o->ni, arg, e, sizeof(e)) == -1)
		return fail(ps, "%s", e);
	if (ps->o->ni.help)
		ps->o->action = PING_ACT_NIHELP;
	return 0;
}

static int
one_opt(struct pstate *ps, int ch, char *arg)
{
	int rc;

	if ((rc = flag_opt(ps, ch)) != 1)
		return rc;
	if ((rc = numeric_opt(ps, ch, arg)) != 1)
		return rc;
	switch (ch) {
	case '4':
		return set_family(ps, AF_INET);
	case '6':
		return set_family(ps, AF_INET6);
	case 'I':
		return set_iface(ps, arg);
	case 'M':
		return set_pmtu(ps, arg);
	case 'T':
		return set_ipts(ps, arg);
	case 'F':
		return set_flowlabel(ps, arg);
	case 'N':
		if (ps->o->nniopt == PING_MAX_NIOPTS)
			return fail(ps, "too many -N options (max %d)",
			    PING_MAX_NIOPTS);
		ps->o->niopt[ps->o->nniopt++] = arg;
		return set_nodeinfo(ps, arg);
	case 'g':
	case 'G':
		return set_route(ps, arg, ch == 'G');
	case OPT_TYPE:
		return set_type(ps, arg);
	}
	return fail(ps, "invalid option -- '%c'", ch);
}

/* getopt's complaint, in glibc's words, as our one line. */
static int
bad_option(struct pstate *ps, int ch, char *argv[], int lastind)
{
	const char *typed = argv[lastind];
	bool islong = typed != NULL && strncmp(typed, "--", 2) == 0;

	if (ch == ':') {
		if (islong) {
			size_t n = strcspn(typed, "=");

			return fail(ps, "option '%.*s' requires an argument",
			    (int)n, typed);
		}
		return fail(ps, "option requires an argument -- '%c'",
		    optopt);
	}
	if (islong) {
		if (optopt != 0)
			return fail(ps, "option '%.*s' doesn't allow an "
			    "argument", (int)strcspn(typed, "="), typed);
		return fail(ps, "unrecognized option '%s'", typed);
	}
	return fail(ps, "invalid option -- '%c'", optopt);
}

/* Operands: [hop ...] host (iputils); with -T tsprespec the hops are the
 * prespecified addresses. */
static int
operands(struct pstate *ps, int n, char *args[])
{
	struct ping_opts *o = ps->o;
	size_t max;

	if (n == 0)
		return fail(ps, "usage error: Destination address required");
	o->host = args[n - 1];
	if (n == 1)
		return 0;
	if (o->record_route || (o->ipts != PING_IPTS_NONE &&
	    o->ipts != PING_IPTS_PRESPEC))
		return fail(ps, "extra operand '%s': only -T tsprespec or a "
		    "source route takes several hosts", args[0]);
	max = o->ipts == PING_IPTS_PRESPEC ? PING_MAX_PRESPEC :
	    PING_MAX_ROUTE - 1;
	if (o->nroute + (size_t)(n - 1) > max)
		return fail(ps, "too many hops in the %s (max %zu)",
		    o->ipts == PING_IPTS_PRESPEC ? "timestamp option" :
		    "source route", max);
	for (int i = 0; i < n - 1; i++)
		o->route[o->nroute++] = args[i];
	return 0;
}

static void
defaults(struct ping_opts *o, bool privileged)
{
	memset(o, 0, sizeof(*o));
	o->af = AF_UNSPEC;
	o->interval_ns = NS_PER_SEC;
	o->timeout_ns = 10 * NS_PER_SEC;
	o->size = PING_DEF_SIZE;
	o->tos = -1;
	o->preload = 1;
	o->privileged = privileged;
}

/* Rules that need every option seen. */
static int
finish(struct pstate *ps)
{
	struct ping_opts *o = ps->o;
	int64_t min = PING_USER_MIN_INTERVAL_MS * NS_PER_MS;

	if (o->flood && !o->interval_set)
		o->interval_ns = 0;
	/* iputils refuses it after its header (ping_opts_refusal) */
	o->too_fast = !o->privileged && o->interval_ns < min;
	if (o->ipts == PING_IPTS_PRESPEC && o->nroute > 0 && o->strict_route)
		return fail(ps, "-T tsprespec takes its addresses as operands");
	if (o->nroute > 0 && (o->record_route || (o->ipts != PING_IPTS_NONE &&
	    o->ipts != PING_IPTS_PRESPEC)))
		return fail(ps, "only one of -R, -T or a source route may be "
		    "used");
	if (o->ipts == PING_IPTS_PRESPEC && o->nroute == 0)
		return fail(ps, "-T tsprespec needs at least one address "
		    "before the host");
	if (o->af == AF_INET6 && o->type != PING_TYPE_ECHO)
		return fail(ps, "--type=%s is IPv4 only", o->type ==
		    PING_TYPE_TSTAMP ? "timestamp" : "address");
	if (o->nniopt > 0 && !o->ni.qtype_set)
		return fail(ps, "-N %s: a subject needs a query (name, ipv6, "
		    "ipv4 ...)", o->niopt[0]);
	if (o->nniopt > 0 && (o->af == AF_INET || o->type != PING_TYPE_ECHO))
		return fail(ps, "NodeInfo client is for IPv6 only");
	return 0;
}

int
ping_opts_parse(int argc, char *argv[], bool privileged, struct ping_opts *o,
    char *err, size_t errlen)
{
	struct pstate ps = { o, err, errlen, false };
	int ch, lastind;

	defaults(o, privileged);
	if (argc > 0 && argv[0] != NULL) {
		size_t n = strlen(argv[0]);

		/* iputils: called as ping4 / ping6 */
		if (n > 0 && argv[0][n - 1] == '4')
			o->af = AF_INET;
		else if (n > 0 && argv[0][n - 1] == '6')
			o->af = AF_INET6;
	}
	optind = 0;
	opterr = 0;
	for (;;) {
		ch = getopt_long(argc, argv, shortopts, longopts, NULL);
		if (ch == -1)
			break;
		if (ch == '?' || ch == ':') {
			/* getopt has stepped past the offending element */
			lastind = optind - 1;
			if (lastind >= argc)
				lastind = argc - 1;
			if (lastind < 1)
				lastind = 1;
			return bad_option(&ps, ch, argv, lastind);
		}
		if (one_opt(&ps, ch, optarg) == -1)
			return -1;
		if (o->action == PING_ACT_NIHELP)
			return 0;
	}
	if (o->action != PING_ACT_RUN)
		return 0;
	if (operands(&ps, argc - optind, argv + optind) == -1)
		return -1;
	return finish(&ps);
}

/* The long option s (after "--", up to '=') names, as getopt_long
 * reads it: an exact name, else a unique prefix; NULL if none. Prefixes
 * of several names that agree on their argument count as the first. */
static const struct option *
long_named(const char *s, size_t n)
{
	const struct option *p, *hit = NULL;

	for (p = longopts; p->name != NULL; p++)
		if (strncmp(p->name, s, n) == 0 && p->name[n] == '\0')
			return p;
	for (p = longopts; p->name != NULL; p++) {
		if (strncmp(p->name, s, n) != 0)
			continue;
		if (hit != NULL && hit->has_arg != p->has_arg)
			return NULL;	/* ambiguous: getopt refuses it */
		if (hit == NULL)
			hit = p;
	}
	return hit;
}

/* A bundle of short options "-abc...": 1 if it holds j, else whether its
 * last letter takes the next argument (2) or not (0). */
static int
short_bundle(const char *s)
{
	const char *p;

	for (; *s != '\0'; s++) {
		if (*s == 'j')
			return 1;
		if (*s == ':' || (p = strchr(shortopts, *s)) == NULL)
			continue;	/* getopt refuses it, and goes on */
		if (p[1] == ':')
			return s[1] == '\0' ? 2 : 0;
	}
	return 0;
}

bool
ping_opts_wants_json(int argc, char *argv[])
{
	const struct option *lo;
	const char *a;
	size_t n;

	for (int i = 1; i < argc && argv[i] != NULL; i++) {
		a = argv[i];
		if (strcmp(a, "--") == 0)
			break;
		if (a[0] != '-' || a[1] == '\0')
			continue;	/* an operand */
		if (a[1] != '-') {
			switch (short_bundle(a + 1)) {
			case 1:
				return true;
			case 2:
				i++;
				break;
			}
			continue;
		}
		n = strcspn(a + 2, "=");
		if (n == 0 || (lo = long_named(a + 2, n)) == NULL)
			continue;
		if (lo->val == 'j')
			return true;
		if (lo->has_arg == required_argument && a[2 + n] == '\0')
			i++;
	}
	return false;
}

#define XSTR(x)	STR(x)
#define STR(x)	#x

const char *
ping_opts_refusal(const struct ping_opts *o)
{
	return o->too_fast ? "cannot flood; minimal interval allowed for "
	    "user is " XSTR(PING_USER_MIN_INTERVAL_MS) "ms" : NULL;
}

size_t
ping_opts_ipoptlen(const struct ping_opts *o)
{
	if (o->record_route || o->ipts != PING_IPTS_NONE || o->nroute > 0)
		return PING_IPOPT_LEN;
	return 0;
}

size_t
ping_opts_max_size(const struct ping_opts *o, int af)
{
	/* 65535 minus the IP header (IPv4 only: IPv6's payload length
	 * excludes its header) and the ICMP header */
	if (af == AF_INET6)
		return 65535 - 8;
	if (o->type == PING_TYPE_TSTAMP)
		return 12;
	if (o->type == PING_TYPE_MASK)
		return 4;
	return 65535 - 20 - 8 - ping_opts_ipoptlen(o);
}

int
ping_opts_check_af(const struct ping_opts *o, int af, char *err,
    size_t errlen)
{
	const char *what = NULL;
	size_t max;

	if (af == AF_INET && o->nniopt > 0) {
		snprintf(err, errlen, "NodeInfo client is for IPv6 only");
		return -1;
	}
	if (af == AF_INET6) {
		if (o->record_route)
			what = "-R";
		else if (o->ipts != PING_IPTS_NONE)
			what = "-T";
		else if (o->nroute > 0)
			what = "a source route";
		else if (o->broadcast)
			what = "-b";
		else if (o->type != PING_TYPE_ECHO)
			what = "--type";
		if (what != NULL) {
			snprintf(err, errlen, "%s is IPv4 only", what);
			return -1;
		}
	}
	max = ping_opts_max_size(o, af);
	if (o->type == PING_TYPE_ECHO && o->size > max) {
		snprintf(err, errlen, "invalid argument: '%zu': out of range: "
		    "0 <= value <= %zu", o->size, max);
		return -1;
	}
	return 0;
}

void
ping_opts_usage(FILE *fp)
{
	fputs("Usage: ping [OPTION]... [HOP]... DESTINATION\n"
	    "Sends ICMP echo requests (ICMPv6 for IPv6) to DESTINATION, shows "
	    "each reply\n"
	    "with its round trip, and sums up loss and times at the end.\n"
	    "\n"
	    "How many and how often:\n"
	    "  -c, --count=N          stop after N replies (or errors)\n"
	    "  -i, --interval=SEC     seconds between requests (1; below "
	    "0.002 root only)\n"
	    "  -f, --flood            as fast as replies come (root, or -i of "
	    "2 ms or more)\n"
	    "  -l, --preload=N        send N at once first (more than 3: root "
	    "only)\n"
	    "  -A, --adaptive         interval follows the round trip\n"
	    "  -w, --deadline=SEC     stop after SEC seconds, whatever came\n"
	    "  -W, --timeout=SEC      how long to wait for a late reply (10)\n"
	    "\n"
	    "What is sent:\n"
	    "  -s, --size=N           data bytes per request (56)\n"
	    "  -p, --pattern=HEX      fill the data with these bytes (up to "
	    "16)\n"
	    "  -t, --ttl=N            time to live / hop limit\n"
	    "  -Q, --tos=N            type of service / traffic class\n"
	    "  -M, --pmtu-discovery=do|dont|want\n"
	    "                         set DF and never fragment / clear DF / "
	    "discover\n"
	    "  -e, --identifier=N     the echo identifier\n"
	    "      --type=echo|timestamp|address\n"
	    "                         the request (timestamp, address mask: "
	    "IPv4, raw)\n"
	    "\n"
	    "Where from and how:\n"
	    "  -4, -6                 IPv4 or IPv6 only\n"
	    "  -I, --interface=DEV|ADDR\n"
	    "                         send through a device or from an "
	    "address\n"
	    "  -B, --sticky-source    keep the first source address for good\n"
	    "  -C, --connect          connect() the socket to DESTINATION\n"
	    "  -r, --dontroute        no routing table: an attached network "
	    "only\n"
	    "  -b, --broadcast        allow a broadcast DESTINATION\n"
	    "  -L, --no-loopback      do not loop multicast back here\n"
	    "  -m, --mark=N           firewall mark of the requests\n"
	    "  -S, --sndbuf=N         socket send buffer in bytes\n"
	    "  -d, --debug            SO_DEBUG on the socket\n"
	    "\n"
	    "IPv4 options in the request (HOP operands also make a source "
	    "route):\n"
	    "  -R, --record-route     show the route the replies recorded\n"
	    "  -T, --ip-timestamp=tsonly|tsandaddr|tsprespec\n"
	    "                         have routers stamp the requests\n"
	    "  -g, --loose-route=HOP  loose source route (repeatable)\n"
	    "  -G, --strict-route=HOP strict source route (repeatable)\n"
	    "\n"
	    "IPv6 only:\n"
	    "  -F, --flowlabel=N      flow label (20 bits)\n"
	    "  -N, --nodeinfo=OPT     a Node Information query instead "
	    "(-N help: the list)\n"
	    "\n"
	    "What is printed:\n"
	    "  -n, --numeric          no reverse names\n"
	    "  -q, --quiet            only the first line and the summary\n"
	    "  -v, --verbose          sockets, identifiers, all duplicates\n"
	    "  -D, --print-timestamps the time before each line\n"
	    "  -j, --json             JSON Lines on stdout: an object per "
	    "reply or error,\n"
	    "                         the summary last (fields: ping(8))\n"
	    "  -O, --report-outstanding\n"
	    "                         say when a request is still unanswered\n"
	    "  -U, --user-latency     round trips measured in user space\n"
	    "  -a, --audible          ring the bell on every reply\n"
	    "  -h, --help             this text;  -V, --version: the version\n"
	    "\n"
	    "Exit status: 0 some reply came, 1 none, 2 an error. See ping(8).\n",
	    fp);
}

static int
pmtu_value(enum ping_pmtu p, bool broadcast)
{
	/* IP_PMTUDISC_* and IPV6_PMTUDISC_* share their values */
	switch (p) {
	case PING_PMTU_DO:
		return IP_PMTUDISC_DO;
	case PING_PMTU_DONT:
		return IP_PMTUDISC_DONT;
	case PING_PMTU_WANT:
		return IP_PMTUDISC_WANT;
	case PING_PMTU_DEFAULT:
		break;
	}
	/* iputils: broadcast pings never fragment */
	return broadcast ? IP_PMTUDISC_DO : -1;
}

/* What needs a raw socket: ping sockets carry echo requests only
 * (Linux), and their id is their port (0 is "any"). */
static bool
needs_raw(const struct ping_opts *o)
{
	return o->type != PING_TYPE_ECHO || o->nniopt > 0 ||
	    (o->ident_set && o->ident == 0);
}

const char *
ping_opts_raw_why(const struct ping_opts *o)
{
	if (o->nniopt > 0)
		return "-N";
	if (o->type == PING_TYPE_TSTAMP)
		return "--type=timestamp";
	if (o->type == PING_TYPE_MASK)
		return "--type=address";
	return "-e 0";
}

void
ping_opts_sock(const struct ping_opts *o, int af, struct sock_opts *so)
{
	/* iputils: room for the preload's replies, 64 KiB to 16 MiB */
	size_t rcv = (o->size + 512) * o->preload;

	memset(so, 0, sizeof(*so));
	so->af = af;
	so->proto = af == AF_INET ? IPPROTO_ICMP : IPPROTO_ICMPV6;
	so->pref = needs_raw(o) ? SOCK_PREF_RAW : SOCK_PREF_ANY;
	so->ttl = o->ttl;
	so->tos = o->tos;
	so->pmtudisc = pmtu_value(o->pmtu, o->broadcast);
	so->device = o->device;
	if (o->source.af == af)
		so->src = o->source;
	so->broadcast = o->broadcast;
	so->rcvbuf = rcv < 65536 ? 65536 : (int)(rcv > (1u << 24) ?
	    1u << 24 : rcv);
	so->sndbuf = o->sndbuf;
	so->debug = o->debug;
	so->dontroute = o->dontroute;
	so->mark = o->mark_set ? o->mark : 0;
	so->mcast_noloop = o->mcast_noloop;
	if (af == AF_INET6 && o->flowlabel_set)
		so->flowlabel = o->flowlabel;
	/* -B binds once the source is known */
	so->sport = o->ident_set ? o->ident : 0;
	so->defer_bind = o->sticky_source;
	so->recverr = true;
	so->echo_filter = true;
	so->ni_filter = o->nniopt > 0;
}
