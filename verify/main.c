/* verify/main.c: the `ovp` executable. */
#include "cli.h"

int main(int argc, char **argv) { return ovp_cli_main(argc, argv, NULL, 0); }
