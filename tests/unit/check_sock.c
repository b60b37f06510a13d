/* check_sock: sockets against loopback only (127.0.0.1, ::1). Raw ICMP
 * echo round trips with kernel timestamps and TTL / hop limit, the ICMP
 * filters, ping sockets (in a private network namespace whose
 * ping_group_range we set; the host's is never touched) including the
 * raw -> datagram fallback and the EACCES explanation, UDP error-queue
 * records, raw IPv6 UDP sends with a port, source selection, truncation.
 * Needs root (raw sockets, unshare): exits 77 otherwise. */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <poll.h>
#include <sched.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <linux/errqueue.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>

#include "addr.h"
#include "cksum.h"
#include "clock.h"
#include "priv.h"
#include "sock.h"
#include "netns.h"
#include "unit.h"
#include "unit_addr.h"

static int
icmp_proto(int af)
{
	return af == AF_INET ? IPPROTO_ICMP : IPPROTO_ICMPV6;
}

static const char *
lo_text(int af)
{
	return af == AF_INET ? "127.0.0.1" : "::1";
}

/* Echo request: type, 0, cksum, id, seq, 24 bytes of payload. */
static size_t
echo(int af, uint16_t id, uint16_t seq, uint8_t *b)
{
	uint16_t c;

	memset(b, 0, 32);
	b[0] = af == AF_INET ? 8 : 128;
	b[4] = (uint8_t)(id >> 8);
	b[5] = (uint8_t)id;
	b[6] = (uint8_t)(seq >> 8);
	b[7] = (uint8_t)seq;
	for (int i = 8; i < 32; i++)
		b[i] = (uint8_t)i;
	/* ICMPv6: the kernel fills the checksum */
	if (af == AF_INET) {
		c = cksum(b, 32);
		b[2] = (uint8_t)(c >> 8);
		b[3] = (uint8_t)c;
	}
	return 32;
}

static bool
wait_fd(int fd, short ev, int ms)
{
	struct pollfd p = { fd, ev, 0 };

	return poll(&p, 1, ms) == 1 && (p.revents & ev);
}

/* Receive until a datagram arrives (or 2 s pass); 1 if one did. */
static int
recv_one(struct sock *s, struct rx *rx, uint8_t *buf, size_t cap, bool errq)
{
	int64_t end = clock_mono_ns() + 2 * NS_PER_SEC;

	while (clock_mono_ns() < end) {
		memset(rx, 0, sizeof(*rx));
		rx->buf = buf;
		rx->cap = cap;
		if (!wait_fd(s->fd, errq ? POLLERR : POLLIN, 100))
			continue;
		int r = sock_recv(s, rx, errq);

		ck_assert_int_ne(r, -1);
		if (r == 1)
			return 1;
	}
	return 0;
}

/* The ICMP message in a received buffer (skips the IPv4 header on raw). */
static const uint8_t *
icmp_of(const struct sock *s, const struct rx *rx, size_t *len)
{
	size_t off = 0;

	if (s->af == AF_INET && s->kind == SOCK_RAW_ICMP) {
		ck_assert_uint_ge(rx->len, 20);
		ck_assert_uint_eq(rx->buf[0] >> 4, 4);
		off = (size_t)(rx->buf[0] & 0x0f) * 4;
	}
	ck_assert_uint_ge(rx->len, off + 8);
	*len = rx->len - off;
	return rx->buf + off;
}

/*
 * One echo round trip; checks the reply's type, id/seq, kernel time
 * within [sent, now], TTL and sender. Returns the reply's id.
 */
