/* ping_run.h: (stub, to be written by its owner) */
#ifndef ICMPTOOLS_PING_RUN_H
#define ICMPTOOLS_PING_RUN_H
#endif
