/*
 * fuzz_attr: libFuzzer harness for the one attribution path exactly as the
 * tools and the library run it: what a socket returned (struct rx) ->
 * match_parse() -> match_key_of() for every probe kind (ping's echo,
 * timestamp and mask requests; traceroute's UDP checksum, classic port,
 * unprivileged tag, TCP and ICMP probes; the library's any-destination
 * echo), both families, raw and datagram sockets -> each consumer's lookup
 * (ping's match_seq_index, traceroute's probe number, the library's
 * sequence table) -> what the printers do with a reply (icmpnames, IP
 * options, RFC 4884 extensions).
 *
 * Input: byte 0: bits 0-1 the socket (0 raw IPv4, 1 datagram IPv4, 2 IPv6,
 * 3 an error-queue record), bit 2 --classic, bit 3 a -g gateway, bit 4 the
 * answer comes from the destination (else a router), bit 5 the socket is a
 * raw TCP one (modes 0, 2), bit 6 the last two bytes are the port. Then the
 * bytes read, or for the error queue an 8-byte record (family bit, origin,
 * type, code, proto, info (2), stripped header length) and the payload.
 * Contract: a trace probe number below the probes a trace can have, ping's
 * transmit index within what was sent, a destination answer attributed
 * only when it came from the destination, never a crash.
 */
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <linux/errqueue.h>

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"
#include "icmpext.h"
#include "icmpnames.h"
#include "ipopt.h"
#include "match.h"
#include "parse.h"
#include "trace_method.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define NPROBES		TRACE_MAX_PROBES
#define SENT		70000u	/* ping: requests sent so far */

struct env {
	struct addr	 src[2], dst[2], router[2], gw;
};

static struct addr
A(const char *s)
{
	struct addr a;

	memset(&a, 0, sizeof(a));
	if (inet_pton(AF_INET, s, &a.u.v4) == 1)
		a.af = AF_INET;
	else if (inet_pton(AF_INET6, s, &a.u.v6) == 1)
		a.af = AF_INET6;
	return a;
}

/* What the printers do with an attributed reply. */
static void
use_reply(const struct icmp_reply *r)
{
	char buf[1100];
	struct ipopt_info oi;
	struct icmpext e;

	(void)icmpnames_ping_text(r, buf, sizeof(buf));
	(void)icmpnames_tr_annot(r, buf, sizeof(buf));
	(void)icmpnames_type(r->af, r->type);
	if (r->ipopt != NULL)
		(void)ipopt_parse(r->ipopt, r->ipoptlen, &oi);
	if (r->ext != NULL && icmpext_parse(r->ext, r->extlen, &e) == 0)
		(void)icmpext_format(&e, buf, sizeof(buf));
}

/* ping (every request type) and the library: the echo kinds. */
static void
echo_kinds(const struct env *env, int fi, const struct sock *s,
    const struct icmp_reply *r)
{
	static const uint8_t req4[] = { 8, 13, 17 };
	static const enum icmp_kind kinds[] = { ICMP_KIND_ECHO_REPLY,
	    ICMP_KIND_TSTAMP_REPLY, ICMP_KIND_MASK_REPLY };
	struct match_spec sp;
	struct match_key k;

	for (size_t t = 0; t < (fi ? 1 : 3); t++) {
		for (int anydst = 0; anydst < 2; anydst++) {
			memset(&sp, 0, sizeof(sp));
			sp.af = s->af;
			sp.kind = MATCH_ECHO;
			sp.raw = s->kind == SOCK_RAW_ICMP;
			sp.req_type = fi ? 128 : req4[t];
			sp.reply_kind = kinds[t];
			sp.id = 0x4242;
			if (!anydst)
				sp.dst = env->dst[fi];
			if (!match_key_of(&sp, r, &k))
				continue;
			FUZZ_CHECK(k.ident <= 0xffff, "echo ident", "");
			FUZZ_CHECK(match_seq_index(SENT, (uint16_t)k.ident) <=
			    SENT, "transmit index past the sends", "");
			FUZZ_CHECK(!k.error || anydst || addr_eq(&k.dst,
			    &env->dst[fi]), "error about another dst", "");
			use_reply(r);
		}
	}
}

static void
method(const struct env *env, int fi, enum trace_proto id, uint8_t flags,
    uint16_t port, struct trace_method *m)
{
	struct trace_method_cfg c;
	char err[128];

	memset(&c, 0, sizeof(c));
	c.af = fi == 0 ? AF_INET : AF_INET6;
	c.id = id;
	c.classic = (flags & 4) != 0;
	c.src = env->src[fi];
	c.dst = env->dst[fi];
	if ((flags & 8) && fi == 0) {
		c.via[0] = env->gw;
		c.nvia = 1;
		c.ipoptlen = 12;
	}
	c.port = port;
	c.salt = 0;
	if (trace_method_init(m, &c, err, sizeof(err)) != 0)
		abort();
}

