/* ping_print.h: (stub, to be written by its owner) */
#ifndef ICMPTOOLS_PING_PRINT_H
#define ICMPTOOLS_PING_PRINT_H
#endif
