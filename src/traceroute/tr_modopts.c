/*
 * tr_modopts.c: traceroute's method options (see tr_modopts.h): a table
 * of keywords per method, each with its setter and its help line.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "build.h"
#include "tr_modopts.h"

#define KW_MAX	20

/* A keyword: name, its value's name (NULL: a flag), what it does. */
struct kw {
	enum trace_proto m;
	const char	*name;
	const char	*arg;
	const char	*help;
	int		(*set)(struct tr_modopts *mo, const struct kw *k,
			    const char *val, char *err, size_t errlen);
	unsigned	 bit;		/* TCP flag, for the flag keywords */
};

static int
bad_value(const struct kw *k, const char *val, char *err, size_t errlen)
{
	snprintf(err, errlen, "Cannot handle `%s' keyword with arg `%s'",
	    k->name, val);
	return -1;
}

/* A number 0..max (decimal or 0x hex), whole string. */
static int
number(const struct kw *k, const char *val, unsigned long max,
    unsigned long *v, char *err, size_t errlen)
{
	char *end;

	if (val == NULL || val[0] == '\0' || val[0] == '-' || val[0] == '+')
		return bad_value(k, val ? val : "", err, errlen);
	errno = 0;
	*v = strtoul(val, &end, 0);
	if (errno != 0 || *end != '\0' || *v > max)
		return bad_value(k, val, err, errlen);
	return 0;
}

static int
set_tcpflag(struct tr_modopts *mo, const struct kw *k, const char *val,
    char *err, size_t errlen)
{
	(void)val; (void)err; (void)errlen;
	mo->tcp_flags |= (uint8_t)k->bit;
	mo->tcp_flags_set = true;
	return 0;
}

static int
set_flags(struct tr_modopts *mo, const struct kw *k, const char *val,
    char *err, size_t errlen)
{
	unsigned long v;

	if (number(k, val, 255, &v, err, errlen) == -1)
		return -1;
	mo->tcp_flags = (uint8_t)v;
	mo->tcp_flags_set = true;
	return 0;
}

static int
set_bool(struct tr_modopts *mo, const struct kw *k, const char *val,
    char *err, size_t errlen)
{
	(void)val; (void)err; (void)errlen;
	if (strcmp(k->name, "ecn") == 0)
		mo->ecn = true;
	else if (strcmp(k->name, "sack") == 0)
		mo->sack = true;
	else if (strcmp(k->name, "timestamps") == 0)
		mo->tstamp = true;
	else if (strcmp(k->name, "window_scaling") == 0)
		mo->wscale = true;
	else if (strcmp(k->name, "sysctl") == 0)
		mo->sysctl = true;
	else if (strcmp(k->name, "info") == 0)
		mo->info = true;
	else if (strcmp(k->name, "reuse") == 0)
		mo->reuse = true;
	else if (strcmp(k->name, "raw") == 0)
		mo->icmp_raw = true;
	else if (strcmp(k->name, "dgram") == 0)
		mo->icmp_dgram = true;
	return 0;
}

static int
set_num(struct tr_modopts *mo, const struct kw *k, const char *val,
    char *err, size_t errlen)
{
	unsigned long v;

	if (strcmp(k->name, "mss") == 0) {
		if (number(k, val, 65535, &v, err, errlen) == -1 || v == 0)
			return v == 0 ? bad_value(k, val, err, errlen) : -1;
		mo->mss = (uint16_t)v;
	} else if (strcmp(k->name, "protocol") == 0) {
		struct protoent *pe;

		/* a number, or a name of /etc/protocols (2.1.2) */
		if (val != NULL && val[0] != '\0' &&
		    strspn(val, "0123456789x") == 0 &&
		    (pe = getprotobyname(val)) != NULL)
			v = (unsigned long)pe->p_proto;
		else if (number(k, val, 255, &v, err, errlen) == -1)
			return -1;
		if (v == IPPROTO_ICMP || v == IPPROTO_ICMPV6) {
			snprintf(err, errlen, "protocol %lu is ICMP: trace "
			    "with -I (-M icmp)", v);
			return -1;
		}
		mo->protocol = (int)v;
	} else if (strcmp(k->name, "service") == 0) {
		if (number(k, val, UINT32_MAX, &v, err, errlen) == -1)
			return -1;
		mo->service = (uint32_t)v;
		mo->service_set = true;
	} else {
		if (number(k, val, 65535, &v, err, errlen) == -1)
			return -1;
		mo->coverage = (int)v;
	}
	return 0;
}

