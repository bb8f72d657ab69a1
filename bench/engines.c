/* engines.c: documents per second with one engine shared by T threads versus one engine per
 * thread (issue 12). Every document is read into memory once; each thread renders documents
 * to PDF in memory, taking the next one from a shared counter, until N have been rendered.
 * Engines are made before the clock starts; their making is reported on its own (it is what
 * one engine per thread costs in time and memory).
 *
 *   build/bench/bench-engines [-t THREADS] [-n DOCUMENTS] [--only shared|per-thread] FILE...
 *   (--only: that mode alone, for its peak memory under /usr/bin/time)
 *   e.g. build/bench/bench-engines -t 2 -n 200 examples/NAME.txt … */
#include <gongwen/gongwen.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct {
    unsigned char *text;
    size_t len;
    const char *name;
} doc;

typedef struct {
    const gongwen_engine *e;
    const doc *docs;
    size_t n_docs;
    atomic_size_t *next;
    size_t total;
    size_t failed;
} worker;

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void *run(void *arg)
{
    worker *w = arg;
    for (size_t i; (i = atomic_fetch_add(w->next, 1)) < w->total;) {
        const doc *d = &w->docs[i % w->n_docs];
        unsigned char *pdf = NULL;
        size_t len = 0;
        if (gongwen_render(w->e, d->text, d->len, d->name, NULL, &pdf, &len, NULL) != GONGWEN_OK)
            w->failed++;
        gongwen_free(pdf);
    }
    return NULL;
}

static gongwen_engine *make_engine(void)
{
    gongwen_engine_options *o = gongwen_engine_options_new();
    gongwen_engine_options_set_font_threads(o, 1); /* the threads are the documents' */
    gongwen_engine *e = NULL;
    gongwen_status s = gongwen_engine_new(o, &e, NULL);
    gongwen_engine_options_free(o);
    if (s != GONGWEN_OK) {
        fprintf(stderr, "bench-engines: no engine: %s\n", gongwen_status_string(s));
        exit(1);
    }
    return e;
}

/* Renders total documents on threads threads; shared: one engine for all. Docs per second. */
static double measure(int threads, bool shared, const doc *docs, size_t n_docs, size_t total,
                      double *setup_s)
{
    gongwen_engine **engines = calloc((size_t)threads, sizeof *engines);
    double t0 = now();
    for (int t = 0; t < threads; t++)
        engines[t] = shared && t > 0 ? engines[0] : make_engine();
    *setup_s = now() - t0;
    atomic_size_t next = 0;
    worker *ws = calloc((size_t)threads, sizeof *ws);
    pthread_t *th = calloc((size_t)threads, sizeof *th);
    double t1 = now();
    for (int t = 0; t < threads; t++) {
        ws[t] = (worker){ engines[t], docs, n_docs, &next, total, 0 };
        pthread_create(&th[t], NULL, run, &ws[t]);
    }
    size_t failed = 0;
    for (int t = 0; t < threads; t++) {
        pthread_join(th[t], NULL);
        failed += ws[t].failed;
    }
    double secs = now() - t1;
    for (int t = 0; t < threads; t++)
        if (!shared || t == 0)
            gongwen_engine_free(engines[t]);
    if (failed)
        fprintf(stderr, "bench-engines: %zu documents failed\n", failed);
    free(engines);
    free(ws);
    free(th);
    return (double)total / secs;
}

int main(int argc, char **argv)
{
    int threads = 2;
    size_t total = 100;
    const char *only = NULL;
    doc *docs = calloc((size_t)argc, sizeof *docs);
    size_t n = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-t") == 0 && i + 1 < argc)
            threads = atoi(argv[++i]);
        else if (strcmp(argv[i], "-n") == 0 && i + 1 < argc)
            total = strtoul(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "--only") == 0 && i + 1 < argc)
            only = argv[++i];
        else if (gongwen_read_file(argv[i], 0, &docs[n].text, &docs[n].len, NULL) == GONGWEN_OK)
            docs[n++].name = argv[i];
        else
            fprintf(stderr, "bench-engines: cannot read %s\n", argv[i]);
    }
    if (!n || threads < 1) {
        fprintf(stderr, "usage: bench-engines [-t THREADS] [-n DOCUMENTS] FILE...\n");
        return 2;
    }
    printf("%zu documents (%zu different), %d threads, gongwen %s\n", total, n, threads,
           gongwen_version());
    double setup = 0;
    if (only) {
        bool shared = strcmp(only, "shared") == 0;
        double r = measure(threads, shared, docs, n, total, &setup);
        printf("%s, %d threads: %.1f documents/s (engines made in %.3f s)\n",
               shared ? "one engine shared" : "one engine per thread", threads, r, setup);
        return 0;
    }
    measure(threads, true, docs, n, n, &setup); /* warm the caches (fonts files, fontconfig) */
    double one = measure(threads, true, docs, n, total, &setup);
    printf("one engine shared by %d threads:  %7.1f documents/s (engine made in %.3f s)\n",
           threads, one, setup);
    double per = measure(threads, false, docs, n, total, &setup);
    printf("one engine per thread (%d):        %7.1f documents/s (engines made in %.3f s)\n",
           threads, per, setup);
    double single = measure(1, true, docs, n, total, &setup);
    printf("one thread, one engine:           %7.1f documents/s\n", single);
    for (size_t k = 0; k < n; k++)
        gongwen_free(docs[k].text);
    free(docs);
    return 0;
}
