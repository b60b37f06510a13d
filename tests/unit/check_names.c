/* check_names: icmpnames tables: every type/code x family has a text;
 * exact iputils strings; traceroute 2.1.2 annotations. */
#include <sys/socket.h>

#include <check.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "icmpnames.h"
#include "unit.h"

static struct icmp_reply
mk(int af, uint8_t type, uint8_t code)
{
	struct icmp_reply r;

	memset(&r, 0, sizeof(r));
	r.af = af;
	r.type = type;
	r.code = code;
	return r;
}

static const struct {
	int af; uint8_t type, code; uint32_t mtu, ptr; const char *text;
} texts[] = {
	{ AF_INET, 3, 0, 0, 0, "Destination Net Unreachable" },
	{ AF_INET, 3, 1, 0, 0, "Destination Host Unreachable" },
	{ AF_INET, 3, 2, 0, 0, "Destination Protocol Unreachable" },
	{ AF_INET, 3, 3, 0, 0, "Destination Port Unreachable" },
	{ AF_INET, 3, 4, 1280, 0, "Frag needed and DF set (mtu = 1280)" },
	{ AF_INET, 3, 5, 0, 0, "Source Route Failed" },
	{ AF_INET, 3, 9, 0, 0, "Destination Net Prohibited" },
	{ AF_INET, 3, 10, 0, 0, "Destination Host Prohibited" },
	{ AF_INET, 3, 13, 0, 0, "Packet filtered" },
	{ AF_INET, 3, 14, 0, 0, "Precedence Violation" },
	{ AF_INET, 3, 15, 0, 0, "Precedence Cutoff" },
	{ AF_INET, 3, 16, 0, 0, "Dest Unreachable, Bad Code: 16" },
	{ AF_INET, 4, 0, 0, 0, "Source Quench" },
	{ AF_INET, 11, 0, 0, 0, "Time to live exceeded" },
	{ AF_INET, 11, 1, 0, 0, "Frag reassembly time exceeded" },
	{ AF_INET, 12, 0, 0, 20, "Parameter problem: pointer = 20" },
	{ AF_INET, 200, 0, 0, 0, "Bad ICMP type: 200" },
	{ AF_INET6, 1, 0, 0, 0, "Destination unreachable: No route" },
	{ AF_INET6, 1, 1, 0, 0,
	    "Destination unreachable: Administratively prohibited" },
	{ AF_INET6, 1, 2, 0, 0,
	    "Destination unreachable: Beyond scope of source address" },
	{ AF_INET6, 1, 3, 0, 0, "Destination unreachable: Address unreachable" },
	{ AF_INET6, 1, 4, 0, 0, "Destination unreachable: Port unreachable" },
	{ AF_INET6, 2, 0, 1280, 0, "Packet too big: mtu=1280" },
	{ AF_INET6, 3, 0, 0, 0, "Time exceeded: Hop limit" },
	{ AF_INET6, 3, 1, 0, 0, "Time exceeded: Defragmentation failure" },
};

START_TEST(ping_text_exact)
{
	struct icmp_reply r = mk(texts[_i].af, texts[_i].type, texts[_i].code);
	char buf[128];

	r.mtu = texts[_i].mtu;
	r.pointer = texts[_i].ptr;
	ck_assert_int_eq(icmpnames_ping_text(&r, buf, sizeof(buf)),
	    (int)strlen(texts[_i].text));
	ck_assert_str_eq(buf, texts[_i].text);
}
END_TEST

START_TEST(every_type_code_has_text)
{
	int af = _i ? AF_INET6 : AF_INET;
	char buf[128];

	for (int t = 0; t < 256; t++)
		for (int c = 0; c < 256; c++) {
			struct icmp_reply r = mk(af, (uint8_t)t, (uint8_t)c);

			ck_assert_int_gt(icmpnames_ping_text(&r, buf,
			    sizeof(buf)), 0);
			ck_assert_int_ge(icmpnames_tr_annot(&r, buf,
			    sizeof(buf)), 0);
		}
	/* every type has a name: its own, or "Unknown" */
	for (int t = 0; t < 256; t++) {
		const char *n = icmpnames_type(af, (uint8_t)t);
		bool known = af == AF_INET ? (t == 0 || (t >= 3 && t <= 5) ||
		    (t >= 8 && t <= 18)) : ((t >= 1 && t <= 4) ||
		    (t >= 128 && t <= 137));

		ck_assert_msg(known ? strcmp(n, "Unknown") != 0 :
		    strcmp(n, "Unknown") == 0, "type %d: %s", t, n);
	}
	ck_assert_str_eq(icmpnames_type(af, af == AF_INET ? 11 : 3),
	    "Time Exceeded");
	ck_assert_str_eq(icmpnames_type(af, af == AF_INET ? 0 : 129),
	    "Echo Reply");
	ck_assert_str_eq(icmpnames_type(af, af == AF_INET ? 17 : 135),
	    af == AF_INET ? "Address Mask Request" : "Neighbor Solicitation");
	ck_assert_str_eq(icmpnames_type(AF_UNSPEC, 0), "Unknown");
}
END_TEST

