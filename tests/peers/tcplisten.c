/*
 * tcplisten: a TCP listener for the lab (traceroute -T -O info and
 * -M tcpconn must see a destination where something listens). Usage:
 *   tcplisten ADDR PORT
 * binds ADDR (IPv4 or IPv6 literal) PORT, listens, prints
 * "tcplisten: ready" and accepts (and closes) connections until killed.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int
main(int argc, char *argv[])
{
	struct sockaddr_storage ss;
	struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;
	socklen_t sl;
	int fd, one = 1;
	long port;

	if (argc != 3 || (port = strtol(argv[2], NULL, 10)) < 1 ||
	    port > 65535) {
		fprintf(stderr, "usage: tcplisten ADDR PORT\n");
		return 2;
	}
	memset(&ss, 0, sizeof(ss));
	if (inet_pton(AF_INET, argv[1], &s4->sin_addr) == 1) {
		s4->sin_family = AF_INET;
		s4->sin_port = htons((uint16_t)port);
		sl = sizeof(*s4);
	} else if (inet_pton(AF_INET6, argv[1], &s6->sin6_addr) == 1) {
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons((uint16_t)port);
		sl = sizeof(*s6);
	} else {
		fprintf(stderr, "tcplisten: bad address %s\n", argv[1]);
		return 2;
	}
	if ((fd = socket(ss.ss_family, SOCK_STREAM, 0)) == -1 ||
	    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ==
	    -1 || bind(fd, (struct sockaddr *)&ss, sl) == -1 ||
	    listen(fd, 64) == -1) {
		perror("tcplisten");
		return 1;
	}
	printf("tcplisten: ready\n");
	fflush(stdout);
	for (;;) {
		int c = accept(fd, NULL, NULL);

		if (c >= 0)
			close(c);
	}
}
