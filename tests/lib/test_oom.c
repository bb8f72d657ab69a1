/* test_oom.c: out of memory is a status. Renders a small document (to PDF and to OFD), reads
 * and checks it, with the N-th allocation of the call failing, for every N from 1 to the
 * number of allocations the call makes (the test hook of src/base/gw_mem.h; --stride K tries
 * every K-th in the sanitizer-less build of a big document). Each failed call must return
 * GONGWEN_ERROR_NO_MEMORY with an `out-of-memory` diagnostic and no output; the engine must
 * then render the document again to the same bytes; the sanitizer build (LeakSanitizer at
 * exit) proves that nothing of a failed call stays allocated.
 *
 *   test_oom [--stride K] [--limit] [FILE]   FILE: the document (default: a small notice)
 *   --limit: the same through the memory limit (every limit from 64 KiB up, doubling). */
#include <dirent.h>
#include <gongwen/gongwen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/gw_mem.h"

static const char small[] = "泉州市科学技术局文件\n"
                            "泉科〔2021〕185号\n"
                            "\n"
                            "关于开展科技活动周活动的通知\n"
                            "\n"
                            "各县（市、区）科技局：\n"
                            "\n"
                            "　　现将有关事项通知如下。请认真组织，按时报送。\n"
                            "\n"
                            "泉州市科学技术局\n"
                            "2021年5月8日\n";

static int failures;
static const char *doc_name = "oom.txt"; /* messages name it; images are relative to it */

#define CHECK(cond, ...)                                                                        \
    do {                                                                                        \
        if (!(cond)) {                                                                          \
            fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__);                                \
            fprintf(stderr, __VA_ARGS__);                                                       \
            fputc('\n', stderr);                                                                \
            failures++;                                                                         \
        }                                                                                       \
    } while (0)

static bool has_rule(const gongwen_diagnostics *d, const char *rule)
{
    for (size_t i = 0; i < gongwen_diagnostics_count(d); i++)
        if (strcmp(gongwen_diagnostic_rule(d, i), rule) == 0)
            return true;
    return false;
}

enum { RENDER_PDF, RENDER_OFD, READ_JSON, CHECK_TEXT, RENDER_FILE, PROOF, PAGE_PNG, N_CALLS };
static const char *const call_names[] = { "render PDF", "render OFD", "read JSON", "check",
                                          "file→file", "proof", "page PNG" };
static gongwen_proofer *proofer; /* PROOF, PAGE_PNG: made once */
static gongwen_proof *proof;     /* PAGE_PNG: its last page (seals) drawn */

/* RENDER_FILE: the text written to a folder of its own, rendered to a file beside it. */
static char folder[] = "/tmp/gongwen-oom-XXXXXX";
static char in_path[4096], out_path[64];

/* How many entries the folder holds besides the input (a PDF, a temporary file left). */
static int others_in_folder(void)
{
    DIR *d = opendir(folder);
    int n = 0;
    for (struct dirent *e; d && (e = readdir(d));)
        n += e->d_name[0] != '.' && strcmp(e->d_name, "in.txt") != 0;
    if (d)
        closedir(d);
    return n;
}

/* One call of kind k; its output (bytes or JSON) in *out. */
static gongwen_status call(int k, const gongwen_engine *e, const char *text, size_t len,
                           const gongwen_options *opt, unsigned char **out, size_t *out_len,
                           gongwen_diagnostics *d)
{
    *out = NULL;
    *out_len = 0;
    switch (k) {
    case RENDER_PDF:
    case RENDER_OFD: {
        (void)opt;
        gongwen_options *o = gongwen_options_new();
        gongwen_options_set_format(o, k == RENDER_OFD ? GONGWEN_FORMAT_OFD : GONGWEN_FORMAT_PDF);
        gongwen_status s = gongwen_render(e, text, len, doc_name, o, out, out_len, d);
        gongwen_options_free(o);
        return s;
    }
    case READ_JSON: {
        char *json = NULL;
        gongwen_status s = gongwen_read_json(text, len, doc_name, opt, &json, d);
        *out = (unsigned char *)json;
        *out_len = json ? strlen(json) : 0;
        return s;
    }
    case CHECK_TEXT:
        return gongwen_check(text, len, doc_name, opt, d);
    case PROOF: {
        gongwen_proof *pr = NULL;
        gongwen_status s = gongwen_proof_new(proofer, text, len, doc_name, opt, &pr, d);
        if (s == GONGWEN_OK) { /* its layout record, to compare */
            char *rec = NULL;
            gongwen_proof_text(pr, GONGWEN_PROOF_RECORD, &rec);
            *out = (unsigned char *)rec;
            *out_len = rec ? strlen(rec) : 0;
        }
        gongwen_proof_free(pr);
        return s;
    }
    case PAGE_PNG:
        return gongwen_proof_page_png(proof, gongwen_proof_pages(proof) - 1, 40, 1, 0, out, out_len, d);
    default: {
        gongwen_status s = gongwen_render_file(e, in_path, out_path, opt, d);
        FILE *f = s == GONGWEN_OK ? fopen(out_path, "rb") : NULL;
        if (f) { /* the bytes written, for the comparison */
            fseek(f, 0, SEEK_END);
            *out_len = (size_t)ftell(f);
            rewind(f);
            *out = malloc(*out_len ? *out_len : 1);
            if (fread(*out, 1, *out_len, f) != *out_len)
                *out_len = 0;
            fclose(f);
            unlink(out_path);
        }
        return s;
    }
    }
}

