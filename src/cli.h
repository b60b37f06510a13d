/* cli.h: (stub, to be written by its owner) */
#ifndef ICMPTOOLS_CLI_H
#define ICMPTOOLS_CLI_H
#endif
