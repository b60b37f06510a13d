/* sock.c: (stub, to be written by its owner) */
#include "sock.h"
