/*
 * check_ping_opts.c: ping's command line, from argv tables: accepted
 * invocations give the expected fields, rejected ones the exact error
 * text (iputils ping's wording where it has one), for a privileged and an
 * unprivileged user.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "clock.h"
#include "ping_opts.h"
#include "sock.h"
#include "unit.h"

#define MAXARGS	32

static int
run(const char *const *args, bool priv, struct ping_opts *o, char *err,
    size_t errlen)
{
	char *argv[UNIT_MAXARGS];
	int argc = unit_argv(args, argv);

	err[0] = '\0';
	return ping_opts_parse(argc, argv, priv, o, err, errlen);
}

struct bad_row {
	bool		 priv;
	const char	*args[MAXARGS];
	const char	*msg;
};

#define R	true	/* root */
#define U	false	/* an ordinary user */

static const struct bad_row bad[] = {
	{ R, { "ping", NULL }, "usage error: Destination address required" },
	{ R, { "ping", "-n", NULL },
	    "usage error: Destination address required" },
	{ R, { "ping", "-c", "0", "h", NULL }, "invalid argument: '0': out "
	    "of range: 1 <= value <= 9223372036854775807" },
	{ R, { "ping", "-c", "abc", "h", NULL }, "invalid argument: 'abc'" },
	/* one line whatever the argument holds (fuzz_ping_opts: a control
	 * character of -T's argument came back raw) */
	{ R, { "ping", "-c", "1\n2", "h", NULL }, "invalid argument: '1\\x0a2'" },
	{ R, { "ping", "-T", "tspresp\377\037", "h", NULL },
	    "invalid timestamp type: tspresp\\xff\\x1f" },
	{ R, { "ping", "-M", "\033[2J", "h", NULL },
	    "invalid -M argument: \\x1b[2J" },
	{ R, { "ping", "--bogus\n", "h", NULL },
	    "unrecognized option '--bogus\\x0a'" },
	{ R, { "ping", "-c", "-1", "h", NULL }, "invalid argument: '-1': out "
	    "of range: 1 <= value <= 9223372036854775807" },
	{ R, { "ping", "-c", "5x", "h", NULL }, "invalid argument: '5x'" },
	{ R, { "ping", "-c", "", "h", NULL }, "invalid argument: ''" },
	{ R, { "ping", "--count=1.5", "h", NULL },
	    "invalid argument: '1.5'" },
	{ R, { "ping", "-c", NULL }, "option requires an argument -- 'c'" },
	{ R, { "ping", "h", "--count", NULL },
	    "option '--count' requires an argument" },
	{ R, { "ping", "-X", "h", NULL }, "invalid option -- 'X'" },
	{ R, { "ping", "--bogus", "h", NULL },
	    "unrecognized option '--bogus'" },
	{ R, { "ping", "--quiet=1", "h", NULL },
	    "option '--quiet' doesn't allow an argument" },
	{ R, { "ping", "-i", "abc", "h", NULL },
	    "bad timing interval: abc" },
	{ R, { "ping", "-i", "-1", "h", NULL }, "bad timing interval: -1" },
	{ R, { "ping", "-i", "nan", "h", NULL }, "bad timing interval: nan" },
	{ R, { "ping", "-i", "0x10", "h", NULL },
	    "bad timing interval: 0x10" },
	{ R, { "ping", "-i", "1e9", "h", NULL }, "bad timing interval: 1e9" },
	{ R, { "ping", "-e", "70000", "h", NULL }, "invalid argument: "
	    "'70000': out of range: 0 <= value <= 65535" },
	{ R, { "ping", "-F", "0x200000", "h", NULL },
	    "flow value is greater than 20 bits: 0x200000" },
	{ R, { "ping", "-F", "zz", "h", NULL }, "bad value for flowinfo: zz" },
	{ R, { "ping", "-F", "-1", "h", NULL }, "bad value for flowinfo: -1" },
	{ R, { "ping", "-S", "0", "h", NULL }, "invalid argument: '0': out "
	    "of range: 1 <= value <= 2147483647" },
	{ R, { "ping", "-m", "-1", "h", NULL }, "invalid argument: '-1': out "
	    "of range: 0 <= value <= 4294967295" },
	{ R, { "ping", "-m", "4294967296", "h", NULL }, "invalid argument: "
	    "'4294967296': out of range: 0 <= value <= 4294967295" },
	{ R, { "ping", "-W", "-1", "h", NULL }, "bad linger time: -1" },
	{ R, { "ping", "-W", "0", "h", NULL }, "bad linger time: 0" },
	{ R, { "ping", "-W", "abc", "h", NULL }, "bad linger time: abc" },
	{ R, { "ping", "--timeout=inf", "h", NULL },
	    "bad linger time: inf" },
	{ R, { "ping", "-w", "abc", "h", NULL }, "invalid argument: 'abc'" },
	{ R, { "ping", "-w", "-5", "h", NULL }, "invalid argument: '-5': out "
	    "of range: 0 <= value <= 2147483647" },
	{ R, { "ping", "-s", "-1", "h", NULL }, "invalid argument: '-1': out "
	    "of range: 0 <= value <= 2147483647" },
	{ R, { "ping", "-s", "65508", "127.0.0.1", NULL }, "invalid argument:"
	    " '65508': out of range: 0 <= value <= 65507" },
	{ R, { "ping", "-4", "-s", "65508", "h", NULL }, "invalid argument: "
	    "'65508': out of range: 0 <= value <= 65507" },
	{ R, { "ping", "-R", "-s", "65500", "127.0.0.1", NULL },
	    "invalid argument: '65500': out of range: 0 <= value <= 65467" },
	{ R, { "ping", "-6", "-s", "65528", "h", NULL }, "invalid argument: "
	    "'65528': out of range: 0 <= value <= 65527" },
	{ R, { "ping", "-s", "65528", "::1", NULL }, "invalid argument: "
	    "'65528': out of range: 0 <= value <= 65527" },
	{ R, { "ping", "-t", "0", "h", NULL }, "invalid argument: '0': out of "
	    "range: 1 <= value <= 255" },
	{ R, { "ping", "-t", "256", "h", NULL }, "invalid argument: '256': "
	    "out of range: 1 <= value <= 255" },
	{ R, { "ping", "--ttl=x", "h", NULL }, "invalid argument: 'x'" },
	{ R, { "ping", "-Q", "256", "h", NULL }, "the decimal value of TOS "
	    "bits must be in range 0-255: 256" },
	{ R, { "ping", "-Q", "0x100", "h", NULL }, "the decimal value of TOS "
	    "bits must be in range 0-255: 0x100" },
	{ R, { "ping", "-Q", "abc", "h", NULL }, "bad TOS value: abc" },
	{ R, { "ping", "-Q", "", "h", NULL }, "bad TOS value: " },
	{ R, { "ping", "-Q", "-1", "h", NULL }, "bad TOS value: -1" },
	{ R, { "ping", "-p", "xyz", "h", NULL },
	    "patterns must be specified as hex digits: 'xyz'" },
	{ R, { "ping", "-p", "", "h", NULL },
	    "patterns must be specified as hex digits: ''" },
	{ R, { "ping", "-l", "0", "h", NULL }, "invalid argument: '0': out of "
	    "range: 1 <= value <= 65536" },
	{ R, { "ping", "-l", "70000", "h", NULL }, "invalid argument: "
	    "'70000': out of range: 1 <= value <= 65536" },
	{ U, { "ping", "-l", "4", "h", NULL },
	    "cannot set preload to value greater than 3: 4" },
	{ R, { "ping", "-M", "foo", "h", NULL }, "invalid -M argument: foo" },
	{ R, { "ping", "-T", "foo", "h", NULL },
	    "invalid timestamp type: foo" },
	{ R, { "ping", "-R", "-T", "tsonly", "h", NULL },
	    "only one of -T or -R may be used" },
	{ R, { "ping", "-T", "tsonly", "-R", "h", NULL },
	    "only one of -T or -R may be used" },
	{ R, { "ping", "-4", "-6", "h", NULL },
	    "only one -4 or -6 option may be specified" },
	{ R, { "ping6", "-4", "h", NULL },
	    "only one -4 or -6 option may be specified" },
	{ R, { "ping", "--type=foo", "h", NULL },
	    "unsupported packet type: foo" },
	{ R, { "ping", "-6", "--type=timestamp", "h", NULL },
	    "--type=timestamp is IPv4 only" },
	{ R, { "ping", "-I", "fe80::1::2", "h", NULL },
	    "invalid source address: fe80::1::2" },
	{ R, { "ping", "-I", "", "h", NULL }, "invalid source address: " },
	{ R, { "ping", "-g", "10.0.0.1", "-G", "10.0.0.2", "h", NULL },
	    "only one of -g or -G may be used" },
	{ R, { "ping", "-R", "a", "h", NULL }, "extra operand 'a': only -T "
	    "tsprespec or a source route takes several hosts" },
	{ R, { "ping", "-T", "tsprespec", "h", NULL },
	    "-T tsprespec needs at least one address before the host" },
	{ R, { "ping", "-T", "tsprespec", "a", "b", "c", "d", "e", "h", NULL },
	    "too many hops in the timestamp option (max 4)" },
	{ R, { "ping", "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", NULL },
	    "too many hops in the source route (max 8)" },
	{ R, { "ping", "-R", "-g", "10.0.0.1", "h", NULL },
	    "only one of -R, -T or a source route may be used" },
};

