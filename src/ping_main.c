/* ping_main.c: (stub) */
#include "exitcodes.h"
int
main(void)
{
	return EXIT_ERROR;
}
