/*
 * whoisd: a tiny whois responder (routing registry) for the lab, so that
 * traceroute -A can be tested without the real network. Standalone: it
 * does not link the code under test.
 *
 * usage: whoisd -l ADDR [-l ADDR ...] [-p PORT] -t TABLE [-o FILE]
 *   -l ADDR   listen on ADDR (IPv4 or IPv6, several allowed)
 *   -p PORT   TCP port (default 43)
 *   -t TABLE  what to answer (below)
 *   -o FILE   log here instead of stdout
 * Runs until SIGTERM. Every connection is served by a child of its own,
 * so a slow answer delays no other. The query is the first line the
 * client sends (at most 1024 bytes, 5 s); its text without CR/LF is taken
 * as an address.
 *
 * TABLE, one entry per line ('#' starts a comment):
 *   route PREFIX ORIGIN   a route object (route: for IPv4, route6: for
 *                         IPv6); the answer to an address is every object
 *                         covering it, in table order, as RPSL
 *                         ("route:", "descr:", "origin:", "source:", a
 *                         blank line), or "%  No entries found ..." when
 *                         none does
 *   slow ADDR MS          the answer to ADDR comes MS ms late
 *   close ADDR            ADDR gets no answer: the connection is closed
 *   reset ADDR            ... reset (RST)
 *   raw ADDR TEXT         ADDR is answered TEXT (the rest of the line, C
 *                         escapes \n \r \t \\ \xNN) instead of objects
 *   huge ADDR BYTES       BYTES of 1000-byte "remarks:" lines, then the
 *                         objects
 *   longline ADDR BYTES   the objects, then one line of BYTES bytes with
 *                         "origin: AS666" at every 1023rd byte (where a
 *                         reader cutting lines at 1024 bytes starts one)
 *   garbage ADDR BYTES    BYTES pseudo-random bytes, a newline, the
 *                         objects
 * ADDR is an address as the client sends it, or '*' for any; for each
 * address the first matching "slow" gives the delay and the first
 * matching other mode the answer.
 *
 * Log: "whoisd: ready pid PID" once listening; "conn N from SRC" per
 * connection; "query SRC 'TEXT' MODE" per query read (TEXT escaped:
 * \r \n \xNN); "whoisd: connections N" at exit.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MAXLISTEN	4
#define MAXENT		256
#define QMAX		1024
#define MAXKIDS		1024

enum kind { K_ROUTE, K_SLOW, K_CLOSE, K_RESET, K_RAW, K_HUGE, K_LONG,
	K_GARBAGE };

static const char *const kind_names[] = { "route", "slow", "close",
	"reset", "raw", "huge", "longline", "garbage" };

struct ent {
	enum kind	 kind;
	char		 key[64];	/* ADDR or '*'; route: prefix */
	int		 af;		/* route: family, bits, net */
	int		 bits;
	uint8_t		 net[16];
	char		 origin[64];	/* route */
	long		 num;		/* ms or bytes */
	char		*text;		/* raw: decoded */
	size_t		 textlen;
};

struct table {
	struct ent	 e[MAXENT];
	size_t		 n;
};

static volatile sig_atomic_t stop;
static int logfd = 1;
static pid_t kids[MAXKIDS];	/* the children still serving */

static void
on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

/* One log line in one write (children log to the same file). */
static void
logf_(const char *fmt, ...)
{
	char buf[2048];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf) - 1, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n > sizeof(buf) - 2)
		n = sizeof(buf) - 2;
	buf[n++] = '\n';
	if (write(logfd, buf, (size_t)n) == -1)
		return;
}

static void
die(const char *what, const char *arg)
{
	fprintf(stderr, "whoisd: %s: %s\n", what, arg);
	exit(2);
}

static void
usage(void)
{
	fprintf(stderr, "usage: whoisd -l ADDR [-l ADDR ...] [-p PORT] "
	    "-t TABLE [-o FILE]\n");
	exit(2);
}

/* C escapes of a raw answer: \n \r \t \\ \xNN. */
static size_t
unescape(const char *s, char *out)
{
	size_t n = 0;

	while (*s != '\0') {
		if (s[0] != '\\' || s[1] == '\0') {
			out[n++] = *s++;
			continue;
		}
		switch (s[1]) {
		case 'n': out[n++] = '\n'; s += 2; break;
		case 'r': out[n++] = '\r'; s += 2; break;
		case 't': out[n++] = '\t'; s += 2; break;
		case '\\': out[n++] = '\\'; s += 2; break;
		case 'x': {
			char h[3] = { s[2], s[2] ? s[3] : 0, 0 }, *end;
			long v = strtol(h, &end, 16);

			if (end != h + 2)
				die("bad \\x escape", s);
			out[n++] = (char)v;
			s += 4;
			break;
		}
		default:
			die("bad escape", s);
		}
	}
	return n;
}

