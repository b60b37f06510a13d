/*
 * check_tr_sched.c: the pure traceroute scheduler under a fake clock and
 * scripted replies: hops released strictly in order, adaptive waits
 * (HERE, NEAR; parking without evidence), slow destinations and hops,
 * silent hops, the gap limit, the stop at the
 * destination, the in-flight window and the send wait. No sockets.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "trace_sched.h"
#include "unit.h"

#define MS	INT64_C(1000000)
#define SEC	INT64_C(1000000000)

/* A scripted network: rtt_ms[ttl] < 0 means silent; final_ttl answers
 * final; order: reply times are t_sent + rtt. */
struct net {
	double		 rtt_ms[256];
	unsigned	 final_ttl;	/* 0: none */
	unsigned	 final_from;	/* every ttl from it is final, 0: none */
	unsigned	 drop_query;	/* ttl*16+q+1 of one dropped probe */
};

struct run {
	unsigned	 hops[256];	/* released ttls in order */
	int64_t		 t_hop[256];	/* when each was released */
	size_t		 nhops;
	unsigned	 sent_ttl_max;
	size_t		 nsent;
	size_t		 max_inflight;
	int64_t		 t_end;
	int64_t		 send_times[1024];
	struct trace_probe	 probes[2560];
	struct trace_sched	 s;
};

static void
simulate(const struct trace_sched_cfg *cfg, const struct net *net,
    struct run *r)
{
	int64_t now = 0, due[2560];
	size_t inflight = 0, n = trace_sched_nprobes(cfg);
	struct trace_sched_out out;

	memset(r, 0, sizeof(*r));
	for (size_t i = 0; i < n; i++)
		due[i] = -1;
	ck_assert(trace_sched_init(&r->s, cfg, r->probes, 2560));
	for (int guard = 0; guard < 100000; guard++) {
		/* deliver replies due now */
		for (size_t i = 0; i < n; i++) {
			if (due[i] >= 0 && due[i] <= now) {
				unsigned ttl = (unsigned)(i / cfg->nqueries + 1);

				trace_sched_reply(&r->s, i, due[i],
				    ttl == net->final_ttl ||
				    (net->final_from > 0 &&
				    ttl >= net->final_from));
				due[i] = -1;
			}
		}
		switch (trace_sched_next(&r->s, now, &out)) {
		case TRACE_SCHED_SEND: {
			double rtt = net->rtt_ms[out.ttl];
			unsigned key = out.ttl * 16 + out.query + 1;

			if (r->nsent < 1024)
				r->send_times[r->nsent] = now;
			r->nsent++;
			if (out.ttl > r->sent_ttl_max)
				r->sent_ttl_max = out.ttl;
			if (rtt >= 0 && key != net->drop_query)
				due[out.idx] = now + (int64_t)(rtt * MS);
			inflight = r->s.inflight;
			if (inflight > r->max_inflight)
				r->max_inflight = inflight;
			break;
		}
		case TRACE_SCHED_HOP:
			r->t_hop[r->nhops] = now;
			r->hops[r->nhops++] = out.ttl;
			break;
		case TRACE_SCHED_WAIT: {
			int64_t next = out.wake;

			for (size_t i = 0; i < n; i++)
				if (due[i] >= 0 && due[i] < next)
					next = due[i];
			ck_assert_int_ne(next, INT64_MAX);
			ck_assert_int_ge(next, now);
			now = next;
			break;
		}
		case TRACE_SCHED_END:
			r->t_end = now;
			return;
		}
	}
	ck_abort_msg("scheduler did not finish");
}

static struct trace_sched_cfg
defcfg(void)
{
	struct trace_sched_cfg c = {
		.first_ttl = 1, .max_ttl = 30, .nqueries = 3, .window = 16,
		.wait_max_ns = 5 * SEC, .here = 3.0, .near = 10.0,
	};

	return c;
}

