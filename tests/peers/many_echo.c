/*
 * many_echo: one round of echoes to many destinations through ONE handle
 * of the installed API (icmptools.h, public calls only): every address of
 * the prefixes given is added (icmpt_add), one request goes to each
 * (icmpt_send_all), and answers are read (icmpt_recv) until every
 * destination answered or the wait is over. The lab test lib_many.sh and
 * the benchmark bench/many_speed.sh both run it.
 *
 * usage: many_echo [-pq] [-w MS] [-l MS] [-s SIZE] PREFIX...
 *   PREFIX   ADDR/LEN, IPv4 or IPv6: every address of the prefix (its
 *            first and last included), at most 2^20 in all
 *   -w MS    wait at most MS milliseconds for the answers (default 2000)
 *   -l MS    once all answered, listen MS more for duplicates (default 0)
 *   -s SIZE  echo data bytes (default 56)
 *   -p       wait with poll() on icmpt_fd(), then take what icmpt_recv()
 *            has without waiting (timeout 0) until it says none: the
 *            descriptor must be readable while any answer waits
 *   -q       print only the summary line
 * Prints, per destination that needs it: "lost ADDR" (no answer), "dup
 * ADDR N" (N echo replies), "error ADDR TYPE/CODE from FROM", "from ADDR
 * FROM" (a reply from another address); then one summary line
 *   sent S answered A lost L dup D errors E not_ours N raw4=R raw6=R
 * (R: 1 raw socket, 0 ICMP datagram socket, -1 none).
 * Exit: 0 every destination answered exactly once, 1 not, 2 usage or
 * socket error.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

#include "icmptools.h"

#define MAX_DEST	(1u << 20)

struct tally {
	uint8_t		*replies;	/* echo replies per destination */
	uint8_t		*errors;	/* ICMP errors per destination */
	uint8_t		*wrong;		/* replies from another address */
	size_t		 answered, dups, errs;
};

static void
usage(void)
{
	fprintf(stderr, "usage: many_echo [-pq] [-w MS] [-l MS] [-s SIZE] "
	    "PREFIX...\n");
	exit(2);
}

static long
num(const char *s, long lo, long hi)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (end == s || *end != '\0' || errno != 0 || v < lo || v > hi)
		usage();
	return v;
}

static int64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Dotted decimal of b into text (>= 16 bytes). */
static void
format_v4(const uint8_t *b, char *text)
{
	for (int i = 0; i < 4; i++) {
		if (b[i] >= 100)
			*text++ = (char)('0' + b[i] / 100);
		if (b[i] >= 10)
			*text++ = (char)('0' + b[i] / 10 % 10);
		*text++ = (char)('0' + b[i] % 10);
		*text++ = i < 3 ? '.' : '\0';
	}
}

/* Add the host i of prefix a/len (family af, network-order bytes). */
static int
add_host(struct icmpt_handle *h, int af, const uint8_t *base, size_t alen,
    uint32_t i)
{
	uint8_t b[16];
	char text[INET6_ADDRSTRLEN];
	uint32_t low;

	memcpy(b, base, alen);
	low = (uint32_t)b[alen - 4] << 24 | (uint32_t)b[alen - 3] << 16 |
	    (uint32_t)b[alen - 2] << 8 | b[alen - 1];
	low += i;
	b[alen - 4] = (uint8_t)(low >> 24);
	b[alen - 3] = (uint8_t)(low >> 16);
	b[alen - 2] = (uint8_t)(low >> 8);
	b[alen - 1] = (uint8_t)low;
	/* by hand for IPv4: inet_ntop's sprintf would be most of our user
	 * time with 32768 addresses */
	if (af == AF_INET)
		format_v4(b, text);
	else if (inet_ntop(af, b, text, sizeof(text)) == NULL)
		return -1;
	return icmpt_add(h, text, af);
}

