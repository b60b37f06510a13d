/*
 * check_tr_opts.c: traceroute's command line, from argv tables: accepted
 * invocations give the expected fields, rejected ones the exact error
 * text (traceroute 2.1.2 wording where 2.1.2 has one).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "tr_opts.h"
#include "unit.h"

#define MAXARGS	16

static int
run(const char *const *args, struct tr_opts *o, char *err, size_t errlen)
{
	char *argv[UNIT_MAXARGS];
	int argc = unit_argv(args, argv);

	err[0] = '\0';
	return tr_opts_parse(argc, argv, o, err, errlen);
}

struct bad_row {
	const char	*args[MAXARGS];
	const char	*msg;
};

static const struct bad_row bad[] = {
	{ { "traceroute", "-q", "abc", "h", NULL },
	    "Cannot handle `-q' option with arg `abc' (argc 2)" },
	{ { "traceroute", "-q", "20", "h", NULL },
	    "no more than 10 probes per hop" },
	{ { "traceroute", "-q", "0", "h", NULL },
	    "no more than 10 probes per hop" },
	{ { "traceroute", "-Z", "h", NULL }, "Bad option `-Z' (argc 1)" },
	/* one line whatever the argument holds (fuzz_tr_opts: a control
	 * character of the packet length came back raw) */
	{ { "traceroute", "h", "o\005", NULL },
	    "Cannot handle \"packetlen\" cmdline arg `o\\x05' on position 2 "
	    "(argc 2)" },
	{ { "traceroute", "-q", "1\n", "h", NULL },
	    "Cannot handle `-q' option with arg `1\\x0a' (argc 2)" },
	{ { "traceroute", "-M", "\033]0;x\a", "h", NULL },
	    "Unknown traceroute module \\x1b]0;x\\x07" },
	{ { "traceroute", "--gapx", "h", NULL },
	    "Bad option `--gapx' (argc 1)" },
	{ { "traceroute", "-q", NULL },
	    "Option `-q' (argc 1) requires an argument: `-q nqueries'" },
	{ { "traceroute", "-n", "--first", NULL },
	    "Option `--first' (argc 2) requires an argument: "
	    "`--first=first_ttl'" },
	{ { "traceroute", "-m", "0", "h", NULL }, "first hop out of range" },
	{ { "traceroute", "-m", "300", "h", NULL },
	    "max hops cannot be more than 255" },
	{ { "traceroute", "-f", "5", "-m", "3", "h", NULL },
	    "first hop out of range" },
	{ { "traceroute", "-f", "0", "h", NULL }, "first hop out of range" },
	{ { "traceroute", "-w", "abc", "h", NULL },
	    "Cannot handle `-w' option with arg `abc' (argc 2)" },
	{ { "traceroute", "-w", "5,3,10,4", "h", NULL },
	    "Cannot handle `-w' option with arg `5,3,10,4' (argc 2)" },
	{ { "traceroute", "-w", "-1", "h", NULL },
	    "bad wait specifications `-1,0,0' used" },
	{ { "traceroute", "-w", "5,,3", "h", NULL },
	    "Cannot handle `-w' option with arg `5,,3' (argc 2)" },
	{ { "traceroute", "-N", "0", "h", NULL },
	    "Cannot handle `-N' option with arg `0' (argc 2)" },
	{ { "traceroute", "h", "70000", NULL },
	    "too big packetlen 70000 specified" },
	{ { "traceroute", "h", "abc", NULL },
	    "Cannot handle \"packetlen\" cmdline arg `abc' on position 2 "
	    "(argc 2)" },
	{ { "traceroute", "h", "40", "50", NULL },
	    "Extra arg `50' (position 3, argc 3)" },
	{ { "traceroute", "-z", "abc", "h", NULL },
	    "Cannot handle `-z' option with arg `abc' (argc 2)" },
	{ { "traceroute", "-n", NULL }, "Specify \"host\" missing argument." },
	{ { "traceroute", "-M", "foo", "h", NULL },
	    "Unknown traceroute module foo" },
	{ { "traceroute", "-t", "300", "h", NULL },
	    "Cannot handle `-t' option with arg `300' (argc 2)" },
	{ { "traceroute", "-p", "70000", "h", NULL },
	    "Cannot handle `-p' option with arg `70000' (argc 2)" },
	{ { "traceroute", "-p", "-1", "h", NULL },
	    "Cannot handle `-p' option with arg `-1' (argc 2)" },
	{ { "traceroute", "-l", "0x100000", "h", NULL },
	    "Cannot handle `-l' option with arg `0x100000' (argc 2)" },
	{ { "traceroute", "--port=12x", "h", NULL },
	    "Cannot handle `--port' option with arg `12x' (argc 1)" },
	{ { "traceroute", "-4", "-6", "h", NULL },
	    "-4 and -6 cannot be used together" },
	{ { "traceroute", "-I", "-T", "h", NULL },
	    "conflicting methods: `icmp' and `tcp'" },
	{ { "traceroute", "--gap-limit=0", "h", NULL },
	    "Cannot handle `--gap-limit' option with arg `0' (argc 1)" },
	{ { "traceroute", "-g", "a,b,c,d,e,f,g,h,i", "h", NULL },
	    "Too many gateways specified. No more than 8" },
	{ { "traceroute", "-6", "-g", "a", "h", NULL },
	    "gateways (-g) are supported for IPv4 only" },
	{ { "traceroute6", "-g", "a", "h", NULL },
	    "gateways (-g) are supported for IPv4 only" },
	{ { "traceroute", "-g", "a,,b", "h", NULL },
	    "Cannot handle `-g' option with arg `a,,b' (argc 2)" },
	{ { "traceroute", "-q", " 3", "h", NULL },
	    "Cannot handle `-q' option with arg ` 3' (argc 2)" },
	{ { "traceroute", "-w", "nan", "h", NULL },
	    "Cannot handle `-w' option with arg `nan' (argc 2)" },
	{ { "traceroute", "-T", "-O", "syn,bogus", "h", NULL },
	    "unknown method option `bogus'" },
	{ { "traceroute", "-T", "-O", "mss=0", "h", NULL },
	    "Cannot handle `mss' keyword with arg `0'" },
	{ { "traceroute", "-T", "-O", "mss", "h", NULL },
	    "unknown method option `mss'" },
	{ { "traceroute", "-T", "-O", "syn=1", "h", NULL },
	    "unknown method option `syn' with a value" },
	{ { "traceroute", "-T", "-O", "flags=256", "h", NULL },
	    "Cannot handle `flags' keyword with arg `256'" },
	{ { "traceroute", "-P", "300", "h", NULL },
	    "Cannot handle `protocol' keyword with arg `300'" },
	{ { "traceroute", "-P", "1", "h", NULL },
	    "protocol 1 is ICMP: trace with -I (-M icmp)" },
	{ { "traceroute", "-M", "raw", "-O", "protocol=58", "h", NULL },
	    "protocol 58 is ICMP: trace with -I (-M icmp)" },
	{ { "traceroute", "-P", "nosuchproto", "h", NULL },
	    "Cannot handle `protocol' keyword with arg `nosuchproto'" },
	{ { "traceroute", "-I", "-O", "raw,dgram", "h", NULL },
	    "only one of raw and dgram may be given" },
	{ { "traceroute", "-D", "-O", "service=x", "h", NULL },
	    "Cannot handle `service' keyword with arg `x'" },
	{ { "traceroute", "-UL", "-O", "coverage=70000", "h", NULL },
	    "Cannot handle `coverage' keyword with arg `70000'" },
	{ { "traceroute", "-D", "-I", "h", NULL },
	    "conflicting methods: `dccp' and `icmp'" },
	{ { "traceroute", "-UL", "-T", "h", NULL },
	    "conflicting methods: `udplite' and `tcp'" },
	{ { "traceroute", "-P", "47", "-T", "h", NULL },
	    "conflicting methods: `raw' and `tcp'" },
	{ { "traceroute", "-n", "-O", NULL },
	    "Option `-O' (argc 2) requires an argument: `-O OPTS,...'" },
	{ { "traceroute", "-s", "-UL", NULL },
	    "Specify \"host\" missing argument." },
	{ { "traceroute", "--report=0", "h", NULL },
	    "bad number of report cycles `0': 1 to 65280" },
	{ { "traceroute", "--report=-1", "h", NULL },
	    "bad number of report cycles `-1': 1 to 65280" },
	{ { "traceroute", "--report=3x", "h", NULL },
	    "bad number of report cycles `3x': 1 to 65280" },
	{ { "traceroute", "--report=", "h", NULL },
	    "bad number of report cycles `': 1 to 65280" },
	{ { "traceroute", "--report=2200", "h", NULL },
	    "--report=2200 with -q 1 and -m 30 is more than 65280 probes" },
	{ { "traceroute", "--report=300", "-q", "10", "h", NULL },
	    "--report=300 with -q 10 and -m 30 is more than 65280 probes" },
	{ { "traceroute", "--report", "--interval=0", "h", NULL },
	    "bad interval `0': more than 0, at most 3600 seconds" },
	{ { "traceroute", "--report", "--interval=inf", "h", NULL },
	    "bad interval `inf': more than 0, at most 3600 seconds" },
	{ { "traceroute", "--report", "--interval=3601", "h", NULL },
	    "bad interval `3601': more than 0, at most 3600 seconds" },
	{ { "traceroute", "--interval=2", "h", NULL },
	    "--interval needs --report" },
	/* a long option with an argument it takes none of (was "-\x0b") */
	{ { "traceroute", "--json=1", "h", NULL },
	    "Bad option `--json' (argc 1)" },
	{ { "traceroute", "--mtu=1", "h", NULL },
	    "Bad option `--mtu' (argc 1)" },
	/* --multipath */
	{ { "traceroute", "--multipath=120", "h", NULL },
	    "bad multipath confidence `120' (50 to 99.9%)" },
	{ { "traceroute", "--multipath=0.4", "h", NULL },
	    "bad multipath confidence `0.4' (50 to 99.9%)" },
	{ { "traceroute", "--multipath=99.95", "h", NULL },
	    "bad multipath confidence `99.95' (50 to 99.9%)" },
	{ { "traceroute", "--multipath=9x", "h", NULL },
	    "Cannot handle `--multipath' option with arg `9x' (argc 1)" },
	{ { "traceroute", "--multipath=", "h", NULL },
	    "Cannot handle `--multipath' option with arg `' (argc 1)" },
	{ { "traceroute", "--multipath", "-U", "h", NULL },
	    "--multipath works with the default, icmp and tcp methods" },
	{ { "traceroute", "--multipath", "-D", "h", NULL },
	    "--multipath works with the default, icmp and tcp methods" },
	{ { "traceroute", "--multipath", "--classic", "h", NULL },
	    "--multipath cannot be used with --classic" },
	{ { "traceroute", "--mtu", "--multipath", "h", NULL },
	    "--multipath cannot be used with --mtu" },
	{ { "traceroute", "--multipath", "--report", "h", NULL },
	    "--multipath cannot be used with --report" },
};