static struct net
chain(unsigned hops, double rtt_ms, bool dst_answers)
{
	struct net n;

	memset(&n, 0, sizeof(n));
	for (unsigned i = 0; i < 256; i++)
		n.rtt_ms[i] = i <= hops ? rtt_ms * i : -1;
	n.final_ttl = dst_answers ? hops : 0;
	if (!dst_answers)
		n.rtt_ms[hops] = -1;
	return n;
}

static struct run R;

START_TEST(reaches_destination_and_stops)
{
	struct trace_sched_cfg c = defcfg();
	struct net n = chain(5, 1.0, true);

	simulate(&c, &n, &R);
	ck_assert_uint_eq(R.nhops, 5);
	for (size_t i = 0; i < R.nhops; i++)
		ck_assert_uint_eq(R.hops[i], i + 1);
	/* one window went out before the answer: nothing beyond is waited
	 * for, and the trace ends at the destination's answer time */
	ck_assert_int_le(R.t_end, 5 * MS + MS);
	for (size_t i = 12; i < 15; i++)
		ck_assert_int_eq(R.probes[i].st, TRACE_P_DONE);
}
END_TEST

START_TEST(strict_hop_order)
{
	struct trace_sched_cfg c = defcfg();
	struct net n = chain(6, 1.0, true);

	/* hop 1 is slower than everything after it */
	n.rtt_ms[1] = 40;
	simulate(&c, &n, &R);
	ck_assert_uint_eq(R.nhops, 6);
	for (size_t i = 0; i < R.nhops; i++)
		ck_assert_uint_eq(R.hops[i], i + 1);
}
END_TEST

START_TEST(window_respected)
{
	struct trace_sched_cfg c = defcfg();
	struct net n = chain(30, 1.0, false);

	for (unsigned w = 1; w <= 20; w += 3) {
		c.window = w;
		simulate(&c, &n, &R);
		ck_assert_uint_le(R.max_inflight, w);
		ck_assert_uint_eq(R.nhops, 30);
	}
}
END_TEST

START_TEST(adaptive_here)
{
	struct trace_sched_cfg c = defcfg();
	struct net n = chain(3, 2.0, true);
	struct trace_sched s;
	struct trace_probe p[90];
	struct trace_sched_out out;

	(void)n;
	c.window = 3;
	ck_assert(trace_sched_init(&s, &c, p, 90));
	for (int i = 0; i < 3; i++)
		ck_assert_int_eq(trace_sched_next(&s, 0, &out), TRACE_SCHED_SEND);
	ck_assert_int_eq(trace_sched_timeout(&s, 1), 5 * SEC);
	ck_assert_int_eq(trace_sched_reply(&s, 0, 2 * MS, false),
	    TRACE_REPLY_TAKEN);
	/* HERE: (2 ms + 1 ms) * 3, as 2.1.2 */
	ck_assert_int_eq(trace_sched_timeout(&s, 1), 9 * MS);
	ck_assert_int_eq(trace_sched_next(&s, 2 * MS, &out), TRACE_SCHED_SEND);
	ck_assert_uint_eq(out.ttl, 2);
	ck_assert_int_eq(trace_sched_next(&s, 2 * MS, &out), TRACE_SCHED_WAIT);
	ck_assert_int_eq(out.wake, 9 * MS);
	ck_assert_int_eq(trace_sched_next(&s, 9 * MS, &out), TRACE_SCHED_HOP);
	ck_assert_uint_eq(out.ttl, 1);
	ck_assert_int_eq(p[1].st, TRACE_P_EXPIRED);
	/* an answer for a printed hop is late, a second one refused */
	ck_assert_int_eq(trace_sched_reply(&s, 1, 10 * MS, false),
	    TRACE_REPLY_LATE);
	ck_assert_int_eq(trace_sched_reply(&s, 0, 10 * MS, false),
	    TRACE_REPLY_REFUSED);
}
END_TEST

