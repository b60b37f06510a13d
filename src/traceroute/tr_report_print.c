/*
 * tr_report_print.c: traceroute --report's table and its JSON (see
 * tr_report_print.h). The table's columns and their meanings are mtr's
 * --report ones: Loss% = (Snt - received) / Snt, Snt = probes with an
 * outcome, Last/Avg/Best/Wrst = the latest, mean, smallest and largest
 * round trip, StDev = their sample standard deviation, all in ms.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <inttypes.h>
#include <netdb.h>
#include <stdio.h>
#include <string.h>

#include "esc.h"
#include "icmpext.h"
#include "tr_report_print.h"

#define HOST_MIN	20			/* host column, at least */
#define TEXT_MAX	(ESC_MAXGROW * NI_MAXHOST + ICMPEXT_TEXT_MAX + 600)
#define MARK_LOCAL	'?'

void
tr_report_ms1(int64_t ns, char *buf, size_t len)
{
	int64_t t = (ns + 50000) / 100000;	/* tenths of a ms */

	snprintf(buf, len, "%" PRId64 ".%" PRId64, t / 10, t % 10);
}

/* "name (addr) [AS..] <ext> !H": one address of a hop, as the table
 * shows it (escaped), into buf. */
static void
host_text(const struct tr_report_view *v, const struct tr_report_hop *h,
    size_t i, char *buf, size_t len)
{
	const struct hopstat_addr *e = &h->hs->addr[i];
	char a[ADDR_STRLEN], name[ESC_MAXGROW * NI_MAXHOST];
	char ext[ICMPEXT_TEXT_MAX];
	struct icmpext x;
	size_t n;

	addr_ntop(&e->a, a, sizeof(a));
	if (!v->numeric && h->name[i] != NULL && h->name[i][0] != '\0') {
		esc_str(h->name[i], v->utf8, name, sizeof(name));
		n = (size_t)snprintf(buf, len, "%s (%s)", name, a);
	} else
		n = (size_t)snprintf(buf, len, "%s", a);
	if (h->as[i] != NULL && n < len)
		n += (size_t)snprintf(buf + n, len - n, " [%s]", h->as[i]);
	if (v->ext && e->has_ext && n < len &&
	    icmpext_parse(e->ext, e->extlen, &x) == 0 &&
	    icmpext_format(&x, ext, sizeof(ext)) > 0)
		n += (size_t)snprintf(buf + n, len - n, " <%s>", ext);
	if (e->note[0] != '\0' && n < len)
		(void)snprintf(buf + n, len - n, " %s", e->note);
}

/* The text of a hop's row: its main address, or ??? */
static void
hop_text(const struct tr_report_view *v, const struct tr_report_hop *h,
    char *buf, size_t len)
{
	size_t best = hopstat_main_addr(h->hs);

	if (best < h->hs->naddr)
		host_text(v, h, best, buf, len);
	else
		snprintf(buf, len, "%s", TR_REPORT_NOSHOW);
}

static int
host_width(const struct tr_report_view *v)
{
	char buf[TEXT_MAX];
	size_t w = HOST_MIN;

	for (size_t k = 0; k < v->nhops; k++) {
		const struct tr_report_hop *h = &v->hops[k];

		hop_text(v, h, buf, sizeof(buf));
		if (strlen(buf) > w)
			w = strlen(buf);
		for (size_t i = 0; h->hs->naddr > 1 && i < h->hs->naddr; i++) {
			host_text(v, h, i, buf, sizeof(buf));
			if (strlen(buf) > w)
				w = strlen(buf);
		}
	}
	return w > 4096 ? 4096 : (int)w;
}

/* Last, Avg, Best, Wrst, StDev of an answer series ("-" with none). */
static void
times(FILE *fp, unsigned received, int64_t last, const struct stats_rtt *r)
{
	int64_t v[5] = { last, stats_rtt_avg(r), r->min, r->max,
	    stats_rtt_sdev(r) };
	char b[32];

	for (size_t i = 0; i < 5; i++) {
		if (received == 0)
			snprintf(b, sizeof(b), "-");
		else
			tr_report_ms1(v[i], b, sizeof(b));
		fprintf(fp, " %6s", b);
	}
	fputc('\n', fp);
}

static void
hop_rows(FILE *fp, const struct tr_report_view *v,
    const struct tr_report_hop *h, int w)
{
	const struct hopstat *hs = h->hs;
	unsigned pm = hopstat_loss_permille(hs);
	char text[TEXT_MAX], loss[16], frac[32];

	hop_text(v, h, text, sizeof(text));
	snprintf(loss, sizeof(loss), "%u.%u%%", pm / 10, pm % 10);
	fprintf(fp, "%3u.|-- %-*s %6s%c %5u", hs->ttl, w, text, loss,
	    h->local_loss ? MARK_LOCAL : ' ', hs->sent);
	times(fp, hs->received, hs->last_ns, &hs->rtt);
	if (hs->naddr < 2)
		return;
	/* a hop of several addresses: each with its own answers */
	for (size_t i = 0; i < hs->naddr; i++) {
		const struct hopstat_addr *e = &hs->addr[i];

		host_text(v, h, i, text, sizeof(text));
		snprintf(frac, sizeof(frac), "%u/%u", e->received, hs->sent);
		fprintf(fp, "    |   %-*s %13s", w, text, frac);
		times(fp, e->received, e->last_ns, &e->rtt);
	}
}

