/* tr_sched.h: (stub, to be written by its owner) */
#ifndef ICMPTOOLS_TR_SCHED_H
#define ICMPTOOLS_TR_SCHED_H
#endif
