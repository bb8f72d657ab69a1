/* batch.c: `render` of a folder or several files (see batch.h). Owns collecting the inputs
 * (every entry that cannot be read becomes a failed entry, never a silent skip), sharding,
 * refusing two inputs that would write one output before anything renders, the engines (one
 * per worker, the calling thread being worker 0), the worker threads, the progress line and
 * the summary. */
#include "batch.h"

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/gw_util.h"
#include "formats.h"

typedef struct {
    char *in;     /* input path */
    char *rel;    /* path relative to the folder it was found in (sort and shard key) */
    char *out;    /* output path; NULL for an entry that failed while collecting */
    gw_diags diags;
    int rc;       /* 0 ok, 1 failed */
} job;

typedef struct {
    job *jobs;
    size_t n, cap;
    const cli_batch_options *opt;
    const char *out_dir;
    size_t next;     /* guarded by lock */
    size_t done;     /* guarded by lock */
    size_t failed;   /* guarded by lock */
    size_t warnings; /* guarded by lock */
    pthread_mutex_t lock; /* the counters and stderr */
    bool tty;
} batch;

/* ---- collecting ------------------------------------------------------------------------- */

static job *add_job(batch *b, const char *in, const char *rel)
{
    if (b->n == b->cap) {
        b->cap = b->cap ? b->cap * 2 : 64;
        b->jobs = gw_xrealloc(b->jobs, b->cap * sizeof *b->jobs);
    }
    job *j = &b->jobs[b->n++];
    memset(j, 0, sizeof *j);
    j->in = gw_strdup(in);
    j->rel = gw_strdup(rel);
    gw_diags_init(&j->diags, in);
    return j;
}

/* An entry that cannot be rendered: counted as failed, reported with the others. */
static void add_failed(batch *b, const char *in, const char *rel, const char *rule,
                       const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static void add_failed(batch *b, const char *in, const char *rel, const char *rule,
                       const char *fmt, ...)
{
    job *j = add_job(b, in, rel);
    va_list ap;
    va_start(ap, fmt);
    char *msg = gw_vasprintf(fmt, ap);
    va_end(ap);
    gw_diags_add(&j->diags, GW_ERROR, rule, 0, 0, "%s", msg);
    free(msg);
    j->rc = 1;
}

static bool is_document_name(const char *name)
{
    size_t n = strlen(name);
    return n > 4 && strcasecmp(name + n - 4, ".txt") == 0;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

typedef struct {
    dev_t dev;
    ino_t ino;
} file_id;

typedef struct {
    file_id *ids;
    size_t n, cap;
} id_set;

static bool id_in(const id_set *s, file_id id)
{
    for (size_t i = 0; i < s->n; i++)
        if (s->ids[i].dev == id.dev && s->ids[i].ino == id.ino)
            return true;
    return false;
}

static void id_push(id_set *s, file_id id)
{
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 16;
        s->ids = gw_xrealloc(s->ids, s->cap * sizeof *s->ids);
    }
    s->ids[s->n++] = id;
}

typedef struct {
    id_set ancestors; /* the folders from the input down to here: a link to one is a loop */
    id_set visited;   /* every folder scanned: another link to one is rendered once */
} scan_state;

static void scan_dir(batch *b, scan_state *ss, const char *dir, const char *rel_prefix);

/* One entry of a folder: a document, a folder to go into, or something to report. */
static void scan_entry(batch *b, scan_state *ss, const char *path, const char *name,
                       const char *rel)
{
    struct stat lst, st;
    if (lstat(path, &lst) != 0) {
        add_failed(b, path, rel, "batch-unreadable", "cannot read: %s", strerror(errno));
        return;
    }
    if (S_ISLNK(lst.st_mode) && stat(path, &st) != 0) {
        if (errno == ENOENT)
            add_failed(b, path, rel, "batch-dangling-link",
                       "symbolic link to something that does not exist");
        else if (errno == ELOOP)
            add_failed(b, path, rel, "batch-loop", "symbolic link loop");
        else
            add_failed(b, path, rel, "batch-unreadable", "cannot follow the symbolic link: %s",
                       strerror(errno));
        return;
    }
    if (!S_ISLNK(lst.st_mode))
        st = lst;
    if (S_ISDIR(st.st_mode)) {
        file_id id = { st.st_dev, st.st_ino };
        if (id_in(&ss->ancestors, id)) {
            add_failed(b, path, rel, "batch-loop",
                       "folder loop: this leads back to a folder that contains it");
            return;
        }
        if (id_in(&ss->visited, id)) /* the same folder by another name: rendered once */
            return;
        scan_dir(b, ss, path, rel);
    } else if (S_ISREG(st.st_mode)) {
        if (is_document_name(name))
            add_job(b, path, rel);
    } else {
        add_failed(b, path, rel, "batch-not-regular",
                   "not a regular file (a FIFO, socket or device); not read");
    }
}

/* Collects *.txt below dir, in sorted order so output order and numbering are stable. */
static void scan_dir(batch *b, scan_state *ss, const char *dir, const char *rel_prefix)
{
    struct stat st;
    DIR *d = opendir(dir);
    if (!d || fstat(dirfd(d), &st) != 0) {
        add_failed(b, dir, *rel_prefix ? rel_prefix : ".", "batch-unreadable",
                   "cannot read the folder: %s", strerror(errno));
        if (d)
            closedir(d);
        return;
    }
    file_id id = { st.st_dev, st.st_ino };
    id_push(&ss->ancestors, id);
    id_push(&ss->visited, id);
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    errno = 0;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.') /* hidden: .git, editors' files */
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 32;
            names = gw_xrealloc(names, cap * sizeof *names);
        }
        names[n++] = gw_strdup(e->d_name);
        errno = 0;
    }
    if (errno)
        add_failed(b, dir, *rel_prefix ? rel_prefix : ".", "batch-unreadable",
                   "cannot list the whole folder: %s", strerror(errno));
    closedir(d);
    qsort(names, n, sizeof *names, cmp_names);
    for (size_t i = 0; i < n; i++) {
        char *path = gw_asprintf("%s/%s", dir, names[i]);
        char *rel = *rel_prefix ? gw_asprintf("%s/%s", rel_prefix, names[i]) : gw_strdup(names[i]);
        scan_entry(b, ss, path, names[i], rel);
        free(path);
        free(rel);
        free(names[i]);
    }
    free(names);
    ss->ancestors.n--;
}

