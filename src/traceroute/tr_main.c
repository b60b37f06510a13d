/*
 * tr_main.c: the traceroute program, wiring only: privileges, options,
 * sockets (privileged step), privilege drop, name lookup, the trace, the
 * exit status. Every error ends here as one line on stderr and exit 2.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <locale.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdnoreturn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "build.h"
#include "cli.h"
#include "esc.h"
#include "exitcodes.h"
#include "ipopt.h"
#include "priv.h"
#include "resolve.h"
#include "sock.h"
#include "trace_method.h"
#include "tr_as.h"
#include "tr_json.h"
#include "tr_opts.h"
#include "tr_report.h"
#include "tr_run.h"
#include "tr_multipath.h"

/* How errors are reported: one escaped line, and the status a failing
 * system call gives (2.1.2: 1; with --exit-status: 2). */
struct say {
	bool		 utf8;
	int		 sys;
	bool		 json;		/* --json: the error as an object on
					 * stdout too */
};

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
		tr_json_error(stdout, msg, status);
	}
	va_start(ap, fmt);
	cli_verror(stderr, "traceroute", w->utf8, fmt, ap);
	va_end(ap);
	exit(status);
}

/* --json among the arguments (before "--"): even an error in the
 * options is then a JSON object. */
static bool
wants_json(int argc, char *argv[])
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strcmp(argv[i], "--json") == 0)
			return true;
	}
	return false;
}

/* The sockets of one address family. */
struct fam {
	int		 af;
	bool		 open, has_rx, raw;
	struct sock	 tx, rx;
	struct sock_opts conn;		/* tcpconn: each probe's socket */
	char		 err[256];
};

static int
open_tx(struct fam *f, struct trace_method *m, const struct tr_opts *o,
    const uint8_t *ipopt, size_t ipoptlen)
{
	struct sock_opts tx, rx;
	bool need_rx;

	for (int raw = 1; raw >= 0; raw--) {
		if (!raw && !trace_method_unpriv_ok(o->method))
			break;
		trace_method_sockopts(m, raw, &tx, &rx, &need_rx);
		if (tx.pref == SOCK_PREF_DGRAM && raw)
			continue;	/* a datagram method: no raw try */
		tx.tos = o->tos;
		tx.pmtudisc = o->dontfrag ? IP_PMTUDISC_PROBE :
		    IP_PMTUDISC_DONT;
		tx.device = o->device;
		tx.dontroute = o->dontroute;
		tx.debug = o->debug;
		tx.mark = o->fwmark;
		tx.flowlabel = o->flowlabel;
		tx.ipopt = ipopt;
		tx.ipoptlen = ipoptlen;
		rx.device = o->device;
		if (tx.pref == SOCK_PREF_STREAM) {
			/* tcpconn: a socket per probe, opened by the engine
			 * (a test one now, so -d or -i fail here) */
			f->conn = tx;
			if (sock_open(&f->tx, &tx, f->err,
			    sizeof(f->err)) == -1)
				return -1;
			sock_close(&f->tx);
			f->open = true;
			return 0;
		}
		if (sock_open(&f->tx, &tx, f->err, sizeof(f->err)) == -1)
			continue;
		if (need_rx && sock_open(&f->rx, &rx, f->err,
		    sizeof(f->err)) == -1) {
			sock_close(&f->tx);
			continue;
		}
		f->open = true;
		f->has_rx = need_rx;
		f->raw = raw;
		return 0;
	}
	if (!trace_method_unpriv_ok(o->method))
		snprintf(f->err, sizeof(f->err), "the %s method needs raw "
		    "sockets (CAP_NET_RAW): run it as root or give it "
		    "cap_net_raw (setcap cap_net_raw+ep traceroute)",
		    tr_opts_method_name(o->method));
	return -1;
}

static int
path_mtu(const struct addr *dst, const char *device)
{
	int mtu = sock_path_mtu(dst, device);

	return mtu > 0 && mtu <= 0xffff ? mtu : 0;
}