START_TEST(rejects)
{
	const struct bad_row *row = &bad[_i];
	struct ping_opts o;
	char err[256];
	int rc;

	rc = run(row->args, row->priv, &o, err, sizeof(err));
	if (rc == 0 && o.host != NULL) {
		/* size and family rules need the destination's family */
		int af = o.af;

		if (af == AF_UNSPEC)
			af = strchr(o.host, ':') != NULL ? AF_INET6 :
			    strchr(o.host, '.') != NULL ? AF_INET : AF_UNSPEC;
		if (af != AF_UNSPEC)
			rc = ping_opts_check_af(&o, af, err, sizeof(err));
	}
	ck_assert_msg(rc == -1, "row %d accepted", _i);
	ck_assert_str_eq(err, row->msg);
	ck_assert(strchr(err, '\n') == NULL);
}
END_TEST

START_TEST(defaults)
{
	const char *a[] = { "ping", "host", NULL };
	struct ping_opts o;
	char err[256];

	ck_assert_int_eq(run(a, false, &o, err, sizeof(err)), 0);
	ck_assert_int_eq(o.action, PING_ACT_RUN);
	ck_assert_str_eq(o.host, "host");
	ck_assert_int_eq(o.af, AF_UNSPEC);
	ck_assert_int_eq(o.type, PING_TYPE_ECHO);
	ck_assert_uint_eq(o.count, 0);
	ck_assert_int_eq(o.interval_ns, NS_PER_SEC);
	ck_assert_int_eq(o.timeout_ns, 10 * NS_PER_SEC);
	ck_assert_int_eq(o.deadline_ns, 0);
	ck_assert_uint_eq(o.size, 56);
	ck_assert_uint_eq(o.patlen, 0);
	ck_assert_int_eq(o.ttl, 0);
	ck_assert_int_eq(o.tos, -1);
	ck_assert_uint_eq(o.preload, 1);
	ck_assert_int_eq(o.pmtu, PING_PMTU_DEFAULT);
	ck_assert_int_eq(o.ipts, PING_IPTS_NONE);
	ck_assert(!o.flood && !o.quiet && !o.numeric && !o.record_route);
	ck_assert(o.device == NULL && o.source.af == 0);
	ck_assert_uint_eq(o.nroute, 0);
	ck_assert_uint_eq(ping_opts_ipoptlen(&o), 0);
	ck_assert_uint_eq(ping_opts_max_size(&o, AF_INET), 65507);
	ck_assert_uint_eq(ping_opts_max_size(&o, AF_INET6), 65527);
}
END_TEST