START_TEST(rejects)
{
	struct tr_opts o;
	char err[256];

	ck_assert_int_eq(run(bad[_i].args, &o, err, sizeof(err)), -1);
	ck_assert_str_eq(err, bad[_i].msg);
}
END_TEST

START_TEST(defaults)
{
	const char *a[] = { "traceroute", "host", NULL };
	struct tr_opts o;
	char err[256];

	ck_assert_int_eq(run(a, &o, err, sizeof(err)), 0);
	ck_assert_int_eq(o.action, TR_ACT_RUN);
	ck_assert_str_eq(o.host, "host");
	ck_assert_int_eq(o.af, AF_UNSPEC);
	ck_assert_int_eq(o.method, TRACE_UDP);
	ck_assert_uint_eq(o.nqueries, 3);
	ck_assert_uint_eq(o.max_ttl, 30);
	ck_assert_uint_eq(o.first_ttl, 1);
	ck_assert_uint_eq(o.sim_queries, 16);
	ck_assert(o.wait_max == 5.0 && o.wait_here == 3.0 &&
	    o.wait_near == 10.0);
	ck_assert_int_eq(o.tos, -1);
	ck_assert(!o.port_set && !o.numeric && !o.classic);
	ck_assert_uint_eq(o.gap_limit, 0);
	ck_assert_uint_eq(o.packetlen, 0);
}
END_TEST