static void
parse_route(struct ent *e, const char *prefix, const char *origin)
{
	char a[64], *sl, *end;

	snprintf(e->key, sizeof(e->key), "%s", prefix);
	snprintf(e->origin, sizeof(e->origin), "%s", origin);
	snprintf(a, sizeof(a), "%s", prefix);
	if ((sl = strchr(a, '/')) == NULL)
		die("route without a prefix length", prefix);
	*sl++ = '\0';
	e->bits = (int)strtol(sl, &end, 10);
	e->af = strchr(a, ':') != NULL ? AF_INET6 : AF_INET;
	if (*end != '\0' || e->bits < 0 || e->bits > (e->af == AF_INET ?
	    32 : 128) || inet_pton(e->af, a, e->net) != 1)
		die("bad route prefix", prefix);
}

static void
parse_line(struct table *t, char *line)
{
	char *f[3], *save = NULL, *rest;
	struct ent *e;
	int n = 0;
	size_t k;

	line[strcspn(line, "#\n")] = '\0';
	for (char *w = strtok_r(line, " \t", &save); w != NULL && n < 3;
	    w = n < 2 ? strtok_r(NULL, " \t", &save) : NULL)
		f[n++] = w;
	if (n == 0)
		return;
	if (t->n == MAXENT)
		die("table too long", f[0]);
	e = &t->e[t->n];
	memset(e, 0, sizeof(*e));
	for (k = 0; k < sizeof(kind_names) / sizeof(kind_names[0]); k++)
		if (strcmp(f[0], kind_names[k]) == 0)
			break;
	if (k == sizeof(kind_names) / sizeof(kind_names[0]) || n < 2)
		die("bad table line", f[0]);
	e->kind = (enum kind)k;
	snprintf(e->key, sizeof(e->key), "%s", f[1]);
	rest = save != NULL ? save + strspn(save, " \t") : NULL;
	if (e->kind == K_ROUTE) {
		if (rest == NULL || *rest == '\0')
			die("route without an origin", f[1]);
		rest[strcspn(rest, " \t")] = '\0';
		parse_route(e, f[1], rest);
	} else if (e->kind == K_RAW) {
		if ((e->text = malloc(rest != NULL ? strlen(rest) + 1 : 1)) ==
		    NULL)
			die("out of memory", f[1]);
		e->textlen = rest != NULL ? unescape(rest, e->text) : 0;
	} else if (e->kind != K_CLOSE && e->kind != K_RESET) {
		if (rest == NULL || (e->num = strtol(rest, NULL, 10)) <= 0)
			die("mode without a number", f[1]);
	}
	t->n++;
}

static void
load(struct table *t, const char *path)
{
	char line[8192];
	FILE *fp = fopen(path, "r");

	if (fp == NULL)
		die(path, strerror(errno));
	while (fgets(line, sizeof(line), fp) != NULL)
		parse_line(t, line);
	fclose(fp);
}

static bool
covers(const struct ent *e, int af, const uint8_t *a)
{
	int full = e->bits / 8, rem = e->bits % 8;

	if (e->af != af || memcmp(e->net, a, (size_t)full) != 0)
		return false;
	return rem == 0 || ((e->net[full] ^ a[full]) &
	    (uint8_t)(0xff << (8 - rem))) == 0;
}

