/*
 * tr_sched.c: the pure traceroute scheduler (see tr_sched.h): hop x query
 * grid, in-flight window, send wait, adaptive timeouts and stop rules.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include "trace_sched.h"

size_t
trace_sched_nprobes(const struct trace_sched_cfg *cfg)
{
	return (size_t)cfg->max_ttl * cfg->nqueries;
}

bool
trace_sched_init(struct trace_sched *s, const struct trace_sched_cfg *cfg,
    struct trace_probe *storage, size_t n)
{
	memset(s, 0, sizeof(*s));
	if (cfg->first_ttl < 1 || cfg->first_ttl > cfg->max_ttl ||
	    cfg->max_ttl > 255 || cfg->nqueries < 1 || cfg->window < 1 ||
	    cfg->wait_max_ns < 0 || cfg->sendwait_ns < 0 ||
	    cfg->round_ns < 0 || cfg->gap0_ns < 0 || cfg->wait_floor_ns < 0 ||
	    cfg->here < 0 || cfg->near < 0 || n < trace_sched_nprobes(cfg))
		return false;
	s->cfg = *cfg;
	s->p = storage;
	s->n = trace_sched_nprobes(cfg);
	memset(storage, 0, s->n * sizeof(*storage));
	s->start = (size_t)(cfg->first_ttl - 1) * cfg->nqueries;
	s->end = s->n;
	return true;
}

static int64_t
rtt_of(const struct trace_probe *p)
{
	return p->st == TRACE_P_DONE && p->t_recv > p->t_sent ?
	    p->t_recv - p->t_sent : -1;
}

static int64_t
scaled(int64_t rtt, double factor, int64_t max)
{
	double v = (double)(rtt + TRACE_SCHED_PREC_NS) * factor;

	return v < (double)max ? (int64_t)v : max;
}

/* HERE: the first answer from the same hop. */
static int64_t
rtt_here(const struct trace_sched *s, size_t idx)
{
	size_t q = s->cfg.nqueries, h0 = idx - idx % q;

	for (size_t i = h0; i < h0 + q; i++)
		if (rtt_of(&s->p[i]) >= 0)
			return rtt_of(&s->p[i]);
	return -1;
}

/* NEAR: the first answer of a later probe (2.1.2: forward in order). */
static int64_t
rtt_near(const struct trace_sched *s, size_t idx)
{
	for (size_t i = idx + 1; i < s->n && s->p[i].st != TRACE_P_IDLE; i++)
		if (rtt_of(&s->p[i]) >= 0)
			return rtt_of(&s->p[i]);
	return -1;
}

/* FAR: the largest RTT of any earlier hop. */
static int64_t
rtt_far(const struct trace_sched *s, size_t idx)
{
	size_t h0 = idx - idx % s->cfg.nqueries;
	int64_t best = -1;

	for (size_t i = 0; i < h0; i++)
		if (rtt_of(&s->p[i]) > best)
			best = rtt_of(&s->p[i]);
	return best;
}

static int64_t
adaptive_timeout(const struct trace_sched *s, size_t idx)
{
	const struct trace_sched_cfg *c = &s->cfg;
	int64_t r;

	if (c->here > 0 && (r = rtt_here(s, idx)) >= 0)
		return scaled(r, c->here, c->wait_max_ns);
	if (c->near > 0 && (r = rtt_near(s, idx)) >= 0)
		return scaled(r, c->near, c->wait_max_ns);
	return c->wait_max_ns;
}

int64_t
trace_sched_timeout(const struct trace_sched *s, size_t idx)
{
	const struct trace_sched_cfg *c = &s->cfg;
	int64_t t = adaptive_timeout(s, idx);

	if (t < c->wait_floor_ns)
		t = c->wait_floor_ns < c->wait_max_ns ? c->wait_floor_ns :
		    c->wait_max_ns;
	return t;
}

int64_t
trace_sched_park_after(const struct trace_sched *s, size_t idx)
{
	const struct trace_sched_cfg *c = &s->cfg;
	int64_t r, floor = c->wait_max_ns / TRACE_SCHED_FAR_FLOOR_DIV;

	if (c->no_park || c->near <= 0 ||
	    trace_sched_timeout(s, idx) < c->wait_max_ns ||
	    (r = rtt_far(s, idx)) < 0)
		return -1;
	r = scaled(r, c->near, c->wait_max_ns);
	return r > floor ? r : floor;
}

