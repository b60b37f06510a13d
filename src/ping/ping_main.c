/*
 * ping_main.c: the ping program, wiring only: privileges, options, sockets
 * (the privileged step), privilege drop, name lookup, the session, the exit
 * status. Every error ends here as one line on stderr and exit 2.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <locale.h>
#include <stdarg.h>
#include <stdnoreturn.h>
#include <netdb.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "esc.h"
#include "exitcodes.h"
#include "ipopt.h"
#include "nodeinfo.h"
#include "ping_json.h"
#include "ping_opts.h"
#include "ping_run.h"
#include "priv.h"
#include "resolve.h"
#include "sock.h"

/* How errors are reported: the program as invoked (iputils), escaped. */
struct say {
	const char	*prog;
	bool		 utf8;
	bool		 json;		/* -j: the error as an object on stdout
					 * too (traceroute --json's way) */
};

/* One error line on stderr, then exit: every failure ends here. */
static noreturn void
die(const struct say *w, int status, const char *fmt, ...)
{
	va_list ap;
	char msg[1024];

	fflush(stdout);
	if (w->json) {
		va_start(ap, fmt);
		vsnprintf(msg, sizeof(msg), fmt, ap);
		va_end(ap);
		ping_json_error(stdout, msg, status);
	}
	va_start(ap, fmt);
	cli_verror(stderr, w->prog, w->utf8, fmt, ap);
	va_end(ap);
	exit(status);
}

/* The socket of one address family. */
struct fam {
	int		 af;
	bool		 tried, open;
	struct sock	 s;
	char		 err[256];
};

/* -R / -T / source route: the IPv4 option. Hops must be numeric: they are
 * needed before the privilege drop, and no lookup happens before it. */
static size_t
ip_option(const struct say *w, const struct ping_opts *o, uint8_t *buf,
    size_t cap)
{
	struct addr hops[PING_MAX_ROUTE];
	size_t n;

	if (o->record_route)
		return ipopt_build_rr(buf, cap);
	for (size_t i = 0; i < o->nroute; i++)
		if (!addr_pton(AF_INET, o->route[i], &hops[i]))
			die(w, EXIT_ERROR, "%s: route hops and -T tsprespec "
			    "addresses must be numeric IPv4 addresses",
			    o->route[i]);
	switch (o->ipts) {
	case PING_IPTS_TSONLY:
		n = ipopt_build_ts(IPOPT_TS_TSONLY, NULL, 0, buf, cap);
		break;
	case PING_IPTS_TSANDADDR:
		n = ipopt_build_ts(IPOPT_TS_TSANDADDR, NULL, 0, buf, cap);
		break;
	case PING_IPTS_PRESPEC:
		n = ipopt_build_ts(IPOPT_TS_PRESPEC_FLAG, hops, o->nroute, buf,
		    cap);
		break;
	default:
		if (o->nroute == 0)
			return 0;
		n = ipopt_build_srr(o->strict_route, hops, o->nroute, buf,
		    cap);
		break;
	}
	if (n == 0)
		die(w, EXIT_ERROR, "cannot build the IP option");
	return n;
}

/* A link-local address typed without its %interface: -I's (iputils). */
static void
scope_from_device(struct addr *a, const char *device)
{
	if (addr_needs_scope(a) && a->scope == 0 && device != NULL)
		a->scope = if_nametoindex(device);
}

static void
open_one(const struct say *w, struct fam *f, const struct ping_opts *o)
{
	uint8_t opt[IPOPT_MAXLEN];
	struct sock_opts so;

	ping_opts_sock(o, f->af, &so);
	if (o->source.af == f->af)
		scope_from_device(&so.src, o->device);
	if (f->af == AF_INET) {
		so.ipoptlen = ip_option(w, o, opt, sizeof(opt));
		so.ipopt = so.ipoptlen > 0 ? opt : NULL;
	}
	f->tried = true;
	if (sock_open(&f->s, &so, f->err, sizeof(f->err)) == 0)
		f->open = true;
	else if (so.pref == SOCK_PREF_RAW)
		snprintf(f->err, sizeof(f->err), "%s needs a raw socket: run "
		    "as root or give ping cap_net_raw", ping_opts_raw_why(o));
}

/* Open the sockets the destination may need (both families for a name). */
static void
open_sockets(const struct say *w, const struct ping_opts *o,
    struct fam fam[2])
{
	int af = addr_host_family(o->host, o->af, false);

