/*
 * tr_as.c: traceroute's -A (see tr_as.h). The parser is pure. The lookups
 * follow tr_names.c: every new address gets a short-lived child (at most
 * AS_PAR at a time) that connects to the registry with a non-blocking
 * socket, sends the query, parses the reply as it comes and writes the
 * bracket text to a pipe; the child gives up at the lookup's deadline and
 * the parent kills it there, so no lookup costs more than its bound and
 * the lookups overlap each other and the trace. No threads.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tr_as.h"

#define AS_MAX		1024		/* addresses per trace */
#define AS_PAR		16		/* lookups running at once */

#define DEF_SERVER	"whois.radb.net"
#define DEF_SERVICE	"nicname"	/* 2.1.2's name for port 43 */
#define DEF_PORT	"43"

/* ---- the parser ---- */

/* isspace() of the C locale, whatever the locale is */
static bool
blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' ||
	    c == '\f' || c == '\r';
}

static bool
starts(const char *l, size_t n, const char *key)
{
	size_t k = strlen(key);

	return n >= k && memcmp(l, key, k) == 0;
}

/* The prefix length of a route line: the number after its first '/'. */
static int
route_prefix(const char *l, size_t n)
{
	const char *s = memchr(l, '/', n);
	size_t i;
	int v = 0;

	if (s == NULL)
		return 0;
	for (i = (size_t)(s - l) + 1; i < n && blank(l[i]); i++)
		;
	for (; i < n && l[i] >= '0' && l[i] <= '9'; i++)
		if ((v = v * 10 + (l[i] - '0')) > 128)
			return 0;	/* no address has it: not a prefix */
	return v;
}

/* t is already one of the '/'-separated origins in raw */
static bool
has_origin(const struct tr_as_parser *p, const char *t, size_t tl)
{
	size_t i = 0;

	while (i < p->rawlen) {
		const char *f = p->raw + i;
		const char *sl = memchr(f, '/', p->rawlen - i);
		size_t fl = sl != NULL ? (size_t)(sl - f) : p->rawlen - i;

		if (fl == tl && memcmp(f, t, tl) == 0)
			return true;
		i += fl + 1;
	}
	return false;
}

static void
origin(struct tr_as_parser *p, const char *l, size_t n)
{
	size_t i = strlen("origin:"), j, tl;

	while (i < n && blank(l[i]))
		i++;
	for (j = i; j < n && !blank(l[j]); j++)
		;
	if ((tl = j - i) == 0)
		return;
	if (p->prefix > p->best || p->rawlen == 0) {
		/* a more specific route: its origin alone (cut to fit) */
		p->rawlen = tl < sizeof(p->raw) ? tl : sizeof(p->raw);
		memcpy(p->raw, l + i, p->rawlen);
		p->best = p->prefix;
	} else if (p->prefix == p->best && !has_origin(p, l + i, tl) &&
	    p->rawlen + 1 + tl <= sizeof(p->raw)) {
		p->raw[p->rawlen++] = '/';
		memcpy(p->raw + p->rawlen, l + i, tl);
		p->rawlen += tl;
	}
}

static void
line_done(struct tr_as_parser *p)
{
	const char *l = p->line;
	size_t n = p->linelen;

	if (starts(l, n, "route:") || starts(l, n, "route6:"))
		p->prefix = route_prefix(l, n);
	else if (starts(l, n, "origin:"))
		origin(p, l, n);
	p->linelen = 0;
}

void
tr_as_parse_init(struct tr_as_parser *p)
{
	memset(p, 0, sizeof(*p));
}

void
tr_as_parse_feed(struct tr_as_parser *p, const char *buf, size_t n)
{
	while (n > 0) {
		const char *nl = memchr(buf, '\n', n);
		size_t k = nl != NULL ? (size_t)(nl - buf) : n;
		size_t room = sizeof(p->line) - p->linelen;

		/* beyond the first TR_AS_LINE_MAX bytes a line is dropped */
		memcpy(p->line + p->linelen, buf, k < room ? k : room);
		p->linelen += k < room ? k : room;
		if (nl == NULL)
			return;
		line_done(p);
		buf += k + 1;
		n -= k + 1;
	}
}

