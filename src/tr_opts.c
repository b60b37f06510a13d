/* tr_opts.c: (stub, to be written by its owner) */
#include "tr_opts.h"
