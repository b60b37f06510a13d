/*
 * tr_names.c: reverse names for traceroute (see tr_names.h). Every new
 * address gets its own short-lived child process (at most NAMES_PAR at a
 * time) that calls getnameinfo() and writes the name to a pipe, so slow
 * lookups overlap with each other and with the trace instead of adding
 * up. No threads; the parent never blocks longer than a hop needs. Names
 * are cached per address. Children are only started after the privilege
 * drop (tr_run runs after it) and are reaped here.
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

#include "clock.h"
#include "resolve.h"
#include "tr_names.h"

#define NAMES_MAX	1024		/* addresses per trace */
#define NAMES_PAR	16		/* lookups running at once */
#define NAMES_WAIT_NS	(10 * NS_PER_SEC)	/* then print the address */

enum name_state { N_QUEUED, N_RUNNING, N_DONE };

struct name_ent {
	struct addr	 a;
	enum name_state	 st;
	pid_t		 pid;
	int		 fd;		/* read end while running */
	size_t		 got;
	char		 name[NI_MAXHOST];
};

struct tr_names {
	struct name_ent	 ent[NAMES_MAX];
	size_t		 n;
	size_t		 running;
};

struct tr_names *
tr_names_new(void)
{
	return calloc(1, sizeof(struct tr_names));
}

static struct name_ent *
find(struct tr_names *n, const struct addr *a)
{
	for (size_t i = 0; i < n->n; i++)
		if (addr_eq(&n->ent[i].a, a))
			return &n->ent[i];
	return NULL;
}

/* The child: look the name up, write it (or nothing), exit. */
static void
child(const struct addr *a, int fd)
{
	char host[NI_MAXHOST];
	size_t len;

	if (resolve_name(a, host, sizeof(host)) == 0) {
		len = strlen(host);
		if (write(fd, host, len) != (ssize_t)len)
			_exit(1);
	}
	_exit(0);
}

static void
finish(struct tr_names *n, struct name_ent *e)
{
	if (e->st == N_RUNNING) {
		close(e->fd);
		(void)waitpid(e->pid, NULL, 0);
		n->running--;
	}
	e->name[e->got] = '\0';
	if (e->got == 0)
		addr_ntop(&e->a, e->name, sizeof(e->name));
	e->st = N_DONE;
}

static void
start(struct tr_names *n, struct name_ent *e)
{
	int p[2];
	pid_t pid, parent = getpid();

	if (pipe(p) == -1 || (pid = fork()) == -1) {
		finish(n, e);	/* no process: the address is the name */
		return;
	}
	if (pid == 0) {
		/* die with the parent (a kill(1) of traceroute alone, not of
		 * its group), also if it died before the prctl */
		if (prctl(PR_SET_PDEATHSIG, SIGKILL) == -1 ||
		    getppid() != parent)
			_exit(1);
		/* the lookup needs none of our sockets */
		for (int fd = 3; fd < 1024; fd++)
			if (fd != p[1])
				close(fd);
		child(&e->a, p[1]);
	}
	close(p[1]);
	(void)fcntl(p[0], F_SETFL, O_NONBLOCK);
	e->pid = pid;
	e->fd = p[0];
	e->got = 0;
	e->st = N_RUNNING;
	n->running++;
}

static void
start_queued(struct tr_names *n)
{
	for (size_t i = 0; i < n->n && n->running < NAMES_PAR; i++)
		if (n->ent[i].st == N_QUEUED)
			start(n, &n->ent[i]);
}

void
tr_names_add(struct tr_names *n, const struct addr *a)
{
	if (find(n, a) != NULL || n->n == NAMES_MAX)
		return;
	memset(&n->ent[n->n], 0, sizeof(n->ent[n->n]));
	n->ent[n->n].a = *a;
	n->ent[n->n].st = N_QUEUED;
	n->n++;
	start_queued(n);
}

/* Read what a running lookup wrote; finish it at end of file. */
static void
collect(struct tr_names *n, struct name_ent *e)
{
	ssize_t r;

	for (;;) {
		r = read(e->fd, e->name + e->got, sizeof(e->name) - 1 - e->got);
		if (r > 0 && e->got + (size_t)r < sizeof(e->name) - 1) {
			e->got += (size_t)r;
			continue;
		}
		if (r == -1 && (errno == EAGAIN || errno == EINTR))
			return;
		if (r > 0)
			e->got += (size_t)r;
		finish(n, e);
		start_queued(n);
		return;
	}
}

int
tr_names_get(struct tr_names *n, const struct addr *a, char *buf,
    size_t len)
{
	struct name_ent *e;
	int64_t deadline = clock_mono_ns() + NAMES_WAIT_NS;

	tr_names_add(n, a);
	if ((e = find(n, a)) == NULL) {
		addr_ntop(a, buf, len);
		return 0;
	}
	while (e->st != N_DONE) {
		struct pollfd pfd = { e->fd, POLLIN, 0 };
		int64_t now = clock_mono_ns();

		if (e->st == N_QUEUED)
			start(n, e);
		else if (now >= deadline) {
			kill(e->pid, SIGKILL);	/* our own child */
			e->got = 0;
			finish(n, e);
		} else if (poll(&pfd, 1, clock_poll_ms(now, deadline)) >= 0)
			collect(n, e);
	}
	snprintf(buf, len, "%s", e->name);
	return 0;
}

void
tr_names_free(struct tr_names *n)
{
	if (n == NULL)
		return;
	for (size_t i = 0; i < n->n; i++) {
		if (n->ent[i].st != N_RUNNING)
			continue;
		kill(n->ent[i].pid, SIGKILL);	/* our own child */
		n->ent[i].got = 0;
		finish(n, &n->ent[i]);
	}
	free(n);
}
