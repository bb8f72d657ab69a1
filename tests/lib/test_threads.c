/* test_threads.c: one engine, many threads. Renders every document given from memory once on
 * the calling thread (the reference bytes and messages), then from T threads at once on the
 * same engine, each thread every document R times in its own order, PDF and OFD alternately,
 * and checks that every PDF is byte for byte the reference and every call gave the same
 * messages (the characters no font has are reported once per document, whatever the other
 * threads shape). Run under ThreadSanitizer by tests/run-all (build-tsan).
 *
 *   test_threads [-t THREADS] [-r ROUNDS] FILE...   (default 8 threads, 2 rounds) */
#include <gongwen/gongwen.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    char *name;
    unsigned char *text;
    size_t len;
    unsigned char *pdf;
    size_t pdf_len;
    char *messages; /* every message, as text */
} doc;

typedef struct {
    const gongwen_engine *e;
    doc *docs;
    size_t n;
    int rounds, id;
    int failures;
} job;

static char *messages_of(const gongwen_diagnostics *d)
{
    char *s = NULL;
    gongwen_diagnostics_format(d, GONGWEN_NOTE, GONGWEN_PRINT_RULE, &s);
    return s;
}

static void *work(void *arg)
{
    job *j = arg;
    gongwen_diagnostics *d = gongwen_diagnostics_new();
    gongwen_options *pdf = gongwen_options_new(), *ofd = gongwen_options_new();
    gongwen_options_set_format(ofd, GONGWEN_FORMAT_OFD);
    for (int r = 0; r < j->rounds; r++) {
        for (size_t k = 0; k < j->n; k++) {
            doc *x = &j->docs[(k + (size_t)j->id) % j->n]; /* each thread in its own order */
            bool as_ofd = (k + (size_t)r + (size_t)j->id) % 3 == 2;
            unsigned char *out = NULL;
            size_t len = 0;
            gongwen_diagnostics_clear(d);
            gongwen_status s = gongwen_render(j->e, x->text, x->len, x->name, as_ofd ? ofd : pdf,
                                              &out, &len, d);
            char *m = messages_of(d);
            if (s != GONGWEN_OK) {
                fprintf(stderr, "FAIL thread %d: %s: %s\n", j->id, x->name, gongwen_status_string(s));
                j->failures++;
            } else if (!as_ofd && (len != x->pdf_len || memcmp(out, x->pdf, len) != 0)) {
                fprintf(stderr, "FAIL thread %d: %s: not the same PDF\n", j->id, x->name);
                j->failures++;
            } else if (!as_ofd && strcmp(m, x->messages) != 0) {
                fprintf(stderr, "FAIL thread %d: %s: other messages:\n%s---\n%s", j->id, x->name,
                        m, x->messages);
                j->failures++;
            }
            gongwen_free(m);
            gongwen_free(out);
        }
    }
    gongwen_options_free(pdf);
    gongwen_options_free(ofd);
    gongwen_diagnostics_free(d);
    return NULL;
}

int main(int argc, char **argv)
{
    int threads = 8, rounds = 2;
    doc *docs = calloc((size_t)argc, sizeof *docs);
    size_t n = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-t") == 0 && i + 1 < argc)
            threads = atoi(argv[++i]);
        else if (strcmp(argv[i], "-r") == 0 && i + 1 < argc)
            rounds = atoi(argv[++i]);
        else {
            docs[n].name = argv[i];
            if (gongwen_read_file(argv[i], 0, &docs[n].text, &docs[n].len, NULL) != GONGWEN_OK) {
                fprintf(stderr, "cannot read %s\n", argv[i]);
                return 2;
            }
            n++;
        }
    }
    if (!n || threads < 1 || threads > 64) {
        fprintf(stderr, "usage: test_threads [-t THREADS] [-r ROUNDS] FILE...\n");
        return 2;
    }
    gongwen_engine_options *eo = gongwen_engine_options_new();
    gongwen_engine_options_set_font_threads(eo, 1);
    gongwen_engine *e = NULL;
    gongwen_diagnostics *d = gongwen_diagnostics_new();
    if (gongwen_engine_new(eo, &e, d) != GONGWEN_OK) {
        gongwen_diagnostics_print(d, stderr, GONGWEN_NOTE, 0);
        return 2;
    }
    gongwen_engine_options_free(eo);
    for (size_t k = 0; k < n; k++) { /* the references, one thread */
        gongwen_diagnostics_clear(d);
        if (gongwen_render(e, docs[k].text, docs[k].len, docs[k].name, NULL, &docs[k].pdf,
                           &docs[k].pdf_len, d) != GONGWEN_OK) {
            gongwen_diagnostics_print(d, stderr, GONGWEN_NOTE, 0);
            return 2;
        }
        docs[k].messages = messages_of(d);
    }
    gongwen_diagnostics_free(d);
    job *jobs = calloc((size_t)threads, sizeof *jobs);
    pthread_t *th = calloc((size_t)threads, sizeof *th);
    for (int t = 0; t < threads; t++) {
        jobs[t] = (job){ e, docs, n, rounds, t, 0 };
        if (pthread_create(&th[t], NULL, work, &jobs[t]) != 0) {
            fprintf(stderr, "cannot start thread %d\n", t);
            return 2;
        }
    }
    int failures = 0;
    for (int t = 0; t < threads; t++) {
        pthread_join(th[t], NULL);
        failures += jobs[t].failures;
    }
    printf("%d threads on one engine, %zu documents x %d rounds each: %d failures\n", threads, n,
           rounds, failures);
    for (size_t k = 0; k < n; k++) {
        gongwen_free(docs[k].text);
        gongwen_free(docs[k].pdf);
        gongwen_free(docs[k].messages);
    }
    free(docs);
    free(jobs);
    free(th);
    gongwen_engine_free(e);
    return failures ? 1 : 0;
}
