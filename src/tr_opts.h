/* tr_opts.h: (stub, to be written by its owner) */
#ifndef ICMPTOOLS_TR_OPTS_H
#define ICMPTOOLS_TR_OPTS_H
#endif
