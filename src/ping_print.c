/* ping_print.c: (stub, to be written by its owner) */
#include "ping_print.h"