START_TEST(fields_short)
{
	const char *a[] = { "ping", "-4", "-c", "3", "-i", "0.05", "-W",
	    "1.5", "-w", "7", "-s", "100", "-p", "ff0", "-t", "9", "-Q",
	    "0x10", "-l", "8", "-M", "do", "-qnvaDOAb", "h", NULL };
	struct ping_opts o;
	char err[256];

	ck_assert_msg(run(a, true, &o, err, sizeof(err)) == 0, "%s", err);
	ck_assert_int_eq(o.af, AF_INET);
	ck_assert_uint_eq(o.count, 3);
	ck_assert_int_eq(o.interval_ns, 50 * NS_PER_MS);
	ck_assert(o.interval_set);
	ck_assert_int_eq(o.timeout_ns, 1500 * NS_PER_MS);
	ck_assert_int_eq(o.deadline_ns, 7 * NS_PER_SEC);
	ck_assert_uint_eq(o.size, 100);
	ck_assert_uint_eq(o.patlen, 2);
	ck_assert_uint_eq(o.pattern[0], 0xff);
	ck_assert_uint_eq(o.pattern[1], 0x00);
	ck_assert_int_eq(o.ttl, 9);
	ck_assert_int_eq(o.tos, 16);
	ck_assert_uint_eq(o.preload, 8);
	ck_assert_int_eq(o.pmtu, PING_PMTU_DO);
	ck_assert(o.quiet && o.numeric && o.verbose && o.audible &&
	    o.print_time && o.outstanding && o.adaptive && o.broadcast);
}
END_TEST

