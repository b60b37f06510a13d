/*
 * build.h: probes and requests written into a caller buffer. Pure: no I/O.
 * Every builder returns the number of bytes written, or 0 when the buffer
 * is too small or an argument is out of range. ICMPv6 checksums are left 0
 * (the kernel fills them on raw and datagram ICMPv6 sockets).
 */
#ifndef ICMPTOOLS_BUILD_H
#define ICMPTOOLS_BUILD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "addr.h"

/* The request types (RFC 792, 950, 4443). */
#define BUILD_ICMP4_ECHO	8
#define BUILD_ICMP4_TSTAMP	13
#define BUILD_ICMP4_MASKREQ	17
#define BUILD_ICMP6_ECHO	128
/* RFC 792 timestamps: milliseconds since midnight UT */
#define BUILD_MS_PER_DAY	86400000u

#define BUILD_ICMP_HDRLEN	8
#define BUILD_STAMP_LEN		16	/* send time (8) + MAC (8) */

/* What names an echo request: its identifier and sequence number. */
struct build_echo_id {
	uint16_t	 id, seq;
};
/* Bytes to carry or repeat (a payload, a -p pattern). */
struct build_bytes {
	const uint8_t	*p;
	size_t		 len;
};

/* Echo request (v4 type 8 / v6 128) with the given payload. */
size_t	build_echo(int af, struct build_echo_id e, struct build_bytes payload,
	    uint8_t *buf, size_t cap);
/* ICMP Timestamp request (13) with originate time orig_ms (IPv4 only). */
size_t	build_tstamp(uint16_t id, uint16_t seq, uint32_t orig_ms,
	    uint8_t *buf, size_t cap);
/* ICMP Address Mask request (17) (IPv4 only). */
size_t	build_mask(uint16_t id, uint16_t seq, uint8_t *buf, size_t cap);

/*
 * Echo payload: [send time, int64 ns, big endian][8-byte keyed MAC over
 * (time, id, seq)][fill]. Fill byte at payload offset i is pattern[i %
 * patlen], or (uint8_t)i when patlen is 0: exactly iputils, which fills
 * its data with 0, 1, 2, ... (or the -p pattern from offset 0) and then
 * overwrites the first 16 bytes with the time, so the first fill byte is
 * 0x10. With len < BUILD_STAMP_LEN only the fill is written, from offset 0
 * (no timing, as iputils with -s < 16). The key is per run (build_key_init).
 */
struct build_key {
	uint64_t	k0, k1;		/* SipHash-2-4 key */
};
/* Fill the key from getrandom(); the one function here that reads the OS.
 * Returns 0, or -1 (errno set) if no randomness could be had. */
int	build_key_init(struct build_key *k);
/* SipHash-2-4 of msg under k (k0/k1 = the key's bytes 0-7/8-15 read little
 * endian, as in the paper); exposed for its test vectors. */
uint64_t build_siphash(const struct build_key *k, const void *msg,
	    size_t len);
/* What a payload carries: the send time of echo e, and the fill. */
struct build_stamp_in {
	int64_t			 t_sent;
	struct build_echo_id	 e;
	struct build_bytes	 pattern;	/* len 0: 0, 1, 2 ... */
};
void	build_payload(const struct build_key *k,
	    const struct build_stamp_in *in, uint8_t *buf, size_t len);

enum build_stamp {
	BUILD_STAMP_OK = 0,	/* *t_sent is authentic */
	BUILD_STAMP_NONE,	/* payload too short to carry a stamp */
	BUILD_STAMP_FORGED,	/* MAC does not match: never use the time */
};
/* Check a received payload's stamp against echo e; fill *t_sent. */
enum build_stamp build_check_stamp(const struct build_key *k,
	    struct build_echo_id e, const uint8_t *data, size_t len,
	    int64_t *t_sent);
/*
 * Compare the fill part of a received payload with what build_payload
 * wrote; returns -1 if intact, else the index (in data) of the first wrong
 * byte. Only the bytes present are compared.
 */
