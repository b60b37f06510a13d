/*
 * sock.c: the edge where bytes meet the kernel (see sock.h). Opens raw,
 * ICMP-datagram or UDP sockets with their options (the privileged step),
 * sends, and receives one datagram or error-queue record with its
 * ancillary data: the kernel receive time (SO_TIMESTAMPNS), the TTL / hop
 * limit, and struct sock_extended_err copied into struct errq_rec. The
 * address family matters only in the fam_of() table and in the filters.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/icmp6.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <linux/errqueue.h>
#include <linux/icmp.h>

#include "addr.h"
#include "clock.h"
#include "sock.h"

/* linux/in6.h clashes with netinet/in.h: the flow label manager by hand */
#ifndef IPV6_FLOWLABEL_MGR
#define IPV6_FLOWLABEL_MGR	32
#endif
#ifndef IPV6_FLOWINFO_SEND
#define IPV6_FLOWINFO_SEND	33
#endif
#ifndef UDPLITE_SEND_CSCOV
#define UDPLITE_SEND_CSCOV	10	/* linux/udp.h */
#endif
#define SOCK_FL_A_GET		0
#define SOCK_FL_S_ANY		255
#define SOCK_FL_F_CREATE	1
#define SOCK_FLOWLABEL_MASK	0x000fffffu

struct sock_flr {			/* struct in6_flowlabel_req */
	struct in6_addr	flr_dst;
	uint32_t	flr_label;	/* network order */
	uint8_t		flr_action;
	uint8_t		flr_share;
	uint16_t	flr_flags;
	uint16_t	flr_expires;
	uint16_t	flr_linger;
	uint32_t	flr_pad;
};

/* Per-family option names: the one place IPv4 and IPv6 differ. */
struct fam {
	int	level;
	int	ttl, mcast_ttl, tos, pmtu, recverr, recvttl, ttl_cmsg;
	int	mcast_loop;
	int	icmp_proto;
	const char *ttl_name, *tos_name, *pmtu_name, *recverr_name;
	const char *mcast_loop_name;
};

static const struct fam fam4 = {
	IPPROTO_IP, IP_TTL, IP_MULTICAST_TTL, IP_TOS, IP_MTU_DISCOVER,
	IP_RECVERR, IP_RECVTTL, IP_TTL, IP_MULTICAST_LOOP, IPPROTO_ICMP,
	"IP_TTL", "IP_TOS", "IP_MTU_DISCOVER", "IP_RECVERR",
	"IP_MULTICAST_LOOP",
};
static const struct fam fam6 = {
	IPPROTO_IPV6, IPV6_UNICAST_HOPS, IPV6_MULTICAST_HOPS, IPV6_TCLASS,
	IPV6_MTU_DISCOVER, IPV6_RECVERR, IPV6_RECVHOPLIMIT, IPV6_HOPLIMIT,
	IPV6_MULTICAST_LOOP, IPPROTO_ICMPV6,
	"IPV6_UNICAST_HOPS", "IPV6_TCLASS", "IPV6_MTU_DISCOVER",
	"IPV6_RECVERR", "IPV6_MULTICAST_LOOP",
};

static const struct fam *
fam_of(int af)
{
	switch (af) {
	case AF_INET:
		return &fam4;
	case AF_INET6:
		return &fam6;
	default:
		return NULL;
	}
}

static int
setint(int fd, int level, int name, int v)
{
	return setsockopt(fd, level, name, &v, sizeof(v));
}

/* Fail the open: one line naming the option and the errno's meaning. */
static int
opt_fail(struct sock *s, const char *what, char *err, size_t errlen)
{
	int e = errno;

	snprintf(err, errlen, "%s: %s", what, strerror(e));
	close(s->fd);
	s->fd = -1;
	errno = e;
	return -1;
}

/* net.ipv4.ping_group_range as text ("1 0"), for the EACCES message. */
static void
ping_group_range(char *buf, size_t len)
{
	FILE *fp = fopen("/proc/sys/net/ipv4/ping_group_range", "re");

	snprintf(buf, len, "?");
	if (fp == NULL)
		return;
	if (fgets(buf, (int)len, fp) != NULL)
		buf[strcspn(buf, "\n")] = '\0';
	for (char *p = buf; *p != '\0'; p++)
		if (*p == '\t')
			*p = ' ';
	fclose(fp);
}