START_TEST(silent_hop_near)
{
	struct trace_sched_cfg c = defcfg();
	struct net n = chain(5, 1.0, true);

	n.rtt_ms[3] = -1;
	simulate(&c, &n, &R);
	ck_assert_uint_eq(R.nhops, 5);
	for (size_t i = 0; i < 5; i++)
		ck_assert_uint_eq(R.hops[i], i + 1);
	for (size_t i = 6; i < 9; i++)
		ck_assert_int_eq(R.probes[i].st, TRACE_P_EXPIRED);
	/* NEAR: hop 4's 4 ms answer bounds hop 3's wait to 50 ms */
	ck_assert_int_le(R.t_end, 60 * MS);
}
END_TEST

START_TEST(silent_tail_far)
{
	struct trace_sched_cfg c = defcfg();
	struct net n = chain(4, 1.0, false);

	simulate(&c, &n, &R);
	ck_assert_uint_eq(R.nhops, 30);
	/* 81 silent probes: each is parked after MAX/25 (200 ms), so 16
	 * more go out, but waited for the full MAX before its hop is
	 * printed: about 1 s of sending plus 5 s, a quarter of 2.1.2's 5 s
	 * per window of 16 */
	ck_assert_int_le(R.t_end, 7 * SEC);
	for (size_t i = 9; i < 90; i++)
		ck_assert_int_eq(R.probes[i].st, TRACE_P_EXPIRED);
	for (size_t h = 3; h < R.nhops; h++)
		for (size_t q = 0; q < 3; q++)
			ck_assert_int_ge(R.t_hop[h], R.probes[h * 3 + q].t_sent +
			    5 * SEC);
	ck_assert_uint_le(R.max_inflight, 16);
}
END_TEST

START_TEST(late_answer_taken)
{
	struct trace_sched_cfg c = defcfg();
	struct trace_sched s;
	struct trace_probe p[90];
	struct trace_sched_out out;

	c.window = 4;
	ck_assert(trace_sched_init(&s, &c, p, 90));
	for (int i = 0; i < 4; i++)
		ck_assert_int_eq(trace_sched_next(&s, 0, &out), TRACE_SCHED_SEND);
	for (size_t i = 0; i < 3; i++)
		ck_assert_int_eq(trace_sched_reply(&s, i, MS, false),
		    TRACE_REPLY_TAKEN);
	ck_assert_int_eq(trace_sched_next(&s, MS, &out), TRACE_SCHED_HOP);
	for (int i = 0; i < 3; i++)
		ck_assert_int_eq(trace_sched_next(&s, MS, &out), TRACE_SCHED_SEND);
	ck_assert_int_eq(trace_sched_next(&s, MS, &out), TRACE_SCHED_WAIT);
	/* hop 2 has no evidence: it waits MAX, but leaves the window after
	 * FAR = max(10 * 2 ms, MAX / 25) so the next probe goes out */
	ck_assert_int_eq(trace_sched_timeout(&s, 3), 5 * SEC);
	ck_assert_int_eq(trace_sched_park_after(&s, 3), SEC / 5);
	ck_assert_int_eq(trace_sched_next(&s, SEC / 5, &out), TRACE_SCHED_SEND);
	ck_assert_uint_eq(out.idx, 7);
	ck_assert_int_eq(p[3].st, TRACE_P_PARKED);
	/* the answer comes after the park, hop 2 is still open: taken */
	ck_assert_int_eq(trace_sched_reply(&s, 3, SEC / 5 + MS / 2, false),
	    TRACE_REPLY_TAKEN);
	ck_assert_int_eq(p[3].st, TRACE_P_DONE);
	ck_assert_uint_eq(s.inflight, 4);	/* 4, 5, 6 and 7: 3 was out */
	/* and its 200 ms RTT now sets the waits of hop 2 (HERE: x3) */
	ck_assert_int_eq(trace_sched_timeout(&s, 4),
	    3 * SEC / 5 + 4 * MS + MS / 2);
	ck_assert_int_eq(trace_sched_park_after(&s, 4), -1);
	ck_assert_int_eq(trace_sched_reply(&s, 3, SEC, false),
	    TRACE_REPLY_REFUSED);	/* dup */
}
END_TEST

