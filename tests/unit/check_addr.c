/* check_addr: struct addr conversions: raw bytes, sockaddr, text. */
#include <sys/socket.h>
#include <arpa/inet.h>

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "addr.h"
#include "unit.h"

START_TEST(lengths_and_set)
{
	struct addr a;
	static const uint8_t v4[4] = { 198, 18, 0, 1 };

	ck_assert_uint_eq(addr_len(AF_INET), 4);
	ck_assert_uint_eq(addr_len(AF_INET6), 16);
	ck_assert_uint_eq(addr_len(AF_UNIX), 0);
	ck_assert(!addr_set(&a, AF_INET, v4, 3));
	ck_assert_int_eq(a.af, 0);
	ck_assert(!addr_set(&a, AF_INET6, v4, 4));
	ck_assert(addr_set(&a, AF_INET, v4, 4));
	ck_assert_int_eq(a.af, AF_INET);
	ck_assert_mem_eq(a.u.b, v4, 4);
	ck_assert(!addr_is_unspec(&a));
}
END_TEST

START_TEST(text_round_trip)
{
	static const char *const ok[] = { "198.18.0.1", "0.0.0.0",
	    "255.255.255.255", "2001:2::1", "::", "::ffff:198.18.0.1",
	    "fe80::1" };
	char buf[ADDR_STRLEN];
	struct addr a;

	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		ck_assert_msg(addr_pton(AF_UNSPEC, ok[i], &a), "%s", ok[i]);
		ck_assert_str_eq(addr_ntop(&a, buf, sizeof(buf)), ok[i]);
	}
	ck_assert(addr_pton(AF_INET, "198.18.0.1", &a));
	ck_assert(!addr_pton(AF_INET6, "198.18.0.1", &a));
	ck_assert(!addr_pton(AF_INET, "2001:2::1", &a));
	ck_assert(!addr_pton(AF_UNSPEC, "198.18.0", &a));
	ck_assert(!addr_pton(AF_UNSPEC, "host.example", &a));
	ck_assert(!addr_pton(AF_UNSPEC, "", &a));
	ck_assert(!addr_pton(AF_UNSPEC, NULL, &a));
	ck_assert(addr_pton(AF_UNSPEC, "::", &a));
	ck_assert(addr_is_unspec(&a));
	memset(&a, 0, sizeof(a));
	ck_assert(addr_is_unspec(&a));
	ck_assert_str_eq(addr_ntop(&a, buf, sizeof(buf)), "?");
}
END_TEST

START_TEST(equality)
{
	struct addr a, b;

	ck_assert(addr_pton(AF_INET, "198.18.0.1", &a));
	ck_assert(addr_pton(AF_INET, "198.18.0.1", &b));
	ck_assert(addr_eq(&a, &b));
	ck_assert(addr_pton(AF_INET, "198.18.0.2", &b));
	ck_assert(!addr_eq(&a, &b));
	/* same leading bytes, other family */
	ck_assert(addr_pton(AF_INET6, "c612:1::", &b));
	ck_assert(!addr_eq(&a, &b));
}
END_TEST

START_TEST(sockaddr_round_trip)
{
	struct sockaddr_storage ss;
	struct sockaddr_in sin;
	struct sockaddr_in6 sin6;
	struct addr a, b;
	socklen_t sl;

	ck_assert(addr_pton(AF_INET, "198.18.3.4", &a));
	sl = addr_to_sa(&a, 33434, &ss);
	ck_assert_uint_eq(sl, sizeof(sin));
	memcpy(&sin, &ss, sizeof(sin));
	ck_assert_int_eq(sin.sin_family, AF_INET);
	ck_assert_uint_eq(ntohs(sin.sin_port), 33434);
	ck_assert(addr_from_sa(&b, (struct sockaddr *)&ss, sl));
	ck_assert(addr_eq(&a, &b));
	ck_assert(!addr_from_sa(&b, (struct sockaddr *)&ss, sl - 1));

	ck_assert(addr_pton(AF_INET6, "2001:2:0:7::2", &a));
	sl = addr_to_sa(&a, 7, &ss);
	ck_assert_uint_eq(sl, sizeof(sin6));
	memcpy(&sin6, &ss, sizeof(sin6));
	ck_assert_uint_eq(ntohs(sin6.sin6_port), 7);
	ck_assert(addr_from_sa(&b, (struct sockaddr *)&ss, sl));
	ck_assert(addr_eq(&a, &b));

	memset(&a, 0, sizeof(a));
	ck_assert_uint_eq(addr_to_sa(&a, 1, &ss), 0);
	ss.ss_family = AF_UNIX;
	ck_assert(!addr_from_sa(&b, (struct sockaddr *)&ss, sizeof(ss)));
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("addr");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, lengths_and_set);
	tcase_add_test(tc, text_round_trip);
	tcase_add_test(tc, equality);
	tcase_add_test(tc, sockaddr_round_trip);
	suite_add_tcase(s, tc);
	return unit_run(s, CK_FORK_GETENV);
}