static uint16_t
round_trip(struct sock *s, uint16_t id, uint16_t seq)
{
	struct addr lo = unit_addr(s->af, lo_text(s->af));
	uint8_t pkt[64], buf[256];
	const uint8_t *m;
	struct rx rx;
	struct clock_stamp st;
	int64_t t1, rtt;
	size_t len;

	clock_stamp_now(&st);
	ck_assert_int_eq(sock_send(s, pkt, echo(s->af, id, seq, pkt), &lo, 7),
	    32);
	ck_assert_int_eq(recv_one(s, &rx, buf, sizeof(buf), false), 1);
	t1 = clock_mono_ns();
	m = icmp_of(s, &rx, &len);
	ck_assert_uint_eq(m[0], s->af == AF_INET ? 0 : 129);
	ck_assert_uint_eq(len, 32);
	ck_assert_uint_eq((uint16_t)(m[6] << 8 | m[7]), seq);
	ck_assert(!rx.truncated);
	ck_assert(!rx.is_err);
	/* the kernel's stamp is on the wall clock, after our send stamp */
	ck_assert_int_ge(rx.t_kernel, st.real);
	ck_assert_int_ge(rx.t_rx, st.mono);
	ck_assert_int_le(rx.t_rx, t1);
	rtt = clock_rtt_ns(&st, rx.t_rx, rx.t_kernel);
	ck_assert_int_eq(rtt, rx.t_kernel - st.real);
	ck_assert_int_le(rtt, rx.t_rx - st.mono);
	ck_assert_int_gt(rx.ttl, 0);
	ck_assert_int_le(rx.ttl, 255);
	ck_assert(addr_eq(&rx.from, &lo));
	return (uint16_t)(m[4] << 8 | m[5]);
}

static struct sock_opts
icmp_opts(int af, enum sock_pref pref)
{
	struct sock_opts o;

	memset(&o, 0, sizeof(o));
	o.af = af;
	o.proto = icmp_proto(af);
	o.pref = pref;
	o.tos = -1;
	o.pmtudisc = -1;
	o.echo_filter = true;
	o.ttl = 64;
	return o;
}

START_TEST(raw_echo)
{
	int af = _i == 0 ? AF_INET : AF_INET6;
	struct sock_opts o = icmp_opts(af, SOCK_PREF_ANY);
	struct sock s;
	char err[256];

	ck_assert_msg(sock_open(&s, &o, err, sizeof(err)) == 0, "%s", err);
	ck_assert_int_eq(s.kind, SOCK_RAW_ICMP);
	ck_assert_int_eq(s.af, af);
	for (uint16_t seq = 1; seq <= 3; seq++)
		ck_assert_uint_eq(round_trip(&s, 0x4242, seq), 0x4242);
	ck_assert_int_eq(sock_set_ttl(&s, 1), 0);
	ck_assert_uint_eq(round_trip(&s, 0x4242, 4), 0x4242);
	sock_close(&s);
	ck_assert_int_eq(s.fd, -1);
}
END_TEST

/* With the filter, our own looped-back echo requests never show up. In a
 * private namespace (no other ping of the machine's can reach the raw
 * socket), counting only our id, until all 5 replies came or 2 s. */
START_TEST(raw_filter_blocks_requests)
{
	int af = _i == 0 ? AF_INET : AF_INET6;
	struct sock_opts o = icmp_opts(af, SOCK_PREF_RAW);
	struct addr lo = unit_addr(af, lo_text(af));
	uint8_t pkt[64], buf[256];
	uint16_t id = (uint16_t)(0x5000 + getpid());
	int64_t end;
	const uint8_t *m;
	struct sock s;
	struct rx rx;
	char err[256];
	size_t len;
	int n = 0;

	unit_private_netns("0 2147483647");
	ck_assert_msg(sock_open(&s, &o, err, sizeof(err)) == 0, "%s", err);
	for (uint16_t seq = 0; seq < 5; seq++)
		ck_assert_int_eq(sock_send(&s, pkt, echo(af, id, seq, pkt),
		    &lo, 0), 32);
	end = clock_mono_ns() + 2 * NS_PER_SEC;
	while (n < 5 && clock_mono_ns() < end) {
		memset(&rx, 0, sizeof(rx));
		rx.buf = buf;
		rx.cap = sizeof(buf);
		if (sock_recv(&s, &rx, false) != 1) {
			usleep(1000);
			continue;
		}
		m = icmp_of(&s, &rx, &len);
		/* never a request, whoever's */
		ck_assert_uint_eq(m[0], af == AF_INET ? 0 : 129);
		if (len >= 8 && (uint16_t)(m[4] << 8 | m[5]) == id)
			n++;
	}
	ck_assert_int_eq(n, 5);
	/* and nothing more of ours: no request looped back late */
	usleep(20000);
	memset(&rx, 0, sizeof(rx));
	rx.buf = buf;
	rx.cap = sizeof(buf);
	while (sock_recv(&s, &rx, false) == 1) {
		m = icmp_of(&s, &rx, &len);
		ck_assert_uint_eq(m[0], af == AF_INET ? 0 : 129);
	}
	sock_close(&s);
}
END_TEST

