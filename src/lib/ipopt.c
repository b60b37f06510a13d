/*
 * ipopt.c: IPv4 options (RFC 791 section 3.1): builders for RR, TS and
 * LSRR/SSRR, and a bounds-checked walker over received options.
 */
#include <sys/socket.h>

#include <arpa/inet.h>

#include <string.h>

#include "ipopt.h"
#include "rd.h"

/* Pad with NOPs in front so the option ends on a 4-byte boundary. */
static size_t
pad_front(uint8_t *buf, size_t cap, size_t optlen)
{
	size_t pad = (4 - optlen % 4) % 4;

	if (optlen + pad > cap || optlen + pad > IPOPT_MAXLEN)
		return 0;
	memset(buf, IPOPT_T_NOP, pad);
	return pad;
}

size_t
ipopt_build_rr(uint8_t *buf, size_t cap)
{
	size_t optlen = 3 + 4 * IPOPT_RR_SLOTS, pad;

	if (buf == NULL || cap < optlen + 1)
		return 0;
	pad = pad_front(buf, cap, optlen);
	memset(buf + pad, 0, optlen);
	buf[pad] = IPOPT_T_RR;
	buf[pad + 1] = (uint8_t)optlen;
	buf[pad + 2] = 4;		/* pointer: first slot (1-based) */
	return pad + optlen;
}

size_t
ipopt_build_ts(enum ipopt_ts_flag flag, const struct addr *prespec,
    size_t n, uint8_t *buf, size_t cap)
{
	size_t optlen, pad;

	if (buf == NULL)
		return 0;
	switch (flag) {
	case IPOPT_TS_TSONLY:
		optlen = 4 + 4 * IPOPT_TS_MAX;
		break;
	case IPOPT_TS_TSANDADDR:
		optlen = 4 + 8 * IPOPT_TS_PRESPEC;
		break;
	case IPOPT_TS_PRESPEC_FLAG:
		if (n == 0 || n > IPOPT_TS_PRESPEC || prespec == NULL)
			return 0;
		optlen = 4 + 8 * n;
		break;
	default:
		return 0;
	}
	if (optlen > cap)
		return 0;
	pad = pad_front(buf, cap, optlen);
	if (optlen + pad > cap)
		return 0;
	memset(buf + pad, 0, optlen);
	buf[pad] = IPOPT_T_TS;
	buf[pad + 1] = (uint8_t)optlen;
	buf[pad + 2] = 5;
	buf[pad + 3] = (uint8_t)flag;	/* overflow 0 in the high nibble */
	if (flag == IPOPT_TS_PRESPEC_FLAG)
		for (size_t i = 0; i < n; i++) {
			if (prespec[i].af != AF_INET)
				return 0;
			memcpy(buf + pad + 4 + 8 * i, prespec[i].u.b, 4);
		}
	return pad + optlen;
}

size_t
ipopt_build_srr(bool strict, const struct addr *addrs, size_t n,
    uint8_t *buf, size_t cap)
{
	size_t optlen = 3 + 4 * n, pad;

	if (buf == NULL || addrs == NULL || n == 0 || n > IPOPT_SRR_MAX ||
	    optlen > cap)
		return 0;
	pad = pad_front(buf, cap, optlen);
	if (optlen + pad > cap || optlen + pad > IPOPT_MAXLEN)
		return 0;
	buf[pad] = strict ? IPOPT_T_SSRR : IPOPT_T_LSRR;
	buf[pad + 1] = (uint8_t)optlen;
	buf[pad + 2] = 4;
	for (size_t i = 0; i < n; i++) {
		if (addrs[i].af != AF_INET)
			return 0;
		memcpy(buf + pad + 3 + 4 * i, addrs[i].u.b, 4);
	}
	return pad + optlen;
}

/* Read one IPv4 address from r into a. */
static bool
rd_addr4(struct rd *r, struct addr *a)
{
	uint8_t b[4];

	if (!rd_bytes(r, b, sizeof(b)))
		return false;
	memset(a, 0, sizeof(*a));
	a->af = AF_INET;
	memcpy(a->u.b, b, sizeof(b));
	return true;
}

/* RR / LSRR / SSRR body: pointer then addresses (RFC 791). */
static enum ipopt_err
parse_route(struct rd *body, uint8_t optlen, struct addr *out, size_t max,
    size_t *n, size_t *ptr_idx)
{
	uint8_t ptr;

	if (!rd_u8(body, &ptr))
		return IPOPT_EBADLEN;
	if (ptr < 4 || ptr > optlen + 1)
		return IPOPT_EPTR;
	*ptr_idx = (size_t)(ptr - 4) / 4;
	*n = 0;
	while (body->len >= 4 && *n < max) {
		if (!rd_addr4(body, &out[*n]))
			return IPOPT_ETRUNC;
		(*n)++;
	}
	if (*ptr_idx > *n)
		*ptr_idx = *n;
	return IPOPT_OK;
}

