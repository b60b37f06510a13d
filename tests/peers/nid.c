/*
 * nid: an ICMPv6 Node Information responder for the lab (RFC 4620).
 * Linux does not answer Node Information queries, so the ping -N tests
 * run this in the destination's namespace: every query (type 139) gets a
 * reply (type 140) with the query's qtype and nonce: the configured names
 * (Node Name, qtype 2), IPv6 addresses (qtype 3, filtered by the L/S/G/C
 * flags when any is set) or IPv4 addresses (qtype 4), each with TTL 0;
 * NOOP (0) gets an empty success; other qtypes "unknown" (code 2).
 *
 * usage: nid [-n NAME]... [-6 ADDR]... [-4 ADDR]... [-r QTYPE]
 *            [-H nonce|label|escape|long]... [-o FILE]
 *   -n NAME   a name to answer (fully qualified if it has a dot); repeat
 *   -6/-4     an address to answer; repeat
 *   -r QTYPE  refuse that qtype (code 1, no data)
 *   -H KIND   hostile answers, sent before the genuine one: nonce (two
 *             copies with a wrong nonce), label (the right nonce, a name
 *             with a compression pointer), escape (the right nonce, a
 *             name with ESC, BEL, newline and a dot inside a label),
 *             long (the right nonce, a label running past the end)
 *   -o FILE   log here instead of stdout
 * Prints "nid: ready pid PID" once the socket is open; per query "query
 * SRC qtype=Q code=C flags=0xF nonce=HEX subject=TEXT" (TEXT: the
 * address, or the name with a trailing dot when fully qualified); per
 * reply "reply SRC seq=N code=C", per hostile one "hostile SRC KIND".
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/icmp6.h>
#include <sys/socket.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAXN	8
#define H_NONCE		0x01
#define H_LABEL		0x02
#define H_ESCAPE	0x04
#define H_LONG		0x08

struct cfg {
	const char	*name[MAXN];
	size_t		 nname;
	struct in6_addr	 a6[MAXN];
	size_t		 n6;
	struct in_addr	 a4[MAXN];
	size_t		 n4;
	int		 refuse;	/* -1: none */
	unsigned	 hostile;
	FILE		*log;
};

static volatile sig_atomic_t stop;

static void
on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

/* name -> DNS wire form (RFC 4620 3.), 0 on a bad name */
static size_t
wire_name(const char *name, uint8_t *out, size_t cap)
{
	size_t n = strlen(name), o = 0, i = 0;
	bool fqdn = strchr(name, '.') != NULL;

	if (n > 0 && name[n - 1] == '.')
		n--;
	while (i < n) {
		size_t l = strcspn(name + i, ".");

		if (i + l > n)
			l = n - i;
		if (l == 0 || l > 63 || o + 1 + l + 2 > cap)
			return 0;
		out[o++] = (uint8_t)l;
		memcpy(out + o, name + i, l);
		o += l;
		i += l + 1;
	}
	out[o++] = 0;
	if (!fqdn)
		out[o++] = 0;
	return o;
}

static void
put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* RFC 4620 6.3: with any of C/L/S/G set, only those scopes */
static bool
addr_wanted(const struct in6_addr *a, uint16_t flags)
{
	bool ll = IN6_IS_ADDR_LINKLOCAL(a), sl = IN6_IS_ADDR_SITELOCAL(a);
	bool compat = IN6_IS_ADDR_V4COMPAT(a) || IN6_IS_ADDR_V4MAPPED(a);

	if ((flags & 0x003c) == 0)
		return true;
	return ((flags & 0x0008) && ll) || ((flags & 0x0010) && sl) ||
	    ((flags & 0x0004) && compat) ||
	    ((flags & 0x0020) && !ll && !sl && !compat);
}

/* The reply's data for qtype; returns its length, -1: unknown qtype */
static long
answer_data(const struct cfg *c, uint16_t qtype, uint16_t flags,
    uint8_t *d, size_t cap)
{
	size_t o = 0, n;

	switch (qtype) {
	case 0:
		return 0;
	case 2:
		put32(d, 0);
		o = 4;
		for (size_t i = 0; i < c->nname; i++) {
			if ((n = wire_name(c->name[i], d + o, cap - o)) == 0)
				return 0;
			o += n;
		}
		return (long)o;
	case 3:
		for (size_t i = 0; i < c->n6 && o + 20 <= cap; i++) {
			if (!addr_wanted(&c->a6[i], flags))
				continue;
			put32(d + o, 0);
			memcpy(d + o + 4, &c->a6[i], 16);
			o += 20;
		}
		return (long)o;
	case 4:
		for (size_t i = 0; i < c->n4 && o + 8 <= cap; i++) {
			put32(d + o, 0);
			memcpy(d + o + 4, &c->a4[i], 4);
			o += 8;
		}
		return (long)o;
	default:
		return -1;
	}
}

