/*
 * delayq: the lab's delay element (there is no netem in this kernel).
 * Takes the packets an iptables/ip6tables NFQUEUE rule queues to it (both
 * families, any protocol, any hook: a destination's whole output, one
 * router's own ICMP errors ...) and lets each one go after a fixed delay,
 * in arrival order, through raw nfnetlink (no libnetfilter_queue).
 *
 * usage: delayq -d MS [-q QUEUE] [-T SECONDS]
 *   -d  delay of every packet, milliseconds (0..60000)
 *   -q  queue number (default 0)
 *   -T  exit after SECONDS (default: at SIGTERM / SIGINT)
 * stdout: "delayq: ready pid PID" once bound, "delayq: done N" (packets passed)
 * at exit. Standalone: does not link the code under test.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/socket.h>
#include <linux/netlink.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nfnetlink_queue.h>

#define MAXPKT	65536		/* packets held at once */

struct held {
	uint32_t	id;
	int64_t		due;	/* CLOCK_MONOTONIC ns */
};

static volatile sig_atomic_t stop;

static void
on_sig(int sig)
{
	(void)sig;
	stop = 1;
}

static int64_t
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void
die(const char *what)
{
	fprintf(stderr, "delayq: %s: %s\n", what, strerror(errno));
	exit(2);
}

/* Append attribute (type, data) to the message in buf. */
static void
put_attr(struct nlmsghdr *nh, uint16_t type, const void *data, size_t len)
{
	struct nlattr *a = (struct nlattr *)((char *)nh +
	    NLMSG_ALIGN(nh->nlmsg_len));

	a->nla_type = type;
	a->nla_len = (uint16_t)(NLA_HDRLEN + len);
	memcpy((char *)a + NLA_HDRLEN, data, len);
	nh->nlmsg_len = NLMSG_ALIGN(nh->nlmsg_len) + NLA_ALIGN(a->nla_len);
}

static struct nlmsghdr *
start_msg(char *buf, uint16_t type, uint16_t queue, uint8_t family)
{
	struct nlmsghdr *nh = (struct nlmsghdr *)buf;
	struct nfgenmsg *g;

	memset(buf, 0, 256);
	nh->nlmsg_len = NLMSG_LENGTH(sizeof(*g));
	nh->nlmsg_type = (uint16_t)(NFNL_SUBSYS_QUEUE << 8 | type);
	nh->nlmsg_flags = NLM_F_REQUEST;
	g = NLMSG_DATA(nh);
	g->nfgen_family = family;
	g->version = NFNETLINK_V0;
	g->res_id = htons(queue);
	return nh;
}

static void
send_msg(int fd, struct nlmsghdr *nh)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };

	if (sendto(fd, nh, nh->nlmsg_len, 0, (struct sockaddr *)&sa,
	    sizeof(sa)) == -1)
		die("sendto netlink");
}

static void
config(int fd, uint16_t queue)
{
	char buf[256];
	struct nfqnl_msg_config_cmd cmd;
	struct nfqnl_msg_config_params par;
	uint32_t maxlen = htonl(MAXPKT);
	struct nlmsghdr *nh;

	memset(&cmd, 0, sizeof(cmd));
	cmd.command = NFQNL_CFG_CMD_BIND;
	nh = start_msg(buf, NFQNL_MSG_CONFIG, queue, AF_UNSPEC);
	put_attr(nh, NFQA_CFG_CMD, &cmd, sizeof(cmd));
	send_msg(fd, nh);
	memset(&par, 0, sizeof(par));
	par.copy_mode = NFQNL_COPY_META;	/* the id is all we need */
	nh = start_msg(buf, NFQNL_MSG_CONFIG, queue, AF_UNSPEC);
	put_attr(nh, NFQA_CFG_PARAMS, &par, sizeof(par));
	put_attr(nh, NFQA_CFG_QUEUE_MAXLEN, &maxlen, sizeof(maxlen));
	send_msg(fd, nh);
}

