/* loop.c: (stub, to be written by its owner) */
#include "loop.h"
