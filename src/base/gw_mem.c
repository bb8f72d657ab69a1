/* gw_mem.c: a call's memory (gw_mem.h): the registry of its blocks (an open-addressing hash
 * table of pointer → size, linear probing, deletion by backward shift), its cleanups, the
 * jump to its boundary, its limit and the test hook. */
#undef free /* this file is the one that frees for real: before any system header */
#include "gw_mem.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>


struct gw_defer {
    void (*fn)(void *);
    void *arg;
    gw_defer *prev, *next;
    gw_mem_frame *frame;
};

typedef struct {
    void *p;
    size_t size;
} entry;

typedef union foreign_head foreign_head;

/* A foreign block: its size before it, so that the limit counts it out again, and its place
 * in the call's list, so that what the library loses on its own failure paths is freed too. */
union foreign_head {
    struct {
        size_t size;
        gw_mem *mem;
        union foreign_head *prev, *next;
    } h;
    max_align_t align;
};


struct gw_mem {
    entry *tab;           /* NULL p = empty slot */
    size_t cap, used;     /* cap: power of two */
    size_t live, limit;   /* bytes of the call's registered and foreign blocks; 0 = no limit */
    atomic_ulong count;   /* allocations made */
    unsigned long fail_at; /* test hook: this allocation fails (0 = none) */
    atomic_bool failed;
    atomic_bool shared;   /* workers are running: take the lock */
    pthread_mutex_t lock;
    union foreign_head *foreign; /* libharu's live blocks (gw_mem_foreign_alloc) */
};

static _Thread_local gw_mem_frame *current;
static _Thread_local unsigned long armed_fail_at;
static _Thread_local unsigned long last_count;

/* ---- the registry ------------------------------------------------------------------------ */

static size_t slot_of(const gw_mem *m, const void *p)
{
    uint64_t h = (uint64_t)(uintptr_t)p * 0x9E3779B97F4A7C15ull;
    return (size_t)(h >> 20) & (m->cap - 1);
}

static void lock(gw_mem *m)
{
    if (atomic_load_explicit(&m->shared, memory_order_relaxed))
        pthread_mutex_lock(&m->lock);
}

static void unlock(gw_mem *m)
{
    if (atomic_load_explicit(&m->shared, memory_order_relaxed))
        pthread_mutex_unlock(&m->lock);
}

static bool grow(gw_mem *m)
{
    size_t cap = m->cap ? m->cap * 2 : 1024;
    entry *tab = calloc(cap, sizeof *tab);
    if (!tab)
        return false;
    entry *old = m->tab;
    size_t old_cap = m->cap;
    m->tab = tab;
    m->cap = cap;
    for (size_t i = 0; i < old_cap; i++)
        if (old[i].p) {
            size_t s = slot_of(m, old[i].p);
            while (m->tab[s].p)
                s = (s + 1) & (m->cap - 1);
            m->tab[s] = old[i];
        }
    free(old);
    return true;
}

/* Called with the lock held. false: no room (the caller frees p and fails). */
static bool track(gw_mem *m, void *p, size_t size)
{
    if ((m->used + 1) * 4 > m->cap * 3 && !grow(m))
        return false;
    size_t s = slot_of(m, p);
    while (m->tab[s].p)
        s = (s + 1) & (m->cap - 1);
    m->tab[s] = (entry){ p, size };
    m->used++;
    m->live += size;
    return true;
}

/* Called with the lock held. Returns whether p was registered (its size in *size). */
static bool untrack(gw_mem *m, const void *p, size_t *size)
{
    if (!m->cap)
        return false;
    size_t s = slot_of(m, p);
    while (m->tab[s].p && m->tab[s].p != p)
        s = (s + 1) & (m->cap - 1);
    if (!m->tab[s].p)
        return false;
    if (size)
        *size = m->tab[s].size;
    m->live -= m->tab[s].size;
    m->used--;
    /* backward shift: later entries of the cluster move into the hole if their home allows */
    size_t hole = s;
    for (size_t j = (s + 1) & (m->cap - 1); m->tab[j].p; j = (j + 1) & (m->cap - 1)) {
        size_t home = slot_of(m, m->tab[j].p);
        bool movable = hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
        if (movable) {
            m->tab[hole] = m->tab[j];
            hole = j;
        }
    }
    m->tab[hole] = (entry){ NULL, 0 };
    return true;
}

/* ---- calls and frames -------------------------------------------------------------------- */

gw_mem *gw_mem_begin(gw_mem_frame *f, size_t limit)
{
    gw_mem *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    if (!grow(m)) {
        free(m);
        return NULL;
    }
    pthread_mutex_init(&m->lock, NULL);
    m->limit = limit;
    m->fail_at = armed_fail_at;
    armed_fail_at = 0;
    f->mem = m;
    f->defers = NULL;
    f->prev = current;
    current = f;
    return m;
}

static void close_frame(gw_mem_frame *f)
{
    for (gw_defer *d = f->defers, *next; d; d = next) { /* a stage forgot one: drop it */
        next = d->next;
        free(d);
    }
    f->defers = NULL;
    current = f->prev;
}

