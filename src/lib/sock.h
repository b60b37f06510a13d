/*
 * sock.h: the edge where bytes meet the kernel. Opens a raw socket when the
 * process may, else an unprivileged one (ICMP datagram socket, or UDP with
 * IP_RECVERR); sets TTL/hop limit, TOS/traffic class, PMTU mode, IPv4
 * options, SO_TIMESTAMPNS, ICMP filters, bind/device/mark; sends; receives
 * one datagram or one error-queue record into struct rx. Only sock_open*
 * needs privilege; everything else works after priv_drop().
 */
#ifndef ICMPTOOLS_SOCK_H
#define ICMPTOOLS_SOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "addr.h"
#include "parse.h"

enum sock_kind {
	SOCK_RAW_ICMP,		/* raw ICMP/ICMPv6: we see every message */
	SOCK_DGRAM_ICMP,	/* ping socket: kernel owns id, errors via
				 * the error queue */
	SOCK_DGRAM_UDP,		/* UDP + IP_RECVERR (traceroute) */
	SOCK_RAW_PROTO,		/* raw socket of another protocol (UDP/TCP
				 * probes we build ourselves) */
	SOCK_STREAM_TCP,	/* a non-blocking TCP socket that connects
				 * (traceroute -M tcpconn), IP_RECVERR */
};

enum sock_pref {
	SOCK_PREF_ANY = 0,	/* raw if permitted, else datagram */
	SOCK_PREF_RAW,		/* raw or fail */
	SOCK_PREF_DGRAM,	/* datagram only */
	SOCK_PREF_STREAM,	/* TCP stream (proto IPPROTO_TCP) */
};

struct sock_opts {
	int		 af;		/* AF_INET or AF_INET6 */
	int		 proto;		/* IPPROTO_ICMP(V6), IPPROTO_UDP(LITE),
					 * a raw socket's any protocol */
	enum sock_pref	 pref;
	int		 ttl;		/* 0: kernel default */
	int		 tos;		/* -1: default */
	int		 pmtudisc;	/* -1: default, else IP_PMTUDISC_* */
	const char	*device;	/* SO_BINDTODEVICE, NULL for none */
	struct addr	 src;		/* bind address (af 0: none) */
	uint16_t	 sport;		/* bind port (UDP/TCP; a ping socket's echo
					 * id), 0: any */
	uint32_t	 mark;		/* SO_MARK, 0: none */
	uint32_t	 flowlabel;	/* IPv6 flow label, 0: none */
	bool		 broadcast;	/* SO_BROADCAST */
	bool		 dontroute;	/* SO_DONTROUTE: attached networks only */
	bool		 debug;		/* SO_DEBUG (needs CAP_NET_ADMIN) */
	int		 sndbuf, rcvbuf;/* 0: default */
	const uint8_t	*ipopt;		/* IPv4 options (RR/TS/LSRR) */
	size_t		 ipoptlen;
	bool		 recverr;	/* IP_RECVERR / IPV6_RECVERR */
	bool		 echo_filter;	/* raw: ICMP_FILTER / ICMP6_FILTER
					 * to echo replies + errors */
	bool		 ni_filter;	/* with echo_filter, IPv6: Node
					 * Information replies (140) too */
	int		 udplite_cscov;	/* UDP-Lite: checksum coverage, 0: all */
	bool		 mcast_noloop;	/* IP(V6)_MULTICAST_LOOP off */
	bool		 defer_bind;	/* no bind at open (sock_bind later) */
};

struct sock {
	int		 fd;
	int		 af;
	int		 proto;
	enum sock_kind	 kind;
	uint16_t	 local_id;	/* DGRAM_ICMP: id the kernel stamps;
					 * UDP: bound source port */
	/* IPv6 flow label (sock_opts.flowlabel, 0: none). The kernel's
	 * flow label manager needs the destination, so the first sock_send
	 * asks for it; flowlabel_ok says it was granted (best effort: if
	 * not, packets go out with the kernel's own label). */
	uint32_t	 flowlabel;
	bool		 flowlabel_ok;
	bool		 flowlabel_tried;
};

