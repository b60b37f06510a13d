/*
 * icmpt_echo_trace.c: echo a host, then trace the route to it, with the
 * installed icmptools library only: <icmptools.h> and pkg-config, as any
 * program outside the source tree would (make installcheck builds it so).
 * The echo is the one call icmpt_echo(); examples/icmpt_handle.cc does the
 * same with the handle, in C++.
 *
 * usage: icmpt_echo_trace [-e | -t] [-c count] [-m max_hops] [-q probes]
 *            host
 *   -e  echo only; -t  trace only (default both)
 * Prints lines made for scripts, one result each:
 *   echo HOST sent S received R lost L duplicates D errors E
 *   rtt MIN AVG MAX MDEV ms                  (when R > 0)
 *   hop N ADDR sent S received R note NOTE   (ADDR, NOTE "*", "-" if none)
 *   trace HOST reached|unreached hops N
 * Exit: 0 every step got its answer, 1 no echo reply or destination not
 * reached, 2 usage or library error (one line on stderr).
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <icmptools.h>

#define PROG	"icmpt_echo_trace"

struct args {
	int		 echo, trace;
	unsigned	 count, max_hops, probes;
	const char	*host;
};

static void
usage(void)
{
	fprintf(stderr, "usage: " PROG " [-e | -t] [-c count] [-m max_hops] "
	    "[-q probes] host\n");
	exit(2);
}

static unsigned
num(const char *s, unsigned long lo, unsigned long hi, const char *what)
{
	char *end;
	unsigned long v;

	v = strtoul(s, &end, 10);
	if (end == s || *end != '\0' || v < lo || v > hi) {
		fprintf(stderr, PROG ": bad %s '%s' (%lu..%lu)\n", what, s, lo,
		    hi);
		exit(2);
	}
	return (unsigned)v;
}

static void
parse_args(int argc, char *argv[], struct args *a)
{
	int c;

	a->echo = a->trace = 1;
	a->count = 3;
	a->max_hops = 30;
	a->probes = 3;
	while ((c = getopt(argc, argv, "c:em:q:t")) != -1) {
		switch (c) {
		case 'c':
			a->count = num(optarg, 1, 1000000, "count");
			break;
		case 'e':
			a->trace = 0;
			break;
		case 'm':
			a->max_hops = num(optarg, 1, 255, "max_hops");
			break;
		case 'q':
			a->probes = num(optarg, 1, 10, "probes");
			break;
		case 't':
			a->echo = 0;
			break;
		default:
			usage();
		}
	}
	if (optind != argc - 1 || (!a->echo && !a->trace))
		usage();
	a->host = argv[optind];
}

/* 0 replies came, 1 none, 2 error */
static int
echo(const struct args *a)
{
	struct icmpt_stats st;
	char err[256];
	int rc;

	rc = icmpt_echo(a->host, a->count, ICMPT_DEFAULT_DATALEN, &st, err,
	    sizeof(err));
	if (rc == -1) {
		fprintf(stderr, PROG ": echo %s: %s\n", a->host, err);
		return 2;
	}
	printf("echo %s sent %u received %u lost %u duplicates %u errors %u\n",
	    a->host, st.sent, st.received, st.sent - st.received,
	    st.duplicates, st.errors);
	if (st.received > 0)
		printf("rtt %.3f %.3f %.3f %.3f ms\n", st.min_ms, st.avg_ms,
		    st.max_ms, st.mdev_ms);
	return rc;
}

/* 0 reached, 1 not, 2 error */
static int
trace(const struct args *a)
{
	struct icmpt_hop *hops;
	unsigned n = 0;
	char err[256];
	int rc;

	if ((hops = calloc(a->max_hops, sizeof(*hops))) == NULL) {
		fprintf(stderr, PROG ": out of memory\n");
		return 2;
	}
	rc = icmpt_trace(a->host, a->max_hops, a->probes, hops, &n, err,
	    sizeof(err));
	if (rc == -1) {
		fprintf(stderr, PROG ": trace %s: %s\n", a->host, err);
		free(hops);
		return 2;
	}
	for (unsigned i = 0; i < n; i++)
		printf("hop %u %s sent %u received %u note %s\n", hops[i].ttl,
		    hops[i].addr[0] != '\0' ? hops[i].addr : "*",
		    hops[i].stats.sent, hops[i].stats.received,
		    hops[i].note[0] != '\0' ? hops[i].note : "-");
	printf("trace %s %s hops %u\n", a->host, rc == 0 ? "reached" :
	    "unreached", n);
	free(hops);
	return rc;
}

int
main(int argc, char *argv[])
{
	struct args a;
	int e = 0, t = 0;

	parse_args(argc, argv, &a);
	if (a.echo)
		e = echo(&a);
	if (a.trace)
		t = trace(&a);
	if (fflush(stdout) == EOF || ferror(stdout)) {
		fprintf(stderr, PROG ": write error\n");
		return 2;
	}
	return e > t ? e : t;
}
