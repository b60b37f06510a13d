/* tr_print.c: (stub, to be written by its owner) */
#include "tr_print.h"