static enum ipopt_err
parse_ts(struct rd *body, uint8_t optlen, struct ipopt_info *o)
{
	uint8_t ptr, of;
	size_t used, each;

	if (!rd_u8(body, &ptr) || !rd_u8(body, &of))
		return IPOPT_EBADLEN;
	o->ts_flag = of & 0x0f;
	o->ts_overflow = of >> 4;
	each = o->ts_flag == IPOPT_TS_TSONLY ? 4 : 8;
	if (ptr < 5 || ptr > optlen + 1)
		return IPOPT_EPTR;
	used = (size_t)(ptr - 5) / each;	/* entries filled */
	for (o->ts_n = 0; o->ts_n < used && o->ts_n < IPOPT_TS_MAX;
	    o->ts_n++) {
		struct ipopt_ts *t = &o->ts[o->ts_n];

		if (each == 8) {
			if (!rd_addr4(body, &t->addr))
				return IPOPT_ETRUNC;
			t->has_addr = true;
		}
		if (!rd_be32(body, &t->ts))
			return IPOPT_ETRUNC;
	}
	return IPOPT_OK;
}

static enum ipopt_err
parse_one(uint8_t type, struct rd *body, uint8_t optlen,
    struct ipopt_info *o)
{
	switch (type) {
	case IPOPT_T_RR:
		if (o->has_rr)
			return IPOPT_EDUP;
		o->has_rr = true;
		o->rr_slots = (size_t)(optlen - 3) / 4;
		return parse_route(body, optlen, o->rr, IPOPT_RR_SLOTS,
		    &o->rr_slots, &o->rr_n);
	case IPOPT_T_LSRR:
	case IPOPT_T_SSRR:
		if (o->has_srr)
			return IPOPT_EDUP;
		o->has_srr = true;
		o->srr_strict = type == IPOPT_T_SSRR;
		return parse_route(body, optlen, o->srr, IPOPT_SRR_MAX,
		    &o->srr_n, &o->srr_ptr_idx);
	case IPOPT_T_TS:
		if (o->has_ts)
			return IPOPT_EDUP;
		o->has_ts = true;
		return parse_ts(body, optlen, o);
	default:
		return IPOPT_OK;
	}
}

enum ipopt_err
ipopt_parse(const uint8_t *opt, size_t len, struct ipopt_info *out)
{
	struct rd r = rd_make(opt, len);
	enum ipopt_err e;

	memset(out, 0, sizeof(*out));
	while (r.len > 0) {
		uint8_t type, optlen;
		struct rd body;

		if (!rd_u8(&r, &type))
			return IPOPT_ETRUNC;
		if (type == IPOPT_T_EOL)
			break;
		if (type == IPOPT_T_NOP)
			continue;
		if (!rd_u8(&r, &optlen))
			return IPOPT_ETRUNC;
		if (optlen < 2)
			return IPOPT_EBADLEN;
		if ((size_t)optlen - 2 > r.len)
			return IPOPT_ETRUNC;
		body = rd_make(r.p, (size_t)optlen - 2);
		(void)rd_skip(&r, (size_t)optlen - 2);
		if ((type == IPOPT_T_RR || type == IPOPT_T_LSRR ||
		    type == IPOPT_T_SSRR) && optlen < 3)
			return IPOPT_EBADLEN;
		if (type == IPOPT_T_TS && optlen < 4)
			return IPOPT_EBADLEN;
		if ((e = parse_one(type, &body, optlen, out)) != IPOPT_OK)
			return e;
	}
	return IPOPT_OK;
}

int
ipopt_print(FILE *fp, const struct ipopt_info *o)
{
	char a[ADDR_STRLEN];

#define NTOP(x) (inet_ntop(AF_INET, &(x).u.v4, a, sizeof(a)) ? a : "?")

	if (o->has_rr) {
		fputs("\nRR: ", fp);
		if (o->rr_n == 0)
			fputs("\t(empty)\n", fp);
		for (size_t i = 0; i < o->rr_n && i < IPOPT_RR_SLOTS; i++)
			fprintf(fp, "\t%s\n", NTOP(o->rr[i]));
	}
	if (o->has_ts) {
		fputs("\nTS: ", fp);
		for (size_t i = 0; i < o->ts_n && i < IPOPT_TS_MAX; i++) {
			if (o->ts[i].has_addr)
				fprintf(fp, "\t%s", NTOP(o->ts[i].addr));
			if (i == 0)
				fprintf(fp, "\t%u absolute\n",
				    (unsigned)o->ts[i].ts);
			else
				fprintf(fp, "\t%ld\n", (long)o->ts[i].ts -
				    (long)o->ts[i - 1].ts);
		}
		if (o->ts_overflow)
			fprintf(fp, "Unrecorded hops: %u\n",
			    (unsigned)o->ts_overflow);
	}
#undef NTOP
	return 0;
}

const char *
ipopt_strerror(enum ipopt_err e)
{
	static const char *const s[] = {
		[IPOPT_OK] = "ok",
		[IPOPT_EBADLEN] = "bad option length",
		[IPOPT_ETRUNC] = "option truncated",
		[IPOPT_EPTR] = "option pointer out of range",
		[IPOPT_EDUP] = "duplicate option",
	};

	if ((size_t)e >= sizeof(s) / sizeof(s[0]))
		return "unknown error";
	return s[e];
}
