/*
 * maskd: an ICMP Address Mask responder for the lab (RFC 950). Linux does
 * not answer Address Mask Requests, so the ping tests run this in the
 * destination's namespace: every well-formed request (type 17, code 0,
 * at least 12 bytes, good checksum) gets a reply (type 18) with the same
 * identifier and sequence number and the configured mask, sent back to
 * the requester. IPv4 only (ICMPv6 has no such message).
 *
 * usage: maskd [-m MASK] [-n COUNT] [-o FILE]
 *        maskd -q ADDR [-b] [-w MS]   (client: ask ADDR once, print the
 *                                      mask; -b with a bad checksum)
 *   -m MASK   mask to answer (dotted quad, default 255.255.255.0)
 *   -n COUNT  exit after COUNT replies (default: run until SIGTERM)
 *   -o FILE   log here instead of stdout
 * It prints "maskd: ready pid PID" once the socket is open, one line per reply
 * ("reply SRC id=ID seq=SEQ mask=MASK"), one per ignored packet
 * ("ignored SRC: WHY") and "maskd: answered N ignored M" at exit.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
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

static volatile sig_atomic_t stop;

static void
on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static uint16_t
cksum(const uint8_t *p, size_t len)
{
	uint32_t sum = 0;
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (len & 1)
		sum += (uint32_t)p[len - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

/*
 * One received datagram (IPv4 header included, as raw sockets give it):
 * the reply to send in rep (12 bytes) and 1, or 0 with why set.
 */
static int
answer(const uint8_t *buf, size_t len, uint32_t mask, uint8_t *rep,
    const char **why)
{
	const uint8_t *icmp;
	size_t ihl, ilen;
	uint16_t c;

	if (len < 20 || (buf[0] >> 4) != 4) {
		*why = "not IPv4";
		return 0;
	}
	ihl = (size_t)(buf[0] & 0x0f) * 4;
	if (ihl < 20 || ihl > len) {
		*why = "bad header length";
		return 0;
	}
	icmp = buf + ihl;
	ilen = len - ihl;
	if (ilen < 1 || icmp[0] != 17)
		return 0;	/* not a mask request: not ours to judge */
	if (ilen < 12) {
		*why = "short request";
		return 0;
	}
	if (icmp[1] != 0) {
		*why = "code not 0";
		return 0;
	}
	if (cksum(icmp, ilen) != 0) {
		*why = "bad checksum";
		return 0;
	}
	rep[0] = 18;
	rep[1] = 0;
	rep[2] = rep[3] = 0;
	memcpy(rep + 4, icmp + 4, 4);	/* identifier, sequence */
	rep[8] = (uint8_t)(mask >> 24);
	rep[9] = (uint8_t)(mask >> 16);
	rep[10] = (uint8_t)(mask >> 8);
	rep[11] = (uint8_t)mask;
	c = cksum(rep, 12);
	rep[2] = (uint8_t)(c >> 8);
	rep[3] = (uint8_t)c;
	return 1;
}

static void
usage(void)
{
	fprintf(stderr, "usage: maskd [-m MASK] [-n COUNT] [-o FILE]\n"
	    "       maskd -q ADDR [-b] [-w MS]\n");
	exit(2);
}

/*
 * Client mode (to test the responder itself): one Address Mask Request to
 * dst (with a wrong checksum if bad), then wait up to ms milliseconds for
 * the reply with our identifier. Prints "mask M from ADDR"; returns 0,
 * or 1 if no reply came.
 */
