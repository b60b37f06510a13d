/* icmpnames.c: (stub, to be written by its owner) */
#include "icmpnames.h"
