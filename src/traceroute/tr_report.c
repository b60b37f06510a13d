/*
 * tr_report.c: traceroute --report (see tr_report.h): the engine's
 * settings for rounds, the hooks that add each hop up and start the name
 * lookups, the progress line on a terminal, then the printers
 * (tr_report_print.c).
 *
 * Pacing: Linux (and most routers) answer a source with at most about
 * one ICMP error a second after a burst of six (icmp_ratelimit 1000 ms,
 * XRLIM_BURST_FACTOR 6). Each hop gets one probe per --interval, each
 * from its own previous one, and the first round never sends past the
 * destination, so at the default interval no router's allowance, the
 * destination's included, is ever spent by our own probing.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "exitcodes.h"
#include "hopstat.h"
#include "tr_as.h"
#include "tr_json.h"
#include "tr_names.h"
#include "tr_report.h"
#include "tr_report_print.h"
#include "trace.h"

struct rep {
	const struct tr_run_cfg *c;
	struct tr_names	*names;
	struct tr_as	*as;
	struct hopstat	*hops;		/* [max_ttl], ttl 0: not handed over */
	unsigned	 rounds;
	int64_t		 t0;
	bool		 tty;		/* progress on c->out */
	unsigned	 shown;		/* round the progress line shows */
};

static void
on_hop(void *ctx, unsigned ttl, const struct trace_res *res, size_t n)
{
	struct rep *r = ctx;
	const struct tr_opts *o = r->c->o;
	struct hopstat *h;

	if (ttl < 1 || ttl > o->max_ttl)
		return;
	h = &r->hops[ttl - 1];
	hopstat_init(h, ttl);
	for (size_t i = 0; i < n; i++)
		hopstat_add(h, &res[i], &r->c->m->c.dst, o->ext);
}

static void
on_answer(void *ctx, const struct addr *from)
{
	struct rep *r = ctx;

	if (r->names != NULL)
		tr_names_add(r->names, from);
	if (r->as != NULL)
		tr_as_add(r->as, from);
}

/* "round 3 of 10" while it runs, on a terminal only; the first hop's
 * probes start the rounds, one interval apart. */
static void
progress(struct rep *r)
{
	int64_t iv = (int64_t)(r->c->o->interval * (double)NS_PER_SEC);
	unsigned k = (unsigned)((clock_mono_ns() - r->t0) / iv) + 1;

	if (!r->tty)
		return;
	if (k > r->rounds)
		k = r->rounds;
	if (k == r->shown)
		return;
	r->shown = k;
	fprintf(r->c->out, "\r\033[Kround %u of %u", k, r->rounds);
	fflush(r->c->out);
}

static bool
on_stop(void *ctx)
{
	struct rep *r = ctx;

	progress(r);
	return tr_run_interrupted();
}

static void
engine(const struct rep *r, struct trace_cfg *tc)
{
	const struct tr_opts *o = r->c->o;
	int64_t iv = (int64_t)(o->interval * (double)NS_PER_SEC);
	int64_t max = (int64_t)(o->wait_max * (double)NS_PER_SEC);

	tr_run_engine_cfg(r->c, tc);
	tc->nqueries = r->rounds;
	tc->round_ns = iv;
	/* the first round: the next hop when this one answered, else a
	 * tenth of the interval later (as mtr spreads its first pass) */
	tc->gap0_ns = iv / 10;
	/* every answer within an interval counts, even in the last round */
	tc->wait_floor_ns = iv < max ? iv : max;
	tc->flush = true;
}

/* The names and -A texts of hop h's addresses (raw; NULL: none). */
static void
texts(struct rep *r, const struct hopstat *h, struct tr_report_hop *rh,
    char (*names)[NI_MAXHOST], char (*as)[TR_AS_TEXT_MAX])
{
	memset(rh, 0, sizeof(*rh));
	rh->hs = h;
	for (size_t i = 0; i < h->naddr; i++) {
		if (r->names != NULL && tr_names_get(r->names, &h->addr[i].a,
		    names[i], NI_MAXHOST) == 0) {
			char raw[NI_MAXHOST];

			snprintf(raw, sizeof(raw), "%s", names[i]);
			tr_run_raw_name(&h->addr[i].a, raw, names[i],
			    NI_MAXHOST);
			rh->name[i] = names[i];
		}
		if (r->as != NULL && tr_as_get(r->as, &h->addr[i].a, as[i],
		    TR_AS_TEXT_MAX) == 0)
			rh->as[i] = as[i];
	}
}

/* The hops to show: those handed over, up to the last one. */
static size_t
shown_hops(const struct rep *r, struct tr_report_hop *rh, bool *flags,
    struct hopstat *hs)
{
	const struct tr_opts *o = r->c->o;
	size_t n = 0;

	for (unsigned t = o->first_ttl; t <= o->max_ttl; t++)
		if (r->hops[t - 1].ttl != 0)
			hs[n++] = r->hops[t - 1];
	hopstat_local_loss(hs, n, flags);
	for (size_t i = 0; i < n; i++)
		rh[i].local_loss = flags[i];
	return n;
}

