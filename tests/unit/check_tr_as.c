/*
 * check_tr_as.c: traceroute -A (tr_as.c). The parser, from whois replies
 * to the bracket text: route/route6 with origin, the most specific prefix
 * winning, equal prefixes joined once each, nothing found, CRLF, long
 * lines, control and non-ASCII bytes escaped, truncated and random
 * replies; the same text whatever pieces the reply comes in. The client
 * against whois servers on loopback (children of the test): the query
 * 2.1.2 sends, one connection per address, a refused connection, a
 * server that never answers (the bound), a clean close without answer.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <arpa/inet.h>
#include <check.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "clock.h"
#include "tr_as.h"
#include "unit.h"
#include "unit_addr.h"

struct row {
	const char	*reply;
	size_t		 len;		/* 0: strlen */
	const char	*want;
	bool		 found;
};

#define OBJ4(p, o)	"route:      " p "\ndescr:      lab\norigin:     " o \
	"\nsource:     LAB\n\n"
#define OBJ6(p, o)	"route6:     " p "\norigin:     " o "\n\n"

static const struct row rows[] = {
	{ OBJ4("198.18.1.0/24", "AS64501"), 0, "AS64501", true },
	{ OBJ6("2001:2:0:1::/64", "AS64511"), 0, "AS64511", true },
	/* the most specific wins, in either order */
	{ OBJ4("198.18.0.0/15", "AS64500") OBJ4("198.18.1.0/24", "AS64501"),
	    0, "AS64501", true },
	{ OBJ4("198.18.1.0/24", "AS64501") OBJ4("198.18.0.0/15", "AS64500"),
	    0, "AS64501", true },
	{ OBJ4("198.18.1.0/24", "AS64501") OBJ4("198.18.1.2/32", "AS64505")
	    OBJ4("198.18.1.0/25", "AS64509"), 0, "AS64505", true },
	{ OBJ6("2001:2::/48", "AS64510") OBJ6("2001:2:0:1::2/128", "AS64515")
	    OBJ6("2001:2:0:1::/64", "AS64511"), 0, "AS64515", true },
	/* equal prefixes: joined with '/', each origin once */
	{ OBJ4("198.18.1.0/24", "AS64502") OBJ4("198.18.1.0/24", "AS64503"),
	    0, "AS64502/AS64503", true },
	{ OBJ4("198.18.1.0/24", "AS64502") OBJ4("198.18.1.0/24", "AS64503")
	    OBJ4("198.18.1.0/24", "AS64502") OBJ4("198.18.0.0/16", "AS1"),
	    0, "AS64502/AS64503", true },
	{ OBJ4("198.18.1.0/24", "AS11") OBJ4("198.18.1.0/24", "AS1")
	    OBJ4("198.18.1.0/24", "AS1") OBJ4("198.18.1.0/24", "AS11"),
	    0, "AS11/AS1", true },
	/* a tie, then a more specific: that one alone */
	{ OBJ4("198.18.1.0/24", "AS2") OBJ4("198.18.1.0/24", "AS3")
	    OBJ4("198.18.1.0/28", "AS4"), 0, "AS4", true },
	/* nothing */
	{ "", 0, "*", false },
	{ "%  No entries found for the selected source(s).\n", 0, "*", false },
	{ "route:      198.18.1.0/24\ndescr: no origin\n\n", 0, "*", false },
	{ "origin:\n", 0, "*", false },
	{ "origin: \t \r\n", 0, "*", false },
	/* an origin before any route line counts as prefix 0 (2.1.2) */
	{ "origin: AS7\n", 0, "AS7", true },
	{ "origin: AS7\n" OBJ4("198.18.1.0/24", "AS8"), 0, "AS8", true },
	/* no '/', or not a prefix length: 0 */
	{ OBJ4("198.18.1.0", "AS9") OBJ4("198.18.1.0/24", "AS1"), 0, "AS1",
	    true },
	{ OBJ4("198.18.1.0/999", "AS9") OBJ4("198.18.1.0/24", "AS1"), 0,
	    "AS1", true },
	{ OBJ4("198.18.1.0/ 24", "AS9") OBJ4("198.18.1.0/16", "AS1"), 0,
	    "AS9", true },
	/* keys as 2.1.2 reads them: at the line start, case as sent */
	{ "Origin: AS1\n  origin: AS2\nroute: x/24\norigin:AS3 AS4\n", 0,
	    "AS3", true },
	/* CRLF */
	{ "route:      198.18.1.0/24\r\norigin:     AS64501\r\n\r\n", 0,
	    "AS64501", true },
	{ "route: 198.18.1.0/24\r\norigin: AS1\r\nroute: 198.18.1.0/24\r\n"
	    "origin: AS2\r\n", 0, "AS1/AS2", true },
	/* control and non-ASCII bytes never reach the terminal */
	{ "origin: AS1\x1b[2J\x07\n", 0, "AS1\\x1b[2J\\x07", true },
	{ "origin: AS\x9b" "31m\xc3\xa9\x7f\n", 0, "AS\\x9b31m\\xc3\\xa9\\x7f",
	    true },
	{ "origin: AS1\\x1b\n", 0, "AS1\\\\x1b", true },
	{ "origin: AS\0" "1\n", 13, "AS\\x001", true },
	{ "route: 198.18.1.0/24\0junk\norigin: AS5\n", 38, "AS5", true },
	/* truncated replies */
	{ "route: 198.18.1.0/24\norigin: AS7", 0, "AS7", true },
	{ "route: 198.18.1.0/24\nori", 0, "*", false },
	{ "route: 198.18.1.0/2", 0, "*", false },
	{ "origin", 0, "*", false },
};

