/* resolve.c: (stub, to be written by its owner) */
#include "resolve.h"
