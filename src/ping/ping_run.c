/*
 * ping_run.c: the ping session (see ping_run.h). Each loop turn follows
 * mtr-packet's order: drain what was received (kernel timestamps), check
 * the end conditions (count, deadline, linger), then send what is due, then
 * sleep in loop_wait() until the next answer, signal or due time.
 *
 * Requests are numbered by transmit index n = 1, 2, ...; the wire sequence
 * is n mod 65536 (iputils prints icmp_seq=1 first). A reply's sequence maps
 * back to the most recent index with that sequence, so wrap never confuses
 * accounting; the seqmap bit of a sequence is cleared when it is sent again,
 * so wrap never yields a false duplicate.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <netdb.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <linux/errqueue.h>	/* SO_EE_ORIGIN_LOCAL (needs time.h) */

#include "build.h"
#include "cksum.h"
#include "clock.h"
#include "esc.h"
#include "exitcodes.h"
#include "icmpnames.h"
#include "ipopt.h"
#include "loop.h"
#include "match.h"
#include "nodeinfo.h"
#include "parse.h"
#include "ping_json.h"
#include "ping_print.h"
#include "ping_run.h"
#include "rd.h"
#include "resolve.h"
#include "stats.h"

#define PKT_CAP		(65536 + 128)
#define MININTERVAL_NS	(10 * NS_PER_MS)	/* iputils' MININTERVAL */
#define NAME_LEN	(ESC_MAXGROW * NI_MAXHOST + ADDR_STRLEN + 4)

struct run {
	const struct ping_run_cfg *c;
	const struct ping_opts *o;
	struct ping_print_cfg pc;
	struct build_key key;
	uint16_t	 id;
	struct match_spec spec;		/* what our requests are */
	bool		 ni;		/* -N: Node Information queries */
	bool		 timing;	/* replies can give an RTT */
	bool		 tty;
	uint8_t		*pkt, *rbuf, *payload;
	size_t		 tmpl_len;	/* echo template in pkt (seq 0,
					 * stamp zero), 0: build each time */
	uint16_t	 tmpl_sum;	/* its folded ones'-complement sum */
	struct clock_stamp *t_sent;	/* per sequence */
	uint8_t		(*stamps)[BUILD_STAMP_LEN];	/* per sequence: the
					 * stamp sent (time + MAC) */
	struct seqmap	 seen;		/* replied to (duplicates) */
	struct seqmap	 settled;	/* refused by an error: with `seen`,
					 * each request counts once for -c */
	uint64_t	 sent, received, dups, errors;
	uint64_t	 nsettled;	/* requests settled */
	unsigned	 took;		/* reads handed to take() */
	struct sock_rxq	 rxq;		/* where and to whom reads go */
	uint64_t	 acked;		/* newest transmit index answered */
	uint64_t	 send_limit;	/* -c without -w, else UINT64_MAX */
	unsigned	 pipe;
	struct stats_rtt rtt;
	int64_t		 ewma_ns, tmax_ns;
	int64_t		 interval_ns;
	int64_t		 start, last_send, exit_at, deadline_at;
	struct addr	 name_addr;	/* reverse lookup cache (last one) */
	char		 name[NAME_LEN];
	struct addr	 jname_addr;	/* -j's cache: the raw name */
	bool		 jname_set;
	char		 jname[NI_MAXHOST];
	struct ipopt_info last_rr;
	bool		 have_rr;
};

/* ---- accounting ---- */

static uint64_t
in_flight(const struct run *r)
{
	return r->sent > r->acked ? r->sent - r->acked : 0;
}

static void
acknowledge(struct run *r, uint64_t idx)
{
	if (idx > r->acked)
		r->acked = idx;
	if (r->sent - idx + 1 > r->pipe)
		r->pipe = (unsigned)(r->sent - idx + 1);
}

static void
add_rtt(struct run *r, int64_t rtt)
{
	if (rtt < 0)
		rtt = 0;
	stats_rtt_add(&r->rtt, rtt);
	if (rtt > r->tmax_ns)
		r->tmax_ns = rtt;
	/* iputils' ewma: new = old + (rtt - old) / 8 */
	r->ewma_ns = r->rtt.n == 1 ? rtt : r->ewma_ns + (rtt - r->ewma_ns) / 8;
	if (r->o->adaptive) {
		int64_t iv = (r->ewma_ns + NS_PER_MS / 2) / NS_PER_MS *
		    NS_PER_MS;
		int64_t min = PING_USER_MIN_INTERVAL_MS * NS_PER_MS;

		r->interval_ns = !r->o->privileged && iv < min ? min : iv;
	}
}