START_TEST(table)
{
	char out[TR_AS_TEXT_MAX];

	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const struct row *r = &rows[i];
		size_t n = r->len ? r->len : strlen(r->reply);

		ck_assert_msg(tr_as_parse(r->reply, n, out, sizeof(out)) ==
		    r->found, "row %zu", i);
		ck_assert_msg(strcmp(out, r->want) == 0, "row %zu: '%s', want "
		    "'%s'", i, out, r->want);
	}
}
END_TEST

/* Fed in any pieces (1 byte, 7 bytes, random), the same text. */
START_TEST(pieces)
{
	char one[TR_AS_TEXT_MAX], out[TR_AS_TEXT_MAX];
	unsigned seed = 7;

	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		size_t n = rows[i].len ? rows[i].len : strlen(rows[i].reply);

		tr_as_parse(rows[i].reply, n, one, sizeof(one));
		for (size_t step = 0; step < 3; step++) {
			struct tr_as_parser p;
			size_t off = 0;

			tr_as_parse_init(&p);
			while (off < n) {
				size_t k = step == 0 ? 1 : step == 1 ? 7 :
				    1 + (size_t)rand_r(&seed) % 40;

				k = k < n - off ? k : n - off;
				tr_as_parse_feed(&p, rows[i].reply + off, k);
				off += k;
			}
			tr_as_parse_end(&p, out, sizeof(out));
			ck_assert_msg(strcmp(out, one) == 0, "row %zu step %zu",
			    i, step);
		}
	}
}
END_TEST

static char *
fill(char *p, char c, size_t n)
{
	memset(p, c, n);
	return p + n;
}