static const struct kw kws[] = {
	{ TRACE_TCP, "syn", NULL, "TCP flag SYN (the default when no flag "
	    "is given)", set_tcpflag, BUILD_TCP_SYN },
	{ TRACE_TCP, "ack", NULL, "TCP flag ACK", set_tcpflag,
	    BUILD_TCP_ACK },
	{ TRACE_TCP, "fin", NULL, "TCP flag FIN", set_tcpflag,
	    BUILD_TCP_FIN },
	{ TRACE_TCP, "rst", NULL, "TCP flag RST", set_tcpflag,
	    BUILD_TCP_RST },
	{ TRACE_TCP, "psh", NULL, "TCP flag PSH", set_tcpflag,
	    BUILD_TCP_PSH },
	{ TRACE_TCP, "urg", NULL, "TCP flag URG", set_tcpflag,
	    BUILD_TCP_URG },
	{ TRACE_TCP, "ece", NULL, "TCP flag ECE", set_tcpflag,
	    BUILD_TCP_ECE },
	{ TRACE_TCP, "cwr", NULL, "TCP flag CWR", set_tcpflag,
	    BUILD_TCP_CWR },
	{ TRACE_TCP, "flags", "NUM", "all TCP flags at once, as a number",
	    set_flags, 0 },
	{ TRACE_TCP, "ecn", NULL, "a SYN with ECE and CWR: ask for ECN "
	    "(RFC 3168)", set_bool, 0 },
	{ TRACE_TCP, "sack", NULL, "the SACK permitted option",
	    set_bool, 0 },
	{ TRACE_TCP, "timestamps", NULL, "the timestamp option", set_bool,
	    0 },
	{ TRACE_TCP, "window_scaling", NULL, "the window scale option",
	    set_bool, 0 },
	{ TRACE_TCP, "sysctl", NULL, "options and ECN as the system's "
	    "net.ipv4.tcp_* settings say (the default when nothing is given)",
	    set_bool, 0 },
	{ TRACE_TCP, "reuse", NULL, "accepted for 2.1.2's scripts: every "
	    "probe here already shares one local port", set_bool, 0 },
	{ TRACE_TCP, "mss", "NUM", "the maximum segment size option's "
	    "value (with SYN; default: the path MTU's)", set_num, 0 },
	{ TRACE_TCP, "info", NULL, "show the flags of the destination's "
	    "answer (<syn,ack>: something listens there)", set_bool, 0 },
	{ TRACE_ICMP, "raw", NULL, "raw sockets only (root or cap_net_raw)",
	    set_bool, 0 },
	{ TRACE_ICMP, "dgram", NULL, "ICMP datagram sockets only",
	    set_bool, 0 },
	{ TRACE_RAW, "protocol", "PROT", "the IP protocol number of the "
	    "probes (default 253, for experiments: RFC 3692)", set_num, 0 },
	{ TRACE_DCCP, "service", "NUM", "the DCCP service code (default "
	    "1885957735, \"perf\")", set_num, 0 },
	{ TRACE_UDPLITE, "coverage", "NUM", "how many bytes the UDP-Lite "
	    "checksum covers (default 8: the header)", set_num, 0 },
};
#define NKWS	(sizeof(kws) / sizeof(kws[0]))

void
tr_modopts_init(struct tr_modopts *mo)
{
	memset(mo, 0, sizeof(*mo));
	mo->protocol = -1;
	mo->coverage = -1;
}

