/*
 * parse.h: received bytes -> struct icmp_reply. Pure: no I/O, no printing,
 * no allocation; every field read through rd.h, every length checked. The
 * reply points into the caller's buffer (data, ipopt, quote.l4, ext), so
 * it is valid only while that buffer is. Everything in it is host order.
 */
#ifndef ICMPTOOLS_PARSE_H
#define ICMPTOOLS_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "addr.h"

enum icmp_kind {
	ICMP_KIND_OTHER = 0,		/* a type we do not interpret */
	ICMP_KIND_ECHO_REPLY,
	ICMP_KIND_ECHO_REQUEST,
	ICMP_KIND_UNREACH,		/* v4 type 3, v6 type 1 */
	ICMP_KIND_SOURCE_QUENCH,	/* v4 type 4 */
	ICMP_KIND_REDIRECT,		/* v4 type 5 (v6 137) */
	ICMP_KIND_TIME_EXCEEDED,	/* v4 type 11, v6 type 3 */
	ICMP_KIND_PARAM_PROB,		/* v4 type 12, v6 type 4 */
	ICMP_KIND_PKT_TOO_BIG,		/* v6 type 2 */
	ICMP_KIND_TSTAMP_REQUEST,	/* 13 */
	ICMP_KIND_TSTAMP_REPLY,		/* 14 */
	ICMP_KIND_INFO_REQUEST,		/* 15 */
	ICMP_KIND_INFO_REPLY,		/* 16 */
	ICMP_KIND_MASK_REQUEST,		/* 17 */
	ICMP_KIND_MASK_REPLY,		/* 18 */
	ICMP_KIND_ROUTER_ADVERT,	/* v4 9, v6 134 */
	ICMP_KIND_ROUTER_SOLICIT,	/* v4 10, v6 133 */
	ICMP_KIND_TCP,			/* not ICMP: a TCP segment (SYN-ACK,
					 * RST) read on a raw TCP socket */
	ICMP_KIND_DCCP,			/* not ICMP: a DCCP packet (Response,
					 * Reset) on a raw DCCP socket */
	ICMP_KIND_PROTO,		/* not ICMP: a packet of another
					 * protocol on its raw socket */
};

enum parse_err {
	PARSE_OK = 0,
	PARSE_TRUNCATED,	/* shorter than its headers say / need */
	PARSE_BAD_VERSION,	/* IP version nibble is not the family's */
	PARSE_BAD_IHL,		/* IPv4 IHL < 5 or past the end */
	PARSE_BAD_LENGTH,	/* IP total length smaller than the header */
	PARSE_NOT_ICMP,		/* outer protocol is not ICMP / ICMPv6 */
	PARSE_FRAGMENT,		/* a non-first fragment: no ICMP header */
	PARSE_BAD_CKSUM,	/* ICMP checksum wrong (IPv4 only; the
				 * kernel checks ICMPv6) */
	PARSE_SHORT_QUOTE,	/* error message quoting < IP hdr + 8 bytes */
	PARSE_BAD_QUOTE,	/* quoted IP header malformed */
	PARSE_EAFNOSUPPORT,	/* af is neither AF_INET nor AF_INET6 */
	PARSE_NOT_TCP,		/* a raw socket of another protocol read
				 * something else */
	PARSE_REDUNDANT,	/* an error-queue copy of an ICMP error the
				 * raw ICMP socket reads in full */
};

/* The datagram quoted inside an ICMP error (RFC 792 / RFC 4443). */
struct icmp_quote {
	bool		 present;	/* an error with a valid quote */
	uint8_t		 proto;		/* IPPROTO_UDP/TCP/ICMP/ICMPV6/... */
	struct addr	 src, dst;
	uint16_t	 ip_id;		/* IPv4 identification */
	uint16_t	 ip_len;	/* v4 total length, v6 payload length */
	uint8_t		 ttl;		/* TTL / hop limit as it arrived */
	uint8_t		 tos;		/* TOS / traffic class */
	uint32_t	 flowlabel;	/* IPv6 */
	bool		 has_l4;	/* first 8 transport bytes present */
	const uint8_t	*l4;		/* they (has_l4), any protocol */
	uint16_t	 sport, dport;	/* UDP, TCP */
	uint16_t	 udp_len, udp_cksum;	/* UDP, UDP-Lite; DCCP's
						 * checksum in udp_cksum */
	uint32_t	 tcp_seq;
	uint8_t		 icmp_type, icmp_code;	/* quoted echo request */
	uint16_t	 icmp_id, icmp_seq;
	const uint8_t	*payload;	/* bytes after the 8 transport bytes */
	size_t		 payloadlen;
};

