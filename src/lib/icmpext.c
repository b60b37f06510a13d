/*
 * icmpext.c: RFC 4884 extension structure walk and RFC 4950 MPLS label
 * stack decoding; traceroute 2.1.2 -e formatting (its text, learned from
 * its output: see icmpext.h).
 */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "icmpext.h"
#include "rd.h"

/* RFC 1071 sum over buf; 0 when it verifies. */
static uint16_t
ext_sum(const uint8_t *buf, size_t len)
{
	uint32_t s = 0;

	for (size_t i = 0; i + 1 < len; i += 2)
		s += (uint32_t)(buf[i] << 8 | buf[i + 1]);
	if (len & 1)
		s += (uint32_t)buf[len - 1] << 8;
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)~s;
}

static void
decode_mpls(struct icmpext_obj *o)
{
	struct rd r = rd_make(o->data, o->datalen);
	uint32_t v;

	o->nmpls = 0;
	while (o->nmpls < ICMPEXT_MAX_MPLS && rd_be32(&r, &v)) {
		struct icmpext_mpls *m = &o->mpls[o->nmpls++];

		m->label = v >> 12;
		m->exp = (uint8_t)(v >> 9 & 7);
		m->s = (uint8_t)(v >> 8 & 1);
		m->ttl = (uint8_t)(v & 0xff);
	}
}

int
icmpext_parse(const uint8_t *ext, size_t len, struct icmpext *out)
{
	struct rd r = rd_make(ext, len);
	uint8_t ver, rsv;

	memset(out, 0, sizeof(*out));
	if (len < 4 || !rd_u8(&r, &ver) || !rd_u8(&r, &rsv) ||
	    !rd_be16(&r, &out->cksum))
		return -1;
	out->version = ver >> 4;
	if (out->version != 2)
		return -1;
	out->cksum_ok = out->cksum == 0 || ext_sum(ext, len) == 0;
	if (!out->cksum_ok)
		return -1;
	out->objs = r.p;
	out->objslen = r.len;
	while (r.len > 0) {
		struct icmpext_obj *o;
		uint16_t olen;
		uint8_t cl, ct;

		if (!rd_be16(&r, &olen) || !rd_u8(&r, &cl) || !rd_u8(&r, &ct))
			return -1;
		if (olen < 4 || (size_t)olen - 4 > r.len)
			return -1;
		if (out->nobjs == ICMPEXT_MAX_OBJS) {
			out->more = true;
			(void)rd_skip(&r, (size_t)olen - 4);
			continue;
		}
		o = &out->obj[out->nobjs++];
		o->len = olen;
		o->class = cl;
		o->ctype = ct;
		o->data = r.p;
		o->datalen = (size_t)olen - 4;
		(void)rd_skip(&r, o->datalen);
		if (cl == ICMPEXT_CLASS_MPLS && ct == 1)
			decode_mpls(o);
	}
	return 0;
}

/* Text under construction, snprintf rules: off counts what would be. */
struct text {
	char		*buf;
	size_t		 len, off;
};

static void __attribute__((format(printf, 2, 3)))
app(struct text *t, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(t->off < t->len ? t->buf + t->off : NULL,
	    t->off < t->len ? t->len - t->off : 0, fmt, ap);
	va_end(ap);
	if (n > 0)
		t->off += (size_t)n;
}

/* One object's text, from its payload p (whole 32-bit words). */
static void
fmt_obj(struct text *t, uint8_t cl, uint8_t ct, struct rd p)
{
	uint32_t v;

	if (cl == ICMPEXT_CLASS_MPLS && ct == 1 && p.len > 0) {
		app(t, "MPLS:");
		for (size_t i = 0; rd_be32(&p, &v); i++)
			app(t, "%sL=%u,E=%u,S=%u,T=%u", i ? "/" : "",
			    (unsigned)(v >> 12), (unsigned)(v >> 9 & 7),
			    (unsigned)(v >> 8 & 1), (unsigned)(v & 0xff));
		return;
	}
	app(t, "%u/%u:", cl, ct);
	for (size_t i = 0; rd_be32(&p, &v); i++)
		app(t, "%s%08x", i ? "," : "", (unsigned)v);
}

/* Next object of an already validated walk: header and payload. */
static bool
next_obj(struct rd *r, uint8_t *cl, uint8_t *ct, struct rd *p)
{
	uint16_t olen;

	return rd_be16(r, &olen) && rd_u8(r, cl) && rd_u8(r, ct) &&
	    olen >= 4 && rd_sub(r, (size_t)olen - 4, p);
}

int
icmpext_format(const struct icmpext *e, char *buf, size_t len)
{
	struct text t = { buf, len, 0 };
	struct rd r = rd_make(e->objs, e->objslen), p;
	uint8_t cl, ct;

	if (buf == NULL || len == 0)
		return -1;
	buf[0] = '\0';
	/* 2.1.2 takes payloads as 32-bit words or not at all */
	while (next_obj(&r, &cl, &ct, &p))
		if (p.len % 4 != 0)
			return -1;
	r = rd_make(e->objs, e->objslen);
	for (size_t i = 0; next_obj(&r, &cl, &ct, &p); i++) {
		if (i > 0)
			app(&t, ";");
		fmt_obj(&t, cl, ct, p);
	}
	return t.off > INT_MAX ? INT_MAX : (int)t.off;
}