/* Lines past TR_AS_LINE_MAX: the rest is dropped, never a new line. */
START_TEST(long_lines)
{
	static char buf[16384];
	char out[TR_AS_TEXT_MAX], *p;

	/* a key after 3000 bytes of one line is not at a line start */
	p = fill(buf, 'x', 3000);
	p += sprintf(p, "origin: AS9\nroute: 198.18.1.0/24\norigin: AS1\n");
	ck_assert(tr_as_parse(buf, (size_t)(p - buf), out, sizeof(out)));
	ck_assert_str_eq(out, "AS1");
	/* not even where 2.1.2's 1024-byte fgets would have cut it */
	p = fill(buf, 'x', TR_AS_LINE_MAX - 1);
	p += sprintf(p, "origin: AS9\n");
	ck_assert(!tr_as_parse(buf, (size_t)(p - buf), out, sizeof(out)));
	/* a full-length line, then a key: found */
	p = fill(buf, 'x', TR_AS_LINE_MAX);
	p += sprintf(p, "\norigin: AS5\n");
	ck_assert(tr_as_parse(buf, (size_t)(p - buf), out, sizeof(out)));
	ck_assert_str_eq(out, "AS5");
	/* an overlong origin: its first TR_AS_RAW_MAX bytes */
	p = buf + sprintf(buf, "origin: ");
	p = fill(p, 'A', 5000);
	*p++ = '\n';
	ck_assert(tr_as_parse(buf, (size_t)(p - buf), out, sizeof(out)));
	ck_assert_uint_eq(strlen(out), TR_AS_RAW_MAX);
	ck_assert(strspn(out, "A") == TR_AS_RAW_MAX);
	/* escaped, the longest text still fits TR_AS_TEXT_MAX */
	p = buf + sprintf(buf, "origin: ");
	p = fill(p, '\x01', 2000);
	ck_assert(tr_as_parse(buf, (size_t)(p - buf), out, sizeof(out)));
	ck_assert_uint_eq(strlen(out), 4 * TR_AS_RAW_MAX);
}
END_TEST

/* 300 equal origins: whole ones only, within TR_AS_RAW_MAX. */
START_TEST(many_ties)
{
	static char buf[65536];
	char out[TR_AS_TEXT_MAX], *p = buf, *tok, *save;
	size_t n = 0;

	for (int i = 0; i < 300; i++)
		p += sprintf(p, OBJ4("198.18.1.0/24", "AS%d"), 64000 + i);
	ck_assert(tr_as_parse(buf, (size_t)(p - buf), out, sizeof(out)));
	ck_assert_uint_le(strlen(out), TR_AS_RAW_MAX);
	for (tok = strtok_r(out, "/", &save); tok != NULL;
	    tok = strtok_r(NULL, "/", &save), n++)
		ck_assert_int_eq(atoi(tok + 2), 64000 + (int)n);
	ck_assert_uint_eq(n, (TR_AS_RAW_MAX + 1) / 8);	/* "AS64xxx/" */
}
END_TEST

/* A small output buffer: cut before an escape, always terminated. */
START_TEST(small_out)
{
	const char r[] = "origin: AS1\x1b\n";
	char out[8];

	memset(out, 'z', sizeof(out));
	tr_as_parse(r, strlen(r), out, 5);
	ck_assert_str_eq(out, "AS1");
	tr_as_parse(r, strlen(r), out, 8);
	ck_assert_str_eq(out, "AS1\\x1b");
	tr_as_parse("", 0, out, 2);
	ck_assert_str_eq(out, "*");
}
END_TEST

/* Random replies (keys planted among random bytes): never a raw control
 * byte out, always terminated, within the bound. */
START_TEST(random_replies)
{
	static const char *keys[] = { "route:", "route6:", "origin:", "/",
	    "\n", "\r\n", " ", "24", "AS" };
	char buf[2048], out[TR_AS_TEXT_MAX];
	unsigned seed = 42;

	for (int t = 0; t < 20000; t++) {
		size_t n = (size_t)rand_r(&seed) % sizeof(buf), i = 0;

		while (i < n) {
			if (rand_r(&seed) % 4 == 0) {
				const char *k = keys[rand_r(&seed) % 9];
				size_t kl = strlen(k);

				kl = kl < n - i ? kl : n - i;
				memcpy(buf + i, k, kl);
				i += kl;
			} else
				buf[i++] = (char)(rand_r(&seed) & 0xff);
		}
		tr_as_parse(buf, n, out, sizeof(out));
		ck_assert(strlen(out) < sizeof(out));
		ck_assert(strlen(out) > 0);
		ck_assert(esc_clean_line(out, false));
	}
}
END_TEST