static void collect(batch *b, char **inputs, int n_inputs)
{
    scan_state ss = { 0 };
    for (int i = 0; i < n_inputs; i++) {
        const char *base = strrchr(inputs[i], '/');
        base = base && base[1] ? base + 1 : inputs[i];
        struct stat st;
        if (stat(inputs[i], &st) != 0) {
            add_failed(b, inputs[i], base, "input-unreadable", "cannot read: %s", strerror(errno));
        } else if (S_ISDIR(st.st_mode)) {
            ss.ancestors.n = 0;
            scan_dir(b, &ss, inputs[i], "");
        } else if (S_ISREG(st.st_mode)) {
            add_job(b, inputs[i], base); /* a file the user named, whatever its name */
        } else {
            add_failed(b, inputs[i], base, "batch-not-regular",
                       "not a regular file (a FIFO, socket or device); not read");
        }
    }
    free(ss.ancestors.ids);
    free(ss.visited.ids);
}

static int cmp_rel(const void *a, const void *b)
{
    const job *x = a, *y = b;
    int c = strcmp(x->rel, y->rel);
    return c ? c : strcmp(x->in, y->in);
}

static void free_job(job *j)
{
    free(j->in);
    free(j->rel);
    free(j->out);
    gw_diags_free(&j->diags);
}

/* Keeps only shard k of n (1-based): the entries whose index in sorted order is k − 1 mod n. */
static void keep_shard(batch *b, int k, int n)
{
    size_t w = 0;
    for (size_t i = 0; i < b->n; i++) {
        if ((int)(i % (size_t)n) == k - 1)
            b->jobs[w++] = b->jobs[i];
        else
            free_job(&b->jobs[i]);
    }
    b->n = w;
}

/* ---- checks before anything renders -------------------------------------------------- */

static int cmp_out(const void *a, const void *b)
{
    const job *x = *(const job *const *)a, *y = *(const job *const *)b;
    int c = strcmp(x->out, y->out);
    return c ? c : (x > y) - (x < y);
}

/* Two inputs with one output (a/x.txt and b/x.txt into OUTDIR/x.pdf), or an output that is
 * one of the inputs: reported all at once, and nothing renders. Returns how many. */
