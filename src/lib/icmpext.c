/*
 * icmpext.c: RFC 4884 extension structure walk and RFC 4950 MPLS label
 * stack decoding; traceroute 2.1.2 -e formatting.
 */
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

/* Append with snprintf semantics; *off tracks the would-be length. */
static void
app(char *buf, size_t len, size_t *off, const char *fmt, unsigned a,
    unsigned b, unsigned c, unsigned d)
{
	int n;

	n = snprintf(*off < len ? buf + *off : NULL,
	    *off < len ? len - *off : 0, fmt, a, b, c, d);
	if (n > 0)
		*off += (size_t)n;
}

static void
fmt_obj(const struct icmpext_obj *o, char *buf, size_t len, size_t *off)
{
	if (o->class == ICMPEXT_CLASS_MPLS && o->ctype == 1) {
		app(buf, len, off, "<MPLS:", 0, 0, 0, 0);
		for (size_t i = 0; i < o->nmpls; i++)
			app(buf, len, off, i ? "/L=%u,E=%u,S=%u,T=%u" :
			    "L=%u,E=%u,S=%u,T=%u", o->mpls[i].label,
			    o->mpls[i].exp, o->mpls[i].s, o->mpls[i].ttl);
		app(buf, len, off, ">", 0, 0, 0, 0);
		return;
	}
	app(buf, len, off, "<%u/%u:", o->class, o->ctype, 0, 0);
	for (size_t i = 0; i < o->datalen; i++)
		app(buf, len, off, "%02x", o->data[i], 0, 0, 0);
	app(buf, len, off, ">", 0, 0, 0, 0);
}

int
icmpext_format(const struct icmpext *e, char *buf, size_t len)
{
	size_t off = 0;

	if (buf == NULL || len == 0)
		return -1;
	buf[0] = '\0';
	for (size_t i = 0; i < e->nobjs && i < ICMPEXT_MAX_OBJS; i++) {
		if (i > 0)
			app(buf, len, &off, " ", 0, 0, 0, 0);
		fmt_obj(&e->obj[i], buf, len, &off);
	}
	if (off >= len) {
		buf[len - 1] = '\0';
		return -1;
	}
	return (int)off;
}
