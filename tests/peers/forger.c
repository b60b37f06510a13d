/*
 * forger: a hostile peer for the lab (issue 5). Run in a namespace on the
 * victim's path (normally the destination d of a chain), it watches the
 * packets that arrive from the victim (a packet socket: echo requests,
 * UDP and TCP probes, IPv4 and IPv6) and answers each of them, after the
 * kernel's genuine answer, with forgeries:
 *
 *   echo requests (our id and sequence learned from the request):
 *     foreign_id  echo reply, another identifier
 *     damaged     echo reply, our id/seq, last data byte flipped
 *     truncated   echo reply, our id/seq, only 4 data bytes
 *     badsum      echo reply, our id/seq, intact data, wrong checksum
 *     oversized   echo reply, our id/seq, 65000 bytes (fragmented)
 *     dup         an exact copy of the genuine reply
 *     late        echo reply, our id, sequence 1000 back, request's data
 *     badtime     echo reply, our id/seq, first 16 data bytes altered
 *                 (where ping keeps its send time)
 *   every probe:
 *     err_foreign Time Exceeded quoting a packet that is not the probe
 *                 (other identifier or ports, other destination)
 *     err_otherdst Destination Unreachable quoting the probe with another
 *                 destination address
 *   UDP/TCP probes:
 *     err_ports   Port Unreachable quoting the probe with both ports
 *                 changed
 *   every probe:
 *     junk        a flood of garbage ICMP: random types, codes, lengths
 *                 and checksums, and errors with hostile quoted headers
 *   only when asked (-k), a control that no receiver can refuse:
 *     err_exact   Time Exceeded quoting the probe exactly (a test shows
 *                 with it that its checks would see a misattribution)
 *   and, only when asked, what MPLS routers send:
 *     err_ext     Time Exceeded quoting the probe exactly, zero padded
 *                 to 128 bytes, then an RFC 4884 extension structure:
 *                 an RFC 4950 MPLS label stack of -L entries (entry i:
 *                 label 1000000+i, TC i%8, TTL 250-i, S on the last;
 *                 -L 0: none), with -u an object of an unknown class
 *                 (class 99, c-type 0, payload 00 01 .. 07); the RFC
 *                 4884 length attribute as -l says: rfc (128 bytes),
 *                 none (0, as pre-RFC routers), past (255 units, past
 *                 the end)
 *
 * Errors come from a spoofed source (-s/-S, default 198.18.77.1 and
 * 2001:2:0:77::1) so a test can check that address is never printed;
 * echo forgeries come from the probe's destination, as the genuine reply.
 * Every forged packet carries the socket mark -M (default 0xf0f0) so nft
 * can tell genuine replies from forged ones.
 *
 * usage: forger -t VICTIM [-t VICTIM] [-i ID] [-n MAX] [-x COPIES]
 *            [-k KIND,...]
 *            [-j JUNK] [-s SRC4] [-S SRC6] [-d USEC] [-M MARK] [-r SEED]
 *            [-L LABELS] [-u] [-l rfc|none|past] [-T SECONDS] [-o FILE]
 *            [-v]
 *   -t  source address of the packets to answer (repeatable, v4 or v6)
 *   -i  only echo requests with this identifier (default: any)
 *   -n  forge for the first MAX probes only, then just count (default 10)
 *   -x  send each err_exact COPIES times (default 1)
 *   -k  kinds to send (default all but err_exact)
 *   -j  junk packets per probe (default 20)
 *   -d  wait USEC microseconds before forging (default 2000)
 *   -L, -u, -l  the err_ext extension (default -L 3 -l rfc)
 *   -T  exit after SECONDS (default: at SIGTERM/SIGINT)
 *   -v  one line per forged packet
 * Output: "forger: ready pid PID" once listening; at exit one line per family and
 * kind, "sent KIND FAMILY N" (FAMILY 4 or 6), "seen PROTO FAMILY N" per
 * probe protocol (echo, udp, tcp), "forged-for FAMILY N", then
 * "forger: done". Counts are of packets the kernel accepted (sendto
 * succeeded).
 */
#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <netinet/icmp6.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/ip_icmp.h>
#include <sys/socket.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#ifndef ICMP_FILTER
#define ICMP_FILTER	1	/* <linux/icmp.h>, which clashes with glibc's */
#endif

enum kind {
	K_FOREIGN_ID, K_DAMAGED, K_TRUNCATED, K_BADSUM, K_OVERSIZED, K_DUP,
	K_LATE, K_BADTIME, K_ERR_FOREIGN, K_ERR_OTHERDST, K_ERR_PORTS, K_JUNK,
	K_ERR_EXACT, K_ERR_EXT, K_COUNT
};