/* A destination 2 s away (beyond MAX/25): its probes are parked, not
 * given up, so it is shown with its RTT and the trace ends there. */
START_TEST(slow_destination_shown)
{
	struct trace_sched_cfg c = defcfg();
	struct net n = chain(8, 0.1, true);

	n.rtt_ms[8] = 2000;
	simulate(&c, &n, &R);
	ck_assert_uint_eq(R.nhops, 8);
	for (size_t i = 21; i < 24; i++)
		ck_assert_int_eq(R.probes[i].st, TRACE_P_DONE);
	ck_assert_int_le(R.t_end, 2100 * MS);
	/* 4.5 s: still within MAX */
	n.rtt_ms[8] = 4500;
	simulate(&c, &n, &R);
	ck_assert_uint_eq(R.nhops, 8);
	ck_assert_int_eq(R.probes[21].st, TRACE_P_DONE);
}
END_TEST

/* One at a time (raw, tcpconn): a probe without evidence is never parked
 * out of the window, so the next one waits until it is answered or
 * expired; a destination 2 s away is still shown. */
START_TEST(one_at_a_time_never_parks)
{
	struct trace_sched_cfg c = defcfg();
	struct trace_sched s;
	struct trace_probe p[90];
	struct trace_sched_out out;
	struct net n = chain(4, 0.1, true);

	c.window = 1;
	c.no_park = true;
	ck_assert(trace_sched_init(&s, &c, p, 90));
	for (size_t i = 0; i < 3; i++) {
		ck_assert_int_eq(trace_sched_next(&s, MS, &out),
		    TRACE_SCHED_SEND);
		ck_assert_int_eq(trace_sched_reply(&s, i, 2 * MS, false),
		    TRACE_REPLY_TAKEN);
	}
	ck_assert_int_eq(trace_sched_next(&s, 2 * MS, &out), TRACE_SCHED_HOP);
	ck_assert_int_eq(trace_sched_next(&s, 2 * MS, &out), TRACE_SCHED_SEND);
	ck_assert_uint_eq(out.idx, 3);
	/* no evidence for hop 2: it keeps the window for all of MAX */
	ck_assert_int_eq(trace_sched_park_after(&s, 3), -1);
	ck_assert_int_eq(trace_sched_next(&s, 2 * SEC, &out), TRACE_SCHED_WAIT);
	ck_assert_int_eq(p[3].st, TRACE_P_SENT);
	s.cfg.no_park = false;		/* else it would leave after 200 ms */
	ck_assert_int_eq(trace_sched_park_after(&s, 3), SEC / 5);
	/* a destination 2 s away: three probes of 2 s, each shown */
	n.rtt_ms[4] = 2000;
	simulate(&c, &n, &R);
	ck_assert_uint_eq(R.nhops, 4);
	for (size_t i = 9; i < 12; i++)
		ck_assert_int_eq(R.probes[i].st, TRACE_P_DONE);
	ck_assert_int_ge(R.t_end, 6 * SEC);
}
END_TEST

/* A middle hop 2 s late while later hops answer at once: NEAR gives up
 * on it (2.1.2 too); with HERE and NEAR off it waits and is shown. */
START_TEST(slow_middle_hop)
{
	struct trace_sched_cfg c = defcfg();
	struct net n = chain(5, 0.1, true);

	n.rtt_ms[2] = 2000;
	simulate(&c, &n, &R);
	ck_assert_uint_eq(R.nhops, 5);
	for (size_t i = 3; i < 6; i++)
		ck_assert_int_eq(R.probes[i].st, TRACE_P_EXPIRED);
	c.here = c.near = 0;
	simulate(&c, &n, &R);
	for (size_t i = 3; i < 6; i++)
		ck_assert_int_eq(R.probes[i].st, TRACE_P_DONE);
}
END_TEST