/* -g: numeric IPv4 gateways into a loose source route option. */
static size_t
gateway_option(const struct say *w, const struct tr_opts *o,
    const struct addr *dst,
    uint8_t *buf, size_t cap)
{
	struct addr gw[TR_MAX_GATEWAYS + 1];
	size_t n;

	if (o->ngateways == 0)
		return 0;
	for (n = 0; n < o->ngateways; n++)
		if (!addr_pton(AF_INET, o->gateways[n], &gw[n]))
			die(w, EXIT_ERROR, "%s: gateways must be numeric IPv4 "
			    "addresses", o->gateways[n]);
	gw[n++] = *dst;
	n = ipopt_build_srr(false, gw, n, buf, cap);
	if (n == 0)
		die(w, w->sys, "cannot build the source route option");
	return n;
}

/* net.ipv4.tcp_NAME is 1 (2.1.2's reading: tcp_ecn 2 is not "on"). */
static bool
tcp_sysctl(const char *name)
{
	char path[96], c = 0;
	FILE *fp;

	snprintf(path, sizeof(path), "/proc/sys/net/ipv4/tcp_%s", name);
	if ((fp = fopen(path, "r")) == NULL)
		return false;
	if (fread(&c, 1, 1, fp) != 1)
		c = 0;
	fclose(fp);
	return c == '1';
}

/* The tcp method's segment from -O (the system's settings by default). */
static void
tcp_cfg(const struct tr_opts *o, struct trace_tcp *t)
{
	const struct tr_modopts *mo = &o->mod;

	memset(t, 0, sizeof(*t));
	t->flags_set = mo->tcp_flags_set;
	t->flags = mo->tcp_flags;
	t->ecn = mo->ecn || (mo->sysctl && tcp_sysctl("ecn"));
	t->sack = mo->sack || (mo->sysctl && tcp_sysctl("sack"));
	t->tstamp = mo->tstamp || (mo->sysctl && tcp_sysctl("timestamps"));
	t->wscale = mo->wscale || (mo->sysctl &&
	    tcp_sysctl("window_scaling"));
	t->mss = mo->mss;
	t->info = mo->info;
}

static void
method_cfg(const struct tr_opts *o, int af, const struct build_key *key,
    struct trace_method_cfg *mc)
{
	memset(mc, 0, sizeof(*mc));
	mc->af = af;
	mc->id = o->method;
	mc->classic = o->classic;
	mc->sport = o->sport;
	mc->port = o->port_set ? o->port : 0;
	mc->packetlen = o->packetlen == 0 && o->mtu ? TR_MAX_PACKETLEN :
	    o->packetlen;
	/* the probes' identity (ports, ids, sequence and checksum bases)
	 * from the run's random key, never from what an outsider can guess
	 * (a pid, the time) */
	mc->salt = (uint32_t)(key->k0 ^ key->k1 >> 32);
	mc->dst.af = af;
	mc->raw_proto = o->mod.protocol > 0 ? (uint8_t)o->mod.protocol : 0;
	/* 2.1.2: -p is the raw method's protocol */
	if (o->method == TRACE_RAW && o->port_set)
		mc->raw_proto = (uint8_t)o->port;
	mc->service_set = o->mod.service_set;
	mc->service = o->mod.service;
	mc->coverage = o->mod.coverage;
	tcp_cfg(o, &mc->tcp);
}

/* Open the sockets of every family the destination may have. */
static void
open_families(const struct say *w, const struct tr_opts *o,
    struct fam fam[2],
    struct trace_method m[2], const struct addr *gwdst)
{
	uint8_t opt[40];
	size_t optlen;
	struct build_key key;
	int af = o->af;

	if (build_key_init(&key) == -1)
		die(w, w->sys, "getrandom: %s", strerror(errno));
	/* a numeric host tells the family without any lookup */
	af = addr_host_family(o->host, af, true);

