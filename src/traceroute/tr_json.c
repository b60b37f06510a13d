/*
 * tr_json.c: traceroute's JSON documents (see tr_json.h). Field names
 * and meanings are the schemas' (doc/schema/) and the man page's tables;
 * a field added here needs all three.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>
#include <sys/socket.h>

#include "icmpext.h"
#include "tr_json.h"

#define NS_PER_US	1000

void
tr_json_ms(struct json *j, const char *key, int64_t ns)
{
	json_kdec(j, key, (ns + NS_PER_US / 2) / NS_PER_US, 3);
}

static void
kaddr(struct json *j, const char *key, const struct addr *a)
{
	char buf[ADDR_STRLEN];

	json_kstr(j, key, addr_ntop(a, buf, sizeof(buf)));
}

void
tr_json_begin(struct json *j, const struct tr_json_target *t)
{
	const struct tr_opts *o = t->o;

	json_obj(j);
	json_key(j, "target");
	json_obj(j);
	json_kstr(j, "name", t->host);
	kaddr(j, "address", t->dst);
	json_obj_end(j);
	json_kstr(j, "family", t->dst->af == AF_INET6 ? "ipv6" : "ipv4");
	json_kstr(j, "method", tr_opts_method_name(o->method));
	json_kuint(j, "first_ttl", o->first_ttl);
	json_kuint(j, "max_ttl", o->max_ttl);
	json_kuint(j, "queries", o->nqueries);
	json_kuint(j, "packet_length", t->pktlen);
}

static void
hex(struct json *j, const char *key, const uint8_t *p, size_t n)
{
	static const char digits[] = "0123456789abcdef";
	char buf[2 * TRACE_EXT_MAX + 1];
	size_t w = 0;

	for (size_t i = 0; i < n && w + 2 < sizeof(buf); i++) {
		buf[w++] = digits[p[i] >> 4];
		buf[w++] = digits[p[i] & 0xf];
	}
	buf[w] = '\0';
	json_kstr(j, key, buf);
}

static void
ext_obj(struct json *j, const struct icmpext_obj *ob)
{
	json_obj(j);
	json_kuint(j, "class", ob->class);
	json_kuint(j, "ctype", ob->ctype);
	if (ob->class == ICMPEXT_CLASS_MPLS && ob->ctype == 1) {
		json_key(j, "mpls");
		json_arr(j);
		for (size_t k = 0; k < ob->nmpls; k++) {
			json_obj(j);
			json_kuint(j, "label", ob->mpls[k].label);
			json_kuint(j, "tc", ob->mpls[k].exp);
			json_kbool(j, "s", ob->mpls[k].s != 0);
			json_kuint(j, "ttl", ob->mpls[k].ttl);
			json_obj_end(j);
		}
		json_arr_end(j);
	} else
		hex(j, "data", ob->data, ob->datalen);
	json_obj_end(j);
}

void
tr_json_ext(struct json *j, const uint8_t *ext, size_t len)
{
	struct icmpext e;

	if (ext == NULL || len == 0 || icmpext_parse(ext, len, &e) != 0)
		return;
	json_key(j, "extensions");
	json_arr(j);
	for (size_t i = 0; i < e.nobjs; i++)
		ext_obj(j, &e.obj[i]);
	json_arr_end(j);
}

static void
probe(struct json *j, const struct trace_res *res,
    const struct tr_hop_probe *p)
{
	json_obj(j);
	if (!p->answered) {
		json_knull(j, "address");
		json_knull(j, "rtt_ms");
		json_obj_end(j);
		return;
	}
	kaddr(j, "address", &p->from);
	if (p->name != NULL)
		json_kstr(j, "name", p->name[0] != '\0' ? p->name : NULL);
	tr_json_ms(j, "rtt_ms", p->rtt_ns);
	json_kstr(j, "annotation", p->annot != NULL && p->annot[0] != '\0' ?
	    p->annot : NULL);
	if (p->recv_ttl > 0)
		json_kint(j, "reply_ttl", p->recv_ttl);
	if (p->mtu != 0)
		json_kuint(j, "path_mtu", p->mtu);
	if (res->tcp)
		json_kuint(j, "tcp_flags", res->tcp_flags);
	if (p->as != NULL)
		json_kstr(j, "as", p->as);
	tr_json_ext(j, res->ext, res->extlen);
	json_obj_end(j);
}

void
tr_json_hop(struct json *j, unsigned ttl, const struct trace_res *res,
    const struct tr_hop_probe *p, size_t n)
{
	json_obj(j);
	json_kuint(j, "ttl", ttl);
	json_key(j, "probes");
	json_arr(j);
	for (size_t i = 0; i < n; i++)
		probe(j, &res[i], &p[i]);
	json_arr_end(j);
	json_obj_end(j);
}

void
tr_json_late(struct json *j, unsigned ttl, const struct addr *from,
    int64_t rtt_ns)
{
	json_key(j, "late");
	json_obj(j);
	json_kuint(j, "ttl", ttl);
	kaddr(j, "address", from);
	tr_json_ms(j, "rtt_ms", rtt_ns);
	json_obj_end(j);
}

int
tr_json_end(struct json *j, bool reached, bool interrupted,
    const char *error)
{
	/* close whatever a cut run left open, up to the document */
	while (json_depth(j) > 1)
		if (j->obj[json_depth(j) - 1])
			json_obj_end(j);
		else
			json_arr_end(j);
	json_kbool(j, "reached", reached);
	json_kbool(j, "interrupted", interrupted);
	if (error != NULL)
		json_kstr(j, "error", error);
	return json_finish(j);
}

void
tr_json_error(FILE *fp, const char *msg, int status)
{
	struct json j;

	json_init(&j, fp, TR_JSON_INDENT);
	json_obj(&j);
	json_kstr(&j, "error", msg);
	json_kint(&j, "exit_status", status);
	json_obj_end(&j);
	(void)json_finish(&j);
}
