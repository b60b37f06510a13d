/*
 * icmpt.c: the installed API's handle level (see icmptools.h): many
 * destinations, both families, any number of echo requests in flight.
 * A request is known by (family, sequence): every family socket has one
 * echo id, and the next free sequence number goes to the next request, so
 * nothing in flight is ever aliased (65536 at once per family, then EBUSY).
 * Sends and receives are batched (sendmmsg / recvmmsg); received bytes go
 * through the shared attribution path (match.c) like the tools'.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>

#include "addr.h"
#include "build.h"
#include "clock.h"
#include "icmpnames.h"
#include "icmptools.h"
#include "match.h"
#include "parse.h"
#include "priv.h"
#include "resolve.h"
#include "sock.h"
#include "stats.h"

#define NSEQ		65536
#define BATCH		64
#define RX_MIN		512	/* receive bytes per message */
#define HDR_ROOM	128	/* IP header + options + ICMP header */
#define ANS_MAX		(2 * NSEQ)	/* answers held, not handed out */
#define EV_QUEUED	2	/* epoll tag of the eventfd */
#define DF_MAXLEN	(576 - 60)	/* ICMP bytes sent with "do" PMTU
					 * discovery (see df_on) */

struct req {
	uint32_t	 dest;
	bool		 live;		/* sent, not expired */
	bool		 answered;	/* a reply came (a second: dup) */
	struct clock_stamp sent;
};

struct fam {
	int		 af;
	bool		 open;
	bool		 watched;	/* in the handle's epoll set */
	bool		 df;		/* IPv4 PMTU discovery "do" (df_on) */
	struct sock	 s;
	uint16_t	 next_seq;
	size_t		 inflight;	/* live and not answered */
	struct req	*reqs;		/* NSEQ, on first send */
	char		 err[192];
};

/* An answer attributed to a request, held until icmpt_recv hands it out
 * (kept small: a round to many destinations holds one per request). */
struct ans {
	int64_t		 rtt_ns;
	uint32_t	 dest;
	uint32_t	 datalen;
	uint16_t	 seq;
	int16_t		 ttl;
	uint8_t		 type, code;
	uint8_t		 fi;		/* family index */
	uint8_t		 flags;		/* ANS_* */
	struct addr	 from;
};
#define ANS_ERROR	0x1u
#define ANS_DUP		0x2u

struct dest {
	struct addr	 a;
	char		*host;		/* as given; NULL: the same as num */
	char		 num[ICMPT_ADDRSTRLEN];
	size_t		 inflight;
};

struct icmpt_handle {
	struct icmpt_options o;
	struct fam	 fam[2];
	struct dest	*d;
	size_t		 nd, capd;
	int		 ep;
	struct build_key key;
	uint8_t		*pkt;		/* BATCH send buffers */
	size_t		 pktslot;
	uint8_t		*rbuf;		/* BATCH receive buffers */
	size_t		 rslot;
	struct ans	*aq;		/* answers read, not handed out: */
	size_t		 aqhead, aqtail, aqcap;	/* [aqhead, aqtail) */
	int		 evfd;		/* readable while aq holds some */
	bool		 ev_on;
	struct fam	*draining;
	uint64_t	 not_ours;
	char		 msg[256];
};

static int	drain_fam(struct icmpt_handle *, struct fam *, size_t);
static void	queued_note(struct icmpt_handle *);
static void	watch_fams(struct icmpt_handle *, bool);

const char *
icmpt_version(void)
{
	return PACKAGE_VERSION;
}

static int
fail(struct icmpt_handle *h, int e, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(h->msg, sizeof(h->msg), fmt, ap);
	va_end(ap);
	errno = e;
	return -1;
}

const char *
icmpt_errmsg(const struct icmpt_handle *h)
{
	return h != NULL ? h->msg : "no handle";
}

static struct fam *
fam_of(struct icmpt_handle *h, int af)
{
	return &h->fam[af == AF_INET6 ? 1 : 0];
}

/* Add fd to the handle's epoll set (level triggered) with tag. */
static int
watch(int ep, int fd, uint32_t tag)
{
	struct epoll_event ev = { .events = EPOLLIN | EPOLLERR };

	ev.data.u32 = tag;
	return ep >= 0 ? epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) : -1;
}