static void
log_query(const struct cfg *c, const char *src, const uint8_t *q,
    size_t len)
{
	char subj[1024] = "", a[INET6_ADDRSTRLEN];
	size_t o = 0, i = 16;

	if (q[1] == 0 && len >= 32)
		inet_ntop(AF_INET6, q + 16, subj, sizeof(subj));
	else if (q[1] == 2 && len >= 20)
		inet_ntop(AF_INET, q + 16, subj, sizeof(subj));
	else if (q[1] == 1) {
		while (i < len && q[i] != 0 && i + 1 + q[i] <= len &&
		    o + q[i] + 2 < sizeof(subj)) {
			if (o > 0)
				subj[o++] = '.';
			memcpy(subj + o, q + i + 1, q[i]);
			o += q[i];
			i += 1 + (size_t)q[i];
		}
		/* one zero: fully qualified */
		if (i + 1 >= len || q[i + 1] != 0)
			subj[o++] = '.';
		subj[o] = '\0';
	}
	(void)a;
	fprintf(c->log, "query %s qtype=%u code=%u flags=0x%x nonce=", src,
	    (unsigned)(q[4] << 8 | q[5]), (unsigned)q[1],
	    (unsigned)(q[6] << 8 | q[7]));
	for (i = 8; i < 16; i++)
		fprintf(c->log, "%02x", q[i]);
	fprintf(c->log, " subject=%s\n", subj);
}

static void
send_reply(int fd, const struct sockaddr_in6 *to, const uint8_t *r,
    size_t len)
{
	if (sendto(fd, r, len, 0, (const struct sockaddr *)to,
	    sizeof(*to)) < 0)
		fprintf(stderr, "nid: sendto: %s\n", strerror(errno));
}

/* -H: the hostile answers, then the caller sends the genuine one */
static void
hostile(const struct cfg *c, int fd, const struct sockaddr_in6 *to,
    const char *src, const uint8_t *hdr)
{
	static const uint8_t pointer[] = { 0, 0, 0, 0, 4, 'e', 'v', 'i', 'l',
	    0xc0, 0x14 };
	static const uint8_t escape[] = { 0, 0, 0, 0, 12, 0x1b, '[', '3',
	    '1', 'm', 'x', 0x07, '\n', '.', 'y', 0x9b, '\\', 3, 'o', 'r',
	    'g', 0 };
	static const uint8_t longl[] = { 0, 0, 0, 0, 40, 'a', 'b', 'c' };
	uint8_t r[128];

	/* a reply to hdr's query: a success, a Node Name */
	memset(r, 0, 8);
	r[0] = 140;
	r[5] = 2;
	memcpy(r + 8, hdr + 8, 8);
	if (c->hostile & H_NONCE) {
		for (int k = 0; k < 2; k++) {
			r[15 - k * 7] ^= 0x5a;	/* last byte, then seq */
			memcpy(r + 16, escape, 4);
			send_reply(fd, to, r, 20);
			r[15 - k * 7] ^= 0x5a;
			fprintf(c->log, "hostile %s nonce\n", src);
		}
	}
	if (c->hostile & H_LABEL) {
		memcpy(r + 16, pointer, sizeof(pointer));
		send_reply(fd, to, r, 16 + sizeof(pointer));
		fprintf(c->log, "hostile %s label\n", src);
	}
	if (c->hostile & H_ESCAPE) {
		memcpy(r + 16, escape, sizeof(escape));
		send_reply(fd, to, r, 16 + sizeof(escape));
		fprintf(c->log, "hostile %s escape\n", src);
	}
	if (c->hostile & H_LONG) {
		memcpy(r + 16, longl, sizeof(longl));
		send_reply(fd, to, r, 16 + sizeof(longl));
		fprintf(c->log, "hostile %s long\n", src);
	}
}

