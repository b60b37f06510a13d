/*
 * nodeinfo.h: ICMPv6 Node Information queries (RFC 4620), as ping -N
 * sends them: the -N argument (iputils ping's words) -> struct ni_query;
 * the query's bytes; the nonce that names a query (keyed, so only we can
 * make one that checks); a reply's bytes -> struct ni_reply, its names
 * and addresses, and the text iputils prints for it. Pure: no I/O; every
 * wire byte through rd.h. Internal to the tools (not in icmptools.h).
 */
#ifndef ICMPTOOLS_NODEINFO_H
#define ICMPTOOLS_NODEINFO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "addr.h"
#include "build.h"

#define NI_TYPE_QUERY		139
#define NI_TYPE_REPLY		140
#define NI_HDRLEN		16	/* type .. flags, nonce */
#define NI_NONCE_LEN		8
#define NI_NAME_MAX		255	/* RFC 1035 2.3.4, the wire form */
#define NI_LABEL_MAX		63

/* Qtypes (RFC 4620 4.) */
#define NI_QTYPE_NOOP		0
#define NI_QTYPE_NAME		2
#define NI_QTYPE_NODEADDR	3
#define NI_QTYPE_IPV4ADDR	4

/* Flags (RFC 4620 6.3, 6.4), host order of the 16-bit field */
#define NI_FLAG_T		0x0001	/* reply: the list was cut */
#define NI_FLAG_A		0x0002	/* all unicast addresses */
#define NI_FLAG_C		0x0004	/* IPv4-compatible/-mapped */
#define NI_FLAG_L		0x0008	/* link-local */
#define NI_FLAG_S		0x0010	/* site-local */
#define NI_FLAG_G		0x0020	/* global */

/* Query codes: what the subject is (RFC 4620 4.) */
#define NI_SUBJ_IPV6		0
#define NI_SUBJ_NAME		1
#define NI_SUBJ_IPV4		2

/* Reply codes (RFC 4620 4.) */
#define NI_CODE_SUCCESS		0
#define NI_CODE_REFUSED		1
#define NI_CODE_UNKNOWN		2

/* What the -N arguments asked for. */
struct ni_query {
	bool		 help;		/* -N help: list the words, exit 0 */
	bool		 qtype_set;
	uint16_t	 qtype;
	uint16_t	 flags;
	bool		 subject_set;	/* else the destination (IPv6) */
	uint8_t		 subject_code;	/* NI_SUBJ_* */
	uint8_t		 subject[NI_NAME_MAX + 1];	/* address or name,
					 * wire form */
	size_t		 subjlen;
};

void	nodeinfo_init(struct ni_query *q);
/*
 * One -N argument into *q, with iputils ping's words: name (or fqdn),
 * ipv6, ipv6-all, ipv6-compatible, ipv6-global, ipv6-linklocal,
 * ipv6-sitelocal, ipv4, ipv4-all, subject-ipv6=ADDR, subject-ipv4=ADDR
 * (numeric), subject-name=NAME (fully qualified if it has a dot),
 * subject-fqdn=NAME, help. Flags add up; a second qtype or subject kind
 * is a conflict. Returns 0, or -1 with one line in err (no newline).
 */
int	nodeinfo_parse_arg(struct ni_query *q, const char *arg, char *err,
	    size_t errlen);
/* The list -N help prints (lines ending in newlines). */
const char *nodeinfo_help_text(void);
/*
 * The subject in DNS wire format (RFC 4620 3.: lower case, no
 * compression; a name that is not fully qualified ends in two zero
 * bytes). A trailing dot makes a name fully qualified; %scope is
 * dropped. Returns the length, or 0 (empty label, label over 63 bytes,
 * name over 255, cap too small).
 */
size_t	nodeinfo_name_wire(const char *name, bool fqdn, uint8_t *buf,
	    size_t cap);

/*
 * The nonce of query seq: seq (big endian) then 6 bytes of a keyed hash
 * of it, so a reply's nonce names its query and nobody else can make
 * one (iputils: seq + MD5 over a secret). nodeinfo_nonce_seq() checks a
 * received nonce (NI_NONCE_LEN bytes) and gives its seq.
 */