static void
verdict(int fd, uint16_t queue, uint32_t id)
{
	char buf[256];
	struct nfqnl_msg_verdict_hdr v;
	struct nlmsghdr *nh;

	v.verdict = htonl(NF_ACCEPT);
	v.id = htonl(id);
	nh = start_msg(buf, NFQNL_MSG_VERDICT, queue, AF_UNSPEC);
	put_attr(nh, NFQA_VERDICT_HDR, &v, sizeof(v));
	send_msg(fd, nh);
}

/* The packet id of a queued-packet message, or -1. */
static int64_t
packet_id(const struct nlmsghdr *nh)
{
	const struct nlattr *a;
	size_t off = NLMSG_LENGTH(sizeof(struct nfgenmsg));

	if ((nh->nlmsg_type & 0xff) != NFQNL_MSG_PACKET)
		return -1;
	while (off + NLA_HDRLEN <= nh->nlmsg_len) {
		struct nfqnl_msg_packet_hdr ph;

		a = (const struct nlattr *)((const char *)nh + off);
		if (a->nla_len < NLA_HDRLEN || off + a->nla_len > nh->nlmsg_len)
			return -1;
		if ((a->nla_type & NLA_TYPE_MASK) == NFQA_PACKET_HDR &&
		    a->nla_len >= NLA_HDRLEN + sizeof(ph)) {
			memcpy(&ph, (const char *)a + NLA_HDRLEN, sizeof(ph));
			return ntohl(ph.packet_id);
		}
		off += NLA_ALIGN(a->nla_len);
	}
	return -1;
}

int
main(int argc, char **argv)
{
	static struct held q[MAXPKT];
	static char buf[65536];
	long delay_ms = -1, queue = 0, secs = 0;
	size_t head = 0, n = 0;
	unsigned long done = 0;
	int fd, ch, rcv = 1 << 22;
	int64_t end;
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };

	while ((ch = getopt(argc, argv, "d:q:T:")) != -1) {
		switch (ch) {
		case 'd': delay_ms = strtol(optarg, NULL, 10); break;
		case 'q': queue = strtol(optarg, NULL, 10); break;
		case 'T': secs = strtol(optarg, NULL, 10); break;
		default: delay_ms = -1; optind = argc; break;
		}
	}
	if (delay_ms < 0 || delay_ms > 60000 || queue < 0 || queue > 65535 ||
	    optind != argc) {
		fprintf(stderr, "usage: delayq -d MS [-q QUEUE] [-T SECONDS]\n");
		return 2;
	}
	signal(SIGTERM, on_sig);
	signal(SIGINT, on_sig);
	if ((fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC,
	    NETLINK_NETFILTER)) == -1)
		die("socket");
	(void)setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcv, sizeof(rcv));
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) == -1)
		die("bind");
	config(fd, (uint16_t)queue);
	printf("delayq: ready pid %ld\n", (long)getpid());
	fflush(stdout);
	end = secs > 0 ? now_ns() + secs * 1000000000LL : INT64_MAX;
	while (!stop && now_ns() < end) {
		struct pollfd p = { fd, POLLIN, 0 };
		int64_t t = now_ns(), wait = 100;
		ssize_t len;

		while (n > 0 && q[head].due <= t) {
			verdict(fd, (uint16_t)queue, q[head].id);
			head = (head + 1) % MAXPKT;
			n--;
			done++;
		}
		if (n > 0)
			wait = (q[head].due - t) / 1000000 + 1;
		if (poll(&p, 1, (int)(wait > 100 ? 100 : wait)) <= 0)
			continue;
		if ((len = recv(fd, buf, sizeof(buf), MSG_DONTWAIT)) <= 0)
			continue;
		for (struct nlmsghdr *nh = (struct nlmsghdr *)buf;
		    NLMSG_OK(nh, (size_t)len); nh = NLMSG_NEXT(nh, len)) {
			int64_t id = packet_id(nh);

			if (id < 0 || n == MAXPKT)
				continue;
			q[(head + n) % MAXPKT].id = (uint32_t)id;
			q[(head + n) % MAXPKT].due = now_ns() +
			    delay_ms * 1000000LL;
			n++;
		}
	}
	/* what is still held goes now: nothing is dropped */
	for (; n > 0; n--, head = (head + 1) % MAXPKT, done++)
		verdict(fd, (uint16_t)queue, q[head].id);
	printf("delayq: done %lu\n", done);
	return 0;
}