/*
 * IPv4: the kernel's default PMTU discovery, "want", sets DF but lets the
 * kernel fragment what exceeds the path MTU, so it must give every
 * datagram an IP ID, a keyed hash per datagram (__ip_select_ident: a
 * twentieth of a round's CPU time on a veth). "Do" sends the same DF
 * datagrams with ID 0 (RFC 6864: the ID of an atomic datagram has no
 * use) and refuses with EMSGSIZE what exceeds the path MTU. So "do" only
 * while requests are small (at most DF_MAXLEN ICMP bytes: their datagram
 * fits 576 bytes, which every IPv4 path carries), only when the default
 * is "want" (not with ip_no_pmtu_disc), and back to "want" for good
 * (df_off) on a larger request or an EMSGSIZE.
 */
static void
df_on(struct fam *f)
{
	f->df = f->af == AF_INET &&
	    sock_get_pmtudisc(&f->s) == IP_PMTUDISC_WANT &&
	    sock_set_pmtudisc(&f->s, IP_PMTUDISC_DO) == 0;
}

/* Back to "want" (see df_on); false if f was not in "do". */
static bool
df_off(struct fam *f)
{
	if (!f->df)
		return false;
	f->df = false;
	(void)sock_set_pmtudisc(&f->s, IP_PMTUDISC_WANT);
	return true;
}

/* Open the socket of one family (privileged step: raw if we may). */
static void
open_fam(struct icmpt_handle *h, struct fam *f)
{
	struct sock_opts so;

	memset(&so, 0, sizeof(so));
	so.af = f->af;
	so.proto = f->af == AF_INET ? IPPROTO_ICMP : IPPROTO_ICMPV6;
	so.pref = h->o.flags & ICMPT_F_RAW ? SOCK_PREF_RAW :
	    h->o.flags & ICMPT_F_DGRAM ? SOCK_PREF_DGRAM : SOCK_PREF_ANY;
	so.ttl = h->o.ttl;
	so.tos = h->o.tos;
	so.pmtudisc = -1;
	so.device = h->o.device;
	so.recverr = true;
	so.echo_filter = true;
	so.rcvbuf = h->o.rcvbuf > 0 ? (int)h->o.rcvbuf : 1 << 22;
	if (sock_open(&f->s, &so, f->err, sizeof(f->err)) == -1)
		return;
	f->open = true;
	df_on(f);
	/* a ping socket's echo id is its port; a raw socket's is ours */
	if (f->s.kind != SOCK_DGRAM_ICMP)
		f->s.local_id = (uint16_t)(h->key.k0 >> (f->af == AF_INET ?
		    48 : 32));
	f->next_seq = (uint16_t)h->key.k1;
	f->watched = watch(h->ep, f->s.fd, f->af == AF_INET6) == 0;
}

struct icmpt_handle *
icmpt_open(const struct icmpt_options *opt, char *err, size_t errlen)
{
	struct icmpt_handle *h = calloc(1, sizeof(*h));

	if (h == NULL) {
		snprintf(err, errlen, "icmpt_open: %s", strerror(errno));
		return NULL;
	}
	h->o.tos = -1;
	if (opt != NULL)
		h->o = *opt;
	h->ep = epoll_create1(EPOLL_CLOEXEC);
	h->evfd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	h->pktslot = BUILD_ICMP_HDRLEN + ICMPT_DEFAULT_DATALEN;
	h->rslot = RX_MIN;
	h->pkt = malloc(BATCH * h->pktslot);
	h->rbuf = malloc(BATCH * h->rslot);
	if (h->ep == -1 || h->evfd == -1 || h->pkt == NULL ||
	    h->rbuf == NULL || build_key_init(&h->key) == -1 ||
	    watch(h->ep, h->evfd, EV_QUEUED) == -1) {
		snprintf(err, errlen, "icmpt_open: %s", strerror(errno));
		icmpt_close(h);
		return NULL;
	}
	h->fam[0].af = AF_INET;
	h->fam[1].af = AF_INET6;
	open_fam(h, &h->fam[0]);
	open_fam(h, &h->fam[1]);
	if (!h->fam[0].open && !h->fam[1].open) {
		int e = errno;

		snprintf(err, errlen, "%s", h->fam[0].err);
		icmpt_close(h);
		errno = e;
		return NULL;
	}
	return h;
}