/* ---- printing helpers ---- */

static const char *
from_text(struct run *r, const struct addr *a)
{
	char num[ADDR_STRLEN], name[NI_MAXHOST];
	char safe[ESC_MAXGROW * NI_MAXHOST];

	if (r->name[0] != '\0' && addr_eq(a, &r->name_addr))
		return r->name;
	addr_ntop(a, num, sizeof(num));
	/* a name from the resolver is outside text: escaped once, here */
	if (!r->c->numeric && resolve_name(a, name, sizeof(name)) == 0) {
		esc_str(name, r->c->utf8, safe, sizeof(safe));
		snprintf(r->name, sizeof(r->name), "%s (%s)", safe, num);
	} else
		snprintf(r->name, sizeof(r->name), "%s", num);
	r->name_addr = *a;
	return r->name;
}

/* -j: a's reverse name as the resolver gave it (json.c escapes it), NULL
 * if none or -n. */
static const char *
raw_name(struct run *r, const struct addr *a)
{
	if (r->c->numeric)
		return NULL;
	if (!r->jname_set || !addr_eq(a, &r->jname_addr)) {
		if (resolve_name(a, r->jname, sizeof(r->jname)) != 0)
			r->jname[0] = '\0';
		r->jname_addr = *a;
		r->jname_set = true;
	}
	return r->jname[0] != '\0' ? r->jname : NULL;
}

static void
emit(struct run *r, struct ping_event *ev)
{
	if (r->o->print_time)
		ev->wall_ns = clock_real_ns();
	ping_print_event(r->c->out, &r->pc, ev);
	if (!r->o->flood)
		fflush(r->c->out);
}

static void
summary(const struct run *r, struct ping_summary *s)
{
	memset(s, 0, sizeof(*s));
	s->host = r->c->host;
	s->raw_host = r->c->raw_host;
	s->dst = &r->c->dst;
	s->sent = r->sent;
	s->received = r->received;
	s->dups = r->dups;
	s->errors = r->errors;
	s->elapsed_ns = r->sent > 0 ? r->last_send - r->start : 0;
	s->rtt = r->timing ? &r->rtt : NULL;
	s->pipe = r->pipe;
	s->ipg = r->interval_ns == 0 || r->o->flood || r->o->adaptive;
	s->ewma_ns = r->ewma_ns;
}

/* ---- receiving ---- */

/* IPv4 options of a reply: RR / TS to show (raw sockets only). */
static const struct ipopt_info *
reply_opts(struct run *r, const struct icmp_reply *rep,
    struct ipopt_info *info, bool *same)
{
	*same = false;
	if (rep->ipopt == NULL || rep->ipoptlen == 0 ||
	    ipopt_parse(rep->ipopt, rep->ipoptlen, info) != IPOPT_OK ||
	    (!info->has_rr && !info->has_ts))
		return NULL;
	if (info->has_rr) {
		if (r->have_rr && !r->o->flood &&
		    info->rr_n == r->last_rr.rr_n &&
		    memcmp(info->rr, r->last_rr.rr, sizeof(info->rr)) == 0)
			*same = true;
		r->last_rr = *info;
		r->have_rr = true;
	}
	return info;
}

/* 16 bytes equal: two 8-byte loads (memcmp would be a library call) */
static bool
same_stamp(const uint8_t *a, const uint8_t *b)
{
	uint64_t a0, a1, b0, b1;

	memcpy(&a0, a, 8);
	memcpy(&a1, a + 8, 8);
	memcpy(&b0, b, 8);
	memcpy(&b1, b + 8, 8);
	return ((a0 ^ b0) | (a1 ^ b1)) == 0;
}

/* The round trip of seq's request: on the kernel's receive stamp, or with
 * -U from user space to user space (iputils' "user-to-user latency"). */
