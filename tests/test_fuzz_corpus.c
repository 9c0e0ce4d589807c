/* tests/test_fuzz_corpus.c: every input of the fuzz corpora (the malformed
 * inputs the tests use, and any crash the fuzzer ever found) replayed through
 * the fuzz bodies in the normal build: a crash found once stays fixed. */
#include "fuzz/fuzz_bodies.h"

#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>

static size_t replay(const char *sub, int (*body)(const uint8_t *, size_t))
{
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/%s", OVP_FUZZ_CORPUS, sub);
    DIR *d = opendir(dir);
    cr_assert(d, "no corpus at %s", dir);
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char path[8192];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        FILE *f = fopen(path, "rb");
        cr_assert(f, "cannot open %s", path);
        static uint8_t buf[1 << 20];
        size_t len = fread(buf, 1, sizeof buf, f);
        fclose(f);
        body(buf, len);
        n++;
    }
    closedir(d);
    return n;
}

Test(fuzz_corpus, every_csv_input_is_parsed_or_refused_with_a_message)
{
    cr_assert_geq(replay("csv", fuzz_csv_one), 10, "the CSV corpus is missing");
}

Test(fuzz_corpus, every_command_line_is_parsed_or_refused_with_a_message)
{
    cr_assert_geq(replay("cli", fuzz_cli_one), 10, "the CLI corpus is missing");
}
