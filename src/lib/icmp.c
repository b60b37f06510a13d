/*
 * icmp.c: the public API (see icmp.h) over sock.c, build.c, parse.c and
 * match.c. One handle owns one socket, one echo id, a per-run payload key
 * and a small table of probes in flight (slot = seq mod ICMP_SLOTS).
 */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <netinet/in.h>
#include <linux/errqueue.h>

#include "build.h"
#include "clock.h"
#include "icmp.h"
#include "icmpnames.h"
#include "match.h"
#include "parse.h"
#include "sock.h"

#define ICMP_SLOTS	64
#define ICMP_PKTCAP	(BUILD_ICMP_HDRLEN + ICMP_MAX_DATALEN)
#define ICMP_RXCAP	4096
#define ICMP_KEY_F	(MATCH_F_ID | MATCH_F_SEQ | MATCH_F_DST)

struct icmp_handle {
	struct sock		 s;
	struct build_key	 key;
	uint16_t		 id;	/* echo id the replies carry */
	struct match_table	 mt;
	struct match_slot	 slots[ICMP_SLOTS];
	uint32_t		 index[2 * ICMP_SLOTS];
	int64_t			 t_real[ICMP_SLOTS];	/* CLOCK_REALTIME
						 * send time per slot */
	uint8_t			 pay[ICMP_MAX_DATALEN];
	uint8_t			 pkt[ICMP_PKTCAP];
	uint8_t			 rbuf[ICMP_RXCAP];
};

static int
icmp_proto(int af)
{
	return af == AF_INET6 ? IPPROTO_ICMPV6 : IPPROTO_ICMP;
}

struct icmp_handle *
icmp_open(int af, char *err, size_t errlen)
{
	struct icmp_handle *h;
	struct sock_opts o;

	if (af != AF_INET && af != AF_INET6) {
		snprintf(err, errlen, "icmp_open: %s", strerror(EAFNOSUPPORT));
		errno = EAFNOSUPPORT;
		return NULL;
	}
	if ((h = calloc(1, sizeof(*h))) == NULL) {
		snprintf(err, errlen, "icmp_open: %s", strerror(errno));
		return NULL;
	}
	if (build_key_init(&h->key) == -1) {
		snprintf(err, errlen, "getrandom: %s", strerror(errno));
		free(h);
		return NULL;
	}
	memset(&o, 0, sizeof(o));
	o.af = af;
	o.proto = icmp_proto(af);
	o.pref = SOCK_PREF_ANY;
	o.tos = -1;
	o.pmtudisc = -1;
	/* raw sockets see ICMP errors in full on the normal queue; sock.c
	 * turns the error queue on for ping sockets, their only way */
	o.recverr = false;
	o.echo_filter = true;
	if (sock_open(&h->s, &o, err, errlen) == -1) {
		free(h);
		return NULL;
	}
	/* a ping socket's id is its port; a raw one's is ours to pick */
	h->id = h->s.kind == SOCK_DGRAM_ICMP ? h->s.local_id :
	    (uint16_t)(h->key.k0 >> 48);
	match_init(&h->mt, h->slots, h->index, ICMP_SLOTS);
	return h;
}

int
icmp_fd(const struct icmp_handle *h)
{
	return h->s.fd;
}

bool
icmp_is_raw(const struct icmp_handle *h)
{
	return h->s.kind == SOCK_RAW_ICMP;
}

int
icmp_set_ttl(struct icmp_handle *h, int ttl)
{
	if (ttl < 1 || ttl > 255) {
		errno = EINVAL;
		return -1;
	}
	return sock_set_ttl(&h->s, ttl);
}

int
icmp_send_echo(struct icmp_handle *h, const struct addr *dst,
    uint16_t seq, size_t datalen)
{
	struct match_key k;
	size_t slot = seq % ICMP_SLOTS, len;
	int64_t t;

	if (dst->af != h->s.af || datalen > ICMP_MAX_DATALEN) {
		errno = dst->af != h->s.af ? EAFNOSUPPORT : EINVAL;
		return -1;
	}
	t = clock_mono_ns();
	build_payload(&h->key, t, h->id, seq, NULL, 0, h->pay, datalen);
	len = build_echo(h->s.af, h->id, seq, h->pay, datalen, h->pkt,
	    sizeof(h->pkt));
	if (len == 0) {
		errno = EINVAL;
		return -1;
	}
	memset(&k, 0, sizeof(k));
	k.af = h->s.af;
	k.proto = (uint8_t)icmp_proto(h->s.af);
	k.fields = ICMP_KEY_F;
	k.dst = *dst;
	k.id = h->id;
	k.seq = seq;
	match_add(&h->mt, slot, &k, t);
	h->t_real[slot] = clock_real_ns();
	if (sock_send(&h->s, h->pkt, len, dst, 0) == -1) {
		match_remove(&h->mt, slot);
		return -1;
	}
	return 0;
}

