/*
 * netns.h: fixtures for the Check suites that open real sockets (forked
 * tests only: what they change stays in the child): a private network
 * namespace with lo up, and losing CAP_NET_RAW the way a tool does.
 */
#ifndef ICMPTOOLS_NETNS_H
#define ICMPTOOLS_NETNS_H

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <sched.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#include "priv.h"

/* A private network namespace with lo up and the given ping range. */
static inline void
unit_private_netns(const char *range)
{
	struct ifreq ifr;
	int fd;

	ck_assert_msg(unshare(CLONE_NEWNET) == 0, "unshare: %s",
	    strerror(errno));
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	ck_assert_int_ge(fd, 0);
	memset(&ifr, 0, sizeof(ifr));
	strcpy(ifr.ifr_name, "lo");
	ck_assert_int_eq(ioctl(fd, SIOCGIFFLAGS, &ifr), 0);
	ifr.ifr_flags |= IFF_UP;
	ck_assert_int_eq(ioctl(fd, SIOCSIFFLAGS, &ifr), 0);
	close(fd);
	fd = open("/proc/sys/net/ipv4/ping_group_range", O_WRONLY);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, range, strlen(range)),
	    (ssize_t)strlen(range));
	close(fd);
	/* ::1 needs a moment after lo comes up */
	usleep(50000);
}

/* Lose CAP_NET_RAW for the rest of this (forked) test: priv_drop(). */
static inline void
unit_drop_raw(void)
{
	char err[256];

	priv_init();
	ck_assert_msg(priv_drop(err, sizeof(err)) == 0, "%s", err);
	ck_assert(priv_dropped());
	ck_assert(!priv_can_raw());
}

#endif