static const char *const kind_names[K_COUNT] = {
	"foreign_id", "damaged", "truncated", "badsum", "oversized", "dup",
	"late", "badtime", "err_foreign", "err_otherdst", "err_ports", "junk",
	"err_exact", "err_ext"
};
/* the default: every kind a careful receiver can refuse (err_exact and
 * err_ext come after them) */
#define KINDS_DEFAULT	((1u << K_ERR_EXACT) - 1)

enum proto { P_ECHO, P_UDP, P_TCP, P_COUNT };
enum extlen { EXTLEN_RFC, EXTLEN_NONE, EXTLEN_PAST };
static const char *const extlen_names[] = { "rfc", "none", "past" };
static const char *const proto_names[P_COUNT] = { "echo", "udp", "tcp" };

#define MAXT	8
#define MAXLABELS	200
#define EXT_ORIG	128	/* RFC 4884: original datagram field */
#define OVERSIZE	65000
#define BUFSZ	(65536 + 64)

struct addr {
	int af;
	uint8_t a[16];		/* 4 or 16 bytes, network order */
};

struct forger {
	struct addr targets[MAXT];
	int ntargets;
	long id;		/* -1: any */
	long max;
	long copies;		/* of each err_exact */
	unsigned kinds;
	int junk;
	struct addr spoof4, spoof6, other4, other6;
	long delay_us;
	int mark;
	uint64_t rng;
	bool verbose;
	int labels;		/* err_ext: MPLS entries */
	bool unknown;		/* err_ext: an unknown-class object too */
	enum extlen extlen;
	FILE *log;
	int raw4, raw6, icmp4, icmp6, pkt;
	long forged_for[2];
	long sent[2][K_COUNT];
	long seen[2][P_COUNT];
};

/* what a forgery needs to know of the probe that triggered it */
struct probe {
	int af;
	enum proto proto;
	struct addr src, dst;	/* victim, the address it probed */
	const uint8_t *ip;	/* the probe's IP header and all after it */
	size_t iplen, l4off;	/* length of all, offset of the L4 header */
	uint16_t id, seq;	/* echo only */
	const uint8_t *data;	/* echo data */
	size_t dlen;
};

static volatile sig_atomic_t stop;

static void
on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static uint32_t
rnd(struct forger *f)
{
	uint64_t x = f->rng;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	f->rng = x;
	return (uint32_t)(x >> 16);
}

static int
fam(int af)
{
	return af == AF_INET6;
}

static uint32_t
sum16(const uint8_t *p, size_t len, uint32_t sum)
{
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (len & 1)
		sum += (uint32_t)p[len - 1] << 8;
	return sum;
}

static uint16_t
fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

/* checksum of an ICMP (v4) or ICMPv6 message, with the v6 pseudo-header */
static uint16_t
icmp_sum(int af, const struct addr *src, const struct addr *dst,
    const uint8_t *m, size_t len)
{
	uint32_t s = 0;

	if (af == AF_INET6) {
		s = sum16(src->a, 16, s);
		s = sum16(dst->a, 16, s);
		s += (uint32_t)(len >> 16) + (uint32_t)(len & 0xffff);
		s += IPPROTO_ICMPV6;
	}
	return fold(sum16(m, len, s));
}

static void
put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void
put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)(v >> 16));
	put16(p + 2, (uint16_t)v);
}

static uint16_t
get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static void
set_sum(int af, const struct addr *src, const struct addr *dst, uint8_t *m,
    size_t len)
{
	put16(m + 2, 0);
	put16(m + 2, icmp_sum(af, src, dst, m, len));
}

/*
 * Send ICMP message m (checksum already set) from src to dst, with an IP
 * header of our own (so the source may be spoofed and the checksum
 * wrong). Returns true if the kernel took it.
 */
