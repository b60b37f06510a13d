/*
 * nodeinfo.c: ICMPv6 Node Information queries (RFC 4620) for ping -N
 * (see nodeinfo.h): the -N words, the query, the keyed nonce, the reply
 * and its names and addresses, the reply's text. Pure; wire bytes only
 * through rd.h.
 */
#include <sys/socket.h>
#include <netinet/in.h>

#include <stdio.h>
#include <string.h>

#include "esc.h"
#include "nodeinfo.h"
#include "rd.h"

/* ---- the -N words ---- */

enum ni_word {
	W_QTYPE,	/* a query (and its flags) */
	W_SUBJECT,	/* subject-*=: takes an argument */
	W_HELP,
};

struct ni_opt {
	const char	*name;
	enum ni_word	 word;
	uint16_t	 qtype;		/* W_QTYPE */
	uint16_t	 flags;		/* W_QTYPE: added */
	uint8_t		 subj;		/* W_SUBJECT: NI_SUBJ_* */
	int		 fqdn;		/* names: 1 yes, 0 if it has a dot */
};

/* iputils ping's words (its table also takes "fqdn" for "name") */
static const struct ni_opt ni_opts[] = {
	{ "name", W_QTYPE, NI_QTYPE_NAME, 0, 0, 0 },
	{ "fqdn", W_QTYPE, NI_QTYPE_NAME, 0, 0, 0 },
	{ "ipv6", W_QTYPE, NI_QTYPE_NODEADDR, 0, 0, 0 },
	{ "ipv6-all", W_QTYPE, NI_QTYPE_NODEADDR, NI_FLAG_A, 0, 0 },
	{ "ipv6-compatible", W_QTYPE, NI_QTYPE_NODEADDR, NI_FLAG_C, 0, 0 },
	{ "ipv6-linklocal", W_QTYPE, NI_QTYPE_NODEADDR, NI_FLAG_L, 0, 0 },
	{ "ipv6-sitelocal", W_QTYPE, NI_QTYPE_NODEADDR, NI_FLAG_S, 0, 0 },
	{ "ipv6-global", W_QTYPE, NI_QTYPE_NODEADDR, NI_FLAG_G, 0, 0 },
	{ "ipv4", W_QTYPE, NI_QTYPE_IPV4ADDR, 0, 0, 0 },
	{ "ipv4-all", W_QTYPE, NI_QTYPE_IPV4ADDR, NI_FLAG_A, 0, 0 },
	{ "subject-ipv6", W_SUBJECT, 0, 0, NI_SUBJ_IPV6, 0 },
	{ "subject-ipv4", W_SUBJECT, 0, 0, NI_SUBJ_IPV4, 0 },
	{ "subject-name", W_SUBJECT, 0, 0, NI_SUBJ_NAME, 0 },
	{ "subject-fqdn", W_SUBJECT, 0, 0, NI_SUBJ_NAME, 1 },
	{ "help", W_HELP, 0, 0, 0, 0 },
};

#define NOPTS	(sizeof(ni_opts) / sizeof(ni_opts[0]))

const char *
nodeinfo_help_text(void)
{
	return "ping -6 -N WORD: a Node Information query (RFC 4620) instead "
	    "of echo\nrequests; WORD may repeat (flags add up):\n"
	    "  name             the node's name (fqdn is the same)\n"
	    "  ipv6             its IPv6 addresses, or only some with:\n"
	    "  ipv6-all         every interface's (flag A)\n"
	    "  ipv6-compatible  IPv4-compatible ones (C)\n"
	    "  ipv6-global      global ones (G)\n"
	    "  ipv6-linklocal   link-local ones (L)\n"
	    "  ipv6-sitelocal   site-local ones (S)\n"
	    "  ipv4             its IPv4 addresses\n"
	    "  ipv4-all         every interface's (A)\n"
	    "Whom the query is about (default: the destination):\n"
	    "  subject-ipv6=ADDRESS, subject-ipv4=ADDRESS (numeric)\n"
	    "  subject-name=NAME (fully qualified if it has a dot)\n"
	    "  subject-fqdn=NAME\n"
	    "  help             this list\n";
}