/* Without the filter the raw socket sees the requests too (control). */
START_TEST(raw_unfiltered_sees_requests)
{
	int af = _i == 0 ? AF_INET : AF_INET6;
	struct sock_opts o = icmp_opts(af, SOCK_PREF_RAW);
	struct addr lo = unit_addr(af, lo_text(af));
	uint8_t pkt[64], buf[256];
	const uint8_t *m;
	struct sock s;
	struct rx rx;
	char err[256];
	size_t len;
	uint16_t id = (uint16_t)(0x6000 + getpid());
	int64_t end;
	bool req = false;

	/* a namespace of its own, our id, a deadline: no other test's
	 * echoes are counted and no sleep decides */
	unit_private_netns("0 2147483647");
	o.echo_filter = false;
	ck_assert_msg(sock_open(&s, &o, err, sizeof(err)) == 0, "%s", err);
	ck_assert_int_eq(sock_send(&s, pkt, echo(af, id, 1, pkt), &lo, 0),
	    32);
	end = clock_mono_ns() + 2 * NS_PER_SEC;
	while (!req && clock_mono_ns() < end) {
		memset(&rx, 0, sizeof(rx));
		rx.buf = buf;
		rx.cap = sizeof(buf);
		if (sock_recv(&s, &rx, false) != 1) {
			usleep(1000);
			continue;
		}
		m = icmp_of(&s, &rx, &len);
		req = len >= 8 && m[0] == (af == AF_INET ? 8 : 128) &&
		    (uint16_t)(m[4] << 8 | m[5]) == id;
	}
	ck_assert(req);
	sock_close(&s);
}
END_TEST

START_TEST(dgram_echo)
{
	int af = _i == 0 ? AF_INET : AF_INET6;
	struct sock_opts o = icmp_opts(af, SOCK_PREF_DGRAM);
	struct sock s;
	char err[256];

	unit_private_netns("0 2147483647");
	ck_assert_msg(sock_open(&s, &o, err, sizeof(err)) == 0, "%s", err);
	ck_assert_int_eq(s.kind, SOCK_DGRAM_ICMP);
	ck_assert_uint_ne(s.local_id, 0);
	/* the kernel rewrites the id to the socket's: local_id */
	ck_assert_uint_eq(round_trip(&s, 0x1111, 1), s.local_id);
	ck_assert_uint_eq(round_trip(&s, 0x2222, 2), s.local_id);
	sock_close(&s);
}
END_TEST

/* Without CAP_NET_RAW, SOCK_PREF_ANY falls back to a ping socket. */
START_TEST(any_falls_back_to_dgram)
{
	int af = _i == 0 ? AF_INET : AF_INET6;
	struct sock_opts o = icmp_opts(af, SOCK_PREF_ANY);
	struct sock s;
	char err[256];

	unit_private_netns("0 2147483647");
	unit_drop_raw();
	o.pref = SOCK_PREF_RAW;
	ck_assert_int_eq(sock_open(&s, &o, err, sizeof(err)), -1);
	ck_assert_msg(strstr(err, "socket: Operation not permitted") == err,
	    "%s", err);
	o.pref = SOCK_PREF_ANY;
	ck_assert_msg(sock_open(&s, &o, err, sizeof(err)) == 0, "%s", err);
	ck_assert_int_eq(s.kind, SOCK_DGRAM_ICMP);
	ck_assert_uint_eq(round_trip(&s, 7, 1), s.local_id);
	sock_close(&s);
}
END_TEST

