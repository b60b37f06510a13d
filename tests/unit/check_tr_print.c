/*
 * check_tr_print.c: traceroute's printer, from hop results to the exact
 * lines traceroute 2.1.2 prints (captured with open_memstream).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <arpa/inet.h>
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tr_print.h"
#include "unit.h"
#include "unit_addr.h"

static struct tr_hop_probe
P(const char *addr, const char *name, int64_t rtt_ns)
{
	struct tr_hop_probe p;

	memset(&p, 0, sizeof(p));
	if (addr != NULL) {
		p.answered = true;
		p.from = unit_a(addr);
		p.name = name;
		p.rtt_ns = rtt_ns;
	}
	return p;
}

static char *out;
static size_t outlen;

static FILE *
mem(void)
{
	FILE *fp = open_memstream(&out, &outlen);

	ck_assert_ptr_nonnull(fp);
	return fp;
}

static void
expect(FILE *fp, const char *want)
{
	fclose(fp);
	ck_assert_str_eq(out, want);
	free(out);
	out = NULL;
}

START_TEST(header)
{
	struct addr d = unit_a("198.18.3.2"), d6 = unit_a("2001:2:0:3::2");
	FILE *fp = mem();

	tr_print_header(fp, "dst", &d, 30, 60);
	tr_print_header(fp, "2001:2:0:3::2", &d6, 12, 80);
	expect(fp, "traceroute to dst (198.18.3.2), 30 hops max, "
	    "60 byte packets\n"
	    "traceroute to 2001:2:0:3::2 (2001:2:0:3::2), 12 hops max, "
	    "80 byte packets\n");
}
END_TEST

START_TEST(plain_hops)
{
	struct tr_print_cfg cn = { true, false }, cr = { false, false };
	struct tr_hop_probe p[3] = { P("198.18.0.2", "r1", 123456),
	    P("198.18.0.2", "r1", 101000), P("198.18.0.2", "r1", 99499) };
	FILE *fp = mem();

	tr_print_hop(fp, &cr, 1, p, 3);
	tr_print_hop(fp, &cn, 1, p, 3);
	p[0].name = NULL;
	tr_print_hop(fp, &cr, 12, p, 1);
	expect(fp, " 1  r1 (198.18.0.2)  0.123 ms  0.101 ms  0.099 ms\n"
	    " 1  198.18.0.2  0.123 ms  0.101 ms  0.099 ms\n"
	    "12  198.18.0.2 (198.18.0.2)  0.123 ms\n");
}
END_TEST

START_TEST(stars_and_changes)
{
	struct tr_print_cfg cn = { true, false }, cr = { false, false };
	struct tr_hop_probe s[3] = { P(NULL, NULL, 0), P(NULL, NULL, 0),
	    P(NULL, NULL, 0) };
	struct tr_hop_probe m[3] = { P(NULL, NULL, 0),
	    P("198.18.1.2", "r2a", 2000000), P("198.18.2.2", "r2b", 1500) };
	struct tr_hop_probe b[3] = { P("2001:2:0:1::2", "a", 1000000),
	    P("2001:2:0:1::3", "b", 2000000),
	    P("2001:2:0:1::2", "a", 3000000) };
	FILE *fp = mem();

	tr_print_hop(fp, &cr, 3, s, 3);
	tr_print_hop(fp, &cr, 4, m, 3);
	tr_print_hop(fp, &cn, 5, b, 3);
	expect(fp, " 3  * * *\n"
	    " 4  * r2a (198.18.1.2)  2.000 ms r2b (198.18.2.2)  0.002 ms\n"
	    " 5  2001:2:0:1::2  1.000 ms 2001:2:0:1::3  2.000 ms "
	    "2001:2:0:1::2  3.000 ms\n");
}
END_TEST

START_TEST(annotations)
{
	struct tr_print_cfg cn = { true, false };
	struct tr_hop_probe p[3] = { P("198.18.2.2", NULL, 1000000),
	    P("198.18.2.2", NULL, 1000000), P(NULL, NULL, 0) };
	FILE *fp = mem();

	p[0].annot = "!H";
	p[1].annot = "!X";
	tr_print_hop(fp, &cn, 3, p, 3);
	p[0].annot = "!<14>";
	p[1].annot = "";
	p[1].mtu = 1400;
	tr_print_hop(fp, &cn, 4, p, 2);
	p[0].annot = "!F-1280";
	p[1].annot = "!P";
	p[1].mtu = 0;
	tr_print_hop(fp, &cn, 5, p, 2);
	expect(fp, " 3  198.18.2.2  1.000 ms !H  1.000 ms !X *\n"
	    " 4  198.18.2.2  1.000 ms !<14>  1.000 ms F=1400\n"
	    " 5  198.18.2.2  1.000 ms !F-1280  1.000 ms !P\n");
}
END_TEST

START_TEST(extensions_and_back)
{
	struct tr_print_cfg cb = { true, true };
	struct tr_hop_probe p[3] = { P("198.18.2.2", NULL, 1000000),
	    P("198.18.2.2", NULL, 1000000), P("198.18.2.2", NULL, 1000000) };
	FILE *fp = mem();

	p[0].ext = "MPLS:L=100,E=0,S=1,T=1";
	p[1].ext = "MPLS:L=100,E=0,S=1,T=1";
	tr_print_hop(fp, &cb, 3, p, 3);
	/* --back: TTL 61 = 4 hops back from 64, not 3 */
	p[0].ext = p[1].ext = NULL;
	p[0].recv_ttl = 61;
	p[1].recv_ttl = 61;
	p[2].recv_ttl = 62;
	tr_print_hop(fp, &cb, 3, p, 3);
	expect(fp, " 3  198.18.2.2 <MPLS:L=100,E=0,S=1,T=1>  1.000 ms  "
	    "1.000 ms 198.18.2.2  1.000 ms\n"
	    " 3  198.18.2.2 '-4'  1.000 ms  1.000 ms 198.18.2.2  1.000 ms\n");
	ck_assert_int_eq(tr_print_back_hops(64), 1);
	ck_assert_int_eq(tr_print_back_hops(120), 9);
	ck_assert_int_eq(tr_print_back_hops(250), 6);
}
END_TEST

