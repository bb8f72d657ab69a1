/* batch.c: `render` of a folder or several files (see batch.h). Owns collecting the inputs,
 * refusing two inputs that would write one output, the engines (one per worker, the calling
 * thread being worker 0), the worker threads, the progress line and the summary. */
#include "batch.h"

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "formats.h"
#include "gongwen.h"
#include "base/gw_util.h"

typedef struct {
    char *in;   /* input path */
    char *out;  /* output path */
    int rc;     /* 0 ok, 1 failed */
    bool skip;  /* not rendered: an earlier input has the same output */
} job;

typedef struct {
    job *jobs;
    size_t n, cap;
    bool quiet;
    unsigned formats;           /* formats.h; 0 = PDF */
    atomic_size_t next;
    atomic_size_t done;
    atomic_size_t failed;
    pthread_mutex_t out_lock; /* serialises stderr */
    bool tty;
    struct timespec start;
} batch;

static bool ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

static void add_job(batch *b, const char *in, const char *out_dir, const char *rel)
{
    if (b->n == b->cap) {
        b->cap = b->cap ? b->cap * 2 : 64;
        b->jobs = gw_xrealloc(b->jobs, b->cap * sizeof *b->jobs);
    }
    /* the rule of `render IN` without -o */
    char *name = gw_with_extension(rel, gw_cli_default_extension(b->formats));
    b->jobs[b->n++] = (job){ gw_strdup(in), gw_asprintf("%s/%s", out_dir, name), 0, false };
    free(name);
}

static const job *sort_jobs; /* qsort has no context argument */

static int cmp_outputs(const void *a, const void *b)
{
    size_t i = *(const size_t *)a, j = *(const size_t *)b;
    int c = strcmp(sort_jobs[i].out, sort_jobs[j].out);
    return c ? c : (i > j) - (i < j);
}

/* Two inputs with one output (a/x.txt and b/x.txt into OUTDIR/x.pdf) would be written by two
 * threads at once, and one document lost: the later input (in the order given) is an error
 * and not rendered. Returns how many were. */
static size_t skip_same_outputs(batch *b)
{
    if (b->n < 2)
        return 0;
    size_t *order = gw_xmalloc(b->n * sizeof *order);
    for (size_t i = 0; i < b->n; i++)
        order[i] = i;
    sort_jobs = b->jobs;
    qsort(order, b->n, sizeof *order, cmp_outputs);
    size_t skipped = 0;
    for (size_t k = 1, first = order[0]; k < b->n; k++) {
        job *j = &b->jobs[order[k]];
        if (strcmp(j->out, b->jobs[first].out) != 0) {
            first = order[k];
            continue;
        }
        fprintf(stderr, "%s: error: its output %s is also the output of %s; not rendered "
                "(rename one of them)\n", j->in, j->out, b->jobs[first].in);
        j->skip = true;
        j->rc = 1;
        skipped++;
    }
    free(order);
    return skipped;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Collects *.txt below dir (sorted, so output order and numbering are stable). */
static void scan_dir(batch *b, const char *dir, const char *rel_prefix, const char *out_dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    char **names = NULL;
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        names = gw_xrealloc(names, (n + 1) * sizeof *names);
        names[n++] = gw_strdup(e->d_name);
    }
    closedir(d);
    qsort(names, n, sizeof *names, cmp_names);
    for (size_t i = 0; i < n; i++) {
        char *path = gw_asprintf("%s/%s", dir, names[i]);
        char *rel = *rel_prefix ? gw_asprintf("%s/%s", rel_prefix, names[i]) : gw_strdup(names[i]);
        struct stat st;
        if (stat(path, &st) == 0) {
            if (S_ISDIR(st.st_mode))
                scan_dir(b, path, rel, out_dir);
            else if (S_ISREG(st.st_mode) && ends_with(names[i], ".txt"))
                add_job(b, path, out_dir, rel);
        }
        free(path);
        free(rel);
        free(names[i]);
    }
    free(names);
}

static int mkdirs(const char *path)
{
    char *p = gw_strdup(path);
    for (char *s = p + 1; *s; s++) {
        if (*s == '/') {
            *s = '\0';
            if (mkdir(p, 0777) != 0 && errno != EEXIST) {
                free(p);
                return -1;
            }
            *s = '/';
        }
    }
    int rc = mkdir(p, 0777) != 0 && errno != EEXIST ? -1 : 0;
    free(p);
    return rc;
}

static void progress(batch *b, const char *name)
{
    /* Called with out_lock held. */
    if (!b->tty)
        return;
    size_t done = atomic_load(&b->done), failed = atomic_load(&b->failed);
    fprintf(stderr, "\r\033[K[%zu/%zu] %s", done, b->n, name ? name : "");
    if (failed)
        fprintf(stderr, "  (%zu failed)", failed);
    fflush(stderr);
}

typedef struct {
    batch *b;
    gw_engine *e; /* this worker's own: an engine is not thread-safe */
} worker_arg;