/* Outside ping_group_range: one line saying so. */
START_TEST(dgram_eacces_explained)
{
	int af = _i == 0 ? AF_INET : AF_INET6;
	struct sock_opts o = icmp_opts(af, SOCK_PREF_DGRAM);
	struct sock s;
	char err[256];

	unit_private_netns("1 0");
	ck_assert_int_eq(sock_open(&s, &o, err, sizeof(err)), -1);
	ck_assert_int_eq(errno, EACCES);
	ck_assert_msg(strncmp(err, "socket: Permission denied (", 27) == 0,
	    "%s", err);
	ck_assert_msg(strstr(err, "net.ipv4.ping_group_range \"1 0\"") !=
	    NULL, "%s", err);
	ck_assert_ptr_null(strchr(err, '\n'));
}
END_TEST

/* A UDP port nobody listens on. */
static uint16_t
closed_port(int af)
{
	struct sockaddr_storage ss;
	struct addr lo = unit_addr(af, lo_text(af));
	socklen_t sl = addr_to_sa(&lo, 0, &ss);
	int fd = socket(af, SOCK_DGRAM, 0);
	uint16_t port;

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&ss, sl), 0);
	sl = sizeof(ss);
	ck_assert_int_eq(getsockname(fd, (struct sockaddr *)&ss, &sl), 0);
	port = ntohs(af == AF_INET ? ((struct sockaddr_in *)&ss)->sin_port :
	    ((struct sockaddr_in6 *)&ss)->sin6_port);
	close(fd);
	return port;
}

START_TEST(udp_errqueue_port_unreach)
{
	int af = _i == 0 ? AF_INET : AF_INET6;
	struct addr lo = unit_addr(af, lo_text(af));
	struct sock_opts o;
	struct sock s;
	struct rx rx;
	uint8_t buf[256];
	char err[256];
	uint16_t port = closed_port(af);

	memset(&o, 0, sizeof(o));
	o.af = af;
	o.proto = IPPROTO_UDP;
	o.pref = SOCK_PREF_DGRAM;
	o.tos = o.pmtudisc = -1;
	o.recverr = true;
	ck_assert_msg(sock_open(&s, &o, err, sizeof(err)) == 0, "%s", err);
	ck_assert_int_eq(s.kind, SOCK_DGRAM_UDP);
	ck_assert_uint_ne(s.local_id, 0);
	ck_assert_int_eq(sock_send(&s, "probe-payload", 13, &lo, port), 13);
	ck_assert_int_eq(recv_one(&s, &rx, buf, sizeof(buf), true), 1);
	ck_assert(rx.is_err);
	ck_assert_int_eq(rx.err.af, af);
	ck_assert_uint_eq(rx.err.proto, IPPROTO_UDP);
	ck_assert_int_eq(rx.err.err, ECONNREFUSED);
	if (af == AF_INET) {
		ck_assert_uint_eq(rx.err.origin, SO_EE_ORIGIN_ICMP);
		ck_assert_uint_eq(rx.err.type, 3);
		ck_assert_uint_eq(rx.err.code, 3);
	} else {
		ck_assert_uint_eq(rx.err.origin, SO_EE_ORIGIN_ICMP6);
		ck_assert_uint_eq(rx.err.type, 1);
		ck_assert_uint_eq(rx.err.code, 4);
	}
	ck_assert(addr_eq(&rx.err.offender, &lo));
	ck_assert(addr_eq(&rx.from, &lo));
	/* the queue returns what we sent */
	ck_assert_uint_eq(rx.len, 13);
	ck_assert_int_eq(memcmp(buf, "probe-payload", 13), 0);
	ck_assert_int_gt(rx.t_kernel, 0);
	ck_assert_int_le(rx.t_kernel, clock_real_ns());
	ck_assert_int_le(rx.t_rx, clock_mono_ns());
	/* and only once */
	memset(&rx, 0, sizeof(rx));
	rx.buf = buf;
	rx.cap = sizeof(buf);
	ck_assert_int_eq(sock_recv(&s, &rx, true), 0);
	sock_close(&s);
}
END_TEST

