/* gw_mem.h: the memory of one library call, and what running out of it does.
 *
 * Owns: the frame every public call (include/gongwen/gongwen.h) opens around its work, and
 * the registry of what the call allocated. gw_xmalloc and the other helpers of gw_util.h
 * register each block in the current thread's frame; gw_free (which `free` is in the
 * library's own sources: gw_mem_free.h is included first into every one of them) forgets it.
 * When an allocation fails, or the call's memory limit or the test hook says it fails,
 * gw_oom runs the frame's cleanups (the foreign objects that stage holds: a HarfBuzz buffer,
 * a libharu document, a lock), jumps back to the call's boundary, and the call frees every
 * block still registered and returns GONGWEN_ERROR_NO_MEMORY. The host process goes on; no
 * byte of the failed call stays allocated.
 *
 * Rules for library code:
 *  - allocate with gw_xmalloc, gw_xcalloc, gw_xrealloc, gw_strdup, gw_asprintf, gw_buf (never
 *    malloc directly); a failure never returns;
 *  - a foreign object (a library's handle, a lock held, a file descriptor) that must not
 *    outlive a failure gets gw_mem_defer right after it is made, gw_mem_undefer right before
 *    it is released;
 *  - worker threads of a call attach to its gw_mem (gw_mem_attach) with a frame of their own
 *    and report a failure to the calling thread, which raises it after joining them
 *    (gw_mem_raise_if_failed);
 *  - code called back from inside a C++ library (HarfBuzz draw callbacks) must not jump: it
 *    allocates with gw_mem_try_realloc and reports the failure after the library returns.
 * Outside any frame (internal tests, tools) a failed allocation prints a message and aborts,
 * as before. */
#ifndef GW_MEM_H
#define GW_MEM_H

#include <setjmp.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct gw_mem gw_mem;
typedef struct gw_defer gw_defer;

/* One thread's place in a call: where a failure jumps to, and the cleanups of that thread. */
typedef struct gw_mem_frame {
    jmp_buf jmp;
    gw_mem *mem;
    struct gw_mem_frame *prev;
    gw_defer *defers; /* newest first */
} gw_mem_frame;

/* Opens a call's memory on this thread: f becomes the current frame. limit: bytes the call's
 * own live blocks may reach (0 = no limit). NULL when not even that could be allocated (then
 * nothing is open). The caller then does `if (setjmp(f->jmp)) { …gw_mem_unwind… }`. */
gw_mem *gw_mem_begin(gw_mem_frame *f, size_t limit);
/* The normal end: the frame is closed, and every block the call allocated stays (it belongs to
 * what the call returns or to the caller's objects). */
void gw_mem_end(gw_mem_frame *f);
/* After a jump to f: frees every block still registered, closes the frame and the gw_mem. */
void gw_mem_unwind(gw_mem_frame *f);
/* Whether the call ran out of memory (in any thread), and how many allocations it made. */
bool gw_mem_failed(const gw_mem *m);
unsigned long gw_mem_count(const gw_mem *m);

/* The current thread's gw_mem (NULL outside a call). */
gw_mem *gw_mem_current(void);
/* A worker thread of the call (or a section of the calling thread that must not jump out):
 * f becomes the thread's frame over m; setjmp(f->jmp) catches a failure there. Detach before
 * the thread ends. While workers run, the call's registry is locked (gw_mem_share). */
void gw_mem_attach(gw_mem_frame *f, gw_mem *m);
void gw_mem_detach(gw_mem_frame *f);
void gw_mem_share(gw_mem *m, bool shared);
/* Raises the failure of a worker in the calling thread (after joining them). */
void gw_mem_raise_if_failed(void);

/* How many workers for n jobs: threads (0 = one per processor), at most 4, at most n, at
 * least 1. */
size_t gw_workers_for(int threads, size_t n);
/* Runs work(ctx) on `workers` threads, this one included, each attached to the current call's
 * memory (out of memory stops a worker); returns once all have returned, and raises a failure
 * one of them met. work takes its jobs itself (an atomic counter in ctx). */
void gw_run_workers(size_t workers, void (*work)(void *ctx), void *ctx);

/* Runs the current frame's cleanups and jumps to it; without a frame, prints and aborts. */
_Noreturn void gw_oom(size_t n);

/* fn(arg) runs if the current call fails before gw_mem_undefer(d). NULL (and nothing to undo)
 * outside a call. */
gw_defer *gw_mem_defer(void (*fn)(void *), void *arg);
void gw_mem_undefer(gw_defer *d);

/* Allocation that returns NULL instead of jumping (counted against the limit, and the test
 * hook's, like any other): for callbacks from inside other libraries. Registered like
 * gw_xrealloc's. */
void *gw_mem_try_realloc(void *p, size_t n);
/* The same for a library that frees what it allocated itself (libharu's allocator): not
 * registered, so only that library frees it, with gw_mem_foreign_free. */
void *gw_mem_foreign_alloc(size_t n);
void gw_mem_foreign_free(void *p);
/* Frees every foreign block of the current call still allocated: once the library has freed
 * its document, what remains is what it lost on a failure path of its own (libharu 2.3's
 * HPDF_AddPage, out of memory, leaks the page it was making). */
void gw_mem_foreign_release_all(void);

/* Test hook: the next call opened on this thread fails its n-th allocation (1-based; 0 = none). */
void gw_mem_test_fail_at(unsigned long n);
/* Test hook: how many allocations the last call closed on this thread made. */
unsigned long gw_mem_test_last_count(void);

/* What `free` is in the library (gw_mem_free.h): forgets p in the current call, frees it. */
void gw_free(void *p);

#endif
