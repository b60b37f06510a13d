/*
 * slowpipe: runs a command with its stdout on a small pipe that is nearly
 * full, so the command blocks in write(2) almost at once; sends it a list
 * of signals while it is blocked there; then drains the pipe to our stdout
 * (the filler removed) and exits with the command's status (128 + signal
 * if it was killed). For tests that no signal loses or cuts a line
 * (tests/hard/signals.sh). Standalone: does not link the code under test.
 *
 * usage: slowpipe [-s PIPESIZE] [-d MS] [-k SIG,...] -- CMD [ARG...]
 *   -s  pipe size (default 4096, the smallest the kernel allows)
 *   -d  milliseconds between two signals (default 50)
 *   -k  signals by name: QUIT, INT, TERM, WINCH, CHLD, STOP, CONT, USR1,
 *       HUP; sent in order, each only while CMD is blocked writing
 * stderr: "slowpipe: sent N of M signals while blocked".
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const struct { const char *name; int sig; } sigs[] = {
	{ "QUIT", SIGQUIT }, { "INT", SIGINT }, { "TERM", SIGTERM },
	{ "WINCH", SIGWINCH }, { "CHLD", SIGCHLD }, { "STOP", SIGSTOP },
	{ "CONT", SIGCONT }, { "USR1", SIGUSR1 }, { "HUP", SIGHUP },
};

static void
msleep(long ms)
{
	struct timespec d = { ms / 1000, (ms % 1000) * 1000000 };

	while (nanosleep(&d, &d) == -1 && errno == EINTR)
		;
}

/* The process is inside write(2) (or stopped in it). */
static int
blocked_writing(pid_t pid)
{
	char path[64], buf[64];
	FILE *fp;
	long nr = -1;

	snprintf(path, sizeof(path), "/proc/%d/syscall", (int)pid);
	if ((fp = fopen(path, "r")) == NULL)
		return 0;
	if (fgets(buf, sizeof(buf), fp) != NULL)
		nr = strtol(buf, NULL, 10);
	fclose(fp);
	return nr == SYS_write || nr == SYS_writev;
}

static int
wait_blocked(pid_t pid)
{
	for (int i = 0; i < 500; i++) {
		if (blocked_writing(pid))
			return 1;
		msleep(10);
	}
	return 0;
}

static int
sig_of(const char *name)
{
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		if (strcmp(name, sigs[i].name) == 0)
			return sigs[i].sig;
	fprintf(stderr, "slowpipe: unknown signal %s\n", name);
	exit(2);
}

int
main(int argc, char **argv)
{
	long size = 4096, gap = 50, fill, skip;
	char *list = NULL, buf[65536], *t;
	int p[2], ch, st, nsig = 0, nsent = 0;
	pid_t pid;
	ssize_t n;

	while ((ch = getopt(argc, argv, "+s:d:k:")) != -1) {
		switch (ch) {
		case 's': size = strtol(optarg, NULL, 10); break;
		case 'd': gap = strtol(optarg, NULL, 10); break;
		case 'k': list = optarg; break;
		default:
			fprintf(stderr, "usage: slowpipe [-s SIZE] [-d MS] "
			    "[-k SIG,...] -- CMD [ARG...]\n");
			return 2;
		}
	}
	if (optind >= argc || pipe(p) == -1)
		return 2;
	if ((size = fcntl(p[1], F_SETPIPE_SZ, (int)size)) == -1) {
		perror("slowpipe: F_SETPIPE_SZ");
		return 2;
	}
	/* leave room for less than one line */
	fill = skip = size - 40;
	memset(buf, 'x', sizeof(buf));
	if (write(p[1], buf, (size_t)fill) != fill)
		return 2;
	if ((pid = fork()) == 0) {
		dup2(p[1], STDOUT_FILENO);
		close(p[0]);
		close(p[1]);
		execvp(argv[optind], argv + optind);
		_exit(127);
	}
	close(p[1]);
	for (t = list ? strtok(list, ",") : NULL; t; t = strtok(NULL, ",")) {
		int sig = sig_of(t);

		nsig++;
		/* SIGCONT goes to a stopped process: it cannot be in write */
		if (sig == SIGCONT || wait_blocked(pid)) {
			kill(pid, sig);
			nsent++;
		}
		msleep(gap);
	}
	fprintf(stderr, "slowpipe: sent %d of %d signals while blocked\n",
	    nsent, nsig);
	while ((n = read(p[0], buf, sizeof(buf))) > 0 ||
	    (n == -1 && errno == EINTR)) {
		long off = 0;

		if (n <= 0)
			continue;
		if (skip > 0) {
			off = skip < n ? skip : n;
			skip -= off;
		}
		if (n > off && fwrite(buf + off, 1, (size_t)(n - off),
		    stdout) != (size_t)(n - off))
			return 2;
	}
	if (waitpid(pid, &st, 0) == -1)
		return 2;
	fflush(stdout);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}