void
icmpt_close(struct icmpt_handle *h)
{
	if (h == NULL)
		return;
	for (int i = 0; i < 2; i++) {
		if (h->fam[i].open)
			sock_close(&h->fam[i].s);
		free(h->fam[i].reqs);
	}
	for (size_t i = 0; i < h->nd; i++)
		free(h->d[i].host);
	if (h->ep >= 0)
		close(h->ep);
	if (h->evfd >= 0)
		close(h->evfd);
	free(h->d);
	free(h->pkt);
	free(h->rbuf);
	free(h->aq);
	free(h);
}

int
icmpt_fd(struct icmpt_handle *h)
{
	return h->ep;
}

/*
 * Numeric text of a into buf (ICMPT_ADDRSTRLEN bytes), as addr_ntop()
 * writes it; IPv4 without inet_ntop(), which formats through sprintf and
 * was most of the user time of a round to many destinations (once per
 * destination added, once per answer).
 */
static void
addr_text(const struct addr *a, char *buf)
{
	char *p = buf;

	if (a->af != AF_INET) {
		addr_ntop(a, buf, ICMPT_ADDRSTRLEN);
		return;
	}
	for (int i = 0; i < 4; i++) {
		unsigned v = a->u.b[i];

		if (v >= 100)
			*p++ = (char)('0' + v / 100);
		if (v >= 10)
			*p++ = (char)('0' + v / 10 % 10);
		*p++ = (char)('0' + v % 10);
		*p++ = i < 3 ? '.' : '\0';
	}
}

int
icmpt_add(struct icmpt_handle *h, const char *host, int family)
{
	char canon[8], err[160];
	struct dest *d;
	struct addr a;

	if (host == NULL || (family != 0 && family != AF_INET &&
	    family != AF_INET6))
		return fail(h, EINVAL, "icmpt_add: bad host or family");
	/* plain numeric text is what getaddrinfo would give, without its
	 * allocations (a round to many destinations adds them by the
	 * thousand); anything else (names, "127.1", scope ids) goes to it */
	if (!addr_pton(family, host, &a) &&
	    resolve_host(&(struct resolve_query){ host, family,
	    (h->o.flags & ICMPT_F_NUMERIC) ? RESOLVE_NUMERIC : 0, canon,
	    sizeof(canon) }, &a, err, sizeof(err)) == -1)
		return fail(h, ENOENT, "%.100s: %s", host, err);
	if (!fam_of(h, a.af)->open)
		return fail(h, EAFNOSUPPORT, "%.100s: %s", host,
		    fam_of(h, a.af)->err);
	if (h->nd == h->capd) {
		size_t n = h->capd ? 2 * h->capd : 16;
		struct dest *nd = realloc(h->d, n * sizeof(*nd));

		if (nd == NULL || h->nd >= INT32_MAX)
			return fail(h, ENOMEM, "icmpt_add: %s",
			    strerror(ENOMEM));
		h->d = nd;
		h->capd = n;
	}
	d = &h->d[h->nd];
	memset(d, 0, sizeof(*d));
	d->a = a;
	addr_text(&a, d->num);
	/* given as its numeric text: no copy (NULL stands for num) */
	if (strcmp(host, d->num) != 0 && (d->host = strdup(host)) == NULL)
		return fail(h, ENOMEM, "icmpt_add: %s", strerror(ENOMEM));
	return (int)h->nd++;
}

size_t
icmpt_count(const struct icmpt_handle *h)
{
	return h->nd;
}

static const struct dest *
dest_of(const struct icmpt_handle *h, int dest)
{
	return dest >= 0 && (size_t)dest < h->nd ? &h->d[dest] : NULL;
}

const char *
icmpt_dest_host(const struct icmpt_handle *h, int dest)
{
	const struct dest *d = dest_of(h, dest);

	if (d == NULL)
		return NULL;
	return d->host != NULL ? d->host : d->num;
}

const char *
icmpt_dest_addr(const struct icmpt_handle *h, int dest)
{
	const struct dest *d = dest_of(h, dest);

	return d != NULL ? d->num : NULL;
}

int
icmpt_set_ttl(struct icmpt_handle *h, int ttl)
{
	if (ttl < 1 || ttl > 255)
		return fail(h, EINVAL, "icmpt_set_ttl: %d: not 1..255", ttl);
	for (int i = 0; i < 2; i++)
		if (h->fam[i].open && sock_set_ttl(&h->fam[i].s, ttl) == -1)
			return fail(h, errno, "icmpt_set_ttl: %s",
			    strerror(errno));
	h->o.ttl = ttl;
	return 0;
}