static bool
send_icmp(struct forger *f, const struct addr *src, const struct addr *dst,
    const uint8_t *m, size_t len)
{
	static uint8_t pkt[BUFSZ];
	struct sockaddr_storage ss;
	socklen_t sl;
	size_t hl;
	int fd;

	memset(&ss, 0, sizeof(ss));
	if (src->af == AF_INET) {
		struct sockaddr_in *sin = (struct sockaddr_in *)&ss;

		hl = 20;
		if (len + hl > 65535)
			return false;
		memset(pkt, 0, hl);
		pkt[0] = 0x45;
		put16(pkt + 2, (uint16_t)(hl + len));
		pkt[8] = 64;
		pkt[9] = IPPROTO_ICMP;
		memcpy(pkt + 12, src->a, 4);
		memcpy(pkt + 16, dst->a, 4);
		put16(pkt + 10, fold(sum16(pkt, hl, 0)));
		sin->sin_family = AF_INET;
		memcpy(&sin->sin_addr, dst->a, 4);
		sl = sizeof(*sin);
		fd = f->raw4;
	} else {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;

		hl = 40;
		if (len > 65535)
			return false;
		memset(pkt, 0, hl);
		pkt[0] = 0x60;
		put16(pkt + 4, (uint16_t)len);
		pkt[6] = IPPROTO_ICMPV6;
		pkt[7] = 64;
		memcpy(pkt + 8, src->a, 16);
		memcpy(pkt + 24, dst->a, 16);
		sin6->sin6_family = AF_INET6;
		memcpy(&sin6->sin6_addr, dst->a, 16);
		sl = sizeof(*sin6);
		fd = f->raw6;
	}
	memcpy(pkt + hl, m, len);
	return sendto(fd, pkt, hl + len, 0, (struct sockaddr *)&ss, sl) ==
	    (ssize_t)(hl + len);
}

static void
count(struct forger *f, const struct probe *p, enum kind k, bool ok)
{
	char a[INET6_ADDRSTRLEN];

	if (!ok) {
		fprintf(stderr, "forger: %s (IPv%d): %s\n", kind_names[k],
		    p->af == AF_INET ? 4 : 6, strerror(errno));
		return;
	}
	f->sent[fam(p->af)][k]++;
	if (f->verbose) {
		inet_ntop(p->af, p->src.a, a, sizeof(a));
		fprintf(f->log, "forge %s %d to %s", kind_names[k],
		    p->af == AF_INET ? 4 : 6, a);
		if (p->proto == P_ECHO)
			fprintf(f->log, " id=%u seq=%u", p->id, p->seq);
		fprintf(f->log, "\n");
	}
}

/* an echo reply to p in m: type, our id/seq, data; returns its length */
static size_t
echo_reply(const struct probe *p, uint8_t *m, uint16_t id, uint16_t seq,
    size_t dlen)
{
	m[0] = p->af == AF_INET ? ICMP_ECHOREPLY : ICMP6_ECHO_REPLY;
	m[1] = 0;
	put16(m + 4, id);
	put16(m + 6, seq);
	memcpy(m + 8, p->data, dlen < p->dlen ? dlen : p->dlen);
	return 8 + dlen;
}

static bool
want(const struct forger *f, enum kind k)
{
	return (f->kinds & (1u << k)) != 0;
}

/* oversized: through the kernel's own ICMP socket, which fragments */
static bool
send_oversized(struct forger *f, const struct probe *p, uint8_t *m)
{
	struct sockaddr_storage ss;
	socklen_t sl;
	size_t len = OVERSIZE;
	int fd;

	echo_reply(p, m, p->id, p->seq, p->dlen);
	memset(m + 8 + p->dlen, 0xa5, len - 8 - p->dlen);
	memset(&ss, 0, sizeof(ss));
	if (p->af == AF_INET) {
		struct sockaddr_in *sin = (struct sockaddr_in *)&ss;

		set_sum(AF_INET, NULL, NULL, m, len);
		sin->sin_family = AF_INET;
		memcpy(&sin->sin_addr, p->src.a, 4);
		sl = sizeof(*sin);
		fd = f->icmp4;
	} else {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;

		put16(m + 2, 0);	/* the kernel sums ICMPv6 raw sockets */
		sin6->sin6_family = AF_INET6;
		memcpy(&sin6->sin6_addr, p->src.a, 16);
		sl = sizeof(*sin6);
		fd = f->icmp6;
	}
	return sendto(fd, m, len, 0, (struct sockaddr *)&ss, sl) ==
	    (ssize_t)len;
}