	if (af == AF_UNSPEC && o->source.af != 0)
		af = o->source.af;
	for (int i = 0; i < 2; i++) {
		memset(&fam[i], 0, sizeof(fam[i]));
		fam[i].af = i == 0 ? AF_INET : AF_INET6;
		if (af != AF_UNSPEC && af != fam[i].af)
			continue;
		/* IPv4-only requests: no IPv6 socket for a name */
		if (fam[i].af == AF_INET6 && (o->type != PING_TYPE_ECHO ||
		    ping_opts_ipoptlen(o) > 0 || o->broadcast) &&
		    af == AF_UNSPEC)
			continue;
		/* -N is IPv6 only: a name resolves to IPv6 (destination) */
		if (fam[i].af == AF_INET && o->nniopt > 0 && af == AF_UNSPEC)
			continue;
		open_one(w, &fam[i], o);
	}
}

/* Like iputils, find the route and source first (a connect() that sends
 * nothing): no route or no usable source (EADDRNOTAVAIL: an IPv6
 * destination with no address to send from) fails at once. A broadcast
 * destination needs -b: the kernel says EACCES when a socket without
 * SO_BROADCAST connects to one. */
static void
check_route(const struct say *w, const struct ping_opts *o,
    const struct addr *dst, struct addr *src)
{
	memset(src, 0, sizeof(*src));
	if (sock_source_for(dst->af, dst, o->device, o->dontroute, src) == 0)
		return;
	if (errno == EACCES && dst->af == AF_INET) {
		if (!o->broadcast)
			die(w, EXIT_ERROR, "Do you want to ping broadcast? Then "
			    "-b. If not, check your local firewall rules");
		ping_print_warning(stderr, "pinging broadcast address");
		return;
	}
	die(w, EXIT_ERROR, "connect: %s", strerror(errno));
}

/* -B: bind the source the route gave (it never changes after); -C:
 * connect to the destination (iputils' opt_strictsource, opt_connect_sk). */
static void
bind_and_connect(const struct say *w, const struct ping_opts *o,
    struct sock *s, const struct addr *dst, const struct addr *src)
{
	char a[ADDR_STRLEN];

	if (o->sticky_source) {
		struct addr b = o->source.af == dst->af ? o->source : *src;

		scope_from_device(&b, o->device);
		if (b.af == 0 || sock_bind(s, &b, o->ident_set ? o->ident :
		    0) == -1)
			die(w, EXIT_ERROR, "bind %s: %s", addr_ntop(&b, a,
			    sizeof(a)), b.af == 0 ? "no source address" :
			    strerror(errno));
	}
	if (o->connect && sock_connect_to(s, dst) == -1)
		die(w, EXIT_ERROR, "connect: %s", strerror(errno));
}

/* The texts of the header and statistics, escaped: the host as typed or
 * its canonical name, and for IPv6 the reverse name (iputils). */
struct texts {
	char	 host[ESC_MAXGROW * NI_MAXHOST];
	char	 dst[ESC_MAXGROW * NI_MAXHOST + ADDR_STRLEN + 4];
	char	 src[ADDR_STRLEN];
};

static void
make_texts(const struct ping_opts *o, const struct addr *dst,
    const char *canon, bool numeric, bool utf8, struct texts *t)
{
	char name[NI_MAXHOST], num[ADDR_STRLEN];
	char safe[ESC_MAXGROW * NI_MAXHOST];

	esc_str(canon[0] != '\0' ? canon : o->host, utf8, t->host,
	    sizeof(t->host));
	addr_ntop(dst, num, sizeof(num));
	if (dst->af == AF_INET6 && !numeric &&
	    resolve_name(dst, name, sizeof(name)) == 0) {
		esc_str(name, utf8, safe, sizeof(safe));
		snprintf(t->dst, sizeof(t->dst), "%s (%s)", safe, num);
	} else
		snprintf(t->dst, sizeof(t->dst), "%s", num);
}

static const char *
kind_name(const struct fam *f)
{
	if (!f->open)
		return "0";
	return f->s.kind == SOCK_RAW_ICMP ? "SOCK_RAW" : "SOCK_DGRAM";
}

/* -v: the sockets and the lookup, as iputils tells them. */
static void
verbose_sockets(const struct say *w, const struct ping_opts *o,
    const struct fam fam[2], const struct addr *dst, const char *canon)
{
	char c[ESC_MAXGROW * NI_MAXHOST];
	struct ping_verbose v = { w->prog, fam[0].open ? fam[0].s.fd : -1,
	    fam[1].open ? fam[1].s.fd : -1, kind_name(&fam[0]),
	    kind_name(&fam[1]), o->af, dst->af, c };

	esc_str(canon[0] != '\0' ? canon : o->host, w->utf8, c, sizeof(c));
	fflush(stdout);
	/* -j: stdout holds JSON only */
	ping_print_verbose(stderr, w->json ? NULL : stdout, &v);
}