/* rx -> reply; false if it is not something we could be waiting for. */
static bool
parse_rx(struct icmp_handle *h, const struct rx *rx, struct icmp_reply *rep)
{
	bool iphdr = h->s.af == AF_INET && h->s.kind == SOCK_RAW_ICMP;

	if (rx->is_err) {
		/* local errors (origin LOCAL) are no answer from the net */
		if (rx->err.origin != SO_EE_ORIGIN_ICMP &&
		    rx->err.origin != SO_EE_ORIGIN_ICMP6)
			return false;
		return parse_errqueue(&rx->err, rx->buf, rx->len, rep) ==
		    PARSE_OK;
	}
	if (parse_reply(h->s.af, iphdr, rx->buf, rx->len, rep) != PARSE_OK)
		return false;
	if (!iphdr)
		rep->src = rx->from;
	return rep->kind == ICMP_KIND_ECHO_REPLY ||
	    parse_kind_is_error(rep->kind);
}

/* The in-flight slot rep answers, or MATCH_NOT_OURS (counted). */
static long
find_slot(struct icmp_handle *h, const struct icmp_reply *rep)
{
	struct match_key pat;
	long slot;
	int64_t t;

	memset(&pat, 0, sizeof(pat));
	pat.af = h->s.af;
	pat.proto = (uint8_t)icmp_proto(h->s.af);
	/* errors from the error queue quote the destination too (the
	 * read's msg_name): a ping socket queues them by id alone */
	pat.fields = ICMP_KEY_F;
	slot = match_reply(&h->mt, &pat, rep);
	if (slot == MATCH_NOT_OURS || rep->kind != ICMP_KIND_ECHO_REPLY)
		return slot;
	/* an echo reply must carry our keyed stamp when it is long enough */
	if (build_check_stamp(&h->key, rep->id, rep->seq, rep->data,
	    rep->datalen, &t) == BUILD_STAMP_FORGED) {
		h->mt.not_ours++;
		return MATCH_NOT_OURS;
	}
	return slot;
}

static void
fill_result(struct icmp_handle *h, long slot, const struct rx *rx,
    const struct icmp_reply *rep, struct icmp_result *r)
{
	const struct match_slot *ms = &h->mt.slots[slot];

	memset(r, 0, sizeof(*r));
	r->kind = rep->kind;
	r->type = rep->type;
	r->code = rep->code;
	r->from = rep->src;
	r->seq = ms->key.seq;
	r->ttl = rx->ttl;
	r->mtu = rep->mtu;
	r->t_sent = ms->t_sent;
	r->t_sent_real = h->t_real[slot];
	r->t_rx = rx->t_rx;
	r->t_kernel = rx->t_kernel;
	r->kernel_time = rx->t_kernel >= 0;
	r->datalen = rep->kind == ICMP_KIND_ECHO_REPLY ? rep->datalen : 0;
	match_remove(&h->mt, (size_t)slot);
}

/* Read what is waiting: 1 with *r for one of ours, 0 if nothing, -1. */
static int
take_one(struct icmp_handle *h, struct icmp_result *r)
{
	struct icmp_reply rep;
	struct rx rx;
	long slot;
	int got;

	for (int i = 0; i < 256; i++) {
		memset(&rx, 0, sizeof(rx));
		rx.buf = h->rbuf;
		rx.cap = sizeof(h->rbuf);
		if ((got = sock_recv(&h->s, &rx, false)) == 0)
			got = sock_recv(&h->s, &rx, true);
		if (got != 1)
			return got;
		if (!parse_rx(h, &rx, &rep))
			continue;
		if ((slot = find_slot(h, &rep)) == MATCH_NOT_OURS)
			continue;
		fill_result(h, slot, &rx, &rep, r);
		return 1;
	}
	return 0;
}

/* now + timeout_ns, saturating (a huge timeout means "forever"). */
static int64_t
deadline_after(int64_t timeout_ns)
{
	int64_t now = clock_mono_ns();

	if (timeout_ns <= 0)
		return now;
	return timeout_ns > INT64_MAX - now ? INT64_MAX : now + timeout_ns;
}

int
icmp_recv(struct icmp_handle *h, struct icmp_result *r, int64_t timeout_ns)
{
	int64_t deadline = deadline_after(timeout_ns);
	struct pollfd p;
	int got;

	for (;;) {
		if ((got = take_one(h, r)) != 0)
			return got;
		int64_t now = clock_mono_ns();

		if (now >= deadline)
			return 0;
		p.fd = h->s.fd;
		p.events = POLLIN;
		p.revents = 0;
		if (poll(&p, 1, clock_poll_ms(now, deadline)) == -1 &&
		    errno != EINTR)
			return -1;
	}
}