/*
 * Raw UDP (probes we build): the port goes in the header, and IPv6 raw
 * sends must not put it in the sockaddr. A raw ICMP socket then sees the
 * port unreachable quoting our header.
 */
START_TEST(raw_udp_send_with_port)
{
	int af = _i == 0 ? AF_INET : AF_INET6;
	struct addr lo = unit_addr(af, lo_text(af));
	struct sock_opts o = icmp_opts(af, SOCK_PREF_RAW), u;
	struct sock si, su;
	struct cksum c;
	struct rx rx;
	uint8_t pkt[16], buf[512];
	const uint8_t *m;
	char err[256];
	uint16_t port = closed_port(af), ck;
	size_t len;

	o.echo_filter = true;
	ck_assert_msg(sock_open(&si, &o, err, sizeof(err)) == 0, "%s", err);
	u = o;
	u.proto = IPPROTO_UDP;
	u.echo_filter = false;
	ck_assert_msg(sock_open(&su, &u, err, sizeof(err)) == 0, "%s", err);
	ck_assert_int_eq(su.kind, SOCK_RAW_PROTO);
	memset(pkt, 0, sizeof(pkt));
	pkt[0] = 0x82;			/* sport 33333 */
	pkt[1] = 0x35;
	pkt[2] = (uint8_t)(port >> 8);
	pkt[3] = (uint8_t)port;
	pkt[5] = sizeof(pkt);
	memcpy(pkt + 8, "rawudp!!", 8);
	cksum_init(&c);
	cksum_pseudo(&c, &lo, &lo, sizeof(pkt), IPPROTO_UDP);
	cksum_add(&c, pkt, sizeof(pkt));
	ck = cksum_final(&c);
	pkt[6] = (uint8_t)(ck >> 8);
	pkt[7] = (uint8_t)ck;
	ck_assert_int_eq(sock_send(&su, pkt, sizeof(pkt), &lo, port),
	    (ssize_t)sizeof(pkt));
	ck_assert_int_eq(recv_one(&si, &rx, buf, sizeof(buf), false), 1);
	m = icmp_of(&si, &rx, &len);
	ck_assert_uint_eq(m[0], af == AF_INET ? 3 : 1);
	ck_assert_uint_eq(m[1], af == AF_INET ? 3 : 4);
	/* the quote carries our ports */
	ck_assert_ptr_nonnull(memmem(m, len, pkt, 4));
	sock_close(&su);
	sock_close(&si);
}
END_TEST

START_TEST(truncated_flag)
{
	int af = _i == 0 ? AF_INET : AF_INET6;
	struct sock_opts o = icmp_opts(af, SOCK_PREF_RAW);
	struct addr lo = unit_addr(af, lo_text(af));
	uint8_t pkt[64], buf[8];
	struct sock s;
	struct rx rx;
	char err[256];

	ck_assert_msg(sock_open(&s, &o, err, sizeof(err)) == 0, "%s", err);
	ck_assert_int_eq(sock_send(&s, pkt, echo(af, 3, 3, pkt), &lo, 0), 32);
	ck_assert_int_eq(recv_one(&s, &rx, buf, sizeof(buf), false), 1);
	ck_assert(rx.truncated);
	ck_assert_uint_eq(rx.len, sizeof(buf));
	sock_close(&s);
}
END_TEST

START_TEST(source_for_loopback)
{
	int af = _i == 0 ? AF_INET : AF_INET6;
	struct addr lo = unit_addr(af, lo_text(af)), src;

	memset(&src, 0, sizeof(src));
	ck_assert_int_eq(sock_source_for(af, &lo, NULL, false, &src), 0);
	ck_assert(addr_eq(&src, &lo));
}
END_TEST

