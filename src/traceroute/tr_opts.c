/*
 * tr_opts.c: traceroute's command line. A table of options (getopt_long)
 * feeds one setter per option; every number is parsed strictly (range,
 * trailing junk) and every error is one line in traceroute 2.1.2's
 * wording, returned to the caller instead of printed.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "cli.h"
#include "clock.h"
#include "tr_opts.h"

enum {
	OPT_MTU = 256, OPT_BACK, OPT_SPORT, OPT_FWMARK, OPT_HELP,
	OPT_GAP, OPT_CLASSIC, OPT_EXIT_STATUS, OPT_UDPLITE,
	OPT_REPORT, OPT_INTERVAL, OPT_MULTIPATH, OPT_JSON,
};

struct optmeta {
	int		 val;
	const char	*shortname;	/* "-q" or NULL */
	const char	*longname;	/* "queries" or NULL */
	const char	*metavar;	/* "nqueries" or NULL (no argument);
					 * "[...]": the argument is optional */
};

static const struct optmeta optmeta[] = {
	{ '4', "-4", NULL, NULL },
	{ '6', "-6", NULL, NULL },
	{ 'd', "-d", "debug", NULL },
	{ 'F', "-F", "dont-fragment", NULL },
	{ 'f', "-f", "first", "first_ttl" },
	{ 'g', "-g", "gateway", "gate,..." },
	{ 'I', "-I", "icmp", NULL },
	{ 'T', "-T", "tcp", NULL },
	{ 'U', "-U", "udp", NULL },
	{ 'i', "-i", "interface", "device" },
	{ 'm', "-m", "max-hops", "max_ttl" },
	{ 'N', "-N", "sim-queries", "squeries" },
	{ 'n', "-n", NULL, NULL },
	{ 'p', "-p", "port", "port" },
	{ 't', "-t", "tos", "tos" },
	{ 'l', "-l", "flowlabel", "flow_label" },
	{ 'w', "-w", "wait", "MAX,HERE,NEAR" },
	{ 'q', "-q", "queries", "nqueries" },
	{ 'r', "-r", NULL, NULL },
	{ 's', "-s", "source", "src_addr" },
	{ 'z', "-z", "sendwait", "sendwait" },
	{ 'e', "-e", "extensions", NULL },
	{ 'A', "-A", "as-path-lookups", NULL },
	{ 'M', "-M", "module", "name" },
	{ 'O', "-O", "options", "OPTS,..." },
	{ 'D', "-D", "dccp", NULL },
	{ 'P', "-P", "protocol", "prot" },
	{ OPT_UDPLITE, "-UL", "UL", NULL },
	{ 'V', "-V", "version", NULL },
	{ OPT_SPORT, NULL, "sport", "num" },
	{ OPT_FWMARK, NULL, "fwmark", "num" },
	{ OPT_MTU, NULL, "mtu", NULL },
	{ OPT_BACK, NULL, "back", NULL },
	{ OPT_HELP, NULL, "help", NULL },
	{ OPT_GAP, NULL, "gap-limit", "N" },
	{ OPT_CLASSIC, NULL, "classic", NULL },
	{ OPT_CLASSIC, NULL, "no-flow-stable", NULL },
	{ OPT_EXIT_STATUS, NULL, "exit-status", NULL },
	{ OPT_REPORT, NULL, "report", "[CYCLES]" },
	{ OPT_INTERVAL, NULL, "interval", "SECONDS" },
	{ OPT_MULTIPATH, NULL, "multipath", "[CONFIDENCE]" },
	{ OPT_JSON, NULL, "json", NULL },
};
#define NOPTMETA	(sizeof(optmeta) / sizeof(optmeta[0]))

static const char shortopts[] = ":46dFf:g:ITUi:m:N:np:t:l:w:q:rs:z:eAM:O:DP:V";

static const struct {
	const char		*name;
	enum trace_proto	 id;
} methods[] = {
	{ "default", TRACE_UDP },
	{ "icmp", TRACE_ICMP },
	{ "tcp", TRACE_TCP },
	{ "udp", TRACE_UDPFIX },
	{ "raw", TRACE_RAW },
	{ "dccp", TRACE_DCCP },
	{ "udplite", TRACE_UDPLITE },
	{ "tcpconn", TRACE_TCPCONN },
};

