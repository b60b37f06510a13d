/*
 * tr_run.c: one trace of the traceroute program (see tr_run.h): the
 * library's engine (trace.h) does the probing; this file turns each hop it
 * hands over into traceroute 2.1.2's line: names looked up in parallel
 * (tr_names.c), annotations (!H, !N, ...), -e text, --mtu's F=.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <netdb.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "esc.h"
#include "exitcodes.h"
#include "icmpext.h"
#include "icmpnames.h"
#include "tr_as.h"
#include "tr_json.h"
#include "tr_names.h"
#include "tr_print.h"
#include "tr_run.h"
#include "trace.h"

struct run {
	const struct tr_run_cfg *c;
	struct tr_names	*names;
	struct tr_as	*as;		/* -A */
	struct tr_hop_probe late;	/* a destination answer after its
					 * hop was printed */
	unsigned	 late_ttl;
	struct json	 json;		/* --json: the document */
};

/* SIGINT with --json or --report: the run ends with what it has. */
static volatile sig_atomic_t interrupted;

static void
on_sigint(int sig)
{
	(void)sig;
	interrupted = 1;
}

void
tr_run_catch_sigint(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sigint;
	sigemptyset(&sa.sa_mask);
	/* no SA_RESTART: the engine's poll() returns at once */
	(void)sigaction(SIGINT, &sa, NULL);
}

bool
tr_run_interrupted(void)
{
	return interrupted != 0;
}

/* The texts of one probe's line: annotation, -e objects, name. */
struct texts {
	char	 annot[24];
	char	 ext[ICMPEXT_TEXT_MAX];
	char	 name[ESC_MAXGROW * NI_MAXHOST];
	char	 as[TR_AS_TEXT_MAX];
};

/* "syn,ack": the flags in 2.1.2's order and words. */
static void
tcp_flag_names(uint8_t f, char *buf, size_t cap)
{
	static const struct { uint8_t bit; const char *name; } fl[] = {
		{ 0x01, "fin" }, { 0x02, "syn" }, { 0x04, "rst" },
		{ 0x08, "psh" }, { 0x10, "ack" }, { 0x20, "urg" },
		{ 0x40, "ece" }, { 0x80, "cwr" },
	};
	size_t n = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < sizeof(fl) / sizeof(fl[0]) && n < cap; i++)
		if (f & fl[i].bit)
			n += (size_t)snprintf(buf + n, cap - n, "%s%s",
			    n > 0 ? "," : "", fl[i].name);
}

static void
probe_texts(const struct run *r, const struct trace_res *res,
    struct texts *t, struct tr_hop_probe *hp)
{
	char name[NI_MAXHOST];
	struct icmpext e;

	t->annot[0] = t->ext[0] = '\0';
	if (!res->l4 && res->kind != ICMP_KIND_ECHO_REPLY &&
	    icmpnames_tr_annot_tc(res->from.af, res->type, res->code,
	    res->mtu, t->annot, sizeof(t->annot)) < 0)
		t->annot[0] = '\0';
	if (res->ext != NULL && (icmpext_parse(res->ext, res->extlen,
	    &e) != 0 || icmpext_format(&e, t->ext, sizeof(t->ext)) < 0))
		t->ext[0] = '\0';
	/* -O info: the destination's TCP flags, where 2.1.2 puts them */
	if (res->tcp && r->c->o->mod.info)
		tcp_flag_names(res->tcp_flags, t->ext, sizeof(t->ext));
	hp->annot = t->annot;
	hp->ext = t->ext;
	/* names come from the resolver: outside text, escaped (for JSON
	 * by the writer, "" when there is none) */
	if (r->names != NULL && tr_names_get(r->names, &res->from, name,
	    sizeof(name)) == 0) {
		if (r->c->o->json)
			tr_run_raw_name(&res->from, name, t->name,
			    sizeof(t->name));
		else
			esc_str(name, r->c->utf8, t->name, sizeof(t->name));
		hp->name = t->name;
	}
	if (r->as != NULL && tr_as_get(r->as, &res->from, t->as,
	    sizeof(t->as)) == 0)
		hp->as = t->as;
}