/* ---- the client against loopback whois servers ---- */

enum srv_mode { SRV_ANSWER, SRV_SILENT, SRV_CLOSE };

struct srv {
	pid_t		 pid;
	int		 log;		/* the queries it read */
	uint16_t	 port;
};

static void
serve(int l, int logfd, enum srv_mode mode)
{
	char q[256], reply[320];

	for (;;) {
		int c = accept(l, NULL, NULL);
		ssize_t n;

		if (c == -1)
			_exit(1);
		n = read(c, q, sizeof(q) - 1);
		q[n > 0 ? n : 0] = '\0';
		if (write(logfd, q, strlen(q)) == -1)
			_exit(1);
		if (mode == SRV_SILENT) {
			pause();
			_exit(0);
		}
		q[strcspn(q, "\r\n")] = '\0';
		snprintf(reply, sizeof(reply), "route: %s/32\norigin: AS%zu\n",
		    q, strlen(q));
		if (mode == SRV_ANSWER && write(c, reply, strlen(reply)) == -1)
			_exit(1);
		close(c);
	}
}

static void
srv_start(struct srv *s, enum srv_mode mode)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	socklen_t sl = sizeof(sin);
	int l, p[2];

	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ck_assert_int_ne(l = socket(AF_INET, SOCK_STREAM, 0), -1);
	ck_assert_int_eq(bind(l, (struct sockaddr *)&sin, sizeof(sin)), 0);
	ck_assert_int_eq(listen(l, 16), 0);
	ck_assert_int_eq(getsockname(l, (struct sockaddr *)&sin, &sl), 0);
	ck_assert_int_eq(pipe(p), 0);
	s->port = ntohs(sin.sin_port);
	ck_assert_int_ne(s->pid = fork(), -1);
	if (s->pid == 0) {
		close(p[0]);
		serve(l, p[1], mode);
	}
	close(l);
	close(p[1]);
	s->log = p[0];
}

/* Stop the server; what it read, all queries in a row. */
static void
srv_stop(struct srv *s, char *log, size_t len)
{
	ssize_t n, got = 0;

	kill(s->pid, SIGKILL);
	waitpid(s->pid, NULL, 0);
	while ((n = read(s->log, log + got, len - 1 - (size_t)got)) > 0)
		got += n;
	log[got] = '\0';
	close(s->log);
}

static struct tr_as *
client(const struct srv *s, int64_t wait_ns)
{
	struct tr_as_server rs;
	char port[8], err[256];
	struct tr_as *as;

	snprintf(port, sizeof(port), "%u", s->port);
	ck_assert_msg(tr_as_server_resolve("127.0.0.1", port, &rs, err,
	    sizeof(err)) == 0, "%s", err);
	ck_assert_uint_eq(rs.port, s->port);
	ck_assert_ptr_nonnull(as = tr_as_new(&rs, wait_ns));
	return as;
}

START_TEST(client_answers)
{
	struct srv s;
	struct tr_as *as;
	struct addr a = unit_a("198.18.1.2"), b = unit_a("2001:2:0:1::2");
	char t[TR_AS_TEXT_MAX], log[1024];

	srv_start(&s, SRV_ANSWER);
	as = client(&s, 2 * NS_PER_SEC);
	tr_as_add(as, &a);
	tr_as_add(as, &b);
	tr_as_add(as, &a);
	ck_assert_int_eq(tr_as_get(as, &b, t, sizeof(t)), 0);
	ck_assert_str_eq(t, "AS13");	/* strlen("2001:2:0:1::2") */
	ck_assert_int_eq(tr_as_get(as, &a, t, sizeof(t)), 0);
	ck_assert_str_eq(t, "AS10");
	ck_assert_int_eq(tr_as_get(as, &a, t, sizeof(t)), 0);
	ck_assert_str_eq(t, "AS10");
	tr_as_free(as);
	srv_stop(&s, log, sizeof(log));
	/* one connection per address, the query as 2.1.2 sends it */
	ck_assert(strcmp(log, "198.18.1.2\r\n2001:2:0:1::2\r\n") == 0 ||
	    strcmp(log, "2001:2:0:1::2\r\n198.18.1.2\r\n") == 0);
}
END_TEST