START_TEST(no_factors_waits_max)
{
	struct trace_sched_cfg c = defcfg();
	struct net n = chain(2, 1.0, false);

	c.here = c.near = 0;
	c.max_ttl = 4;
	c.window = 12;
	simulate(&c, &n, &R);
	ck_assert_uint_eq(R.nhops, 4);
	ck_assert_int_eq(R.t_end, 5 * SEC);
}
END_TEST

START_TEST(gap_limit)
{
	struct trace_sched_cfg c = defcfg();
	struct net n = chain(2, 1.0, false);

	c.gap_limit = 3;
	simulate(&c, &n, &R);
	/* hop 1 answers; hops 2, 3, 4 silent -> stop after hop 4 */
	ck_assert_uint_eq(R.nhops, 4);
	ck_assert_uint_eq(R.hops[3], 4);
}
END_TEST

START_TEST(first_ttl_and_max)
{
	struct trace_sched_cfg c = defcfg();
	struct net n = chain(10, 1.0, true);

	c.first_ttl = 4;
	c.max_ttl = 7;
	simulate(&c, &n, &R);
	ck_assert_uint_eq(R.nhops, 4);
	ck_assert_uint_eq(R.hops[0], 4);
	ck_assert_uint_eq(R.hops[3], 7);
	ck_assert_uint_le(R.sent_ttl_max, 7);
}
END_TEST

START_TEST(sendwait)
{
	struct trace_sched_cfg c = defcfg();
	struct net n = chain(3, 1.0, true);

	c.sendwait_ns = 100 * MS;
	simulate(&c, &n, &R);
	ck_assert_uint_eq(R.nhops, 3);
	for (size_t i = 1; i < R.nsent; i++)
		ck_assert_int_ge(R.send_times[i] - R.send_times[i - 1],
		    100 * MS);
}
END_TEST

START_TEST(final_cuts_later_probes)
{
	struct trace_sched_cfg c = defcfg();
	struct trace_sched s;
	struct trace_probe p[90];
	struct trace_sched_out out;

	ck_assert(trace_sched_init(&s, &c, p, 90));
	for (int i = 0; i < 16; i++)
		ck_assert_int_eq(trace_sched_next(&s, 0, &out), TRACE_SCHED_SEND);
	/* hop 2 final */
	ck_assert_int_eq(trace_sched_reply(&s, 4, MS, true), TRACE_REPLY_TAKEN);
	ck_assert_uint_eq(s.inflight, 5);		/* probes 0-3, 5 */
	/* hop 3: cut */
	ck_assert_int_ne(trace_sched_reply(&s, 7, MS, false), TRACE_REPLY_TAKEN);
	for (int i = 0; i < 6; i++)
		if (i != 4)
			trace_sched_reply(&s, (size_t)i, MS, false);
	ck_assert_int_eq(trace_sched_next(&s, MS, &out), TRACE_SCHED_HOP);
	ck_assert_int_eq(trace_sched_next(&s, MS, &out), TRACE_SCHED_HOP);
	ck_assert_uint_eq(out.ttl, 2);
	ck_assert_int_eq(trace_sched_next(&s, MS, &out), TRACE_SCHED_END);
}
END_TEST

START_TEST(resend)
{
	struct trace_sched_cfg c = defcfg();
	struct trace_sched s;
	struct trace_probe p[90];
	struct trace_sched_out out;

	c.window = 1;
	ck_assert(trace_sched_init(&s, &c, p, 90));
	ck_assert_int_eq(trace_sched_next(&s, 0, &out), TRACE_SCHED_SEND);
	trace_sched_resend(&s, out.idx);
	ck_assert_int_eq(trace_sched_next(&s, 1, &out), TRACE_SCHED_SEND);
	ck_assert_uint_eq(out.idx, 0);
	ck_assert_int_eq(trace_sched_next(&s, 1, &out), TRACE_SCHED_WAIT);
}
END_TEST