void
nodeinfo_init(struct ni_query *q)
{
	memset(q, 0, sizeof(*q));
}

static char
lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

size_t
nodeinfo_name_wire(const char *name, bool fqdn, uint8_t *buf, size_t cap)
{
	size_t n = strcspn(name, "%"), used = 0, i = 0;
	struct wr w = wr_make(buf, cap);

	/* a trailing dot: the root label, fully qualified */
	if (n > 0 && name[n - 1] == '.') {
		n--;
		fqdn = true;
	}
	if (n == 0)
		return 0;
	while (i <= n) {
		size_t l = strcspn(name + i, ".%");

		if (i + l > n)
			l = n - i;
		if (l == 0 || l > NI_LABEL_MAX || !wr_u8(&w, (uint8_t)l))
			return 0;
		for (size_t j = 0; j < l; j++)
			if (!wr_u8(&w, (uint8_t)lower(name[i + j])))
				return 0;
		used += 1 + l;
		i += l + 1;
	}
	/* RFC 1035 2.3.4: 255 bytes with the root's zero */
	if (used + 1 > NI_NAME_MAX || !wr_u8(&w, 0))
		return 0;
	used++;
	/* RFC 4620 3.: not fully qualified: a second zero byte */
	if (!fqdn) {
		if (!wr_u8(&w, 0))
			return 0;
		used++;
	}
	return used;
}

static int
set_subject(struct ni_query *q, const struct ni_opt *o, const char *v,
    char *err, size_t errlen)
{
	struct addr a;
	int af = o->subj == NI_SUBJ_IPV4 ? AF_INET : AF_INET6;

	if (q->subject_set && q->subject_code != o->subj) {
		snprintf(err, errlen, "Subject type conflict: %s", o->name);
		return -1;
	}
	if (o->subj == NI_SUBJ_NAME) {
		uint8_t w[sizeof(q->subject)];
		/* iputils: a name with a dot is taken as fully qualified */
		size_t n = nodeinfo_name_wire(v, o->fqdn || strchr(v, '.') !=
		    NULL, w, sizeof(w));

		/* a bad word leaves *q as it was */
		if (n == 0) {
			snprintf(err, errlen, "inappropriate subject name: %s",
			    v);
			return -1;
		}
		memcpy(q->subject, w, n);
		q->subjlen = n;
	} else {
		/* numeric: nothing is looked up before the privilege drop */
		if (!addr_pton(af, v, &a) || a.af != af) {
			snprintf(err, errlen, "%s: not a numeric %s address",
			    v, af == AF_INET ? "IPv4" : "IPv6");
			return -1;
		}
		q->subjlen = addr_len(af);
		memcpy(q->subject, a.u.b, q->subjlen);
	}
	q->subject_set = true;
	q->subject_code = o->subj;
	return 0;
}

int
nodeinfo_parse_arg(struct ni_query *q, const char *arg, char *err,
    size_t errlen)
{
	for (size_t i = 0; i < NOPTS; i++) {
		const struct ni_opt *o = &ni_opts[i];
		size_t n = strlen(o->name);

		if (strncmp(arg, o->name, n) != 0)
			continue;
		if (o->word == W_SUBJECT) {
			if (arg[n] != '=')
				continue;
			return set_subject(q, o, arg + n + 1, err, errlen);
		}
		if (arg[n] != '\0')
			continue;
		if (o->word == W_HELP) {
			q->help = true;
			return 0;
		}
		if (q->qtype_set && q->qtype != o->qtype) {
			snprintf(err, errlen, "Qtype conflict: %s", arg);
			return -1;
		}
		q->qtype_set = true;
		q->qtype = o->qtype;
		q->flags |= o->flags;
		return 0;
	}
	snprintf(err, errlen, "invalid nodeinfo option: %s (-N help lists "
	    "them)", arg);
	return -1;
}

/* ---- the query ---- */