START_TEST(redirect_gateway)
{
	struct icmp_reply r = mk(AF_INET, 5, 1);
	char buf[128];

	r.gateway.af = AF_INET;
	r.gateway.u.b[0] = 198; r.gateway.u.b[1] = 18;
	r.gateway.u.b[2] = 0; r.gateway.u.b[3] = 9;
	ck_assert_int_gt(icmpnames_ping_text(&r, buf, sizeof(buf)), 0);
	ck_assert_str_eq(buf, "Redirect Host(New nexthop: 198.18.0.9)");
}
END_TEST

START_TEST(small_buffer)
{
	struct icmp_reply r = mk(AF_INET, 3, 1);
	char buf[8];

	ck_assert_int_eq(icmpnames_ping_text(&r, buf, sizeof(buf)), -1);
	ck_assert_uint_eq(strlen(buf), 7);
	ck_assert_int_eq(icmpnames_ping_text(&r, buf, 0), -1);
}
END_TEST

static const struct {
	int af; uint8_t type, code; uint32_t mtu; const char *annot;
} annots[] = {
	{ AF_INET, 11, 0, 0, "" }, { AF_INET, 3, 3, 0, "" },
	{ AF_INET, 3, 0, 0, "!N" }, { AF_INET, 3, 1, 0, "!H" },
	{ AF_INET, 3, 2, 0, "!P" }, { AF_INET, 3, 4, 1400, "!F-1400" },
	{ AF_INET, 3, 5, 0, "!S" }, { AF_INET, 3, 13, 0, "!X" },
	{ AF_INET, 3, 9, 0, "!X" }, { AF_INET, 3, 10, 0, "!X" },
	{ AF_INET, 3, 14, 0, "!V" }, { AF_INET, 3, 15, 0, "!C" },
	{ AF_INET, 3, 6, 0, "!N" }, { AF_INET, 3, 7, 0, "!H" },
	{ AF_INET, 3, 99, 0, "!<99>" },
	{ AF_INET6, 3, 0, 0, "" }, { AF_INET6, 1, 4, 0, "" },
	{ AF_INET6, 1, 0, 0, "!N" }, { AF_INET6, 1, 1, 0, "!X" },
	{ AF_INET6, 1, 3, 0, "!H" }, { AF_INET6, 1, 2, 0, "!H" },
	{ AF_INET6, 2, 0, 1280, "!F-1280" }, { AF_INET6, 1, 7, 0, "!<7>" },
	{ AF_INET, 11, 1, 0, "!<11-1>" }, { AF_INET, 12, 0, 0, "!<12-0>" },
	{ AF_INET6, 3, 1, 0, "!<3-1>" }, { AF_INET6, 4, 2, 0, "!<4-2>" },
};

START_TEST(tr_annotations)
{
	struct icmp_reply r = mk(annots[_i].af, annots[_i].type,
	    annots[_i].code);
	char buf[32];

	r.mtu = annots[_i].mtu;
	ck_assert_int_eq(icmpnames_tr_annot(&r, buf, sizeof(buf)),
	    (int)strlen(annots[_i].annot));
	ck_assert_str_eq(buf, annots[_i].annot);
}
END_TEST

START_TEST(type_names)
{
	ck_assert_str_eq(icmpnames_type(AF_INET, 0), "Echo Reply");
	ck_assert_str_eq(icmpnames_type(AF_INET, 11), "Time Exceeded");
	ck_assert_str_eq(icmpnames_type(AF_INET6, 2), "Packet Too Big");
	ck_assert_str_eq(icmpnames_type(AF_INET6, 129), "Echo Reply");
	ck_assert_str_eq(icmpnames_type(AF_INET, 77), "Unknown");
	ck_assert_str_eq(icmpnames_type(12345, 0), "Unknown");
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("names");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, ping_text_exact, 0,
	    sizeof(texts) / sizeof(texts[0]));
	tcase_add_loop_test(tc, every_type_code_has_text, 0, 2);
	tcase_add_test(tc, redirect_gateway);
	tcase_add_test(tc, small_buffer);
	tcase_add_loop_test(tc, tr_annotations, 0,
	    sizeof(annots) / sizeof(annots[0]));
	tcase_add_test(tc, type_names);
	suite_add_tcase(s, tc);
	return unit_run(s, CK_FORK_GETENV);
}