START_TEST(bad_config)
{
	struct trace_sched_cfg c = defcfg();
	struct trace_sched s;
	struct trace_probe p[90];

	c.first_ttl = 0;
	ck_assert(!trace_sched_init(&s, &c, p, 90));
	c = defcfg();
	c.window = 0;
	ck_assert(!trace_sched_init(&s, &c, p, 90));
	c = defcfg();
	ck_assert(!trace_sched_init(&s, &c, p, 89));
}
END_TEST

/* Rounds (traceroute --report): one probe per hop per round, a hop's
 * probes round_ns apart, the first round walking out hop by hop. */
static struct trace_sched_cfg
roundcfg(unsigned rounds)
{
	struct trace_sched_cfg c = defcfg();

	c.nqueries = rounds;
	c.round_ns = 1 * SEC;
	c.gap0_ns = 100 * MS;
	return c;
}

/* No hop ever gets two probes less than round_ns apart. */
static void
assert_paced(const struct run *r, unsigned hops, unsigned rounds)
{
	for (unsigned h = 0; h < hops; h++)
		for (unsigned k = 1; k < rounds; k++) {
			const struct trace_probe *a = &r->probes[h * rounds + k - 1];
			const struct trace_probe *b = &r->probes[h * rounds + k];

			ck_assert_int_ne(b->st, TRACE_P_IDLE);
			ck_assert_int_ge(b->t_sent - a->t_sent, 1 * SEC);
		}
}

START_TEST(rounds_paced)
{
	struct trace_sched_cfg c = roundcfg(10);
	struct net n = chain(4, 1.0, true);

	simulate(&c, &n, &R);
	ck_assert_uint_eq(R.nhops, 4);
	assert_paced(&R, 4, 10);
	/* the first round goes on as each hop answers: nothing is sent past
	 * the destination, so its own rate limit is never drained */
	ck_assert_uint_eq(R.sent_ttl_max, 4);
	ck_assert_uint_eq(R.nsent, 40);
	for (unsigned h = 1; h < 4; h++)
		ck_assert_int_eq(R.probes[h * 10].t_sent,
		    R.probes[(h - 1) * 10].t_recv);
	for (size_t i = 0; i < 40; i++)
		ck_assert_int_eq(R.probes[i].st, TRACE_P_DONE);
	/* round 10 of the last hop: 9 s after its first probe */
	ck_assert_int_le(R.t_end, 9 * SEC + 10 * MS);
	ck_assert_int_ge(R.t_end, 9 * SEC);
}
END_TEST

START_TEST(rounds_silent_hop)
{
	struct trace_sched_cfg c = roundcfg(5);
	struct net n = chain(4, 1.0, true);

	n.rtt_ms[2] = -1;
	simulate(&c, &n, &R);
	ck_assert_uint_eq(R.nhops, 4);
	assert_paced(&R, 4, 5);
	/* hop 3's first probe goes gap0 after the silent hop's */
	ck_assert_int_eq(R.probes[10].t_sent - R.probes[5].t_sent, 100 * MS);
	for (size_t i = 5; i < 10; i++)
		ck_assert_int_eq(R.probes[i].st, TRACE_P_EXPIRED);
	for (size_t i = 10; i < 20; i++)
		ck_assert_int_eq(R.probes[i].st, TRACE_P_DONE);
}
END_TEST

/* A lost probe of the last round is waited for at least the floor. */
START_TEST(rounds_wait_floor)
{
	struct trace_sched_cfg c = roundcfg(4);
	struct net n = chain(3, 1.0, true);

	c.wait_floor_ns = 1 * SEC;
	n.drop_query = 3 * 16 + 3 + 1;		/* hop 3, round 4 */
	simulate(&c, &n, &R);
	ck_assert_uint_eq(R.nhops, 3);
	ck_assert_int_eq(R.probes[11].st, TRACE_P_EXPIRED);
	ck_assert_int_ge(R.t_end, R.probes[11].t_sent + 1 * SEC);
	ck_assert_int_le(R.t_end, R.probes[11].t_sent + 1 * SEC + 10 * MS);
	for (size_t i = 0; i < 11; i++)
		ck_assert_int_eq(R.probes[i].st, TRACE_P_DONE);
}
END_TEST