static inline int64_t
rtt_of(const struct run *r, uint16_t seq, const struct rx *rx)
{
	return clock_rtt_ns(&r->t_sent[seq], rx->t_rx, r->o->user_latency ?
	    -1 : rx->t_kernel);
}

static void
echo_checks(struct run *r, const struct icmp_reply *rep,
    const struct rx *rx, struct ping_event *ev, bool fill)
{
	const struct ping_opts *o = r->o;
	size_t n = rep->datalen < o->size ? rep->datalen : o->size;
	size_t from = o->size >= BUILD_STAMP_LEN ? BUILD_STAMP_LEN : 0;
	int64_t t;

	/* the stamp we sent for this sequence, byte for byte: authentic
	 * (we computed its MAC when sending); anything else is checked in
	 * full (an older request of the same number after a wrap, or a
	 * forgery) */
	if (r->timing && r->stamps != NULL && rep->datalen >= BUILD_STAMP_LEN &&
	    same_stamp(rep->data, r->stamps[rep->seq])) {
		ev->has_rtt = true;
		ev->rtt_ns = rtt_of(r, rep->seq, rx);
	} else if (r->timing) {
		switch (build_check_stamp(&r->key, (struct build_echo_id){
		    r->id, rep->seq }, rep->data, rep->datalen, &t)) {
		case BUILD_STAMP_OK:
			/* only the monotonic send time is in the packet */
			ev->has_rtt = true;
			ev->rtt_ns = rx->t_rx > t ? rx->t_rx - t : 0;
			break;
		case BUILD_STAMP_FORGED:
			ev->forged = true;
			break;
		case BUILD_STAMP_NONE:
			break;
		}
	}
	/* the template holds the fill we sent: compare it at memcmp speed,
	 * look for the first wrong byte only when something differs */
	if (!fill)	/* nothing would show it (-q, -f), as iputils */
		return;
	if (r->tmpl_len == 0 || n <= from ||
	    memcmp(rep->data + from, r->payload + from, n - from) != 0)
		ev->bad_byte = build_check_fill(o->patlen ? o->pattern : NULL,
		    o->patlen, rep->data, n);
	if (ev->bad_byte >= 0) {
		size_t i = (size_t)ev->bad_byte;

		ev->bad_want = o->patlen ? o->pattern[i % o->patlen] :
		    (uint8_t)i;
		ev->data = rep->data;
		ev->datalen = n;
		ev->dump_from = from;
	}
}

/* -N: the reply's names or addresses as iputils prints them; the whole
 * message counts as its bytes (iputils). */
static void
ni_line(struct run *r, const struct rx *rx, struct ping_event *ev)
{
	struct ni_reply nr;
	char text[8192];

	if (nodeinfo_parse_reply(rx->buf, rx->len, &nr) != NI_OK)
		return;
	nodeinfo_reply_text(&nr, r->c->utf8, text, sizeof(text));
	ev->ni_text = text;
	ev->bytes = rx->len;
	emit(r, ev);
}

/* A reply's line (or JSON object, or flood mark). */
static void
show_reply(struct run *r, const struct icmp_reply *rep, const struct rx *rx,
    struct ping_event *ev)
{
	struct ipopt_info info;

	if (ev->has_rtt && ev->rtt_ns < 0)
		ev->rtt_ns = 0;
	ev->kind = PING_EV_REPLY;
	ev->type = r->o->type;
	ev->seq = rep->seq;
	ev->ident = r->id;
	/* timestamp and mask replies have fixed sizes (RFC 792, 950) */
	ev->bytes = r->o->type == PING_TYPE_TSTAMP ? 20 : r->o->type ==
	    PING_TYPE_MASK ? 12 : BUILD_ICMP_HDRLEN + rep->datalen;
	ev->ttl = rep->has_iphdr ? rep->ttl : rx->ttl;
	ev->ts_orig = rep->ts_orig;
	ev->ts_recv = rep->ts_recv;
	ev->ts_xmit = rep->ts_xmit;
	ev->mask = rep->mask;
	if (r->pc.json) {
		ev->src = &rep->src;
		ev->name = raw_name(r, &rep->src);
		if (r->ni)
			ni_line(r, rx, ev);
		else
			emit(r, ev);
		return;
	}
	if (r->o->flood) {
		emit(r, ev);
		return;
	}
	ev->opts = reply_opts(r, rep, &info, &ev->same_route);
	ev->from = from_text(r, &rep->src);
	if (r->ni) {
		ni_line(r, rx, ev);
		return;
	}
	emit(r, ev);
}