START_TEST(fields)
{
	const char *a[] = { "/usr/bin/traceroute6", "-n", "-q", "2", "-m",
	    "12", "-f", "3", "-w", "2,1.5,4", "-N", "4", "--as-path-lookups",
	    "h", NULL };
	const char *b[] = { "traceroute", "-I", "-p", "7", "-z", "50", "-t",
	    "16", "--gap-limit=3", "--classic", "h", "100", NULL };
	const char *c[] = { "traceroute", "-w", "2", "-z", "0.5", "-T",
	    "--mtu", "-g", "10.0.0.1,10.0.0.2", "-g", "10.0.0.3", "h", NULL };
	const char *d[] = { "traceroute", "-M", "udp", "-l", "0xfffff",
	    "--sport=999", "-s", "src", "-i", "eth0", "-eA", "--back", "h",
	    NULL };
	struct tr_opts o;
	char err[256];

	ck_assert_msg(run(a, &o, err, sizeof(err)) == 0, "%s", err);
	ck_assert_int_eq(o.af, AF_INET6);
	ck_assert(o.numeric);
	ck_assert_uint_eq(o.nqueries, 2);
	ck_assert_uint_eq(o.max_ttl, 12);
	ck_assert_uint_eq(o.first_ttl, 3);
	ck_assert(o.wait_max == 2.0 && o.wait_here == 1.5 &&
	    o.wait_near == 4.0);
	ck_assert_uint_eq(o.sim_queries, 4);
	ck_assert(o.as_lookups);

	ck_assert_int_eq(run(b, &o, err, sizeof(err)), 0);
	ck_assert(!o.as_lookups);
	ck_assert_int_eq(o.method, TRACE_ICMP);
	ck_assert(o.port_set);
	ck_assert_uint_eq(o.port, 7);
	ck_assert_int_eq(o.sendwait_ns, 50000000);
	ck_assert_int_eq(o.tos, 16);
	ck_assert_uint_eq(o.gap_limit, 3);
	ck_assert(o.classic);
	ck_assert_uint_eq(o.packetlen, 100);

	ck_assert_int_eq(run(c, &o, err, sizeof(err)), 0);
	ck_assert(o.wait_max == 2.0 && o.wait_here == 0 && o.wait_near == 0);
	ck_assert_int_eq(o.sendwait_ns, 500000000);
	ck_assert_int_eq(o.method, TRACE_TCP);
	ck_assert(o.mtu && o.dontfrag);
	ck_assert_uint_eq(o.sim_queries, 1);
	ck_assert_uint_eq(o.ngateways, 3);
	ck_assert_str_eq(o.gateways[0], "10.0.0.1");
	ck_assert_str_eq(o.gateways[2], "10.0.0.3");

	ck_assert_int_eq(run(d, &o, err, sizeof(err)), 0);
	ck_assert_int_eq(o.method, TRACE_UDPFIX);
	ck_assert_uint_eq(o.flowlabel, 0xfffff);
	ck_assert_uint_eq(o.sport, 999);
	ck_assert_uint_eq(o.sim_queries, 1);
	ck_assert_str_eq(o.source, "src");
	ck_assert_str_eq(o.device, "eth0");
	ck_assert(o.ext && o.back && o.as_lookups);
}
END_TEST

