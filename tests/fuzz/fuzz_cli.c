/* tests/fuzz/fuzz_cli.c: libFuzzer target for `ovp verify`'s argument parser. */
#include "fuzz_bodies.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) { return fuzz_cli_one(data, size); }