static void
on_reply(struct run *r, const struct icmp_reply *rep, const struct rx *rx)
{
	struct ping_event ev;
	uint64_t idx = match_seq_index(r->sent, rep->seq);
	bool show = !r->pc.quiet;

	if (idx == 0)
		return;
	/* quiet: only the accounting fields are used */
	if (show)
		memset(&ev, 0, sizeof(ev));
	ev.has_rtt = ev.forged = false;
	ev.bad_byte = -1;
	ev.dup = seqmap_answer(&r->seen, rep->seq);
	/* settled by an error before? (only errors mark `settled`) */
	if (!ev.dup && (r->errors == 0 ||
	    !seqmap_test(&r->settled, rep->seq)))
		r->nsettled++;
	acknowledge(r, idx);
	if (r->o->type == PING_TYPE_ECHO && !r->ni)
		echo_checks(r, rep, rx, &ev, show && !r->o->flood);
	else {
		ev.has_rtt = true;
		ev.rtt_ns = rtt_of(r, rep->seq, rx);
	}
	if (ev.dup)
		r->dups++;
	else
		r->received++;
	if (ev.has_rtt)
		add_rtt(r, ev.rtt_ns);
	if (show)
		show_reply(r, rep, rx, &ev);
}

/* An ICMP error quoting one of our requests. */
static void
on_error(struct run *r, const struct icmp_reply *rep,
    const struct match_key *k)
{
	struct ping_event ev;
	char text[128];
	uint64_t idx;

	if ((idx = match_seq_index(r->sent, (uint16_t)k->ident)) == 0)
		return;
	if (icmpnames_ping_text(rep, text, sizeof(text)) < 0)
		text[sizeof(text) - 1] = '\0';
	memset(&ev, 0, sizeof(ev));
	ev.seq = (uint16_t)k->ident;
	ev.text = text;
	ev.icmp_type = rep->type;
	ev.icmp_code = rep->code;
	ev.bad_byte = -1;
	if (k->advice) {
		/* advice, not a lost request (iputils) */
		ev.kind = PING_EV_NOTE;
	} else {
		ev.kind = PING_EV_ERROR;
		r->errors++;
		/* copies of an error (or one after the reply) are shown and
		 * counted as errors, but never end a -c run early */
		if (!seqmap_test(&r->seen, ev.seq) &&
		    !seqmap_answer(&r->settled, ev.seq))
			r->nsettled++;
		acknowledge(r, idx);
	}
	if (r->pc.json && !r->pc.quiet) {
		ev.src = &rep->src;
		ev.name = raw_name(r, &rep->src);
	} else
		ev.from = r->o->flood || r->pc.quiet ? "" :
		    from_text(r, &rep->src);
	emit(r, &ev);
}

/* A local error's line for people, on stderr (with -j too: its object
 * goes to stdout). */
static void
local_text(struct run *r, const struct ping_event *ev)
{
	struct ping_print_cfg pc = r->pc;

	pc.json = false;
	fflush(r->c->out);
	ping_print_event(r->c->err, &pc, ev);
}

static void
on_local(struct run *r, const struct rx *rx)
{
	struct ping_event ev;
	char text[96];

	if (rx->err.err == EMSGSIZE)
		snprintf(text, sizeof(text), "message too long, mtu=%u",
		    (unsigned)rx->err.info);
	else
		snprintf(text, sizeof(text), "%s", strerror(rx->err.err));
	memset(&ev, 0, sizeof(ev));
	ev.kind = PING_EV_LOCAL;
	ev.text = text;
	ev.bad_byte = -1;
	/* one per refused send: nothing from the network can repeat it */
	r->errors++;
	r->nsettled++;
	if (r->o->flood)
		emit(r, &ev);
	else if (!r->pc.quiet) {
		local_text(r, &ev);
		if (r->pc.json)
			emit(r, &ev);
	}
}