/* Resolve, pick the socket of the destination's family, check the route. */
static struct sock *
destination(const struct say *w, const struct ping_opts *o,
    struct fam fam[2], struct addr *dst, char *canon, size_t canonlen)
{
	char err[512];
	struct addr num;
	int i, af = o->af;

	/* -N: a name's IPv6 address (an IPv4 literal is refused below) */
	if (af == AF_UNSPEC && o->nniopt > 0 &&
	    !addr_pton(AF_INET, o->host, &num))
		af = AF_INET6;
	if (resolve_host(&(struct resolve_query){ o->host, af,
	    RESOLVE_GAI_ORDER, canon, canonlen }, dst, err, sizeof(err)) == -1)
		die(w, EXIT_ERROR, "%s: %s", o->host, err);
	if (ping_opts_check_af(o, dst->af, err, sizeof(err)) == -1)
		die(w, EXIT_ERROR, "%s", err);
	scope_from_device(dst, o->device);
	if (o->verbose)
		verbose_sockets(w, o, fam, dst, canon);
	i = dst->af == AF_INET ? 0 : 1;
	if (!fam[i].open)
		die(w, EXIT_ERROR, "%s", fam[i].err[0] != '\0' ? fam[i].err :
		    "cannot open socket");
	if (fam[1 - i].open)
		sock_close(&fam[1 - i].s);
	return &fam[i].s;
}

/* --help, -V, -N help: the text, then exit 0. */
static int
inform(const struct ping_opts *o)
{
	if (o->action == PING_ACT_HELP)
		ping_opts_usage(stdout);
	else if (o->action == PING_ACT_VERSION && o->json)
		ping_json_version(stdout);
	else if (o->action == PING_ACT_VERSION)
		cli_version(stdout, "ping");
	else
		fputs(nodeinfo_help_text(), stdout);
	return EXIT_OK;
}

int
main(int argc, char *argv[])
{
	struct ping_opts o;
	struct fam fam[2];
	struct ping_run_cfg rc;
	struct addr dst, src, num;
	struct say w = { argv[0] != NULL ? argv[0] : "ping", false, false };
	struct texts t;
	char err[512], canon[NI_MAXHOST];
	int status;

	priv_init();
	(void)setlocale(LC_CTYPE, "");
	w.utf8 = esc_locale_utf8();
	w.json = ping_opts_wants_json(argc, argv);
	if (ping_opts_parse(argc, argv, getuid() == 0, &o, err,
	    sizeof(err)) == -1)
		die(&w, EXIT_ERROR, "%s", err);
	w.json = o.json;
	if (o.action != PING_ACT_RUN)
		return inform(&o);
	open_sockets(&w, &o, fam);
	if (priv_drop(err, sizeof(err)) == -1)
		die(&w, EXIT_ERROR, "%s", err);
	memset(&rc, 0, sizeof(rc));
	rc.s = destination(&w, &o, fam, &dst, canon, sizeof(canon));
	check_route(&w, &o, &dst, &src);
	bind_and_connect(&w, &o, rc.s, &dst, &src);
	rc.o = &o;
	rc.dst = dst;
	rc.numeric = o.numeric || addr_pton(AF_UNSPEC, o.host, &num);
	rc.utf8 = w.utf8;
	make_texts(&o, &dst, canon, rc.numeric, w.utf8, &t);
	rc.host = t.host;
	rc.raw_host = canon[0] != '\0' ? canon : o.host;
	rc.dst_text = t.dst;
	if (o.source.af != 0)
		rc.source_text = addr_ntop(&o.source, t.src, sizeof(t.src));
	else if (o.device != NULL && src.af != 0)
		rc.source_text = addr_ntop(&src, t.src, sizeof(t.src));
	rc.multicast = o.broadcast || addr_is_multicast(&dst);
	rc.out = stdout;
	rc.err = stderr;
	status = ping_run(&rc, err, sizeof(err));
	if (status == EXIT_ERROR)
		die(&w, EXIT_ERROR, "%s", err);
	/* a write that failed earlier leaves only the error flag */
	if ((fflush(stdout) == EOF || ferror(stdout)) && errno != EPIPE)
		die(&w, EXIT_ERROR, "write error: %s", strerror(errno));
	return status;
}
