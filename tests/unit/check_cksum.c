/* check_cksum: RFC 1071 checksum: the RFC's example, odd lengths, unaligned
 * buffers, incremental pieces equal one call, pseudo-headers v4/v6. */
#include <sys/socket.h>

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "addr.h"
#include "cksum.h"
#include "unit.h"

/* Straightforward reference: 32-bit sum of big-endian words, fold. */
static uint16_t
ref(const uint8_t *p, size_t n)
{
	uint32_t s = 0;

	for (size_t i = 0; i < n; i++)
		s += i % 2 ? p[i] : (uint32_t)p[i] << 8;
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)~s;
}

START_TEST(rfc1071_example)
{
	/* RFC 1071 section 3: the sum of these bytes is 0xddf2 */
	static const uint8_t b[] = { 0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5,
	    0xf6, 0xf7 };
	struct cksum c;

	ck_assert_uint_eq(cksum(b, sizeof(b)), 0x220d);
	cksum_init(&c);
	cksum_add(&c, b, sizeof(b));
	ck_assert_uint_eq(cksum_final(&c), (uint16_t)~0xddf2);
	/* a message with its checksum in it sums to zero */
	{
		uint8_t m[10];

		memcpy(m, b, 8);
		m[8] = 0x22;
		m[9] = 0x0d;
		ck_assert_uint_eq(cksum(m, sizeof(m)), 0);
	}
}
END_TEST

START_TEST(odd_lengths)
{
	/* a trailing byte is the high half of a zero-padded word */
	static const uint8_t one[] = { 0xab };
	static const uint8_t three[] = { 0x12, 0x34, 0x56 };

	ck_assert_uint_eq(cksum(one, 1), (uint16_t)~0xab00);
	ck_assert_uint_eq(cksum(three, 3), (uint16_t)~(0x1234 + 0x5600));
	ck_assert_uint_eq(cksum(NULL, 0), 0xffff);
	ck_assert_uint_eq(cksum(three, 0), 0xffff);
}
END_TEST

START_TEST(carries_fold)
{
	uint8_t b[4096];

	memset(b, 0xff, sizeof(b));
	ck_assert_uint_eq(cksum(b, sizeof(b)), 0);
	b[7] = 0xfe;
	ck_assert_uint_eq(cksum(b, sizeof(b)), ref(b, sizeof(b)));
	ck_assert_uint_eq(cksum(b, sizeof(b) - 1), ref(b, sizeof(b) - 1));
	/* the largest datagram, all ones, through the 8-byte loop */
	{
		static uint8_t big[65535];

		memset(big, 0xff, sizeof(big));
		big[1000] = 0x12;
		for (size_t n = sizeof(big) - 9; n <= sizeof(big); n++)
			ck_assert_uint_eq(cksum(big, n), ref(big, n));
	}
}
END_TEST

START_TEST(unaligned)
{
	uint8_t store[600], data[512];

	srand(7);
	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)rand();
	for (size_t off = 0; off < 8; off++)
		for (size_t n = 0; n < 80; n++) {
			memcpy(store + off, data, n);
			ck_assert_uint_eq(cksum(store + off, n), ref(data, n));
		}
}
END_TEST

START_TEST(incremental_random_splits)
{
	uint8_t data[1500];
	struct cksum c;

	srand(42);
	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)rand();
	for (int round = 0; round < 2000; round++) {
		size_t n = (size_t)rand() % sizeof(data), at = 0;

		cksum_init(&c);
		while (at < n) {
			size_t k = (size_t)rand() % 9;

			if (k > n - at)
				k = n - at;
			cksum_add(&c, data + at, k);
			at += k;
		}
		ck_assert_uint_eq(cksum_final(&c), cksum(data, n));
		ck_assert_uint_eq(cksum_final(&c), ref(data, n));
		ck_assert(c.odd == (n % 2 == 1));
	}
}
END_TEST

START_TEST(pseudo_v4)
{
	/* UDP 198.18.0.1:40000 -> 198.18.5.2:33434, 4 data bytes; the
	 * pseudo-header is the explicit 12 bytes of RFC 768 */
	static const uint8_t udp[] = { 0x9c, 0x40, 0x82, 0x9a, 0x00, 0x0c,
	    0x00, 0x00, 0xde, 0xad, 0xbe, 0xef };
	static const uint8_t ph[] = { 198, 18, 0, 1, 198, 18, 5, 2, 0, 17,
	    0x00, 0x0c };
	uint8_t all[sizeof(ph) + sizeof(udp)];
	struct addr s, d;
	struct cksum c;

	ck_assert(addr_pton(AF_INET, "198.18.0.1", &s));
	ck_assert(addr_pton(AF_INET, "198.18.5.2", &d));
	memcpy(all, ph, sizeof(ph));
	memcpy(all + sizeof(ph), udp, sizeof(udp));
	cksum_init(&c);
	cksum_pseudo(&c, &s, &d, sizeof(udp), 17);
	cksum_add(&c, udp, sizeof(udp));
	ck_assert_uint_eq(cksum_final(&c), ref(all, sizeof(all)));
}
END_TEST

START_TEST(pseudo_v6)
{
	static const uint8_t body[] = { 0x80, 0x00, 0x00, 0x00, 0x42, 0x42,
	    0x00, 0x07, 0x01 };
	uint8_t all[40 + sizeof(body)];
	struct addr s, d;
	struct cksum c;

	ck_assert(addr_pton(AF_INET6, "2001:2::1", &s));
	ck_assert(addr_pton(AF_INET6, "2001:2:0:5::2", &d));
	memset(all, 0, sizeof(all));
	memcpy(all, s.u.b, 16);
	memcpy(all + 16, d.u.b, 16);
	all[35] = sizeof(body);
	all[39] = 58;
	memcpy(all + 40, body, sizeof(body));
	cksum_init(&c);
	cksum_pseudo(&c, &s, &d, sizeof(body), 58);
	cksum_add(&c, body, sizeof(body));
	ck_assert_uint_eq(cksum_final(&c), ref(all, sizeof(all)));
	/* pseudo-header after an odd piece: still its own aligned words */
	cksum_init(&c);
	cksum_add(&c, body, 1);
	cksum_pseudo(&c, &s, &d, sizeof(body), 58);
	cksum_add(&c, body + 1, sizeof(body) - 1);
	ck_assert_uint_eq(cksum_final(&c), ref(all, sizeof(all)));
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("cksum");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, rfc1071_example);
	tcase_add_test(tc, odd_lengths);
	tcase_add_test(tc, carries_fold);
	tcase_add_test(tc, unaligned);
	tcase_add_test(tc, incremental_random_splits);
	tcase_add_test(tc, pseudo_v4);
	tcase_add_test(tc, pseudo_v6);
	suite_add_tcase(s, tc);
	return unit_run(s, CK_FORK_GETENV);
}
