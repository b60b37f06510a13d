// icmpt_handle.cc: the C++ side of the installed icmptools library:
// the same job and output as icmpt_echo_trace.c (see there), with the
// echo done through a handle (icmpt_open, icmpt_add, icmpt_send,
// icmpt_recv, icmpt_expire), owned by a std::unique_ptr, and the trace
// through icmpt_trace(). Only <icmptools.h> and pkg-config are used.
//
// usage: icmpt_handle [-e | -t] [-c count] [-m max_hops] [-q probes] host
// Exit: 0 every step got its answer, 1 no echo reply or destination not
// reached, 2 usage or library error (one line on stderr).
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include <unistd.h>

#include <icmptools.h>

namespace {

const char prog[] = "icmpt_handle";

struct args {
	bool		echo = true, trace = true;
	unsigned	count = 3, max_hops = 30, probes = 3;
	std::string	host;
};

[[noreturn]] void
usage()
{
	std::fprintf(stderr, "usage: %s [-e | -t] [-c count] [-m max_hops] "
	    "[-q probes] host\n", prog);
	std::exit(2);
}

unsigned
num(const char *s, unsigned long lo, unsigned long hi, const char *what)
{
	char *end;
	unsigned long v = std::strtoul(s, &end, 10);

	if (end == s || *end != '\0' || v < lo || v > hi) {
		std::fprintf(stderr, "%s: bad %s '%s' (%lu..%lu)\n", prog, what,
		    s, lo, hi);
		std::exit(2);
	}
	return static_cast<unsigned>(v);
}

args
parse_args(int argc, char *argv[])
{
	args a;
	int c;

	while ((c = getopt(argc, argv, "c:em:q:t")) != -1) {
		switch (c) {
		case 'c': a.count = num(optarg, 1, 1000000, "count"); break;
		case 'e': a.trace = false; break;
		case 'm': a.max_hops = num(optarg, 1, 255, "max_hops"); break;
		case 'q': a.probes = num(optarg, 1, 10, "probes"); break;
		case 't': a.echo = false; break;
		default: usage();
		}
	}
	if (optind != argc - 1 || (!a.echo && !a.trace))
		usage();
	a.host = argv[optind];
	return a;
}

using handle = std::unique_ptr<icmpt_handle, decltype(&icmpt_close)>;

struct tally {
	unsigned		sent = 0, received = 0, dups = 0, errors = 0;
	std::vector<double>	rtt_ms;
};

// Wait up to 1 s for request seq of dest, as icmpt_echo() does; then
// forget it (answered or lost), so a late answer is not ours.
int
await(icmpt_handle *h, int dest, uint16_t seq, tally &t)
{
	using clock = std::chrono::steady_clock;
	auto end = clock::now() + std::chrono::seconds(1);
	icmpt_reply r;

	for (;;) {
		auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
		    end - clock::now()).count();
		int got = icmpt_recv(h, &r, left > 0 ? static_cast<int>(left) : 0);

		if (got <= 0) {
			icmpt_expire(h, 0);
			return got;
		}
		if (r.dest != dest)
			continue;
		if (r.dup) {
			t.dups++;
			continue;
		}
		if (r.kind == ICMPT_ERROR) {
			t.errors++;
		} else {
			t.received++;
			t.rtt_ms.push_back(icmpt_rtt_ms(&r));
		}
		if (r.seq == seq) {
			icmpt_expire(h, 0);
			return 1;
		}
	}
}

void
print_rtt(const std::vector<double> &v)
{
	double lo = v[0], hi = v[0], sum = 0, sq = 0;

	for (double x : v) {
		lo = x < lo ? x : lo;
		hi = x > hi ? x : hi;
		sum += x;
		sq += x * x;
	}
	double avg = sum / v.size();
	double var = sq / v.size() - avg * avg;

	std::printf("rtt %.3f %.3f %.3f %.3f ms\n", lo, avg, hi,
	    std::sqrt(var > 0 ? var : 0));
}

// 0 replies came, 1 none, 2 error
int
echo(const args &a)
{
	char err[256];
	handle h(icmpt_open(nullptr, err, sizeof(err)), icmpt_close);
	tally t;
	uint16_t seq;
	int dest;

	if (!h) {
		std::fprintf(stderr, "%s: open: %s\n", prog, err);
		return 2;
	}
	if ((dest = icmpt_add(h.get(), a.host.c_str(), 0)) < 0) {
		std::fprintf(stderr, "%s: echo %s\n", prog, icmpt_errmsg(h.get()));
		return 2;
	}
	for (unsigned i = 0; i < a.count; i++) {
		if (icmpt_send(h.get(), dest, ICMPT_DEFAULT_DATALEN, &seq) == -1 ||
		    await(h.get(), dest, seq, t) == -1) {
			std::fprintf(stderr, "%s: echo %s: %s\n", prog,
			    a.host.c_str(), icmpt_errmsg(h.get()));
			return 2;
		}
		t.sent++;
	}
	std::printf("echo %s sent %u received %u lost %u duplicates %u "
	    "errors %u\n", a.host.c_str(), t.sent, t.received,
	    t.sent - t.received, t.dups, t.errors);
	if (!t.rtt_ms.empty())
		print_rtt(t.rtt_ms);
	return t.received > 0 ? 0 : 1;
}

// 0 reached, 1 not, 2 error
int
trace(const args &a)
{
	std::vector<icmpt_hop> hops(a.max_hops);
	unsigned n = 0;
	char err[256];
	int rc = icmpt_trace(a.host.c_str(), a.max_hops, a.probes, hops.data(),
	    &n, err, sizeof(err));

	if (rc == -1) {
		std::fprintf(stderr, "%s: trace %s: %s\n", prog, a.host.c_str(),
		    err);
		return 2;
	}
	for (unsigned i = 0; i < n && i < hops.size(); i++) {
		const icmpt_hop &p = hops[i];

		std::printf("hop %u %s sent %u received %u note %s\n", p.ttl,
		    p.addr[0] != '\0' ? p.addr : "*", p.stats.sent,
		    p.stats.received, p.note[0] != '\0' ? p.note : "-");
	}
	std::printf("trace %s %s hops %u\n", a.host.c_str(),
	    rc == 0 ? "reached" : "unreached", n);
	return rc;
}

} // namespace

int
main(int argc, char *argv[])
{
	args a = parse_args(argc, argv);
	int e = a.echo ? echo(a) : 0;
	int t = a.trace ? trace(a) : 0;

	if (std::fflush(stdout) == EOF || std::ferror(stdout)) {
		std::fprintf(stderr, "%s: write error\n", prog);
		return 2;
	}
	return e > t ? e : t;
}