struct icmp_reply {
	int		 af;		/* AF_INET or AF_INET6 */
	enum icmp_kind	 kind;
	uint8_t		 type, code;
	uint16_t	 cksum;
	/* Outer IP header, only when parsed with has_iphdr (IPv4 raw). */
	bool		 has_iphdr;
	struct addr	 src, dst;
	uint8_t		 ttl, tos;
	uint16_t	 ip_id;
	const uint8_t	*ipopt;		/* IPv4 options, ipoptlen bytes */
	size_t		 ipoptlen;
	/* Echo, timestamp, information, address mask. */
	uint16_t	 id, seq;
	const uint8_t	*data;		/* echo payload after the 8-byte hdr */
	size_t		 datalen;
	uint32_t	 ts_orig, ts_recv, ts_xmit;	/* ms since midnight UT */
	uint32_t	 mask;
	/* Errors. */
	uint32_t	 mtu;		/* v4 unreach code 4 next-hop MTU, v6 PTB */
	uint32_t	 pointer;	/* parameter problem */
	struct addr	 gateway;	/* redirect */
	struct icmp_quote quote;
	const uint8_t	*ext;		/* RFC 4884 extension structure */
	size_t		 extlen;	/* (icmpext.h parses it) */
	/* Not ICMP (kinds TCP, DCCP, PROTO): a packet of the probes' own
	 * protocol. TCP: ports, sequence, acknowledgment, flags; DCCP: the
	 * ports, the type and, if it acknowledges (dccp_acks), the low 16
	 * bits of the acknowledgment in tcp_ack. */
	uint8_t		 l4proto;
	uint16_t	 tcp_sport, tcp_dport;
	uint32_t	 tcp_seq, tcp_ack;
	uint8_t		 tcp_flags;	/* FIN 0x01 SYN 0x02 RST 0x04 ... */
	uint8_t		 dccp_type;	/* RFC 4340 5.1: 1 Response, 7 Reset */
	bool		 dccp_acks;
	/* From the socket's error queue (parse_errqueue): the quote holds
	 * only what our socket sent, its ports are the socket's. */
	bool		 from_errq;
	/* Router advertisement (v4). */
	uint8_t		 ra_naddrs, ra_addrsize;
	uint16_t	 ra_lifetime;
};

/*
 * A record from the socket error queue (IP_RECVERR / IPV6_RECVERR), copied
 * out of struct sock_extended_err by sock.c so parsing stays pure.
 */
struct errq_rec {
	int		 af;		/* family of the socket */
	uint8_t		 origin;	/* SO_EE_ORIGIN_* */
	uint8_t		 type, code;	/* ICMP type/code (origin ICMP/ICMP6) */
	uint32_t	 info;		/* MTU for frag-needed / PTB */
	int		 err;		/* ee_errno */
	struct addr	 offender;	/* who sent the error (may be unspec) */
	uint8_t		 proto;		/* protocol of the socket: the quote's */
	struct addr	 dst;		/* the quoted datagram's destination:
					 * the kernel returns it as the read's
					 * msg_name (unspec if it did not) */
	uint16_t	 dst_port;	/* and its port (UDP kinds), or 0 */
};

