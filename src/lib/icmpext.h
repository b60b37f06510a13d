/*
 * icmpext.h: RFC 4884 ICMP extension structure and its objects; RFC 4950
 * MPLS label stack entries decoded. Pure, bounded, no allocation: objects
 * point into the caller's buffer.
 */
#ifndef ICMPTOOLS_ICMPEXT_H
#define ICMPTOOLS_ICMPEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ICMPEXT_MAX_OBJS	16
#define ICMPEXT_MAX_MPLS	16
#define ICMPEXT_CLASS_MPLS	1	/* RFC 4950 */
/* traceroute 2.1.2 keeps its -e text in 1024 bytes: longer text is cut
 * after 1023 characters there, and so here */
#define ICMPEXT_TEXT_MAX	1024

struct icmpext_mpls {
	uint32_t	 label;		/* 20 bits */
	uint8_t		 exp;		/* 3 bits (TC) */
	uint8_t		 s;		/* bottom of stack */
	uint8_t		 ttl;
};

struct icmpext_obj {
	uint16_t	 len;		/* whole object, header included */
	uint8_t		 class, ctype;
	const uint8_t	*data;		/* payload after the 4-byte header */
	size_t		 datalen;
	size_t		 nmpls;		/* class 1 c-type 1 */
	struct icmpext_mpls mpls[ICMPEXT_MAX_MPLS];
};

struct icmpext {
	uint8_t		 version;	/* 2 */
	uint16_t	 cksum;		/* 0 = not computed */
	bool		 cksum_ok;	/* true when 0 or correct */
	size_t		 nobjs;
	bool		 more;		/* objects beyond ICMPEXT_MAX_OBJS */
	struct icmpext_obj obj[ICMPEXT_MAX_OBJS];
	const uint8_t	*objs;		/* every object, as received */
	size_t		 objslen;
};

/*
 * Parse an extension structure (4-byte header + objects). Rejects: len < 4,
 * version != 2, a bad non-zero checksum, an object length < 4 or past the
 * end. Returns 0 and fills *out, -1 on malformed input.
 */
int		icmpext_parse(const uint8_t *ext, size_t len,
		    struct icmpext *out);

/*
 * traceroute 2.1.2's -e text of a parsed structure (the printer puts it
 * in "<...>"): objects joined by ';', each of them, all labels included
 * (the walk is over e->objs, not bounded by ICMPEXT_MAX_*):
 *   class 1 c-type 1 with entries: "MPLS:L=100,E=0,S=1,T=1", several
 *     entries joined by '/' (RFC 4950: label, TC, bottom of stack, TTL);
 *   any other: "class/ctype:" then the payload as 32-bit words, 8 hex
 *     digits each, joined by ',' ("99/0:00010203,04050607"; no words:
 *     "99/0:").
 * 2.1.2 shows nothing when an object's payload is not whole 32-bit
 * words: -1 then, with buf "". Else writes as snprintf (cut to len - 1
 * characters; with len ICMPEXT_TEXT_MAX exactly what 2.1.2 prints) and
 * returns the whole text's length; -1 too if buf is NULL or len 0.
 */
int		icmpext_format(const struct icmpext *e, char *buf, size_t len);

#endif
