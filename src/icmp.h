/* icmp.h: (stub, to be written by its owner) */
#ifndef ICMPTOOLS_ICMP_H
#define ICMPTOOLS_ICMP_H
#endif
