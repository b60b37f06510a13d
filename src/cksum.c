/* cksum.c: (stub, to be written by its owner) */
#include "cksum.h"