/* Parsing state: the options plus what the error messages need. */
struct pstate {
	struct tr_opts	*o;
	int		 argpos;	/* argv index of the option's argument */
	const char	*optname;	/* "-q" / "--queries" as typed */
	bool		 method_set;
	bool		 queries_set;	/* -q given */
	bool		 interval_set;
	char		*err;
	size_t		 errlen;
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

static int
cannot(struct pstate *ps, const char *arg)
{
	return fail(ps, "Cannot handle `%s' option with arg `%s' (argc %d)",
	    ps->optname, arg, ps->argpos);
}

/* Strict unsigned: decimal (or 0x hex), no sign, no junk, <= max. */
static bool
parse_ulong(const char *s, unsigned long max, unsigned long *out)
{
	char *end;
	unsigned long v;

	if (s[0] == '\0' || s[0] == '-' || s[0] == '+' || s[0] == ' ')
		return false;
	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno != 0 || *end != '\0' || v > max)
		return false;
	*out = v;
	return true;
}

/* Strict finite double: no junk, no inf/nan, no hex. */
static bool
parse_double(const char *s, double *out)
{
	char *end;
	double v;

	if (s[0] == '\0' || strpbrk(s, "xXnNiI") != NULL)
		return false;
	errno = 0;
	v = strtod(s, &end);
	if (errno != 0 || end == s || *end != '\0' || !isfinite(v))
		return false;
	*out = v;
	return true;
}

static int
set_uint(struct pstate *ps, const char *arg, unsigned long min,
    unsigned long max, unsigned long *out)
{
	if (!parse_ulong(arg, max, out) || *out < min)
		return cannot(ps, arg);
	return 0;
}

/* A port: 1..65535, or a service name of /etc/services (2.1.2). */
static int
set_port(struct pstate *ps, const char *arg, unsigned long *out)
{
	struct servent *se;

	if (arg[0] != '\0' && strspn(arg, "0123456789") == 0 &&
	    (se = getservbyname(arg, NULL)) != NULL) {
		*out = ntohs((uint16_t)se->s_port);
		return *out >= 1 ? 0 : cannot(ps, arg);
	}
	return set_uint(ps, arg, 1, 65535, out);
}

static int
set_method(struct pstate *ps, enum trace_proto m)
{
	if (ps->method_set && ps->o->method != m)
		return fail(ps, "conflicting methods: `%s' and `%s'",
		    tr_opts_method_name(ps->o->method), tr_opts_method_name(m));
	ps->o->method = m;
	ps->method_set = true;
	return 0;
}

static int
set_module(struct pstate *ps, const char *arg)
{
	for (size_t i = 0; i < sizeof(methods) / sizeof(methods[0]); i++)
		if (strcmp(arg, methods[i].name) == 0)
			return set_method(ps, methods[i].id);
	return fail(ps, "Unknown traceroute module %s", arg);
}

/* -w MAX[,HERE[,NEAR]]: as 2.1.2, unspecified factors become 0 (off). */
static int
set_wait(struct pstate *ps, const char *arg)
{
	char buf[128], *f[3] = { NULL, NULL, NULL }, *save = NULL;
	double v[3] = { 0, 0, 0 };
	size_t n = 0;

	if (strlen(arg) >= sizeof(buf) || arg[0] == '\0' ||
	    arg[strlen(arg) - 1] == ',' || strstr(arg, ",,") != NULL)
		return cannot(ps, arg);
	strcpy(buf, arg);
	for (char *t = strtok_r(buf, ",", &save); t != NULL;
	    t = strtok_r(NULL, ",", &save)) {
		if (n == 3)
			return cannot(ps, arg);
		f[n++] = t;
	}
	for (size_t i = 0; i < n; i++)
		if (!parse_double(f[i], &v[i]))
			return cannot(ps, arg);
	if (v[0] < 0 || v[1] < 0 || v[2] < 0)
		return fail(ps, "bad wait specifications `%g,%g,%g' used",
		    v[0], v[1], v[2]);
	if (v[0] > 86400)
		return cannot(ps, arg);
	ps->o->wait_max = v[0];
	ps->o->wait_here = v[1];
	ps->o->wait_near = v[2];
	return 0;
}