void
nodeinfo_nonce(const struct build_key *k, uint16_t seq,
    uint8_t nonce[NI_NONCE_LEN])
{
	uint8_t msg[4] = { 'N', 'I', (uint8_t)(seq >> 8), (uint8_t)seq };
	uint64_t h = build_siphash(k, msg, sizeof(msg));

	nonce[0] = (uint8_t)(seq >> 8);
	nonce[1] = (uint8_t)seq;
	for (int i = 0; i < 6; i++)
		nonce[2 + i] = (uint8_t)(h >> (56 - 8 * i));
}

bool
nodeinfo_nonce_seq(const struct build_key *k, const uint8_t *nonce,
    size_t len, uint16_t *seq)
{
	uint8_t want[NI_NONCE_LEN];
	struct rd r = rd_make(nonce, len);
	uint16_t s;
	uint8_t diff = 0;

	if (!rd_be16(&r, &s) || r.len < NI_NONCE_LEN - 2)
		return false;
	nodeinfo_nonce(k, s, want);
	for (size_t i = 2; i < NI_NONCE_LEN; i++)
		diff |= (uint8_t)(want[i] ^ r.p[i - 2]);
	if (diff != 0)
		return false;
	*seq = s;
	return true;
}

size_t
nodeinfo_build_query(const struct ni_query *q, const struct addr *dst,
    const uint8_t nonce[NI_NONCE_LEN], uint8_t *buf, size_t cap)
{
	struct wr w = wr_make(buf, cap);
	const uint8_t *subj = q->subject;
	size_t slen = q->subjlen;
	uint8_t code = q->subject_code;

	if (!q->subject_set) {
		if (dst == NULL || dst->af != AF_INET6)
			return 0;
		subj = dst->u.b;
		slen = 16;
		code = NI_SUBJ_IPV6;
	}
	if (!wr_u8(&w, NI_TYPE_QUERY) || !wr_u8(&w, code) ||
	    !wr_be16(&w, 0) || !wr_be16(&w, q->qtype) ||
	    !wr_be16(&w, q->flags) || !wr_bytes(&w, nonce, NI_NONCE_LEN) ||
	    !wr_bytes(&w, subj, slen))
		return 0;
	return NI_HDRLEN + slen;
}

/* ---- the reply ---- */

enum ni_err
nodeinfo_parse_reply(const uint8_t *buf, size_t len, struct ni_reply *out)
{
	struct rd r = rd_make(buf, len);
	uint8_t type = 0;

	memset(out, 0, sizeof(*out));
	if (rd_u8(&r, &type) && type != NI_TYPE_REPLY)
		return NI_ERR_NOT_REPLY;
	if (r.len < NI_HDRLEN - 1)
		return NI_ERR_TOO_SHORT;
	(void)(rd_u8(&r, &out->code) && rd_skip(&r, 2) &&
	    rd_be16(&r, &out->qtype) && rd_be16(&r, &out->flags) &&
	    rd_bytes(&r, out->nonce, NI_NONCE_LEN));
	out->data = r.len > 0 ? r.p : NULL;
	out->datalen = r.len;
	return NI_OK;
}

static bool
stop(struct ni_iter *it, enum ni_err e)
{
	it->err = e;
	it->len = 0;
	return false;
}

void
nodeinfo_names_begin(const struct ni_reply *r, struct ni_iter *it)
{
	struct rd rd = rd_make(r->data, r->datalen);

	memset(it, 0, sizeof(*it));
	if (!rd_be32(&rd, &it->ttl)) {
		it->err = NI_ERR_TOO_SHORT;
		return;
	}
	it->p = rd.p;
	it->len = rd.len;
}