/* One received datagram or error-queue record. */
struct rx {
	uint8_t		*buf;		/* caller's buffer */
	size_t		 cap;		/* its size */
	size_t		 len;		/* bytes received */
	bool		 truncated;	/* MSG_TRUNC: larger than cap */
	int64_t		 t_rx;		/* CLOCK_MONOTONIC read right after
					 * the receive: an upper bound of
					 * the arrival */
	int64_t		 t_kernel;	/* the kernel's receive stamp
					 * (CLOCK_REALTIME, SO_TIMESTAMPNS),
					 * -1: none; see clock_rtt_ns() */
	int		 ttl;		/* IP_TTL / hop limit, -1 unknown */
	uint8_t		 ipopt[40];	/* IPv4 options of the datagram, from
					 * a ping socket (IP_RECVOPTS) */
	size_t		 ipoptlen;
	struct addr	 from;		/* sender (for errq: the offender) */
	bool		 is_err;	/* from the error queue */
	struct errq_rec	 err;		/* valid when is_err */
};

/*
 * Open one socket per *o (privileged step). On failure returns -1 and
 * writes a one-line reason naming the errno's meaning to err; when raw is
 * refused and datagram is allowed but ping_group_range excludes us, the
 * reason says so (iputils' explanation).
 */
int	sock_open(struct sock *s, const struct sock_opts *o, char *err,
	    size_t errlen);
/*
 * SOCK_STREAM_TCP: open a socket per o (pref SOCK_PREF_STREAM) and start
 * connecting it to dst port dport without blocking. 0 when under way
 * (or already connected), -1 + err otherwise.
 */
int	sock_connect_start(struct sock *s, const struct sock_opts *o,
	    const struct addr *dst, uint16_t dport, char *err, size_t errlen);
/* Bind s to src (a ping or UDP socket: and port; its local_id follows).
 * -1 with errno. */
int	sock_bind(struct sock *s, const struct addr *src, uint16_t port);
/* connect() s to dst (replies from elsewhere no longer reach it); -1 with
 * errno. */
int	sock_connect_to(struct sock *s, const struct addr *dst);
/* The local port s is bound to (0 if unknown). */
uint16_t sock_local_port(const struct sock *s);
/* How the connect of s stands: 1 connected, 0 still trying, -1 failed
 * with the reason in errno (ECONNREFUSED: the peer reset it). */
int	sock_connect_state(const struct sock *s);
/* Change TTL/hop limit (unprivileged). */
int	sock_set_ttl(struct sock *s, int ttl);
/* An IPv6 raw socket of another protocol (SOCK_RAW_PROTO) takes whole
 * IPv6 packets from here on (IPV6_HDRINCL: the caller writes the header,
 * flow label and hop limit included); 0, or -1 with errno (EINVAL for
 * any other socket). */
int	sock_set_hdrincl6(struct sock *s);
/* The PMTU discovery mode (IP_PMTUDISC_* / IPV6_PMTUDISC_*, the same
 * numbers) in force, or -1; change it (unprivileged): 0 or -1. */
int	sock_get_pmtudisc(const struct sock *s);
int	sock_set_pmtudisc(struct sock *s, int mode);
/*
 * Send len bytes to dst (port for UDP/TCP, ignored for ICMP). An error
 * the kernel still holds for an earlier datagram (an ICMP error reported
 * as sk_err) fails a send once: sock_send sends again, so -1 means this
 * datagram was refused.
 */
ssize_t	sock_send(struct sock *s, const void *buf, size_t len,
	    const struct addr *dst, uint16_t port);
/*
 * Receive without blocking: from the error queue when errq, else the
 * normal queue. Returns 1 with *rx filled, 0 if nothing is waiting (also
 * when the normal queue only reports a pending ICMP error: read the error
 * queue), -1 on error (errno set).
 */
int	sock_recv(struct sock *s, struct rx *rx, bool errq);
/*
 * Receive up to n (at most 64) datagrams, or error-queue records, at once
 * (recvmmsg), without blocking; rx[i].buf and .cap are the caller's.
 * Returns how many were read, 0 if nothing waits, -1 on error.
 */