static void
forge_echo(struct forger *f, const struct probe *p)
{
	static uint8_t m[BUFSZ];
	size_t n, i;

	if (want(f, K_FOREIGN_ID)) {
		n = echo_reply(p, m, p->id ^ 0x8000, p->seq, p->dlen);
		set_sum(p->af, &p->dst, &p->src, m, n);
		count(f, p, K_FOREIGN_ID, send_icmp(f, &p->dst, &p->src, m, n));
	}
	if (want(f, K_DAMAGED) && p->dlen > 0) {
		n = echo_reply(p, m, p->id, p->seq, p->dlen);
		m[n - 1] ^= 0xff;
		set_sum(p->af, &p->dst, &p->src, m, n);
		count(f, p, K_DAMAGED, send_icmp(f, &p->dst, &p->src, m, n));
	}
	if (want(f, K_TRUNCATED) && p->dlen > 4) {
		n = echo_reply(p, m, p->id, p->seq, 4);
		set_sum(p->af, &p->dst, &p->src, m, n);
		count(f, p, K_TRUNCATED, send_icmp(f, &p->dst, &p->src, m, n));
	}
	if (want(f, K_BADSUM)) {
		n = echo_reply(p, m, p->id, p->seq, p->dlen);
		set_sum(p->af, &p->dst, &p->src, m, n);
		put16(m + 2, get16(m + 2) ^ 0x1234);
		count(f, p, K_BADSUM, send_icmp(f, &p->dst, &p->src, m, n));
	}
	if (want(f, K_OVERSIZED) && p->dlen + 8 < OVERSIZE)
		count(f, p, K_OVERSIZED, send_oversized(f, p, m));
	if (want(f, K_DUP)) {
		n = echo_reply(p, m, p->id, p->seq, p->dlen);
		set_sum(p->af, &p->dst, &p->src, m, n);
		count(f, p, K_DUP, send_icmp(f, &p->dst, &p->src, m, n));
	}
	if (want(f, K_LATE)) {
		n = echo_reply(p, m, p->id, (uint16_t)(p->seq - 1000), p->dlen);
		set_sum(p->af, &p->dst, &p->src, m, n);
		count(f, p, K_LATE, send_icmp(f, &p->dst, &p->src, m, n));
	}
	if (want(f, K_BADTIME) && p->dlen >= 8) {
		n = echo_reply(p, m, p->id, p->seq, p->dlen);
		for (i = 0; i < 16 && i < p->dlen; i++)
			m[8 + i] ^= (uint8_t)(0x5a + i);
		set_sum(p->af, &p->dst, &p->src, m, n);
		count(f, p, K_BADTIME, send_icmp(f, &p->dst, &p->src, m, n));
	}
}

/*
 * An ICMP error of type/code from src to the victim quoting the probe's IP
 * header and 8 bytes after it, as routers do; edit (if set) changes the
 * quote. Returns the message length.
 */
static size_t
error_msg(const struct probe *p, uint8_t *m, uint8_t type, uint8_t code)
{
	size_t q = p->l4off + 8;

	if (q > p->iplen)
		q = p->iplen;
	memset(m, 0, 8);
	m[0] = type;
	m[1] = code;
	memcpy(m + 8, p->ip, q);
	return 8 + q;
}

/* the quoted IP header's destination (and v4 header checksum) */
static void
quote_dst(const struct probe *p, uint8_t *q, const struct addr *d)
{
	if (p->af == AF_INET) {
		memcpy(q + 16, d->a, 4);
		put16(q + 10, 0);
		put16(q + 10, fold(sum16(q, p->l4off, 0)));
	} else
		memcpy(q + 24, d->a, 16);
}

/* RFC 4884 extension structure at e for err_ext; returns its length */
static size_t
ext_struct(const struct forger *f, uint8_t *e)
{
	size_t n = 4;
	int i;

	memset(e, 0, 4);
	e[0] = 0x20;			/* version 2 */
	if (f->labels > 0) {		/* RFC 4950: class 1, c-type 1 */
		put16(e + n, (uint16_t)(4 + 4 * f->labels));
		e[n + 2] = 1;
		e[n + 3] = 1;
		n += 4;
		for (i = 0; i < f->labels; i++, n += 4)
			put32(e + n, (uint32_t)(1000000 + i) << 12 |
			    (uint32_t)(i % 8) << 9 |
			    (i == f->labels - 1 ? 1u << 8 : 0) |
			    (uint32_t)(250 - i));
	}
	if (f->unknown) {
		put16(e + n, 12);
		e[n + 2] = 99;
		e[n + 3] = 0;
		for (i = 0; i < 8; i++)
			e[n + 4 + i] = (uint8_t)i;
		n += 12;
	}
	put16(e + 2, fold(sum16(e, n, 0)));
	return n;
}