static int
send_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = send(fd, p, n, MSG_NOSIGNAL);

		if (w <= 0) {
			if (w == -1 && errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* The route objects covering q (or the "no entries" line). */
static int
send_objects(int fd, const struct table *t, const char *q)
{
	uint8_t a[16];
	char obj[512];
	int af = strchr(q, ':') != NULL ? AF_INET6 : AF_INET, found = 0;

	if (inet_pton(af, q, a) != 1)
		return send_all(fd, "%  No entries found for the selected "
		    "source(s).\n", 48);
	for (size_t i = 0; i < t->n; i++) {
		const struct ent *e = &t->e[i];

		if (e->kind != K_ROUTE || !covers(e, af, a))
			continue;
		snprintf(obj, sizeof(obj), "%-16s%s\ndescr:          icmptools "
		    "lab\norigin:         %s\nsource:         LAB\n\n",
		    af == AF_INET ? "route:" : "route6:", e->key, e->origin);
		if (send_all(fd, obj, strlen(obj)) == -1)
			return -1;
		found++;
	}
	if (found == 0)
		return send_all(fd, "%  No entries found for the selected "
		    "source(s).\n", 48);
	return 0;
}

static int
send_filler(int fd, const struct ent *e, const char *q)
{
	char buf[1024];
	uint32_t x = 2463534242u ^ (uint32_t)strlen(q);

	for (long left = e->num; left > 0; ) {
		size_t n = left < (long)sizeof(buf) ? (size_t)left :
		    sizeof(buf);

		for (size_t i = 0; i < n; i++) {
			long at = e->num - left + (long)i;

			if (e->kind == K_GARBAGE) {
				x ^= x << 13, x ^= x >> 17, x ^= x << 5;
				buf[i] = (char)(x >> 24);
			} else if (e->kind == K_HUGE)
				buf[i] = at % 1000 == 999 ? '\n' :
				    at % 1000 < 9 ? "remarks: "[at % 1000] :
				    'x';
			else	/* longline: never a '\n' */
				buf[i] = at >= 1023 && at % 1023 < 14 ?
				    "origin: AS666 "[at % 1023] : 'x';
		}
		if (send_all(fd, buf, n) == -1)
			return -1;
		left -= (long)n;
	}
	return e->kind == K_GARBAGE ? send_all(fd, "\n", 1) : 0;
}

static const struct ent *
mode_of(const struct table *t, const char *q, bool slow)
{
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < t->n; i++) {
			const struct ent *e = &t->e[i];

			if (e->kind == K_ROUTE || (e->kind == K_SLOW) != slow)
				continue;
			if (strcmp(e->key, pass == 0 ? q : "*") == 0)
				return e;
		}
	return NULL;
}

/* Read the query line: 0, or -1 (nothing within 5 s, or closed). */
static int
read_query(int fd, char *q, size_t len)
{
	size_t n = 0;

	while (n < len - 1) {
		struct pollfd pfd = { fd, POLLIN, 0 };
		ssize_t r;

		if (poll(&pfd, 1, 5000) <= 0)
			return n > 0 ? 0 : -1;
		if ((r = read(fd, q + n, len - 1 - n)) <= 0)
			break;
		n += (size_t)r;
		if (memchr(q, '\n', n) != NULL)
			break;
	}
	q[n] = '\0';
	return n > 0 ? 0 : -1;
}

static void
escape(const char *s, char *out, size_t len)
{
	size_t w = 0;

	for (; *s != '\0' && w + 5 < len; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '\r' || c == '\n')
			w += (size_t)snprintf(out + w, len - w, "\\%c",
			    c == '\r' ? 'r' : 'n');
		else if (c < 0x20 || c >= 0x7f || c == '\\' || c == '\'')
			w += (size_t)snprintf(out + w, len - w, "\\x%02x", c);
		else
			out[w++] = (char)c;
	}
	out[w] = '\0';
}

static void
answer(int fd, const struct table *t, const char *src)
{
	char q[QMAX], logq[4 * QMAX + 1];
	const struct ent *slow, *m;
	struct linger lg = { 1, 0 };
	int rc = 0;

	if (read_query(fd, q, sizeof(q)) == -1) {
		logf_("query %s none", src);
		return;
	}
	escape(q, logq, sizeof(logq));
	q[strcspn(q, "\r\n")] = '\0';
	slow = mode_of(t, q, true);
	m = mode_of(t, q, false);
	logf_("query %s '%s' %s", src, logq, m != NULL ?
	    kind_names[m->kind] : "objects");
	if (slow != NULL) {
		struct timespec ts = { slow->num / 1000,
		    slow->num % 1000 * 1000000 };

		while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
			;
	}
	if (m != NULL && m->kind == K_CLOSE)
		return;
	if (m != NULL && m->kind == K_RESET) {
		setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
		return;
	}
	if (m != NULL && m->kind == K_RAW)
		rc = send_all(fd, m->text, m->textlen);
	else {
		if (m != NULL && (m->kind == K_HUGE || m->kind == K_GARBAGE))
			rc = send_filler(fd, m, q);
		if (rc == 0)
			rc = send_objects(fd, t, q);
		if (rc == 0 && m != NULL && m->kind == K_LONG)
			rc = send_filler(fd, m, q);
	}
	if (rc == -1)
		logf_("send %s: %s", src, strerror(errno));
}

