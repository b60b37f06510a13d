/* match.c: (stub, to be written by its owner) */
#include "match.h"