static bool
has_options(enum trace_proto m)
{
	for (size_t i = 0; i < NKWS; i++)
		if (kws[i].m == m)
			return true;
	return false;
}

/* One keyword (with its value after '='). */
static int
one(enum trace_proto m, const char *word, struct tr_modopts *mo, char *err,
    size_t errlen)
{
	char name[KW_MAX + 1];
	const char *eq = strchr(word, '=');
	size_t n = eq != NULL ? (size_t)(eq - word) : strlen(word);

	if (strcmp(word, "help") == 0) {
		mo->help = true;
		return 0;
	}
	for (size_t i = 0; i < NKWS && n <= KW_MAX; i++) {
		if (kws[i].m != m || strncmp(kws[i].name, word, n) != 0 ||
		    kws[i].name[n] != '\0')
			continue;
		if ((kws[i].arg != NULL) != (eq != NULL))
			break;
		return kws[i].set(mo, &kws[i], eq != NULL ? eq + 1 : NULL,
		    err, errlen);
	}
	snprintf(name, sizeof(name), "%.*s", (int)(n < KW_MAX ? n : KW_MAX),
	    word);
	snprintf(err, errlen, "unknown method option `%s'%s", name,
	    eq != NULL ? " with a value" : "");
	return -1;
}

int
tr_modopts_parse(enum trace_proto m, const char *const *opt, size_t n,
    struct tr_modopts *mo, char *err, size_t errlen)
{
	char buf[256], *save = NULL;

	tr_modopts_init(mo);
	for (size_t i = 0; i < n; i++) {
		if (strlen(opt[i]) >= sizeof(buf)) {
			snprintf(err, errlen, "-O option too long");
			return -1;
		}
		strcpy(buf, opt[i]);
		for (char *w = strtok_r(buf, ",", &save); w != NULL;
		    w = strtok_r(NULL, ",", &save)) {
			/* 2.1.2: a method without options takes any */
			if (strcmp(w, "help") != 0 && !has_options(m))
				continue;
			if (one(m, w, mo, err, errlen) == -1)
				return -1;
		}
	}
	if (mo->icmp_raw && mo->icmp_dgram) {
		snprintf(err, errlen, "only one of raw and dgram may be given");
		return -1;
	}
	/* no flag and no option asked for tcp: the system's settings, as
	 * 2.1.2 (mss= and info do not count) */
	if (m == TRACE_TCP && !mo->tcp_flags_set && !mo->ecn && !mo->sack &&
	    !mo->tstamp && !mo->wscale)
		mo->sysctl = true;
	return 0;
}

/* text from column col on, words wrapped before column 80 */
static void
wrap(FILE *fp, const char *text, int col)
{
	int at = col;

	while (*text != '\0') {
		size_t n = strcspn(text, " ");

		if (at > col && at + 1 + (int)n > 79) {
			fprintf(fp, "\n%*s", col, "");
			at = col;
		} else if (at > col) {
			fputc(' ', fp);
			at++;
		}
		fprintf(fp, "%.*s", (int)n, text);
		at += (int)n;
		text += n;
		text += strspn(text, " ");
	}
	fputc('\n', fp);
}

void
tr_modopts_help(FILE *fp, enum trace_proto m, const char *name)
{
	if (!has_options(m)) {
		fprintf(fp, "The %s method has no options.\n", name);
		return;
	}
	fprintf(fp, "Options of the %s method (-O OPT[,OPT...]):\n", name);
	for (size_t i = 0; i < NKWS; i++) {
		char left[40];

		if (kws[i].m != m)
			continue;
		snprintf(left, sizeof(left), "%s%s%s", kws[i].name,
		    kws[i].arg ? "=" : "", kws[i].arg ? kws[i].arg : "");
		fprintf(fp, "  %-18s ", left);
		wrap(fp, kws[i].help, 21);
	}
}