static int
listen_on(const char *addr, int port)
{
	struct sockaddr_storage ss;
	struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;
	socklen_t sl;
	int fd, one = 1;

	memset(&ss, 0, sizeof(ss));
	if (inet_pton(AF_INET, addr, &s4->sin_addr) == 1) {
		s4->sin_family = AF_INET;
		s4->sin_port = htons((uint16_t)port);
		sl = sizeof(*s4);
	} else if (inet_pton(AF_INET6, addr, &s6->sin6_addr) == 1) {
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons((uint16_t)port);
		sl = sizeof(*s6);
	} else
		die("not an address", addr);
	if ((fd = socket(ss.ss_family, SOCK_STREAM, 0)) == -1)
		die("socket", strerror(errno));
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (ss.ss_family == AF_INET6)
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&ss, sl) == -1)
		die(addr, strerror(errno));
	if (listen(fd, 64) == -1)
		die("listen", strerror(errno));
	return fd;
}

static void
peer_text(const struct sockaddr_storage *ss, char *buf, size_t len)
{
	const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)ss;
	const struct sockaddr_in *s4 = (const struct sockaddr_in *)ss;

	if (ss->ss_family == AF_INET6)
		inet_ntop(AF_INET6, &s6->sin6_addr, buf, (socklen_t)len);
	else
		inet_ntop(AF_INET, &s4->sin_addr, buf, (socklen_t)len);
}

/* Accept one connection on fd and serve it in a child. */
static void
serve_one(int fd, const int *lfd, int nl, const struct table *t,
    long *conns)
{
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(ss);
	char src[INET6_ADDRSTRLEN];
	int c = accept(fd, (struct sockaddr *)&ss, &sl);
	pid_t pid;

	if (c == -1)
		return;
	peer_text(&ss, src, sizeof(src));
	logf_("conn %ld from %s", ++*conns, src);
	if ((pid = fork()) == 0) {
		signal(SIGTERM, SIG_DFL);
		for (int i = 0; i < nl; i++)
			close(lfd[i]);
		answer(c, t, src);
		close(c);
		_exit(0);
	}
	if (pid == -1)
		logf_("fork: %s", strerror(errno));
	for (int i = 0; pid > 0 && i < MAXKIDS; i++)
		if (kids[i] == 0) {
			kids[i] = pid;
			break;
		}
	close(c);
}

/* Reap the children that ended; with all, end the others first. */
static void
reap(bool all)
{
	pid_t pid;

	for (int i = 0; all && i < MAXKIDS; i++)
		if (kids[i] != 0)
			kill(kids[i], SIGKILL);	/* our own child */
	while ((pid = waitpid(-1, NULL, all ? 0 : WNOHANG)) > 0)
		for (int i = 0; i < MAXKIDS; i++)
			if (kids[i] == pid)
				kids[i] = 0;
}

int
main(int argc, char **argv)
{
	static struct table t;
	struct sigaction sa;
	const char *addrs[MAXLISTEN], *table = NULL;
	struct pollfd pfd[MAXLISTEN];
	int lfd[MAXLISTEN], nl = 0, port = 43, ch;
	long conns = 0;
	char *end;

	while ((ch = getopt(argc, argv, "l:o:p:t:")) != -1) {
		switch (ch) {
		case 'l':
			if (nl == MAXLISTEN)
				usage();
			addrs[nl++] = optarg;
			break;
		case 'o':
			if ((logfd = open(optarg, O_WRONLY | O_CREAT | O_TRUNC |
			    O_APPEND, 0644)) == -1)
				die(optarg, strerror(errno));
			break;
		case 'p':
			port = (int)strtol(optarg, &end, 10);
			if (*end != '\0' || port < 1 || port > 65535)
				usage();
			break;
		case 't':
			table = optarg;
			break;
		default:
			usage();
		}
	}
	if (nl == 0 || table == NULL || optind != argc)
		usage();
	load(&t, table);
	for (int i = 0; i < nl; i++) {
		lfd[i] = listen_on(addrs[i], port);
		pfd[i].fd = lfd[i];
		pfd[i].events = POLLIN;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;	/* no SA_RESTART: poll returns */
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	logf_("whoisd: ready pid %ld", (long)getpid());
	while (!stop) {
		if (poll(pfd, (nfds_t)nl, 200) > 0)
			for (int i = 0; i < nl; i++)
				if (pfd[i].revents & POLLIN)
					serve_one(lfd[i], lfd, nl, &t, &conns);
		reap(false);
	}
	/* the children still answering end with us */
	reap(true);
	logf_("whoisd: connections %ld", conns);
	return 0;
}
