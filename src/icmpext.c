/* icmpext.c: (stub, to be written by its owner) */
#include "icmpext.h"
