/* loop.h: (stub, to be written by its owner) */
#ifndef ICMPTOOLS_LOOP_H
#define ICMPTOOLS_LOOP_H
#endif