START_TEST(client_failures)
{
	struct srv s;
	struct tr_as *as;
	struct addr a = unit_a("198.18.1.2");
	char t[TR_AS_TEXT_MAX], log[1024];
	int64_t t0, ms;

	/* a server that never answers: "!!" when the bound is up */
	srv_start(&s, SRV_SILENT);
	as = client(&s, 300 * NS_PER_MS);
	t0 = clock_mono_ns();
	tr_as_get(as, &a, t, sizeof(t));
	ms = (clock_mono_ns() - t0) / NS_PER_MS;
	ck_assert_str_eq(t, "!!");
	ck_assert_msg(ms >= 290 && ms < 800, "%lld ms", (long long)ms);
	tr_as_free(as);
	srv_stop(&s, log, sizeof(log));
	ck_assert_str_eq(log, "198.18.1.2\r\n");
	/* a clean close without an answer: nothing found (2.1.2) */
	srv_start(&s, SRV_CLOSE);
	as = client(&s, 2 * NS_PER_SEC);
	tr_as_get(as, &a, t, sizeof(t));
	ck_assert_str_eq(t, "*");
	tr_as_free(as);
	srv_stop(&s, log, sizeof(log));
	/* nobody listening: refused, "!!" at once */
	as = client(&s, 2 * NS_PER_SEC);
	t0 = clock_mono_ns();
	tr_as_get(as, &a, t, sizeof(t));
	ck_assert_str_eq(t, "!!");
	ck_assert_int_lt(clock_mono_ns() - t0, 500 * NS_PER_MS);
	tr_as_free(as);
}
END_TEST

START_TEST(server_names)
{
	struct tr_as_server rs;
	char err[256];

	setenv("RA_SERVER", "::1", 1);
	setenv("RA_SERVICE", "4343", 1);
	ck_assert_int_eq(tr_as_server_resolve(NULL, NULL, &rs, err,
	    sizeof(err)), 0);
	ck_assert_int_eq(rs.a.af, AF_INET6);
	ck_assert_uint_eq(rs.port, 4343);
	unsetenv("RA_SERVICE");
	ck_assert_int_eq(tr_as_server_resolve(NULL, NULL, &rs, err,
	    sizeof(err)), 0);
	ck_assert_uint_eq(rs.port, 43);
	ck_assert_int_eq(tr_as_server_resolve("127.0.0.1", "no-such-svc",
	    &rs, err, sizeof(err)), -1);
	ck_assert_msg(strncmp(err, "127.0.0.1/no-such-svc: ", 23) == 0, "%s",
	    err);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("tr_as");
	TCase *tp = tcase_create("parse"), *tc = tcase_create("client");

	tcase_add_test(tp, table);
	tcase_add_test(tp, pieces);
	tcase_add_test(tp, long_lines);
	tcase_add_test(tp, many_ties);
	tcase_add_test(tp, small_out);
	tcase_add_test(tp, random_replies);
	tcase_add_test(tc, client_answers);
	tcase_add_test(tc, client_failures);
	tcase_add_test(tc, server_names);
	tcase_set_timeout(tc, 20);
	suite_add_tcase(s, tp);
	suite_add_tcase(s, tc);
	return unit_run(s, CK_FORK_GETENV);
}
