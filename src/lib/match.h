/*
 * match.h: the one attribution path, used by ping, traceroute and the
 * library alike:
 *
 *   what a socket returned (struct rx: bytes or an error-queue record)
 *     -> match_parse()   one parsed reply (struct icmp_reply)
 *     -> match_key_of()  the identity of the probe it answers, for every
 *                        probe kind (struct match_spec says what we sent)
 *     -> the consumer's own lookup: ping's transmit index
 *        (match_seq_index), traceroute's probe slot (the key's ident is
 *        the probe number), the library's request table.
 *
 * A reply that yields no key, or a key no probe has, is not ours: counted
 * by the caller, never attributed. Pure: no I/O.
 */
#ifndef ICMPTOOLS_MATCH_H
#define ICMPTOOLS_MATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <netinet/in.h>

#include "addr.h"
#include "build.h"
#include "parse.h"
#include "sock.h"

/* What the probes are, and so which field of an answer names one. */
enum match_kind {
	MATCH_ECHO,		/* ICMP echo / timestamp / mask request:
				 * id + sequence (ident = sequence) */
	MATCH_UDP_CKSUM,	/* UDP, fixed ports, the checksum differs
				 * per probe (raw sockets, flow-stable) */
	MATCH_UDP_PORT,		/* UDP, the destination port differs per
				 * probe (--classic) */
	MATCH_UDP_TAG,		/* UDP from an unprivileged socket: a tag
				 * word leads the payload (error queue) */
	MATCH_TCP,		/* TCP, fixed ports, the sequence differs */
	MATCH_TRACE_ECHO,	/* ICMP echo probes of a trace: sequence */
	MATCH_DCCP,		/* DCCP-Request, fixed ports, the checksum
				 * differs (chosen through the sequence) */
	MATCH_PROTO_TAG,	/* bare IP of protocol `proto`: a tag word
				 * leads the payload; an answer in that
				 * protocol carries no identity
				 * (MATCH_IDENT_NEWEST) */
	MATCH_NODEINFO,		/* ICMPv6 Node Information queries: the
				 * keyed nonce names the query (ident =
				 * its sequence) */
};

/* The ident of an answer that names no probe: the newest one (one probe
 * at a time). */
#define MATCH_IDENT_NEWEST	UINT32_MAX

/* The tag word of MATCH_UDP_TAG: magic << 16 | probe number + base. */
#define MATCH_TAG_MAGIC		0x7472u		/* "tr" */

struct match_spec {
	int		 af;
	enum match_kind	 kind;
	bool		 raw;		/* raw sockets (else datagram) */
	uint8_t		 req_type;	/* MATCH_ECHO: the request's type */
	enum icmp_kind	 reply_kind;	/* MATCH_ECHO: the answer's kind */
	uint16_t	 id;		/* echo id (the kernel's for a ping
					 * socket) */
	uint16_t	 sport, dport;	/* UDP / TCP (dport: first one for
					 * MATCH_UDP_PORT) */
	uint16_t	 base;		/* ident of probe 0 (trace kinds:
					 * first sequence / checksum / tag) */
	uint32_t	 tcp_seq0;	/* MATCH_TCP: sequence of probe 0 */
	uint8_t		 tcp_flags;	/* MATCH_TCP: the probes' flags (a
					 * SYN's answer acks seq + 1) */
	uint8_t		 proto;		/* MATCH_PROTO_TAG: the protocol */
	uint16_t	 dccp_sum0;	/* MATCH_DCCP: build_dccp_sum0() */
	const struct build_key *ni_key;	/* MATCH_NODEINFO: the nonces' key
					 * (nodeinfo_nonce) */
	uint16_t	 nports;	/* multipath: the probes' varying port
					 * (UDP: dport, TCP: sport) takes
					 * nports values from the one here
					 * (match_classic_port); 0: fixed */
	/* The probes' destination: an answer must come from it and an error
	 * must quote it (or one of via[]: a source route's gateways). Unset
	 * (af 0): any destination, the caller checks key.dst (the library's
	 * many destinations). */
	struct addr	 dst;
	const struct addr *via;
	size_t		 nvia;
};

struct match_key {
	bool		 error;		/* an ICMP error quoting the probe
					 * (else the destination's answer) */
	bool		 advice;	/* the error is a redirect or source
					 * quench: about the probe, no answer */
	uint32_t	 ident;		/* MATCH_ECHO: the sequence; trace
					 * kinds: the probe number */
	struct addr	 dst;		/* where the probe went */
};

/*
 * Bytes (or an error-queue record) read on socket s -> *out. The one rule
 * for "does the buffer start with an IP header" (IPv4 raw sockets) lives
 * here. Error-queue records of raw sockets are PARSE_REDUNDANT (the raw
 * ICMP socket reads those errors in full) and local errors
 * (SO_EE_ORIGIN_LOCAL) PARSE_NOT_ICMP: the caller looks at rx->err for
 * those. On a raw socket of another protocol (TCP, DCCP, ...) the bytes
 * are a packet of that protocol (parse_l4).
 */
enum parse_err	match_parse_err(const struct sock *s, const struct rx *rx,
		    struct icmp_reply *out);

/* True when reads on s start with an IP header (IPv4 raw sockets). */
static inline bool
match_has_iphdr(const struct sock *s)
{
	return s->af == AF_INET &&
	    (s->kind == SOCK_RAW_ICMP || s->kind == SOCK_RAW_PROTO);
}

static inline enum parse_err
match_parse(const struct sock *s, const struct rx *rx,
    struct icmp_reply *out)
{
	bool iphdr = match_has_iphdr(s);
	enum parse_err e;

	if (rx->is_err)
		return match_parse_err(s, rx, out);
	if (s->kind == SOCK_RAW_PROTO)
		e = parse_l4(s->af, iphdr, (uint8_t)s->proto, rx->buf,
		    rx->len, out);
	else
		e = parse_reply(s->af, iphdr, rx->buf, rx->len, out);
	if (e == PARSE_OK && !iphdr)
		out->src = rx->from;
	return e;
}

/*
 * The probe a parsed reply answers, if it is one of sp's: the quoted or
 * answering ids, ports and destination are checked against sp; the
 * ident is filled. Redirects and source quenches are advice, not
 * answers: no key. False: not ours.
 */
bool	match_key_slow(const struct match_spec *sp,
	    const struct icmp_reply *r, struct match_key *k);

static inline bool
match_key_of(const struct match_spec *sp, const struct icmp_reply *r,
    struct match_key *k)
{
	/* the one case of every ping -f reply, without the general walk */
	if (sp->kind == MATCH_ECHO && r->kind == sp->reply_kind &&
	    r->af == sp->af) {
		k->error = k->advice = false;
		k->ident = r->seq;
		k->dst = r->src;
		return r->id == sp->id;
	}
	return match_key_slow(sp, r, k);
}

/*
 * ping's lookup: the transmit index (1, 2, ...) of the newest request with
 * sequence seq when sent requests have gone out (sequence = index mod
 * 65536), or 0 if none has it.
 */
static inline uint64_t
match_seq_index(uint64_t sent, uint16_t seq)
{
	uint16_t back = (uint16_t)((uint16_t)sent - seq);

	if (sent == 0 || back >= sent)
		return 0;
	return sent - back;
}

/* --classic: the destination port of probe n, skipping port 0 past
 * 65535 (no UDP socket can send to it). */
uint16_t match_classic_port(uint16_t base, size_t n);

#endif