/* iputils' 2 ms limit for users other than root, refused after the
 * header line (ping_opts_refusal), not by the parser. */
START_TEST(user_interval)
{
	static const struct { const char *a[6]; bool refused; } t[] = {
		{ { "ping", "-i", "0.001", "h" }, true },
		{ { "ping", "-i", "0", "h" }, true },
		{ { "ping", "-f", "h" }, true },
		{ { "ping", "-i", "0.002", "h" }, false },
		{ { "ping", "-f", "-i", "0.002", "h" }, false },
		{ { "ping", "-i", "0.2", "h" }, false },
	};
	struct ping_opts o;
	char err[256];

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		ck_assert_int_eq(run(t[i].a, false, &o, err, sizeof(err)), 0);
		if (t[i].refused)
			ck_assert_str_eq(ping_opts_refusal(&o), "cannot flood; "
			    "minimal interval allowed for user is 2ms");
		else
			ck_assert_ptr_null(ping_opts_refusal(&o));
		ck_assert_int_eq(run(t[i].a, true, &o, err, sizeof(err)), 0);
		ck_assert_ptr_null(ping_opts_refusal(&o));
	}
}
END_TEST

/* iputils' other options. */
START_TEST(fields_more)
{
	const char *a[] = { "ping", "-B", "-C", "-d", "-e", "4242", "-F",
	    "0xfffff", "-L", "-m", "7", "-r", "-S", "9000", "-U", "-N",
	    "ipv6-global", "-N", "ipv6-linklocal", "h", NULL };
	const char *b[] = { "ping", "--sticky-source", "--connect", "--debug",
	    "--identifier=0", "--flowlabel=12", "--no-loopback", "--mark=1",
	    "--dontroute", "--sndbuf=1", "--user-latency", "--nodeinfo=name",
	    "h", NULL };
	struct ping_opts o;
	char err[256];

	ck_assert_msg(run(a, true, &o, err, sizeof(err)) == 0, "%s", err);
	ck_assert(o.sticky_source && o.connect && o.debug && o.mcast_noloop &&
	    o.dontroute && o.user_latency);
	ck_assert(o.ident_set && o.flowlabel_set && o.mark_set);
	ck_assert_uint_eq(o.ident, 4242);
	ck_assert_uint_eq(o.flowlabel, 0xfffff);
	ck_assert_uint_eq(o.mark, 7);
	ck_assert_int_eq(o.sndbuf, 9000);
	ck_assert_uint_eq(o.nniopt, 2);
	ck_assert_str_eq(o.niopt[1], "ipv6-linklocal");
	ck_assert_uint_eq(o.ni.qtype, NI_QTYPE_NODEADDR);
	ck_assert_uint_eq(o.ni.flags, NI_FLAG_G | NI_FLAG_L);
	ck_assert_msg(run(b, false, &o, err, sizeof(err)) == 0, "%s", err);
	ck_assert(o.sticky_source && o.connect && o.debug && o.mcast_noloop &&
	    o.dontroute && o.user_latency);
	ck_assert(o.ident_set && o.ident == 0);
	ck_assert_uint_eq(o.flowlabel, 12);
	ck_assert_uint_eq(o.mark, 1);
	ck_assert_int_eq(o.sndbuf, 1);
	ck_assert_uint_eq(o.nniopt, 1);
}
END_TEST

