/*
 * loop.c: poll() until a monotonic deadline, with signals delivered through
 * a self-pipe (see loop.h). The handler only write()s the signal number:
 * async-signal-safe, and a signal that lands between the caller's check
 * and poll() still wakes poll(). The pipe's two descriptors are the only
 * file-scope state, set once by loop_init().
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"
#include "loop.h"

#define LOOP_MAXFD	16

static int pipe_rd = -1, pipe_wr = -1;

static void
on_signal(int sig)
{
	int saved = errno;
	unsigned char c = (unsigned char)sig;

	ssize_t n;

	/* a full pipe already holds a wake-up: dropping this byte is fine */
	n = write(pipe_wr, &c, 1);
	(void)n;
	errno = saved;
}

static unsigned
sig_bit(int sig)
{
	switch (sig) {
	case SIGINT:
	case SIGTERM:
		return LOOP_SIG_INT;
	case SIGQUIT:
		return LOOP_SIG_QUIT;
	case SIGALRM:
		return LOOP_SIG_ALRM;
	default:
		return 0;
	}
}

int
loop_init(char *err, size_t errlen)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGQUIT, SIGALRM };
	struct sigaction sa;
	int p[2];

	if (pipe_rd != -1)
		return 0;
	if (pipe2(p, O_CLOEXEC | O_NONBLOCK) == -1) {
		snprintf(err, errlen, "pipe: %s", strerror(errno));
		return -1;
	}
	pipe_rd = p[0];
	pipe_wr = p[1];
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	/* SA_RESTART: a write blocked on a full pipe or terminal goes on
	 * after the handler instead of failing with EINTR, which would make
	 * stdio drop the line; poll() is never restarted (signal(7)), and
	 * the self-pipe wakes it anyway */
	sa.sa_flags = SA_RESTART;
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		if (sigaction(sigs[i], &sa, NULL) == -1) {
			snprintf(err, errlen, "sigaction: %s",
			    strerror(errno));
			return -1;
		}
	}
	return 0;
}

unsigned
loop_signals(void)
{
	unsigned char buf[64];
	unsigned bits = 0;
	ssize_t n;

	if (pipe_rd == -1)
		return 0;
	while ((n = read(pipe_rd, buf, sizeof(buf))) > 0)
		for (ssize_t i = 0; i < n; i++)
			bits |= sig_bit(buf[i]);
	return bits;
}

int
loop_wait(const int *fds, size_t n, int64_t deadline, bool *readable,
    unsigned *sigs)
{
	struct pollfd pfd[LOOP_MAXFD + 1];
	size_t np = 0, i;
	int rc, timeout, ready = 0;

	*sigs = 0;
	if (n > LOOP_MAXFD) {
		errno = EINVAL;
		return -1;
	}
	for (i = 0; i < n; i++) {
		readable[i] = false;
		pfd[np].fd = fds[i];
		pfd[np].events = POLLIN;
		pfd[np++].revents = 0;
	}
	if (pipe_rd != -1) {
		pfd[np].fd = pipe_rd;
		pfd[np].events = POLLIN;
		pfd[np++].revents = 0;
	}
	timeout = deadline < 0 ? -1 : clock_poll_ms(clock_mono_ns(),
	    deadline);
	rc = poll(pfd, (nfds_t)np, timeout);
	if (rc == -1 && errno != EINTR)
		return -1;
	*sigs = loop_signals();
	if (rc <= 0)
		return 0;
	for (i = 0; i < n; i++) {
		/* POLLERR: an error-queue record is waiting (IP_RECVERR) */
		if (pfd[i].revents & (POLLIN | POLLERR | POLLHUP)) {
			readable[i] = true;
			ready++;
		}
	}
	return ready;
}
