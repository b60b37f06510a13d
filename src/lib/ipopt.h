/*
 * ipopt.h: IPv4 options (RFC 791): builders for Record Route, Timestamp and
 * Loose/Strict Source Route, and a bounds-checked walker over received
 * options. Pure: no I/O, no allocation.
 */
#ifndef ICMPTOOLS_IPOPT_H
#define ICMPTOOLS_IPOPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "addr.h"

#define IPOPT_MAXLEN	40	/* IPv4 header max 60 - 20 */
#define IPOPT_RR_SLOTS	9	/* (40 - 3 - 1 NOP) / 4 */
#define IPOPT_TS_MAX	9	/* tsonly: (40 - 4) / 4 */
#define IPOPT_TS_PRESPEC 4	/* tsandaddr / tsprespec: (40 - 4) / 8 */
#define IPOPT_SRR_MAX	9

/* Option types (copied flag included). */
#define IPOPT_T_EOL	0
#define IPOPT_T_NOP	1
#define IPOPT_T_RR	7
#define IPOPT_T_TS	68
#define IPOPT_T_LSRR	131
#define IPOPT_T_SSRR	137

/* Timestamp flags (RFC 791). */
enum ipopt_ts_flag {
	IPOPT_TS_TSONLY = 0,
	IPOPT_TS_TSANDADDR = 1,
	IPOPT_TS_PRESPEC_FLAG = 3,
};

enum ipopt_err {
	IPOPT_OK = 0,
	IPOPT_EBADLEN,		/* option length < 2 (or < 3 for route/TS) */
	IPOPT_ETRUNC,		/* option runs past the end */
	IPOPT_EPTR,		/* pointer out of range / misaligned */
	IPOPT_EDUP,		/* same option twice */
};

struct ipopt_ts {
	bool		 has_addr;
	struct addr	 addr;
	uint32_t	 ts;		/* ms since midnight UT (raw) */
};

struct ipopt_info {
	bool		 has_rr;
	size_t		 rr_n;			/* filled slots */
	size_t		 rr_slots;		/* total slots */
	struct addr	 rr[IPOPT_RR_SLOTS];
	bool		 has_ts;
	uint8_t		 ts_flag;
	uint8_t		 ts_overflow;		/* RFC 791 4-bit counter */
	size_t		 ts_n;
	struct ipopt_ts	 ts[IPOPT_TS_MAX];
	bool		 has_srr;
	bool		 srr_strict;
	size_t		 srr_n;			/* addresses in the option */
	size_t		 srr_ptr_idx;		/* index the pointer is at */
	struct addr	 srr[IPOPT_SRR_MAX];
};

/*
 * Builders write one option, NOP-padded to a multiple of 4, into buf
 * (cap bytes). Return the length written (<= IPOPT_MAXLEN), 0 on error
 * (cap too small, too many addresses, non-IPv4 address).
 */
size_t		ipopt_build_rr(uint8_t *buf, size_t cap);
/* prespec: n (<= 4) addresses for IPOPT_TS_PRESPEC_FLAG, else ignored. */
size_t		ipopt_build_ts(enum ipopt_ts_flag flag, const struct addr *prespec,
		    size_t n, uint8_t *buf, size_t cap);
size_t		ipopt_build_srr(bool strict, const struct addr *addrs, size_t n,
		    uint8_t *buf, size_t cap);

/*
 * Walk len bytes of received IPv4 options. Rejects: length < 2, an option
 * past the end, a pointer below its minimum or beyond len + 1. Unknown
 * options are skipped by their length. Fills *out (zeroed first).
 */
enum ipopt_err	ipopt_parse(const uint8_t *opt, size_t len,
		    struct ipopt_info *out);

/*
 * Print RR/TS like iputils ping ("\nRR: \t198.18.0.1\n\t198.18.1.2 ...",
 * "\nTS: \t<ms> absolute\n\t<diff>\n"); numeric addresses. Returns 0.
 */
int		ipopt_print(FILE *fp, const struct ipopt_info *info);

const char     *ipopt_strerror(enum ipopt_err e);

#endif