/* Room for a request of datalen bytes in every send buffer. */
static int
grow_buffers(struct icmpt_handle *h, size_t datalen)
{
	size_t need = BUILD_ICMP_HDRLEN + datalen;
	uint8_t *p;

	if (datalen > ICMPT_MAX_DATALEN)
		return fail(h, EINVAL, "datalen %zu is above %d", datalen,
		    ICMPT_MAX_DATALEN);
	if (need > h->pktslot) {
		if ((p = realloc(h->pkt, BATCH * need)) == NULL)
			return fail(h, ENOMEM, "%s", strerror(ENOMEM));
		h->pkt = p;
		h->pktslot = need;
	}
	/* replies as long as the request, with their headers */
	if (need + HDR_ROOM > h->rslot) {
		if ((p = realloc(h->rbuf, BATCH * (need + HDR_ROOM))) == NULL)
			return fail(h, ENOMEM, "%s", strerror(ENOMEM));
		h->rbuf = p;
		h->rslot = need + HDR_ROOM;
	}
	return 0;
}

/* Take a free sequence number of f for dest; -1 (EBUSY) if the next one
 * is still waited for: 65536 requests of the family are in flight. */
static int
take_seq(struct icmpt_handle *h, struct fam *f, uint32_t dest,
    uint16_t *seq)
{
	struct req *q;

	if (f->reqs == NULL && (f->reqs = calloc(NSEQ,
	    sizeof(*f->reqs))) == NULL)
		return fail(h, ENOMEM, "%s", strerror(ENOMEM));
	q = &f->reqs[f->next_seq];
	if (q->live && !q->answered)
		return fail(h, EBUSY, "all 65536 sequence numbers of the "
		    "family are in flight");
	/* an answered request's number is free again */
	*seq = f->next_seq++;
	q->dest = dest;
	q->live = true;
	q->answered = false;
	f->inflight++;
	h->d[dest].inflight++;
	return 0;
}

static void
untake(struct icmpt_handle *h, struct fam *f, uint16_t seq)
{
	struct req *q = &f->reqs[seq];

	if (q->live && !q->answered) {
		f->inflight--;
		h->d[q->dest].inflight--;
	}
	q->live = false;
}

/* Build request seq of f into buf, stamped t; its length. */
static size_t
build_req(struct icmpt_handle *h, struct fam *f, uint16_t seq,
    const struct clock_stamp *t, size_t datalen, uint8_t *buf)
{
	struct req *q = &f->reqs[seq];
	uint8_t *pay = buf + BUILD_ICMP_HDRLEN;
	struct build_echo_id e = { f->s.local_id, seq };

	q->sent = *t;
	/* the payload is built in place, then the header around it */
	build_payload(&h->key, &(struct build_stamp_in){ q->sent.mono, e,
	    { NULL, 0 } }, pay, datalen);
	return build_echo(f->af, e, (struct build_bytes){ pay, datalen }, buf,
	    BUILD_ICMP_HDRLEN + datalen);
}

int
icmpt_send(struct icmpt_handle *h, int dest, size_t datalen, uint16_t *seq)
{
	const struct dest *d = dest_of(h, dest);
	struct clock_stamp t;
	struct fam *f;
	uint16_t s;
	size_t len;

	if (d == NULL)
		return fail(h, EINVAL, "icmpt_send: no destination %d", dest);
	f = fam_of(h, d->a.af);
	if (grow_buffers(h, datalen) == -1 ||
	    take_seq(h, f, (uint32_t)dest, &s) == -1)
		return -1;
	if (BUILD_ICMP_HDRLEN + datalen > DF_MAXLEN)
		(void)df_off(f);
	clock_stamp_now(&t);
	len = build_req(h, f, s, &t, datalen, h->pkt);
	if (len == 0 || (sock_send(&f->s, h->pkt, len, &d->a, 0) < 0 &&
	    (errno != EMSGSIZE || !df_off(f) ||
	    sock_send(&f->s, h->pkt, len, &d->a, 0) < 0))) {
		int e = len == 0 ? EINVAL : errno;

		untake(h, f, s);
		return fail(h, e, "%s: sendto: %s", d->num, strerror(e));
	}
	if (seq != NULL)
		*seq = s;
	return 0;
}

