/*
 * tr_sched.h: the traceroute scheduler, pure. It owns the hop x query grid
 * (probe index = (ttl - 1) * nqueries + query) and decides, from the time
 * it is given and the replies it is told about, which probe to send next,
 * which probes have waited long enough, when a hop's line is complete and
 * when the trace is over. No sockets, no clock, no printing: the caller
 * feeds (now, event) and gets "send this", "hop K is complete", "wake me
 * at T" or "the trace is over".
 *
 * Waiting follows traceroute 2.1.2's MAX,HERE,NEAR exactly: a probe waits
 * at most MAX; HERE times the RTT of an answer from the same hop, else
 * NEAR times the RTT of an answer from a later probe, shorten that wait;
 * nothing else does. For speed a probe with no such evidence (beyond
 * every hop that has answered: a destination that never answers, or a
 * slow one) is parked after FAR = NEAR times the largest RTT seen, but not
 * less than MAX/25: it leaves the in-flight window, so the next probes go
 * out, but it is still waited for until MAX and its hop is not printed
 * before (so a destination 2 s away is shown, as 2.1.2 shows it). An
 * answer that comes after its probe's wait but before its hop is printed
 * is still taken (and its RTT feeds the waits of the later hops); one for
 * a hop already printed is reported as late.
 */
#ifndef ICMPTOOLS_TRACE_SCHED_H
#define ICMPTOOLS_TRACE_SCHED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Added to an RTT before scaling, as 2.1.2 (DEF_WAIT_PREC): the same
 * answers expire at the same point as there. */
#define TRACE_SCHED_PREC_NS	INT64_C(1000000)
/* A probe without evidence is parked after at least MAX / this. */
#define TRACE_SCHED_FAR_FLOOR_DIV	25

enum tr_probe_state {
	TRACE_P_IDLE = 0,		/* not sent (yet) */
	TRACE_P_SENT,		/* in flight */
	TRACE_P_PARKED,		/* still waited for, out of the window */
	TRACE_P_DONE,		/* answered */
	TRACE_P_EXPIRED,		/* no answer in time: printed as '*' */
};

struct trace_probe {
	enum tr_probe_state st;
	int64_t		 t_sent;	/* monotonic ns */
	int64_t		 t_recv;
	bool		 final;		/* the answer ends the trace */
};

struct trace_sched_cfg {
	unsigned	 first_ttl;	/* >= 1 */
	unsigned	 max_ttl;	/* >= first_ttl, <= 255 */
	unsigned	 nqueries;	/* >= 1 */
	unsigned	 window;	/* probes in flight at most (-N), >= 1 */
	int64_t		 sendwait_ns;	/* -z: gap between two sends */
	int64_t		 wait_max_ns;	/* -w MAX */
	double		 here, near;	/* -w factors, 0 = off */
	unsigned	 gap_limit;	/* stop after N silent hops, 0 = off */
	bool		 no_park;	/* every probe keeps its place in the
					 * window until answered or expired
					 * (one at a time: a probe's socket or
					 * identity lives only that long) */
	/* Rounds (see trace_cfg): query k of a hop is sent no earlier than
	 * round_ns after its query k - 1; query 0 of a hop no earlier than
	 * gap0_ns after the hop before's query 0, or as soon as that one is
	 * answered. 0: off (every probe may go at once). */
	int64_t		 round_ns;
	int64_t		 gap0_ns;
	int64_t		 wait_floor_ns;	/* no wait shorter (HERE, NEAR),
					 * MAX still the longest */
};

struct trace_sched {
	struct trace_sched_cfg cfg;
	struct trace_probe	*p;		/* caller's, max_ttl * nqueries */
	size_t		 n;
	size_t		 start;		/* first probe of the next hop to
					 * release */
	size_t		 end;		/* no probe at or after it is sent */
	size_t		 inflight;	/* SENT (the window) */
	int64_t		 last_send;
	bool		 sent_any;
	unsigned	 silent_run;	/* consecutive released silent hops */
	bool		 over;
};

enum trace_sched_what {
	TRACE_SCHED_SEND,		/* send probe idx (ttl, query) now */
	TRACE_SCHED_HOP,		/* hop ttl is complete: print it */
	TRACE_SCHED_WAIT,		/* nothing to do before `wake` */
	TRACE_SCHED_END,		/* the trace is over */
};

struct trace_sched_out {
	enum trace_sched_what what;
	size_t		 idx;		/* SEND: probe; HOP: its first probe */
	unsigned	 ttl;		/* SEND, HOP */
	unsigned	 query;		/* SEND: 0 .. nqueries-1 */
	int64_t		 wake;		/* WAIT: absolute monotonic ns */
};

/* Storage needed: cfg->max_ttl * cfg->nqueries probes. */
size_t	trace_sched_nprobes(const struct trace_sched_cfg *cfg);
/* Set up over caller storage (n >= trace_sched_nprobes); false if invalid. */
bool	trace_sched_init(struct trace_sched *s, const struct trace_sched_cfg *cfg,
	    struct trace_probe *storage, size_t n);
/*
 * The next thing to do at time now. Expires probes that waited long
 * enough, releases complete hops strictly in order, then hands out sends
 * (a SEND marks the probe in flight, sent at now). Call again until it
 * answers WAIT or END.
 */
enum trace_sched_what trace_sched_next(struct trace_sched *s, int64_t now,
	    struct trace_sched_out *out);
/* Correct the send time of probe idx (the kernel's or the real one). */
void	trace_sched_sent_at(struct trace_sched *s, size_t idx, int64_t t);
enum trace_sched_rc {
	TRACE_REPLY_TAKEN,		/* recorded: shown on its hop */
	TRACE_REPLY_LATE,		/* its hop is printed already */
	TRACE_REPLY_REFUSED,	/* never sent, answered already, or beyond
				 * the end of the trace */
};
/*
 * Probe idx was answered at t_recv; final when the answer ends the trace
 * (destination reached, or unreachable). Only TAKEN changes anything.
 */
enum trace_sched_rc trace_sched_reply(struct trace_sched *s, size_t idx,
	    int64_t t_recv, bool final);
/* End the trace now: the next trace_sched_next() says END. */
void	trace_sched_stop(struct trace_sched *s);
/* Put a probe in flight back to be sent again (--mtu, send failure). */
void	trace_sched_resend(struct trace_sched *s, size_t idx);
/* The wait currently applied to probe idx (ns after its send): MAX, or
 * shortened by HERE / NEAR evidence. */
int64_t	trace_sched_timeout(const struct trace_sched *s, size_t idx);
/* When probe idx leaves the window without evidence (ns after its send),
 * or -1 (it has evidence, or parking is off: NEAR 0). */
int64_t	trace_sched_park_after(const struct trace_sched *s, size_t idx);
const struct trace_probe *trace_sched_probe(const struct trace_sched *s, size_t idx);

#endif