/*
 * Parse one ICMP (af AF_INET) or ICMPv6 (AF_INET6) message. has_iphdr says
 * the buffer starts with the IPv4 header (raw IPv4 sockets); it must be
 * false for IPv6 and for ICMP datagram sockets. Validates every header
 * length, the IPv4 ICMP checksum, and for errors the quoted IP header
 * (IHL read from the quote) and at least 8 quoted transport bytes.
 * Returns PARSE_OK and fills *out, or an error with *out zeroed but for af.
 * Details: an IPv4 IHL < 5 or past the buffer is PARSE_BAD_IHL; a total
 * length past the buffer PARSE_TRUNCATED (bytes after it are ignored);
 * has_iphdr with AF_INET6 is PARSE_EAFNOSUPPORT. A quote needs IP header +
 * 8 bytes (else PARSE_SHORT_QUOTE); a quoted non-first fragment gives
 * quote.has_l4 false; quoted IPv6 extension headers (hop-by-hop, routing,
 * destination options, fragment, AH) are skipped, every one that is
 * quoted, as the kernel does (up to a non-first fragment). Errors keep
 * data NULL. RFC 4884 (v4 types 3/11/12, v6 types 1/3): ext is set where
 * a valid extension header (version 2, checksum 0 or right, an object
 * header after it) starts: at the length attribute if that is >= 128
 * bytes and within the body, else at offset 128 (RFC 4884 5.: the
 * non-compliant routers that send no attribute; traceroute 2.1.2 looks
 * there whatever the attribute says); the quote ends there. With
 * no valid header, a compliant attribute still ends the quote. IPv6
 * redirect: gateway = target, data = the ND options, quote from a valid
 * Redirected Header option if there is one.
 */
enum parse_err	parse_reply(int af, bool has_iphdr, const uint8_t *buf,
		    size_t len, struct icmp_reply *out);

/*
 * Turn an error-queue record plus the returned original payload (what our
 * socket sent: the ICMP header and data for ICMP sockets, the UDP payload
 * for UDP sockets) into a reply: kind/type/code from the record, src = the
 * offender, quote.present with proto, quote.dst = e->dst (the caller must
 * compare it with its target: the kernel queues errors on a ping socket by
 * echo id alone, so a forged error can quote another destination),
 * icmp_* from the payload for ICMP, quote.payload = the payload for UDP
 * (ports are the socket's: the caller fills them). Non-ICMP origins
 * (local errors) return PARSE_NOT_ICMP.
 */
enum parse_err	parse_errqueue(const struct errq_rec *e, const uint8_t *orig,
		    size_t len, struct icmp_reply *out);

/*
 * RFC 4884 in an error-queue payload: orig/len as given to parse_errqueue
 * (which returned PARSE_OK into *r), hdrlen the bytes of the original
 * datagram field the kernel stripped before orig (our IP header with its
 * options, plus 8 for UDP; a ping socket's payload starts at the ICMP
 * header). The kernel passes no length attribute, so only the fixed
 * place is known: a valid extension header at offset 128 of the field
 * (RFC 4884 5.; where traceroute 2.1.2 looks on the same queue) sets
 * r->ext/extlen, on the kinds that may carry one, and ends
 * quote.payload there. Otherwise *r is left as it was.
 */
void		parse_errqueue_ext(struct icmp_reply *r, const uint8_t *orig,
		    size_t len, size_t hdrlen);

/*
 * A packet of protocol proto read on its raw socket (IPv4: from the IP
 * header on, has_iphdr; IPv6: from the transport header): TCP gives kind
 * ICMP_KIND_TCP with the ports, sequence, acknowledgment and flags
 * (data offset >= 5 and within the buffer); DCCP ICMP_KIND_DCCP with the
 * ports, type and acknowledgment (RFC 4340 5.1, 5.3; both lengths
 * checked); any other protocol ICMP_KIND_PROTO with no fields. src/dst come
 * from the IPv4 header (the caller sets src for IPv6). PARSE_NOT_TCP if
 * the IPv4 header says another protocol. Checksums are not checked (raw
 * sockets get packets before the protocol checks them): a damaged one can
 * only fail to match a probe.
 */
enum parse_err	parse_l4(int af, bool has_iphdr, uint8_t proto,
		    const uint8_t *buf, size_t len, struct icmp_reply *out);

/* The kind of ICMP (af AF_INET) or ICMPv6 type, into *k and returned. */
enum icmp_kind	parse_kind_of(int af, uint8_t type, enum icmp_kind *k);
/* True for the kinds that quote a datagram (unreach, TE, PP, PTB, ...). */
bool		parse_kind_is_error(enum icmp_kind k);
/* Short text for an error code ("truncated", "bad IHL", ...). */
const char     *parse_strerror(enum parse_err e);

#endif
