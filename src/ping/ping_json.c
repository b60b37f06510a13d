/*
 * ping_json.c: ping's JSON Lines (see ping_json.h). Times are in ms
 * from whole microseconds, as iputils measures them, written exactly
 * (json_dec): no floating point, no locale.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include "addr.h"
#include "clock.h"
#include "json.h"
#include "ping_json.h"

/* A time in ms, 3 decimals, from ns truncated to us (iputils). */
static void
kms(struct json *j, const char *key, int64_t ns)
{
	json_kdec(j, key, (ns < 0 ? 0 : ns) / NS_PER_US, 3);
}

/* "host" (numeric) and "name" (the reverse name, when there is one). */
static void
source(struct json *j, const struct ping_event *ev)
{
	char num[ADDR_STRLEN];

	if (ev->src != NULL)
		json_kstr(j, "host", addr_ntop(ev->src, num, sizeof(num)));
	else
		json_kstr(j, "host", ev->from);
	if (ev->name != NULL)
		json_kstr(j, "name", ev->name);
}

static void
reply(struct json *j, const struct ping_print_cfg *c,
    const struct ping_event *ev)
{
	bool truncated = ev->type == PING_TYPE_ECHO &&
	    ev->bytes < c->datalen + 8;

	json_kuint(j, "bytes", ev->bytes);
	source(j, ev);
	json_kuint(j, "seq", ev->seq);
	if (c->verbose)
		json_kuint(j, "ident", ev->ident);
	if (ev->ttl >= 0)
		json_kint(j, "ttl", ev->ttl);
	/* as the text line: a truncated reply shows no time */
	if (ev->has_rtt && !truncated)
		kms(j, "time", ev->rtt_ns);
	json_kbool(j, "dup", ev->dup);
	if (truncated)
		json_kbool(j, "truncated", true);
	if (ev->forged)
		json_kbool(j, "forged", true);
	if (ev->ni_text != NULL)	/* -N: what the node said */
		json_kstr(j, "nodeinfo", ev->ni_text +
		    strspn(ev->ni_text, " "));
}

/* An ICMP error ("error") or a redirect / source quench ("note"). */
static void
icmp_msg(struct json *j, const struct ping_event *ev, const char *key)
{
	json_kuint(j, "seq", ev->seq);
	source(j, ev);
	json_kstr(j, key, ev->text);
	json_kuint(j, "type", ev->icmp_type);
	json_kuint(j, "code", ev->icmp_code);
}

void
ping_json_event(FILE *fp, const struct ping_print_cfg *c,
    const struct ping_event *ev)
{
	struct json j;

	if (c->quiet || ev->kind == PING_EV_SENT)
		return;
	json_init(&j, fp, 0);
	json_obj(&j);
	switch (ev->kind) {
	case PING_EV_REPLY:
		reply(&j, c, ev);
		break;
	case PING_EV_ERROR:
		icmp_msg(&j, ev, "error");
		break;
	case PING_EV_NOTE:
		icmp_msg(&j, ev, "note");
		break;
	case PING_EV_LOCAL:
		json_kstr(&j, "local_error", ev->text);
		break;
	case PING_EV_NOANSWER:
		json_kuint(&j, "seq", ev->seq);
		json_kbool(&j, "no_answer", true);
		break;
	case PING_EV_SENT:
		break;
	}
	/* -D: the wall clock, seconds with 6 decimals (iputils' stamp) */
	if (c->print_time)
		json_kdec(&j, "timestamp", (ev->wall_ns < 0 ? 0 :
		    ev->wall_ns) / NS_PER_US, 6);
	json_obj_end(&j);
	(void)json_finish(&j);
}

/* lost / sent in percent, 3 decimals, rounded (0 when nothing sent). */
static int64_t
loss_milli_pct(uint64_t sent, uint64_t received)
{
	uint64_t lost = received > sent ? 0 : sent - received;
	unsigned __int128 v;

	if (sent == 0)
		return 0;
	v = ((unsigned __int128)lost * 100000u + sent / 2) / sent;
	return (int64_t)v;
}

static void
rtt_obj(struct json *j, const struct ping_summary *s)
{
	const struct stats_rtt *r = s->rtt;

	if (s->received == 0 || r == NULL || r->n == 0) {
		json_knull(j, "rtt");
		return;
	}
	json_key(j, "rtt");
	json_obj(j);
	kms(j, "min", r->min);
	kms(j, "avg", stats_rtt_avg(r));
	kms(j, "max", r->max);
	kms(j, "mdev", stats_rtt_mdev(r));
	json_obj_end(j);
}

void
ping_json_summary(FILE *fp, const struct ping_summary *s)
{
	struct json j;
	char num[ADDR_STRLEN];
	int64_t el = s->elapsed_ns < 0 ? 0 : s->elapsed_ns;

	json_init(&j, fp, 0);
	json_obj(&j);
	json_kstr(&j, "host", s->raw_host != NULL ? s->raw_host : s->host);
	if (s->dst != NULL)
		json_kstr(&j, "address", addr_ntop(s->dst, num, sizeof(num)));
	json_kuint(&j, "transmitted", s->sent);
	json_kuint(&j, "received", s->received);
	json_kuint(&j, "duplicates", s->dups);
	json_kuint(&j, "corrupted", s->corrupted);
	json_kuint(&j, "errors", s->errors);
	json_kdec(&j, "loss", loss_milli_pct(s->sent, s->received), 3);
	json_kint(&j, "time", (el + NS_PER_MS / 2) / NS_PER_MS);
	rtt_obj(&j, s);
	if (s->pipe > 1)
		json_kuint(&j, "pipe", s->pipe);
	/* as the text line's ipg/ewma */
	if (s->received && s->ipg && s->sent > 1) {
		json_kdec(&j, "ipg", el / NS_PER_US / (int64_t)(s->sent - 1),
		    3);
		kms(&j, "ewma", s->ewma_ns);
	}
	json_obj_end(&j);
	(void)json_finish(&j);
}

void
ping_json_version(FILE *fp)
{
	struct json j;

	json_init(&j, fp, 0);
	json_obj(&j);
	json_kstr(&j, "version", PACKAGE_VERSION);
	json_kstr(&j, "package", PACKAGE_NAME);
	json_obj_end(&j);
	(void)json_finish(&j);
}

void
ping_json_error(FILE *fp, const char *msg, int status)
{
	struct json j;

	json_init(&j, fp, 0);
	json_obj(&j);
	json_kstr(&j, "error", msg);
	json_kint(&j, "exit_status", status);
	json_obj_end(&j);
	(void)json_finish(&j);
}
