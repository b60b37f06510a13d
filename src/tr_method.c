/* tr_method.c: (stub, to be written by its owner) */
#include "tr_method.h"