/* What the socket returned, through the one attribution path. */
static void
handle(struct run *r, const struct rx *rx)
{
	struct icmp_reply rep;
	struct match_key k;

	if (rx->is_err && rx->err.origin == SO_EE_ORIGIN_LOCAL) {
		on_local(r, rx);
		return;
	}
	if (match_parse(r->c->s, rx, &rep) != PARSE_OK ||
	    !match_key_of(&r->spec, &rep, &k))
		return;
	/* a ping socket's reply: its IPv4 options came as a cmsg */
	if (rep.ipopt == NULL && rx->ipoptlen > 0) {
		rep.ipopt = rx->ipopt;
		rep.ipoptlen = rx->ipoptlen;
	}
	if (k.error)
		on_error(r, &rep, &k);
	else {
		/* a Node Information reply's sequence is in its nonce */
		if (r->ni)
			rep.seq = (uint16_t)k.ident;
		on_reply(r, &rep, rx);
	}
}

/* sock_drain's callback: one datagram or record; false stops a flood's
 * drain when nothing is left to wait for (go and send). */
static bool
take(void *ctx, const struct rx *rx)
{
	struct run *r = ctx;

	r->took++;
	handle(r, rx);
	return !(r->interval_ns == 0 && in_flight(r) == 0);
}

/* Read what is queued. A speculative drain (right after a flood send:
 * on a fast path the answer is usually there already) leaves the error
 * queue alone; returns the datagrams read. */
static int
drain(struct run *r, bool speculative)
{
	return sock_drain(r->c->s, &r->rxq, SOCK_DRAIN_DATA |
	    (speculative ? 0 : SOCK_DRAIN_ERRQ_IDLE), 256);
}

/* Read one error-queue record (the reason a send failed); true if one
 * was there. */
static bool
recv_errq(struct run *r)
{
	r->took = 0;
	(void)sock_drain(r->c->s, &r->rxq, SOCK_DRAIN_ERRQ, 1);
	return r->took > 0;
}

/* ---- sending ---- */

/*
 * Echo requests differ only in sequence and stamp: the request is built
 * once by build_echo() with both zero, and each send writes them in and
 * updates the checksum by adding their words (RFC 1624, eqn. 3, the old
 * words being zero) instead of summing the whole datagram again.
 */
static void
echo_template(struct run *r)
{
	const struct ping_opts *o = r->o;
	struct rd rd;
	uint16_t ck = 0;
	size_t stamp = o->size >= BUILD_STAMP_LEN ? BUILD_STAMP_LEN : 0;

	build_payload(&r->key, &(struct build_stamp_in){ 0, { r->id, 0 },
	    { o->patlen ? o->pattern : NULL, o->patlen } }, r->payload,
	    o->size);
	memset(r->payload, 0, stamp);
	if (stamp > 0 && (r->stamps = malloc(65536 *
	    sizeof(*r->stamps))) == NULL)
		return;
	r->tmpl_len = build_echo(r->c->s->af, (struct build_echo_id){ r->id,
	    0 }, (struct build_bytes){ r->payload, o->size }, r->pkt, PKT_CAP);
	rd = rd_make(r->pkt, r->tmpl_len);
	if (r->tmpl_len == 0 || !rd_skip(&rd, 2) || !rd_be16(&rd, &ck))
		r->tmpl_len = 0;
	r->tmpl_sum = (uint16_t)~ck;
}

static size_t
patch_echo(struct run *r, uint16_t seq, int64_t now)
{
	uint8_t stamp[BUILD_STAMP_LEN];
	size_t n = r->o->size >= BUILD_STAMP_LEN ? BUILD_STAMP_LEN : 0;
	struct wr w = wr_make(r->pkt + 6, 2 + n);
	/* the template's sum plus the new words: seq (bytes 6-7, even
	 * offset) and the stamp (from byte 8) */
	struct cksum c = { .sum = (uint64_t)r->tmpl_sum + seq, .odd = false };

	if (n > 0) {
		build_payload(&r->key, &(struct build_stamp_in){ now,
		    { r->id, seq }, { NULL, 0 } }, stamp, BUILD_STAMP_LEN);
		memcpy(r->stamps[seq], stamp, BUILD_STAMP_LEN);
	}
	if (!wr_be16(&w, seq) || !wr_bytes(&w, stamp, n))
		return 0;
	/* ICMPv6: the kernel computes the checksum */
	if (r->c->s->af == AF_INET) {
		cksum_add(&c, stamp, n);
		wr_put_be16(r->pkt + 2, cksum_final(&c));
	}
	return r->tmpl_len;
}

