/* check_resolve: forward lookups (IPv4 preferred for AF_UNSPEC, -4/-6,
 * numeric mode, canonical names, resolver wording) and reverse lookups.
 * Names come from a private /etc/hosts bind-mounted in a private mount
 * and network namespace, so nothing is ever asked of a real DNS server
 * (those cases need root; the numeric ones run for everyone). */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mount.h>
#include <sys/socket.h>

#include "addr.h"
#include "resolve.h"
#include "unit.h"

static const struct {
	const char	*host;
	int		 af;
	int		 numeric;
	const char	*want;		/* address, or NULL for an error */
	const char	*canon_or_err;
} cases[] = {
	{ "127.0.0.1", AF_UNSPEC, 1, "127.0.0.1", "127.0.0.1" },
	{ "127.0.0.1", AF_INET, 0, "127.0.0.1", "127.0.0.1" },
	{ "::1", AF_UNSPEC, 1, "::1", "::1" },
	{ "::1", AF_INET6, 1, "::1", "::1" },
	{ "::1", AF_INET, 1, NULL,
	    "Address family for hostname not supported" },
	{ "127.0.0.1", AF_INET6, 1, NULL,
	    "Address family for hostname not supported" },
	{ "some.name", AF_UNSPEC, 1, NULL, "Name or service not known" },
	{ "1.2.3", AF_UNSPEC, 1, "1.2.0.3", "1.2.3" },	/* inet_aton forms */
	{ "", AF_UNSPEC, 1, NULL, "Name or service not known" },
	{ "127.0.0.1", 12345, 1, NULL, "ai_family not supported" },
	/* the private hosts file (root only) */
	{ "both.test", AF_UNSPEC, 0, "198.18.7.7", "both.test" },
	{ "both.test", AF_INET6, 0, "2001:2::7", "both.test" },
	{ "alias.test", AF_INET, 0, "198.18.7.7", "both.test" },
	{ "six.test", AF_UNSPEC, 0, "2001:2::8", "six.test" },
	{ "six.test", AF_INET, 0, NULL,
	    "Address family for hostname not supported" },
	{ "four.test", AF_INET6, 0, NULL,
	    "Address family for hostname not supported" },
	{ "both.test", AF_UNSPEC, 1, NULL, "Name or service not known" },
};
#define NNUMERIC	10

static void
private_hosts(void)
{
	static const char hosts[] =
	    "2001:2::7 both.test alias.test\n"
	    "198.18.7.7 both.test alias.test\n"
	    "2001:2::8 six.test\n"
	    "198.18.7.9 four.test\n";
	char path[] = "/tmp/check_resolve.XXXXXX";
	int fd;

	ck_assert_msg(unshare(CLONE_NEWNS | CLONE_NEWNET) == 0, "unshare: %s",
	    strerror(errno));
	ck_assert_int_eq(mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL), 0);
	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, hosts, sizeof(hosts) - 1),
	    (ssize_t)sizeof(hosts) - 1);
	close(fd);
	ck_assert_msg(mount(path, "/etc/hosts", NULL, MS_BIND, NULL) == 0,
	    "mount: %s", strerror(errno));
	unlink(path);
}

START_TEST(resolve_table)
{
	struct addr a;
	char canon[256] = "", err[256] = "", t[ADDR_STRLEN];
	int rc;

	if (_i >= NNUMERIC)
		private_hosts();
	rc = resolve_host(&(struct resolve_query){ cases[_i].host,
	    cases[_i].af, cases[_i].numeric ? RESOLVE_NUMERIC : 0, canon,
	    sizeof(canon) }, &a, err, sizeof(err));
	if (cases[_i].want == NULL) {
		ck_assert_msg(rc == -1, "%s accepted", cases[_i].host);
		ck_assert_str_eq(err, cases[_i].canon_or_err);
		return;
	}
	ck_assert_msg(rc == 0, "%s: %s", cases[_i].host, err);
	ck_assert_str_eq(addr_ntop(&a, t, sizeof(t)), cases[_i].want);
	ck_assert_str_eq(canon, cases[_i].canon_or_err);
}
END_TEST

START_TEST(resolve_reverse)
{
	struct addr a;
	char name[256];

	private_hosts();
	ck_assert(addr_pton(AF_INET, "198.18.7.7", &a));
	ck_assert_int_eq(resolve_name(&a, name, sizeof(name)), 0);
	ck_assert_str_eq(name, "both.test");
	ck_assert(addr_pton(AF_INET6, "2001:2::8", &a));
	ck_assert_int_eq(resolve_name(&a, name, sizeof(name)), 0);
	ck_assert_str_eq(name, "six.test");
	/* no name (and no DNS in the private namespace): the number */
	ck_assert(addr_pton(AF_INET, "198.18.9.9", &a));
	ck_assert_int_eq(resolve_name(&a, name, sizeof(name)), -1);
	ck_assert_str_eq(name, "198.18.9.9");
	memset(&a, 0, sizeof(a));
	ck_assert_int_eq(resolve_name(&a, name, sizeof(name)), -1);
	ck_assert_str_eq(name, "?");
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("resolve");
	TCase *tc = tcase_create("resolve");
	int n = (int)(sizeof(cases) / sizeof(cases[0])), nf;

	if (geteuid() != 0) {
		printf("note: not root: the private /etc/hosts cases are "
		    "skipped\n");
		n = NNUMERIC;
	}
	tcase_add_loop_test(tc, resolve_table, 0, n);
	if (geteuid() == 0)
		tcase_add_test(tc, resolve_reverse);
	suite_add_tcase(s, tc);
	return unit_run(s, CK_FORK);
}