static size_t output_conflicts(batch *b, gw_diags *d)
{
    size_t bad = 0, m = 0;
    job **order = gw_xmalloc((b->n ? b->n : 1) * sizeof *order);
    for (size_t i = 0; i < b->n; i++)
        if (b->jobs[i].out)
            order[m++] = &b->jobs[i];
    qsort(order, m, sizeof *order, cmp_out);
    for (size_t k = 1; k < m; k++) {
        const job *p = order[k - 1], *q = order[k];
        if (strcmp(p->out, q->out) == 0) {
            gw_diags_add(d, GW_ERROR, "batch-duplicate-output", 0, 0,
                         "%s and %s would both be written to %s; rename one of them", p->in,
                         q->in, q->out);
            bad++;
        }
    }
    free(order);
    id_set ins = { 0 };
    for (size_t i = 0; i < b->n; i++) {
        struct stat st;
        if (b->jobs[i].out && stat(b->jobs[i].in, &st) == 0)
            id_push(&ins, (file_id){ st.st_dev, st.st_ino });
    }
    for (size_t i = 0; i < b->n; i++) {
        struct stat st;
        if (b->jobs[i].out && stat(b->jobs[i].out, &st) == 0 &&
            id_in(&ins, (file_id){ st.st_dev, st.st_ino })) {
            gw_diags_add(d, GW_ERROR, "batch-output-is-input", 0, 0,
                         "the output %s of %s is one of the inputs; it would be destroyed",
                         b->jobs[i].out, b->jobs[i].in);
            bad++;
        }
    }
    free(ins.ids);
    return bad;
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

/* ---- rendering ------------------------------------------------------------------------- */

static void report(batch *b, job *j)
{
    /* Called with the lock held: counters, messages and the progress line in one order. */
    b->done++;
    if (j->rc)
        b->failed++;
    b->warnings += gw_diags_count(&j->diags, GW_WARNING);
    if (b->tty)
        fputs("\r\033[K", stderr);
    cli_print_diags(&j->diags, &b->opt->style);
    if (b->tty) {
        fprintf(stderr, "[%zu/%zu] %s", b->done, b->n, j->in);
        if (b->failed)
            fprintf(stderr, "  (%zu failed)", b->failed);
        fflush(stderr);
    }
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
        pthread_mutex_lock(&b->lock);
        size_t i = b->next < b->n ? b->next++ : b->n;
        pthread_mutex_unlock(&b->lock);
        if (i >= b->n)
            break;
        job *j = &b->jobs[i];
        if (j->out) {
            char *slash = strrchr(j->out, '/');
            if (slash) {
                *slash = '\0';
                if (mkdirs(j->out) != 0)
                    gw_diags_add(&j->diags, GW_ERROR, "output-write", 0, 0,
                                 "cannot create the folder %s: %s", j->out, strerror(errno));
                *slash = '/';
            }
            j->rc = gw_diags_has_error(&j->diags)
                        ? 1
                        : gw_cli_render(e, j->in, j->out, b->opt->formats, &j->diags);
        }
        pthread_mutex_lock(&b->lock);
        report(b, j);
        pthread_mutex_unlock(&b->lock);
        gw_diags_free(&j->diags);
        gw_diags_init(&j->diags, j->in);
    }
    return NULL;
}

static int jobs_wanted(int jobs, size_t todo)
{
    if (jobs <= 0) {
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        jobs = n > 0 ? (int)n : 1;
    }
    if (jobs > CLI_MAX_JOBS)
        jobs = CLI_MAX_JOBS;
    if ((size_t)jobs > todo)
        jobs = todo ? (int)todo : 1;
    return jobs;
}

/* Runs every job on n workers; false when not even one engine could be made. */
static bool run_workers(batch *b, int jobs)
{
    worker_arg *args = gw_xcalloc((size_t)jobs, sizeof *args);
    gw_engine_options opt = b->opt->engine;
    opt.pdf_threads = 1; /* the batch already runs one document per processor */
    int n_workers = 0;
    for (int t = 0; t < jobs; t++) {
        gw_diags setup;
        gw_diags_init(&setup, "gongwen");
        gw_engine *e = gw_engine_new(&opt, &setup);
        if (t == 0) /* the others would only repeat the first one's set-up messages */
            cli_print_diags(&setup, &b->opt->style);
        gw_diags_free(&setup);
        if (!e)
            break; /* the first: bad fonts or rules (said above); a later one: fewer workers */
        args[n_workers++] = (worker_arg){ b, e };
    }
    if (n_workers == 0) {
        free(args);
        return false;
    }
    pthread_t *th = gw_xcalloc((size_t)n_workers, sizeof *th);
    int started = 0;
    for (int t = 1; t < n_workers; t++) /* one that cannot start leaves its share to others */
        if (pthread_create(&th[started], NULL, worker, &args[t]) == 0)
            started++;
    worker(&args[0]);
    for (int t = 0; t < started; t++)
        pthread_join(th[t], NULL);
    free(th);
    for (int t = 0; t < n_workers; t++)
        gw_engine_free(args[t].e);
    free(args);
    return true;
}

