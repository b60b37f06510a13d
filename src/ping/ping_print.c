/*
 * ping_print.c: every line ping prints (see ping_print.h), in iputils ping
 * 20221126's format: header, reply and error lines, flood dots, -D stamps,
 * -O notices, the statistics and the SIGQUIT status line. Output formats
 * live here and nowhere else.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <arpa/inet.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

#include "clock.h"
#include "ping_json.h"
#include "ping_print.h"

/* ns -> us, truncated: iputils measures in whole microseconds. */
static int64_t
us(int64_t ns)
{
	if (ns < 0)
		ns = 0;
	return ns / 1000;
}

void
ping_print_rtt(char *buf, size_t len, int64_t rtt_ns)
{
	int64_t t = us(rtt_ns);

	/* iputils: 3 decimals below 1 ms, 2 below 10, 1 below 100 */
	if (t >= 100000 - 50)
		snprintf(buf, len, " time=%" PRId64 " ms", (t + 500) / 1000);
	else if (t >= 10000 - 5)
		snprintf(buf, len, " time=%" PRId64 ".%01" PRId64 " ms",
		    (t + 50) / 1000, ((t + 50) % 1000) / 100);
	else if (t >= 1000)
		snprintf(buf, len, " time=%" PRId64 ".%02" PRId64 " ms",
		    (t + 5) / 1000, ((t + 5) % 1000) / 10);
	else
		snprintf(buf, len, " time=%" PRId64 ".%03" PRId64 " ms",
		    t / 1000, t % 1000);
}

static void
stamp(FILE *fp, const struct ping_print_cfg *c, int64_t wall_ns)
{
	if (!c->print_time)
		return;
	if (wall_ns < 0)
		wall_ns = 0;
	fprintf(fp, "[%" PRId64 ".%06" PRId64 "] ", wall_ns / NS_PER_SEC,
	    (wall_ns % NS_PER_SEC) / NS_PER_US);
}

void
ping_print_header(FILE *fp, const struct ping_print_cfg *c,
    const struct ping_header *h)
{
	if (h->pattern != NULL && h->patlen > 0 && !c->quiet) {
		fputs("PATTERN: 0x", fp);
		for (size_t i = 0; i < h->patlen; i++)
			fprintf(fp, "%02x", h->pattern[i]);
		fputc('\n', fp);
	}
	if (h->af == AF_INET6)
		fprintf(fp, "PING %s(%s) ", h->host, h->addr);
	else
		fprintf(fp, "PING %s (%s) ", h->host, h->addr);
	if (h->source != NULL || h->device != NULL)
		fprintf(fp, "from %s %s: ", h->source != NULL ? h->source :
		    "", h->device != NULL ? h->device : "");
	if (h->af == AF_INET6)
		fprintf(fp, "%zu data bytes\n", h->datalen);
	else
		fprintf(fp, "%zu(%zu) bytes of data.\n", h->datalen,
		    h->datalen + 8 + h->ipoptlen + 20);
}

/* iputils dumps the whole data after a wrong byte, 32 bytes a row. */
static void
dump_data(FILE *fp, const struct ping_event *ev)
{
	size_t from = ev->dump_from;

	for (size_t i = from; i < ev->datalen; i++) {
		if (i % 32 == from % 32)
			fprintf(fp, "\n#%zu\t", i);
		fprintf(fp, "%x ", ev->data[i]);
	}
}

static void
fmt_ut(char *buf, size_t len, uint32_t ms)
{
	/* RFC 792: ms since midnight UT; the high bit marks other units */
	if (ms & 0x80000000u) {
		snprintf(buf, len, "%" PRIu32 " (not standard)",
		    ms & 0x7fffffffu);
		return;
	}
	snprintf(buf, len, "%" PRIu32 " (%02u:%02u:%02u.%03u UT)", ms,
	    (unsigned)(ms / 3600000u % 100u), (unsigned)(ms / 60000u % 60u),
	    (unsigned)(ms / 1000u % 60u), (unsigned)(ms % 1000u));
}