START_TEST(fields_long)
{
	const char *a[] = { "ping", "--count=2", "--interval", "2",
	    "--timeout=3", "--deadline=4", "--size=8", "--pattern=ab",
	    "--ttl=64", "--tos=7", "--interface=eth0", "--quiet",
	    "--numeric", "--verbose", "--record-route", "--type=timestamp",
	    "--preload=2", "--pmtu-discovery=want", "h", NULL };
	const char *b[] = { "ping", "--address", "--ip-timestamp=tsandaddr",
	    "--flood", "h", NULL };
	const char *c[] = { "ping", "--linger=0.5", "--timestamp", "h",
	    NULL };
	struct ping_opts o;
	char err[256];

	ck_assert_msg(run(a, false, &o, err, sizeof(err)) == 0, "%s", err);
	ck_assert_uint_eq(o.count, 2);
	ck_assert_int_eq(o.interval_ns, 2 * NS_PER_SEC);
	ck_assert_int_eq(o.timeout_ns, 3 * NS_PER_SEC);
	ck_assert_int_eq(o.deadline_ns, 4 * NS_PER_SEC);
	ck_assert_uint_eq(o.size, 8);
	ck_assert_uint_eq(o.patlen, 1);
	ck_assert_uint_eq(o.pattern[0], 0xab);
	ck_assert_int_eq(o.ttl, 64);
	ck_assert_int_eq(o.tos, 7);
	ck_assert_str_eq(o.device, "eth0");
	ck_assert(o.quiet && o.numeric && o.verbose && o.record_route);
	ck_assert_int_eq(o.type, PING_TYPE_TSTAMP);
	ck_assert_uint_eq(o.preload, 2);
	ck_assert_int_eq(o.pmtu, PING_PMTU_WANT);
	ck_assert_uint_eq(ping_opts_ipoptlen(&o), 40);

	ck_assert_msg(run(b, true, &o, err, sizeof(err)) == 0, "%s", err);
	ck_assert_int_eq(o.type, PING_TYPE_MASK);
	ck_assert_int_eq(o.ipts, PING_IPTS_TSANDADDR);
	ck_assert(o.flood && o.numeric);
	ck_assert_int_eq(o.interval_ns, 0);

	ck_assert_msg(run(c, false, &o, err, sizeof(err)) == 0, "%s", err);
	ck_assert_int_eq(o.timeout_ns, 500 * NS_PER_MS);
	ck_assert_int_eq(o.type, PING_TYPE_TSTAMP);
}
END_TEST

