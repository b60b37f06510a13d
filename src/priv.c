/* priv.c: (stub, to be written by its owner) */
#include "priv.h"
