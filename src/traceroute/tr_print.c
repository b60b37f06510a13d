/*
 * tr_print.c: traceroute's output format (header and hop lines), exactly
 * as traceroute 2.1.2 prints it. Every output format lives here.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <inttypes.h>
#include <string.h>

#include "tr_print.h"

void
tr_print_header(FILE *fp, const char *host, const struct addr *dst,
    unsigned max_ttl, size_t pktlen)
{
	char a[ADDR_STRLEN];

	fprintf(fp, "traceroute to %s (%s), %u hops max, %zu byte packets\n",
	    host, addr_ntop(dst, a, sizeof(a)), max_ttl, pktlen);
}

int
tr_print_back_hops(int recv_ttl)
{
	if (recv_ttl <= 64)
		return 65 - recv_ttl;
	if (recv_ttl <= 128)
		return 129 - recv_ttl;
	return 256 - recv_ttl;
}

static bool
same_ext(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

/* 2.1.2 prints the address again when it differs from the last answer. */
static bool
needs_addr(const struct tr_print_cfg *cfg, const struct tr_hop_probe *p,
    size_t i)
{
	const struct tr_hop_probe *prev = NULL;
	size_t i0 = i;

	while (i > 0) {
		i--;
		if (p[i].answered) {
			prev = &p[i];
			break;
		}
	}
	if (prev == NULL)
		return true;
	return !addr_eq(&prev->from, &p[i0].from) ||
	    !same_ext(prev->ext, p[i0].ext) ||
	    (cfg->back && prev->recv_ttl != p[i0].recv_ttl);
}

static void
print_addr(FILE *fp, const struct tr_print_cfg *cfg, unsigned ttl,
    const struct tr_hop_probe *p)
{
	char a[ADDR_STRLEN];

	addr_ntop(&p->from, a, sizeof(a));
	if (cfg->numeric)
		fprintf(fp, " %s", a);
	else
		fprintf(fp, " %s (%s)", p->name != NULL && p->name[0] != '\0' ?
		    p->name : a, a);
	if (p->as != NULL)
		fprintf(fp, " [%s]", p->as);
	if (p->ext != NULL && p->ext[0] != '\0')
		fprintf(fp, p->ext[0] == '<' ? " %s" : " <%s>", p->ext);
	if (cfg->back && p->recv_ttl > 0) {
		int hops = tr_print_back_hops(p->recv_ttl);

		if (hops != (int)ttl)
			fprintf(fp, " '-%d'", hops);
	}
}

void
tr_print_hop(FILE *fp, const struct tr_print_cfg *cfg, unsigned ttl,
    const struct tr_hop_probe *p, size_t n)
{
	fprintf(fp, "%2u ", ttl);
	for (size_t i = 0; i < n; i++) {
		if (!p[i].answered)
			fputs(" *", fp);
		else {
			if (needs_addr(cfg, p, i))
				print_addr(fp, cfg, ttl, &p[i]);
			int64_t us = (p[i].rtt_ns + 500) / 1000;

			fprintf(fp, "  %" PRId64 ".%03" PRId64 " ms",
			    us / 1000, us % 1000);
		}
		if (p[i].annot != NULL && p[i].annot[0] != '\0')
			fprintf(fp, " %s", p[i].annot);
		if (p[i].mtu != 0)
			fprintf(fp, " F=%" PRIu32, p[i].mtu);
	}
	fputc('\n', fp);
	fflush(fp);
}

void
tr_print_late(FILE *fp, unsigned ttl, const struct tr_hop_probe *p)
{
	char a[ADDR_STRLEN];
	int64_t us = (p->rtt_ns + 500) / 1000;

	fprintf(fp, "    late answer for hop %u: %s  %" PRId64 ".%03" PRId64
	    " ms\n", ttl, addr_ntop(&p->from, a, sizeof(a)), us / 1000,
	    us % 1000);
}
