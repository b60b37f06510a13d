/*
 * tr_mp_print.c: traceroute --multipath's output (see tr_mp_print.h).
 *
 *  1  198.18.0.2 -> 198.18.1.2 198.18.2.2
 *  2  198.18.1.2 -> 198.18.3.2
 *     198.18.2.2 -> 198.18.3.2
 *  3  198.18.3.2 -> 198.18.5.2
 *  4  198.18.5.2 (destination)
 * multipath: 34 probes sent, confidence reached 95.0% (asked 95%)
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <netdb.h>
#include <string.h>

#include "esc.h"
#include "tr_mp_print.h"
#include "tr_print.h"

void
tr_mp_json_str(FILE *fp, const char *s)
{
	char e[ESC_MAXGROW * NI_MAXHOST];

	/* JSON is UTF-8: invalid bytes and controls become \xNN text */
	esc_str(s, true, e, sizeof(e));
	fputc('"', fp);
	for (const char *p = e; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\')
			fputc('\\', fp);
		fputc(*p, fp);
	}
	fputc('"', fp);
}

/* The interface's text: "name (addr)" or the address. */
static void
if_text(const struct tr_mp_print_cfg *c, const struct addr *a, char *buf,
    size_t len)
{
	char ad[ADDR_STRLEN], name[NI_MAXHOST], e[ESC_MAXGROW * NI_MAXHOST];

	addr_ntop(a, ad, sizeof(ad));
	if (c->numeric || c->name == NULL || c->name(c->ctx, a, name,
	    sizeof(name)) == -1 || strcmp(name, ad) == 0) {
		snprintf(buf, len, "%s", ad);
		return;
	}
	esc_str(name, c->utf8, e, sizeof(e));
	snprintf(buf, len, "%s (%s)", e, ad);
}

/* Interface i of hop h: its line, with where it leads (hop next). */
static void
print_if(FILE *fp, const struct tr_mp_print_cfg *c,
    const struct mda_hopinfo *h, size_t i, const struct mda_hopinfo *next)
{
	const struct mda_iface *f = &h->ifs[i];
	char t[ESC_MAXGROW * NI_MAXHOST + ADDR_STRLEN + 4], a[ADDR_STRLEN];
	bool any = false;

	if_text(c, &f->a, t, sizeof(t));
	if (i == 0)
		fprintf(fp, "%2u  %s", h->ttl, t);
	else
		fprintf(fp, "    %s", t);
	if (f->dest)
		fputs(" (destination)", fp);
	else if (f->terminal)
		fputs(" (unreachable)", fp);
	else if (next != NULL && next->links_unknown)
		fputs(" -> ?", fp);
	else if (next != NULL)
		for (size_t l = 0; l < next->nlinks; l++)
			if (next->links[l].from == i) {
				fprintf(fp, "%s%s", any ? " " : " -> ",
				    addr_ntop(&next->ifs[next->links[l].to].a,
				    a, sizeof(a)));
				any = true;
			}
	fputc('\n', fp);
}

static void
print_text(FILE *fp, const struct tr_mp_print_cfg *c, const struct mda *m)
{
	unsigned last = mda_last_ttl(m);
	struct mda_hopinfo h, next;

	tr_print_header(fp, c->host, c->dst, c->max_ttl, c->pktlen);
	for (unsigned ttl = 1; ttl <= last; ttl++) {
		bool hn;

		if (!mda_hop(m, ttl, &h))
			continue;
		hn = ttl < last && mda_hop(m, ttl + 1, &next);
		if (h.silent) {
			fprintf(fp, "%2u  *\n", ttl);
			continue;
		}
		for (size_t i = 0; i < h.nifs; i++)
			print_if(fp, c, &h, i, hn ? &next : NULL);
		if (h.per_packet)
			fputs("    per-packet load balancing: a flow was "
			    "answered from more than one interface, no links "
			    "inferred past this hop\n", fp);
	}
	fprintf(fp, "multipath: %u probes sent, confidence reached %.1f%% "
	    "(asked %g%%)\n", mda_probes_sent(m), mda_confidence(m) * 100,
	    c->confidence * 100);
}

