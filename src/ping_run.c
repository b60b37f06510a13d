/* ping_run.c: (stub, to be written by its owner) */
#include "ping_run.h"
