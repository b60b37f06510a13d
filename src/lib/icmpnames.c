/*
 * icmpnames.c: data tables (family, type, code) -> iputils ping 20221126
 * message text, traceroute 2.1.2 annotation and a type name.
 */
#include <sys/socket.h>

#include <arpa/inet.h>

#include <stdio.h>
#include <string.h>

#include "addr.h"
#include "icmpnames.h"

struct tname {
	uint8_t		 type;
	const char	*name;
};

static const struct tname v4_types[] = {
	{ 0, "Echo Reply" }, { 3, "Destination Unreachable" },
	{ 4, "Source Quench" }, { 5, "Redirect" }, { 8, "Echo Request" },
	{ 9, "Router Advertisement" }, { 10, "Router Solicitation" },
	{ 11, "Time Exceeded" }, { 12, "Parameter Problem" },
	{ 13, "Timestamp" }, { 14, "Timestamp Reply" },
	{ 15, "Information Request" }, { 16, "Information Reply" },
	{ 17, "Address Mask Request" }, { 18, "Address Mask Reply" },
};

static const struct tname v6_types[] = {
	{ 1, "Destination Unreachable" }, { 2, "Packet Too Big" },
	{ 3, "Time Exceeded" }, { 4, "Parameter Problem" },
	{ 128, "Echo Request" }, { 129, "Echo Reply" },
	{ 130, "MLD Query" }, { 131, "MLD Report" }, { 132, "MLD Reduction" },
	{ 133, "Router Solicitation" }, { 134, "Router Advertisement" },
	{ 135, "Neighbor Solicitation" }, { 136, "Neighbor Advertisement" },
	{ 137, "Redirect" },
};

/*
 * How a (type, code) is printed: fmt is a printf format taking, per arg,
 * the code, the MTU, the pointer or the gateway text.
 */
enum targ { A_NONE, A_CODE, A_MTU, A_PTR, A_GW, A_TYPE };

struct ptext {
	int		 af;
	int		 type;		/* -1: any (default row) */
	int		 code;		/* -1: any code of type */
	const char	*fmt;
	enum targ	 arg;
};

