/*
 * lib_clash: a program that has functions of its own named like the
 * library's internal ones (cksum, sock_open, parse_reply, ...; other
 * signatures, other results) links the static libicmptools.a. It must
 * link (no "multiple definition"), its calls must reach its own
 * functions, and the library's own calls its own: an echo to 127.0.0.1
 * through icmpt_echo() (root, else SKIP 77) needs the library's
 * checksum, socket and parser, which would fail with these.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "icmptools.h"

/* a checksum that is always wrong, a socket that never opens ... */
int	cksum(const void *p, size_t n);
int	sock_open(void);
int	parse_reply(void);
int	match_parse(void);
int	priv_drop(void);
long	clock_mono_ns(void);
int	resolve_host(void);

int
cksum(const void *p, size_t n)
{
	(void)p;
	return (int)n + 1000;
}

int
sock_open(void)
{
	return 1001;
}

int
parse_reply(void)
{
	return 1002;
}

int
match_parse(void)
{
	return 1003;
}

int
priv_drop(void)
{
	return 1004;
}

long
clock_mono_ns(void)
{
	return 1005;
}

int
resolve_host(void)
{
	return 1006;
}

int
main(void)
{
	struct icmpt_stats st;
	char err[256];
	int rc;

	if (cksum("", 0) != 1000 || sock_open() != 1001 ||
	    parse_reply() != 1002 || match_parse() != 1003 ||
	    priv_drop() != 1004 || clock_mono_ns() != 1005 ||
	    resolve_host() != 1006) {
		printf("FAIL: a call of ours went into the library\n");
		return 1;
	}
	printf("ok: our cksum, sock_open, parse_reply, match_parse, "
	    "priv_drop, clock_mono_ns, resolve_host are ours\n");
	if (strcmp(icmpt_version(), WANT_VERSION) != 0) {
		printf("FAIL: icmpt_version() '%s', want '%s'\n",
		    icmpt_version(), WANT_VERSION);
		return 1;
	}
	if (geteuid() != 0) {
		printf("SKIP: the echo through the archive needs root\n");
		return 77;
	}
	rc = icmpt_echo("127.0.0.1", 2, ICMPT_DEFAULT_DATALEN, &st, err,
	    sizeof(err));
	if (rc != 0 || st.sent != 2 || st.received != 2) {
		printf("FAIL: icmpt_echo 127.0.0.1: rc %d, %u/%u: %s\n", rc,
		    st.received, st.sent, rc != 0 ? err : "");
		return 1;
	}
	printf("ok: icmpt_echo 127.0.0.1 through the archive: 2/2, "
	    "%.3f ms\n", st.avg_ms);
	return 0;
}