static void free_mem(gw_mem *m)
{
    last_count = atomic_load(&m->count);
    pthread_mutex_destroy(&m->lock);
    free(m->tab);
    free(m);
}

void gw_mem_end(gw_mem_frame *f)
{
    close_frame(f);
    free_mem(f->mem);
}

void gw_mem_unwind(gw_mem_frame *f)
{
    gw_mem *m = f->mem;
    close_frame(f);
    for (size_t i = 0; i < m->cap; i++)
        if (m->tab[i].p)
            free(m->tab[i].p);
    while (m->foreign) { /* what libharu lost on its own failure paths */
        foreign_head *fh = m->foreign;
        m->foreign = fh->h.next;
        free(fh);
    }
    free_mem(m);
}

bool gw_mem_failed(const gw_mem *m)
{
    return m && atomic_load(&m->failed);
}

unsigned long gw_mem_count(const gw_mem *m)
{
    return m ? atomic_load(&m->count) : 0;
}

gw_mem *gw_mem_current(void)
{
    return current ? current->mem : NULL;
}

void gw_mem_attach(gw_mem_frame *f, gw_mem *m)
{
    f->mem = m;
    f->defers = NULL;
    f->prev = current;
    current = m ? f : f->prev;
}

void gw_mem_detach(gw_mem_frame *f)
{
    if (f->mem)
        close_frame(f);
}

void gw_mem_share(gw_mem *m, bool shared)
{
    if (m)
        atomic_store(&m->shared, shared);
}

void gw_mem_raise_if_failed(void)
{
    if (current && atomic_load(&current->mem->failed))
        gw_oom(0);
}

size_t gw_workers_for(int threads, size_t n)
{
    long cpus = threads > 0 ? threads : sysconf(_SC_NPROCESSORS_ONLN);
    size_t k = cpus > 1 ? (size_t)(cpus < 4 ? cpus : 4) : 1;
    return k > n ? (n ? n : 1) : k;
}

typedef struct {
    void (*work)(void *ctx);
    void *ctx;
    gw_mem *mem;
} worker_arg;

static void *worker(void *arg)
{
    worker_arg *volatile a = arg;
    gw_mem_frame f;
    gw_mem_attach(&f, a->mem);
    if (setjmp(f.jmp) == 0)
        a->work(a->ctx);
    gw_mem_detach(&f);
    return NULL;
}

void gw_run_workers(size_t workers, void (*work)(void *ctx), void *ctx)
{
    worker_arg a = { work, ctx, gw_mem_current() };
    pthread_t threads[3];
    size_t started = 0;
    if (workers > 4)
        workers = 4;
    gw_mem_share(a.mem, workers > 1);
    for (size_t t = 1; t < workers; t++)
        if (pthread_create(&threads[started], NULL, worker, &a) == 0)
            started++;
    worker(&a);
    for (size_t t = 0; t < started; t++)
        pthread_join(threads[t], NULL);
    gw_mem_share(a.mem, false);
    gw_mem_raise_if_failed();
}

_Noreturn void gw_oom(size_t n)
{
    gw_mem_frame *f = current;
    if (!f) {
        fprintf(stderr, "gongwen: out of memory (%zu bytes)\n", n);
        abort();
    }
    atomic_store(&f->mem->failed, true);
    /* the cleanups run while the frames that made their objects are still there */
    while (f->defers) {
        gw_defer *d = f->defers;
        f->defers = d->next;
        d->fn(d->arg);
        free(d);
    }
    longjmp(f->jmp, 1);
}

gw_defer *gw_mem_defer(void (*fn)(void *), void *arg)
{
    gw_mem_frame *f = current;
    if (!f)
        return NULL;
    gw_defer *d = malloc(sizeof *d);
    if (!d) {
        fn(arg);
        gw_oom(sizeof *d);
    }
    *d = (gw_defer){ fn, arg, NULL, f->defers, f };
    if (f->defers)
        f->defers->prev = d;
    f->defers = d;
    return d;
}

void gw_mem_undefer(gw_defer *d)
{
    if (!d)
        return;
    if (d->prev)
        d->prev->next = d->next;
    else
        d->frame->defers = d->next;
    if (d->next)
        d->next->prev = d->prev;
    free(d);
}

/* ---- allocation ---------------------------------------------------------------------------- */

/* Whether the next allocation of n bytes must fail (the test hook, or the limit). */
static bool refuse(gw_mem *m, size_t n)
{
    unsigned long k = atomic_fetch_add(&m->count, 1) + 1;
    if (m->fail_at && k == m->fail_at)
        return true;
    return m->limit && (n > m->limit || m->live > m->limit - n);
}