bool
tr_as_parse_end(struct tr_as_parser *p, char *out, size_t outlen)
{
	if (p->linelen > 0)
		line_done(p);
	if (p->rawlen == 0) {
		snprintf(out, outlen, "%s", TR_AS_NONE);
		return false;
	}
	/* the registry is outside text: never a raw control byte; an AS
	 * is ASCII, so any other byte is shown as its value too */
	esc_mem(p->raw, p->rawlen, false, out, outlen);
	return true;
}

bool
tr_as_parse(const char *buf, size_t n, char *out, size_t outlen)
{
	struct tr_as_parser p;

	tr_as_parse_init(&p);
	tr_as_parse_feed(&p, buf, n);
	return tr_as_parse_end(&p, out, outlen);
}

/* ---- the registry ---- */

static int
server_lookup(const char *server, const char *service,
    struct tr_as_server *s, int *gai)
{
	struct addrinfo hints, *res, *ai;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	if ((*gai = getaddrinfo(server, service, &hints, &res)) != 0)
		return -1;
	for (ai = res; ai != NULL; ai = ai->ai_next)
		if (addr_from_sa(&s->a, ai->ai_addr, ai->ai_addrlen))
			break;
	if (ai != NULL)
		s->port = ntohs(ai->ai_family == AF_INET ?
		    ((struct sockaddr_in *)ai->ai_addr)->sin_port :
		    ((struct sockaddr_in6 *)ai->ai_addr)->sin6_port);
	freeaddrinfo(res);
	*gai = EAI_FAMILY;
	return ai != NULL ? 0 : -1;
}

int
tr_as_server_resolve(const char *server, const char *service,
    struct tr_as_server *s, char *err, size_t errlen)
{
	bool def_service = false;
	int gai;

	if (server == NULL && (server = getenv("RA_SERVER")) == NULL)
		server = DEF_SERVER;
	if (service == NULL && (service = getenv("RA_SERVICE")) == NULL) {
		service = DEF_SERVICE;
		def_service = true;
	}
	memset(s, 0, sizeof(*s));
	if (server_lookup(server, service, s, &gai) == 0)
		return 0;
	/* a system without /etc/services still knows whois' port */
	if (def_service && gai == EAI_SERVICE &&
	    server_lookup(server, DEF_PORT, s, &gai) == 0)
		return 0;
	snprintf(err, errlen, "%s/%s: %s", server, service, gai_strerror(gai));
	return -1;
}

/* ---- one lookup (in the child) ---- */

/* Wait for ev on fd until deadline: 0 ready, -1 timeout or error. */
static int
wait_fd(int fd, short ev, int64_t deadline)
{
	for (;;) {
		struct pollfd pfd = { fd, ev, 0 };
		int64_t now = clock_mono_ns();
		int r;

		if (now >= deadline)
			return -1;
		r = poll(&pfd, 1, clock_poll_ms(now, deadline));
		if (r > 0)
			return 0;
		if (r == -1 && errno != EINTR)
			return -1;
	}
}

