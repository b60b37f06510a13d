/*
 * route.c: the next hops of a destination's route (see route.h): one
 * RTM_GETROUTE request on a NETLINK_ROUTE socket, its answer read by a
 * bounded parser.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "rd.h"
#include "route.h"

#ifndef NLA_TYPE_MASK
#define NLA_TYPE_MASK	0x3fff
#endif

#ifndef RTM_F_FIB_MATCH
#define RTM_F_FIB_MATCH	0x2000
#endif
#ifndef RTA_NH_ID
#define RTA_NH_ID	30
#endif

#define NL_ALIGN(n)	(((n) + 3u) & ~3u)
#define NLHDR		16	/* struct nlmsghdr */
#define RTHDR		12	/* struct rtmsg */
#define NHHDR		8	/* struct rtnexthop */

static bool
rd_h16(struct rd *r, uint16_t *v)
{
	return rd_bytes(r, v, sizeof(*v));
}

static bool
rd_h32(struct rd *r, uint32_t *v)
{
	return rd_bytes(r, v, sizeof(*v));
}

/* The rest of an item of len bytes (aligned to 4) once hdr were read. */
static void
skip_rest(struct rd *r, size_t len, size_t hdr)
{
	size_t n = NL_ALIGN(len) - hdr;

	(void)rd_skip(r, n <= r->len ? n : r->len);
}

/* The next netlink message of r: its type and body; false if malformed. */
static bool
nl_msg(struct rd *r, uint16_t *type, struct rd *body)
{
	uint32_t mlen;

	if (!rd_h32(r, &mlen) || !rd_h16(r, type) || !rd_skip(r, 10) ||
	    mlen < NLHDR || mlen - NLHDR > r->len)
		return false;
	(void)rd_sub(r, mlen - NLHDR, body);
	skip_rest(r, mlen, mlen);
	return true;
}

/* The next attribute of a message body: its type and data; false if
 * malformed. */
static bool
nl_attr(struct rd *m, uint16_t *type, struct rd *data)
{
	uint16_t len;

	if (!rd_h16(m, &len) || !rd_h16(m, type) || len < 4 ||
	    len - 4u > m->len)
		return false;
	(void)rd_sub(m, len - 4u, data);
	skip_rest(m, len, len);
	return true;
}

/* The next hops in an RTA_MULTIPATH attribute's data, -1 if malformed. */
static int
multipath(struct rd a)
{
	int n = 0;

	while (a.len > 0) {
		uint16_t len;

		if (!rd_h16(&a, &len) || len < NHHDR || len - 2u > a.len)
			return -1;
		skip_rest(&a, len, 2);
		n++;
	}
	return n > 0 ? n : -1;
}

/* One RTM_NEWROUTE message's body (after the netlink header). */
static int
route_msg(struct rd m)
{
	uint8_t type;
	int n = 1;

	/* family, dst_len, src_len, tos, table, protocol, scope, type */
	if (!rd_skip(&m, 7) || !rd_u8(&m, &type) || !rd_skip(&m, 4))
		return -1;
	if (type != RTN_UNICAST && type != RTN_LOCAL)
		return -1;
	while (m.len >= 4) {
		uint16_t at;
		struct rd a;

		if (!nl_attr(&m, &at, &a))
			return -1;
		if (at == RTA_NH_ID)
			return -1;
		if (at == RTA_MULTIPATH && (n = multipath(a)) < 0)
			return -1;
	}
	return n;
}

int
route_parse_nexthops(const uint8_t *buf, size_t len)
{
	struct rd r = rd_make(buf, len);

	while (r.len >= NLHDR) {
		uint16_t type;
		struct rd m;

		if (!nl_msg(&r, &type, &m))
			return -1;
		if (type == RTM_NEWROUTE)
			return route_msg(m);
		if (type == NLMSG_ERROR || type == NLMSG_DONE)
			return -1;
	}
	return -1;
}

/* A rule's selectors that our lookup does not share with every probe:
 * fwmark (10), fwmask (16), ip_proto (22), sport and dport ranges (23,
 * 24) and whatever came after them (DSCP, flow label, masks). */
static bool
varying_attr(uint16_t type)
{
	type &= NLA_TYPE_MASK;
	return type == 10 || type == 16 || type >= 22;
}

/* One RTM_NEWRULE body: true if it may pick a table per probe. */
static enum route_rules
rule_msg(struct rd m)
{
	uint8_t tos;

	/* family, dst_len, src_len, tos, table, res1, res2, action, flags */
	if (!rd_skip(&m, 3) || !rd_u8(&m, &tos) || !rd_skip(&m, 8))
		return ROUTE_RULES_BAD;
	if (tos != 0)
		return ROUTE_RULES_VARY;
	while (m.len >= 4) {
		uint16_t at;
		struct rd a;

		if (!nl_attr(&m, &at, &a))
			return ROUTE_RULES_BAD;
		if (varying_attr(at))
			return ROUTE_RULES_VARY;
	}
	return ROUTE_RULES_MORE;
}

