/*
 * icmptools.h: the installed C API of icmptools, the ICMP library under
 * the ping and traceroute programs. Self-contained; every name is
 * icmpt_* / ICMPT_*.
 *
 * Two levels:
 *  - one call: icmpt_echo() pings a host and returns the statistics;
 *    icmpt_trace() traces the route with the traceroute program's engine
 *    and returns per-hop statistics;
 *  - a handle: icmpt_open(), icmpt_add() any number of destinations (names
 *    or numeric addresses, IPv4 and IPv6 in one handle), icmpt_send() one
 *    echo request (or icmpt_send_all() one to every destination, batched),
 *    icmpt_recv() one answer with its trip time, icmpt_close(). icmpt_fd()
 *    is one descriptor to poll for asynchronous use.
 *
 * Errors, one convention: a call that fails returns -1 (or NULL) and sets
 * errno; calls on a handle also keep a one-line reason for
 * icmpt_errmsg(), the others write it to their (err, errlen) buffer.
 *
 * Privileges: a handle opens raw ICMP sockets when the process may (root
 * or CAP_NET_RAW), else Linux's ICMP datagram sockets, which need the
 * caller's group in net.ipv4.ping_group_range. The library never changes
 * the process's privileges unless asked: icmpt_drop_privileges().
 *
 * No global state: separate handles may be used from separate threads; a
 * handle itself is not locked. Times are nanoseconds unless named _ms.
 */
#ifndef ICMPTOOLS_H
#define ICMPTOOLS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define ICMPT_VERSION_MAJOR	0
#define ICMPT_VERSION_MINOR	2
#define ICMPT_DEFAULT_DATALEN	56	/* echo payload bytes, as ping */
#define ICMPT_MAX_DATALEN	65000
#define ICMPT_ADDRSTRLEN	46

/* "0.2.0": the library's version (may differ from the header's). */
const char	*icmpt_version(void);

/* ---- one call ---- */

struct icmpt_stats {		/* one destination, or one hop */
	unsigned	sent, received, duplicates, errors;
	double		min_ms, avg_ms, max_ms, mdev_ms; /* 0 if received == 0 */
};

struct icmpt_hop {
	unsigned	ttl;
	char		addr[ICMPT_ADDRSTRLEN];	/* answered most; "" if none */
	char		note[16];	/* "", "!H", "!N", "!X", "!F-1280" ... */
	struct icmpt_stats stats;
};

/*
 * Echo host (a name or a numeric address) count times (1..1000000) with
 * size data bytes (0..ICMPT_MAX_DATALEN), each request sent once the
 * previous one is answered or has waited 1 s. Returns 0 if a reply came,
 * 1 if none, -1 on error (a one-line reason in err).
 */
int	icmpt_echo(const char *host, unsigned count, size_t size,
	    struct icmpt_stats *out, char *err, size_t errlen);

/*
 * Trace the route to host with probes (1..10) probes per hop, up to
 * max_hops (1..255), in parallel as the traceroute program does (the same
 * engine: scheduler, flow-stable UDP probes, unprivileged). hops[] has
 * room for max_hops entries; *nhops gets the number written (the last is
 * the destination when it answered). Returns 0 if the destination
 * answered, 1 if not, -1 on error (a reason in err).
 */
int	icmpt_trace(const char *host, unsigned max_hops, unsigned probes,
	    struct icmpt_hop *hops, unsigned *nhops, char *err, size_t errlen);

/* ---- the handle ---- */

struct icmpt_handle;

/* icmpt_open() flags */
#define ICMPT_F_RAW	0x01u	/* raw sockets or fail */
#define ICMPT_F_DGRAM	0x02u	/* ICMP datagram sockets only */
#define ICMPT_F_NUMERIC	0x04u	/* icmpt_add() takes numeric addresses only */

struct icmpt_options {
	unsigned	flags;		/* ICMPT_F_* */
	int		ttl;		/* 0: the kernel's default */
	int		tos;		/* -1: default; IPv4 TOS / IPv6 class */
	const char	*device;	/* SO_BINDTODEVICE, NULL: none */
	size_t		rcvbuf;		/* receive buffer, 0: sized for the
					 * destinations added */
};

/*
 * A handle for both families (sockets open on first use of a family).
 * opt may be NULL (defaults). Returns NULL with errno and a reason in err.
 */