/* -z: > 10 means milliseconds, else seconds (2.1.2). */
static int
set_sendwait(struct pstate *ps, const char *arg)
{
	double v;

	if (!parse_double(arg, &v) || v < 0 || v > 86400 * 1000.0)
		return cannot(ps, arg);
	/* 2.1.2: 10 and above are milliseconds, below that seconds */
	if (v >= 10)
		v /= 1000.0;
	ps->o->sendwait_ns = (int64_t)llround(v * (double)NS_PER_SEC);
	return 0;
}

/* -g gate,... (may repeat). */
static int
set_gateways(struct pstate *ps, const char *arg)
{
	const char *p = arg;
	struct tr_opts *o = ps->o;

	for (;;) {
		size_t n = strcspn(p, ",");

		if (n == 0 || n >= sizeof(o->gateways[0]))
			return cannot(ps, arg);
		if (o->ngateways == TR_MAX_GATEWAYS)
			return fail(ps, "Too many gateways specified. "
			    "No more than %d", TR_MAX_GATEWAYS);
		memcpy(o->gateways[o->ngateways], p, n);
		o->gateways[o->ngateways][n] = '\0';
		o->ngateways++;
		if (p[n] == '\0')
			return 0;
		p += n + 1;
	}
}

/* -O OPTS: kept as typed, parsed for the method once it is known. */
static int
add_modopt(struct pstate *ps, const char *arg)
{
	struct tr_opts *o = ps->o;

	if (o->nmodopt == TR_MAX_MODOPTS)
		return fail(ps, "Too many module options");
	o->modopt[o->nmodopt++] = arg;
	return 0;
}

/* -P prot: the raw method with protocol=prot (2.1.2). */
static int
set_raw(struct pstate *ps, const char *arg)
{
	struct tr_opts *o = ps->o;
	size_t n = strlen(arg);

	if (n == 0 || n >= sizeof(o->protocol_opt) - 9)
		return cannot(ps, arg);
	snprintf(o->protocol_opt, sizeof(o->protocol_opt), "protocol=%s",
	    arg);
	if (set_method(ps, TRACE_RAW) == -1)
		return -1;
	return add_modopt(ps, o->protocol_opt);
}

/* --report[=CYCLES] (10), --interval=SECONDS (1), --json. */
static int
set_report(struct pstate *ps, int c, const char *arg)
{
	struct tr_opts *o = ps->o;
	unsigned long v;
	double d;

	switch (c) {
	case OPT_REPORT:
		if (arg == NULL)
			v = TR_REPORT_CYCLES;
		else if (!parse_ulong(arg, ULONG_MAX, &v) || v < 1 ||
		    v > TRACE_MAX_PROBES)
			return fail(ps, "bad number of report cycles `%s': "
			    "1 to %u", arg, TRACE_MAX_PROBES);
		o->report = (unsigned)v;
		return 0;
	case OPT_INTERVAL:
		if (!parse_double(arg, &d) || !(d > 0) || d > 3600)
			return fail(ps, "bad interval `%s': more than 0, at most "
			    "3600 seconds", arg);
		o->interval = d;
		ps->interval_set = true;
		return 0;
	}
	o->json = true;
	return 0;
}

/* --report's rules: one probe per hop per round, -q rounds per cycle. */
static int
check_report(struct pstate *ps)
{
	struct tr_opts *o = ps->o;

	if (o->report == 0)
		return ps->interval_set ? fail(ps, "--interval needs "
		    "--report") : 0;
	/* mtr's one probe per hop per cycle, unless -q says more */
	if (!ps->queries_set)
		o->nqueries = 1;
	if ((unsigned long)o->report * o->nqueries * o->max_ttl >
	    TRACE_MAX_PROBES)
		return fail(ps, "--report=%u with -q %u and -m %u is more "
		    "than %u probes", o->report, o->nqueries, o->max_ttl,
		    TRACE_MAX_PROBES);
	return 0;
}