/* socket(2) with the open-failure message; -1 with err set. */
static int
open_fd(int af, int type, int proto, char *err, size_t errlen)
{
	char range[64];
	int fd, e;

	fd = socket(af, type | SOCK_CLOEXEC, proto);
	if (fd != -1)
		return fd;
	e = errno;
	if (e == EACCES && type == SOCK_DGRAM && proto != IPPROTO_UDP) {
		/* ICMP datagram sockets: the group is outside the range */
		ping_group_range(range, sizeof(range));
		snprintf(err, errlen, "socket: %s (group %ld is not in "
		    "net.ipv4.ping_group_range \"%s\"; widen it, or run as "
		    "root / with cap_net_raw)", strerror(e), (long)getgid(),
		    range);
	} else if (e == EPERM && type == SOCK_RAW) {
		snprintf(err, errlen, "socket: %s (raw sockets need root or "
		    "cap_net_raw)", strerror(e));
	} else
		snprintf(err, errlen, "socket: %s", strerror(e));
	errno = e;
	return -1;
}

/* Pick and open the socket type; sets s->fd and s->kind. */
static int
open_kind(struct sock *s, const struct sock_opts *o, const struct fam *f,
    char *err, size_t errlen)
{
	bool icmp = o->proto == f->icmp_proto;
	bool udp = o->proto == IPPROTO_UDP || o->proto == IPPROTO_UDPLITE;
	char rawerr[160] = "";
	int e;

	if (o->pref == SOCK_PREF_STREAM) {
		s->kind = SOCK_STREAM_TCP;
		s->fd = open_fd(o->af, SOCK_STREAM | SOCK_NONBLOCK,
		    IPPROTO_TCP, err, errlen);
		return s->fd;
	}
	if (o->pref != SOCK_PREF_DGRAM) {
		s->fd = open_fd(o->af, SOCK_RAW, o->proto, err, errlen);
		s->kind = icmp ? SOCK_RAW_ICMP : SOCK_RAW_PROTO;
		if (s->fd != -1 || o->pref == SOCK_PREF_RAW ||
		    (errno != EPERM && errno != EACCES))
			return s->fd;
		snprintf(rawerr, sizeof(rawerr), "%s", err);
	}
	if (!icmp && !udp) {
		snprintf(err, errlen, "socket: %s (probes of protocol %d need "
		    "raw sockets: root or cap_net_raw)", strerror(EPERM),
		    o->proto);
		errno = EPERM;
		return -1;
	}
	s->fd = open_fd(o->af, SOCK_DGRAM, o->proto, err, errlen);
	s->kind = icmp ? SOCK_DGRAM_ICMP : SOCK_DGRAM_UDP;
	/* no ping sockets in this kernel: the raw refusal is the reason */
	if (s->fd == -1 && rawerr[0] != '\0' && errno != EACCES) {
		e = errno;
		snprintf(err, errlen, "%s", rawerr);
		errno = e;
	}
	return s->fd;
}

/* Raw ICMP: let only echo replies and errors through the kernel filter. */
static int
set_filter(struct sock *s, bool ni)
{
	if (s->af == AF_INET) {
		struct icmp_filter filt;

		/* a set bit blocks that type */
		filt.data = ~(uint32_t)(1u << ICMP_ECHOREPLY |
		    1u << ICMP_DEST_UNREACH | 1u << ICMP_SOURCE_QUENCH |
		    1u << ICMP_REDIRECT | 1u << ICMP_TIME_EXCEEDED |
		    1u << ICMP_PARAMETERPROB | 1u << ICMP_TIMESTAMPREPLY |
		    1u << ICMP_ADDRESSREPLY);
		return setsockopt(s->fd, SOL_RAW, ICMP_FILTER, &filt,
		    sizeof(filt));
	} else {
		struct icmp6_filter filt;

		/* echo requests (ours, looped back) stay blocked */
		ICMP6_FILTER_SETBLOCKALL(&filt);
		ICMP6_FILTER_SETPASS(ICMP6_ECHO_REPLY, &filt);
		ICMP6_FILTER_SETPASS(ICMP6_DST_UNREACH, &filt);
		ICMP6_FILTER_SETPASS(ICMP6_PACKET_TOO_BIG, &filt);
		ICMP6_FILTER_SETPASS(ICMP6_TIME_EXCEEDED, &filt);
		ICMP6_FILTER_SETPASS(ICMP6_PARAM_PROB, &filt);
		if (ni)		/* RFC 4620 4.: Node Information reply */
			ICMP6_FILTER_SETPASS(140, &filt);
		return setsockopt(s->fd, IPPROTO_ICMPV6, ICMP6_FILTER, &filt,
		    sizeof(filt));
	}
}

/*
 * IPv6 flow label: best effort, at the first send (the flow label manager
 * wants the destination). Shared (IPV6_FL_S_ANY) so a second run within
 * the kernel's linger time may take the same label again (EPERM with
 * IPV6_FL_S_EXCL).
 */
