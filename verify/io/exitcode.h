/* verify/io/exitcode.h: the exit codes of `ovp` and its commands. */
#ifndef OVP_EXITCODE_H
#define OVP_EXITCODE_H

enum { OVP_EXIT_FAIL = 1, OVP_EXIT_USAGE = 2, OVP_EXIT_RUNTIME = 3 };

#endif