int64_t
icmp_rtt(const struct icmp_result *r)
{
	struct clock_stamp st = { r->t_sent, r->t_sent_real };

	return clock_rtt_ns(&st, r->t_rx, r->t_kernel);
}

uint64_t
icmp_not_ours(const struct icmp_handle *h)
{
	return h->mt.not_ours;
}

void
icmp_close(struct icmp_handle *h)
{
	if (h == NULL)
		return;
	sock_close(&h->s);
	free(h);
}

/* "Destination Host Unreachable from 198.18.0.2" for an error result. */
static void
error_text(int af, const struct icmp_result *r, char *err, size_t errlen)
{
	struct icmp_reply rep;
	char text[128], a[ADDR_STRLEN];

	memset(&rep, 0, sizeof(rep));
	rep.af = af;
	rep.kind = r->kind;
	rep.type = r->type;
	rep.code = r->code;
	rep.mtu = r->mtu;
	(void)icmpnames_ping_text(&rep, text, sizeof(text));
	snprintf(err, errlen, "%s from %s", text,
	    addr_ntop(&r->from, a, sizeof(a)));
}

int
icmp_echo(const struct addr *dst, int64_t timeout_ns, int64_t *rtt_ns,
    char *err, size_t errlen)
{
	struct icmp_handle *h;
	struct icmp_result r;
	int got;

	if ((h = icmp_open(dst->af, err, errlen)) == NULL)
		return -1;
	if (icmp_send_echo(h, dst, 1, ICMP_DEFAULT_DATALEN) == -1) {
		snprintf(err, errlen, "sendto: %s", strerror(errno));
		icmp_close(h);
		return -1;
	}
	got = icmp_recv(h, &r, timeout_ns);
	if (got == 1 && r.kind == ICMP_KIND_ECHO_REPLY) {
		*rtt_ns = icmp_rtt(&r);
		icmp_close(h);
		return 0;
	}
	if (got == 1)
		error_text(dst->af, &r, err, errlen);
	else if (got == 0)
		snprintf(err, errlen, "timeout");
	else
		snprintf(err, errlen, "recvmsg: %s", strerror(errno));
	icmp_close(h);
	return got == -1 ? -1 : 1;
}

/* Wait for the answer to probe seq until deadline; fills *hop. */
static int
trace_wait(struct icmp_handle *h, uint16_t seq, int64_t deadline,
    struct icmp_hop *hop)
{
	struct icmp_result r;
	int64_t now;
	int got;

	while ((now = clock_mono_ns()) < deadline) {
		if ((got = icmp_recv(h, &r, deadline - now)) == -1)
			return -1;
		if (got == 0)
			break;
		/* a late answer to an earlier hop: that hop is closed */
		if (r.seq != seq)
			continue;
		hop->answered = true;
		hop->from = r.from;
		hop->kind = r.kind;
		hop->type = r.type;
		hop->code = r.code;
		hop->rtt_ns = icmp_rtt(&r);
		break;
	}
	return 0;
}

int
icmp_trace(const struct addr *dst, int maxhops, int64_t timeout_ns,
    struct icmp_hop *hops, char *err, size_t errlen)
{
	struct icmp_handle *h;
	int ttl, n = 0;

	if (maxhops < 1 || maxhops > 255) {
		snprintf(err, errlen, "invalid maximum hops: %d", maxhops);
		return -1;
	}
	if ((h = icmp_open(dst->af, err, errlen)) == NULL)
		return -1;
	for (ttl = 1; ttl <= maxhops; ttl++) {
		struct icmp_hop *hop = &hops[ttl - 1];

		memset(hop, 0, sizeof(*hop));
		hop->ttl = ttl;
		n = ttl;
		if (icmp_set_ttl(h, ttl) == -1 ||
		    icmp_send_echo(h, dst, (uint16_t)ttl,
		    ICMP_DEFAULT_DATALEN) == -1 ||
		    trace_wait(h, (uint16_t)ttl, deadline_after(timeout_ns),
		    hop) == -1) {
			snprintf(err, errlen, "hop %d: %s", ttl,
			    strerror(errno));
			icmp_close(h);
			return -1;
		}
		if (hop->answered && (hop->kind == ICMP_KIND_ECHO_REPLY ||
		    hop->kind == ICMP_KIND_UNREACH))
			break;
	}
	icmp_close(h);
	return n;
}