static void
get_flowlabel(struct sock *s, const struct addr *dst)
{
	struct sock_flr fr;

	s->flowlabel_tried = true;
	if (dst->af != AF_INET6)
		return;
	memset(&fr, 0, sizeof(fr));
	memcpy(&fr.flr_dst, &dst->u.v6, sizeof(fr.flr_dst));
	fr.flr_label = htonl(s->flowlabel & SOCK_FLOWLABEL_MASK);
	fr.flr_action = SOCK_FL_A_GET;
	fr.flr_flags = SOCK_FL_F_CREATE;
	fr.flr_share = SOCK_FL_S_ANY;
	if (setsockopt(s->fd, IPPROTO_IPV6, IPV6_FLOWLABEL_MGR, &fr,
	    sizeof(fr)) == -1)
		return;
	if (setint(s->fd, IPPROTO_IPV6, IPV6_FLOWINFO_SEND, 1) == -1)
		return;
	s->flowlabel_ok = true;
}

/* Device, mark, bind, and the local id/port the kernel gave us. */
static int
set_binding(struct sock *s, const struct sock_opts *o, char *err,
    size_t errlen)
{
	struct sockaddr_storage ss;
	struct addr any;
	socklen_t sl;
	char what[96];
	bool dgram = s->kind == SOCK_DGRAM_ICMP || s->kind == SOCK_DGRAM_UDP;
	bool ports = dgram || s->kind == SOCK_STREAM_TCP;

	if (o->device != NULL && o->device[0] != '\0' &&
	    setsockopt(s->fd, SOL_SOCKET, SO_BINDTODEVICE, o->device,
	    (socklen_t)strlen(o->device) + 1) == -1) {
		snprintf(what, sizeof(what), "SO_BINDTODEVICE %s", o->device);
		return opt_fail(s, what, err, errlen);
	}
	if (o->mark != 0 &&
	    setsockopt(s->fd, SOL_SOCKET, SO_MARK, &o->mark,
	    sizeof(o->mark)) == -1) {
		snprintf(what, sizeof(what), "SO_MARK %u", o->mark);
		return opt_fail(s, what, err, errlen);
	}
	/* datagram sockets are always bound so local_id is known at once
	 * (a ping socket's port is the echo id the kernel writes), unless
	 * the caller binds later (sock_bind) */
	if (o->defer_bind || (o->src.af == 0 && !dgram &&
	    (!ports || o->sport == 0)))
		return 0;
	/* a fixed local port of a connecting socket: the one before it may
	 * still hold it (reset, never TIME_WAIT: sock_close) */
	if (s->kind == SOCK_STREAM_TCP)
		(void)setint(s->fd, SOL_SOCKET, SO_REUSEADDR, 1);
	memset(&any, 0, sizeof(any));
	any.af = s->af;
	/* raw sockets: the kernel rejects a port in IPv6 raw addresses */
	sl = addr_to_sa(o->src.af != 0 ? &o->src : &any,
	    ports ? o->sport : 0, &ss);
	if (sl == 0 || bind(s->fd, (struct sockaddr *)&ss, sl) == -1) {
		char a[ADDR_STRLEN];

		if (sl == 0)
			errno = EAFNOSUPPORT;
		snprintf(what, sizeof(what), "bind %s",
		    addr_ntop(o->src.af != 0 ? &o->src : &any, a, sizeof(a)));
		return opt_fail(s, what, err, errlen);
	}
	sl = sizeof(ss);
	if (dgram && getsockname(s->fd, (struct sockaddr *)&ss, &sl) == 0)
		s->local_id = ntohs(ss.ss_family == AF_INET6 ?
		    ((struct sockaddr_in6 *)&ss)->sin6_port :
		    ((struct sockaddr_in *)&ss)->sin_port);
	return 0;
}