/* --multipath[=CONFIDENCE]: a percentage (95, 99.5%) or a fraction
 * (0.95); 95% when not given. */
static int
set_multipath(struct pstate *ps, const char *arg)
{
	char buf[32];
	size_t n;
	double v;

	ps->o->multipath = 0.95;
	if (arg == NULL)
		return 0;
	n = strlen(arg);
	if (n == 0 || n >= sizeof(buf))
		return cannot(ps, arg);
	memcpy(buf, arg, n + 1);
	if (buf[n - 1] == '%')
		buf[n - 1] = '\0';
	if (!parse_double(buf, &v))
		return cannot(ps, arg);
	if (v >= 1)
		v /= 100;
	if (!(v >= 0.5 && v <= 0.999 + 1e-9))
		return fail(ps, "bad multipath confidence `%s' (50 to 99.9%%)",
		    arg);
	ps->o->multipath = v;
	return 0;
}

/* -q, -m, -f: what is sent per hop and how far, with 2.1.2's limits. */
static int
apply_hops(struct pstate *ps, int c, const char *arg)
{
	struct tr_opts *o = ps->o;
	unsigned long v;

	if (!parse_ulong(arg, ULONG_MAX, &v))
		return cannot(ps, arg);
	switch (c) {
	case 'q':
		if (v < 1 || v > TR_MAX_QUERIES)
			return fail(ps, "no more than %d probes per hop",
			    TR_MAX_QUERIES);
		o->nqueries = (unsigned)v;
		ps->queries_set = true;
		return 0;
	case 'm':
		if (v > 255)
			return fail(ps, "max hops cannot be more than 255");
		o->max_ttl = (unsigned)v;
		return 0;
	}
	o->first_ttl = v > 256 ? 256 : (unsigned)v;	/* -f */
	return 0;
}

/* Options that take a number into a field. */
static int
apply_number(struct pstate *ps, int c, const char *arg)
{
	struct tr_opts *o = ps->o;
	unsigned long v;

	switch (c) {
	case 'q':
	case 'm':
	case 'f':
		return apply_hops(ps, c, arg);
	case 'N':
		if (set_uint(ps, arg, 1, 65536, &v) == -1)
			return -1;
		o->sim_queries = (unsigned)v;
		return 0;
	case 'p':
		if (set_port(ps, arg, &v) == -1)
			return -1;
		o->port = (uint16_t)v;
		o->port_set = true;
		return 0;
	case OPT_SPORT:
		if (set_port(ps, arg, &v) == -1)
			return -1;
		o->sport = (uint16_t)v;
		o->sim_queries = 1;
		return 0;
	case 't':
		if (set_uint(ps, arg, 0, 255, &v) == -1)
			return -1;
		o->tos = (int)v;
		return 0;
	case 'l':
		if (set_uint(ps, arg, 0, 0xfffff, &v) == -1)
			return -1;
		o->flowlabel = (uint32_t)v;
		return 0;
	case OPT_FWMARK:
		if (set_uint(ps, arg, 0, UINT32_MAX, &v) == -1)
			return -1;
		o->fwmark = (uint32_t)v;
		return 0;
	case OPT_GAP:
		if (set_uint(ps, arg, 1, 255, &v) == -1)
			return -1;
		o->gap_limit = (unsigned)v;
		return 0;
	}
	return fail(ps, "internal: option %d", c);
}