/* Send m[0, n) of family f, from the first; how many the kernel took
 * (a refusal stops there: errno and the reason are set). */
static size_t
send_batch(struct icmpt_handle *h, struct fam *f, const struct sock_msg *m,
    size_t n)
{
	size_t done = 0;
	int k;

	/* sendmmsg stops at a refused datagram and returns the count
	 * before it; asking again from there gives that datagram's errno */
	while (done < n) {
		k = sock_send_many(&f->s, m + done, n - done);
		/* above the path MTU in "do": again in "want" (df_on) */
		if (k < 0 && errno == EMSGSIZE && df_off(f))
			continue;
		if (k <= 0) {
			int e = k < 0 ? errno : EIO;

			fail(h, e, "sendmmsg: %s", strerror(e));
			break;
		}
		done += (size_t)k;
	}
	return done;
}

/* One request to every destination of family f, in batches; the number
 * sent, or -1 if none could be. */
static long
send_fam(struct icmpt_handle *h, struct fam *f, size_t datalen)
{
	struct sock_msg m[BATCH];
	uint16_t seqs[BATCH];
	struct clock_stamp t;
	long sent = 0;
	size_t i = 0, n, k;

	if (BUILD_ICMP_HDRLEN + datalen > DF_MAXLEN)
		(void)df_off(f);
	while (i < h->nd) {
		/* one stamp per batch: every request of it leaves within
		 * the one sendmmsg that follows, as a per-request stamp
		 * would also say */
		clock_stamp_now(&t);
		for (n = 0; i < h->nd && n < BATCH; i++) {
			if (h->d[i].a.af != f->af)
				continue;
			if (take_seq(h, f, (uint32_t)i, &seqs[n]) == -1)
				break;
			m[n].buf = h->pkt + n * h->pktslot;
			m[n].len = build_req(h, f, seqs[n], &t, datalen,
			    h->pkt + n * h->pktslot);
			m[n].dst = &h->d[i].a;
			m[n].port = 0;
			n++;
		}
		if (n == 0)
			break;
		k = send_batch(h, f, m, n);
		/* what the kernel did not take is not in flight */
		for (size_t j = k; j < n; j++)
			untake(h, f, seqs[j]);
		sent += (long)k;
		/* a full buffer: the next batch may go */
		if (k < n && errno != ENOBUFS && errno != EAGAIN)
			break;
		/* answers from near destinations arrive while we send (on
		 * a veth, within sendmmsg): hold them before they fill the
		 * receive buffer */
		(void)drain_fam(h, f, n);
	}
	return sent > 0 ? sent : -1;
}

/* Take the sockets out of the handle's epoll set (on false) or put them
 * back (true). Out of it while icmpt_send_all sends: a socket in an epoll
 * set has a waiter, so every datagram sent (its buffer freed) and every
 * answer queued would run epoll's wakeup callback; nobody waits on the
 * handle during the call. Back in, a socket with answers queued is ready
 * at once (level triggered). */
static void
watch_fams(struct icmpt_handle *h, bool on)
{
	for (int i = 0; i < 2; i++) {
		struct fam *f = &h->fam[i];

		if (!f->open || f->watched == on)
			continue;
		if (on && watch(h->ep, f->s.fd, (uint32_t)i) == 0)
			f->watched = true;
		else if (!on && epoll_ctl(h->ep, EPOLL_CTL_DEL, f->s.fd,
		    NULL) == 0)
			f->watched = false;
	}
}

long
icmpt_send_all(struct icmpt_handle *h, size_t datalen)
{
	long total = 0, n;

	if (grow_buffers(h, datalen) == -1)
		return -1;
	watch_fams(h, false);
	for (int i = 0; i < 2; i++) {
		if (!h->fam[i].open)
			continue;
		if ((n = send_fam(h, &h->fam[i], datalen)) > 0)
			total += n;
	}
	watch_fams(h, true);
	queued_note(h);
	return total > 0 || h->nd == 0 ? total : -1;
}

/* ---- receiving ---- */