static void every_allocation(const gongwen_engine *e, const char *text, size_t len, unsigned long stride)
{
    for (int k = 0; k < N_CALLS; k++) {
        gongwen_diagnostics *d = gongwen_diagnostics_new();
        unsigned char *good = NULL;
        size_t good_len = 0;
        gongwen_status s = call(k, e, text, len, NULL, &good, &good_len, d);
        unsigned long n = gw_mem_test_last_count();
        CHECK(s == GONGWEN_OK, "%s: %s", call_names[k], gongwen_status_string(s));
        unsigned long tried = 0, nomem = 0;
        for (unsigned long at = 1; at <= n; at += at < 64 ? 1 : stride) {
            gongwen_diagnostics_clear(d);
            unsigned char *out = NULL;
            size_t out_len = 0;
            gw_mem_test_fail_at(at);
            s = call(k, e, text, len, NULL, &out, &out_len, d);
            tried++;
            if (s == GONGWEN_ERROR_NO_MEMORY) {
                nomem++;
                CHECK(out == NULL && out_len == 0, "%s, allocation %lu: output left", call_names[k], at);
                if (k == RENDER_FILE)
                    CHECK(others_in_folder() == 0, "file→file, allocation %lu: a file left behind", at);
                CHECK(has_rule(d, "out-of-memory"), "%s, allocation %lu: no out-of-memory message",
                      call_names[k], at);
            } else {
                /* an allocation whose failure the stage copes with: the same result */
                CHECK(s == GONGWEN_OK, "%s, allocation %lu: %s", call_names[k], at,
                      gongwen_status_string(s));
                if (s == GONGWEN_OK && k != RENDER_OFD)
                    CHECK(out_len == good_len && memcmp(out, good, good_len) == 0,
                          "%s, allocation %lu coped with, but other bytes", call_names[k], at);
            }
            if (k == RENDER_FILE)
                free(out);
            else
                gongwen_free(out);
        }
        gw_mem_test_fail_at(0);
        /* and the engine is as it was: the same bytes again (the OFD's DocID is random) */
        unsigned char *again = NULL;
        size_t again_len = 0;
        gongwen_diagnostics_clear(d);
        s = call(k, e, text, len, NULL, &again, &again_len, d);
        CHECK(s == GONGWEN_OK, "%s after the failures: %s", call_names[k], gongwen_status_string(s));
        if (k != RENDER_OFD && good_len)
            CHECK(again_len == good_len && memcmp(again, good, good_len) == 0,
                  "%s after the failures: different bytes", call_names[k]);
        printf("%-10s %6lu allocations, %6lu failed on purpose, %6lu out-of-memory statuses\n",
               call_names[k], n, tried, nomem);
        if (k == RENDER_FILE) {
            free(good);
            free(again);
        } else {
            gongwen_free(good);
            gongwen_free(again);
        }
        gongwen_diagnostics_free(d);
    }
}

/* Making an engine (fonts through fontconfig and HarfBuzz, the rules): every stride-th
 * allocation failing. */