static int
apply(struct pstate *ps, int c, const char *arg)
{
	struct tr_opts *o = ps->o;

	switch (c) {
	case '4':
	case '6':
		if (o->af != AF_UNSPEC && o->af != (c == '4' ? AF_INET :
		    AF_INET6))
			return fail(ps, "-4 and -6 cannot be used together");
		o->af = c == '4' ? AF_INET : AF_INET6;
		return 0;
	case 'd': o->debug = true; return 0;
	case 'F': o->dontfrag = true; return 0;
	case 'n': o->numeric = true; return 0;
	case 'r': o->dontroute = true; return 0;
	case 'e': o->ext = true; return 0;
	case 'A': o->as_lookups = true; return 0;
	case 'V': o->action = TR_ACT_VERSION; return 0;
	case OPT_HELP: o->action = TR_ACT_HELP; return 0;
	case OPT_BACK: o->back = true; return 0;
	case OPT_CLASSIC: o->classic = true; return 0;
	case OPT_EXIT_STATUS: o->exit_status = true; return 0;
	case OPT_REPORT:
	case OPT_INTERVAL:
	case OPT_JSON:
		return set_report(ps, c, arg);
	case OPT_MULTIPATH: return set_multipath(ps, arg);
	case OPT_MTU:
		o->mtu = o->dontfrag = true;
		return 0;
	case 'I': return set_method(ps, TRACE_ICMP);
	case 'T': return set_method(ps, TRACE_TCP);
	case 'U': return set_method(ps, TRACE_UDPFIX);
	case 'D': return set_method(ps, TRACE_DCCP);
	case OPT_UDPLITE: return set_method(ps, TRACE_UDPLITE);
	case 'M': return set_module(ps, arg);
	case 'O': return add_modopt(ps, arg);
	case 'P': return set_raw(ps, arg);
	case 'w': return set_wait(ps, arg);
	case 'z': return set_sendwait(ps, arg);
	case 'g': return set_gateways(ps, arg);
	case 's': o->source = arg; return 0;
	case 'i': o->device = arg; return 0;
	}
	return apply_number(ps, c, arg);
}

static const struct optmeta *
meta_of(int val, const char *longname)
{
	for (size_t i = 0; i < NOPTMETA; i++)
		if (optmeta[i].val == val && (longname == NULL ||
		    (optmeta[i].longname != NULL &&
		    strcmp(optmeta[i].longname, longname) == 0)))
			return &optmeta[i];
	return NULL;
}

static void
build_longopts(struct option *lo)
{
	size_t n = 0;

	for (size_t i = 0; i < NOPTMETA; i++) {
		if (optmeta[i].longname == NULL)
			continue;
		lo[n].name = optmeta[i].longname;
		lo[n].has_arg = optmeta[i].metavar == NULL ? no_argument :
		    optmeta[i].metavar[0] == '[' ? optional_argument :
		    required_argument;
		lo[n].flag = NULL;
		lo[n].val = optmeta[i].val;
		n++;
	}
	memset(&lo[n], 0, sizeof(lo[n]));
}

static void
set_defaults(struct tr_opts *o, const char *argv0)
{
	const char *base;

	memset(o, 0, sizeof(*o));
	o->af = AF_UNSPEC;
	o->nqueries = 3;
	o->max_ttl = 30;
	o->first_ttl = 1;
	o->wait_max = 5.0;
	o->wait_here = 3.0;
	o->wait_near = 10.0;
	o->sim_queries = 16;
	o->tos = -1;
	o->interval = 1.0;
	base = argv0 != NULL ? strrchr(argv0, '/') : NULL;
	base = base != NULL ? base + 1 : argv0;
	if (base == NULL || base[0] == '\0')
		return;
	/* 2.1.2: a name ending in 6 or 4 picks the family; tcptraceroute
	 * and tracert their methods */
	if (base[strlen(base) - 1] == '6')
		o->af = AF_INET6;
	else if (base[strlen(base) - 1] == '4')
		o->af = AF_INET;
	if (strncmp(base, "tcp", 3) == 0)
		o->method = TRACE_TCP;
	else if (strncmp(base, "tracert", 7) == 0)
		o->method = TRACE_ICMP;
}