/* Every address of PREFIX; the count added, or -1 (usage) */
static long
add_prefix(struct icmpt_handle *h, const char *arg, size_t room)
{
	char text[INET6_ADDRSTRLEN + 8], *slash;
	uint8_t base[16];
	int af, len, bits;
	size_t alen, n;

	if (strlen(arg) >= sizeof(text) || (slash = strchr(arg, '/')) == NULL)
		return -1;
	memcpy(text, arg, (size_t)(slash - arg));
	text[slash - arg] = '\0';
	af = strchr(text, ':') != NULL ? AF_INET6 : AF_INET;
	alen = af == AF_INET ? 4 : 16;
	if (inet_pton(af, text, base) != 1)
		return -1;
	len = (int)num(slash + 1, 0, (long)alen * 8);
	bits = (int)alen * 8 - len;
	if (bits > 20 || (n = (size_t)1 << bits) > room)
		return -1;
	/* the host part of the base is ignored */
	for (int k = 0; k < bits; k++)
		base[alen - 1 - k / 8] &= (uint8_t)~(1u << (k % 8));
	for (size_t i = 0; i < n; i++)
		if (add_host(h, af, base, alen, (uint32_t)i) < 0) {
			fprintf(stderr, "many_echo: %s\n", icmpt_errmsg(h));
			exit(2);
		}
	return (long)n;
}

/* Account one answer. */
static void
count(const struct icmpt_handle *h, const struct icmpt_reply *r,
    struct tally *t, bool quiet)
{
	if (r->kind == ICMPT_ERROR) {
		if (t->errors[r->dest]++ == 0)
			t->errs++;
		if (!quiet)
			printf("error %s %u/%u from %s\n",
			    icmpt_dest_addr(h, r->dest), r->type, r->code,
			    r->from);
		return;
	}
	if (strcmp(r->from, icmpt_dest_addr(h, r->dest)) != 0 &&
	    t->wrong[r->dest]++ == 0 && !quiet)
		printf("from %s %s\n", icmpt_dest_addr(h, r->dest), r->from);
	if (t->replies[r->dest] < UINT8_MAX)
		t->replies[r->dest]++;
	if (t->replies[r->dest] == 1)
		t->answered++;
	else if (t->replies[r->dest] == 2)
		t->dups++;
}

/* Take every answer icmpt_recv has without waiting; -1 on error. */
static int
take_ready(struct icmpt_handle *h, struct tally *t, bool quiet)
{
	struct icmpt_reply r;
	int got;

	while ((got = icmpt_recv(h, &r, 0)) == 1)
		count(h, &r, t, quiet);
	return got;
}

/* As receive(), sleeping in poll() on the handle's descriptor. */
static int
receive_poll(struct icmpt_handle *h, size_t n, struct tally *t,
    long wait_ms, long linger_ms, bool quiet)
{
	struct pollfd p = { .fd = icmpt_fd(h), .events = POLLIN };
	int64_t end = now_ms() + wait_ms, t_now;
	bool lingering = false;
	int got;

	while ((t_now = now_ms()) < end) {
		if (!lingering && t->answered + t->errs >= n) {
			if (linger_ms == 0)
				break;
			lingering = true;
			end = t_now + linger_ms;
		}
		if ((got = poll(&p, 1, (int)(end - t_now))) == -1) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "many_echo: poll: %s\n",
			    strerror(errno));
			return -1;
		}
		/* only what poll() announced: a held answer it did not
		 * see is lost, as it would be to a caller */
		if (got == 0)
			break;
		if (take_ready(h, t, quiet) < 0) {
			fprintf(stderr, "many_echo: %s\n", icmpt_errmsg(h));
			return -1;
		}
	}
	return 0;
}

/* Read answers until all n answered (then linger_ms more) or wait_ms. */
static int
receive(struct icmpt_handle *h, size_t n, struct tally *t, long wait_ms,
    long linger_ms, bool quiet)
{
	int64_t end = now_ms() + wait_ms, t_now;
	bool lingering = false;
	struct icmpt_reply r;
	int got;

	for (;;) {
		if (!lingering && t->answered + t->errs >= n) {
			if (linger_ms == 0)
				break;
			lingering = true;
			end = now_ms() + linger_ms;
		}
		/* what is already there first: the clock only when not */
		if ((got = icmpt_recv(h, &r, 0)) == 0) {
			if ((t_now = now_ms()) >= end)
				break;
			got = icmpt_recv(h, &r, (int)(end - t_now));
		}
		if (got < 0) {
			fprintf(stderr, "many_echo: %s\n", icmpt_errmsg(h));
			return -1;
		}
		if (got == 1)
			count(h, &r, t, quiet);
	}
	return 0;
}

