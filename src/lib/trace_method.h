/*
 * tr_method.h: the probe methods of traceroute as an ops table {udp,
 * icmp, tcp, udp-fixed}: which sockets each needs (raw when privileged,
 * else unprivileged), how probe n of the trace is built, and how an answer
 * is turned back into the probe's index.
 *
 * Flow-stable identity: by default every probe of a trace keeps the same
 * addresses, protocol, ports and IPv6 flow label, so routers balancing
 * flows over equal-cost paths keep the whole trace on one path. Each probe
 * is told apart by a field routers quote back:
 *   udp, udp-fixed, raw socket: the UDP checksum (build_udp want_cksum);
 *   udp, udp-fixed, unprivileged UDP socket: a 4-byte tag at the start of
 *     the payload, returned by the kernel's error queue (needs a router
 *     that quotes more than 8 bytes, as RFC 1812 routers do);
 *   icmp: the echo sequence number, the id fixed; the first payload word
 *     is ~seq so the ICMP checksum stays constant too. Checked against
 *     Linux: fib_multipath_hash_policy 1 hashes addresses, protocol and
 *     flow_keys.ports, which the flow dissector leaves 0 for ICMP
 *     (proto_ports_offset() knows no ICMP); the skb hash may add the
 *     dissected ICMP key (type, code, echo id) but never the sequence or
 *     the checksum. So Linux keeps an echo trace on one path anyway;
 *     the constant checksum is for hardware that hashes the first four
 *     transport bytes (type, code, checksum);
 *   tcp: the SYN's sequence number, ports fixed.
 * --classic instead changes the destination port per probe (2.1.2).
 */
#ifndef ICMPTOOLS_TRACE_METHOD_H
#define ICMPTOOLS_TRACE_METHOD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "addr.h"
#include "match.h"
#include "parse.h"
#include "sock.h"
#include "trace.h"

#define TRACE_ID_BASE	0x0100u		/* first identity value */
/* --multipath: probes of one trace (their identity stays in 16 bits) */
#define TRACE_MULTI_MAX_PROBES	16384u

/* The tcp method's segment (2.1.2's -O options). */
struct trace_tcp {
	bool		 flags_set;	/* flags as given (else SYN, + ECE and
					 * CWR with ecn) */
	uint8_t		 flags;		/* BUILD_TCP_* */
	bool		 ecn;		/* SYN with ECE and CWR (RFC 3168) */
	bool		 sack, tstamp, wscale;	/* SYN options */
	uint16_t	 mss;		/* 0: the path MTU's (mtu) */
	uint16_t	 mtu;		/* the route's MTU, 0: 576 */
	bool		 info;		/* show the final answer's flags */
};

struct trace_method_cfg {
	int		 af;
	enum trace_proto id;
	bool		 classic;
	struct addr	 src;		/* our address (af 0: kernel's choice) */
	struct addr	 dst;
	struct addr	 via[TRACE_MAX_GATEWAYS];	/* -g: quoted dst may be one */
	size_t		 nvia;
	uint16_t	 sport;		/* 0: any */
	uint16_t	 port;		/* dport (udp, tcp), first seq (icmp),
					 * 0: the method's default */
	size_t		 packetlen;	/* full length asked, 0: default */
	size_t		 ipoptlen;	/* IPv4 options we send (-g) */
	uint32_t	 salt;		/* per-run randomness (TCP seq base) */
	struct trace_tcp tcp;		/* the tcp method */
	uint8_t		 raw_proto;	/* the raw method's protocol, 0: 253 */
	bool		 service_set;	/* dccp: service code given */
	uint32_t	 service;
	int		 coverage;	/* udplite: checksum coverage, -1: 8 */
};

struct trace_method {
	struct trace_method_cfg c;
	uint8_t		 proto;		/* the probes' IP protocol (v4 value) */
	bool		 raw;		/* privileged sockets in use */
	bool		 ports;		/* the destination port names the probe
					 * (--classic, or no room for another
					 * identity) */
	uint16_t	 sport, dport;	/* fixed ports (UDP/TCP) */
	uint16_t	 icmp_id;	/* fixed echo id */
	uint16_t	 seq0;		/* first echo seq / tag / cksum */
	uint32_t	 tcp_seq0;
	size_t		 iphdr;		/* 20 / 40 */
	size_t		 l4hdr;		/* 8 (UDP, ICMP) / 20 + options (TCP) */
	size_t		 datalen;	/* payload bytes after l4hdr */
	uint8_t		 tcp_flags;	/* the probes' TCP flags */
	uint16_t	 tcp_window;
	uint8_t		 tcpopt[20];	/* SYN options */
	size_t		 tcpoptlen;
	uint32_t	 dccp_seq_hi;
	uint16_t	 dccp_sum0;	/* build_dccp_sum0() of the probes */
	uint16_t	 nflows;	/* --multipath: flows 0..nflows-1
					 * (trace_method_build_flow), 0:
					 * flow-stable */
};