/* Report a getopt error (unknown option, missing argument). */
static int
getopt_error(struct pstate *ps, int c, char *argv[], int at, int longidx,
    const struct option *lo)
{
	const struct optmeta *m;
	char name[64];

	if (c == '?') {
		/* a long option given an argument it takes none of sets
		 * optopt to its value, no character */
		if (optopt > 0 && optopt < 256 && strncmp(argv[at], "--",
		    2) != 0)
			return fail(ps, "Bad option `-%c' (argc %d)", optopt,
			    at);
		snprintf(name, sizeof(name), "%.*s",
		    (int)strcspn(argv[at], "="), argv[at]);
		return fail(ps, "Bad option `%s' (argc %d)", name, at);
	}
	/* ':' missing argument */
	if (at < 1 || strncmp(argv[at], "--", 2) != 0) {
		m = meta_of(optopt, NULL);
		return fail(ps, "Option `-%c' (argc %d) requires an argument: "
		    "`-%c %s'", optopt, at, optopt, m != NULL ? m->metavar :
		    "arg");
	}
	snprintf(name, sizeof(name), "%.*s", (int)strcspn(argv[at], "="),
	    argv[at]);
	m = meta_of(optopt, longidx >= 0 ? lo[longidx].name : NULL);
	return fail(ps, "Option `%s' (argc %d) requires an argument: `%s=%s'",
	    name, at, name, m != NULL && m->metavar != NULL ? m->metavar :
	    "arg");
}

static int
parse_positional(struct pstate *ps, int argc, char *argv[], int first)
{
	unsigned long v;

	if (first < argc)
		ps->o->host = argv[first];
	if (first + 1 < argc) {
		const char *s = argv[first + 1];

		if (!parse_ulong(s, ULONG_MAX, &v))
			return fail(ps, "Cannot handle \"packetlen\" cmdline "
			    "arg `%s' on position 2 (argc %d)", s, first + 1);
		if (v > TR_MAX_PACKETLEN)
			return fail(ps, "too big packetlen %lu specified", v);
		ps->o->packetlen = v;
	}
	if (first + 2 < argc)
		return fail(ps, "Extra arg `%s' (position 3, argc %d)",
		    argv[first + 2], first + 2);
	if (ps->o->action == TR_ACT_RUN && ps->o->host == NULL)
		return fail(ps, "Specify \"host\" missing argument.");
	return 0;
}

/* Cross-option rules, checked once all options are known. */
static int
check_combination(struct pstate *ps)
{
	struct tr_opts *o = ps->o;

	if (o->action != TR_ACT_RUN)
		return 0;
	if (o->first_ttl < 1 || o->first_ttl > o->max_ttl)
		return fail(ps, "first hop out of range");
	if (o->ngateways > 0 && o->af == AF_INET6)
		return fail(ps, "gateways (-g) are supported for IPv4 only");
	if (o->mtu)
		o->sim_queries = 1;
	if (o->multipath > 0 && (o->method != TRACE_UDP &&
	    o->method != TRACE_ICMP && o->method != TRACE_TCP))
		return fail(ps, "--multipath works with the default, icmp and "
		    "tcp methods");
	if (o->multipath > 0 && (o->classic || o->mtu))
		return fail(ps, "--multipath cannot be used with %s",
		    o->classic ? "--classic" : "--mtu");
	if (o->multipath > 0 && o->report > 0)
		return fail(ps, "--multipath cannot be used with --report");
	return check_report(ps);
}

/* The method's -O options, after every option is known. */
static int
method_options(struct pstate *ps)
{
	struct tr_opts *o = ps->o;
	char e[256];

	if (tr_modopts_parse(o->method, o->modopt, o->nmodopt, &o->mod, e,
	    sizeof(e)) == -1)
		return fail(ps, "%s", e);
	if (o->mod.help && o->action == TR_ACT_RUN)
		o->action = TR_ACT_MODHELP;
	return 0;
}

/*
 * 2.1.2's one multi-letter option with one dash, -UL, reaches getopt as
 * --UL (else it would read -U -L). Only where an option may stand: not
 * as the argument of the option before it, not after "--".
 */
static void
one_dash_long(int argc, char *argv[], char *copy[])
{
	static char ul[] = "--UL";
	bool arg = false;

	copy[0] = argv[0];
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *p;

		copy[i] = argv[i];
		if (!arg && strcmp(a, "--") == 0) {
			while (++i < argc)
				copy[i] = argv[i];
			break;
		}
		if (!arg && strcmp(a, "-UL") == 0)
			copy[i] = ul;
		/* "-s" alone: the next word is its argument */
		arg = !arg && strlen(a) == 2 && a[0] == '-' && a[1] != ':' &&
		    a[1] != '-' && (p = strchr(shortopts, a[1])) != NULL &&
		    p[1] == ':';
	}
	copy[argc] = NULL;
}

