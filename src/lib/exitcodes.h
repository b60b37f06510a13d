/* exitcodes.h: the exit statuses both tools document (iputils ping's). */
#ifndef ICMPTOOLS_EXITCODES_H
#define ICMPTOOLS_EXITCODES_H

#define EXIT_OK		0	/* replies came (all of them, with -c and -w) */
#define EXIT_NOREPLY	1	/* no reply / destination not reached */
#define EXIT_ERROR	2	/* bad usage, unknown host, no socket, ... */

#endif
