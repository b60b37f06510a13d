/* priv.h: (stub, to be written by its owner) */
#ifndef ICMPTOOLS_PRIV_H
#define ICMPTOOLS_PRIV_H
#endif
