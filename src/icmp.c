/* icmp.c: (stub, to be written by its owner) */
#include "icmp.h"