START_TEST(report_json)
{
	const char *a[] = { "traceroute", "--report", "h", NULL };
	const char *b[] = { "traceroute", "--report=7", "-q", "2",
	    "--interval=0.25", "--json", "h", NULL };
	const char *c[] = { "traceroute", "--json", "-q", "5", "h", NULL };
	const char *d[] = { "traceroute", "--report=2176", "h", NULL };
	struct tr_opts o;
	char err[256];

	ck_assert_int_eq(run(a, &o, err, sizeof(err)), 0);
	/* mtr's 10 cycles, one probe per hop each */
	ck_assert_uint_eq(o.report, 10);
	ck_assert_uint_eq(o.nqueries, 1);
	ck_assert(o.interval == 1.0 && !o.json);
	ck_assert_int_eq(run(b, &o, err, sizeof(err)), 0);
	ck_assert_uint_eq(o.report, 7);
	ck_assert_uint_eq(o.nqueries, 2);
	ck_assert(o.interval == 0.25 && o.json);
	ck_assert_int_eq(run(c, &o, err, sizeof(err)), 0);
	ck_assert_uint_eq(o.report, 0);
	ck_assert_uint_eq(o.nqueries, 5);
	ck_assert(o.json);
	/* 2176 x 30 = 65280 probes: the most */
	ck_assert_int_eq(run(d, &o, err, sizeof(err)), 0);
	ck_assert_uint_eq(o.report, 2176);
}
END_TEST

