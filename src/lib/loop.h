/*
 * loop.h: waiting. poll() on a few descriptors until a monotonic deadline,
 * with signals delivered through a self-pipe so none is lost between a
 * flag check and the sleep. Handlers only write the signal number to the
 * pipe; the loop reads them back as LOOP_SIG_* bits.
 */
#ifndef ICMPTOOLS_LOOP_H
#define ICMPTOOLS_LOOP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define LOOP_SIG_INT	0x01u	/* SIGINT or SIGTERM: stop, print stats */
#define LOOP_SIG_QUIT	0x02u	/* SIGQUIT: interim statistics */
#define LOOP_SIG_ALRM	0x04u	/* SIGALRM */

/*
 * Install the handlers (SIGINT, SIGTERM, SIGQUIT, SIGALRM; SA_RESTART)
 * and create the self-pipe. Returns 0, or -1 with a reason in err.
 */
int	loop_init(char *err, size_t errlen);
/*
 * Wait until one of fds[0..n) is readable, a signal arrives or the clock
 * passes deadline (monotonic ns; -1: no deadline; <= now: just look).
 * readable[i] is set for each ready fd; *sigs gets the signals seen since
 * the last call. Returns the number of readable fds (0 on timeout or
 * signal only), -1 on a poll error other than EINTR.
 */
int	loop_wait(const int *fds, size_t n, int64_t deadline, bool *readable,
	    unsigned *sigs);
/* Collect pending signal bits without waiting. */
unsigned loop_signals(void);

#endif