static int
query(int fd, const char *dst, bool bad, long ms)
{
	struct sockaddr_in to, from;
	struct timespec t0, t;
	uint8_t req[12], buf[65536];
	uint16_t id = (uint16_t)getpid(), c;
	size_t ihl;
	ssize_t n;
	long left;

	memset(&to, 0, sizeof(to));
	to.sin_family = AF_INET;
	if (inet_pton(AF_INET, dst, &to.sin_addr) != 1)
		usage();
	memset(req, 0, sizeof(req));
	req[0] = 17;
	req[4] = (uint8_t)(id >> 8);
	req[5] = (uint8_t)id;
	req[7] = 1;
	c = cksum(req, sizeof(req));
	if (bad)
		c ^= 0x0101;
	req[2] = (uint8_t)(c >> 8);
	req[3] = (uint8_t)c;
	if (sendto(fd, req, sizeof(req), 0, (struct sockaddr *)&to,
	    sizeof(to)) != (ssize_t)sizeof(req)) {
		fprintf(stderr, "maskd: sendto %s: %s\n", dst, strerror(errno));
		return 2;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		struct pollfd pfd = { fd, POLLIN, 0 };
		socklen_t fl = sizeof(from);

		clock_gettime(CLOCK_MONOTONIC, &t);
		left = ms - ((t.tv_sec - t0.tv_sec) * 1000 +
		    (t.tv_nsec - t0.tv_nsec) / 1000000);
		if (left <= 0 || poll(&pfd, 1, (int)left) <= 0)
			return 1;
		n = recvfrom(fd, buf, sizeof(buf), 0, (struct sockaddr *)&from,
		    &fl);
		if (n < 20)
			continue;
		ihl = (size_t)(buf[0] & 0x0f) * 4;
		if ((size_t)n < ihl + 12 || buf[ihl] != 18 ||
		    from.sin_addr.s_addr != to.sin_addr.s_addr ||
		    (buf[ihl + 4] << 8 | buf[ihl + 5]) != id ||
		    cksum(buf + ihl, (size_t)n - ihl) != 0)
			continue;
		printf("mask %u.%u.%u.%u from %s\n", buf[ihl + 8],
		    buf[ihl + 9], buf[ihl + 10], buf[ihl + 11], dst);
		return 0;
	}
}

int
main(int argc, char **argv)
{
	struct sigaction sa;
	struct in_addr m;
	FILE *log = stdout;
	long limit = -1, answered = 0, ignored = 0;
	uint32_t mask = 0xffffff00;
	uint8_t buf[65536], rep[12];
	const char *qdst = NULL;
	bool bad = false;
	long wait_ms = 1000;
	char *end;
	int ch, fd;

	while ((ch = getopt(argc, argv, "bm:n:o:q:w:")) != -1) {
		switch (ch) {
		case 'b':
			bad = true;
			break;
		case 'q':
			qdst = optarg;
			break;
		case 'w':
			wait_ms = strtol(optarg, &end, 10);
			if (*end != '\0' || wait_ms < 1)
				usage();
			break;
		case 'm':
			if (inet_pton(AF_INET, optarg, &m) != 1)
				usage();
			mask = ntohl(m.s_addr);
			break;
		case 'n':
			limit = strtol(optarg, &end, 10);
			if (*end != '\0' || limit < 1)
				usage();
			break;
		case 'o':
			if ((log = fopen(optarg, "w")) == NULL) {
				fprintf(stderr, "maskd: %s: %s\n", optarg,
				    strerror(errno));
				return 2;
			}
			break;
		default:
			usage();
		}
	}
	if ((fd = socket(AF_INET, SOCK_RAW, IPPROTO_ICMP)) == -1) {
		fprintf(stderr, "maskd: raw socket: %s\n", strerror(errno));
		return 2;
	}
	if (qdst != NULL)
		return query(fd, qdst, bad, wait_ms);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;	/* no SA_RESTART: recvfrom returns */
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	setvbuf(log, NULL, _IOLBF, 0);
	fprintf(log, "maskd: ready pid %ld\n", (long)getpid());
	while (!stop && (limit < 0 || answered < limit)) {
		struct sockaddr_in from;
		socklen_t fl = sizeof(from);
		const char *why = NULL;
		char a[INET_ADDRSTRLEN];
		ssize_t n;

		n = recvfrom(fd, buf, sizeof(buf), 0, (struct sockaddr *)&from,
		    &fl);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "maskd: recvfrom: %s\n", strerror(errno));
			return 2;
		}
		inet_ntop(AF_INET, &from.sin_addr, a, sizeof(a));
		if (!answer(buf, (size_t)n, mask, rep, &why)) {
			if (why != NULL) {
				ignored++;
				fprintf(log, "ignored %s: %s\n", a, why);
			}
			continue;
		}
		if (sendto(fd, rep, sizeof(rep), 0, (struct sockaddr *)&from,
		    sizeof(from)) != (ssize_t)sizeof(rep)) {
			fprintf(stderr, "maskd: sendto %s: %s\n", a,
			    strerror(errno));
			continue;
		}
		answered++;
		fprintf(log, "reply %s id=%u seq=%u mask=%u.%u.%u.%u\n", a,
		    (unsigned)(rep[4] << 8 | rep[5]),
		    (unsigned)(rep[6] << 8 | rep[7]), mask >> 24,
		    (mask >> 16) & 0xff, (mask >> 8) & 0xff, mask & 0xff);
	}
	fprintf(log, "maskd: answered %ld ignored %ld\n", answered, ignored);
	return 0;
}