static int
connect_query(const struct tr_as_server *s, const struct addr *a,
    int64_t deadline)
{
	struct sockaddr_storage ss;
	socklen_t sl = addr_to_sa(&s->a, s->port, &ss), el = sizeof(int);
	char q[ADDR_STRLEN + 3], as[ADDR_STRLEN];
	int fd, e = 0, n;
	size_t off = 0;

	fd = socket(s->a.af, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd == -1)
		return -1;
	if ((connect(fd, (struct sockaddr *)&ss, sl) == -1 &&
	    errno != EINPROGRESS) || wait_fd(fd, POLLOUT, deadline) == -1 ||
	    getsockopt(fd, SOL_SOCKET, SO_ERROR, &e, &el) == -1 || e != 0)
		goto fail;
	/* 2.1.2's query: the numeric address, CRLF */
	n = snprintf(q, sizeof(q), "%s\r\n", addr_ntop(a, as, sizeof(as)));
	while (off < (size_t)n) {
		ssize_t w = send(fd, q + off, (size_t)n - off, MSG_NOSIGNAL);

		if (w > 0)
			off += (size_t)w;
		else if ((w == -1 && errno != EAGAIN && errno != EINTR) ||
		    wait_fd(fd, POLLOUT, deadline) == -1)
			goto fail;
	}
	return fd;
fail:
	close(fd);
	return -1;
}

/* The bracket text of a's reply into text; 0, or -1 when it failed. */
static int
lookup(const struct tr_as_server *s, const struct addr *a, int64_t deadline,
    char *text, size_t len)
{
	struct tr_as_parser p;
	char buf[4096];
	size_t total = 0;
	ssize_t r;
	int fd;

	if ((fd = connect_query(s, a, deadline)) == -1)
		return -1;
	tr_as_parse_init(&p);
	for (;;) {
		r = recv(fd, buf, sizeof(buf), 0);
		if (r == 0)
			break;
		if (r > 0 && (total += (size_t)r) <= TR_AS_REPLY_MAX) {
			tr_as_parse_feed(&p, buf, (size_t)r);
			continue;
		}
		/* too long, a reset, or the time is up: failed */
		if (r > 0 || (errno != EAGAIN && errno != EINTR) ||
		    wait_fd(fd, POLLIN, deadline) == -1) {
			close(fd);
			return -1;
		}
	}
	close(fd);
	tr_as_parse_end(&p, text, len);
	return 0;
}

/* ---- the lookups of a trace (the parent) ---- */

enum as_state { A_QUEUED, A_RUNNING, A_DONE };

struct as_ent {
	struct addr	 a;
	enum as_state	 st;
	pid_t		 pid;
	int		 fd;		/* read end while running */
	int64_t		 deadline;
	size_t		 got;
	char		 text[TR_AS_TEXT_MAX];
};

struct tr_as {
	struct tr_as_server srv;
	int64_t		 wait_ns;
	size_t		 n, running;
	struct as_ent	 ent[AS_MAX];
};

struct tr_as *
tr_as_new(const struct tr_as_server *s, int64_t wait_ns)
{
	struct tr_as *as = calloc(1, sizeof(*as));

	if (as != NULL) {
		as->srv = *s;
		as->wait_ns = wait_ns;
	}
	return as;
}

static struct as_ent *
find(struct tr_as *as, const struct addr *a)
{
	for (size_t i = 0; i < as->n; i++)
		if (addr_eq(&as->ent[i].a, a))
			return &as->ent[i];
	return NULL;
}

static void
finish(struct tr_as *as, struct as_ent *e)
{
	if (e->st == A_RUNNING) {
		close(e->fd);
		(void)waitpid(e->pid, NULL, 0);
		as->running--;
	}
	e->text[e->got] = '\0';
	/* nothing (failed, killed), or not what our child writes */
	if (e->got == 0 || !esc_clean_line(e->text, false))
		snprintf(e->text, sizeof(e->text), "%s", TR_AS_FAILED);
	e->st = A_DONE;
}

static void
child(const struct tr_as *as, const struct as_ent *e, int out, pid_t parent)
{
	char text[TR_AS_TEXT_MAX];
	size_t len;

	/* die with the parent, also if it died before the prctl */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) == -1 || getppid() != parent)
		_exit(1);
	/* the lookup needs none of our sockets */
	for (int fd = 3; fd < 1024; fd++)
		if (fd != out)
			close(fd);
	if (lookup(&as->srv, &e->a, e->deadline, text, sizeof(text)) == 0) {
		len = strlen(text);	/* < PIPE_BUF: one atomic write */
		if (write(out, text, len) != (ssize_t)len)
			_exit(1);
	}
	_exit(0);
}

