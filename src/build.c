/* build.c: (stub, to be written by its owner) */
#include "build.h"
