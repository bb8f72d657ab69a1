/* replay.c: runs a fuzz target (linked in) on files, without libFuzzer: the regression
 * corpus (inputs the fuzzers once found crashing or slow) in the ordinary test builds, under
 * ASan and UBSan there. Each file must finish within the time given (seconds). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "base/gw_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: replay SECONDS FILE...\n");
        return 2;
    }
    double limit = atof(argv[1]);
    int slow = 0;
    for (int i = 2; i < argc; i++) {
        size_t len = 0;
        char *data = gw_read_whole_file(argv[i], &len);
        if (!data) {
            fprintf(stderr, "%s: cannot read\n", argv[i]);
            return 1;
        }
        struct timespec t0, t1;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        LLVMFuzzerTestOneInput((const uint8_t *)data, len);
        clock_gettime(CLOCK_MONOTONIC, &t1);
        double s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
        printf("%s: %.3f s\n", argv[i], s);
        if (s > limit) {
            fprintf(stderr, "%s: %.1f s, more than %.1f s\n", argv[i], s, limit);
            slow++;
        }
        free(data);
    }
    return slow ? 1 : 0;
}