bool
nodeinfo_name_next(struct ni_iter *it, struct ni_name *nm)
{
	struct rd r = rd_make(it->p, it->len);
	uint8_t l, z;
	size_t used = 0;

	if (it->len == 0)
		return false;
	memset(nm, 0, sizeof(*nm));
	nm->wire = it->p;
	do {
		if (!rd_u8(&r, &l))
			return stop(it, NI_ERR_TRUNCATED);
		/* RFC 1035 4.1.4: 11 is a pointer; 01 and 10 are no label
		 * RFC 4620 knows */
		if ((l & 0xc0) == 0xc0)
			return stop(it, NI_ERR_POINTER);
		if (l & 0xc0)
			return stop(it, NI_ERR_LABEL);
		used += 1 + (size_t)l;
		if (used > NI_NAME_MAX)
			return stop(it, NI_ERR_LONG);
		if (!rd_skip(&r, l))
			return stop(it, NI_ERR_TRUNCATED);
	} while (l != 0);
	nm->len = used;
	nm->fqdn = true;
	/* RFC 4620 3.: a second zero ends a name not fully qualified */
	if (rd_peek8(&r, 0, &z) && z == 0) {
		nm->fqdn = false;
		(void)rd_skip(&r, 1);
	}
	it->p = r.p;
	it->len = r.len;
	return true;
}

void
nodeinfo_addrs_begin(const struct ni_reply *r, struct ni_iter *it)
{
	memset(it, 0, sizeof(*it));
	it->p = r->data;
	it->len = r->datalen;
}

bool
nodeinfo_addr_next(struct ni_iter *it, int af, struct ni_addr *e)
{
	struct rd r = rd_make(it->p, it->len);
	uint8_t b[16];
	size_t n = addr_len(af);

	if (it->len == 0)
		return false;
	memset(e, 0, sizeof(*e));
	if (n == 0 || !rd_be32(&r, &e->ttl) || !rd_bytes(&r, b, n) ||
	    !addr_set(&e->a, af, b, n))
		return stop(it, NI_ERR_TRUNCATED);
	it->p = r.p;
	it->len = r.len;
	return true;
}

/* ---- text ---- */

/* Text appended into out (always NUL-terminated); need counts what the
 * whole text takes, cut says some of it did not fit. */
struct txt {
	char	*out;
	size_t	 cap, pos, need;
	bool	 cut;
};

static void
put(struct txt *t, const char *s, size_t n, bool escape, bool utf8)
{
	char one[1];
	size_t need, room, k;

	if (t->cut || t->pos + 1 >= t->cap) {
		need = escape ? esc_mem(s, n, utf8, one, sizeof(one)) : n;
		t->need += need;
		t->cut = t->cut || need > 0;
		return;
	}
	room = t->cap - t->pos;
	if (escape) {
		/* esc_mem cuts before an escape, never inside one */
		need = esc_mem(s, n, utf8, t->out + t->pos, room);
		if (need >= room) {
			t->cut = true;
			t->pos += strlen(t->out + t->pos);
		} else
			t->pos += need;
	} else {
		need = n;
		k = n < room - 1 ? n : room - 1;
		memcpy(t->out + t->pos, s, k);
		t->pos += k;
		t->out[t->pos] = '\0';
		t->cut = k < n;
	}
	t->need += need;
}

static void
puts_raw(struct txt *t, const char *s)
{
	put(t, s, strlen(s), false, false);
}

/* One label: escaped, a dot in it as \x2e (it would read as two). */
static void
put_label(struct txt *t, const uint8_t *p, size_t n, bool utf8)
{
	const char *s = (const char *)p;
	size_t i = 0;

	while (i < n) {
		const char *dot = memchr(s + i, '.', n - i);
		size_t seg = dot != NULL ? (size_t)(dot - (s + i)) : n - i;

		if (seg > 0)
			put(t, s + i, seg, true, utf8);
		i += seg;
		if (i < n) {
			puts_raw(t, "\\x2e");
			i++;
		}
	}
}

static void
name_into(struct txt *t, const struct ni_name *nm, bool utf8)
{
	struct rd r = rd_make(nm->wire, nm->len);
	uint8_t l;
	bool first = true;

	while (rd_u8(&r, &l) && l != 0 && l <= r.len) {
		if (!first)
			puts_raw(t, ".");
		put_label(t, r.p, l, utf8);
		(void)rd_skip(&r, l);
		first = false;
	}
	if (nm->fqdn)
		puts_raw(t, ".");
}

