/* icmpext.h: (stub, to be written by its owner) */
#ifndef ICMPTOOLS_ICMPEXT_H
#define ICMPTOOLS_ICMPEXT_H
#endif