static void
start(struct tr_as *as, struct as_ent *e)
{
	int p[2];
	pid_t pid, parent = getpid();

	e->got = 0;
	e->deadline = clock_mono_ns() + as->wait_ns;
	if (pipe(p) == -1) {
		finish(as, e);	/* no process: failed */
		return;
	}
	if ((pid = fork()) == -1) {
		close(p[0]);
		close(p[1]);
		finish(as, e);
		return;
	}
	if (pid == 0)
		child(as, e, p[1], parent);
	close(p[1]);
	(void)fcntl(p[0], F_SETFL, O_NONBLOCK);
	(void)fcntl(p[0], F_SETFD, FD_CLOEXEC);
	e->pid = pid;
	e->fd = p[0];
	e->st = A_RUNNING;
	as->running++;
}

static void
start_queued(struct tr_as *as)
{
	for (size_t i = 0; i < as->n && as->running < AS_PAR; i++)
		if (as->ent[i].st == A_QUEUED)
			start(as, &as->ent[i]);
}

/* Read what a running lookup wrote; finish it at end of file. */
static void
collect(struct tr_as *as, struct as_ent *e)
{
	ssize_t r;

	for (;;) {
		r = read(e->fd, e->text + e->got, sizeof(e->text) - 1 - e->got);
		if (r > 0 && e->got + (size_t)r < sizeof(e->text) - 1) {
			e->got += (size_t)r;
			continue;
		}
		if (r == -1 && (errno == EAGAIN || errno == EINTR))
			return;
		if (r > 0)
			e->got += (size_t)r;
		finish(as, e);
		start_queued(as);
		return;
	}
}

/* Take what finished lookups wrote, without waiting. */
static void
sweep(struct tr_as *as)
{
	for (size_t i = 0; i < as->n; i++)
		if (as->ent[i].st == A_RUNNING) {
			struct pollfd pfd = { as->ent[i].fd, POLLIN, 0 };

			if (poll(&pfd, 1, 0) > 0)
				collect(as, &as->ent[i]);
		}
}

void
tr_as_add(struct tr_as *as, const struct addr *a)
{
	sweep(as);
	if (find(as, a) != NULL || as->n == AS_MAX)
		return;
	memset(&as->ent[as->n], 0, sizeof(as->ent[as->n]));
	as->ent[as->n].a = *a;
	as->ent[as->n].st = A_QUEUED;
	as->n++;
	start_queued(as);
}

int
tr_as_get(struct tr_as *as, const struct addr *a, char *buf, size_t len)
{
	struct as_ent *e;

	tr_as_add(as, a);
	if ((e = find(as, a)) == NULL) {	/* the table is full */
		snprintf(buf, len, "%s", TR_AS_FAILED);
		return 0;
	}
	while (e->st != A_DONE) {
		struct pollfd pfd = { e->fd, POLLIN, 0 };
		int64_t now = clock_mono_ns();

		if (e->st == A_QUEUED)
			start(as, e);
		else if (now >= e->deadline) {
			kill(e->pid, SIGKILL);	/* our own child */
			e->got = 0;
			finish(as, e);
		} else if (poll(&pfd, 1, clock_poll_ms(now, e->deadline)) >= 0)
			collect(as, e);
	}
	snprintf(buf, len, "%s", e->text);
	return 0;
}

void
tr_as_free(struct tr_as *as)
{
	if (as == NULL)
		return;
	for (size_t i = 0; i < as->n; i++) {
		if (as->ent[i].st != A_RUNNING)
			continue;
		kill(as->ent[i].pid, SIGKILL);	/* our own child */
		as->ent[i].got = 0;
		finish(as, &as->ent[i]);
	}
	free(as);
}