static void
reply_extra(FILE *fp, const struct ping_event *ev)
{
	char o[48], r[48], t[48];
	struct in_addr m;
	char a[INET_ADDRSTRLEN];

	if (ev->type == PING_TYPE_TSTAMP) {
		fmt_ut(o, sizeof(o), ev->ts_orig);
		fmt_ut(r, sizeof(r), ev->ts_recv);
		fmt_ut(t, sizeof(t), ev->ts_xmit);
		fprintf(fp, "\nicmp_otime = %s\nicmp_rtime = %s\n"
		    "icmp_ttime = %s", o, r, t);
	} else if (ev->type == PING_TYPE_MASK) {
		m.s_addr = htonl(ev->mask);
		fprintf(fp, "\nicmp_mask = %s", inet_ntop(AF_INET, &m, a,
		    sizeof(a)) != NULL ? a : "?");
	}
}

static void
reply_line(FILE *fp, const struct ping_print_cfg *c,
    const struct ping_event *ev)
{
	char rtt[48];

	stamp(fp, c, ev->wall_ns);
	if (ev->ni_text != NULL)	/* -N: what the node said */
		fprintf(fp, "%zu bytes from %s:%s; seq=%u;", ev->bytes,
		    ev->from, ev->ni_text, (unsigned)ev->seq);
	else
		fprintf(fp, "%zu bytes from %s: icmp_seq=%u", ev->bytes,
		    ev->from, (unsigned)ev->seq);
	if (c->verbose && ev->ni_text == NULL)
		fprintf(fp, " ident=%u", (unsigned)ev->ident);
	if (ev->ttl >= 0)
		fprintf(fp, " ttl=%d", ev->ttl);
	if (ev->type == PING_TYPE_ECHO && ev->bytes < c->datalen + 8) {
		fputs(" (truncated)\n", fp);
		return;
	}
	if (ev->has_rtt) {
		ping_print_rtt(rtt, sizeof(rtt), ev->rtt_ns);
		fputs(rtt, fp);
	}
	if (ev->dup && (!c->multicast || c->verbose))
		fputs(" (DUP!)", fp);
	if (ev->forged)
		fputs(" (FORGED TIMESTAMP!)", fp);
	if (ev->bad_byte >= 0 && (size_t)ev->bad_byte < ev->datalen) {
		fprintf(fp, "\nwrong data byte #%ld should be 0x%x but was "
		    "0x%x", ev->bad_byte, ev->bad_want,
		    ev->data[ev->bad_byte]);
		dump_data(fp, ev);
	}
	reply_extra(fp, ev);
	if (c->audible)
		fputc('\a', fp);
	if (ev->same_route)
		fputs("\t(same route)", fp);
	else if (ev->opts != NULL)
		(void)ipopt_print(fp, ev->opts);
	fputc('\n', fp);
}

/* -f: a dot per request, a backspace per reply, E per error. */
static void
flood_event(FILE *fp, const struct ping_print_cfg *c,
    const struct ping_event *ev)
{
	switch (ev->kind) {
	case PING_EV_SENT:
		fputc('.', fp);
		break;
	case PING_EV_REPLY:
		if (c->audible)
			fputc('\a', fp);
		fputs("\b \b", fp);
		break;
	case PING_EV_ERROR:
		fputs("\bE", fp);
		break;
	case PING_EV_LOCAL:
		fputc('E', fp);
		break;
	default:
		break;
	}
}

void
ping_print_event(FILE *fp, const struct ping_print_cfg *c,
    const struct ping_event *ev)
{
	if (c->quiet)
		return;
	if (c->json) {
		ping_json_event(fp, c, ev);
		return;
	}
	if (c->flood) {
		flood_event(fp, c, ev);
		return;
	}
	switch (ev->kind) {
	case PING_EV_SENT:
		break;
	case PING_EV_REPLY:
		reply_line(fp, c, ev);
		break;
	case PING_EV_ERROR:
		stamp(fp, c, ev->wall_ns);
		fprintf(fp, "From %s icmp_seq=%u %s\n", ev->from,
		    (unsigned)ev->seq, ev->text);
		break;
	case PING_EV_NOTE:
		stamp(fp, c, ev->wall_ns);
		fprintf(fp, "From %s: icmp_seq=%u %s\n", ev->from,
		    (unsigned)ev->seq, ev->text);
		break;
	case PING_EV_LOCAL:
		fprintf(fp, "ping: local error: %s\n", ev->text);
		break;
	case PING_EV_NOANSWER:
		stamp(fp, c, ev->wall_ns);
		fprintf(fp, "no answer yet for icmp_seq=%u\n",
		    (unsigned)ev->seq);
		break;
	}
}

