/* ping_opts.h: (stub, to be written by its owner) */
#ifndef ICMPTOOLS_PING_OPTS_H
#define ICMPTOOLS_PING_OPTS_H
#endif
