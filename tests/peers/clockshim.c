/*
 * clockshim.c: an LD_PRELOAD shim over clock_gettime(2) that makes a
 * loaded machine and a stepped wall clock on demand, to show that neither
 * changes a round-trip time the tools print (tests/lab/clock_stall.sh).
 *
 *   CLOCKSHIM_STALL_NS=N     sleep N ns before each clock read
 *   CLOCKSHIM_STALL_ALL=1    ... of every clock (default: CLOCK_REALTIME)
 *   CLOCKSHIM_STEP_NS=N      after CLOCKSHIM_STEP_AFTER (default 0)
 *                            CLOCK_REALTIME reads, add N (signed) ns to
 *                            every later one: the user-space view of a
 *                            wall-clock step the kernel's stamps do not
 *                            see
 * Standalone: does not link the code under test.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include <sys/syscall.h>

typedef int (*gettime_fn)(clockid_t, struct timespec *);

static long long
env_ll(const char *name, long long def)
{
	const char *v = getenv(name);

	return v != NULL && *v != '\0' ? strtoll(v, NULL, 10) : def;
}

static void
stall(long long ns)
{
	struct timespec d = { (time_t)(ns / 1000000000), (long)(ns %
	    1000000000) };

	/* the raw call: nanosleep itself reads no clock through us */
	while (syscall(SYS_nanosleep, &d, &d) == -1)
		;
}

int
clock_gettime(clockid_t id, struct timespec *ts)
{
	static gettime_fn real;
	static unsigned long long nreal;
	long long st = env_ll("CLOCKSHIM_STALL_NS", 0), step;
	int rc;

	if (real == NULL)
		real = (gettime_fn)dlsym(RTLD_NEXT, "clock_gettime");
	if (st > 0 && (id == CLOCK_REALTIME ||
	    env_ll("CLOCKSHIM_STALL_ALL", 0) != 0))
		stall(st);
	rc = real(id, ts);
	if (rc != 0 || id != CLOCK_REALTIME)
		return rc;
	step = env_ll("CLOCKSHIM_STEP_NS", 0);
	if (step != 0 && nreal++ >= (unsigned long long)env_ll(
	    "CLOCKSHIM_STEP_AFTER", 0)) {
		int64_t ns = (int64_t)ts->tv_sec * 1000000000 + ts->tv_nsec +
		    step;

		ts->tv_sec = (time_t)(ns / 1000000000);
		ts->tv_nsec = (long)(ns % 1000000000);
	}
	return rc;
}
