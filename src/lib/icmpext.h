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
};

/*
 * Parse an extension structure (4-byte header + objects). Rejects: len < 4,
 * version != 2, a bad non-zero checksum, an object length < 4 or past the
 * end. Returns 0 and fills *out, -1 on malformed input.
 */
int		icmpext_parse(const uint8_t *ext, size_t len,
		    struct icmpext *out);

/*
 * traceroute 2.1.2 -e style: objects space-separated, MPLS as
 * "<MPLS:L=100,E=0,S=1,T=1>" (several entries joined by "/"), others as
 * "<class/ctype:hex...>". Returns length written, -1 if it did not fit.
 */
int		icmpext_format(const struct icmpext *e, char *buf, size_t len);

#endif