/* Fill *a from reply rep of family f if it answers a request of ours. */
static bool
attribute(struct icmpt_handle *h, struct fam *f, const struct rx *rx,
    const struct icmp_reply *rep, struct ans *a)
{
	struct match_spec sp;
	struct match_key k;
	struct req *q;
	int64_t t;

	/* echo requests with the socket's id, to any of the destinations:
	 * the request table says which one the answer must come from */
	memset(&sp, 0, sizeof(sp));
	sp.af = f->af;
	sp.kind = MATCH_ECHO;
	sp.raw = f->s.kind == SOCK_RAW_ICMP;
	sp.req_type = f->af == AF_INET ? 8 : 128;
	sp.reply_kind = ICMP_KIND_ECHO_REPLY;
	sp.id = f->s.local_id;
	if (!match_key_of(&sp, rep, &k) || k.advice || f->reqs == NULL)
		return false;
	q = &f->reqs[(uint16_t)k.ident];
	/* a number never sent, forgotten, or given to another destination
	 * than the one that answers or is quoted */
	if (!q->live || !addr_eq(&k.dst, &h->d[q->dest].a))
		return false;
	if (!k.error && rep->datalen >= BUILD_STAMP_LEN &&
	    (build_check_stamp(&h->key, (struct build_echo_id){
	    f->s.local_id, (uint16_t)k.ident }, rep->data, rep->datalen,
	    &t) != BUILD_STAMP_OK || t != q->sent.mono))
		return false;	/* forged, or an older request's number */
	a->dest = q->dest;
	a->seq = (uint16_t)k.ident;
	a->fi = f->af == AF_INET6;
	a->flags = (k.error ? ANS_ERROR : 0) | (q->answered ? ANS_DUP : 0);
	a->type = rep->type;
	a->code = rep->code;
	a->from = rep->src;
	a->ttl = (int16_t)(rep->has_iphdr ? rep->ttl : rx->ttl);
	a->datalen = k.error ? 0 : (uint32_t)rep->datalen;
	a->rtt_ns = clock_rtt_ns(&q->sent, rx->t_rx, rx->t_kernel);
	if (!q->answered) {
		q->answered = true;
		f->inflight--;
		h->d[q->dest].inflight--;
	}
	return true;
}

/* sock_drain's callback: an answer of ours joins the queue (which has
 * room for every read the drain may make). */
static bool
take(void *ctx, const struct rx *rx)
{
	struct icmpt_handle *h = ctx;
	struct fam *f = h->draining;
	struct icmp_reply rep;
	enum parse_err e = match_parse(&f->s, rx, &rep);

	if (e == PARSE_OK && attribute(h, f, rx, &rep, &h->aq[h->aqtail]))
		h->aqtail++;
	else if (e != PARSE_REDUNDANT && !(rx->is_err && e == PARSE_NOT_ICMP))
		h->not_ours++;
	return true;
}

/* Room for n more answers at the queue's tail (moving what is held to
 * the front first); how many fit, 0 when ANS_MAX are held. */
static size_t
queue_room(struct icmpt_handle *h, size_t n)
{
	size_t held = h->aqtail - h->aqhead;
	struct ans *p;

	if (h->aqhead > 0 && (held == 0 || h->aqtail + n > h->aqcap)) {
		memmove(h->aq, h->aq + h->aqhead, held * sizeof(*h->aq));
		h->aqhead = 0;
		h->aqtail = held;
	}
	if (held + n > ANS_MAX)
		n = held < ANS_MAX ? ANS_MAX - held : 0;
	if (h->aqtail + n > h->aqcap) {
		size_t cap = h->aqcap > 0 ? h->aqcap : 4 * BATCH;

		while (cap < h->aqtail + n)
			cap *= 2;
		if ((p = realloc(h->aq, cap * sizeof(*p))) == NULL)
			return h->aqcap - h->aqtail;
		h->aq = p;
		h->aqcap = cap;
	}
	return n;
}

/* Read what waits on family f's socket (at most max reads) into the
 * queue; the number of datagrams read, or -1. */
static int
drain_fam(struct icmpt_handle *h, struct fam *f, size_t max)
{
	struct sock_rxq q = { h->rbuf, h->rslot, BATCH, take, h };
	int n;

	if (!f->open || (max = queue_room(h, max)) == 0)
		return 0;
	h->draining = f;
	n = sock_drain(&f->s, &q, SOCK_DRAIN_DATA | SOCK_DRAIN_ERRQ_IDLE,
	    max);
	if (n < 0)
		return fail(h, errno, "recvmsg: %s", strerror(errno));
	return n;
}