enum route_rules
route_parse_rules(const uint8_t *buf, size_t len)
{
	struct rd r = rd_make(buf, len);

	if (r.len == 0)
		return ROUTE_RULES_BAD;
	while (r.len > 0) {
		uint16_t type;
		struct rd m;
		enum route_rules v;

		if (!nl_msg(&r, &type, &m))
			return ROUTE_RULES_BAD;
		if (type == NLMSG_DONE)
			return ROUTE_RULES_STEADY;
		if (type == NLMSG_ERROR)
			return ROUTE_RULES_BAD;
		if (type == RTM_NEWRULE && (v = rule_msg(m)) != ROUTE_RULES_MORE)
			return v;
	}
	return ROUTE_RULES_MORE;
}

/* An attribute of len bytes of data into w. */
static bool
put_attr(struct wr *w, uint16_t type, const void *data, uint16_t len)
{
	uint16_t alen = (uint16_t)(4 + len);
	static const uint8_t pad[4];

	return wr_bytes(w, &alen, 2) && wr_bytes(w, &type, 2) &&
	    wr_bytes(w, data, len) &&
	    wr_bytes(w, pad, NL_ALIGN(alen) - alen);
}

/* A netlink socket with req (len bytes) sent to the kernel, -1 if none. */
static int
nl_ask(const uint8_t *req, size_t len)
{
	struct sockaddr_nl sa;
	int fd;

	if ((fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC,
	    NETLINK_ROUTE)) == -1)
		return -1;
	memset(&sa, 0, sizeof(sa));
	sa.nl_family = AF_NETLINK;
	if (sendto(fd, req, len, 0, (struct sockaddr *)&sa, sizeof(sa)) !=
	    (ssize_t)len) {
		(void)close(fd);
		return -1;
	}
	return fd;
}

/* The next answer on fd within a second: its length, -1 if none. */
static ssize_t
nl_read(int fd, uint8_t *buf, size_t len)
{
	struct pollfd pfd = { fd, POLLIN, 0 };

	if (poll(&pfd, 1, 1000) != 1)
		return -1;
	return recv(fd, buf, len, 0);
}

int
route_rules_steady(int af)
{
	uint8_t req[NLHDR + RTHDR], ans[16384];
	struct nlmsghdr nh;
	enum route_rules v = ROUTE_RULES_MORE;
	ssize_t n;
	int fd;

	memset(req, 0, sizeof(req));
	memset(&nh, 0, sizeof(nh));
	nh.nlmsg_len = sizeof(req);
	nh.nlmsg_type = RTM_GETRULE;
	nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	nh.nlmsg_seq = 1;
	memcpy(req, &nh, sizeof(nh));
	req[NLHDR] = (uint8_t)af;	/* fib_rule_hdr's family */
	if ((fd = nl_ask(req, sizeof(req))) == -1)
		return -1;
	/* a dump comes in as many reads as it takes, NLMSG_DONE last */
	for (int i = 0; i < 256 && v == ROUTE_RULES_MORE; i++)
		v = (n = nl_read(fd, ans, sizeof(ans))) > 0 ?
		    route_parse_rules(ans, (size_t)n) : ROUTE_RULES_BAD;
	(void)close(fd);
	return v == ROUTE_RULES_STEADY ? 1 : v == ROUTE_RULES_VARY ? 0 : -1;
}

int
route_nexthops(const struct addr *dst, unsigned oif, uint32_t mark)
{
	uint8_t req[128], ans[8192];
	struct wr w = wr_make(req, sizeof(req));
	struct rtmsg rt;
	struct nlmsghdr nh;
	size_t alen = dst->af == AF_INET6 ? 16 : 4;
	uint32_t oif32 = oif;
	ssize_t n;
	int fd, rc = -1;

	memset(&nh, 0, sizeof(nh));
	memset(&rt, 0, sizeof(rt));
	nh.nlmsg_type = RTM_GETROUTE;
	nh.nlmsg_flags = NLM_F_REQUEST;
	nh.nlmsg_seq = 1;
	rt.rtm_family = (unsigned char)dst->af;
	rt.rtm_dst_len = (unsigned char)(alen * 8);
	rt.rtm_flags = RTM_F_FIB_MATCH;
	if (!wr_bytes(&w, &nh, sizeof(nh)) || !wr_bytes(&w, &rt, sizeof(rt)) ||
	    !put_attr(&w, RTA_DST, dst->u.b, (uint16_t)alen) ||
	    (oif != 0 && !put_attr(&w, RTA_OIF, &oif32, 4)) ||
	    (mark != 0 && !put_attr(&w, RTA_MARK, &mark, 4)))
		return -1;
	nh.nlmsg_len = (uint32_t)(sizeof(req) - w.len);
	memcpy(req, &nh.nlmsg_len, sizeof(nh.nlmsg_len));
	if ((fd = nl_ask(req, nh.nlmsg_len)) == -1)
		return -1;
	if ((n = nl_read(fd, ans, sizeof(ans))) > 0)
		rc = route_parse_nexthops(ans, (size_t)n);
	(void)close(fd);
	return rc;
}