static void engines(const gongwen_engine_options *eo, unsigned long stride)
{
    gongwen_diagnostics *d = gongwen_diagnostics_new();
    gongwen_engine *e = NULL;
    gongwen_status s = gongwen_engine_new(eo, &e, d);
    unsigned long n = gw_mem_test_last_count(), tried = 0, nomem = 0;
    CHECK(s == GONGWEN_OK, "engine: %s", gongwen_status_string(s));
    gongwen_engine_free(e);
    for (unsigned long at = 1; at <= n; at += at < 64 ? 1 : stride) {
        gongwen_diagnostics_clear(d);
        gw_mem_test_fail_at(at);
        e = NULL;
        s = gongwen_engine_new(eo, &e, d);
        tried++;
        if (s == GONGWEN_ERROR_NO_MEMORY) {
            nomem++;
            CHECK(e == NULL, "engine, allocation %lu: an engine left", at);
            CHECK(has_rule(d, "out-of-memory"), "engine, allocation %lu: no message", at);
        } else {
            CHECK(s == GONGWEN_OK, "engine, allocation %lu: %s", at, gongwen_status_string(s));
        }
        gongwen_engine_free(e);
    }
    gw_mem_test_fail_at(0);
    printf("%-10s %6lu allocations, %6lu failed on purpose, %6lu out-of-memory statuses\n",
           "engine", n, tried, nomem);
    gongwen_diagnostics_free(d);
}

/* The memory limit: from 64 KiB up, each too small a limit fails alone, cleanly. */
static void limits(const gongwen_engine *e, const char *text, size_t len)
{
    gongwen_options *o = gongwen_options_new();
    gongwen_diagnostics *d = gongwen_diagnostics_new();
    size_t limit = 64 << 10;
    int fails = 0;
    for (;; limit *= 2) {
        gongwen_options_set_memory_limit(o, limit);
        unsigned char *out = NULL;
        size_t out_len = 0;
        gongwen_diagnostics_clear(d);
        gongwen_status s = gongwen_render(e, text, len, doc_name, o, &out, &out_len, d);
        gongwen_free(out);
        if (s == GONGWEN_OK)
            break;
        CHECK(s == GONGWEN_ERROR_NO_MEMORY, "limit %zu: %s", limit, gongwen_status_string(s));
        CHECK(has_rule(d, "out-of-memory"), "limit %zu: no out-of-memory message", limit);
        fails++;
        if (limit > ((size_t)1 << 34))
            break;
    }
    printf("memory limit: %d limits too small (up to %zu KiB), rendered within %zu KiB\n", fails,
           limit / 2 >> 10, limit >> 10);
    CHECK(fails > 0, "even 64 KiB was enough");
    gongwen_diagnostics_free(d);
    gongwen_options_free(o);
}

int main(int argc, char **argv)
{
    unsigned long stride = 1;
    bool with_limits = false;
    const char *file = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--stride") == 0 && i + 1 < argc)
            stride = strtoul(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "--limit") == 0)
            with_limits = true;
        else
            file = argv[i];
    }
    if (file)
        doc_name = file;
    char *text = (char *)small;
    size_t len = strlen(small);
    if (file && gongwen_read_file(file, 0, (unsigned char **)&text, &len, NULL) != GONGWEN_OK) {
        fprintf(stderr, "cannot read %s\n", file);
        return 2;
    }
    if (!mkdtemp(folder))
        return 2;
    snprintf(in_path, sizeof in_path, "%s/in.txt", folder);
    snprintf(out_path, sizeof out_path, "%s/out.pdf", folder);
    FILE *f = fopen(in_path, "wb"); /* (a document given keeps its own path: its seals) */
    if (!f || fwrite(text, 1, len, f) != len || fclose(f) != 0)
        return 2;
    if (file)
        snprintf(in_path, sizeof in_path, "%s", file);
    gongwen_engine_options *eo = gongwen_engine_options_new();
    gongwen_engine_options_set_font_threads(eo, 1); /* the same allocations in every run */
    gongwen_engine *e = NULL;
    gongwen_diagnostics *d = gongwen_diagnostics_new();
    if (gongwen_engine_new(eo, &e, d) != GONGWEN_OK) {
        gongwen_diagnostics_print(d, stderr, GONGWEN_NOTE, 0);
        return 2;
    }
    gongwen_proofer_new(e, NULL, &proofer, d);
    gongwen_proof_new(proofer, text, len, doc_name, NULL, &proof, d);
    if (!proof) {
        gongwen_diagnostics_print(d, stderr, GONGWEN_NOTE, 0);
        return 2;
    }
    every_allocation(e, text, len, stride ? stride : 1);
    gongwen_proof_free(proof);
    gongwen_proofer_free(proofer);
    engines(eo, stride > 1 ? stride : 3);
    if (with_limits)
        limits(e, text, len);
    gongwen_engine_free(e);
    gongwen_engine_options_free(eo);
    gongwen_diagnostics_free(d);
    if (text != small)
        gongwen_free(text);
    char copy[64];
    snprintf(copy, sizeof copy, "%s/in.txt", folder);
    unlink(copy);
    rmdir(folder);
    printf("%d failed\n", failures);
    return failures ? 1 : 0;
}