static int
parse_args(struct pstate *ps, int argc, char *argv[])
{
	struct option lo[NOPTMETA + 1];
	struct tr_opts *o = ps->o;
	char name[64];
	int c, at, longidx;

	build_longopts(lo);
	optind = 0;	/* glibc: full reinitialisation for repeated calls */
	opterr = 0;
	for (;;) {
		at = optind == 0 ? 1 : optind;
		longidx = -1;
		c = getopt_long(argc, argv, shortopts, lo, &longidx);
		if (c == -1)
			break;
		if (c == '?' || c == ':')
			return getopt_error(ps, c, argv, at, longidx, lo);
		if (longidx >= 0)
			snprintf(name, sizeof(name), "--%s", lo[longidx].name);
		else
			snprintf(name, sizeof(name), "-%c", c);
		ps->optname = name;
		ps->argpos = optind - 1;
		if (apply(ps, c, optarg) == -1)
			return -1;
	}
	ps->optname = "-O";
	if (method_options(ps) == -1)
		return -1;
	if (o->action != TR_ACT_RUN)
		return 0;
	if (parse_positional(ps, argc, argv, optind) == -1)
		return -1;
	return check_combination(ps);
}

int
tr_opts_parse(int argc, char *argv[], struct tr_opts *o, char *err,
    size_t errlen)
{
	struct pstate ps = { o, 0, NULL, false, false, false, err, errlen };
	char **args;
	int rc;

	set_defaults(o, argc > 0 ? argv[0] : NULL);
	if (argc < 1 || (args = calloc((size_t)argc + 1, sizeof(*args))) ==
	    NULL) {
		snprintf(err, errlen, "%s", strerror(argc < 1 ? EINVAL :
		    ENOMEM));
		return -1;
	}
	one_dash_long(argc, argv, args);
	rc = parse_args(&ps, argc, args);
	free(args);
	return rc;
}

const char *
tr_opts_method_name(enum trace_proto m)
{
	for (size_t i = 0; i < sizeof(methods) / sizeof(methods[0]); i++)
		if (methods[i].id == m)
			return methods[i].name;
	return "?";
}