START_TEST(iface_and_routes)
{
	const char *a[] = { "ping", "-I", "198.18.0.1", "h", NULL };
	const char *b[] = { "ping", "-I", "fe80::1%veth0", "h", NULL };
	const char *c[] = { "ping", "-g", "198.18.0.2", "-g", "198.18.1.2",
	    "h", NULL };
	const char *d[] = { "ping", "r1", "r2", "h", NULL };
	const char *e[] = { "ping", "-T", "tsprespec", "a", "b", "h", NULL };
	const char *f[] = { "ping", "-G", "198.18.0.2", "h", NULL };
	struct ping_opts o;
	char err[256];

	ck_assert_msg(run(a, false, &o, err, sizeof(err)) == 0, "%s", err);
	ck_assert_int_eq(o.source.af, AF_INET);
	ck_assert(o.device == NULL);
	ck_assert_str_eq(o.source_text, "198.18.0.1");

	ck_assert_msg(run(b, false, &o, err, sizeof(err)) == 0, "%s", err);
	ck_assert_int_eq(o.source.af, AF_INET6);
	ck_assert_str_eq(o.device, "veth0");

	ck_assert_msg(run(c, false, &o, err, sizeof(err)) == 0, "%s", err);
	ck_assert_uint_eq(o.nroute, 2);
	ck_assert(!o.strict_route);
	ck_assert_str_eq(o.route[1], "198.18.1.2");
	ck_assert_str_eq(o.host, "h");

	ck_assert_msg(run(d, false, &o, err, sizeof(err)) == 0, "%s", err);
	ck_assert_uint_eq(o.nroute, 2);
	ck_assert_str_eq(o.route[0], "r1");
	ck_assert_str_eq(o.host, "h");

	ck_assert_msg(run(e, false, &o, err, sizeof(err)) == 0, "%s", err);
	ck_assert_int_eq(o.ipts, PING_IPTS_PRESPEC);
	ck_assert_uint_eq(o.nroute, 2);

	ck_assert_msg(run(f, false, &o, err, sizeof(err)) == 0, "%s", err);
	ck_assert(o.strict_route);
	ck_assert_int_eq(ping_opts_check_af(&o, AF_INET6, err, sizeof(err)),
	    -1);
	ck_assert_str_eq(err, "a source route is IPv4 only");
}
END_TEST

START_TEST(actions)
{
	const char *a[] = { "ping", "--help", NULL };
	const char *b[] = { "ping", "-V", NULL };
	const char *c[] = { "ping", "--version", NULL };
	const char *d[] = { "ping6", "h", NULL };
	const char *e[] = { "ping", "-f", "-i", "0.5", "h", NULL };
	struct ping_opts o;
	char err[256];

	ck_assert_int_eq(run(a, false, &o, err, sizeof(err)), 0);
	ck_assert_int_eq(o.action, PING_ACT_HELP);
	ck_assert_int_eq(run(b, false, &o, err, sizeof(err)), 0);
	ck_assert_int_eq(o.action, PING_ACT_VERSION);
	ck_assert_int_eq(run(c, false, &o, err, sizeof(err)), 0);
	ck_assert_int_eq(o.action, PING_ACT_VERSION);
	ck_assert_int_eq(run(d, false, &o, err, sizeof(err)), 0);
	ck_assert_int_eq(o.af, AF_INET6);
	/* -f with an allowed interval works for a user (iputils) */
	ck_assert_msg(run(e, false, &o, err, sizeof(err)) == 0, "%s", err);
	ck_assert_int_eq(o.interval_ns, 500 * NS_PER_MS);
}
END_TEST

/* -j's pre-scan (ping_opts_wants_json) reads argv as getopt_long does,
 * and agrees with the parser wherever the parser gets to read it. */
static const struct {
	const char	*args[MAXARGS];
	bool		 want;
} jrows[] = {
	{ { "ping", "-j", "h", NULL }, true },
	{ { "ping", "--json", "h", NULL }, true },
	{ { "ping", "--js", "h", NULL }, true },		/* a prefix */
	{ { "ping", "-nqj", "h", NULL }, true },		/* a bundle */
	{ { "ping", "h", "-j", NULL }, true },		/* permuted */
	{ { "ping", "-j", "-Z", "h", NULL }, true },	/* bad after -j */
	{ { "ping", "-c", "x", "-j", "h", NULL }, true },
	{ { "ping", "-q", "h", NULL }, false },
	{ { "ping", "-c", "-j", "h", NULL }, false },	/* -c's argument */
	{ { "ping", "-cj", "h", NULL }, false },		/* -c's too */
	{ { "ping", "-Ij", "h", NULL }, false },		/* -I's */
	{ { "ping", "-nI", "-j", "h", NULL }, false },	/* -I's, bundled */
	{ { "ping", "--interface", "-j", "h", NULL }, false },
	{ { "ping", "--inter", "-j", "h", NULL }, false },	/* a prefix */
	{ { "ping", "--interface=-j", "-n", "h", NULL }, false },
	{ { "ping", "--", "-j", NULL }, false },		/* an operand */
	{ { "ping", "--json=1", "h", NULL }, true },	/* refused, asked */
	{ { "ping", "-", "h", NULL }, false },
	{ { "ping", "--", NULL }, false },
	{ { "ping", NULL }, false },
};

