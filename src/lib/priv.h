/*
 * priv.h: the only module that touches privilege (capabilities, set*id).
 * priv_init() is the first statement of main(); the privileged setup (only
 * sock_open) happens next; priv_drop() runs before any DNS answer or
 * received byte is read. A lint test fails if any other file calls cap_*()
 * or set*id().
 */
#ifndef ICMPTOOLS_PRIV_H
#define ICMPTOOLS_PRIV_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Remember the real ids; if setuid root or holding capabilities, keep only
 * CAP_NET_RAW (and CAP_NET_ADMIN for SO_MARK) effective; nothing else.
 * Never fails: without privilege there is nothing to narrow.
 */
void	priv_init(void);
/* True if the process can open raw sockets now (CAP_NET_RAW or euid 0). */
bool	priv_can_raw(void);
/*
 * Drop everything for good: clear all capability sets, setgroups to the
 * real gid, setresgid/setresuid to the real ids, PR_SET_NO_NEW_PRIVS.
 * Verifies the result (no caps, euid == uid, a set*uid(0) back fails).
 * Returns 0, or -1 with a one-line reason in err. Built without libcap
 * the sets are emptied with the raw capset(2) call.
 */
int	priv_drop(char *err, size_t errlen);
/* True once no capability is effective/permitted and euid == uid. */
bool	priv_dropped(void);

#endif
