/* icmpnames.h: (stub, to be written by its owner) */
#ifndef ICMPTOOLS_ICMPNAMES_H
#define ICMPTOOLS_ICMPNAMES_H
#endif
