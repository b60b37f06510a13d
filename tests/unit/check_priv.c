/* check_priv: priv_init narrows, priv_drop drops for good, read back from
 * /proc/self/status (CapEff, CapPrm, Uid, NoNewPrivs) and from what the
 * kernel still allows (raw socket, setuid(0)). Runs as root and plays the
 * three ways the tools start: root, setuid root (ruid nobody, euid 0), and
 * a plain user. Each case forks (Check), so the drops stay there. */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "priv.h"
#include "unit.h"

#define NOBODY		65534
/* CAP_NET_ADMIN (12) and CAP_NET_RAW (13) */
#define CAPS_RAW_ADMIN	0x3000ULL

/* A "Key:\t<number>" field of /proc/self/status (hex for Cap*). */
static unsigned long long
status(const char *key, int base)
{
	char line[256];
	size_t n = strlen(key);
	unsigned long long v = ~0ULL;
	FILE *fp = fopen("/proc/self/status", "r");

	ck_assert_ptr_nonnull(fp);
	while (fgets(line, sizeof(line), fp) != NULL)
		if (strncmp(line, key, n) == 0 && line[n] == ':')
			v = strtoull(line + n + 1, NULL, base);
	fclose(fp);
	ck_assert_msg(v != ~0ULL, "no %s", key);
	return v;
}

static bool
raw_ok(void)
{
	int fd = socket(AF_INET, SOCK_RAW, IPPROTO_ICMP);

	if (fd >= 0)
		close(fd);
	return fd >= 0;
}

static void
assert_dropped(uid_t uid)
{
	ck_assert(priv_dropped());
	ck_assert(!priv_can_raw());
	ck_assert(!raw_ok());
	ck_assert_uint_eq(status("CapEff", 16), 0);
	ck_assert_uint_eq(status("CapPrm", 16), 0);
	ck_assert_uint_eq(status("NoNewPrivs", 10), 1);
	ck_assert_uint_eq(getuid(), uid);
	ck_assert_uint_eq(geteuid(), uid);
	if (uid != 0) {
		ck_assert_int_eq(setuid(0), -1);
		ck_assert_int_eq(seteuid(0), -1);
	}
}

START_TEST(priv_root)
{
	char err[256];

	priv_init();
#ifdef HAVE_LIBCAP
	/* only NET_RAW and NET_ADMIN survive priv_init */
	ck_assert_uint_eq(status("CapEff", 16), CAPS_RAW_ADMIN);
	ck_assert_uint_eq(status("CapPrm", 16), CAPS_RAW_ADMIN);
#endif
	ck_assert(priv_can_raw());
	ck_assert(raw_ok());
	ck_assert(!priv_dropped());
	ck_assert_msg(priv_drop(err, sizeof(err)) == 0, "%s", err);
#ifdef HAVE_LIBCAP
	assert_dropped(0);
#endif
}
END_TEST

START_TEST(priv_setuid_root)
{
	char err[256];

	/* what exec of a setuid-root file gives a user */
	ck_assert_int_eq(setresgid(NOBODY, NOBODY, NOBODY), 0);
	ck_assert_int_eq(setresuid(NOBODY, 0, 0), 0);
	priv_init();
#ifdef HAVE_LIBCAP
	/* at once the real user, holding only what sockets need */
	ck_assert_uint_eq(geteuid(), NOBODY);
	ck_assert_uint_eq(status("CapEff", 16), CAPS_RAW_ADMIN);
	ck_assert_uint_eq(status("CapPrm", 16), CAPS_RAW_ADMIN);
#endif
	ck_assert(priv_can_raw());
	ck_assert(raw_ok());
	ck_assert_msg(priv_drop(err, sizeof(err)) == 0, "%s", err);
	assert_dropped(NOBODY);
}
END_TEST

START_TEST(priv_user)
{
	char err[256];

	ck_assert_int_eq(setresgid(NOBODY, NOBODY, NOBODY), 0);
	ck_assert_int_eq(setresuid(NOBODY, NOBODY, NOBODY), 0);
	priv_init();
	ck_assert(!priv_can_raw());
	/* nothing to drop, and setgroups' EPERM is no error */
	ck_assert_msg(priv_drop(err, sizeof(err)) == 0, "%s", err);
	assert_dropped(NOBODY);
	/* a second drop is harmless */
	ck_assert_msg(priv_drop(err, sizeof(err)) == 0, "%s", err);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("priv");
	TCase *tc = tcase_create("priv");

	if (geteuid() != 0 || getuid() != 0) {
		printf("SKIP: check_priv plays root, setuid root and a user: "
		    "needs root\n");
		return 77;
	}
	tcase_add_test(tc, priv_root);
	tcase_add_test(tc, priv_setuid_root);
	tcase_add_test(tc, priv_user);
	suite_add_tcase(s, tc);
	return unit_run(s, CK_FORK);
}