static const char usage_text[] =
"Shows the routers a packet crosses on its way to HOST: probes are sent\n"
"with a growing time to live (TTL, IPv6 hop limit), and each router where\n"
"one runs out names itself. Hops are printed as they complete.\n"
"\n"
"Address family and route:\n"
"  -4, -6                      trace over IPv4 or IPv6 only\n"
"  -i, --interface=DEVICE      send through DEVICE\n"
"  -s, --source=ADDRESS        send from ADDRESS (numeric)\n"
"  -g, --gateway=ADDR,...      loose source route through these IPv4\n"
"                              gateways (8 at most; may repeat)\n"
"  -r                          no routing table: HOST must be on a network\n"
"                              attached here\n"
"      --fwmark=MARK           firewall mark of the probes\n"
"\n"
"Probe method (UDP to port 33434 by default):\n"
"  -I, --icmp                  ICMP echo requests\n"
"  -T, --tcp                   TCP SYN, port 80 unless -p says\n"
"  -U, --udp                   UDP to one port, 53 unless -p says\n"
"  -UL                         UDP-Lite to one port, 53 unless -p says\n"
"  -D, --dccp                  DCCP requests, port 33434 unless -p says\n"
"  -P, --protocol=PROTO        bare IP packets of protocol PROTO (number or\n"
"                              name)\n"
"  -M, --module=NAME           a method by name: default, icmp, tcp, udp,\n"
"                              udplite, dccp, raw, tcpconn (a real\n"
"                              connect() per probe)\n"
"  -O, --options=OPT,...       options of the method; -O help lists them\n"
"  -p, --port=PORT             the destination port (the first one with\n"
"                              --classic), the first sequence number for\n"
"                              icmp, the protocol for raw\n"
"      --sport=PORT            the source port (implies -N 1)\n"
"      --classic, --no-flow-stable\n"
"                              change the ports from probe to probe as the\n"
"                              classic traceroute does; by default a trace\n"
"                              keeps one flow, so routers that balance\n"
"                              flows over several paths keep it on one\n"
"\n"
"What is sent:\n"
"  -f, --first=TTL             the first TTL (1)\n"
"  -m, --max-hops=TTL          the last TTL (30, at most 255)\n"
"  -q, --queries=N             probes per hop (3, at most 10)\n"
"  -N, --sim-queries=N         probes in flight at once (16)\n"
"  -z, --sendwait=TIME         pause between probes: seconds below 10,\n"
"                              milliseconds from 10 on (0)\n"
"  -t, --tos=TOS               IPv4 type of service / IPv6 traffic class\n"
"  -l, --flowlabel=LABEL       IPv6 flow label\n"
"  -F, --dont-fragment         set don't fragment\n"
"      --mtu                   find the path MTU, shown as F=N where it\n"
"                              shrinks (implies -F -N 1)\n"
"  -d, --debug                 SO_DEBUG on the sockets\n"
"\n"
"Waiting for answers:\n"
"  -w, --wait=MAX[,HERE,NEAR]  give a probe up after MAX seconds (5), or\n"
"                              sooner: HERE (3) times the round trip of an\n"
"                              answer from the same hop, NEAR (10) times\n"
"                              that of a later hop; 0 turns a factor off\n"
"      --gap-limit=N           stop after N hops in a row without answer\n"
"\n"
"What is printed:\n"
"  -n                          addresses only, no reverse names\n"
"  -e, --extensions            ICMP extensions (RFC 4884), MPLS labels\n"
"  -A, --as-path-lookups       the origin AS of every address (whois;\n"
"                              server from RA_SERVER, default\n"
"                              whois.radb.net)\n"
"      --back                  the hops back from each answer, when they\n"
"                              differ from the hops out\n"
"\n"
"Many rounds, and output for programs:\n"
"      --report[=CYCLES]       find the path, then probe every hop CYCLES\n"
"                              times (10), one probe per hop per round\n"
"                              (-q rounds per cycle), and print one table:\n"
"                              loss and round trips per hop and address,\n"
"                              as mtr --report does; a hop whose loss a\n"
"                              later hop does not share is marked\n"
"      --interval=SECONDS      time between two rounds to one hop (1), so\n"
"                              routers that limit their ICMP errors to\n"
"                              about one a second answer every probe\n"
"      --multipath[=CONFIDENCE]\n"
"                              find every path a load balancer spreads\n"
"                              flows over (MDA): vary the flow probe by\n"
"                              probe until, with CONFIDENCE (95%), no hop\n"
"                              has an interface not yet seen; print each\n"
"                              hop's interfaces and where each one leads\n"
"      --json                  one JSON document on stdout instead of the\n"
"                              text (with --report: the table's numbers;\n"
"                              with --multipath: the graph);\n"
"                              errors are JSON objects too (traceroute(8))\n"
"\n"
"Exit status and information:\n"
"      --exit-status           exit 0 when HOST answered, 1 when it did\n"
"                              not, 2 on errors (default: 0 whenever the\n"
"                              trace ran, as traceroute 2.1.2)\n"
"  -V, --version               version, then exit\n"
"      --help                  this text, then exit\n"
"\n"
"Arguments:\n"
"  HOST                        name or address to trace to\n"
"  PACKETLEN                   bytes per probe, IP header included (60 for\n"
"                              IPv4, 80 for IPv6; 28 / 48 at least)\n"
"\n"
"See traceroute(8) for the details and the differences from traceroute\n"
"2.1.2.\n";

void
tr_opts_usage(FILE *fp, const char *prog)
{
	fprintf(fp, "Usage: %s [OPTION]... HOST [PACKETLEN]\n", prog);
	fputs(usage_text, fp);
}