/* One node of the JSON graph. */
static void
json_node(FILE *fp, const struct tr_mp_print_cfg *c, const struct mda_iface *f)
{
	char a[ADDR_STRLEN], name[NI_MAXHOST];

	fprintf(fp, "{\"addr\":\"%s\"", addr_ntop(&f->a, a, sizeof(a)));
	if (!c->numeric && c->name != NULL && c->name(c->ctx, &f->a, name,
	    sizeof(name)) == 0 && strcmp(name, a) != 0) {
		fputs(",\"name\":", fp);
		tr_mp_json_str(fp, name);
	}
	fprintf(fp, ",\"flows\":%u,\"destination\":%s,\"terminal\":%s}",
	    f->nflows, f->dest ? "true" : "false",
	    f->terminal ? "true" : "false");
}

static void
json_hop(FILE *fp, const struct tr_mp_print_cfg *c,
    const struct mda_hopinfo *h)
{
	fprintf(fp, "{\"ttl\":%u,\"probes\":%u,\"silent\":%s,"
	    "\"per_packet\":%s,\"meshed\":%s,\"full_mda\":%s,"
	    "\"confidence\":%.4f,\"nodes\":[", h->ttl, h->probes,
	    h->silent ? "true" : "false", h->per_packet ? "true" : "false",
	    h->meshed ? "true" : "false", h->full ? "true" : "false",
	    h->confidence);
	for (size_t i = 0; i < h->nifs; i++) {
		if (i > 0)
			fputc(',', fp);
		json_node(fp, c, &h->ifs[i]);
	}
	fputs("]}", fp);
}

/* Every link, as {"ttl": of `from`, "from", "to", "flows"}. */
static void
json_links(FILE *fp, const struct mda *m)
{
	struct mda_hopinfo h, prev;
	char a[ADDR_STRLEN], b[ADDR_STRLEN];
	bool first = true;

	for (unsigned ttl = 2; ttl <= mda_last_ttl(m); ttl++) {
		if (!mda_hop(m, ttl, &h) || !mda_hop(m, ttl - 1, &prev))
			continue;
		for (size_t l = 0; l < h.nlinks; l++) {
			fprintf(fp, "%s{\"ttl\":%u,\"from\":\"%s\",\"to\":\"%s\","
			    "\"flows\":%u}", first ? "" : ",", ttl - 1,
			    addr_ntop(&prev.ifs[h.links[l].from].a, a,
			    sizeof(a)), addr_ntop(&h.ifs[h.links[l].to].a, b,
			    sizeof(b)), h.links[l].nflows);
			first = false;
		}
	}
}

static void
print_json(FILE *fp, const struct tr_mp_print_cfg *c, const struct mda *m)
{
	struct mda_hopinfo h;
	char a[ADDR_STRLEN];
	bool first = true;

	fputs("{\"multipath\":{\"host\":", fp);
	tr_mp_json_str(fp, c->raw_host);
	fprintf(fp, ",\"destination\":\"%s\",\"method\":\"%s\","
	    "\"max_hops\":%u,\"packet_len\":%zu,\"confidence\":%g,"
	    "\"confidence_reached\":%.4f,\"probes_sent\":%u,\"reached\":%s,"
	    "\"hops\":[", addr_ntop(c->dst, a, sizeof(a)), c->method,
	    c->max_ttl, c->pktlen, c->confidence, mda_confidence(m),
	    mda_probes_sent(m), mda_reached(m) ? "true" : "false");
	for (unsigned ttl = 1; ttl <= mda_last_ttl(m); ttl++) {
		if (!mda_hop(m, ttl, &h))
			continue;
		if (!first)
			fputc(',', fp);
		json_hop(fp, c, &h);
		first = false;
	}
	fputs("],\"links\":[", fp);
	json_links(fp, m);
	fputs("]}}\n", fp);
}

void
tr_mp_print(FILE *fp, const struct tr_mp_print_cfg *c, const struct mda *m)
{
	if (c->json)
		print_json(fp, c, m);
	else
		print_text(fp, c, m);
}
