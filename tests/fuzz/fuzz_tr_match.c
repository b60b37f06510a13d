/*
 * fuzz_tr_match: libFuzzer harness for traceroute's answer matching, the
 * path tr_run takes: bytes -> parse_reply (raw IPv4 with its header,
 * datagram IPv4, IPv6) or parse_errqueue (+ parse_errqueue_ext) ->
 * tr_method_match, for every method (udp, icmp, tcp, udp-fixed), both
 * families, raw and unprivileged; and the bytes as a TCP segment ->
 * tr_method_match_tcp. Input: byte 0: bits 0-1 mode (0 v4 raw, 1 v4
 * datagram, 2 v6, 3 error queue), bit 2 --classic, bit 3 a -g gateway,
 * bit 4 the answer comes from the destination (else from a router);
 * bytes 1-2 the port (-p; 0: the method's default); then the packet, or
 * for the error queue an 8-byte record (family bit, origin, type, code,
 * proto, info (2), errno) and the payload. The addresses and the salt
 * are fixed (see mkseeds.py). Contract: an attributed index is below
 * the number of probes a trace can have (255 hops x TR_MAX_QUERIES;
 * tr_run drops those past its own count), "reached" only from the
 * destination, never a crash.
 */
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"
#include "parse.h"
#include "tr_method.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define NPROBES		(255 * TR_MAX_QUERIES)

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

struct env {
	struct addr	 src[2], dst[2], router[2], gw;
};

static void
check(const struct tr_answer *a, const struct addr *dst)
{
	FUZZ_CHECK(a->idx == -1 || (a->idx >= 0 && a->idx < NPROBES),
	    "index past the probes", "");
	FUZZ_CHECK(!a->reached || addr_eq(&a->from, dst),
	    "reached from another address", "");
}

static void
method(const struct env *env, int fi, enum tr_method_id id, uint8_t flags,
    uint16_t port, struct tr_method *m)
{
	struct tr_method_cfg c;
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
	if (tr_method_init(m, &c, err, sizeof(err)) != 0)
		abort();
}

/* Every method x family x raw on one parsed reply (and the TCP path). */
static void
match_all(const struct env *env, const struct icmp_reply *rep,
    bool from_errq, const uint8_t *d, size_t n, const uint8_t *hdr)
{
	static const enum tr_method_id ids[] = { TR_METHOD_UDP,
	    TR_METHOD_ICMP, TR_METHOD_TCP, TR_METHOD_UDPFIX };
	uint16_t port = (uint16_t)(hdr[1] << 8 | hdr[2]);
	struct tr_method m;
	struct tr_answer a;
	struct icmp_reply r;

	for (int fi = 0; fi < 2; fi++)
		for (size_t k = 0; k < sizeof(ids) / sizeof(ids[0]); k++)
			for (int raw = 0; raw < 2; raw++) {
				method(env, fi, ids[k], hdr[0], port, &m);
				m.raw = raw;
				if (rep != NULL) {
					r = *rep;
					if (from_errq)
						parse_errqueue_ext(&r, d, n,
						    tr_method_errq_hdrlen(&m));
					tr_method_match(&m, &r, from_errq, &a);
					check(&a, &m.c.dst);
				}
				tr_method_match_tcp(&m, d, n, (hdr[0] & 16) ?
				    &m.c.dst : &env->router[fi], &a);
				check(&a, &m.c.dst);
			}
}

static void
errq(const struct env *env, const uint8_t *hdr, const uint8_t *d, size_t n)
{
	struct errq_rec e;
	struct icmp_reply r;
	int fi = d[0] & 1;

	memset(&e, 0, sizeof(e));
	e.af = fi ? AF_INET6 : AF_INET;
	e.origin = d[1];
	e.type = d[2];
	e.code = d[3];
	e.proto = d[4];
	e.info = (uint32_t)d[5] << 8 | d[6];
	e.err = d[7];
	/* the quoted destination: ours, or (bit 1) a foreign one */
	e.dst = d[0] & 2 ? env->router[fi] : env->dst[fi];
	e.offender = hdr[0] & 16 ? env->dst[fi] : env->router[fi];
	if (parse_errqueue(&e, d + 8, n - 8, &r) == PARSE_OK)
		match_all(env, &r, true, d + 8, n - 8, hdr);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct env env;
	static bool init;
	struct icmp_reply r;
	const uint8_t *d = data + 3;
	size_t n = size - 3;
	int mode;

	if (!init) {
		env.src[0] = A("198.18.0.1");
		env.dst[0] = A("198.18.5.2");
		env.router[0] = A("198.18.2.2");
		env.gw = A("198.18.1.2");
		env.src[1] = A("2001:2::1");
		env.dst[1] = A("2001:2:0:5::2");
		env.router[1] = A("2001:2:0:2::2");
		init = true;
	}
	if (size < 3)
		return 0;
	mode = data[0] & 3;
	if (mode == 3) {
		if (n >= 8)
			errq(&env, data, d, n);
		return 0;
	}
	if (parse_reply(mode == 2 ? AF_INET6 : AF_INET, mode == 0, d, n,
	    &r) != PARSE_OK) {
		match_all(&env, NULL, false, d, n, data);
		return 0;
	}
	/* tr_run: without the IP header the sender is the read's address */
	if (mode != 0)
		r.src = data[0] & 16 ? env.dst[mode == 2] :
		    env.router[mode == 2];
	match_all(&env, &r, false, d, n, data);
	return 0;
}