static size_t
build_request(struct run *r, uint16_t seq, int64_t now)
{
	const struct ping_opts *o = r->o;
	uint8_t nonce[NI_NONCE_LEN];
	uint32_t ms;

	if (r->ni) {
		nodeinfo_nonce(&r->key, seq, nonce);
		return nodeinfo_build_query(&o->ni, &r->c->dst, nonce, r->pkt,
		    PKT_CAP);
	}
	switch (o->type) {
	case PING_TYPE_TSTAMP:
		ms = (uint32_t)(clock_real_ns() / NS_PER_MS % BUILD_MS_PER_DAY);
		return build_tstamp(r->id, seq, ms, r->pkt, PKT_CAP);
	case PING_TYPE_MASK:
		return build_mask(r->id, seq, r->pkt, PKT_CAP);
	case PING_TYPE_ECHO:
		break;
	}
	if (r->tmpl_len > 0)
		return patch_echo(r, seq, now);
	build_payload(&r->key, &(struct build_stamp_in){ now, { r->id, seq },
	    { o->patlen ? o->pattern : NULL, o->patlen } }, r->payload,
	    o->size);
	return build_echo(r->c->s->af, (struct build_echo_id){ r->id, seq },
	    (struct build_bytes){ r->payload, o->size }, r->pkt, PKT_CAP);
}

/* -j: a send that failed with no error-queue record, as a local error. */
static void
send_failed(struct run *r, int e)
{
	struct ping_event ev;
	char text[96];

	snprintf(text, sizeof(text), "sendmsg: %s", strerror(e));
	memset(&ev, 0, sizeof(ev));
	ev.kind = PING_EV_LOCAL;
	ev.text = text;
	ev.bad_byte = -1;
	emit(r, &ev);
}

/* Send one request stamped now. Returns 1 sent (or failed for good:
 * counted, as iputils), 0 to retry later (buffers full), -1 on a build
 * failure. */
static int
send_one(struct run *r, int64_t now)
{
	struct ping_event ev;
	uint16_t seq = (uint16_t)(r->sent + 1);
	size_t len;
	ssize_t n;

	if (r->o->outstanding && r->sent > 0 && r->acked < r->sent &&
	    !r->pc.quiet) {
		memset(&ev, 0, sizeof(ev));
		ev.kind = PING_EV_NOANSWER;
		ev.seq = (uint16_t)r->sent;
		emit(r, &ev);
	}
	if ((len = build_request(r, seq, now)) == 0)
		return -1;
	/* the wall clock last, right before the send: the kernel stamps
	 * the reply on it (clock_rtt_ns) */
	r->t_sent[seq].mono = now;
	r->t_sent[seq].real = clock_real_ns();
	n = sock_send(r->c->s, r->pkt, len, &r->c->dst, 0);
	if (n < 0 && (errno == ENOBUFS || errno == ENOMEM ||
	    errno == EAGAIN))
		return 0;
	seqmap_sent(&r->seen, seq);
	if (r->errors > 0)	/* `settled` is marked by errors only */
		seqmap_sent(&r->settled, seq);
	r->sent++;
	r->last_send = now;
	if (n >= 0) {
		if (r->o->flood && !r->pc.quiet) {
			memset(&ev, 0, sizeof(ev));
			ev.kind = PING_EV_SENT;
			emit(r, &ev);
		}
	} else {
		int e = errno;

		/* the error queue says more (EMSGSIZE: the MTU) */
		if (!recv_errq(r) && !r->pc.quiet) {
			fflush(r->c->out);
			ping_print_send_error(r->c->err, e);
			if (r->pc.json)
				send_failed(r, e);
		}
	}
	return 1;
}

/* All requests sent: -c reached (without -w, which keeps sending). */
static bool
all_sent(const struct run *r)
{
	return r->sent >= r->send_limit;
}

/* When the next request is due (monotonic ns), or -1: no more. */
static int64_t
next_due(const struct run *r)
{
	const struct ping_opts *o = r->o;

	if (all_sent(r))
		return -1;
	if (r->sent < o->preload)
		return r->start;
	if (r->interval_ns == 0) {
		if (in_flight(r) < o->preload)
			return r->last_send;
		return r->last_send + MININTERVAL_NS;
	}
	return r->last_send + r->interval_ns;
}