long	build_check_fill(const uint8_t *pattern, size_t patlen,
	    const uint8_t *data, size_t len);

/* A segment's ports and the addresses its checksum covers (the
 * pseudo-header; src and dst of the same family). */
struct build_ports {
	const struct addr	*src, *dst;
	uint16_t		 sport, dport;
};

/*
 * UDP probe (header + payloadlen bytes). If want_cksum != 0 the first two
 * payload bytes are chosen so the UDP checksum equals want_cksum: a
 * per-probe identity that routers quote back while ports stay fixed (flow
 * stable). src and dst must be of the same family (pseudo-header).
 * Payload bytes are 0x40 + (i & 0x3f) as traceroute 2.1.2. The checksum
 * field is never 0 (RFC 768: a computed 0 is sent as 0xffff), so every
 * want_cksum 1..0xffff is reachable (0xffff = a computed 0); with
 * want_cksum != 0, payloadlen must be >= 2.
 */
size_t	build_udp(const struct build_ports *f, uint16_t want_cksum,
	    size_t payloadlen, uint8_t *buf, size_t cap);
/* TCP flags */
#define BUILD_TCP_FIN	0x01u
#define BUILD_TCP_SYN	0x02u
#define BUILD_TCP_RST	0x04u
#define BUILD_TCP_PSH	0x08u
#define BUILD_TCP_ACK	0x10u
#define BUILD_TCP_URG	0x20u
#define BUILD_TCP_ECE	0x40u
#define BUILD_TCP_CWR	0x80u

/* What a TCP probe carries besides its ports and sequence. */
struct build_tcp {
	uint32_t	 ack;
	uint8_t		 flags;		/* BUILD_TCP_* */
	uint16_t	 window;
	const uint8_t	*opt;		/* options, a multiple of 4 bytes */
	size_t		 optlen;	/* <= 40 */
};
/* TCP segment (header + options, no data) with its checksum over f's
 * pseudo-header. */
size_t	build_tcp(const struct build_ports *f, uint32_t seq,
	    const struct build_tcp *t, uint8_t *buf, size_t cap);
/* TCP options (RFC 9293, 2018, 7323). */
struct build_tcpopt {
	uint16_t	 mss;		/* 0: none */
	bool		 sack, tstamp, wscale;	/* wscale: shift 2 */
	uint32_t	 tsval, tsecr;
};
/* The options in a Linux SYN's order and padding (2.1.2's): MSS, SACK
 * permitted + timestamps (NOP NOP before the timestamps without SACK,
 * before SACK without timestamps), NOP + window scale. Returns the length
 * (a multiple of 4, <= 20), 0 if cap is too small. */
size_t	build_tcp_opts(const struct build_tcpopt *o, uint8_t *buf, size_t cap);

/* A DCCP-Request (RFC 4340 5.2, 48-bit sequence numbers). */
struct build_dccp {
	uint16_t	 sport, dport;
	uint32_t	 seq_hi;	/* sequence bits 47..16 */
	uint32_t	 service;	/* service code */
	uint16_t	 want_cksum;	/* the checksum field, 1..0xfffe: the
					 * sequence's low 16 bits are chosen
					 * to give it (the probe's identity
					 * in the 8 bytes every router
					 * quotes) */
};
/* Header (20 bytes) + payloadlen bytes of 0x40 + (i & 0x3f). */
size_t	build_dccp_request(const struct addr *src, const struct addr *dst,
	    const struct build_dccp *d, size_t payloadlen, uint8_t *buf,
	    size_t cap);
/* The checksum of d's request with the low sequence bits 0 (the sum every
 * probe of a trace shares), and the checksum field a probe with low
 * sequence bits seq_lo carries: an answer acknowledging seq_lo names the
 * probe whose want_cksum that was. */
uint16_t build_dccp_sum0(const struct addr *src, const struct addr *dst,
	    const struct build_dccp *d, size_t payloadlen);
uint16_t build_dccp_cksum_of(uint16_t sum0, uint16_t seq_lo);

#endif
