/* stats.h: (stub, to be written by its owner) */
#ifndef ICMPTOOLS_STATS_H
#define ICMPTOOLS_STATS_H
#endif
