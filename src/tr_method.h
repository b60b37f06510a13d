/* tr_method.h: (stub, to be written by its owner) */
#ifndef ICMPTOOLS_TR_METHOD_H
#define ICMPTOOLS_TR_METHOD_H
#endif