/* The eventfd in icmpt_fd()'s set is readable whenever answers are held
 * here, so a caller polling icmpt_fd() never sleeps on them: set when a
 * call returns holding some, cleared when a call finds none (so it may
 * stay readable until that call: "may be waiting"); one write and one
 * read per burst of answers, not per answer. */
static void
queued_note(struct icmpt_handle *h)
{
	uint64_t one = 1;

	if (!h->ev_on && h->aqtail > h->aqhead &&
	    write(h->evfd, &one, sizeof(one)) == (ssize_t)sizeof(one))
		h->ev_on = true;
}

static void
queued_clear(struct icmpt_handle *h)
{
	uint64_t v;

	if (h->ev_on && read(h->evfd, &v, sizeof(v)) >= 0)
		h->ev_on = false;
}

/* The next answer of ours among what is held or queued on the sockets:
 * 1, 0 (none), -1. */
static int
take_queued(struct icmpt_handle *h, struct ans *a)
{
	/* a few rounds: a batch may hold nothing of ours */
	for (int round = 0; round < 4 && h->aqhead == h->aqtail; round++) {
		int n0, n1;

		if ((n0 = drain_fam(h, &h->fam[0], 16 * BATCH)) < 0 ||
		    (n1 = drain_fam(h, &h->fam[1], 16 * BATCH)) < 0)
			return -1;
		if (n0 == 0 && n1 == 0)
			break;
	}
	if (h->aqhead == h->aqtail) {
		queued_clear(h);
		return 0;
	}
	*a = h->aq[h->aqhead++];
	return 1;
}

/* The public form of an answer. */
static void
ans_reply(const struct ans *a, struct icmpt_reply *r)
{
	memset(r, 0, sizeof(*r));
	r->dest = (int)a->dest;
	r->seq = a->seq;
	r->kind = a->flags & ANS_ERROR ? ICMPT_ERROR : ICMPT_ECHO_REPLY;
	r->family = a->fi ? AF_INET6 : AF_INET;
	r->type = a->type;
	r->code = a->code;
	addr_text(&a->from, r->from);
	r->ttl = a->ttl;
	r->datalen = a->datalen;
	r->rtt_ns = a->rtt_ns;
	r->dup = (a->flags & ANS_DUP) != 0;
}

int
icmpt_recv(struct icmpt_handle *h, struct icmpt_reply *r, int timeout_ms)
{
	int64_t end = -1, now;
	struct epoll_event ev[3];
	struct ans a;
	int got;

	for (;;) {
		if ((got = take_queued(h, &a)) != 0) {
			if (got == 1) {
				ans_reply(&a, r);
				queued_note(h);
			}
			return got;
		}
		/* the clock only once there is nothing to hand out */
		now = clock_mono_ns();
		if (end == -1)
			end = timeout_ms < 0 ? INT64_MAX :
			    now + (int64_t)timeout_ms * NS_PER_MS;
		if (now >= end)
			return 0;
		watch_fams(h, true);
		if (epoll_wait(h->ep, ev, 3, end == INT64_MAX ? -1 :
		    clock_poll_ms(now, end)) == -1 && errno != EINTR)
			return fail(h, errno, "epoll_wait: %s",
			    strerror(errno));
	}
}

double
icmpt_rtt_ms(const struct icmpt_reply *r)
{
	return (double)r->rtt_ns / 1e6;
}

size_t
icmpt_expire(struct icmpt_handle *h, int older_than_ms)
{
	int64_t cut = clock_mono_ns() - (int64_t)older_than_ms * NS_PER_MS;
	size_t n = 0;

	for (int i = 0; i < 2; i++) {
		struct fam *f = &h->fam[i];

		for (size_t s = 0; f->reqs != NULL && s < NSEQ; s++) {
			if (!f->reqs[s].live || f->reqs[s].sent.mono > cut)
				continue;
			if (!f->reqs[s].answered)
				n++;
			untake(h, f, (uint16_t)s);
		}
	}
	return n;
}

size_t
icmpt_in_flight(const struct icmpt_handle *h, int dest)
{
	const struct dest *d = dest_of(h, dest);

	if (dest < 0)
		return h->fam[0].inflight + h->fam[1].inflight;
	return d != NULL ? d->inflight : 0;
}

