/*
 * fuzz_parse: libFuzzer harness for parse_reply / parse_errqueue. The first
 * byte picks the mode: 0 v4 raw (with IP header), 1 v4 datagram, 2 v6,
 * 3 error-queue record (next bytes: family bit, origin, type, code, proto,
 * info (2), errno = the header length for parse_errqueue_ext).
 * Every parsed reply then goes through match_key_of and icmpnames.
 */
#include <sys/socket.h>
#include <netinet/in.h>

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "icmpext.h"
#include "icmpnames.h"
#include "ipopt.h"
#include "match.h"
#include "parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* match_key_of and match_reply for each probe protocol the tools use. */
static void
match_keys(const struct icmp_reply *r)
{
	static const uint8_t protos[] = { IPPROTO_ICMP, IPPROTO_ICMPV6,
	    IPPROTO_UDP, IPPROTO_TCP };
	struct match_slot slots[4];
	uint32_t index[8];
	struct match_table t;
	struct match_key want, got;

	match_init(&t, slots, index, 4);
	for (size_t i = 0; i < sizeof(protos); i++) {
		memset(&want, 0, sizeof(want));
		want.af = r->af;
		want.proto = protos[i];
		want.fields = 0xffu;
		if (match_key_of(r, &want, &got))
			match_add(&t, i, &got, 0);
		(void)match_reply(&t, &want, r);
	}
}

static void
use_reply(const struct icmp_reply *r)
{
	char buf[256];
	struct ipopt_info oi;
	struct icmpext e;

	(void)icmpnames_ping_text(r, buf, sizeof(buf));
	(void)icmpnames_tr_annot(r, buf, sizeof(buf));
	(void)icmpnames_type(r->af, r->type);
	if (r->ipopt != NULL)
		(void)ipopt_parse(r->ipopt, r->ipoptlen, &oi);
	if (r->ext != NULL && icmpext_parse(r->ext, r->extlen, &e) == 0)
		(void)icmpext_format(&e, buf, sizeof(buf));
	match_keys(r);
}

static void
errq(const uint8_t *d, size_t n)
{
	struct errq_rec e;
	struct icmp_reply r;

	if (n < 8)
		return;
	memset(&e, 0, sizeof(e));
	e.af = d[0] & 1 ? AF_INET6 : AF_INET;
	e.origin = d[1];
	e.type = d[2];
	e.code = d[3];
	e.proto = d[4];
	e.info = (uint32_t)d[5] << 8 | d[6];
	e.err = d[7];
	if (parse_errqueue(&e, d + 8, n - 8, &r) != PARSE_OK)
		return;
	/* the stripped header length: d[7] too (28 = IPv4 + UDP) */
	parse_errqueue_ext(&r, d + 8, n - 8, d[7]);
	if (r.ext != NULL && (r.ext < d + 8 || r.ext + r.extlen != d + n))
		abort();
	use_reply(&r);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct icmp_reply r;
	enum parse_err pe;

	if (size < 1)
		return 0;
	switch (data[0] & 3) {
	case 0:
		pe = parse_reply(AF_INET, true, data + 1, size - 1, &r);
		break;
	case 1:
		pe = parse_reply(AF_INET, false, data + 1, size - 1, &r);
		break;
	case 2:
		pe = parse_reply(AF_INET6, false, data + 1, size - 1, &r);
		break;
	default:
		errq(data + 1, size - 1);
		return 0;
	}
	(void)parse_strerror(pe);
	if (pe == PARSE_OK)
		use_reply(&r);
	return 0;
}
