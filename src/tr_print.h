/* tr_print.h: (stub, to be written by its owner) */
#ifndef ICMPTOOLS_TR_PRINT_H
#define ICMPTOOLS_TR_PRINT_H
#endif