/* Hop limit, TOS, PMTU mode, options, filters, receive ancillary data. */
static int
set_ip_opts(struct sock *s, const struct sock_opts *o, const struct fam *f,
    char *err, size_t errlen)
{
	if (o->ttl > 0 && sock_set_ttl(s, o->ttl) == -1)
		return opt_fail(s, f->ttl_name, err, errlen);
	if (o->tos >= 0 && setint(s->fd, f->level, f->tos, o->tos) == -1)
		return opt_fail(s, f->tos_name, err, errlen);
	if (o->pmtudisc >= 0 &&
	    setint(s->fd, f->level, f->pmtu, o->pmtudisc) == -1)
		return opt_fail(s, f->pmtu_name, err, errlen);
	if (o->ipoptlen > 0) {
		if (s->af != AF_INET)
			errno = EAFNOSUPPORT;
		if (s->af != AF_INET || setsockopt(s->fd, IPPROTO_IP,
		    IP_OPTIONS, o->ipopt, (socklen_t)o->ipoptlen) == -1)
			return opt_fail(s, "IP_OPTIONS", err, errlen);
	}
	/* datagram sockets learn of ICMP errors only through the queue */
	if ((o->recverr || s->kind == SOCK_DGRAM_ICMP ||
	    s->kind == SOCK_DGRAM_UDP || s->kind == SOCK_STREAM_TCP) &&
	    setint(s->fd, f->level, f->recverr, 1) == -1)
		return opt_fail(s, f->recverr_name, err, errlen);
	if (o->echo_filter && s->kind == SOCK_RAW_ICMP &&
	    set_filter(s, o->ni_filter) == -1)
		return opt_fail(s, s->af == AF_INET ? "ICMP_FILTER" :
		    "ICMP6_FILTER", err, errlen);
	if (o->broadcast && setint(s->fd, SOL_SOCKET, SO_BROADCAST, 1) == -1)
		return opt_fail(s, "SO_BROADCAST", err, errlen);
	if (o->dontroute && setint(s->fd, SOL_SOCKET, SO_DONTROUTE, 1) == -1)
		return opt_fail(s, "SO_DONTROUTE", err, errlen);
	if (o->debug && setint(s->fd, SOL_SOCKET, SO_DEBUG, 1) == -1)
		return opt_fail(s, "SO_DEBUG", err, errlen);
	if (o->mcast_noloop &&
	    setint(s->fd, f->level, f->mcast_loop, 0) == -1)
		return opt_fail(s, f->mcast_loop_name, err, errlen);
	/* a ping socket hands the reply's IPv4 options over as a cmsg */
	if (o->ipoptlen > 0 && s->kind == SOCK_DGRAM_ICMP &&
	    setint(s->fd, IPPROTO_IP, IP_RECVOPTS, 1) == -1)
		return opt_fail(s, "IP_RECVOPTS", err, errlen);
	if (o->udplite_cscov > 0 && setint(s->fd, IPPROTO_UDPLITE,
	    UDPLITE_SEND_CSCOV, o->udplite_cscov) == -1)
		return opt_fail(s, "UDPLITE_SEND_CSCOV", err, errlen);
	/* best effort: without them we fall back to user-space time / -1 */
	(void)setint(s->fd, SOL_SOCKET, SO_TIMESTAMPNS, 1);
	(void)setint(s->fd, f->level, f->recvttl, 1);
	if (o->sndbuf > 0)
		(void)setint(s->fd, SOL_SOCKET, SO_SNDBUF, o->sndbuf);
	/* past net.core.rmem_max when we may (CAP_NET_ADMIN): a loaded
	 * machine that runs us late must not drop what came meanwhile */
	if (o->rcvbuf > 0 &&
	    setint(s->fd, SOL_SOCKET, SO_RCVBUFFORCE, o->rcvbuf) == -1)
		(void)setint(s->fd, SOL_SOCKET, SO_RCVBUF, o->rcvbuf);
	if (s->af == AF_INET6)
		s->flowlabel = o->flowlabel & SOCK_FLOWLABEL_MASK;
	return 0;
}

int
sock_open(struct sock *s, const struct sock_opts *o, char *err,
    size_t errlen)
{
	const struct fam *f = fam_of(o->af);

	memset(s, 0, sizeof(*s));
	s->fd = -1;
	s->af = o->af;
	s->proto = o->proto;
	if (f == NULL) {
		snprintf(err, errlen, "socket: %s", strerror(EAFNOSUPPORT));
		errno = EAFNOSUPPORT;
		return -1;
	}
	if (open_kind(s, o, f, err, errlen) == -1)
		return -1;
	if (set_binding(s, o, err, errlen) == -1)
		return -1;
	if (set_ip_opts(s, o, f, err, errlen) == -1)
		return -1;
	return 0;
}

int
sock_set_ttl(struct sock *s, int ttl)
{
	const struct fam *f = fam_of(s->af);

	if (f == NULL) {
		errno = EAFNOSUPPORT;
		return -1;
	}
	if (setint(s->fd, f->level, f->ttl, ttl) == -1)
		return -1;
	/* multicast destinations use their own limit (ping -t to 224/8) */
	(void)setint(s->fd, f->level, f->mcast_ttl, ttl);
	return 0;
}

#ifndef IPV6_HDRINCL
#define IPV6_HDRINCL	36	/* linux/in6.h, Linux 4.5 */
#endif

int
sock_set_hdrincl6(struct sock *s)
{
	if (s->af != AF_INET6 || s->kind != SOCK_RAW_PROTO) {
		errno = EINVAL;
		return -1;
	}
	return setint(s->fd, IPPROTO_IPV6, IPV6_HDRINCL, 1);
}

int
sock_get_pmtudisc(const struct sock *s)
{
	const struct fam *f = fam_of(s->af);
	socklen_t len;
	int v;

	if (f == NULL) {
		errno = EAFNOSUPPORT;
		return -1;
	}
	len = sizeof(v);
	if (getsockopt(s->fd, f->level, f->pmtu, &v, &len) == -1)
		return -1;
	return v;
}

