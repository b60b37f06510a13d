/* clock.c: (stub, to be written by its owner) */
#include "clock.h"
