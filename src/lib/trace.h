/*
 * trace.h: the traceroute engine, shared by the traceroute program and
 * icmpt_trace(): a trace over open sockets with a method (trace_method.h)
 * and the scheduler (trace_sched.h), received bytes through the one
 * attribution path (match.h). It sends, receives and decides; it hands
 * every finished hop (and a late destination answer) to its caller, which
 * prints it (names, -e text and the 2.1.2 format stay in the tool) or adds
 * it up (the library's per-hop statistics). No privilege is needed here.
 */
#ifndef ICMPTOOLS_TRACE_H
#define ICMPTOOLS_TRACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "addr.h"
#include "parse.h"

#define TRACE_MAX_GATEWAYS	8	/* IPv4 LSRR: 9 slots, 1 is the dst */
#define TRACE_MAX_PACKETLEN	65000	/* as traceroute 2.1.2 */
#define TRACE_MAX_QUERIES	10
#define TRACE_MAX_HOPS		255
#define TRACE_EXT_MAX		1024	/* RFC 4884 bytes kept per probe */
/* Probes one trace may have (hops x queries, or x rounds): each needs an
 * identity of its own in the 16 bits of sequence, checksum, tag or port
 * the methods name a probe by. */
#define TRACE_MAX_PROBES	0xff00u

/* The probe methods. */
enum trace_proto {
	TRACE_UDP = 0,		/* default: UDP to port 33434 */
	TRACE_ICMP,		/* -I, -M icmp: ICMP echo */
	TRACE_TCP,		/* -T, -M tcp: TCP SYN, port 80 */
	TRACE_UDPFIX,		/* -U, -M udp: UDP to port 53 */
	TRACE_RAW,		/* -P prot, -M raw: bare IP of a protocol */
	TRACE_DCCP,		/* -D, -M dccp: DCCP Request, port 33434 */
	TRACE_UDPLITE,		/* -UL, -M udplite: UDP-Lite, port 53 */
	TRACE_TCPCONN,		/* -M tcpconn: a TCP connect() per probe */
};

struct sock;
struct sock_opts;
struct trace_method;

/* What came back for one probe of a hop. */
struct trace_res {
	bool		 answered;	/* false: '*' */
	bool		 pending;	/* no outcome: not sent, or still
					 * waited for when the trace was
					 * stopped (cfg.flush only) */
	struct addr	 from;
	int64_t		 rtt_ns;
	int		 recv_ttl;	/* TTL of the answer, 0: unknown */
	bool		 tcp;		/* a TCP answer (no ICMP type) */
	bool		 l4;		/* an answer in the probes' own
					 * protocol (TCP, DCCP, raw): no ICMP
					 * type */
	enum icmp_kind	 kind;		/* the ICMP answer's kind, */
	uint8_t		 type, code;	/* type and code (its family's), */
	uint32_t	 mtu;		/* its MTU (frag needed / too big) */
	uint8_t		 tcp_flags;	/* a TCP answer's flags */
	uint32_t	 pmtu;		/* --mtu: F= shown after this probe */
	const uint8_t	*ext;		/* RFC 4884 bytes (cfg.ext), or NULL */
	size_t		 extlen;
	/* the engine's own bookkeeping */
	int64_t		 t_real;	/* CLOCK_REALTIME send time */
};

/* What the caller is told. */
struct trace_hooks {
	void		*ctx;
	/* hop ttl finished: its n probes' results, in order */
	void		(*hop)(void *ctx, unsigned ttl,
			    const struct trace_res *res, size_t n);
	/* the destination answered probe `ttl` after that hop was printed
	 * (slower than MAX): the trace ends as reached after this */
	void		(*late)(void *ctx, unsigned ttl,
			    const struct trace_res *res);
	/* an answer from `from` was taken (e.g. to start a name lookup) */
	void		(*answer)(void *ctx, const struct addr *from);
	/* asked before every wait: true ends the trace now (SIGINT) */
	bool		(*stop)(void *ctx);
};

struct trace_cfg {
	struct trace_method *m;		/* set up; m->raw says which sockets */
	struct sock	*tx;		/* sends (and receives unless rx);
					 * NULL with conn */
	const struct sock_opts *conn;	/* tcpconn: each probe's socket, opened
					 * from these (no privilege) */
	struct sock	*rx;		/* raw ICMP socket for errors, or NULL */
	unsigned	 first_ttl, max_ttl, nqueries, window;
	int64_t		 sendwait_ns;	/* -z */
	double		 wait_max;	/* -w MAX seconds, HERE, NEAR */
	double		 wait_here, wait_near;
	unsigned	 gap_limit;	/* stop after N silent hops, 0: none */
	bool		 mtu;		/* --mtu: shrink on frag needed */
	bool		 ext;		/* keep RFC 4884 extension bytes */
	/* Rounds (traceroute --report): nqueries is the number of rounds,
	 * one probe per hop each; a hop's probe of round k goes round_ns
	 * after its probe of round k - 1, and the first round's probe of a
	 * hop goes gap0_ns after the hop before's (or at once when that
	 * one was answered), so no router, the destination included, gets
	 * more than one probe per round_ns from us. 0: a plain trace. */
	int64_t		 round_ns;
	int64_t		 gap0_ns;
	int64_t		 wait_floor_ns;	/* HERE / NEAR never wait less */
	bool		 flush;		/* when stop() ends the trace, hand the
					 * hops not finished to hop() with
					 * their pending probes marked */
};

/*
 * Run the trace to its end (the destination answered, max_ttl, the gap
 * limit, a final error, or hooks->stop). Returns 1 if the destination
 * answered, 0 if not, -1 with one line in err (a send failed, no memory).
 */
int	trace_run(const struct trace_cfg *c, const struct trace_hooks *h,
	    char *err, size_t errlen);

#endif