int
sock_set_pmtudisc(struct sock *s, int mode)
{
	const struct fam *f = fam_of(s->af);

	if (f == NULL) {
		errno = EAFNOSUPPORT;
		return -1;
	}
	return setint(s->fd, f->level, f->pmtu, mode);
}

/*
 * errno values the kernel converts ICMP errors to (icmp_err_convert,
 * icmpv6_err_convert) and, with IP_RECVERR, also reports once as sk_err on
 * the socket's next send or receive: they describe an earlier datagram,
 * whose full record waits on the error queue, not the call that got them.
 * EMSGSIZE is left out: a send refused locally queues one record per try.
 */
static bool
pending_icmp_error(int e)
{
	return e == EHOSTUNREACH || e == ENETUNREACH || e == ECONNREFUSED ||
	    e == EPROTO || e == EACCES || e == EPERM || e == EHOSTDOWN ||
	    e == ENONET || e == ENOPROTOOPT || e == ETIMEDOUT;
}

ssize_t
sock_send(struct sock *s, const void *buf, size_t len,
    const struct addr *dst, uint16_t port)
{
	struct sockaddr_storage ss;
	socklen_t sl;
	ssize_t n = -1;

	/* raw IPv6 refuses a port other than 0 / its protocol; the ICMP
	 * kinds have none */
	if (s->kind != SOCK_DGRAM_UDP)
		port = 0;
	sl = addr_to_sa(dst, port, &ss);
	if (sl == 0) {
		errno = EAFNOSUPPORT;
		return -1;
	}
	if (s->flowlabel != 0 && !s->flowlabel_tried)
		get_flowlabel(s, dst);
	if (ss.ss_family == AF_INET6 && s->flowlabel_ok)
		((struct sockaddr_in6 *)&ss)->sin6_flowinfo =
		    htonl(s->flowlabel);
	/* an error pending from an earlier datagram fails this call once:
	 * send again (a refusal of this datagram fails every try) */
	for (int i = 0; i < 4; i++) {
		n = sendto(s->fd, buf, len, 0, (struct sockaddr *)&ss, sl);
		if (n >= 0 || !pending_icmp_error(errno))
			break;
	}
	return n;
}

/* Copy the extended error (and offender) out of an IP(V6)_RECVERR cmsg. */
static void
take_errq(const struct sock *s, const struct cmsghdr *c, struct rx *rx)
{
	struct sock_extended_err ee;
	struct sockaddr_storage off;
	size_t dlen, olen;

	if (c->cmsg_len < CMSG_LEN(sizeof(ee)))
		return;
	dlen = c->cmsg_len - CMSG_LEN(0);
	memcpy(&ee, CMSG_DATA(c), sizeof(ee));
	memset(&rx->err, 0, sizeof(rx->err));
	rx->err.af = s->af;
	rx->err.origin = ee.ee_origin;
	rx->err.type = ee.ee_type;
	rx->err.code = ee.ee_code;
	rx->err.info = ee.ee_info;
	rx->err.err = (int)ee.ee_errno;
	rx->err.proto = (uint8_t)s->proto;
	/* SO_EE_OFFENDER: a sockaddr right after the record, if it fits */
	olen = dlen - sizeof(ee);
	if (olen > sizeof(off))
		olen = sizeof(off);
	memset(&off, 0, sizeof(off));
	memcpy(&off, CMSG_DATA(c) + sizeof(ee), olen);
	if (olen >= sizeof(sa_family_t) &&
	    addr_from_sa(&rx->err.offender, (struct sockaddr *)&off,
	    (socklen_t)olen))
		rx->from = rx->err.offender;
	else
		memset(&rx->err.offender, 0, sizeof(rx->err.offender));
}