START_TEST(wants_json)
{
	char *argv[MAXARGS + 1];
	struct ping_opts o;
	char err[256];
	int argc = 0;

	for (; jrows[_i].args[argc] != NULL; argc++)
		argv[argc] = (char *)jrows[_i].args[argc];
	argv[argc] = NULL;
	ck_assert_msg(ping_opts_wants_json(argc, argv) == jrows[_i].want,
	    "row %d", _i);
	/* where the parser accepts the line, it says the same */
	if (run(jrows[_i].args, true, &o, err, sizeof(err)) == 0)
		ck_assert_msg(o.json == jrows[_i].want, "row %d: parser %d",
		    _i, o.json);
}
END_TEST

/* The socket the options ask for: what needs a raw one and why, the
 * receive buffer iputils sizes for the preload. */
START_TEST(socket_choice)
{
	static const struct {
		const char	*args[6];
		enum sock_pref	 pref;
		const char	*why;	/* NULL: a ping socket will do */
		int		 rcvbuf;
	} rows[] = {
		{ { "ping", "h", NULL }, SOCK_PREF_ANY, NULL, 65536 },
		{ { "ping", "-e", "0", "h", NULL }, SOCK_PREF_RAW, "-e 0",
		    65536 },
		{ { "ping", "-e", "7", "h", NULL }, SOCK_PREF_ANY, NULL,
		    65536 },
		{ { "ping", "--type=timestamp", "h", NULL }, SOCK_PREF_RAW,
		    "--type=timestamp", 65536 },
		{ { "ping", "--type=address", "h", NULL }, SOCK_PREF_RAW,
		    "--type=address", 65536 },
		{ { "ping", "-N", "name", "h", NULL }, SOCK_PREF_RAW, "-N",
		    65536 },
		{ { "ping", "-l", "100", "-s", "1000", "h", NULL },
		    SOCK_PREF_ANY, NULL, 151200 },
		{ { "ping", "-l", "65536", "-s", "65000", "h", NULL },
		    SOCK_PREF_ANY, NULL, 1 << 24 },
	};
	struct ping_opts o;
	struct sock_opts so;
	char err[256];

	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		ck_assert_msg(run(rows[i].args, true, &o, err, sizeof(err)) ==
		    0, "row %zu: %s", i, err);
		ping_opts_sock(&o, AF_INET, &so);
		ck_assert_msg(so.pref == rows[i].pref, "row %zu", i);
		ck_assert_int_eq(so.rcvbuf, rows[i].rcvbuf);
		ck_assert_int_eq(so.proto, IPPROTO_ICMP);
		ck_assert(so.recverr && so.echo_filter);
		if (rows[i].why != NULL)
			ck_assert_str_eq(ping_opts_raw_why(&o), rows[i].why);
	}
	ping_opts_sock(&o, AF_INET6, &so);
	ck_assert_int_eq(so.proto, IPPROTO_ICMPV6);
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("ping_opts");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, rejects, 0, sizeof(bad) / sizeof(bad[0]));
	tcase_add_test(tc, defaults);
	tcase_add_test(tc, fields_short);
	tcase_add_test(tc, fields_long);
	tcase_add_test(tc, user_interval);
	tcase_add_test(tc, fields_more);
	tcase_add_test(tc, iface_and_routes);
	tcase_add_test(tc, actions);
	tcase_add_test(tc, socket_choice);
	tcase_add_loop_test(tc, wants_json, 0,
	    sizeof(jrows) / sizeof(jrows[0]));
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return unit_run(suite(), CK_FORK_GETENV);
}
