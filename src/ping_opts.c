/* ping_opts.c: (stub, to be written by its owner) */
#include "ping_opts.h"