static void
on_hop(void *ctx, unsigned ttl, const struct trace_res *res, size_t n)
{
	struct run *r = ctx;
	const struct tr_opts *o = r->c->o;
	struct tr_print_cfg pc = { o->numeric, o->back };
	struct tr_hop_probe hp[TR_MAX_QUERIES];
	struct texts t[TR_MAX_QUERIES];

	for (size_t q = 0; q < n && q < TR_MAX_QUERIES; q++) {
		memset(&hp[q], 0, sizeof(hp[q]));
		hp[q].answered = res[q].answered;
		hp[q].from = res[q].from;
		hp[q].rtt_ns = res[q].rtt_ns;
		hp[q].mtu = res[q].pmtu;
		hp[q].recv_ttl = res[q].recv_ttl;
		if (res[q].answered)
			probe_texts(r, &res[q], &t[q], &hp[q]);
	}
	if (o->json)
		tr_json_hop(&r->json, ttl, res, hp, n);
	else
		tr_print_hop(r->c->out, &pc, ttl, hp, n);
}

static void
on_late(void *ctx, unsigned ttl, const struct trace_res *res)
{
	struct run *r = ctx;

	r->late.answered = true;
	r->late.from = res->from;
	r->late.rtt_ns = res->rtt_ns;
	r->late_ttl = ttl;
}

static void
on_answer(void *ctx, const struct addr *from)
{
	struct run *r = ctx;

	if (r->names != NULL)
		tr_names_add(r->names, from);
	if (r->as != NULL)
		tr_as_add(r->as, from);
}

static bool
on_stop(void *ctx)
{
	(void)ctx;
	return tr_run_interrupted();
}

int
tr_run_setup_failed(const struct tr_run_cfg *c, const char *what, char *err,
    size_t errlen)
{
	snprintf(err, errlen, "cannot set up the %s: %s", what,
	    strerror(ENOMEM));
	if (c->o->json)
		tr_json_error(c->out, err, c->err_status);
	return EXIT_ERROR;
}

void
tr_run_raw_name(const struct addr *a, const char *name, char *buf,
    size_t len)
{
	char num[ADDR_STRLEN];

	snprintf(buf, len, "%s", strcmp(name, addr_ntop(a, num,
	    sizeof(num))) == 0 ? "" : name);
}

void
tr_run_engine_cfg(const struct tr_run_cfg *c, struct trace_cfg *tc)
{
	const struct tr_opts *o = c->o;

	memset(tc, 0, sizeof(*tc));
	tc->m = c->m;
	tc->tx = c->tx;
	tc->rx = c->rx;
	tc->conn = c->conn;
	tc->first_ttl = o->first_ttl;
	tc->max_ttl = o->max_ttl;
	tc->nqueries = o->nqueries;
	tc->window = o->sim_queries;	/* (1 for the one-at-a-time methods) */
	tc->sendwait_ns = o->sendwait_ns;
	tc->wait_max = o->wait_max;
	tc->wait_here = o->wait_here;
	tc->wait_near = o->wait_near;
	tc->gap_limit = o->gap_limit;
	tc->mtu = o->mtu;
	tc->ext = o->ext;
}

int
tr_run(const struct tr_run_cfg *c, char *err, size_t errlen)
{
	struct run r;
	struct trace_cfg tc;
	struct trace_hooks h = { &r, on_hop, on_late, on_answer, on_stop };
	struct tr_json_target jt = { c->raw_host, &c->m->c.dst, c->o,
	    trace_method_pktlen(c->m) };
	int got;

	memset(&r, 0, sizeof(r));
	r.c = c;
	if (!c->o->numeric && (r.names = tr_names_new()) == NULL)
		return tr_run_setup_failed(c, "trace", err, errlen);
	if (c->as_server != NULL && (r.as = tr_as_new(c->as_server,
	    TR_AS_WAIT_NS)) == NULL) {
		tr_names_free(r.names);
		return tr_run_setup_failed(c, "trace", err, errlen);
	}
	tr_run_engine_cfg(c, &tc);
	if (c->o->json) {
		json_init(&r.json, c->out, TR_JSON_INDENT);
		tr_json_begin(&r.json, &jt);
		json_key(&r.json, "hops");
		json_arr(&r.json);
	} else
		tr_print_header(c->out, c->host, &c->m->c.dst, c->o->max_ttl,
		    trace_method_pktlen(c->m));
	fflush(c->out);
	got = trace_run(&tc, &h, err, errlen);
	if (c->o->json) {
		json_arr_end(&r.json);
		if (got >= 0 && r.late.answered)
			tr_json_late(&r.json, r.late_ttl, &r.late.from,
			    r.late.rtt_ns);
		(void)tr_json_end(&r.json, got > 0, tr_run_interrupted(),
		    got < 0 ? err : NULL);
	} else if (got >= 0 && r.late.answered)
		tr_print_late(c->out, r.late_ttl, &r.late);
	tr_names_free(r.names);
	tr_as_free(r.as);
	return got < 0 ? EXIT_ERROR : got ? EXIT_OK : EXIT_NOREPLY;
}