/* traceroute: every method, raw and unprivileged. */
static void
trace_kinds(const struct env *env, int fi, const struct icmp_reply *rep,
    const uint8_t *d, size_t n, uint8_t flags, uint16_t port)
{
	static const enum trace_proto ids[] = { TRACE_UDP,
	    TRACE_ICMP, TRACE_TCP, TRACE_UDPFIX };
	struct match_spec sp;
	struct trace_method m;
	struct trace_answer a;
	struct icmp_reply r;

	for (size_t k = 0; k < sizeof(ids) / sizeof(ids[0]); k++)
		for (int raw = 0; raw < 2; raw++) {
			method(env, fi, ids[k], flags, port, &m);
			m.raw = raw;
			trace_method_spec(&m, &sp);
			r = *rep;
			if (r.from_errq)
				parse_errqueue_ext(&r, d, n,
				    trace_method_errq_hdrlen(&m));
			trace_method_match(&m, &sp, &r, &a);
			FUZZ_CHECK(a.idx == -1 || (a.idx >= 0 &&
			    a.idx < NPROBES), "index past the probes", "");
			FUZZ_CHECK(!a.reached || addr_eq(&a.from, &m.c.dst),
			    "reached from another address", "");
			if (a.idx >= 0)
				use_reply(&r);
		}
}

/* The socket the bytes came from: mode and the TCP bit. */
static void
make_sock(int mode, uint8_t flags, struct sock *s)
{
	memset(s, 0, sizeof(*s));
	s->fd = -1;
	s->af = mode == 2 ? AF_INET6 : AF_INET;
	s->proto = s->af == AF_INET ? IPPROTO_ICMP : IPPROTO_ICMPV6;
	s->kind = mode == 1 ? SOCK_DGRAM_ICMP : SOCK_RAW_ICMP;
	if ((flags & 0x20) && mode != 1) {
		s->proto = IPPROTO_TCP;
		s->kind = SOCK_RAW_PROTO;
	}
}

/* An error-queue record: an unprivileged UDP or ICMP socket's. */
static void
make_errq(const struct env *env, uint8_t flags, const uint8_t *d,
    struct sock *s, struct rx *rx)
{
	int fi = d[0] & 1;

	memset(s, 0, sizeof(*s));
	s->fd = -1;
	s->af = fi ? AF_INET6 : AF_INET;
	s->proto = d[4];
	s->kind = d[4] == IPPROTO_UDP ? SOCK_DGRAM_UDP : SOCK_DGRAM_ICMP;
	rx->is_err = true;
	rx->err.af = s->af;
	rx->err.origin = d[1];
	rx->err.type = d[2];
	rx->err.code = d[3];
	rx->err.proto = d[4];
	rx->err.info = (uint32_t)d[5] << 8 | d[6];
	rx->err.err = d[7];
	/* the quoted destination: ours, or (bit 1) a foreign one */
	rx->err.dst = d[0] & 2 ? env->router[fi] : env->dst[fi];
	rx->err.offender = flags & 16 ? env->dst[fi] : env->router[fi];
	rx->from = rx->err.offender;
}

static void
init_env(struct env *env)
{
	env->src[0] = A("198.18.0.1");
	env->dst[0] = A("198.18.5.2");
	env->router[0] = A("198.18.2.2");
	env->gw = A("198.18.1.2");
	env->src[1] = A("2001:2::1");
	env->dst[1] = A("2001:2:0:5::2");
	env->router[1] = A("2001:2:0:2::2");
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct env env;
	static bool init;
	struct icmp_reply r;
	struct sock s;
	struct rx rx;
	uint16_t port = 0;
	int mode, fi;

	if (!init) {
		init_env(&env);
		init = true;
	}
	if (size < 1)
		return 0;
	mode = data[0] & 3;
	if ((data[0] & 0x40) && size >= 3) {
		port = (uint16_t)(data[size - 2] << 8 | data[size - 1]);
		size -= 2;
	}
	memset(&rx, 0, sizeof(rx));
	rx.buf = (uint8_t *)(uintptr_t)(data + 1);
	rx.cap = rx.len = size - 1;
	rx.ttl = -1;
	rx.t_kernel = -1;
	if (mode == 3) {
		if (size < 9)
			return 0;
		make_errq(&env, data[0], data + 1, &s, &rx);
		rx.buf += 8;
		rx.cap = rx.len = size - 9;
	} else {
		make_sock(mode, data[0], &s);
		fi = s.af == AF_INET6;
		/* without the IP header the sender is the read's address */
		rx.from = data[0] & 16 ? env.dst[fi] : env.router[fi];
	}
	(void)parse_strerror(match_parse(&s, &rx, &r));
	if (match_parse(&s, &rx, &r) != PARSE_OK)
		return 0;
	fi = r.af == AF_INET6;
	if (r.af != s.af)
		return 0;
	echo_kinds(&env, fi, &s, &r);
	trace_kinds(&env, fi, &r, rx.buf, rx.len, data[0], port);
	return 0;
}