/* err_ext: Time Exceeded, the probe padded to 128, the extension */
static size_t
ext_error(const struct forger *f, const struct probe *p, uint8_t *m)
{
	bool v4 = p->af == AF_INET;
	size_t q = p->iplen < EXT_ORIG ? p->iplen : EXT_ORIG;

	memset(m, 0, 8 + EXT_ORIG);
	m[0] = v4 ? ICMP_TIME_EXCEEDED : ICMP6_TIME_EXCEEDED;
	memcpy(m + 8, p->ip, q);
	/* the length attribute: v4 byte 5 in 32-bit words, v6 byte 4 in
	 * 64-bit words */
	m[v4 ? 5 : 4] = f->extlen == EXTLEN_NONE ? 0 :
	    f->extlen == EXTLEN_PAST ? 255 : (uint8_t)(EXT_ORIG / (v4 ? 4 : 8));
	return 8 + EXT_ORIG + ext_struct(f, m + 8 + EXT_ORIG);
}

static void
forge_errors(struct forger *f, const struct probe *p)
{
	static uint8_t m[BUFSZ];
	const struct addr *sp = p->af == AF_INET ? &f->spoof4 : &f->spoof6;
	const struct addr *other = p->af == AF_INET ? &f->other4 : &f->other6;
	bool v4 = p->af == AF_INET;
	uint8_t *l4;
	size_t n;

	if (want(f, K_ERR_FOREIGN)) {
		/* not the probe: other destination and other id or ports */
		n = error_msg(p, m, v4 ? ICMP_TIME_EXCEEDED :
		    ICMP6_TIME_EXCEEDED, 0);
		quote_dst(p, m + 8, other);
		l4 = m + 8 + p->l4off;
		if (n >= 8 + p->l4off + 8) {
			if (p->proto == P_ECHO)
				put16(l4 + 4, get16(l4 + 4) ^ 0x4000);
			else {
				put16(l4, get16(l4) ^ 0x0f0f);
				put16(l4 + 2, get16(l4 + 2) ^ 0x0f0f);
			}
		}
		set_sum(p->af, sp, &p->src, m, n);
		count(f, p, K_ERR_FOREIGN, send_icmp(f, sp, &p->src, m, n));
	}
	if (want(f, K_ERR_OTHERDST)) {
		n = error_msg(p, m, v4 ? ICMP_DEST_UNREACH : ICMP6_DST_UNREACH,
		    v4 ? ICMP_HOST_UNREACH : ICMP6_DST_UNREACH_ADDR);
		quote_dst(p, m + 8, other);
		set_sum(p->af, sp, &p->src, m, n);
		count(f, p, K_ERR_OTHERDST, send_icmp(f, sp, &p->src, m, n));
	}
	if (want(f, K_ERR_EXACT)) {
		n = error_msg(p, m, v4 ? ICMP_TIME_EXCEEDED :
		    ICMP6_TIME_EXCEEDED, 0);
		set_sum(p->af, sp, &p->src, m, n);
		for (long c = 0; c < f->copies; c++)
			count(f, p, K_ERR_EXACT, send_icmp(f, sp, &p->src, m,
			    n));
	}
	if (want(f, K_ERR_EXT)) {
		n = ext_error(f, p, m);
		set_sum(p->af, sp, &p->src, m, n);
		count(f, p, K_ERR_EXT, send_icmp(f, sp, &p->src, m, n));
	}
	if (want(f, K_ERR_PORTS) && p->proto != P_ECHO &&
	    p->iplen >= p->l4off + 8) {
		n = error_msg(p, m, v4 ? ICMP_DEST_UNREACH : ICMP6_DST_UNREACH,
		    v4 ? ICMP_PORT_UNREACH : ICMP6_DST_UNREACH_NOPORT);
		l4 = m + 8 + p->l4off;
		put16(l4, (uint16_t)(get16(l4) + 7));
		put16(l4 + 2, (uint16_t)(get16(l4 + 2) + 7));
		set_sum(p->af, sp, &p->src, m, n);
		count(f, p, K_ERR_PORTS, send_icmp(f, sp, &p->src, m, n));
	}
}

/*
 * One junk packet: random ICMP, or (every fourth) an error whose quoted
 * header lies: IHL 15 with nothing behind it, IHL 0, a quoted length
 * beyond the packet, an RFC 4884 length pointing past the end.
 */