void	nodeinfo_nonce(const struct build_key *k, uint16_t seq,
	    uint8_t nonce[NI_NONCE_LEN]);
bool	nodeinfo_nonce_seq(const struct build_key *k, const uint8_t *nonce,
	    size_t len, uint16_t *seq);

/*
 * The query (type 139) for q with the given nonce; dst is the subject
 * when q names none (an IPv6 destination). The checksum is left 0 (the
 * kernel's). Returns the length, or 0 if cap is too small or there is
 * no subject.
 */
size_t	nodeinfo_build_query(const struct ni_query *q, const struct addr *dst,
	    const uint8_t nonce[NI_NONCE_LEN], uint8_t *buf, size_t cap);

enum ni_err {
	NI_OK = 0,
	NI_ERR_NOT_REPLY,	/* not type 140 */
	NI_ERR_TOO_SHORT,	/* shorter than the header (+ a TTL) */
	NI_ERR_TRUNCATED,	/* a name or address runs past the end */
	NI_ERR_LABEL,		/* label type 01/10 (RFC 6891 / reserved) */
	NI_ERR_POINTER,		/* a compression pointer (RFC 4620 3.:
				 * none allowed) */
	NI_ERR_LONG,		/* a name over 255 bytes */
};

/* A reply: the header, the data after it (in the caller's buffer). */
struct ni_reply {
	uint8_t		 code;
	uint16_t	 qtype, flags;
	uint8_t		 nonce[NI_NONCE_LEN];
	const uint8_t	*data;
	size_t		 datalen;
};

/* The ICMPv6 message buf (no IP header) -> *out: NI_OK, NI_ERR_NOT_REPLY
 * or NI_ERR_TOO_SHORT. */
enum ni_err nodeinfo_parse_reply(const uint8_t *buf, size_t len,
	    struct ni_reply *out);

/* One name of a Node Name reply, labels as on the wire (checked). */
struct ni_name {
	const uint8_t	*wire;		/* first length byte */
	size_t		 len;		/* through the terminating 0 */
	bool		 fqdn;		/* one zero byte, not two */
};

/* A walk over a reply's names or addresses. */
struct ni_iter {
	const uint8_t	*p;
	size_t		 len;
	enum ni_err	 err;		/* why the walk stopped early */
	uint32_t	 ttl;		/* names: the one TTL (RFC 4620 6.3) */
};

/* Names: start after the TTL (NI_ERR_TOO_SHORT in it->err if there is
 * none); next gives each name, false at the end or on an error. */
void	nodeinfo_names_begin(const struct ni_reply *r, struct ni_iter *it);
bool	nodeinfo_name_next(struct ni_iter *it, struct ni_name *nm);

/* One address of a Node Addresses / IPv4 Addresses reply. */
struct ni_addr {
	uint32_t	 ttl;
	struct addr	 a;
};
void	nodeinfo_addrs_begin(const struct ni_reply *r, struct ni_iter *it);
/* af AF_INET6 for qtype 3, AF_INET for qtype 4 */
bool	nodeinfo_addr_next(struct ni_iter *it, int af, struct ni_addr *e);

/* A name as text: each label escaped (esc.h; a dot inside a label as
 * \x2e), joined by dots, a dot after a fully qualified one. Returns the
 * length the whole text needs (>= outlen: cut). */
size_t	nodeinfo_name_text(const struct ni_name *nm, bool utf8, char *out,
	    size_t outlen);
/*
 * What iputils prints for a reply between "from ADDR:" and "; seq=N;":
 * " NAME., NAME" / " ADDR, ADDR" (+ " (truncated)" for the T flag),
 * " refused", " unknown", " unknown qtype(0xNN)", " unknown code(NN)",
 * with " parse error (too short)" / " parse error (truncated)" (or
 * "(compression)", "(bad label)", "(name too long)") where a walk
 * stopped. Cut with "..." if outlen is too small.
 */
void	nodeinfo_reply_text(const struct ni_reply *r, bool utf8, char *out,
	    size_t outlen);
const char *nodeinfo_strerror(enum ni_err e);

#endif