/* ---- the loop ---- */

static bool
finished(struct run *r, int64_t now)
{
	const struct ping_opts *o = r->o;

	if (o->count && r->nsettled >= o->count)
		return true;
	if (o->deadline_ns && (r->errors || now >= r->deadline_at))
		return true;
	if (r->exit_at < 0 && r->sent > 0 && all_sent(r)) {
		/* all sent: linger 2 x the worst RTT (at least an interval),
		 * or -W when nothing came back (iputils) */
		int64_t w = r->received ? 2 * r->tmax_ns : o->timeout_ns;

		if (r->received && w < r->interval_ns)
			w = r->interval_ns;
		r->exit_at = r->last_send + w;
	}
	return r->exit_at >= 0 && now >= r->exit_at;
}

static int64_t
wake_time(const struct run *r, int64_t due)
{
	int64_t w = due;

	if (r->exit_at >= 0 && (w < 0 || r->exit_at < w))
		w = r->exit_at;
	if (r->o->deadline_ns && (w < 0 || r->deadline_at < w))
		w = r->deadline_at;
	return w;
}

static int
loop(struct run *r)
{
	struct ping_summary s;
	int fd = r->c->s->fd;
	int64_t now, due;
	unsigned sigs = 0, turns = 0;
	bool readable = false, speculative = false, sent;

	for (;;) {
		if (readable && drain(r, speculative) == 0 && speculative)
			readable = false;
		if (sigs & LOOP_SIG_QUIT) {
			summary(r, &s);
			ping_print_status(r->c->err, &s);
		}
		if (sigs & LOOP_SIG_INT)
			break;
		now = clock_mono_ns();
		if (finished(r, now))
			break;
		sent = false;
		while ((due = next_due(r)) >= 0 && due <= now) {
			/* the first send of a turn uses the clock just read */
			if (send_one(r, sent ? clock_mono_ns() : now) <= 0) {
				due = now + MININTERVAL_NS;
				break;
			}
			sent = true;
		}
		/* the last request: done (its send failed for good), or the
		 * linger's end is set */
		if (sent && all_sent(r) && finished(r, r->last_send))
			break;
		if (r->o->flood && r->tty)
			fflush(r->c->out);
		/* flood: look for the answer before sleeping; the signal
		 * pipe is still read every 64 turns */
		speculative = sent && r->interval_ns == 0 && (++turns & 63);
		if (speculative) {
			readable = true;
			sigs = 0;
			continue;
		}
		if (loop_wait(&fd, 1, wake_time(r, due), &readable,
		    &sigs) == -1)
			return -1;
	}
	return 0;
}

/* What our replies and errors look like to the one attribution path. */
static void
match_spec_of(struct run *r, const struct ping_run_cfg *c)
{
	const struct ping_opts *o = c->o;

	r->spec.af = c->s->af;
	r->spec.kind = MATCH_ECHO;
	r->spec.raw = c->s->kind == SOCK_RAW_ICMP;
	r->spec.id = r->id;
	r->spec.dst = c->dst;
	r->spec.req_type = o->type == PING_TYPE_TSTAMP ? BUILD_ICMP4_TSTAMP :
	    o->type == PING_TYPE_MASK ? BUILD_ICMP4_MASKREQ :
	    c->s->af == AF_INET6 ? BUILD_ICMP6_ECHO : BUILD_ICMP4_ECHO;
	r->spec.reply_kind = o->type == PING_TYPE_TSTAMP ?
	    ICMP_KIND_TSTAMP_REPLY : o->type == PING_TYPE_MASK ?
	    ICMP_KIND_MASK_REPLY : ICMP_KIND_ECHO_REPLY;
	/* -N: the keyed nonce names the query, so its send time is ours */
	r->ni = o->nniopt > 0;
	if (r->ni) {
		r->spec.kind = MATCH_NODEINFO;
		r->spec.req_type = NI_TYPE_QUERY;
		r->spec.ni_key = &r->key;
		r->pc.datalen = 0;
	}
}