/* First matching row wins: specific codes before a type's default. */
static const struct ptext ping_texts[] = {
	{ AF_INET, 0, -1, "Echo Reply", A_NONE },
	{ AF_INET, 3, 0, "Destination Net Unreachable", A_NONE },
	{ AF_INET, 3, 1, "Destination Host Unreachable", A_NONE },
	{ AF_INET, 3, 2, "Destination Protocol Unreachable", A_NONE },
	{ AF_INET, 3, 3, "Destination Port Unreachable", A_NONE },
	{ AF_INET, 3, 4, "Frag needed and DF set (mtu = %u)", A_MTU },
	{ AF_INET, 3, 5, "Source Route Failed", A_NONE },
	{ AF_INET, 3, 6, "Destination Net Unknown", A_NONE },
	{ AF_INET, 3, 7, "Destination Host Unknown", A_NONE },
	{ AF_INET, 3, 8, "Source Host Isolated", A_NONE },
	{ AF_INET, 3, 9, "Destination Net Prohibited", A_NONE },
	{ AF_INET, 3, 10, "Destination Host Prohibited", A_NONE },
	{ AF_INET, 3, 11, "Destination Net Unreachable for Type of Service",
	    A_NONE },
	{ AF_INET, 3, 12, "Destination Host Unreachable for Type of Service",
	    A_NONE },
	{ AF_INET, 3, 13, "Packet filtered", A_NONE },
	{ AF_INET, 3, 14, "Precedence Violation", A_NONE },
	{ AF_INET, 3, 15, "Precedence Cutoff", A_NONE },
	{ AF_INET, 3, -1, "Dest Unreachable, Bad Code: %u", A_CODE },
	{ AF_INET, 4, -1, "Source Quench", A_NONE },
	{ AF_INET, 5, 0, "Redirect Network(New nexthop: %s)", A_GW },
	{ AF_INET, 5, 1, "Redirect Host(New nexthop: %s)", A_GW },
	{ AF_INET, 5, 2, "Redirect Type of Service and Network"
	    "(New nexthop: %s)", A_GW },
	{ AF_INET, 5, 3, "Redirect Type of Service and Host"
	    "(New nexthop: %s)", A_GW },
	{ AF_INET, 5, -1, "Redirect, Bad Code: %u", A_CODE },
	{ AF_INET, 8, -1, "Echo Request", A_NONE },
	{ AF_INET, 9, -1, "Router Advertisement", A_NONE },
	{ AF_INET, 10, -1, "Router Solicitation", A_NONE },
	{ AF_INET, 11, 0, "Time to live exceeded", A_NONE },
	{ AF_INET, 11, 1, "Frag reassembly time exceeded", A_NONE },
	{ AF_INET, 11, -1, "Time exceeded, Bad Code: %u", A_CODE },
	{ AF_INET, 12, -1, "Parameter problem: pointer = %u", A_PTR },
	{ AF_INET, 13, -1, "Timestamp", A_NONE },
	{ AF_INET, 14, -1, "Timestamp Reply", A_NONE },
	{ AF_INET, 15, -1, "Information Request", A_NONE },
	{ AF_INET, 16, -1, "Information Reply", A_NONE },
	{ AF_INET, 17, -1, "Address Mask Request", A_NONE },
	{ AF_INET, 18, -1, "Address Mask Reply", A_NONE },
	{ AF_INET, -1, -1, "Bad ICMP type: %u", A_TYPE },
	{ AF_INET6, 1, 0, "Destination unreachable: No route", A_NONE },
	{ AF_INET6, 1, 1, "Destination unreachable: Administratively "
	    "prohibited", A_NONE },
	{ AF_INET6, 1, 2, "Destination unreachable: Beyond scope of source "
	    "address", A_NONE },
	{ AF_INET6, 1, 3, "Destination unreachable: Address unreachable",
	    A_NONE },
	{ AF_INET6, 1, 4, "Destination unreachable: Port unreachable",
	    A_NONE },
	{ AF_INET6, 1, -1, "Destination unreachable: Unknown code %u",
	    A_CODE },
	{ AF_INET6, 2, -1, "Packet too big: mtu=%u", A_MTU },
	{ AF_INET6, 3, 0, "Time exceeded: Hop limit", A_NONE },
	{ AF_INET6, 3, 1, "Time exceeded: Defragmentation failure", A_NONE },
	{ AF_INET6, 3, -1, "Time exceeded: code %u", A_CODE },
	{ AF_INET6, 4, 0, "Parameter problem: Erroneous header field at %u",
	    A_PTR },
	{ AF_INET6, 4, 1, "Parameter problem: Unknown header field at %u",
	    A_PTR },
	{ AF_INET6, 4, 2, "Parameter problem: Unknown option at %u", A_PTR },
	{ AF_INET6, 4, -1, "Parameter problem: code %u", A_CODE },
	{ AF_INET6, 128, -1, "Echo request", A_NONE },
	{ AF_INET6, 129, -1, "Echo reply", A_NONE },
	{ AF_INET6, 130, -1, "MLD Query", A_NONE },
	{ AF_INET6, 131, -1, "MLD Report", A_NONE },
	{ AF_INET6, 132, -1, "MLD Reduction", A_NONE },
	{ AF_INET6, -1, -1, "unknown icmp type: %u", A_TYPE },
};

/* traceroute 2.1.2: annotation per (type, code); NULL fmt = none. */
struct annot {
	int		 af;
	int		 type, code;	/* -1: any */
	const char	*fmt;		/* "!F-%u" takes the MTU, "!<%u>" code */
};

static const struct annot tr_annots[] = {
	{ AF_INET, 11, 0, "" },
	{ AF_INET, 3, 0, "!N" }, { AF_INET, 3, 6, "!N" },
	{ AF_INET, 3, 8, "!N" }, { AF_INET, 3, 11, "!N" },
	{ AF_INET, 3, 1, "!H" }, { AF_INET, 3, 7, "!H" },
	{ AF_INET, 3, 12, "!H" },
	{ AF_INET, 3, 9, "!X" }, { AF_INET, 3, 10, "!X" },
	{ AF_INET, 3, 13, "!X" },
	{ AF_INET, 3, 3, "" },
	{ AF_INET, 3, 2, "!P" },
	{ AF_INET, 3, 4, "!F-%u" },
	{ AF_INET, 3, 5, "!S" },
	{ AF_INET, 3, 14, "!V" },
	{ AF_INET, 3, 15, "!C" },
	{ AF_INET6, 3, 0, "" },
	{ AF_INET6, 1, 0, "!N" },
	{ AF_INET6, 1, 2, "!H" }, { AF_INET6, 1, 3, "!H" },
	{ AF_INET6, 1, 1, "!X" },
	{ AF_INET6, 1, 4, "" },
	{ AF_INET6, 2, -1, "!F-%u" },
	{ AF_INET, 3, -1, "!<%u>" },
	{ AF_INET6, 1, -1, "!<%u>" },
	{ -1, -1, -1, "!<%u-%u>" },	/* any other type: "!<type-code>" */
};