static size_t
junk_msg(struct forger *f, const struct probe *p, uint8_t *m, size_t i)
{
	static const uint8_t t4[] = { 0, 3, 4, 5, 8, 11, 12, 13, 14, 17, 18,
	    9, 10, 15, 16, 42 };
	static const uint8_t t6[] = { 1, 2, 3, 4, 128, 129, 133, 134, 135,
	    136, 137, 130, 143, 200, 255, 100 };
	bool v4 = p->af == AF_INET;
	size_t n, j;

	if (i % 4 == 0) {
		n = 8 + (v4 ? 20 : 40) + (rnd(f) % 12);
		for (j = 0; j < n; j++)
			m[j] = (uint8_t)rnd(f);
		m[0] = v4 ? ICMP_DEST_UNREACH : ICMP6_DST_UNREACH;
		m[1] = (uint8_t)(rnd(f) % 16);
		switch ((i / 4) % 4) {
		case 0:
			m[8] = v4 ? 0x4f : 0x60;
			break;
		case 1:
			m[8] = v4 ? 0x40 : 0x00;
			break;
		case 2:
			m[8] = v4 ? 0x45 : 0x60;
			put16(m + 8 + (v4 ? 2 : 4), 0xffff);
			break;
		default:
			m[5] = 0xff;	/* RFC 4884 length: 1020 bytes */
			m[8] = v4 ? 0x45 : 0x60;
			break;
		}
		return n;
	}
	n = rnd(f) % 120;
	for (j = 0; j < n; j++)
		m[j] = (uint8_t)rnd(f);
	if (n >= 1)
		m[0] = v4 ? t4[rnd(f) % sizeof(t4)] : t6[rnd(f) % sizeof(t6)];
	/* a reply with the victim's id would not be junk but a forgery */
	if (n >= 6 && p->proto == P_ECHO && (m[0] == ICMP_ECHOREPLY ||
	    m[0] == ICMP6_ECHO_REPLY) && get16(m + 4) == p->id)
		put16(m + 4, p->id ^ 0x2000);
	if (n >= 4 && (rnd(f) & 1))
		set_sum(p->af, &p->dst, &p->src, m, n);
	return n;
}

static void
forge_junk(struct forger *f, const struct probe *p)
{
	static uint8_t m[BUFSZ];
	const struct addr *sp;
	size_t n;
	int i;

	if (!want(f, K_JUNK))
		return;
	for (i = 0; i < f->junk; i++) {
		sp = (rnd(f) & 1) ? &p->dst :
		    (p->af == AF_INET ? &f->spoof4 : &f->spoof6);
		n = junk_msg(f, p, m, (size_t)i);
		count(f, p, K_JUNK, send_icmp(f, sp, &p->src, m, n));
	}
}

static bool
is_target(const struct forger *f, const struct addr *a)
{
	int i;

	for (i = 0; i < f->ntargets; i++)
		if (f->targets[i].af == a->af && memcmp(f->targets[i].a, a->a,
		    a->af == AF_INET ? 4 : 16) == 0)
			return true;
	return false;
}

/* parse an arriving IP packet into p; false if it is no probe of interest */
static bool
parse_probe(const struct forger *f, const uint8_t *b, size_t len,
    struct probe *p)
{
	uint8_t proto;

	memset(p, 0, sizeof(*p));
	if (len >= 20 && (b[0] >> 4) == 4) {
		size_t ihl = (size_t)(b[0] & 0x0f) * 4, tot = get16(b + 2);

		if (ihl < 20 || tot < ihl || tot > len)
			return false;
		if ((get16(b + 6) & 0x3fff) != 0)
			return false;	/* a fragment */
		p->af = AF_INET;
		memcpy(p->src.a, b + 12, 4);
		memcpy(p->dst.a, b + 16, 4);
		proto = b[9];
		p->l4off = ihl;
		p->iplen = tot;
	} else if (len >= 40 && (b[0] >> 4) == 6) {
		size_t pl = get16(b + 4);

		if (40 + pl > len)
			return false;
		p->af = AF_INET6;
		memcpy(p->src.a, b + 8, 16);
		memcpy(p->dst.a, b + 24, 16);
		proto = b[6];
		p->l4off = 40;
		p->iplen = 40 + pl;
	} else
		return false;
	p->src.af = p->dst.af = p->af;
	p->ip = b;
	if (!is_target(f, &p->src) || p->iplen < p->l4off + 8)
		return false;
	if ((p->af == AF_INET && proto == IPPROTO_ICMP &&
	    b[p->l4off] == ICMP_ECHO) || (p->af == AF_INET6 &&
	    proto == IPPROTO_ICMPV6 && b[p->l4off] == ICMP6_ECHO_REQUEST)) {
		p->proto = P_ECHO;
		p->id = get16(b + p->l4off + 4);
		p->seq = get16(b + p->l4off + 6);
		p->data = b + p->l4off + 8;
		p->dlen = p->iplen - p->l4off - 8;
		return f->id < 0 || f->id == p->id;
	}
	if (proto == IPPROTO_UDP)
		p->proto = P_UDP;
	else if (proto == IPPROTO_TCP)
		p->proto = P_TCP;
	else
		return false;
	return true;
}

