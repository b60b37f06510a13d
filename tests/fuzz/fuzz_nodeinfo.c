/*
 * fuzz_nodeinfo: libFuzzer harness for ping -N's module (nodeinfo.c).
 * The first byte picks the target: even, a reply (the rest as the
 * ICMPv6 message): parse, walk names and addresses, the text in a big
 * and a small buffer (same prefix, NUL-terminated, no control byte);
 * odd, -N arguments (the rest split at NUL bytes): parse each (a bad
 * one leaves the query as it was), build the query, which must start
 * with type 139 and fit its buffer.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <netinet/in.h>

#include "nodeinfo.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
reply(const uint8_t *data, size_t size)
{
	static char big[1 << 19];
	char small[24];
	struct ni_reply r;
	struct ni_iter it;
	struct ni_name nm;
	struct ni_addr e;
	char t[600];

	if (nodeinfo_parse_reply(data, size, &r) != NI_OK)
		return;
	nodeinfo_names_begin(&r, &it);
	while (nodeinfo_name_next(&it, &nm)) {
		if (nm.len == 0 || nm.len > NI_NAME_MAX ||
		    nm.wire < data || nm.wire + nm.len > data + size)
			abort();
		(void)nodeinfo_name_text(&nm, true, t, sizeof(t));
		if (strlen(t) >= sizeof(t))
			abort();
	}
	nodeinfo_addrs_begin(&r, &it);
	while (nodeinfo_addr_next(&it, AF_INET6, &e))
		;
	nodeinfo_reply_text(&r, false, big, sizeof(big));
	nodeinfo_reply_text(&r, true, small, sizeof(small));
	for (const char *p = big; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			abort();
	nodeinfo_reply_text(&r, false, small, sizeof(small));
	if (strlen(small) >= sizeof(small) ||
	    (strlen(big) < sizeof(small) && strcmp(small, big) != 0))
		abort();
}

static void
args(const uint8_t *data, size_t size)
{
	static const struct build_key k = { 1, 2 };
	struct ni_query q;
	struct addr dst;
	uint8_t nonce[NI_NONCE_LEN], buf[NI_HDRLEN + NI_NAME_MAX + 1];
	char arg[512], err[512];
	size_t i = 0, n, len;

	nodeinfo_init(&q);
	while (i < size) {
		struct ni_query before = q;

		n = strnlen((const char *)data + i, size - i);
		len = n < sizeof(arg) - 1 ? n : sizeof(arg) - 1;
		memcpy(arg, data + i, len);
		arg[len] = '\0';
		/* the message quotes the argument raw: the printer escapes
		 * it (cli_verror) */
		if (nodeinfo_parse_arg(&q, arg, err, sizeof(err)) == -1 &&
		    (err[0] == '\0' || memcmp(&before, &q, sizeof(q)) != 0))
			abort();
		i += n + 1;
	}
	if (q.subjlen > sizeof(q.subject))
		abort();
	memset(&dst, 0, sizeof(dst));
	dst.af = AF_INET6;
	nodeinfo_nonce(&k, 1, nonce);
	len = nodeinfo_build_query(&q, &dst, nonce, buf, sizeof(buf));
	if (len == 0 || len > sizeof(buf) || buf[0] != NI_TYPE_QUERY)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	if (data[0] & 1)
		args(data + 1, size - 1);
	else
		reply(data + 1, size - 1);
	return 0;
}
