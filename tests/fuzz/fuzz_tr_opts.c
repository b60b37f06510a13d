/*
 * fuzz_tr_opts: libFuzzer harness for traceroute's command line, called
 * as tr_main calls it. Input: byte 0 bit 0 picks argv[0] (traceroute,
 * traceroute6); the rest is split at NUL bytes into at most 64 arguments.
 * Contract checked: 0 (options) or -1 with one non-empty error line;
 * nothing printed; parsed options inside their documented bounds.
 */
#include <getopt.h>

#include "fuzz_util.h"
#include "tr_opts.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
after_parse(const struct tr_opts *o)
{
	if (o->action != TR_ACT_RUN)
		return;
	FUZZ_CHECK(o->host != NULL, "run without a host", "");
	FUZZ_CHECK(o->nqueries >= 1 && o->nqueries <= TR_MAX_QUERIES,
	    "-q out of bounds", "");
	FUZZ_CHECK(o->first_ttl >= 1 && o->first_ttl <= o->max_ttl &&
	    o->max_ttl <= 255, "ttl bounds", "");
	FUZZ_CHECK(o->ngateways <= TR_MAX_GATEWAYS, "gateways", "");
	FUZZ_CHECK(o->packetlen <= TR_MAX_PACKETLEN, "packet length", "");
	FUZZ_CHECK(o->sim_queries >= 1, "-N", "");
	FUZZ_CHECK(o->wait_max >= 0 && o->wait_here >= 0 &&
	    o->wait_near >= 0, "-w", "");
	for (size_t i = 0; i < o->ngateways; i++)
		FUZZ_CHECK(memchr(o->gateways[i], '\0',
		    sizeof(o->gateways[i])) != NULL, "gateway string", "");
	(void)tr_opts_method_name(o->method);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_argv a;
	struct fuzz_quiet q;
	struct tr_opts o;
	char err[512];
	int rc;

	if (size < 1)
		return 0;
	fuzz_argv_make(&a, data[0] & 1 ? "traceroute6" : "traceroute",
	    data + 1, size - 1);
	memset(err, 0, sizeof(err));
	optind = 0;		/* getopt_long's state, as a fresh process */
	fuzz_quiet_begin(&q);
	rc = tr_opts_parse(a.argc, a.argv, &o, err, sizeof(err));
	FUZZ_CHECK(fuzz_quiet_end(&q), "tr_opts_parse printed", err);
	FUZZ_CHECK(rc == 0 || rc == -1, "return value", err);
	if (rc == -1)
		FUZZ_CHECK(fuzz_one_line(err, sizeof(err)), "error line", err);
	else
		after_parse(&o);
	fuzz_argv_free(&a);
	return 0;
}