/* Give up the probes whose wait is over, park those without evidence. */
static void
expire_due(struct trace_sched *s, int64_t now)
{
	for (size_t i = s->start; i < s->end; i++) {
		struct trace_probe *p = &s->p[i];
		int64_t park;

		if (p->st != TRACE_P_SENT && p->st != TRACE_P_PARKED)
			continue;
		if (now - p->t_sent >= trace_sched_timeout(s, i)) {
			if (p->st == TRACE_P_SENT)
				s->inflight--;
			p->st = TRACE_P_EXPIRED;
		} else if (p->st == TRACE_P_SENT &&
		    (park = trace_sched_park_after(s, i)) >= 0 &&
		    now - p->t_sent >= park) {
			p->st = TRACE_P_PARKED;
			s->inflight--;
		}
	}
}

static bool
hop_complete(const struct trace_sched *s, size_t h0, bool *answered,
    bool *final)
{
	*answered = *final = false;
	for (size_t i = h0; i < h0 + s->cfg.nqueries; i++) {
		if (s->p[i].st != TRACE_P_DONE && s->p[i].st != TRACE_P_EXPIRED)
			return false;
		if (s->p[i].st == TRACE_P_DONE)
			*answered = true;
		if (s->p[i].final)
			*final = true;
	}
	return true;
}

/* Release the hop at start if complete; true if it did. */
static bool
release_hop(struct trace_sched *s, struct trace_sched_out *out)
{
	size_t q = s->cfg.nqueries;
	bool answered, final;

	if (s->start >= s->end || !hop_complete(s, s->start, &answered, &final))
		return false;
	out->what = TRACE_SCHED_HOP;
	out->idx = s->start;
	out->ttl = (unsigned)(s->start / q + 1);
	s->silent_run = answered ? 0 : s->silent_run + 1;
	s->start += q;
	if (final || s->start >= s->end || out->ttl >= s->cfg.max_ttl ||
	    (s->cfg.gap_limit > 0 && s->silent_run >= s->cfg.gap_limit))
		s->over = true;
	return true;
}

/*
 * When idle probe i may be sent with rounds: INT64_MIN at once, INT64_MAX
 * not before the probe it waits for is sent.
 */
static int64_t
due_at(const struct trace_sched *s, size_t i)
{
	const struct trace_sched_cfg *c = &s->cfg;
	size_t q = c->nqueries;
	const struct trace_probe *prev;

	if (c->round_ns <= 0)
		return INT64_MIN;
	if (i % q != 0) {
		prev = &s->p[i - 1];
		return prev->st == TRACE_P_IDLE ? INT64_MAX :
		    prev->t_sent + c->round_ns;
	}
	if (c->gap0_ns <= 0 || i / q + 1 <= c->first_ttl)
		return INT64_MIN;
	/* the first round walks out hop by hop: the next hop goes when
	 * this one answered (a router, not the end), else after gap0 */
	prev = &s->p[i - q];
	if (prev->st == TRACE_P_IDLE)
		return INT64_MAX;
	if (prev->st == TRACE_P_DONE)
		return INT64_MIN;
	return prev->t_sent + c->gap0_ns;
}

/* The first probe that may be sent at now; *due the earliest time one
 * that may not yet becomes due (INT64_MAX: none). */
static size_t
first_idle(const struct trace_sched *s, int64_t now, int64_t *due)
{
	*due = INT64_MAX;
	for (size_t i = s->start; i < s->end; i++) {
		int64_t t;

		if (s->p[i].st != TRACE_P_IDLE)
			continue;
		if ((t = due_at(s, i)) <= now)
			return i;
		if (t < *due)
			*due = t;
	}
	return s->end;
}