/* Walk the ancillary data; returns the kernel stamp (ns) or -1. */
static int64_t
take_cmsgs(const struct sock *s, struct msghdr *m, struct rx *rx)
{
	int64_t t_kernel = -1;
	struct timespec ts;
	int v;

	const uint8_t *end = (const uint8_t *)m->msg_control +
	    m->msg_controllen;

	for (struct cmsghdr *c = CMSG_FIRSTHDR(m); c != NULL;
	    c = CMSG_NXTHDR(m, c)) {
		/* the kernel cuts cmsg_len to the buffer (MSG_CTRUNC); check
		 * anyway before reading what it claims */
		if (c->cmsg_len < CMSG_LEN(0) ||
		    c->cmsg_len > (size_t)(end - (const uint8_t *)c))
			break;
		if (c->cmsg_level == SOL_SOCKET &&
		    c->cmsg_type == SCM_TIMESTAMPNS &&
		    c->cmsg_len >= CMSG_LEN(sizeof(ts))) {
			memcpy(&ts, CMSG_DATA(c), sizeof(ts));
			t_kernel = clock_ts_to_ns(&ts);
		} else if (((c->cmsg_level == IPPROTO_IP &&
		    c->cmsg_type == IP_TTL) ||
		    (c->cmsg_level == IPPROTO_IPV6 &&
		    c->cmsg_type == IPV6_HOPLIMIT)) &&
		    c->cmsg_len >= CMSG_LEN(sizeof(v))) {
			memcpy(&v, CMSG_DATA(c), sizeof(v));
			rx->ttl = v;
		} else if (c->cmsg_level == IPPROTO_IP &&
		    c->cmsg_type == IP_RECVOPTS) {
			/* the options as they arrived (ip_cmsg_recv_opts) */
			size_t n = c->cmsg_len - CMSG_LEN(0);

			rx->ipoptlen = n < sizeof(rx->ipopt) ? n :
			    sizeof(rx->ipopt);
			memcpy(rx->ipopt, CMSG_DATA(c), rx->ipoptlen);
		} else if ((c->cmsg_level == IPPROTO_IP &&
		    c->cmsg_type == IP_RECVERR) ||
		    (c->cmsg_level == IPPROTO_IPV6 &&
		    c->cmsg_type == IPV6_RECVERR)) {
			take_errq(s, c, rx);
		}
	}
	return t_kernel;
}

/* Room for every ancillary message we ask for, per datagram. */
#define SOCK_CTLLEN	512
#define SOCK_BATCH	64

/* Fill rx from one received message (n bytes, m's name and control). */
static inline void
take_msg(const struct sock *s, struct msghdr *m, ssize_t n, bool errq,
    struct rx *rx, int64_t now)
{
	struct sockaddr *from = m->msg_name;

	rx->t_rx = now;
	rx->len = (size_t)n > rx->cap ? rx->cap : (size_t)n;
	rx->truncated = (m->msg_flags & MSG_TRUNC) != 0;
	rx->ttl = -1;
	rx->ipoptlen = 0;
	rx->is_err = errq;
	memset(&rx->err, 0, sizeof(rx->err));
	memset(&rx->from, 0, sizeof(rx->from));
	if (!errq)
		(void)addr_from_sa(&rx->from, from, m->msg_namelen);
	/* kept as it is: mapping it onto CLOCK_MONOTONIC here would need a
	 * second clock read, and a stall between the two would be taken
	 * off the RTT (clock_rtt_ns compares it with the send's real time) */
	rx->t_kernel = take_cmsgs(s, m, rx);
	/* an error-queue read names the quoted datagram's destination */
	if (errq && rx->is_err &&
	    addr_from_sa(&rx->err.dst, from, m->msg_namelen))
		rx->err.dst_port = ntohs(from->sa_family == AF_INET6 ?
		    ((struct sockaddr_in6 *)(void *)from)->sin6_port :
		    ((struct sockaddr_in *)(void *)from)->sin_port);
}

int
sock_recv_many(struct sock *s, struct rx *rx, size_t n, bool errq)
{
	union {
		struct cmsghdr	align;
		uint8_t		buf[SOCK_CTLLEN];
	} ctl[SOCK_BATCH];
	struct sockaddr_storage from[SOCK_BATCH];
	struct iovec iov[SOCK_BATCH];
	struct mmsghdr mm[SOCK_BATCH];
	int64_t now;
	int got;

	if (n > SOCK_BATCH)
		n = SOCK_BATCH;
	for (size_t i = 0; i < n; i++) {
		iov[i].iov_base = rx[i].buf;
		iov[i].iov_len = rx[i].cap;
		memset(&mm[i], 0, sizeof(mm[i]));
		mm[i].msg_hdr.msg_name = &from[i];
		mm[i].msg_hdr.msg_namelen = sizeof(from[i]);
		mm[i].msg_hdr.msg_iov = &iov[i];
		mm[i].msg_hdr.msg_iovlen = 1;
		mm[i].msg_hdr.msg_control = ctl[i].buf;
		mm[i].msg_hdr.msg_controllen = sizeof(ctl[i].buf);
	}
	got = recvmmsg(s->fd, mm, (unsigned)n,
	    MSG_DONTWAIT | (errq ? MSG_ERRQUEUE : 0), NULL);
	/* a pending ICMP error: its record is on the error queue */
	if (got == -1)
		return errno == EAGAIN || errno == EWOULDBLOCK ||
		    errno == EINTR || (!errq && pending_icmp_error(errno)) ?
		    0 : -1;
	now = clock_mono_ns();
	for (int i = 0; i < got; i++)
		take_msg(s, &mm[i].msg_hdr, (ssize_t)mm[i].msg_len, errq,
		    &rx[i], now);
	return got;
}