struct icmpt_handle *icmpt_open(const struct icmpt_options *opt,
	    char *err, size_t errlen);
/* Close the sockets and free everything (NULL is fine). */
void	icmpt_close(struct icmpt_handle *h);
/* The last failure's reason, one line ("" if none). */
const char *icmpt_errmsg(const struct icmpt_handle *h);
/*
 * One descriptor that is readable (poll/epoll/select) when an answer may
 * be waiting on any of the handle's sockets. -1 before the first send.
 */
int	icmpt_fd(struct icmpt_handle *h);

/*
 * Add a destination: family AF_INET, AF_INET6 or 0 (AF_UNSPEC: the first
 * address getaddrinfo() gives). Returns its index (0, 1, ...) or -1.
 * The same address may be added twice (two independent destinations).
 */
int	icmpt_add(struct icmpt_handle *h, const char *host, int family);
/* Number of destinations added. */
size_t	icmpt_count(const struct icmpt_handle *h);
/* The destination as given, and its numeric address; NULL if none. */
const char *icmpt_dest_host(const struct icmpt_handle *h, int dest);
const char *icmpt_dest_addr(const struct icmpt_handle *h, int dest);
/* 1 if family's socket is raw, 0 if an ICMP datagram socket, -1 if the
 * family has none. */
int	icmpt_raw(const struct icmpt_handle *h, int family);
/* TTL / hop limit of the following requests (1..255). */
int	icmpt_set_ttl(struct icmpt_handle *h, int ttl);

/*
 * Send one echo request to dest carrying datalen (<= ICMPT_MAX_DATALEN)
 * bytes; its sequence number in *seq (may be NULL). Every request in
 * flight has its own number: when the 65536 of a family are all in
 * flight the send is refused (EBUSY), never aliased. 0 or -1.
 */
int	icmpt_send(struct icmpt_handle *h, int dest, size_t datalen,
	    uint16_t *seq);
/* One request to every destination, in batches (sendmmsg). Returns the
 * number sent (those refused are counted by icmpt_errmsg's reason), or -1
 * if none could be. */
long	icmpt_send_all(struct icmpt_handle *h, size_t datalen);

enum icmpt_kind {
	ICMPT_ECHO_REPLY = 1,	/* the destination answered */
	ICMPT_ERROR,		/* an ICMP error quoting our request */
};

struct icmpt_reply {
	int		dest;		/* index given by icmpt_add() */
	uint16_t	seq;		/* the request's sequence number */
	enum icmpt_kind	kind;
	int		family;		/* AF_INET or AF_INET6 */
	uint8_t		type, code;	/* as received (the family's numbers) */
	char		from[ICMPT_ADDRSTRLEN];	/* who answered */
	int		ttl;		/* TTL / hop limit, -1 unknown */
	size_t		datalen;	/* echo reply payload bytes */
	int64_t		rtt_ns;		/* trip time (kernel receive stamp) */
	int		dup;		/* 1: a second answer to this request */
};

/*
 * Wait up to timeout_ms (0: just look, < 0: forever) for an answer to a
 * request in flight. Answers that are not ours are dropped and counted
 * (icmpt_not_ours). Returns 1 with *r filled, 0 on timeout, -1 on error.
 */
int	icmpt_recv(struct icmpt_handle *h, struct icmpt_reply *r,
	    int timeout_ms);
/* The trip time of a reply in milliseconds. */
double	icmpt_rtt_ms(const struct icmpt_reply *r);
/* Forget the requests in flight for longer than older_than_ms (their
 * sequence numbers become free); returns how many. */
size_t	icmpt_expire(struct icmpt_handle *h, int older_than_ms);
/* Requests in flight (to dest, or all when dest < 0). */
size_t	icmpt_in_flight(const struct icmpt_handle *h, int dest);
/* Messages received that answered none of our requests. */
uint64_t icmpt_not_ours(const struct icmpt_handle *h);

/*
 * Give up every privilege for good (capabilities, setuid/setgid ids),
 * as the tools do after opening their sockets. Sockets already open keep
 * working. 0, or -1 with a reason in err.
 */
int	icmpt_drop_privileges(char *err, size_t errlen);

#ifdef __cplusplus
}
#endif

#endif