uint64_t
icmpt_not_ours(const struct icmpt_handle *h)
{
	return h->not_ours;
}

int
icmpt_drop_privileges(char *err, size_t errlen)
{
	priv_init();
	return priv_drop(err, errlen);
}

int
icmpt_raw(const struct icmpt_handle *h, int family)
{
	const struct fam *f = &h->fam[family == AF_INET6 ? 1 : 0];

	if (family != AF_INET && family != AF_INET6)
		return -1;
	return f->open ? f->s.kind == SOCK_RAW_ICMP : -1;
}

/* ---- one call ---- */

/* One line for an ICMP error reply: "Destination Net Unreachable from
 * 198.18.0.2" (iputils' wording). */
static void
error_text(const struct icmpt_reply *r, char *buf, size_t len)
{
	struct icmp_reply rep;
	char text[128];

	memset(&rep, 0, sizeof(rep));
	rep.af = r->family;
	rep.type = r->type;
	rep.code = r->code;
	(void)parse_kind_of(r->family, r->type, &rep.kind);
	(void)icmpnames_ping_text(&rep, text, sizeof(text));
	snprintf(buf, len, "%s from %s", text, r->from);
}

/* Wait up to 1 s for request seq of dest; account what comes. */
static int
echo_wait(struct icmpt_handle *h, int dest, uint16_t seq,
    struct stats_rtt *rtt, struct icmpt_stats *st, char *last,
    size_t lastlen)
{
	int64_t end = clock_mono_ns() + NS_PER_SEC;
	struct icmpt_reply r;
	int64_t now;
	int got;

	while ((now = clock_mono_ns()) < end) {
		got = icmpt_recv(h, &r, clock_poll_ms(now, end));
		if (got <= 0)
			return got;
		if (r.dest != dest)
			continue;
		if (r.dup) {
			st->duplicates++;
			continue;
		}
		if (r.kind == ICMPT_ERROR) {
			st->errors++;
			error_text(&r, last, lastlen);
		} else {
			st->received++;
			stats_rtt_add(rtt, r.rtt_ns);
		}
		if (r.seq == seq)
			return 1;
	}
	return 0;
}

static void
echo_stats(const struct stats_rtt *rtt, struct icmpt_stats *st)
{
	if (st->received == 0)
		return;
	st->min_ms = (double)rtt->min / 1e6;
	st->max_ms = (double)rtt->max / 1e6;
	st->avg_ms = (double)stats_rtt_avg(rtt) / 1e6;
	st->mdev_ms = (double)stats_rtt_mdev(rtt) / 1e6;
}

int
icmpt_echo(const char *host, unsigned count, size_t size,
    struct icmpt_stats *out, char *err, size_t errlen)
{
	struct icmpt_handle *h;
	struct stats_rtt rtt;
	char last[192] = "";
	uint16_t seq;
	int dest, rc = 0;

	memset(out, 0, sizeof(*out));
	if (count < 1 || count > 1000000 || size > ICMPT_MAX_DATALEN) {
		snprintf(err, errlen, "icmpt_echo: count 1..1000000, size "
		    "0..%d", ICMPT_MAX_DATALEN);
		errno = EINVAL;
		return -1;
	}
	if ((h = icmpt_open(NULL, err, errlen)) == NULL)
		return -1;
	if ((dest = icmpt_add(h, host, 0)) < 0) {
		snprintf(err, errlen, "%s", h->msg);
		icmpt_close(h);
		return -1;
	}
	stats_rtt_init(&rtt);
	for (unsigned i = 0; i < count && rc >= 0; i++) {
		if (icmpt_send(h, dest, size, &seq) == -1) {
			rc = -1;
			break;
		}
		out->sent++;
		rc = echo_wait(h, dest, seq, &rtt, out, last, sizeof(last));
		/* answered or given up: its number is free again */
		untake(h, fam_of(h, h->d[dest].a.af), seq);
	}
	echo_stats(&rtt, out);
	if (rc < 0)
		snprintf(err, errlen, "%s", h->msg);
	else if (out->received == 0)
		snprintf(err, errlen, "no reply%s%s", last[0] ? ": " : "",
		    last);
	icmpt_close(h);
	return rc < 0 ? -1 : out->received > 0 ? 0 : 1;
}