/* malloc/calloc/realloc in the current call; NULL on failure (nothing changed then). */
static void *alloc_in(gw_mem *m, void *old, size_t n, bool zero)
{
    lock(m);
    if (refuse(m, n)) {
        unlock(m);
        return NULL;
    }
    size_t old_size = 0;
    bool owned = old && untrack(m, old, &old_size);
    void *p = old ? realloc(old, n) : zero ? calloc(1, n) : malloc(n);
    if (!p) {
        if (owned)
            track(m, old, old_size); /* room: it was there a moment ago */
        unlock(m);
        return NULL;
    }
    /* a block the call did not allocate stays its owner's, however it grows */
    if ((!old || owned) && !track(m, p, n)) {
        if (!old)
            free(p);
        unlock(m);
        return NULL; /* (a grown block stays valid and unregistered: it is leaked only then) */
    }
    unlock(m);
    return p;
}

static _Noreturn void oom_abort(size_t n)
{
    fprintf(stderr, "gongwen: out of memory (%zu bytes)\n", n);
    abort();
}

void *gw_xmalloc(size_t n)
{
    n = n ? n : 1;
    gw_mem_frame *f = current;
    if (!f) {
        void *p = malloc(n);
        if (!p)
            oom_abort(n);
        return p;
    }
    void *p = alloc_in(f->mem, NULL, n, false);
    if (!p)
        gw_oom(n);
    return p;
}

void *gw_xcalloc(size_t n, size_t size)
{
    n = n ? n : 1;
    size = size ? size : 1;
    if (size && n > SIZE_MAX / size)
        gw_oom(SIZE_MAX);
    gw_mem_frame *f = current;
    if (!f) {
        void *p = calloc(n, size);
        if (!p)
            oom_abort(n * size);
        return p;
    }
    void *p = alloc_in(f->mem, NULL, n * size, true);
    if (!p)
        gw_oom(n * size);
    return p;
}

void *gw_xrealloc(void *old, size_t n)
{
    n = n ? n : 1;
    gw_mem_frame *f = current;
    if (!f) {
        void *p = realloc(old, n);
        if (!p)
            oom_abort(n);
        return p;
    }
    void *p = alloc_in(f->mem, old, n, false);
    if (!p)
        gw_oom(n);
    return p;
}

void *gw_mem_try_realloc(void *old, size_t n)
{
    n = n ? n : 1;
    gw_mem_frame *f = current;
    if (!f)
        return realloc(old, n);
    void *p = alloc_in(f->mem, old, n, false);
    if (!p)
        atomic_store(&f->mem->failed, true);
    return p;
}

void *gw_mem_foreign_alloc(size_t n)
{
    gw_mem_frame *f = current;
    gw_mem *m = f ? f->mem : NULL;
    if (m) {
        lock(m);
        /* Once the call has failed, libharu's own error path is let have what it asks: it
         * survives one failed allocation, but a second one in a row (HPDF_Page_New under
         * the memory limit, where every later allocation fails) crashes inside it. The call
         * fails anyway, and everything is freed when it does. */
        bool no = refuse(m, n) && !atomic_load(&m->failed);
        if (!no)
            m->live += n;
        unlock(m);
        if (no) {
            atomic_store(&m->failed, true);
            return NULL;
        }
    }
    foreign_head *fh = malloc(sizeof *fh + n);
    if (!fh) {
        if (m) {
            lock(m);
            m->live -= n;
            unlock(m);
            atomic_store(&m->failed, true);
        }
        return NULL;
    }
    fh->h.size = n;
    fh->h.mem = m;
    fh->h.prev = NULL;
    fh->h.next = NULL;
    if (m) {
        lock(m);
        fh->h.next = m->foreign;
        if (m->foreign)
            m->foreign->h.prev = fh;
        m->foreign = fh;
        unlock(m);
    }
    return fh + 1;
}

/* Takes fh out of its call's list and count (with m's lock held). */
static void foreign_unlink(gw_mem *m, foreign_head *fh)
{
    if (fh->h.prev)
        fh->h.prev->h.next = fh->h.next;
    else
        m->foreign = fh->h.next;
    if (fh->h.next)
        fh->h.next->h.prev = fh->h.prev;
    m->live -= fh->h.size < m->live ? fh->h.size : m->live;
}

void gw_mem_foreign_free(void *p)
{
    if (!p)
        return;
    foreign_head *fh = (foreign_head *)p - 1;
    gw_mem *m = fh->h.mem;
    if (m) {
        lock(m);
        foreign_unlink(m, fh);
        unlock(m);
    }
    free(fh);
}

void gw_mem_foreign_release_all(void)
{
    gw_mem *m = gw_mem_current();
    if (!m)
        return;
    lock(m);
    while (m->foreign) {
        foreign_head *fh = m->foreign;
        foreign_unlink(m, fh);
        free(fh);
    }
    unlock(m);
}

void gw_free(void *p)
{
    if (!p)
        return;
    gw_mem_frame *f = current;
    if (f) {
        lock(f->mem);
        untrack(f->mem, p, NULL);
        unlock(f->mem);
    }
    free(p);
}

void gw_mem_test_fail_at(unsigned long n)
{
    armed_fail_at = n;
}

unsigned long gw_mem_test_last_count(void)
{
    return last_count;
}