	for (int i = 0; i < 2; i++) {
		struct trace_method_cfg mc;
		char err[256];

		fam[i].af = i == 0 ? AF_INET : AF_INET6;
		if (af != AF_UNSPEC && af != fam[i].af)
			continue;
		method_cfg(o, fam[i].af, &key, &mc);
		optlen = fam[i].af == AF_INET ? gateway_option(w, o, gwdst, opt,
		    sizeof(opt)) : 0;
		if (fam[i].af == AF_INET)
			for (size_t g = 0; g < o->ngateways; g++)
				if (addr_pton(AF_INET, o->gateways[g],
				    &mc.via[mc.nvia]))
					mc.nvia++;
		mc.ipoptlen = optlen;
		/* -s is numeric: bound at open, no lookup before the drop */
		if (o->source != NULL && resolve_host(&(struct resolve_query){
		    o->source, fam[i].af, RESOLVE_NUMERIC, NULL, 0 }, &mc.src,
		    fam[i].err, sizeof(fam[i].err)) == -1) {
			snprintf(err, sizeof(err), "%.120s: %.120s", o->source,
			    fam[i].err);
			snprintf(fam[i].err, sizeof(fam[i].err), "%s", err);
			continue;
		}
		if (trace_method_init(&m[i], &mc, err, sizeof(err)) == -1)
			die(w, EXIT_ERROR, "%s", err);
		(void)open_tx(&fam[i], &m[i], o, opt, optlen);
	}
}

/* Our address towards the destination (raw probes checksum over it). */
static void
pick_source(const struct say *w, const struct tr_opts *o,
    struct trace_method *m)
{
	if (o->source == NULL && sock_source_for(m->c.af, &m->c.dst,
	    o->device, o->dontroute, &m->c.src) == -1) {
		/* -r: 2.1.2's words for a host on no attached network */
		if (o->dontroute)
			die(w, w->sys, "connect: %s", strerror(errno));
		die(w, w->sys, "%s: %s", o->host, strerror(errno));
	}
}

/* The family to look the host up in: a v4-mapped IPv6 literal is an
 * IPv4 destination, found as what it is (IPv6 text) even with -4. */
static int
lookup_af(const struct tr_opts *o)
{
	struct addr num;

	if (addr_pton(AF_INET6, o->host, &num) && addr_unmap(&num))
		return AF_UNSPEC;
	return o->af;
}

/* Resolve the host; the sockets of its family, the others closed. */
static struct fam *
destination(const struct say *w, const struct tr_opts *o, struct fam fam[2],
    struct addr *dst, char *canon, size_t canonlen)
{
	char err[512];
	struct fam *f, *other;

	struct resolve_query q = { o->host, lookup_af(o), 0, canon,
	    canonlen };

	if (resolve_host(&q, dst, err, sizeof(err)) == -1)
		die(w, EXIT_ERROR, "%s: %s", o->host, err);
	/* 2.1.2: no network uses v4-mapped addresses, trace over IPv4 */
	if (addr_unmap(dst) && o->af == AF_INET6)
		die(w, EXIT_ERROR, "%s: an IPv4-mapped address cannot be traced "
		    "over IPv6", o->host);
	f = &fam[dst->af == AF_INET ? 0 : 1];
	other = &fam[dst->af == AF_INET ? 1 : 0];
	if (!f->open)
		die(w, w->sys, "%s", f->err[0] != '\0' ? f->err :
		    "cannot open socket");
	if (other->open && other->tx.fd >= 0) {
		sock_close(&other->tx);
		if (other->has_rx)
			sock_close(&other->rx);
	}
	return f;
}

/* The exit status of a trace that ran (2.1.2: 0, reached or not). */
static int
trace_status(const struct tr_opts *o, int status)
{
	if (o->exit_status || status == EXIT_ERROR)
		return status;
	return EXIT_OK;
}

/* --help, --version, -O help: the text, then exit 0. */
static int
inform(const struct tr_opts *o, const char *argv0)
{
	if (o->action == TR_ACT_HELP)
		tr_opts_usage(stdout, argv0);
	else if (o->action == TR_ACT_VERSION)
		cli_version(stdout, "traceroute");
	else
		tr_modopts_help(stdout, o->method,
		    tr_opts_method_name(o->method));
	return EXIT_OK;
}

/* What the method learns once the socket and the destination are
 * known. */
