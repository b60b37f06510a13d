/* ipopt.h: (stub, to be written by its owner) */
#ifndef ICMPTOOLS_IPOPT_H
#define ICMPTOOLS_IPOPT_H
#endif
