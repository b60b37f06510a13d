/*
 * check_tr_report.c: traceroute --report's printers (tr_report_print.h)
 * from hand-made per-hop statistics: the exact table (columns, "???" for
 * a silent hop, the '?' mark and its legend, a line per address with
 * N/M, names escaped, -n, the interrupted note) and the exact JSON of the
 * same hops (names escaped by the writer, nulls without answers).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "tr_report_print.h"
#include "unit.h"

#define MS	INT64_C(1000000)

static struct trace_res
ans(const char *a, int64_t rtt)
{
	struct trace_res r;

	memset(&r, 0, sizeof(r));
	r.answered = true;
	ck_assert(addr_pton(AF_INET, a, &r.from));
	r.rtt_ns = rtt;
	r.kind = ICMP_KIND_TIME_EXCEEDED;
	r.type = 11;
	return r;
}

static struct trace_res
star(void)
{
	struct trace_res r;

	memset(&r, 0, sizeof(r));
	return r;
}

static struct hopstat hs[4];
static struct tr_report_hop rh[4];

/* hop 1: 4 of 4; hop 2: 2 of 4 (flagged); hop 3: silent; hop 4: 4 of 4
 * from two addresses */
static void
make_hops(void)
{
	struct trace_res h1[] = { ans("198.18.0.2", 1 * MS),
	    ans("198.18.0.2", 3 * MS), ans("198.18.0.2", 2 * MS),
	    ans("198.18.0.2", 2 * MS) };
	struct trace_res h2[] = { ans("198.18.1.2", 10 * MS), star(),
	    ans("198.18.1.2", 12 * MS), star() };
	struct trace_res h4[] = { ans("198.18.3.2", 5 * MS),
	    ans("198.18.9.2", 7 * MS), ans("198.18.3.2", 5 * MS),
	    ans("198.18.3.2", 6 * MS) };
	bool flags[4];

	memset(rh, 0, sizeof(rh));
	for (unsigned i = 0; i < 4; i++)
		hopstat_init(&hs[i], i + 1);
	for (size_t i = 0; i < 4; i++) {
		hopstat_add(&hs[0], &h1[i], NULL, false);
		hopstat_add(&hs[1], &h2[i], NULL, false);
		hopstat_add(&hs[2], &h2[1], NULL, false);
		hopstat_add(&hs[3], &h4[i], NULL, false);
	}
	hopstat_local_loss(hs, 4, flags);
	for (size_t i = 0; i < 4; i++) {
		rh[i].hs = &hs[i];
		rh[i].local_loss = flags[i];
	}
}

static void
view(struct tr_report_view *v, bool numeric)
{
	memset(v, 0, sizeof(*v));
	v->start = "2026-01-02T03:04:05+0000";
	v->local = "lab";
	v->numeric = numeric;
	v->hops = rh;
	v->nhops = 4;
	v->rounds = v->cycles = 4;
	v->interval = 1.0;
	v->reached = true;
}

static char *
table(const struct tr_report_view *v)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(fp);
	tr_report_print(fp, v);
	fclose(fp);
	return buf;
}

START_TEST(table_text)
{
	struct tr_report_view v;
	char *t;

	make_hops();
	view(&v, true);
	t = table(&v);
	ck_assert_str_eq(t,
	    "Start: 2026-01-02T03:04:05+0000\n"
	    "HOST: lab                     Loss%    Snt   Last    Avg   Best   Wrst  StDev\n"
	    "  1.|-- 198.18.0.2             0.0%      4    2.0    2.0    1.0    3.0    0.8\n"
	    "  2.|-- 198.18.1.2            50.0%?     4   12.0   11.0   10.0   12.0    1.4\n"
	    "  3.|-- ???                  100.0%?     4      -      -      -      -      -\n"
	    "  4.|-- 198.18.3.2             0.0%      4    6.0    5.8    5.0    7.0    1.0\n"
	    "    |   198.18.3.2                     3/4    6.0    5.3    5.0    6.0    0.6\n"
	    "    |   198.18.9.2                     1/4    7.0    7.0    7.0    7.0    0.0\n"
	    "?  a later hop lost less: this router limited or deprioritized its own\n"
	    "   answers (ICMP rate limit); no forwarded traffic was lost here\n"
	    "N/M  the answers from that address of the hop's M probes (a hop answered\n"
	    "     from several addresses: load balancing or a route change)\n");
	free(t);
}
END_TEST