static void summary(const batch *b, double secs)
{
    size_t rendered = b->n - b->failed;
    if (b->opt->style.json) {
        fprintf(stderr,
                "{\"summary\":{\"output\":\"%s\",\"documents\":%zu,\"rendered\":%zu,\"failed\":%zu,"
                "\"warnings\":%zu,\"seconds\":%.2f}}\n",
                b->out_dir, b->n, rendered, b->failed, b->warnings, secs);
        return;
    }
    if (b->failed) {
        fprintf(stderr, "gongwen: failed:\n");
        for (size_t i = 0; i < b->n; i++)
            if (b->jobs[i].rc)
                fprintf(stderr, "  %s\n", b->jobs[i].in);
    }
    fprintf(stderr, "gongwen: rendered %zu of %zu documents into %s: %zu failed, %zu warning%s, "
                    "%.2f s\n",
            rendered, b->n, b->out_dir, b->failed, b->warnings, b->warnings == 1 ? "" : "s", secs);
}

static int fail_up_front(gw_diags *d, const cli_batch_options *o)
{
    cli_print_diags(d, &(cli_diag_style){ false, o->style.json });
    gw_diags_free(d);
    return CLI_INPUT;
}

int cli_render_batch(char **inputs, int n_inputs, const char *out_dir,
                     const cli_batch_options *opt)
{
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    batch b;
    memset(&b, 0, sizeof b);
    b.opt = opt;
    b.out_dir = out_dir;
    b.tty = isatty(STDERR_FILENO) && !opt->style.json;
    pthread_mutex_init(&b.lock, NULL);
    int status = CLI_OK;
    gw_diags up_front;
    gw_diags_init(&up_front, "gongwen");

    struct stat st;
    if (stat(out_dir, &st) == 0 && !S_ISDIR(st.st_mode)) {
        gw_diags_add(&up_front, GW_ERROR, "batch-outdir", 0, 0,
                     "the output folder %s exists and is not a folder", out_dir);
        status = fail_up_front(&up_front, opt);
        goto out;
    }
    collect(&b, inputs, n_inputs);
    if (b.n) /* (an empty folder: no array to sort) */
        qsort(b.jobs, b.n, sizeof *b.jobs, cmp_rel);
    if (opt->shards)
        keep_shard(&b, opt->shard, opt->shards);
    if (b.n == 0) {
        gw_diags_add(&up_front, GW_ERROR, "batch-no-documents", 0, 0,
                     "no documents (*.txt) to render%s",
                     opt->shards ? " in this shard" : "");
        status = fail_up_front(&up_front, opt);
        goto out;
    }
    size_t trimmed = strlen(out_dir);
    while (trimmed > 1 && out_dir[trimmed - 1] == '/')
        trimmed--;
    for (size_t i = 0; i < b.n; i++) {
        if (b.jobs[i].rc)
            continue;
        /* as `render IN` names it; with both formats, the .ofd goes beside the .pdf */
        char *name = gw_with_extension(b.jobs[i].rel, gw_cli_default_extension(opt->formats));
        b.jobs[i].out = gw_asprintf("%.*s/%s", (int)trimmed, out_dir, name);
        free(name);
    }
    if (output_conflicts(&b, &up_front)) {
        gw_diags_add(&up_front, GW_ERROR, "batch-duplicate-output", 0, 0,
                     "nothing rendered: every output must be a different file");
        status = fail_up_front(&up_front, opt);
        goto out;
    }
    if (mkdirs(out_dir) != 0) {
        gw_diags_add(&up_front, GW_ERROR, "batch-outdir", 0, 0, "cannot create %s: %s", out_dir,
                     strerror(errno));
        status = fail_up_front(&up_front, opt);
        goto out;
    }
    gw_diags_free(&up_front);
    if (!run_workers(&b, jobs_wanted(opt->jobs, b.n))) {
        status = CLI_INPUT;
        goto out;
    }
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    if (b.tty)
        fputs("\r\033[K", stderr);
    summary(&b, (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
    if (b.failed)
        status = CLI_INPUT;
out:
    for (size_t i = 0; i < b.n; i++)
        free_job(&b.jobs[i]);
    free(b.jobs);
    pthread_mutex_destroy(&b.lock);
    return status;
}