START_TEST(help_version)
{
	const char *h[] = { "traceroute", "--help", NULL };
	const char *v[] = { "traceroute", "-V", NULL };
	const char *o6[] = { "traceroute", "-n", "h", "-q", "1", NULL };
	struct tr_opts o;
	char err[256];

	ck_assert_int_eq(run(h, &o, err, sizeof(err)), 0);
	ck_assert_int_eq(o.action, TR_ACT_HELP);
	ck_assert_int_eq(run(v, &o, err, sizeof(err)), 0);
	ck_assert_int_eq(o.action, TR_ACT_VERSION);
	/* options after the host, as 2.1.2 allows */
	ck_assert_int_eq(run(o6, &o, err, sizeof(err)), 0);
	ck_assert_uint_eq(o.nqueries, 1);
	ck_assert_str_eq(o.host, "h");
}
END_TEST

/* -z as 2.1.2's binary reads it: 10 and above are milliseconds. */
START_TEST(sendwait_units)
{
	static const struct { const char *arg; int64_t ns; } t[] = {
		{ "0", 0 }, { "0.5", 500000000 }, { "9.99", 9990000000LL },
		{ "10", 10000000 }, { "10.5", 10500000 }, { "250", 250000000 },
	};
	struct tr_opts o;
	char err[256];

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		const char *a[] = { "traceroute", "-z", t[i].arg, "h", NULL };

		ck_assert_int_eq(run(a, &o, err, sizeof(err)), 0);
		ck_assert_msg(o.sendwait_ns == t[i].ns, "-z %s: %lld ns",
		    t[i].arg, (long long)o.sendwait_ns);
	}
}
END_TEST

/* 2.1.2's other methods and -O. */
START_TEST(methods_and_modopts)
{
	static const struct { const char *args[8]; enum trace_proto m; } t[] = {
		{ { "traceroute", "-D", "h" }, TRACE_DCCP },
		{ { "traceroute", "--dccp", "h" }, TRACE_DCCP },
		{ { "traceroute", "-UL", "h" }, TRACE_UDPLITE },
		{ { "traceroute", "-n", "-UL", "-q", "1", "h" }, TRACE_UDPLITE },
		{ { "traceroute", "-P", "47", "h" }, TRACE_RAW },
		{ { "traceroute", "--protocol=47", "h" }, TRACE_RAW },
		{ { "traceroute", "-M", "raw", "h" }, TRACE_RAW },
		{ { "traceroute", "-M", "dccp", "h" }, TRACE_DCCP },
		{ { "traceroute", "-M", "udplite", "h" }, TRACE_UDPLITE },
		{ { "traceroute", "-M", "tcpconn", "h" }, TRACE_TCPCONN },
		{ { "/bin/tcptraceroute", "h" }, TRACE_TCP },
		{ { "tracert", "h" }, TRACE_ICMP },
		{ { "tcptraceroute", "-I", "h" }, TRACE_ICMP },
	};
	const char *o1[] = { "traceroute", "-T", "-O", "mss=100,sack",
	    "--options=info", "h", NULL };
	const char *o2[] = { "traceroute", "-T", "-O", "ack,fin", "h", NULL };
	const char *o3[] = { "traceroute", "-T", "-O", "flags=0", "h", NULL };
	const char *o4[] = { "traceroute", "-P", "udp", "h", NULL };
	const char *o5[] = { "traceroute", "-M", "tcpconn", "-O", "what,ever",
	    "h", NULL };
	const char *h1[] = { "traceroute", "-T", "-O", "help", NULL };
	const char *h2[] = { "traceroute", "-O", "help", NULL };
	const char *s4[] = { "traceroute4", "h", NULL };
	const char *sv[] = { "traceroute", "-T", "-p", "http", "h", NULL };
	struct tr_opts o;
	char err[256];

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		ck_assert_msg(run(t[i].args, &o, err, sizeof(err)) == 0,
		    "%s: %s", t[i].args[1], err);
		ck_assert_int_eq(o.method, t[i].m);
		ck_assert_str_eq(o.host, "h");
	}
	/* -P: protocol=47, also as -M raw's option */
	ck_assert_int_eq(run(t[4].args, &o, err, sizeof(err)), 0);
	ck_assert_int_eq(o.mod.protocol, 47);
	ck_assert_int_eq(run(o1, &o, err, sizeof(err)), 0);
	ck_assert_uint_eq(o.mod.mss, 100);
	ck_assert(o.mod.sack && o.mod.info && !o.mod.sysctl &&
	    !o.mod.tcp_flags_set);
	ck_assert_int_eq(run(o2, &o, err, sizeof(err)), 0);
	ck_assert(o.mod.tcp_flags_set && !o.mod.sysctl);
	ck_assert_uint_eq(o.mod.tcp_flags, 0x11);
	ck_assert_int_eq(run(o3, &o, err, sizeof(err)), 0);
	ck_assert(o.mod.tcp_flags_set && !o.mod.sysctl);
	ck_assert_uint_eq(o.mod.tcp_flags, 0);
	/* a protocol by name (/etc/protocols) */
	if (run(o4, &o, err, sizeof(err)) == 0)
		ck_assert_int_eq(o.mod.protocol, 17);
	/* a method without options ignores them (2.1.2) */
	ck_assert_int_eq(run(o5, &o, err, sizeof(err)), 0);
	ck_assert_int_eq(run(t[0].args, &o, err, sizeof(err)), 0);
	ck_assert(!o.mod.service_set);
	ck_assert_int_eq(run(h1, &o, err, sizeof(err)), 0);
	ck_assert_int_eq(o.action, TR_ACT_MODHELP);
	ck_assert_int_eq(o.method, TRACE_TCP);
	ck_assert_int_eq(run(h2, &o, err, sizeof(err)), 0);
	ck_assert_int_eq(o.action, TR_ACT_MODHELP);
	ck_assert_int_eq(run(s4, &o, err, sizeof(err)), 0);
	ck_assert_int_eq(o.af, AF_INET);
	/* a service name (/etc/services), as 2.1.2 */
	if (run(sv, &o, err, sizeof(err)) == 0)
		ck_assert_uint_eq(o.port, 80);
	ck_assert_str_eq(tr_opts_method_name(TRACE_TCPCONN), "tcpconn");
	{
		/* 2.1.2 keeps 16 -O options at most */
		char *many[20], oa[] = "-Oa", prog[] = "traceroute", h[] = "h";

		many[0] = prog;
		for (int i = 1; i <= 17; i++)
			many[i] = oa;
		many[18] = h;
		many[19] = NULL;
		ck_assert_int_eq(tr_opts_parse(19, many, &o, err, sizeof(err)),
		    -1);
		ck_assert_str_eq(err, "Too many module options");
		ck_assert_int_eq(tr_opts_parse(17, many, &o, err, sizeof(err)),
		    -1);	/* 16 -O, but no host */
		many[17] = h;
		ck_assert_int_eq(tr_opts_parse(18, many, &o, err, sizeof(err)),
		    0);
		ck_assert_uint_eq(o.nmodopt, 16);
	}
}
END_TEST