static void
legend(FILE *fp, const struct tr_report_view *v)
{
	bool local = false, multi = false;

	for (size_t k = 0; k < v->nhops; k++) {
		local = local || v->hops[k].local_loss;
		multi = multi || v->hops[k].hs->naddr > 1;
	}
	if (local)
		fprintf(fp, "%c  a later hop lost less: this router limited or "
		    "deprioritized its own\n   answers (ICMP rate limit); no "
		    "forwarded traffic was lost here\n", MARK_LOCAL);
	if (multi)
		fputs("N/M  the answers from that address of the hop's M "
		    "probes (a hop answered\n     from several addresses: "
		    "load balancing or a route change)\n", fp);
	if (v->interrupted)
		fputs("(interrupted: the rounds done so far)\n", fp);
}

void
tr_report_print(FILE *fp, const struct tr_report_view *v)
{
	int w = host_width(v);

	fprintf(fp, "Start: %s\n", v->start);
	fprintf(fp, "HOST: %-*s %6s  %5s %6s %6s %6s %6s %6s\n", w + 2,
	    v->local, "Loss%", "Snt", "Last", "Avg", "Best", "Wrst", "StDev");
	for (size_t k = 0; k < v->nhops; k++)
		hop_rows(fp, v, &v->hops[k], w);
	legend(fp, v);
	fflush(fp);
}

/* The five trip-time members (null without answers). */
static void
json_times(struct json *j, unsigned received, int64_t last,
    const struct stats_rtt *r)
{
	static const char *const keys[] = { "last_ms", "avg_ms", "best_ms",
	    "worst_ms", "stdev_ms" };
	int64_t v[5] = { last, stats_rtt_avg(r), r->min, r->max,
	    stats_rtt_sdev(r) };

	for (size_t i = 0; i < 5; i++)
		if (received == 0)
			json_knull(j, keys[i]);
		else
			tr_json_ms(j, keys[i], v[i]);
}

static void
json_addr(struct json *j, const struct tr_report_view *v,
    const struct tr_report_hop *h, size_t i)
{
	const struct hopstat_addr *e = &h->hs->addr[i];
	char a[ADDR_STRLEN];

	json_obj(j);
	json_kstr(j, "address", addr_ntop(&e->a, a, sizeof(a)));
	if (!v->numeric)
		json_kstr(j, "name", h->name[i] != NULL && h->name[i][0] !=
		    '\0' ? h->name[i] : NULL);
	json_kuint(j, "received", e->received);
	json_times(j, e->received, e->last_ns, &e->rtt);
	json_kstr(j, "annotation", e->note[0] != '\0' ? e->note : NULL);
	if (h->as[i] != NULL)
		json_kstr(j, "as", h->as[i]);
	if (v->ext && e->has_ext)
		tr_json_ext(j, e->ext, e->extlen);
	json_obj_end(j);
}

static void
json_hop(struct json *j, const struct tr_report_view *v,
    const struct tr_report_hop *h)
{
	const struct hopstat *hs = h->hs;

	json_obj(j);
	json_kuint(j, "ttl", hs->ttl);
	json_kdec(j, "loss_pct", hopstat_loss_permille(hs), 1);
	json_kuint(j, "sent", hs->sent);
	json_kuint(j, "received", hs->received);
	json_times(j, hs->received, hs->last_ns, &hs->rtt);
	json_kbool(j, "local_loss", h->local_loss);
	json_kbool(j, "reached", hs->reached);
	json_key(j, "addresses");
	json_arr(j);
	for (size_t i = 0; i < hs->naddr; i++)
		json_addr(j, v, h, i);
	json_arr_end(j);
	if (hs->other > 0)
		json_kuint(j, "other_received", hs->other);
	json_obj_end(j);
}

void
tr_report_json(struct json *j, const struct tr_report_view *v)
{
	json_key(j, "report");
	json_obj(j);
	json_kuint(j, "cycles", v->cycles);
	json_kuint(j, "rounds", v->rounds);
	json_kdec(j, "interval_s", (int64_t)(v->interval * 1000 + 0.5), 3);
	json_kstr(j, "start", v->start);
	json_obj_end(j);
	json_key(j, "hops");
	json_arr(j);
	for (size_t k = 0; k < v->nhops; k++)
		json_hop(j, v, &v->hops[k]);
	json_arr_end(j);
}
