/*
 * icmp.h: the public C API of the shared ICMP module, shaped like the
 * classic ICMP libraries: a handle per address family, send one echo
 * request, receive one answer, its trip time, close; and two one-call
 * helpers built on them, icmp_echo() (one ping) and icmp_trace() (an ICMP
 * traceroute, one probe per hop). Underneath: sock.c (sockets), build.c
 * (requests with a keyed time stamp), parse.c (answers), match.c (which
 * probe an answer belongs to).
 *
 * Privilege: icmp_open() opens a raw socket when the process may (root or
 * CAP_NET_RAW), else Linux's ICMP datagram socket ("ping socket", allowed
 * by net.ipv4.ping_group_range). It neither gains nor drops privilege: a
 * program calls priv_init() first and priv_drop() after icmp_open().
 *
 * Minimal use:
 *	int64_t rtt;
 *	struct addr dst;
 *	char err[256];
 *
 *	addr_pton(AF_INET, "127.0.0.1", &dst);
 *	if (icmp_echo(&dst, 2 * NS_PER_SEC, &rtt, err, sizeof(err)) == 0)
 *		printf("%.3f ms\n", rtt / 1e6);
 *
 * Times are int64_t nanoseconds on CLOCK_MONOTONIC (clock.h). Nothing here
 * prints, exits or keeps global state.
 */
#ifndef ICMPTOOLS_ICMP_H
#define ICMPTOOLS_ICMP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "addr.h"
#include "parse.h"

#define ICMP_DEFAULT_DATALEN	56	/* payload bytes, as ping -s 56 */
#define ICMP_MAX_DATALEN	1400

/* An open handle: one socket, one echo id, probes in flight. Opaque. */
struct icmp_handle;

/* What came back for one of our probes. */
struct icmp_result {
	/* ICMP_KIND_ECHO_REPLY, or the error (TIME_EXCEEDED, UNREACH, ...)
	 * with its type and code as received (v4 or v6 numbering) */
	enum icmp_kind	kind;
	uint8_t		type, code;
	struct addr	from;		/* who answered (for an error: the
					 * router or host that sent it) */
	uint16_t	seq;		/* the probe's sequence number */
	int		ttl;		/* TTL / hop limit, -1 unknown */
	uint32_t	mtu;		/* frag needed / too big, else 0 */
	int64_t		t_sent;		/* probe left (monotonic ns) */
	int64_t		t_sent_real;	/* the same on CLOCK_REALTIME */
	int64_t		t_rx;		/* answer read (monotonic ns) */
	int64_t		t_kernel;	/* the kernel's receive stamp
					 * (CLOCK_REALTIME), -1: none */
	bool		kernel_time;	/* t_kernel is set */
	size_t		datalen;	/* echo reply payload bytes */
};

/*
 * Open a handle for af (AF_INET or AF_INET6): raw ICMP socket if
 * permitted, else an ICMP datagram socket. Returns NULL with a one-line
 * reason in err (e.g. why ping sockets are refused).
 */
struct icmp_handle *icmp_open(int af, char *err, size_t errlen);
/* Descriptor to poll() for readability (POLLIN | POLLERR). */
int	icmp_fd(const struct icmp_handle *h);
/* True if the handle's socket is raw (false: ICMP datagram socket). */
bool	icmp_is_raw(const struct icmp_handle *h);
/* TTL / hop limit of the following probes (1..255). 0, or -1 (errno). */
int	icmp_set_ttl(struct icmp_handle *h, int ttl);
/*
 * Send echo request seq to dst (of the handle's family) carrying datalen
 * payload bytes (<= ICMP_MAX_DATALEN; 16 or more carry a keyed send time,
 * so forged answers are refused). A probe with the same seq still in
 * flight is forgotten. Returns 0, or -1 with errno set.
 */
int	icmp_send_echo(struct icmp_handle *h, const struct addr *dst,
	    uint16_t seq, size_t datalen);
/*
 * Wait up to timeout_ns (0: just look) for an answer to one of our probes
 * in flight: an echo reply, or an ICMP error quoting the probe. Answers
 * that are not ours are dropped and counted (icmp_not_ours). The probe
 * answered is no longer in flight. Returns 1 with *r filled, 0 on
 * timeout, -1 on a socket error (errno set).
 */
int	icmp_recv(struct icmp_handle *h, struct icmp_result *r,
	    int64_t timeout_ns);
/* Round-trip time of a result, ns (>= 0): the kernel's receive stamp
 * against the send time on the same clock (clock_rtt_ns). */
int64_t	icmp_rtt(const struct icmp_result *r);
/* Messages received that answered none of our probes. */
uint64_t icmp_not_ours(const struct icmp_handle *h);
/* Close the socket and free the handle (NULL is fine). */
void	icmp_close(struct icmp_handle *h);

/*
 * One ping: open, send one echo request to dst, wait up to timeout_ns for
 * its reply, close. Returns 0 with *rtt_ns set; 1 if no reply came (err
 * says "timeout", or names the ICMP error that came instead, e.g.
 * "Destination Host Unreachable from 198.18.0.2"); -1 if the socket could
 * not be opened or the request not sent (err says why).
 */
int	icmp_echo(const struct addr *dst, int64_t timeout_ns, int64_t *rtt_ns,
	    char *err, size_t errlen);

/* One line of icmp_trace(). */
struct icmp_hop {
	int		ttl;		/* 1, 2, ... */
	bool		answered;	/* false: nothing within timeout */
	struct addr	from;
	/* TIME_EXCEEDED, ECHO_REPLY (dst reached) or UNREACH (stopped) */
	enum icmp_kind	kind;
	uint8_t		type, code;
	int64_t		rtt_ns;
};

/*
 * ICMP traceroute to dst: for TTL 1..maxhops send one echo request and
 * wait up to timeout_ns for it to be answered, filling hops[ttl - 1];
 * stops after the hop that answers with an echo reply (dst reached) or a
 * destination unreachable. hops needs room for maxhops entries (1..255).
 * Returns the number of hops filled, or -1 (err says why).
 */
int	icmp_trace(const struct addr *dst, int maxhops, int64_t timeout_ns,
	    struct icmp_hop *hops, char *err, size_t errlen);

#endif