size_t
nodeinfo_name_text(const struct ni_name *nm, bool utf8, char *out,
    size_t outlen)
{
	struct txt t = { out, outlen, 0, 0, false };

	if (outlen > 0)
		out[0] = '\0';
	name_into(&t, nm, utf8);
	return t.need;
}

static const char *const ni_errtext[] = {
	[NI_OK] = "ok",
	[NI_ERR_NOT_REPLY] = "not a reply",
	[NI_ERR_TOO_SHORT] = "too short",
	[NI_ERR_TRUNCATED] = "truncated",
	[NI_ERR_LABEL] = "bad label",
	[NI_ERR_POINTER] = "compression",
	[NI_ERR_LONG] = "name too long",
};

const char *
nodeinfo_strerror(enum ni_err e)
{
	if ((size_t)e >= sizeof(ni_errtext) / sizeof(ni_errtext[0]))
		return "unknown error";
	return ni_errtext[e];
}

static void
parse_error(struct txt *t, enum ni_err e)
{
	puts_raw(t, " parse error (");
	puts_raw(t, nodeinfo_strerror(e));
	puts_raw(t, ")");
}

/* iputils: "," before every item but the first, then " item" (or the
 * parse error where the walk stopped) */
static void
names_into(struct txt *t, const struct ni_reply *r, bool utf8)
{
	struct ni_iter it;
	struct ni_name nm;
	bool first = true;

	nodeinfo_names_begin(r, &it);
	while (nodeinfo_name_next(&it, &nm)) {
		puts_raw(t, first ? " " : ", ");
		name_into(t, &nm, utf8);
		first = false;
	}
	if (it.err != NI_OK) {
		if (!first)
			puts_raw(t, ",");
		parse_error(t, it.err);
	}
}

static void
addrs_into(struct txt *t, const struct ni_reply *r, int af)
{
	struct ni_iter it;
	struct ni_addr e;
	char a[ADDR_STRLEN];
	bool first = true;

	nodeinfo_addrs_begin(r, &it);
	while (nodeinfo_addr_next(&it, af, &e)) {
		puts_raw(t, first ? " " : ", ");
		puts_raw(t, addr_ntop(&e.a, a, sizeof(a)));
		first = false;
	}
	if (it.err != NI_OK) {
		if (!first)
			puts_raw(t, ",");
		parse_error(t, it.err);
	}
	if (r->flags & NI_FLAG_T)
		puts_raw(t, " (truncated)");
}

void
nodeinfo_reply_text(const struct ni_reply *r, bool utf8, char *out,
    size_t outlen)
{
	struct txt t = { out, outlen, 0, 0, false };
	char buf[40];

	if (outlen == 0)
		return;
	out[0] = '\0';
	switch (r->code) {
	case NI_CODE_SUCCESS:
		if (r->qtype == NI_QTYPE_NAME)
			names_into(&t, r, utf8);
		else if (r->qtype == NI_QTYPE_NODEADDR)
			addrs_into(&t, r, AF_INET6);
		else if (r->qtype == NI_QTYPE_IPV4ADDR)
			addrs_into(&t, r, AF_INET);
		else {
			snprintf(buf, sizeof(buf), " unknown qtype(0x%02x)",
			    (unsigned)r->qtype);
			puts_raw(&t, buf);
		}
		break;
	case NI_CODE_REFUSED:
		puts_raw(&t, " refused");
		break;
	case NI_CODE_UNKNOWN:
		puts_raw(&t, " unknown");
		break;
	default:
		snprintf(buf, sizeof(buf), " unknown code(%02x)",
		    (unsigned)r->code);
		puts_raw(&t, buf);
		break;
	}
	if (t.cut && outlen >= 4)	/* say so */
		memcpy(out + (t.pos < outlen - 4 ? t.pos : outlen - 4), "...",
		    4);
}
