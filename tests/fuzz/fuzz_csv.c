/* tests/fuzz/fuzz_csv.c: libFuzzer target for the CSV dataset reader. */
#include "fuzz_bodies.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) { return fuzz_csv_one(data, size); }