const char *
icmpnames_type(int af, uint8_t type)
{
	const struct tname *t = af == AF_INET6 ? v6_types : v4_types;
	size_t n = af == AF_INET6 ? sizeof(v6_types) / sizeof(v6_types[0]) :
	    sizeof(v4_types) / sizeof(v4_types[0]);

	if (af != AF_INET && af != AF_INET6)
		return "Unknown";
	for (size_t i = 0; i < n; i++)
		if (t[i].type == type)
			return t[i].name;
	return "Unknown";
}

static int
fit(int n, size_t len)
{
	if (n < 0 || (size_t)n >= len)
		return -1;
	return n;
}

int
icmpnames_ping_text(const struct icmp_reply *r, char *buf, size_t len)
{
	const struct ptext *p = NULL;
	char gw[ADDR_STRLEN];
	int n;

	if (len > 0)
		buf[0] = '\0';
	if (r == NULL || buf == NULL || len == 0)
		return -1;
	for (size_t i = 0; i < sizeof(ping_texts) / sizeof(ping_texts[0]);
	    i++) {
		p = &ping_texts[i];
		if (p->af == r->af && (p->type == -1 || p->type == r->type) &&
		    (p->code == -1 || p->code == r->code))
			break;
		p = NULL;
	}
	if (p == NULL)
		return fit(snprintf(buf, len, "Bad ICMP type: %u",
		    (unsigned)r->type), len);
	switch (p->arg) {
	case A_CODE:
		n = snprintf(buf, len, p->fmt, (unsigned)r->code);
		break;
	case A_TYPE:
		n = snprintf(buf, len, p->fmt, (unsigned)r->type);
		break;
	case A_MTU:
		n = snprintf(buf, len, p->fmt, (unsigned)r->mtu);
		break;
	case A_PTR:
		n = snprintf(buf, len, p->fmt, (unsigned)r->pointer);
		break;
	case A_GW:
		if ((r->gateway.af != AF_INET && r->gateway.af != AF_INET6) ||
		    inet_ntop(r->gateway.af, &r->gateway.u, gw,
		    sizeof(gw)) == NULL)
			snprintf(gw, sizeof(gw), "?");
		n = snprintf(buf, len, p->fmt, gw);
		break;
	default:
		n = snprintf(buf, len, "%s", p->fmt);
		break;
	}
	return fit(n, len);
}

int
icmpnames_tr_annot_tc(int af, uint8_t type, uint8_t code, uint32_t mtu,
    char *buf, size_t len)
{
	const struct annot *a = NULL;

	if (buf == NULL || len == 0)
		return -1;
	buf[0] = '\0';
	for (size_t i = 0; i < sizeof(tr_annots) / sizeof(tr_annots[0]);
	    i++) {
		a = &tr_annots[i];
		if ((a->af == -1 || a->af == af) &&
		    (a->type == -1 || a->type == type) &&
		    (a->code == -1 || a->code == code))
			break;
	}
	if (a->fmt[0] == '!' && a->fmt[1] == 'F')
		return fit(snprintf(buf, len, a->fmt, (unsigned)mtu), len);
	if (strcmp(a->fmt, "!<%u-%u>") == 0)
		return fit(snprintf(buf, len, a->fmt, (unsigned)type,
		    (unsigned)code), len);
	if (a->fmt[0] == '!' && a->fmt[1] == '<')
		return fit(snprintf(buf, len, a->fmt, (unsigned)code), len);
	return fit(snprintf(buf, len, "%s", a->fmt), len);
}

int
icmpnames_tr_annot(const struct icmp_reply *r, char *buf, size_t len)
{
	if (r == NULL) {
		if (buf != NULL && len > 0)
			buf[0] = '\0';
		return -1;
	}
	return icmpnames_tr_annot_tc(r->af, r->type, r->code, r->mtu, buf,
	    len);
}
