/* tr_sched.c: (stub, to be written by its owner) */
#include "tr_sched.h"