/* One message: the same as sock_recv_many(s, rx, 1, errq) without the
 * batch's arrays (the per-echo path of ping -f). */
int
sock_recv(struct sock *s, struct rx *rx, bool errq)
{
	union {
		struct cmsghdr	align;
		uint8_t		buf[SOCK_CTLLEN];
	} ctl;
	struct sockaddr_storage from;
	struct iovec iov = { rx->buf, rx->cap };
	struct msghdr m;
	ssize_t n;

	memset(&m, 0, sizeof(m));
	m.msg_name = &from;
	m.msg_namelen = sizeof(from);
	m.msg_iov = &iov;
	m.msg_iovlen = 1;
	m.msg_control = ctl.buf;
	m.msg_controllen = sizeof(ctl.buf);
	n = recvmsg(s->fd, &m, MSG_DONTWAIT | (errq ? MSG_ERRQUEUE : 0));
	if (n == -1)
		return errno == EAGAIN || errno == EWOULDBLOCK ||
		    errno == EINTR || (!errq && pending_icmp_error(errno)) ?
		    0 : -1;
	take_msg(s, &m, n, errq, rx, clock_mono_ns());
	return 1;
}

/* One queue of s in batches (recvmmsg). */
int
sock_drain_batch(struct sock *s, const struct sock_rxq *q, bool errq,
    size_t max, bool *stop)
{
	struct rx rx[SOCK_BATCH];
	size_t nbuf = q->nbuf > SOCK_BATCH ? SOCK_BATCH : q->nbuf, done = 0;
	int n;

	while (done < max && !*stop) {
		size_t want = nbuf < max - done ? nbuf : max - done;

		for (size_t i = 0; i < want; i++) {
			rx[i].buf = q->buf + i * q->slot;
			rx[i].cap = q->slot;
		}
		if ((n = sock_recv_many(s, rx, want, errq)) <= 0)
			return n < 0 && done == 0 ? -1 : (int)done;
		for (int i = 0; i < n && !*stop; i++)
			*stop = !q->fn(q->ctx, &rx[i]);
		done += (size_t)n;
		if ((size_t)n < want)
			break;	/* the queue is empty */
	}
	return (int)done;
}

int
sock_send_many(struct sock *s, const struct sock_msg *msg, size_t n)
{
	struct sockaddr_storage ss[SOCK_BATCH];
	struct iovec iov[SOCK_BATCH];
	struct mmsghdr mm[SOCK_BATCH];
	size_t k = 0;
	int sent;

	if (n > SOCK_BATCH)
		n = SOCK_BATCH;
	for (size_t i = 0; i < n; i++) {
		socklen_t sl = addr_to_sa(msg[i].dst, s->kind ==
		    SOCK_DGRAM_UDP ? msg[i].port : 0, &ss[k]);

		if (sl == 0)
			continue;
		iov[k].iov_base = (void *)msg[i].buf;
		iov[k].iov_len = msg[i].len;
		memset(&mm[k], 0, sizeof(mm[k]));
		mm[k].msg_hdr.msg_name = &ss[k];
		mm[k].msg_hdr.msg_namelen = sl;
		mm[k].msg_hdr.msg_iov = &iov[k];
		mm[k].msg_hdr.msg_iovlen = 1;
		k++;
	}
	if (k == 0) {
		errno = EAFNOSUPPORT;
		return -1;
	}
	sent = sendmmsg(s->fd, mm, (unsigned)k, 0);
	/* an error pending from an earlier datagram fails the first send
	 * once (as in sock_send): try again */
	if (sent == -1 && pending_icmp_error(errno))
		sent = sendmmsg(s->fd, mm, (unsigned)k, 0);
	return sent;
}

int
sock_source_for(int af, const struct addr *dst, const char *device,
    bool dontroute, struct addr *src)
{
	struct sockaddr_storage ss;
	socklen_t sl;
	int fd, e, rc = -1;

	/* connect() on UDP only picks a route and a source: no packet */
	sl = addr_to_sa(dst, 1025, &ss);
	if (sl == 0 || dst->af != af) {
		errno = EAFNOSUPPORT;
		return -1;
	}
	if ((fd = socket(af, SOCK_DGRAM | SOCK_CLOEXEC, 0)) == -1)
		return -1;
	/* best effort: the route through that device (a link-local or
	 * multicast destination has no other) */
	if (device != NULL && device[0] != '\0')
		(void)setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, device,
		    (socklen_t)strlen(device) + 1);
	if (dontroute)
		(void)setint(fd, SOL_SOCKET, SO_DONTROUTE, 1);
	if (connect(fd, (struct sockaddr *)&ss, sl) == 0) {
		sl = sizeof(ss);
		if (getsockname(fd, (struct sockaddr *)&ss, &sl) == 0 &&
		    addr_from_sa(src, (struct sockaddr *)&ss, sl))
			rc = 0;
	}
	e = errno;
	close(fd);
	errno = e;
	return rc;
}

