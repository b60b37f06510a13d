/*
 * fuzz_ping_opts: libFuzzer harness for ping's command line, called as
 * ping_main calls it. Input: byte 0 bit 0 = privileged (root), bits 1-2
 * pick argv[0] (ping, ping4, ping6); the rest is split at NUL bytes into
 * at most 64 arguments. Contract checked: 0 (options) or -1 with one
 * non-empty error line; nothing printed; then, as main goes on with a
 * parsed command line, ping_opts_check_af for both families under the
 * same rule, and the sizes it derives; -j's pre-scan
 * (ping_opts_wants_json, what main asks before parsing so that an error
 * is JSON too) prints nothing and agrees with the parser on every line
 * the parser accepts.
 */
#include <sys/socket.h>

#include <getopt.h>

#include "fuzz_util.h"
#include "ping_opts.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
after_parse(const struct ping_opts *o)
{
	static const int afs[] = { AF_INET, AF_INET6 };
	char err[512];

	FUZZ_CHECK(o->action != PING_ACT_RUN || o->host != NULL,
	    "run without a host", "");
	FUZZ_CHECK(o->nroute <= PING_MAX_ROUTE && o->patlen <=
	    PING_MAX_PATTERN, "route or pattern past its array", "");
	if (o->action != PING_ACT_RUN)
		return;
	for (size_t i = 0; i < 2; i++) {
		memset(err, 0, sizeof(err));
		if (ping_opts_check_af(o, afs[i], err, sizeof(err)) == 0) {
			FUZZ_CHECK(o->type != PING_TYPE_ECHO ||
			    o->size <= ping_opts_max_size(o, afs[i]),
			    "size past the maximum accepted", "");
			continue;
		}
		FUZZ_CHECK(fuzz_one_line(err, sizeof(err)),
		    "ping_opts_check_af error", err);
	}
	(void)ping_opts_ipoptlen(o);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const progs[] = { "ping", "ping4", "ping6",
	    "ping" };
	struct fuzz_argv a;
	struct fuzz_quiet q;
	struct ping_opts o;
	char err[512];
	bool wj;
	int rc;

	if (size < 1)
		return 0;
	fuzz_argv_make(&a, progs[data[0] >> 1 & 3], data + 1, size - 1);
	memset(err, 0, sizeof(err));
	optind = 0;		/* getopt_long's state, as a fresh process */
	fuzz_quiet_begin(&q);
	wj = ping_opts_wants_json(a.argc, a.argv);
	rc = ping_opts_parse(a.argc, a.argv, data[0] & 1, &o, err,
	    sizeof(err));
	FUZZ_CHECK(fuzz_quiet_end(&q), "ping_opts_parse printed", err);
	FUZZ_CHECK(rc == 0 || rc == -1, "return value", err);
	if (rc == -1)
		FUZZ_CHECK(fuzz_one_line(err, sizeof(err)), "error line", err);
	else {
		/* -N help ends the parse where it stands (iputils prints the
		 * list at once): a later -j is never read, and nothing after
		 * it is JSON either way */
		FUZZ_CHECK(o.json == wj || o.action == PING_ACT_NIHELP,
		    "-j pre-scan disagrees with the parser", "");
		after_parse(&o);
	}
	fuzz_argv_free(&a);
	return 0;
}
