/* addr.c: (stub, to be written by its owner) */
#include "addr.h"
