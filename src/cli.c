/* cli.c: (stub, to be written by its owner) */
#include "cli.h"