static void
start_text(char *buf, size_t len)
{
	time_t now = time(NULL);
	struct tm tm;

	if (localtime_r(&now, &tm) == NULL ||
	    strftime(buf, len, "%Y-%m-%dT%H:%M:%S%z", &tm) == 0)
		snprintf(buf, len, "?");
}

/* Everything the printers need, for n hops. */
struct out {
	struct tr_report_hop *rh;
	struct hopstat	*hs;
	bool		*flags;
	char		(*names)[HOPSTAT_MAX_ADDRS][NI_MAXHOST];
	char		(*as)[HOPSTAT_MAX_ADDRS][TR_AS_TEXT_MAX];
};

static bool
out_alloc(struct out *u, size_t n, bool as)
{
	u->rh = calloc(n, sizeof(*u->rh));
	u->hs = calloc(n, sizeof(*u->hs));
	u->flags = calloc(n, sizeof(*u->flags));
	u->names = calloc(n, sizeof(*u->names));
	u->as = as ? calloc(n, sizeof(*u->as)) : NULL;
	return u->rh != NULL && u->hs != NULL && u->flags != NULL &&
	    u->names != NULL && (!as || u->as != NULL);
}

static void
out_free(struct out *u)
{
	free(u->rh);
	free(u->hs);
	free(u->flags);
	free(u->names);
	free(u->as);
}

static void
emit(struct rep *r, const struct tr_report_view *v0, const char *err)
{
	const struct tr_run_cfg *c = r->c;
	struct tr_json_target jt = { c->raw_host, &c->m->c.dst, c->o,
	    trace_method_pktlen(c->m) };
	struct tr_report_view v = *v0;
	struct json j;

	if (r->tty && r->shown > 0)
		fputs("\r\033[K", c->out);
	if (!c->o->json) {
		tr_report_print(c->out, &v);
		return;
	}
	json_init(&j, c->out, TR_JSON_INDENT);
	tr_json_begin(&j, &jt);
	tr_report_json(&j, &v);
	(void)tr_json_end(&j, v.reached, v.interrupted, err);
}

/* Look the hops' texts up and print the table or the document. */
static int
finish(struct rep *r, int got, const char *err)
{
	const struct tr_opts *o = r->c->o;
	struct tr_report_view v;
	char start[64], host[256];
	struct out u;
	size_t n;

	if (!out_alloc(&u, o->max_ttl, r->as != NULL)) {
		out_free(&u);
		return -1;
	}
	n = shown_hops(r, u.rh, u.flags, u.hs);
	for (size_t i = 0; i < n; i++) {
		bool lf = u.rh[i].local_loss;

		texts(r, &u.hs[i], &u.rh[i], u.names[i], u.as != NULL ?
		    u.as[i] : NULL);
		u.rh[i].local_loss = lf;
	}
	memset(&v, 0, sizeof(v));
	start_text(start, sizeof(start));
	if (gethostname(host, sizeof(host)) != 0)
		snprintf(host, sizeof(host), "?");
	host[sizeof(host) - 1] = '\0';
	v.start = start;
	v.local = host;
	v.numeric = o->numeric;
	v.ext = o->ext;
	v.utf8 = r->c->utf8;
	v.hops = u.rh;
	v.nhops = n;
	v.rounds = r->rounds;
	v.cycles = o->report;
	v.interval = o->interval;
	v.interrupted = tr_run_interrupted();
	v.reached = got > 0;
	emit(r, &v, err);
	out_free(&u);
	return 0;
}

int
tr_report(const struct tr_run_cfg *c, char *err, size_t errlen)
{
	struct rep r;
	struct trace_cfg tc;
	struct trace_hooks h = { &r, on_hop, NULL, on_answer, on_stop };
	int got;

	memset(&r, 0, sizeof(r));
	r.c = c;
	r.rounds = c->o->report * c->o->nqueries;
	r.tty = isatty(fileno(c->out)) == 1;
	r.hops = calloc(c->o->max_ttl, sizeof(*r.hops));
	if (r.hops == NULL || (!c->o->numeric &&
	    (r.names = tr_names_new()) == NULL) || (c->as_server != NULL &&
	    (r.as = tr_as_new(c->as_server, TR_AS_WAIT_NS)) == NULL)) {
		(void)tr_run_setup_failed(c, "report", err, errlen);
		got = -1;
	} else {
		engine(&r, &tc);
		r.t0 = clock_mono_ns();
		progress(&r);
		got = trace_run(&tc, &h, err, errlen);
		if (finish(&r, got, got < 0 ? err : NULL) == -1) {
			snprintf(err, errlen, "cannot print the report: %s",
			    strerror(ENOMEM));
			got = -1;
		}
	}
	tr_names_free(r.names);
	tr_as_free(r.as);
	free(r.hops);
	return got < 0 ? EXIT_ERROR : got ? EXIT_OK : EXIT_NOREPLY;
}
