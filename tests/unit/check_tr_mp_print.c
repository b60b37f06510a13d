/*
 * check_tr_mp_print.c: traceroute --multipath's printer (tr_mp_print.c)
 * over a discovery fed scripted answers (a 2-way diamond, a per-packet
 * one, a silent hop): the exact lines for people, the JSON object's
 * fields and links, and names from outside escaped in both (a name with
 * a quote, a newline, an escape sequence and a backslash). No sockets.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mda.h"
#include "tr_mp_print.h"
#include "unit.h"
#include "unit_addr.h"

/* Who answers flow at ttl: r1, then a or b by the flow's parity (or at
 * random: per-packet), then c (silent with silent_c), then d. */
struct net {
	bool		 per_packet;
	bool		 silent_c;
	unsigned	 n;
};

static const char *
who(struct net *nt, const struct mda_probe *p, enum mda_reply *r)
{
	*r = MDA_ROUTER;
	switch (p->ttl) {
	case 1:
		return "198.18.0.2";
	case 2:
		return ((nt->per_packet ? nt->n++ * 7 / 3 : p->flow) & 1) ?
		    "198.18.2.2" : "198.18.1.2";
	case 3:
		return nt->silent_c ? NULL : "198.18.3.2";
	default:
		*r = MDA_DEST;
		return "198.18.5.2";
	}
}

static struct mda *
discover(struct net *nt)
{
	struct mda_cfg c = { 0.95, 1, 30, 0, 3, 1000, false };
	char err[64];
	struct mda *m = mda_new(&c, err, sizeof(err));
	struct mda_probe p;
	enum mda_next w;

	ck_assert_ptr_nonnull(m);
	while ((w = mda_next(m, &p)) != MDA_DONE) {
		enum mda_reply r;
		const char *s;
		struct addr a;

		ck_assert(w == MDA_SEND);
		s = who(nt, &p, &r);
		if (s == NULL) {
			mda_reply(m, p.token, MDA_TIMEOUT, NULL);
			continue;
		}
		a = unit_a(s);
		mda_reply(m, p.token, r, &a);
	}
	return m;
}

static int
names(void *ctx, const struct addr *a, char *buf, size_t len)
{
	char t[ADDR_STRLEN];

	(void)ctx;
	addr_ntop(a, t, sizeof(t));
	if (strcmp(t, "198.18.0.2") == 0) {
		snprintf(buf, len, "r1.lab");
		return 0;
	}
	if (strcmp(t, "198.18.3.2") == 0) {
		snprintf(buf, len, "ev\"il\n\033[2J\\c");
		return 0;
	}
	return -1;
}

static char *
print(const struct mda *m, bool json, bool numeric)
{
	static struct addr dst;
	struct tr_mp_print_cfg c;
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(fp);
	dst = unit_a("198.18.5.2");
	memset(&c, 0, sizeof(c));
	c.numeric = numeric;
	c.json = json;
	c.utf8 = true;
	c.host = "d.lab";
	c.raw_host = "d.lab";
	c.dst = &dst;
	c.max_ttl = 30;
	c.pktlen = 60;
	c.method = "default";
	c.confidence = 0.95;
	c.name = names;
	fclose((tr_mp_print(fp, &c, m), fp));
	return buf;
}

START_TEST(text_diamond)
{
	struct net nt = { false, false, 0 };
	struct mda *m = discover(&nt);
	char *t = print(m, false, false), want[256];

	ck_assert_msg(strstr(t, "traceroute to d.lab (198.18.5.2), 30 hops "
	    "max, 60 byte packets\n 1  r1.lab (198.18.0.2) -> 198.18.1.2 "
	    "198.18.2.2\n 2  198.18.1.2 -> 198.18.3.2\n    198.18.2.2 -> "
	    "198.18.3.2\n 3  ev\"il\\x0a\\x1b[2J\\\\c (198.18.3.2) -> "
	    "198.18.5.2\n 4  198.18.5.2 (destination)\n") == t, "%s", t);
	snprintf(want, sizeof(want), "multipath: %u probes sent, confidence "
	    "reached 96.5%% (asked 95%%)\n", mda_probes_sent(m));
	ck_assert_msg(strstr(t, want) != NULL, "%s", t);
	free(t);
	t = print(m, false, true);
	ck_assert(strstr(t, " 1  198.18.0.2 -> ") != NULL);
	ck_assert(strstr(t, "r1.lab") == NULL);
	free(t);
	mda_free(m);
}
END_TEST

START_TEST(text_per_packet_and_silent)
{
	struct net nt = { true, true, 0 };
	struct mda *m = discover(&nt);
	char *t = print(m, false, true);

	ck_assert_msg(strstr(t, " 2  198.18.1.2 -> ?\n    198.18.2.2 -> ?\n"
	    "    per-packet load balancing: a flow was answered from more "
	    "than one interface, no links inferred past this hop\n 3  *\n"
	    " 4  198.18.5.2 (destination)\n") != NULL, "%s", t);
	free(t);
	mda_free(m);
}
END_TEST

START_TEST(json_graph)
{
	struct net nt = { false, false, 0 };
	struct mda *m = discover(&nt);
	char *t = print(m, true, false), want[256];

	ck_assert_msg(strncmp(t, "{\"multipath\":{\"host\":\"d.lab\","
	    "\"destination\":\"198.18.5.2\",\"method\":\"default\","
	    "\"max_hops\":30,\"packet_len\":60,\"confidence\":0.95,", 112) == 0,
	    "%s", t);
	snprintf(want, sizeof(want), "\"probes_sent\":%u,\"reached\":true,",
	    mda_probes_sent(m));
	ck_assert(strstr(t, want) != NULL);
	ck_assert(strstr(t, "{\"addr\":\"198.18.0.2\",\"name\":\"r1.lab\","
	    "\"flows\":6,\"destination\":false,\"terminal\":false}") != NULL);
	/* esc.h's text, then JSON's escapes: valid JSON, no control byte */
	ck_assert_msg(strstr(t, "\"name\":\"ev\\\"il\\\\x0a\\\\x1b[2J"
	    "\\\\\\\\c\"") != NULL, "%s", t);
	for (const char *p = t; *p != '\0'; p++)
		ck_assert(*p == '\n' ? p[1] == '\0' : (unsigned char)*p >= 0x20);
	ck_assert(strstr(t, "\"links\":[{\"ttl\":1,\"from\":\"198.18.0.2\","
	    "\"to\":\"198.18.1.2\",") != NULL);
	ck_assert(strstr(t, "{\"ttl\":3,\"from\":\"198.18.3.2\","
	    "\"to\":\"198.18.5.2\",") != NULL);
	ck_assert(strstr(t, "\"ttl\":4,\"probes\":1,\"silent\":false,") !=
	    NULL);
	ck_assert(strcmp(t + strlen(t) - 4, "]}}\n") == 0);
	free(t);
	mda_free(m);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("tr_mp_print");
	TCase *tc = tcase_create("print");

	tcase_add_test(tc, text_diamond);
	tcase_add_test(tc, text_per_packet_and_silent);
	tcase_add_test(tc, json_graph);
	suite_add_tcase(s, tc);
	return unit_run(s, CK_FORK_GETENV);
}
