/* ipopt.c: (stub, to be written by its owner) */
#include "ipopt.h"