static void *worker(void *arg)
{
    batch *b = ((worker_arg *)arg)->b;
    gw_engine *e = ((worker_arg *)arg)->e;
    for (;;) {
        size_t i = atomic_fetch_add(&b->next, 1);
        if (i >= b->n)
            break;
        job *j = &b->jobs[i];
        if (j->skip)
            continue;
        gw_diags diags;
        gw_diags_init(&diags, j->in);
        char *slash = strrchr(j->out, '/');
        if (slash) {
            *slash = '\0';
            mkdirs(j->out);
            *slash = '/';
        }
        j->rc = gw_cli_render(e, j->in, j->out, b->formats, &diags);
        atomic_fetch_add(&b->done, 1);
        if (j->rc)
            atomic_fetch_add(&b->failed, 1);
        pthread_mutex_lock(&b->out_lock);
        if (b->tty)
            fputs("\r\033[K", stderr);
        gw_diags_print(&diags, stderr, b->quiet ? GW_ERROR : GW_NOTE);
        progress(b, j->in);
        pthread_mutex_unlock(&b->out_lock);
        gw_diags_free(&diags);
    }
    return NULL;
}

int gw_cli_render_batch(char **inputs, int n_inputs, const char *out_dir,
                        const gw_engine_options *engine_opt, bool quiet, int jobs, unsigned formats)
{
    batch b;
    memset(&b, 0, sizeof b);
    b.quiet = quiet;
    b.formats = formats;
    pthread_mutex_init(&b.out_lock, NULL);
    b.tty = isatty(STDERR_FILENO);
    clock_gettime(CLOCK_MONOTONIC, &b.start);

    int status = 0;
    for (int i = 0; i < n_inputs; i++) {
        struct stat st;
        if (stat(inputs[i], &st) != 0) {
            fprintf(stderr, "%s: error: cannot read: %s\n", inputs[i], strerror(errno));
            status = 1;
            continue;
        }
        if (S_ISDIR(st.st_mode)) {
            scan_dir(&b, inputs[i], "", out_dir);
        } else {
            const char *base = strrchr(inputs[i], '/');
            add_job(&b, inputs[i], out_dir, base ? base + 1 : inputs[i]);
        }
    }
    if (mkdirs(out_dir) != 0) {
        fprintf(stderr, "gongwen: cannot create %s: %s\n", out_dir, strerror(errno));
        status = 1;
        goto out;
    }

    size_t skipped = skip_same_outputs(&b);
    atomic_store(&b.done, skipped);
    atomic_store(&b.failed, skipped);
    if (skipped)
        status = 1;

    /* One engine per worker, made here: the first one's set-up messages (font fallbacks) are
     * printed, once; the others would only repeat them. Each document subsets its fonts on
     * its worker alone: the batch already runs one document per processor. */
    if (jobs <= 0) {
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        jobs = n > 0 ? (int)n : 1;
    }
    size_t todo = b.n - skipped;
    if ((size_t)jobs > todo)
        jobs = todo ? (int)todo : 1;
    worker_arg *args = gw_xcalloc((size_t)jobs, sizeof *args);
    gw_engine_options opt = *engine_opt;
    opt.pdf_threads = 1;
    int n_workers = 0;
    for (int t = 0; t < jobs; t++) {
        gw_diags setup;
        gw_diags_init(&setup, "gongwen");
        gw_engine *e = gw_engine_new(&opt, &setup);
        if (t == 0)
            gw_diags_print(&setup, stderr, quiet ? GW_ERROR : GW_NOTE);
        gw_diags_free(&setup);
        if (!e)
            break; /* the first: bad fonts or rules (said above); a later one: fewer workers */
        args[n_workers++] = (worker_arg){ &b, e };
    }
    if (n_workers == 0) {
        free(args);
        status = 1;
        goto out;
    }
    /* The calling thread is worker 0; a thread that cannot be started leaves its share to
     * the others. */
    pthread_t *th = gw_xcalloc((size_t)n_workers, sizeof *th);
    int started = 0;
    for (int t = 1; t < n_workers; t++)
        if (pthread_create(&th[started], NULL, worker, &args[t]) == 0)
            started++;
    worker(&args[0]);
    for (int t = 0; t < started; t++)
        pthread_join(th[t], NULL);
    free(th);
    for (int t = 0; t < n_workers; t++)
        gw_engine_free(args[t].e);
    free(args);

    struct timespec end;
    clock_gettime(CLOCK_MONOTONIC, &end);
    double secs = (double)(end.tv_sec - b.start.tv_sec) + (double)(end.tv_nsec - b.start.tv_nsec) / 1e9;
    if (b.tty)
        fputs("\r\033[K", stderr);
    size_t failed = atomic_load(&b.failed);
    if (!quiet || failed)
        fprintf(stderr, "gongwen: rendered %zu of %zu documents into %s in %.2f s\n",
                b.n - failed, b.n, out_dir, secs);
    if (failed) {
        fprintf(stderr, "gongwen: %zu failed:\n", failed);
        for (size_t i = 0; i < b.n; i++)
            if (b.jobs[i].rc)
                fprintf(stderr, "  %s\n", b.jobs[i].in);
        status = 1;
    }
out:
    for (size_t i = 0; i < b.n; i++) {
        free(b.jobs[i].in);
        free(b.jobs[i].out);
    }
    free(b.jobs);
    pthread_mutex_destroy(&b.out_lock);
    return status;
}