/* -l: the flow label is on the wire (captured on lo with AF_PACKET). */
START_TEST(flowlabel_on_wire)
{
	struct sock_opts o = icmp_opts(AF_INET6, SOCK_PREF_RAW);
	struct addr lo = unit_addr(AF_INET6, "::1");
	uint8_t pkt[64], buf[256];
	struct sock s;
	char err[256];
	uint32_t label = 0;
	int pfd;
	ssize_t n;

	unit_private_netns("1 0");
	pfd = socket(AF_PACKET, SOCK_DGRAM, htons(ETH_P_IPV6));
	ck_assert_int_ge(pfd, 0);
	o.flowlabel = 0x54321;
	ck_assert_msg(sock_open(&s, &o, err, sizeof(err)) == 0, "%s", err);
	ck_assert_int_eq(sock_send(&s, pkt, echo(AF_INET6, 1, 1, pkt), &lo,
	    0), 32);
	ck_assert(s.flowlabel_ok);
	while (wait_fd(pfd, POLLIN, 500) &&
	    (n = recv(pfd, buf, sizeof(buf), MSG_DONTWAIT)) >= 41) {
		/* IPv6 header, next header ICMPv6, our echo request */
		if (buf[6] != IPPROTO_ICMPV6 || buf[40] != 128)
			continue;
		label = (uint32_t)(buf[1] & 0x0f) << 16 |
		    (uint32_t)buf[2] << 8 | buf[3];
		break;
	}
	ck_assert_uint_eq(label, 0x54321);
	close(pfd);
	sock_close(&s);
}
END_TEST

START_TEST(options_and_errors)
{
	int af = _i == 0 ? AF_INET : AF_INET6;
	struct sock_opts o = icmp_opts(af, SOCK_PREF_RAW);
	struct sock s;
	char err[256];

	o.tos = 0x10;
	o.pmtudisc = 2;		/* IP_PMTUDISC_DO == IPV6_PMTUDISC_DO */
	o.mark = 7;
	o.broadcast = af == AF_INET;
	o.sndbuf = o.rcvbuf = 65536;
	o.flowlabel = af == AF_INET6 ? 0x12345 : 0;
	o.src = unit_addr(af, lo_text(af));
	ck_assert_msg(sock_open(&s, &o, err, sizeof(err)) == 0, "%s", err);
	ck_assert_uint_eq(round_trip(&s, 5, 5), 5);
	sock_close(&s);
	o = icmp_opts(af, SOCK_PREF_RAW);
	o.device = "nonexistent0";
	ck_assert_int_eq(sock_open(&s, &o, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "SO_BINDTODEVICE nonexistent0: No such device");
	ck_assert_int_eq(s.fd, -1);
	o = icmp_opts(af, SOCK_PREF_RAW);
	o.af = 12345;
	ck_assert_int_eq(sock_open(&s, &o, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "socket: Address family not supported by "
	    "protocol");
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("sock");
	TCase *tc = tcase_create("sock");

	if (geteuid() != 0) {
		printf("SKIP: check_sock needs root (raw sockets, unshare)\n");
		return 77;
	}
	tcase_set_timeout(tc, 20);
	tcase_add_loop_test(tc, raw_echo, 0, 2);
	tcase_add_loop_test(tc, raw_filter_blocks_requests, 0, 2);
	tcase_add_loop_test(tc, raw_unfiltered_sees_requests, 0, 2);
	tcase_add_loop_test(tc, dgram_echo, 0, 2);
	tcase_add_loop_test(tc, any_falls_back_to_dgram, 0, 2);
	tcase_add_loop_test(tc, dgram_eacces_explained, 0, 2);
	tcase_add_loop_test(tc, udp_errqueue_port_unreach, 0, 2);
	tcase_add_loop_test(tc, raw_udp_send_with_port, 0, 2);
	tcase_add_loop_test(tc, truncated_flag, 0, 2);
	tcase_add_loop_test(tc, source_for_loopback, 0, 2);
	tcase_add_loop_test(tc, options_and_errors, 0, 2);
	tcase_add_test(tc, flowlabel_on_wire);
	suite_add_tcase(s, tc);
	/* every test forks: unshare() and priv_drop() stay in the child */
	return unit_run(s, CK_FORK);
}