/* The next moment a probe expires or is parked. */
static int64_t
earliest_expiry(const struct trace_sched *s)
{
	int64_t wake = INT64_MAX;

	for (size_t i = s->start; i < s->end; i++) {
		const struct trace_probe *p = &s->p[i];
		int64_t t, park;

		if (p->st != TRACE_P_SENT && p->st != TRACE_P_PARKED)
			continue;
		t = p->t_sent + trace_sched_timeout(s, i);
		if (p->st == TRACE_P_SENT &&
		    (park = trace_sched_park_after(s, i)) >= 0 &&
		    p->t_sent + park < t)
			t = p->t_sent + park;
		if (t < wake)
			wake = t;
	}
	return wake;
}

enum trace_sched_what
trace_sched_next(struct trace_sched *s, int64_t now, struct trace_sched_out *out)
{
	int64_t due_next;
	size_t i;

	memset(out, 0, sizeof(*out));
	if (s->over || s->start >= s->end)
		return out->what = TRACE_SCHED_END;
	expire_due(s, now);
	if (release_hop(s, out))
		return TRACE_SCHED_HOP;
	out->wake = earliest_expiry(s);
	i = first_idle(s, now, &due_next);
	if (s->inflight < s->cfg.window && due_next < out->wake)
		out->wake = due_next;
	if (i < s->end && s->inflight < s->cfg.window) {
		int64_t due = s->last_send + s->cfg.sendwait_ns;

		if (!s->sent_any || s->cfg.sendwait_ns == 0 || now >= due) {
			s->p[i].st = TRACE_P_SENT;
			s->p[i].t_sent = now;
			s->inflight++;
			s->last_send = now;
			s->sent_any = true;
			out->what = TRACE_SCHED_SEND;
			out->idx = i;
			out->ttl = (unsigned)(i / s->cfg.nqueries + 1);
			out->query = (unsigned)(i % s->cfg.nqueries);
			return TRACE_SCHED_SEND;
		}
		if (due < out->wake)
			out->wake = due;
	}
	return out->what = TRACE_SCHED_WAIT;
}

void
trace_sched_sent_at(struct trace_sched *s, size_t idx, int64_t t)
{
	if (idx < s->n && s->p[idx].st == TRACE_P_SENT) {
		s->p[idx].t_sent = t;
		if (t > s->last_send)
			s->last_send = t;
	}
}

/* A final answer at hop h: nothing after h is sent or waited for. */
static void
cut_after(struct trace_sched *s, size_t idx)
{
	size_t q = s->cfg.nqueries, end = (idx / q + 1) * q;

	if (end >= s->end)
		return;
	for (size_t i = end; i < s->end; i++) {
		if (s->p[i].st == TRACE_P_SENT)
			s->inflight--;
		s->p[i].st = TRACE_P_IDLE;
	}
	s->end = end;
}

enum trace_sched_rc
trace_sched_reply(struct trace_sched *s, size_t idx, int64_t t_recv, bool final)
{
	struct trace_probe *p;

	if (idx >= s->n)
		return TRACE_REPLY_REFUSED;
	p = &s->p[idx];
	if (idx < s->start)
		return p->st == TRACE_P_EXPIRED ? TRACE_REPLY_LATE :
		    TRACE_REPLY_REFUSED;
	if (idx >= s->end || (p->st != TRACE_P_SENT && p->st != TRACE_P_PARKED &&
	    p->st != TRACE_P_EXPIRED))
		return TRACE_REPLY_REFUSED;
	/* an expired probe whose hop is not printed yet still counts: the
	 * answer is shown, and its RTT lengthens the waits that follow */
	if (p->st == TRACE_P_SENT)
		s->inflight--;
	p->st = TRACE_P_DONE;
	p->t_recv = t_recv;
	p->final = final;
	if (final)
		cut_after(s, idx);
	return TRACE_REPLY_TAKEN;
}

void
trace_sched_stop(struct trace_sched *s)
{
	s->over = true;
}

void
trace_sched_resend(struct trace_sched *s, size_t idx)
{
	if (idx < s->end && s->p[idx].st == TRACE_P_SENT) {
		s->p[idx].st = TRACE_P_IDLE;
		s->inflight--;
	}
}

const struct trace_probe *
trace_sched_probe(const struct trace_sched *s, size_t idx)
{
	return idx < s->n ? &s->p[idx] : NULL;
}
