/* parse.c: (stub, to be written by its owner) */
#include "parse.h"