int
sock_connect_start(struct sock *s, const struct sock_opts *o,
    const struct addr *dst, uint16_t dport, char *err, size_t errlen)
{
	struct sockaddr_storage ss;
	socklen_t sl;

	if (o->pref != SOCK_PREF_STREAM) {
		snprintf(err, errlen, "socket: not a stream");
		errno = EINVAL;
		return -1;
	}
	if (sock_open(s, o, err, errlen) == -1)
		return -1;
	sl = addr_to_sa(dst, dport, &ss);
	if (sl != 0 && (connect(s->fd, (struct sockaddr *)&ss, sl) == 0 ||
	    errno == EINPROGRESS))
		return 0;
	if (sl == 0)
		errno = EAFNOSUPPORT;
	/* refused at once (a local peer): the state says so */
	if (errno == ECONNREFUSED)
		return 0;
	snprintf(err, errlen, "connect: %s", strerror(errno));
	sock_close(s);
	return -1;
}

int
sock_bind(struct sock *s, const struct addr *src, uint16_t port)
{
	struct sockaddr_storage ss;
	socklen_t sl = addr_to_sa(src, s->kind == SOCK_DGRAM_ICMP ||
	    s->kind == SOCK_DGRAM_UDP ? port : 0, &ss);

	if (sl == 0) {
		errno = EAFNOSUPPORT;
		return -1;
	}
	if (bind(s->fd, (struct sockaddr *)&ss, sl) == -1)
		return -1;
	if (s->kind == SOCK_DGRAM_ICMP || s->kind == SOCK_DGRAM_UDP)
		s->local_id = sock_local_port(s);
	return 0;
}

int
sock_connect_to(struct sock *s, const struct addr *dst)
{
	struct sockaddr_storage ss;
	socklen_t sl = addr_to_sa(dst, 0, &ss);

	if (sl == 0) {
		errno = EAFNOSUPPORT;
		return -1;
	}
	return connect(s->fd, (struct sockaddr *)&ss, sl);
}

uint16_t
sock_local_port(const struct sock *s)
{
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(ss);

	if (getsockname(s->fd, (struct sockaddr *)&ss, &sl) == -1)
		return 0;
	return ntohs(ss.ss_family == AF_INET6 ?
	    ((struct sockaddr_in6 *)&ss)->sin6_port :
	    ((struct sockaddr_in *)&ss)->sin_port);
}

int
sock_connect_state(const struct sock *s)
{
	struct pollfd p = { s->fd, POLLOUT, 0 };
	socklen_t sl = sizeof(int);
	int e = 0;

	/* the error of a failed connect (read after the error queue: an
	 * ICMP error's record stays there) */
	if (getsockopt(s->fd, SOL_SOCKET, SO_ERROR, &e, &sl) == 0 && e != 0) {
		errno = e;
		return -1;
	}
	if (poll(&p, 1, 0) <= 0)
		return 0;
	if (p.revents & (POLLERR | POLLHUP)) {
		errno = ECONNRESET;
		return -1;
	}
	return (p.revents & POLLOUT) ? 1 : 0;
}

int
sock_path_mtu(const struct addr *dst, const char *device)
{
	struct sockaddr_storage ss;
	socklen_t sl = addr_to_sa(dst, 1025, &ss);
	int fd, mtu = -1;
	socklen_t ml = sizeof(mtu);

	if (sl == 0 || (fd = socket(dst->af, SOCK_DGRAM | SOCK_CLOEXEC,
	    0)) == -1)
		return -1;
	if (device != NULL && device[0] != '\0')
		(void)setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, device,
		    (socklen_t)strlen(device) + 1);
	if (connect(fd, (struct sockaddr *)&ss, sl) == -1 ||
	    getsockopt(fd, dst->af == AF_INET ? IPPROTO_IP : IPPROTO_IPV6,
	    dst->af == AF_INET ? IP_MTU : IPV6_MTU, &mtu, &ml) == -1)
		mtu = -1;
	close(fd);
	return mtu;
}

void
sock_close(struct sock *s)
{
	if (s->kind == SOCK_STREAM_TCP && s->fd >= 0) {
		/* a reset, not a FIN: no TIME_WAIT holding the port */
		struct linger l = { 1, 0 };

		(void)setsockopt(s->fd, SOL_SOCKET, SO_LINGER, &l, sizeof(l));
	}
	if (s->fd >= 0)
		close(s->fd);
	s->fd = -1;
}