/* The destination lost in round 1 answers from a later TTL; round 2
 * finds it at its own hop, and the hop beyond is dropped. */
START_TEST(rounds_destination_moves_in)
{
	struct trace_sched_cfg c = roundcfg(3);
	struct net n = chain(3, 1.0, true);

	n.final_ttl = 0;
	n.final_from = 3;
	n.drop_query = 3 * 16 + 0 + 1;		/* hop 3, round 1 */
	c.max_ttl = 6;
	/* every probe from TTL 3 on reaches the destination */
	for (unsigned t = 4; t <= 6; t++)
		n.rtt_ms[t] = 3.0;
	simulate(&c, &n, &R);
	ck_assert_uint_eq(R.nhops, 3);
	ck_assert_uint_eq(R.hops[2], 3);
	ck_assert_uint_eq(R.sent_ttl_max, 4);
	ck_assert_int_eq(R.probes[6].st, TRACE_P_EXPIRED);
	ck_assert_int_eq(R.probes[7].st, TRACE_P_DONE);
	ck_assert_int_eq(R.probes[8].st, TRACE_P_DONE);
	assert_paced(&R, 3, 3);
}
END_TEST

START_TEST(wait_floor_bounds)
{
	struct trace_sched_cfg c = defcfg();
	struct trace_sched s;
	struct trace_probe p[90];
	struct trace_sched_out out;

	c.window = 3;
	c.wait_floor_ns = 500 * MS;
	ck_assert(trace_sched_init(&s, &c, p, 90));
	for (int i = 0; i < 3; i++)
		ck_assert_int_eq(trace_sched_next(&s, 0, &out), TRACE_SCHED_SEND);
	ck_assert_int_eq(trace_sched_reply(&s, 0, 2 * MS, false),
	    TRACE_REPLY_TAKEN);
	/* HERE says 9 ms, the floor 500 ms */
	ck_assert_int_eq(trace_sched_timeout(&s, 1), 500 * MS);
	/* a floor above MAX: MAX */
	c.wait_floor_ns = 7 * SEC;
	ck_assert(trace_sched_init(&s, &c, p, 90));
	ck_assert_int_eq(trace_sched_timeout(&s, 1), 5 * SEC);
	c.wait_floor_ns = -1;
	ck_assert(!trace_sched_init(&s, &c, p, 90));
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("tr_sched");
	TCase *tc = tcase_create("sched");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, reaches_destination_and_stops);
	tcase_add_test(tc, strict_hop_order);
	tcase_add_test(tc, window_respected);
	tcase_add_test(tc, adaptive_here);
	tcase_add_test(tc, silent_hop_near);
	tcase_add_test(tc, silent_tail_far);
	tcase_add_test(tc, late_answer_taken);
	tcase_add_test(tc, slow_destination_shown);
	tcase_add_test(tc, slow_middle_hop);
	tcase_add_test(tc, one_at_a_time_never_parks);
	tcase_add_test(tc, no_factors_waits_max);
	tcase_add_test(tc, gap_limit);
	tcase_add_test(tc, first_ttl_and_max);
	tcase_add_test(tc, sendwait);
	tcase_add_test(tc, final_cuts_later_probes);
	tcase_add_test(tc, resend);
	tcase_add_test(tc, bad_config);
	tcase_add_test(tc, rounds_paced);
	tcase_add_test(tc, rounds_silent_hop);
	tcase_add_test(tc, rounds_wait_floor);
	tcase_add_test(tc, rounds_destination_moves_in);
	tcase_add_test(tc, wait_floor_bounds);
	suite_add_tcase(s, tc);
	return unit_run(s, CK_FORK_GETENV);
}