static void
handle(struct forger *f, const uint8_t *b, size_t len)
{
	struct probe p;
	struct timespec ts;
	int fa;

	if (!parse_probe(f, b, len, &p))
		return;
	fa = fam(p.af);
	f->seen[fa][p.proto]++;
	if (f->forged_for[fa] >= f->max)
		return;
	f->forged_for[fa]++;
	/* let the kernel's genuine answer leave first */
	ts.tv_sec = f->delay_us / 1000000;
	ts.tv_nsec = (f->delay_us % 1000000) * 1000;
	nanosleep(&ts, NULL);
	if (p.proto == P_ECHO)
		forge_echo(f, &p);
	forge_errors(f, &p);
	forge_junk(f, &p);
}

static void
report(struct forger *f)
{
	int a, k;

	for (a = 0; a < 2; a++) {
		for (k = 0; k < P_COUNT; k++)
			fprintf(f->log, "seen %s %d %ld\n", proto_names[k],
			    a ? 6 : 4, f->seen[a][k]);
		fprintf(f->log, "forged-for %d %ld\n", a ? 6 : 4,
		    f->forged_for[a]);
		for (k = 0; k < K_COUNT; k++)
			fprintf(f->log, "sent %s %d %ld\n", kind_names[k],
			    a ? 6 : 4, f->sent[a][k]);
	}
	fprintf(f->log, "forger: done\n");
	fflush(f->log);
}

static void
usage(void)
{
	fprintf(stderr, "usage: forger -t VICTIM [-t VICTIM] [-i ID] [-n MAX] "
	    "[-x COPIES] [-k KIND,...] [-j JUNK]\n\t[-s SRC4] [-S SRC6] "
	    "[-d USEC] [-M MARK] [-r SEED]\n\t[-L LABELS] [-u] "
	    "[-l rfc|none|past] [-T SECONDS] [-o FILE] [-v]\n");
	exit(2);
}

static bool
parse_addr(const char *s, struct addr *a)
{
	memset(a, 0, sizeof(*a));
	if (inet_pton(AF_INET, s, a->a) == 1)
		a->af = AF_INET;
	else if (inet_pton(AF_INET6, s, a->a) == 1)
		a->af = AF_INET6;
	else
		return false;
	return true;
}

static long
num(const char *s, long lo, long hi)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 0);
	if (errno != 0 || end == s || *end != '\0' || v < lo || v > hi)
		usage();
	return v;
}

static unsigned
parse_kinds(char *s)
{
	unsigned m = 0;
	char *t;
	int k;

	for (t = strtok(s, ","); t != NULL; t = strtok(NULL, ",")) {
		for (k = 0; k < K_COUNT; k++)
			if (strcmp(t, kind_names[k]) == 0)
				break;
		if (k == K_COUNT) {
			fprintf(stderr, "forger: unknown kind '%s'\n", t);
			exit(2);
		}
		m |= 1u << k;
	}
	return m;
}

static void
options(struct forger *f, int argc, char **argv, long *secs)
{
	int ch, k;

	while ((ch = getopt(argc, argv, "t:i:n:x:k:j:s:S:d:M:r:L:ul:T:o:v")) !=
	    -1) {
		switch (ch) {
		case 't':
			if (f->ntargets == MAXT ||
			    !parse_addr(optarg, &f->targets[f->ntargets++]))
				usage();
			break;
		case 'i':
			f->id = num(optarg, 0, 65535);
			break;
		case 'n':
			f->max = num(optarg, 0, 1L << 30);
			break;
		case 'x':
			f->copies = num(optarg, 1, 1000);
			break;
		case 'k':
			f->kinds = parse_kinds(optarg);
			break;
		case 'j':
			f->junk = (int)num(optarg, 0, 100000);
			break;
		case 's':
			if (!parse_addr(optarg, &f->spoof4) ||
			    f->spoof4.af != AF_INET)
				usage();
			break;
		case 'S':
			if (!parse_addr(optarg, &f->spoof6) ||
			    f->spoof6.af != AF_INET6)
				usage();
			break;
		case 'd':
			f->delay_us = num(optarg, 0, 10000000);
			break;
		case 'M':
			f->mark = (int)num(optarg, 0, 0x7fffffff);
			break;
		case 'r':
			f->rng = (uint64_t)num(optarg, 1, 0x7fffffff);
			break;
		case 'L':
			f->labels = (int)num(optarg, 0, MAXLABELS);
			break;
		case 'u':
			f->unknown = true;
			break;
		case 'l':
			for (k = 0; k < 3; k++)
				if (strcmp(optarg, extlen_names[k]) == 0)
					break;
			if (k == 3)
				usage();
			f->extlen = (enum extlen)k;
			break;
		case 'T':
			*secs = num(optarg, 1, 86400);
			break;
		case 'o':
			if ((f->log = fopen(optarg, "w")) == NULL) {
				fprintf(stderr, "forger: %s: %s\n", optarg,
				    strerror(errno));
				exit(2);
			}
			break;
		case 'v':
			f->verbose = true;
			break;
		default:
			usage();
		}
	}
	if (f->ntargets == 0 || optind != argc)
		usage();
}