START_TEST(table_names)
{
	struct tr_report_view v;
	char *t;

	make_hops();
	rh[0].name[0] = "r1.lab";
	rh[1].name[0] = "ev\033[2Jil";
	rh[3].name[1] = "";		/* no name: the address alone */
	view(&v, false);
	v.interrupted = true;
	t = table(&v);
	ck_assert_ptr_nonnull(strstr(t, "  1.|-- r1.lab (198.18.0.2) "));
	ck_assert_ptr_nonnull(strstr(t, "  2.|-- ev\\x1b[2Jil (198.18.1.2) "));
	ck_assert_ptr_nonnull(strstr(t, "    |   198.18.9.2 "));
	ck_assert_ptr_null(strchr(t, '\033'));
	ck_assert_ptr_nonnull(strstr(t, "\n(interrupted: the rounds done so "
	    "far)\n"));
	/* -n: addresses only */
	view(&v, true);
	free(t);
	t = table(&v);
	ck_assert_ptr_null(strstr(t, "r1.lab"));
	free(t);
}
END_TEST

START_TEST(json_doc)
{
	struct tr_report_view v;
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	struct json j;

	make_hops();
	rh[1].name[0] = "ev\"\\il\xff";
	view(&v, false);
	json_init(&j, fp, 0);
	json_obj(&j);
	tr_report_json(&j, &v);
	json_obj_end(&j);
	ck_assert_int_eq(json_finish(&j), 0);
	fclose(fp);
	ck_assert_str_eq(buf, "{\"report\":{\"cycles\":4,\"rounds\":4,"
	    "\"interval_s\":1.000,\"start\":\"2026-01-02T03:04:05+0000\"},"
	    "\"hops\":["
	    "{\"ttl\":1,\"loss_pct\":0.0,\"sent\":4,\"received\":4,"
	    "\"last_ms\":2.000,\"avg_ms\":2.000,\"best_ms\":1.000,"
	    "\"worst_ms\":3.000,\"stdev_ms\":0.816,\"local_loss\":false,"
	    "\"reached\":false,\"addresses\":[{\"address\":\"198.18.0.2\","
	    "\"name\":null,\"received\":4,\"last_ms\":2.000,\"avg_ms\":2.000,"
	    "\"best_ms\":1.000,\"worst_ms\":3.000,\"stdev_ms\":0.816,"
	    "\"annotation\":null}]},"
	    "{\"ttl\":2,\"loss_pct\":50.0,\"sent\":4,\"received\":2,"
	    "\"last_ms\":12.000,\"avg_ms\":11.000,\"best_ms\":10.000,"
	    "\"worst_ms\":12.000,\"stdev_ms\":1.414,\"local_loss\":true,"
	    "\"reached\":false,\"addresses\":[{\"address\":\"198.18.1.2\","
	    "\"name\":\"ev\\\"\\\\il\\ufffd\",\"received\":2,"
	    "\"last_ms\":12.000,\"avg_ms\":11.000,\"best_ms\":10.000,"
	    "\"worst_ms\":12.000,\"stdev_ms\":1.414,\"annotation\":null}]},"
	    "{\"ttl\":3,\"loss_pct\":100.0,\"sent\":4,\"received\":0,"
	    "\"last_ms\":null,\"avg_ms\":null,\"best_ms\":null,"
	    "\"worst_ms\":null,\"stdev_ms\":null,\"local_loss\":true,"
	    "\"reached\":false,\"addresses\":[]},"
	    "{\"ttl\":4,\"loss_pct\":0.0,\"sent\":4,\"received\":4,"
	    "\"last_ms\":6.000,\"avg_ms\":5.750,\"best_ms\":5.000,"
	    "\"worst_ms\":7.000,\"stdev_ms\":0.957,\"local_loss\":false,"
	    "\"reached\":false,\"addresses\":["
	    "{\"address\":\"198.18.3.2\",\"name\":null,\"received\":3,"
	    "\"last_ms\":6.000,\"avg_ms\":5.333,\"best_ms\":5.000,"
	    "\"worst_ms\":6.000,\"stdev_ms\":0.577,\"annotation\":null},"
	    "{\"address\":\"198.18.9.2\",\"name\":null,\"received\":1,"
	    "\"last_ms\":7.000,\"avg_ms\":7.000,\"best_ms\":7.000,"
	    "\"worst_ms\":7.000,\"stdev_ms\":0.000,\"annotation\":null}]}"
	    "]}\n");
	free(buf);
}
END_TEST

START_TEST(ms_one_decimal)
{
	char b[32];

	tr_report_ms1(0, b, sizeof(b));
	ck_assert_str_eq(b, "0.0");
	tr_report_ms1(49999, b, sizeof(b));
	ck_assert_str_eq(b, "0.0");
	tr_report_ms1(50000, b, sizeof(b));
	ck_assert_str_eq(b, "0.1");
	tr_report_ms1(123456789, b, sizeof(b));
	ck_assert_str_eq(b, "123.5");
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("tr_report");
	TCase *tc = tcase_create("tr_report");

	tcase_add_test(tc, table_text);
	tcase_add_test(tc, table_names);
	tcase_add_test(tc, json_doc);
	tcase_add_test(tc, ms_one_decimal);
	suite_add_tcase(s, tc);
	return unit_run(s, CK_FORK_GETENV);
}