int	sock_recv_many(struct sock *s, struct rx *rx, size_t n, bool errq);

/*
 * The one drain loop: read what is queued on s and hand each datagram or
 * error-queue record to q->fn (which returns false to stop at once). The
 * normal queue first (SOCK_DRAIN_DATA), then the error queue
 * (SOCK_DRAIN_ERRQ always, SOCK_DRAIN_ERRQ_IDLE only when the normal queue
 * gave nothing: a readable socket with no data holds errors); at most max
 * reads per queue. Into the caller's q->nbuf buffers of q->slot bytes at
 * q->buf (more than one: batched with recvmmsg). Returns the datagrams of
 * the normal queue read, or -1 (errno) when a read failed.
 */
#define SOCK_DRAIN_DATA		0x1u
#define SOCK_DRAIN_ERRQ		0x2u
#define SOCK_DRAIN_ERRQ_IDLE	0x4u
typedef bool	(*sock_rx_fn)(void *ctx, const struct rx *rx);
struct sock_rxq {
	uint8_t		*buf;
	size_t		 slot, nbuf;
	sock_rx_fn	 fn;
	void		*ctx;
};
int	sock_drain_batch(struct sock *s, const struct sock_rxq *q, bool errq,
	    size_t max, bool *stop);

/* One queue of s, one buffer at a time (ping -f's per-echo path: inline,
 * no arrays); the number read or -1, *stop when fn asked to. */
static inline int
sock_drain_one(struct sock *s, const struct sock_rxq *q, bool errq,
    size_t max, bool *stop)
{
	struct rx rx;
	size_t done = 0;
	int n;

	while (done < max) {
		rx.buf = q->buf;
		rx.cap = q->slot;
		if ((n = sock_recv(s, &rx, errq)) <= 0)
			return n < 0 && done == 0 ? -1 : (int)done;
		done++;
		if (!q->fn(q->ctx, &rx)) {
			*stop = true;
			break;
		}
	}
	return (int)done;
}

static inline int
sock_drain(struct sock *s, const struct sock_rxq *q, unsigned flags,
    size_t max)
{
	bool stop = false;
	int got = 0;

	if (flags & SOCK_DRAIN_DATA) {
		got = q->nbuf > 1 ? sock_drain_batch(s, q, false, max, &stop) :
		    sock_drain_one(s, q, false, max, &stop);
		if (got < 0)
			return -1;
	}
	if (stop || !((flags & SOCK_DRAIN_ERRQ) ||
	    ((flags & SOCK_DRAIN_ERRQ_IDLE) && got == 0)))
		return got;
	if ((q->nbuf > 1 ? sock_drain_batch(s, q, true, max, &stop) :
	    sock_drain_one(s, q, true, max, &stop)) < 0)
		return -1;
	return got;
}

/* One datagram of a batch. */
struct sock_msg {
	const void	*buf;
	size_t		 len;
	const struct addr *dst;
	uint16_t	 port;		/* UDP only */
};
/*
 * Send up to n (at most 64) datagrams at once (sendmmsg). Returns how many
 * the kernel took (from the first: a refusal stops the batch there), or
 * -1 with errno when not even the first one was.
 */
int	sock_send_many(struct sock *s, const struct sock_msg *msg, size_t n);

/*
 * Local address the kernel would use to reach dst (a UDP socket's
 * connect(), which sends nothing), through device when not NULL, on an
 * attached network only with dontroute (SO_DONTROUTE). Returns
 * 0, or -1 with connect's errno (ENETUNREACH: no route; EADDRNOTAVAIL: no
 * usable source; EACCES: a broadcast address).
 */
int	sock_source_for(int af, const struct addr *dst, const char *device,
	    bool dontroute, struct addr *src);
/* The MTU of the route to dst (IP_MTU on a connected UDP socket), -1 on
 * failure. No packet is sent. */
int	sock_path_mtu(const struct addr *dst, const char *device);
void	sock_close(struct sock *s);

#endif
