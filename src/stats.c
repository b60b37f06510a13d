/* stats.c: (stub, to be written by its owner) */
#include "stats.h"