static int
setup(struct run *r, const struct ping_run_cfg *c, char *err, size_t errlen)
{
	const struct ping_opts *o = c->o;

	memset(r, 0, sizeof(*r));
	r->c = c;
	r->o = o;
	r->pc.quiet = o->quiet;
	r->pc.flood = o->flood;
	r->pc.audible = o->audible;
	r->pc.print_time = o->print_time;
	r->pc.verbose = o->verbose;
	r->pc.multicast = c->multicast;
	r->pc.json = o->json;
	r->pc.datalen = o->type == PING_TYPE_ECHO ? o->size : 0;
	r->pkt = malloc(PKT_CAP);
	r->rbuf = malloc(PKT_CAP);
	r->rxq.buf = r->rbuf;
	r->rxq.slot = PKT_CAP;
	r->rxq.nbuf = 1;
	r->rxq.fn = take;
	r->rxq.ctx = r;
	r->payload = malloc(o->size + 1);
	r->t_sent = calloc(65536, sizeof(*r->t_sent));
	if (r->pkt == NULL || r->rbuf == NULL || r->payload == NULL ||
	    r->t_sent == NULL) {
		snprintf(err, errlen, "memory allocation failed");
		return -1;
	}
	if (build_key_init(&r->key) == -1) {
		snprintf(err, errlen, "getrandom: %s", strerror(errno));
		return -1;
	}
	/* a ping socket's id is the port the kernel gave it */
	r->id = c->s->kind == SOCK_DGRAM_ICMP ? c->s->local_id :
	    o->ident_set ? o->ident :
	    (uint16_t)(r->key.k0 >> 48);	/* keyed: nothing to guess */
	match_spec_of(r, c);
	r->timing = o->type != PING_TYPE_ECHO || o->size >= BUILD_STAMP_LEN ||
	    r->ni;
	r->tty = isatty(fileno(c->out));
	r->interval_ns = o->interval_ns;
	r->send_limit = o->count && !o->deadline_ns ? o->count : UINT64_MAX;
	seqmap_init(&r->seen);
	seqmap_init(&r->settled);
	stats_rtt_init(&r->rtt);
	r->exit_at = -1;
	if (o->type == PING_TYPE_ECHO && !r->ni)
		echo_template(r);
	return 0;
}

static void
header(struct run *r)
{
	const struct ping_opts *o = r->o;
	struct ping_header h;

	if (r->pc.json)		/* -j: replies and the summary only */
		return;
	memset(&h, 0, sizeof(h));
	h.af = r->c->s->af;
	h.type = o->type;
	h.host = r->c->host;
	h.addr = r->c->dst_text;
	h.source = r->c->source_text;
	h.device = o->device;
	h.datalen = o->type == PING_TYPE_TSTAMP ? 12 : o->type ==
	    PING_TYPE_MASK ? 4 : o->size;
	h.ipoptlen = ping_opts_ipoptlen(o);
	h.pattern = o->patlen ? o->pattern : NULL;
	h.patlen = o->patlen;
	ping_print_header(r->c->out, &r->pc, &h);
	fflush(r->c->out);
}

int
ping_run(const struct ping_run_cfg *c, char *err, size_t errlen)
{
	struct ping_summary s;
	struct run r;
	int rc = EXIT_ERROR;

	if (setup(&r, c, err, errlen) == -1)
		goto out;
	if (loop_init(err, errlen) == -1)
		goto out;
	header(&r);
	/* iputils refuses a user's too short interval after its header */
	if (ping_opts_refusal(c->o) != NULL) {
		snprintf(err, errlen, "%s", ping_opts_refusal(c->o));
		goto out;
	}
	r.start = clock_mono_ns();
	r.deadline_at = r.start + c->o->deadline_ns;
	if (loop(&r) == -1) {
		snprintf(err, errlen, "poll: %s", strerror(errno));
		goto out;
	}
	summary(&r, &s);
	if (r.pc.json)
		ping_json_summary(c->out, &s);
	else
		ping_print_summary(c->out, &s);
	fflush(c->out);
	rc = r.received == 0 || (c->o->deadline_ns && r.received <
	    c->o->count) ? EXIT_NOREPLY : EXIT_OK;
out:
	free(r.pkt);
	free(r.rbuf);
	free(r.payload);
	free(r.t_sent);
	free(r.stamps);
	return rc;
}