/* -A: " [AS]" right after every address printed (name (addr) or addr),
 * before -e and --back text; none where the address is not repeated. */
START_TEST(as_path)
{
	struct tr_print_cfg cn = { true, true }, cr = { false, false };
	struct tr_hop_probe p[3] = { P("198.18.2.2", "r3", 1000000),
	    P("198.18.2.2", "r3", 1000000), P("198.18.9.2", NULL, 1000000) };
	FILE *fp = mem();

	p[0].as = p[1].as = "AS64501/AS64502";
	p[2].as = "*";
	p[0].ext = p[1].ext = "MPLS:L=100,E=0,S=1,T=1";
	p[0].recv_ttl = p[1].recv_ttl = 61;
	tr_print_hop(fp, &cn, 3, p, 3);
	p[0].ext = p[1].ext = NULL;
	p[2].as = "!!";
	tr_print_hop(fp, &cr, 3, p, 3);
	expect(fp, " 3  198.18.2.2 [AS64501/AS64502] "
	    "<MPLS:L=100,E=0,S=1,T=1> '-4'  1.000 ms  1.000 ms "
	    "198.18.9.2 [*]  1.000 ms\n"
	    " 3  r3 (198.18.2.2) [AS64501/AS64502]  1.000 ms  1.000 ms "
	    "198.18.9.2 (198.18.9.2) [!!]  1.000 ms\n");
}
END_TEST

START_TEST(big_rtt)
{
	struct tr_print_cfg cn = { true, false };
	struct tr_hop_probe p[1] = { P("198.18.2.2", NULL,
	    INT64_C(4999999500)) };
	FILE *fp = mem();

	tr_print_hop(fp, &cn, 30, p, 1);
	expect(fp, "30  198.18.2.2  5000.000 ms\n");
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("tr_print");
	TCase *tc = tcase_create("print");

	tcase_add_test(tc, header);
	tcase_add_test(tc, plain_hops);
	tcase_add_test(tc, stars_and_changes);
	tcase_add_test(tc, annotations);
	tcase_add_test(tc, extensions_and_back);
	tcase_add_test(tc, as_path);
	tcase_add_test(tc, big_rtt);
	suite_add_tcase(s, tc);
	return unit_run(s, CK_FORK_GETENV);
}