/* --multipath[=CONFIDENCE]: 95% alone, a percentage or a fraction; the
 * next word is never its argument */
START_TEST(multipath)
{
	static const struct {
		const char	*arg;
		double		 conf;
	} rows[] = {
		{ "--multipath", 0.95 }, { "--multipath=99", 0.99 },
		{ "--multipath=99.9", 0.999 }, { "--multipath=50%", 0.5 },
		{ "--multipath=0.9", 0.9 }, { "--multipath=97.5%", 0.975 },
	};
	struct tr_opts o;
	char err[256];

	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const char *a[] = { "traceroute", rows[i].arg, "--json", "-I",
		    "h", NULL };

		ck_assert_int_eq(run(a, &o, err, sizeof(err)), 0);
		ck_assert(o.multipath > rows[i].conf - 1e-9 &&
		    o.multipath < rows[i].conf + 1e-9);
		ck_assert(o.json);
		ck_assert_str_eq(o.host, "h");
	}
	{
		const char *a[] = { "traceroute", "--multipath", "99", NULL };

		ck_assert_int_eq(run(a, &o, err, sizeof(err)), 0);
		ck_assert_str_eq(o.host, "99");
		ck_assert(o.multipath > 0.949 && o.multipath < 0.951);
	}
	{
		const char *a[] = { "traceroute", "h", NULL };

		ck_assert_int_eq(run(a, &o, err, sizeof(err)), 0);
		ck_assert(o.multipath == 0 && !o.json);
	}
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("tr_opts");
	TCase *tc = tcase_create("argv");

	tcase_add_loop_test(tc, rejects, 0, (int)(sizeof(bad) /
	    sizeof(bad[0])));
	tcase_add_test(tc, defaults);
	tcase_add_test(tc, sendwait_units);
	tcase_add_test(tc, fields);
	tcase_add_test(tc, help_version);
	tcase_add_test(tc, report_json);
	tcase_add_test(tc, methods_and_modopts);
	tcase_add_test(tc, multipath);
	suite_add_tcase(s, tc);
	return unit_run(s, CK_FORK_GETENV);
}