static void
rtt_field(FILE *fp, int64_t ns)
{
	int64_t t = us(ns);

	fprintf(fp, "%" PRId64 ".%03" PRId64, t / 1000, t % 1000);
}

void
ping_print_summary(FILE *fp, const struct ping_summary *s)
{
	const char *comma = "";
	int64_t el = s->elapsed_ns < 0 ? 0 : s->elapsed_ns;

	fprintf(fp, "\n--- %s ping statistics ---\n", s->host);
	fprintf(fp, "%" PRIu64 " packets transmitted, %" PRIu64 " received",
	    s->sent, s->received);
	if (s->dups)
		fprintf(fp, ", +%" PRIu64 " duplicates", s->dups);
	if (s->corrupted)
		fprintf(fp, ", +%" PRIu64 " corrupted", s->corrupted);
	if (s->errors)
		fprintf(fp, ", +%" PRIu64 " errors", s->errors);
	if (s->sent) {
		uint64_t lost = s->received > s->sent ? 0 :
		    s->sent - s->received;

		/* iputils 20221126 prints the float with %g */
		fprintf(fp, ", %g%% packet loss", (double)(float)((double)lost *
		    100.0 / (double)s->sent));
		fprintf(fp, ", time %" PRId64 "ms", (el + NS_PER_MS / 2) /
		    NS_PER_MS);
	}
	fputc('\n', fp);
	if (s->received && s->rtt != NULL && s->rtt->n > 0) {
		fputs("rtt min/avg/max/mdev = ", fp);
		rtt_field(fp, s->rtt->min);
		fputc('/', fp);
		rtt_field(fp, stats_rtt_avg(s->rtt));
		fputc('/', fp);
		rtt_field(fp, s->rtt->max);
		fputc('/', fp);
		rtt_field(fp, stats_rtt_mdev(s->rtt));
		fputs(" ms", fp);
		comma = ", ";
	}
	if (s->pipe > 1) {
		fprintf(fp, "%spipe %u", comma, s->pipe);
		comma = ", ";
	}
	if (s->received && s->ipg && s->sent > 1) {
		int64_t ipg = us(el) / (int64_t)(s->sent - 1);
		int64_t ew = us(s->ewma_ns);

		fprintf(fp, "%sipg/ewma %" PRId64 ".%03" PRId64 "/%" PRId64
		    ".%03" PRId64 " ms", comma, ipg / 1000, ipg % 1000,
		    ew / 1000, ew % 1000);
	}
	fputc('\n', fp);
}

void
ping_print_status(FILE *fp, const struct ping_summary *s)
{
	fprintf(fp, "\r%" PRIu64 "/%" PRIu64 " packets, %u%% loss", s->received,
	    s->sent, stats_loss_pct(s->sent, s->received));
	if (s->received && s->rtt != NULL && s->rtt->n > 0) {
		fputs(", min/avg/ewma/max = ", fp);
		rtt_field(fp, s->rtt->min);
		fputc('/', fp);
		rtt_field(fp, stats_rtt_avg(s->rtt));
		fputc('/', fp);
		rtt_field(fp, s->ewma_ns);
		fputc('/', fp);
		rtt_field(fp, s->rtt->max);
		fputs(" ms", fp);
	}
	fputc('\n', fp);
}

void
ping_print_warning(FILE *fp, const char *what)
{
	fprintf(fp, "WARNING: %s\n", what);
}

void
ping_print_send_error(FILE *fp, int err)
{
	fprintf(fp, "ping: sendmsg: %s\n", strerror(err));
}

static const char *
family_name(int af)
{
	return af == AF_INET ? "AF_INET" : af == AF_INET6 ? "AF_INET6" :
	    "AF_UNSPEC";
}

void
ping_print_verbose(FILE *err, FILE *out, const struct ping_verbose *v)
{
	fprintf(err, "%s: sock4.fd: %d (socktype: %s), sock6.fd: %d "
	    "(socktype: %s), hints.ai_family: %s\n\n", v->prog, v->fd4,
	    v->kind4, v->fd6, v->kind6, family_name(v->hint_af));
	if (out != NULL)
		fprintf(out, "ai->ai_family: %s, ai->ai_canonname: '%s'\n",
		    family_name(v->dst_af), v->canon);
}