static void
handle(const struct cfg *c, int fd, const uint8_t *q, size_t len,
    const struct sockaddr_in6 *from)
{
	uint8_t r[1500];
	char src[INET6_ADDRSTRLEN];
	uint16_t qtype, flags;
	long n;

	inet_ntop(AF_INET6, &from->sin6_addr, src, sizeof(src));
	if (len < 16 || q[0] != 139) {
		fprintf(c->log, "ignored %s: %s\n", src, len < 16 ?
		    "short" : "not a query");
		return;
	}
	log_query(c, src, q, len);
	qtype = (uint16_t)(q[4] << 8 | q[5]);
	flags = (uint16_t)(q[6] << 8 | q[7]);
	if (c->hostile)
		hostile(c, fd, from, src, q);
	memset(r, 0, 16);
	r[0] = 140;
	memcpy(r + 4, q + 4, 2);
	memcpy(r + 8, q + 8, 8);
	n = qtype == c->refuse ? 0 : answer_data(c, qtype, flags, r + 16,
	    sizeof(r) - 16);
	r[1] = qtype == c->refuse ? 1 : n < 0 ? 2 : 0;
	if (n < 0)
		n = 0;
	send_reply(fd, from, r, 16 + (size_t)n);
	fprintf(c->log, "reply %s seq=%u code=%u\n", src,
	    (unsigned)(q[8] << 8 | q[9]), (unsigned)r[1]);
	fflush(c->log);
}

static int
options(int argc, char *argv[], struct cfg *c)
{
	int ch;

	memset(c, 0, sizeof(*c));
	c->refuse = -1;
	c->log = stdout;
	while ((ch = getopt(argc, argv, "n:6:4:r:H:o:")) != -1) {
		switch (ch) {
		case 'n':
			if (c->nname < MAXN)
				c->name[c->nname++] = optarg;
			break;
		case '6':
			if (c->n6 == MAXN || inet_pton(AF_INET6, optarg,
			    &c->a6[c->n6++]) != 1)
				return -1;
			break;
		case '4':
			if (c->n4 == MAXN || inet_pton(AF_INET, optarg,
			    &c->a4[c->n4++]) != 1)
				return -1;
			break;
		case 'r':
			c->refuse = atoi(optarg);
			break;
		case 'H':
			c->hostile |= strcmp(optarg, "nonce") == 0 ? H_NONCE :
			    strcmp(optarg, "label") == 0 ? H_LABEL :
			    strcmp(optarg, "escape") == 0 ? H_ESCAPE :
			    strcmp(optarg, "long") == 0 ? H_LONG : 0;
			break;
		case 'o':
			if ((c->log = fopen(optarg, "a")) == NULL)
				return -1;
			setvbuf(c->log, NULL, _IOLBF, 0);
			break;
		default:
			return -1;
		}
	}
	return 0;
}

int
main(int argc, char *argv[])
{
	struct cfg c;
	struct icmp6_filter filt;
	struct sockaddr_in6 from;
	socklen_t fl;
	uint8_t buf[2048];
	ssize_t n;
	int fd;

	if (options(argc, argv, &c) == -1) {
		fprintf(stderr, "usage: nid [-n NAME]... [-6 ADDR]... "
		    "[-4 ADDR]... [-r QTYPE] [-H KIND]... [-o FILE]\n");
		return 2;
	}
	if ((fd = socket(AF_INET6, SOCK_RAW, IPPROTO_ICMPV6)) < 0) {
		fprintf(stderr, "nid: socket: %s\n", strerror(errno));
		return 1;
	}
	ICMP6_FILTER_SETBLOCKALL(&filt);
	ICMP6_FILTER_SETPASS(139, &filt);
	if (setsockopt(fd, IPPROTO_ICMPV6, ICMP6_FILTER, &filt,
	    sizeof(filt)) < 0) {
		fprintf(stderr, "nid: ICMP6_FILTER: %s\n", strerror(errno));
		return 1;
	}
	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);
	fprintf(c.log, "nid: ready pid %ld\n", (long)getpid());
	fflush(c.log);
	while (!stop) {
		struct pollfd p = { fd, POLLIN, 0 };

		if (poll(&p, 1, 200) <= 0)
			continue;
		fl = sizeof(from);
		n = recvfrom(fd, buf, sizeof(buf), 0, (struct sockaddr *)&from,
		    &fl);
		if (n > 0)
			handle(&c, fd, buf, (size_t)n, &from);
	}
	return 0;
}