static void
report(const struct icmpt_handle *h, size_t n, long sent,
    const struct tally *t, bool quiet)
{
	size_t lost = 0;

	for (size_t i = 0; i < n; i++) {
		if (t->replies[i] == 0 && t->errors[i] == 0) {
			lost++;
			if (!quiet)
				printf("lost %s\n", icmpt_dest_addr(h, (int)i));
		} else if (t->replies[i] > 1 && !quiet)
			printf("dup %s %u\n", icmpt_dest_addr(h, (int)i),
			    t->replies[i]);
	}
	printf("sent %ld answered %zu lost %zu dup %zu errors %zu "
	    "not_ours %llu raw4=%d raw6=%d\n", sent, t->answered, lost,
	    t->dups, t->errs, (unsigned long long)icmpt_not_ours(h),
	    icmpt_raw(h, AF_INET), icmpt_raw(h, AF_INET6));
}

int
main(int argc, char **argv)
{
	struct icmpt_options o = { .flags = ICMPT_F_NUMERIC, .tos = -1 };
	struct icmpt_handle *h;
	struct tally t = { 0 };
	long wait_ms = 2000, linger_ms = 0, size = ICMPT_DEFAULT_DATALEN;
	long sent, got;
	size_t n = 0;
	bool quiet = false, use_poll = false;
	char err[256];
	int ch, rc;

	while ((ch = getopt(argc, argv, "pql:s:w:")) != -1) {
		switch (ch) {
		case 'p':
			use_poll = true;
			break;
		case 'q':
			quiet = true;
			break;
		case 'l':
			linger_ms = num(optarg, 0, 600000);
			break;
		case 's':
			size = num(optarg, 0, ICMPT_MAX_DATALEN);
			break;
		case 'w':
			wait_ms = num(optarg, 1, 600000);
			break;
		default:
			usage();
		}
	}
	if (optind == argc)
		usage();
	if ((h = icmpt_open(&o, err, sizeof(err))) == NULL) {
		fprintf(stderr, "many_echo: %s\n", err);
		return 2;
	}
	if (icmpt_drop_privileges(err, sizeof(err)) == -1) {
		fprintf(stderr, "many_echo: %s\n", err);
		return 2;
	}
	for (int i = optind; i < argc; i++) {
		if ((got = add_prefix(h, argv[i], MAX_DEST - n)) < 0) {
			fprintf(stderr, "many_echo: bad prefix '%s'\n",
			    argv[i]);
			return 2;
		}
		n += (size_t)got;
	}
	t.replies = calloc(n, 1);
	t.errors = calloc(n, 1);
	t.wrong = calloc(n, 1);
	if (t.replies == NULL || t.errors == NULL || t.wrong == NULL) {
		fprintf(stderr, "many_echo: out of memory\n");
		return 2;
	}
	if ((sent = icmpt_send_all(h, (size_t)size)) < 0) {
		fprintf(stderr, "many_echo: %s\n", icmpt_errmsg(h));
		return 2;
	}
	if ((size_t)sent < n)
		fprintf(stderr, "many_echo: %ld of %zu sent: %s\n", sent, n,
		    icmpt_errmsg(h));
	if ((use_poll ? receive_poll : receive)(h, n, &t, wait_ms, linger_ms,
	    quiet) == -1)
		return 2;
	report(h, n, sent, &t, quiet);
	rc = t.answered == n && t.dups == 0 && t.errs == 0 ? 0 : 1;
	icmpt_close(h);
	free(t.replies);
	free(t.errors);
	free(t.wrong);
	return rc;
}
