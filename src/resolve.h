/* resolve.h: (stub, to be written by its owner) */
#ifndef ICMPTOOLS_RESOLVE_H
#define ICMPTOOLS_RESOLVE_H
#endif