/* An answer, turned back into a probe. */
#define TRACE_IDX_NEWEST	(-2L)	/* the newest probe (names none) */
struct trace_answer {
	long		 idx;		/* probe index, -1: not ours */
	bool		 final;		/* ends the trace */
	bool		 reached;	/* the destination itself answered */
	struct addr	 from;
	uint32_t	 mtu;		/* frag needed / packet too big */
};

/* Set the method up (ports, ids, lengths); -1 + err if impossible. */
int	trace_method_init(struct trace_method *m, const struct trace_method_cfg *c,
	    char *err, size_t errlen);
/* Once the sockets are open and our address is known: raw says which
 * kind of socket sends; the probes' lengths, identity and sums follow. */
void	trace_method_finish(struct trace_method *m, bool raw);
/* Full packet length (IP header included) as printed in the header. */
size_t	trace_method_pktlen(const struct trace_method *m);
/* Shrink the probes for --mtu: full packet length becomes mtu. */
void	trace_method_set_pktlen(struct trace_method *m, size_t pktlen);
/*
 * Socket options: the sending socket (*tx) and, when the answers come on
 * another socket, the receiving one (*rx, *need_rx true). raw selects the
 * privileged variant.
 */
void	trace_method_sockopts(const struct trace_method *m, bool raw,
	    struct sock_opts *tx, struct sock_opts *rx, bool *need_rx);
/* Whether the method works without raw sockets at all. */
bool	trace_method_unpriv_ok(enum trace_proto id);
/* Whether the method's probes go one at a time (2.1.2: raw answers in
 * their own protocol name no probe; tcpconn has a socket per probe). */
bool	trace_method_one_at_a_time(enum trace_proto id);
/*
 * Build probe idx into buf (what is passed to sock_send: transport header
 * and payload); *dport receives the destination port. Returns the length
 * (0: an empty UDP datagram, 2.1.2's 28-byte packets), -1 on failure.
 */
ssize_t	trace_method_build(const struct trace_method *m, size_t idx, uint8_t *buf,
	    size_t cap, uint16_t *dport);
/*
 * --multipath (set m->nflows first): probe idx on flow `flow` <
 * m->nflows, which sets what routers balancing flows hash: the UDP
 * destination port (dport + flow; the IPv6 flow label the kernel derives
 * from the ports follows), the TCP source port (sport + flow), the ICMP
 * checksum (a payload word). The identity per probe stays as above.
 * Flow 0 is the probe trace_method_build() makes.
 */
ssize_t	trace_method_build_flow(const struct trace_method *m, size_t idx,
	    uint16_t flow, uint8_t *buf, size_t cap, uint16_t *dport);
/* Whether the method (as set up) can vary the flow: UDP with room for
 * its identity, ICMP with 4 payload bytes, TCP on raw sockets. */
bool	trace_method_flows_ok(const struct trace_method *m);
/*
 * Bytes of our probe's original datagram before an error-queue payload:
 * the kernel strips the IP header (with our options) and, for UDP, the
 * UDP header; a ping socket's payload starts at the ICMP header. For
 * parse_errqueue_ext.
 */
size_t	trace_method_errq_hdrlen(const struct trace_method *m);
/* What the probes are, for the attribution path (match.h). */
void	trace_method_spec(const struct trace_method *m, struct match_spec *sp);
/*
 * The probe a parsed reply (match_parse) answers, through match_key_of()
 * with sp (trace_method_spec): a->idx -1 if it is not one of ours.
 */
void	trace_method_match(const struct trace_method *m, const struct match_spec *sp,
	    const struct icmp_reply *r, struct trace_answer *a);

/*
 * tcpconn: the probe is the socket it was sent on, so an error read on
 * probe idx's socket (or its connect's outcome, as a TCP reply from the
 * destination) answers idx.
 */
void	trace_method_match_conn(const struct trace_method *m, size_t idx,
	    const struct icmp_reply *r, struct trace_answer *a);

#endif