static int
open_raw(int af, int proto, int mark)
{
	int fd, v = mark;

	if ((fd = socket(af, SOCK_RAW, proto)) == -1) {
		fprintf(stderr, "forger: raw socket (%d/%d): %s\n", af, proto,
		    strerror(errno));
		exit(2);
	}
	if (mark != 0 && setsockopt(fd, SOL_SOCKET, SO_MARK, &v,
	    sizeof(v)) == -1) {
		fprintf(stderr, "forger: SO_MARK: %s\n", strerror(errno));
		exit(2);
	}
	return fd;
}

/* sockets that only send: receive nothing (ICMP filters), fragment */
static void
open_sockets(struct forger *f)
{
	struct icmp6_filter f6;
	uint32_t all = ~0u;
	int v;

	f->raw4 = open_raw(AF_INET, IPPROTO_RAW, f->mark);
	f->raw6 = open_raw(AF_INET6, IPPROTO_RAW, f->mark);
	f->icmp4 = open_raw(AF_INET, IPPROTO_ICMP, f->mark);
	f->icmp6 = open_raw(AF_INET6, IPPROTO_ICMPV6, f->mark);
	setsockopt(f->icmp4, SOL_RAW, ICMP_FILTER, &all, sizeof(all));
	ICMP6_FILTER_SETBLOCKALL(&f6);
	setsockopt(f->icmp6, IPPROTO_ICMPV6, ICMP6_FILTER, &f6, sizeof(f6));
	v = IP_PMTUDISC_DONT;
	setsockopt(f->icmp4, IPPROTO_IP, IP_MTU_DISCOVER, &v, sizeof(v));
	v = IPV6_PMTUDISC_DONT;
	setsockopt(f->icmp6, IPPROTO_IPV6, IPV6_MTU_DISCOVER, &v, sizeof(v));
	if ((f->pkt = socket(AF_PACKET, SOCK_DGRAM, htons(ETH_P_ALL))) == -1) {
		fprintf(stderr, "forger: packet socket: %s\n", strerror(errno));
		exit(2);
	}
}

int
main(int argc, char **argv)
{
	static uint8_t buf[BUFSZ];
	static struct forger f;
	struct sigaction sa;
	struct timespec t0, now;
	long secs = 0;

	f.id = -1;
	f.max = 10;
	f.copies = 1;
	f.kinds = KINDS_DEFAULT;
	f.junk = 20;
	f.delay_us = 2000;
	f.mark = 0xf0f0;
	f.labels = 3;
	f.rng = ((uint64_t)time(NULL) ^ (uint64_t)getpid() << 20) | 1;
	f.log = stdout;
	parse_addr("198.18.77.1", &f.spoof4);
	parse_addr("2001:2:0:77::1", &f.spoof6);
	parse_addr("198.18.99.99", &f.other4);
	parse_addr("2001:2:0:99::99", &f.other6);
	options(&f, argc, argv, &secs);
	open_sockets(&f);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	setvbuf(f.log, NULL, _IOLBF, 0);
	fprintf(f.log, "forger: ready pid %ld\n", (long)getpid());
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (!stop) {
		struct pollfd pfd = { f.pkt, POLLIN, 0 };
		struct sockaddr_ll sll;
		socklen_t sl = sizeof(sll);
		ssize_t n;

		if (secs > 0) {
			clock_gettime(CLOCK_MONOTONIC, &now);
			if (now.tv_sec - t0.tv_sec >= secs)
				break;
		}
		if (poll(&pfd, 1, 100) <= 0)
			continue;
		n = recvfrom(f.pkt, buf, sizeof(buf), MSG_DONTWAIT,
		    (struct sockaddr *)&sll, &sl);
		if (n <= 0 || sll.sll_pkttype != PACKET_HOST)
			continue;
		handle(&f, buf, (size_t)n);
	}
	report(&f);
	return 0;
}
