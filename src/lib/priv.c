/*
 * priv.c: the only file that touches privilege (see priv.h; the lint
 * tests/unit/check_priv_lint.sh enforces it). With libcap, priv_init()
 * narrows the process to CAP_NET_RAW (+ CAP_NET_ADMIN for SO_MARK) at once,
 * leaving a setuid-root binary's root identity for the real user's;
 * without libcap it only remembers the real ids, and priv_drop() gives up
 * root with setresuid() and empties the capability sets with capset(2).
 * priv_drop() is final and verified.
 */
#include "config.h"

#include <errno.h>
#include <grp.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/types.h>
#include <unistd.h>
#ifdef HAVE_LIBCAP
#include <sys/capability.h>
#else
#include <linux/capability.h>
#include <sys/syscall.h>
#endif

#include "priv.h"

#ifndef CAP_NET_RAW
#define CAP_NET_RAW	13
#endif

/* /proc/self/status "<key>:\t<hex>" (CapEff, CapPrm); -1 if unreadable. */
static long long
proc_caps(const char *key)
{
	char line[256];
	size_t klen = strlen(key);
	unsigned long long v;
	long long r = -1;
	FILE *fp;

	if ((fp = fopen("/proc/self/status", "re")) == NULL)
		return -1;
	while (fgets(line, sizeof(line), fp) != NULL) {
		if (strncmp(line, key, klen) == 0 && line[klen] == ':' &&
		    sscanf(line + klen + 1, "%llx", &v) == 1) {
			r = (long long)(v & 0x7fffffffffffffffULL);
			break;
		}
	}
	fclose(fp);
	return r;
}

#ifdef HAVE_LIBCAP
/* Set permitted and effective to exactly the n caps of keep[] we hold. */
static int
caps_limit(const cap_value_t *keep, int n)
{
	cap_t cur, want;
	cap_value_t have[4];
	cap_flag_value_t v;
	int nh = 0, rc;

	if ((cur = cap_get_proc()) == NULL)
		return -1;
	for (int i = 0; i < n && nh < 4; i++)
		if (cap_get_flag(cur, keep[i], CAP_PERMITTED, &v) == 0 &&
		    v == CAP_SET)
			have[nh++] = keep[i];
	cap_free(cur);
	if ((want = cap_init()) == NULL)
		return -1;
	if (nh > 0 &&
	    (cap_set_flag(want, CAP_PERMITTED, nh, have, CAP_SET) == -1 ||
	    cap_set_flag(want, CAP_EFFECTIVE, nh, have, CAP_SET) == -1)) {
		cap_free(want);
		return -1;
	}
	rc = cap_set_proc(want);
	cap_free(want);
	return rc;
}
#endif

void
priv_init(void)
{
#ifdef HAVE_LIBCAP
	static const cap_value_t keep[] = { CAP_NET_RAW, CAP_NET_ADMIN };
	uid_t ruid = getuid();

	/*
	 * setuid root: become the real user now, keeping the permitted set
	 * across the switch (PR_SET_KEEPCAPS) so CAP_NET_RAW survives.
	 */
	if (geteuid() == 0 && ruid != 0) {
		if (prctl(PR_SET_KEEPCAPS, 1L, 0L, 0L, 0L) == 0) {
			if (setresuid(ruid, ruid, ruid) == -1)
				(void)0;	/* priv_drop() retries */
			(void)prctl(PR_SET_KEEPCAPS, 0L, 0L, 0L, 0L);
		}
	}
	(void)caps_limit(keep, 2);
#endif
}

bool
priv_can_raw(void)
{
#ifdef HAVE_LIBCAP
	cap_flag_value_t v = CAP_CLEAR;
	cap_t c = cap_get_proc();

	if (c != NULL) {
		(void)cap_get_flag(c, CAP_NET_RAW, CAP_EFFECTIVE, &v);
		cap_free(c);
		return v == CAP_SET;
	}
#endif
	long long eff = proc_caps("CapEff");

	if (eff >= 0)
		return (eff & (1LL << CAP_NET_RAW)) != 0;
	return geteuid() == 0;
}

/* No capability permitted or effective (as far as we can tell). */
static bool
caps_empty(void)
{
#ifdef HAVE_LIBCAP
	cap_t c = cap_get_proc(), none = cap_init();
	bool empty = false;

	if (c != NULL && none != NULL)
		empty = cap_compare(c, none) == 0;
	cap_free(c);
	cap_free(none);
	if (c != NULL && none != NULL)
		return empty;
#endif
	return proc_caps("CapEff") == 0 && proc_caps("CapPrm") == 0;
}

bool
priv_dropped(void)
{
	return geteuid() == getuid() && getegid() == getgid() && caps_empty();
}

#ifndef HAVE_LIBCAP
/* Without libcap: empty every capability set with capset(2) itself. */
static int
caps_clear(void)
{
	struct __user_cap_header_struct h;
	struct __user_cap_data_struct d[_LINUX_CAPABILITY_U32S_3];

	memset(&h, 0, sizeof(h));
	memset(d, 0, sizeof(d));
	h.version = _LINUX_CAPABILITY_VERSION_3;
	return (int)syscall(SYS_capset, &h, d);
}
#endif

/* setgroups/setresgid/setresuid to the real ids; -1 with err set. */
static int
drop_ids(uid_t ruid, gid_t rgid, char *err, size_t errlen)
{
	/* EPERM: unprivileged, so the groups are the caller's own anyway */
	if (setgroups(1, &rgid) == -1 && errno != EPERM) {
		snprintf(err, errlen, "setgroups: %s", strerror(errno));
		return -1;
	}
	if (setresgid(rgid, rgid, rgid) == -1) {
		snprintf(err, errlen, "setresgid: %s", strerror(errno));
		return -1;
	}
	if (setresuid(ruid, ruid, ruid) == -1) {
		snprintf(err, errlen, "setresuid: %s", strerror(errno));
		return -1;
	}
	return 0;
}

int
priv_drop(char *err, size_t errlen)
{
	uid_t ruid = getuid();
	gid_t rgid = getgid();

	if (drop_ids(ruid, rgid, err, errlen) == -1)
		return -1;
#ifdef HAVE_LIBCAP
	if (caps_limit(NULL, 0) == -1) {
		snprintf(err, errlen, "cap_set_proc: %s", strerror(errno));
		return -1;
	}
#else
	if (caps_clear() == -1) {
		snprintf(err, errlen, "capset: %s", strerror(errno));
		return -1;
	}
#endif
	/* EINVAL: kernel older than 3.5; the ids are dropped regardless */
	if (prctl(PR_SET_NO_NEW_PRIVS, 1L, 0L, 0L, 0L) == -1 &&
	    errno != EINVAL) {
		snprintf(err, errlen, "prctl(PR_SET_NO_NEW_PRIVS): %s",
		    strerror(errno));
		return -1;
	}
	if (geteuid() != ruid || getegid() != rgid) {
		snprintf(err, errlen, "privileges not dropped: euid %ld",
		    (long)geteuid());
		return -1;
	}
	/* a real user must not be able to get root back */
	if (ruid != 0 && (setuid(0) != -1 || seteuid(0) != -1)) {
		snprintf(err, errlen, "privileges not dropped: setuid(0) "
		    "succeeded");
		return -1;
	}
	if (!caps_empty()) {
		snprintf(err, errlen, "privileges not dropped: capabilities "
		    "remain");
		return -1;
	}
	return 0;
}