static void
finish_method(const struct tr_opts *o, const struct fam *f,
    struct trace_method *mi)
{
	if (!f->raw && o->method != TRACE_TCPCONN)
		/* the kernel chose our port / echo id */
		mi->sport = mi->icmp_id = f->tx.local_id;
	/* 2.1.2: the tcp method's MSS from the route's MTU */
	mi->c.tcp.mtu = (uint16_t)(o->method == TRACE_TCP ?
	    path_mtu(&mi->c.dst, o->device) : 0);
	trace_method_finish(mi, f->raw);
}

/* The run's configuration: the options, the method, its sockets. */
static void
run_cfg(struct tr_opts *o, struct fam *f, struct trace_method *mi,
    const struct say *w, struct tr_run_cfg *rc)
{
	memset(rc, 0, sizeof(*rc));
	rc->o = o;
	rc->m = mi;
	rc->tx = o->method == TRACE_TCPCONN ? NULL : &f->tx;
	rc->conn = o->method == TRACE_TCPCONN ? &f->conn : NULL;
	rc->rx = f->has_rx ? &f->rx : NULL;
	rc->utf8 = w->utf8;
	rc->out = stdout;
	rc->raw_host = o->host;
	rc->err_status = w->sys;
}

int
main(int argc, char *argv[])
{
	struct tr_opts o;
	struct fam fam[2], *f;
	struct trace_method m[2], *mi;
	struct addr dst, gwdst;
	char err[512], canon[256], host[ESC_MAXGROW * 256];
	struct tr_run_cfg rc;
	struct tr_as_server ras;
	struct say w = { false, TR_EXIT_SYSERR, false };
	int status;

	priv_init();
	(void)setlocale(LC_CTYPE, "");
	w.utf8 = esc_locale_utf8();
	w.json = wants_json(argc, argv);
	if (tr_opts_parse(argc, argv, &o, err, sizeof(err)) == -1)
		die(&w, EXIT_ERROR, "%s", err);
	w.json = o.json && o.action == TR_ACT_RUN;
	if (o.exit_status)
		w.sys = EXIT_ERROR;
	if (o.action != TR_ACT_RUN)
		return inform(&o, argv[0]);
	memset(fam, 0, sizeof(fam));
	memset(&gwdst, 0, sizeof(gwdst));
	if (o.ngateways > 0 && resolve_host(&(struct resolve_query){ o.host,
	    AF_INET, RESOLVE_NUMERIC, canon, sizeof(canon) }, &gwdst, err,
	    sizeof(err)) == -1)
		die(&w, EXIT_ERROR, "%s: with -g the host must be a numeric "
		    "IPv4 address", o.host);
	open_families(&w, &o, fam, m, &gwdst);
	if (priv_drop(err, sizeof(err)) == -1)
		die(&w, w.sys, "%s", err);
	f = destination(&w, &o, fam, &dst, canon, sizeof(canon));
	mi = &m[f == &fam[0] ? 0 : 1];
	mi->c.dst = dst;
	pick_source(&w, &o, mi);
	/* -A: the registry, resolved after the drop; unknown: 2 (2.1.2) */
	if (o.as_lookups && tr_as_server_resolve(NULL, NULL, &ras, err,
	    sizeof(err)) == -1)
		die(&w, EXIT_ERROR, "%s", err);
	finish_method(&o, f, mi);
	run_cfg(&o, f, mi, &w, &rc);
	esc_str(o.host, w.utf8, host, sizeof(host));
	rc.host = host;
	rc.as_server = o.as_lookups ? &ras : NULL;
	if (o.json || o.report > 0)
		tr_run_catch_sigint();
	/* from here the run writes its own document, errors included
	 * (--multipath's graph comes at the end: its errors stay ours) */
	w.json = o.json && o.multipath > 0;
	status = o.multipath > 0 ? tr_multipath(&rc, err, sizeof(err)) :
	    o.report > 0 ? tr_report(&rc, err, sizeof(err)) :
	    tr_run(&rc, err, sizeof(err));
	if (status == EXIT_ERROR)
		die(&w, w.sys, "%s", err);
	/* a write that failed earlier leaves only the error flag */
	if ((fflush(stdout) == EOF || ferror(stdout)) && errno != EPIPE)
		die(&w, EXIT_ERROR, "write error: %s", strerror(errno));
	return trace_status(&o, status);
}
