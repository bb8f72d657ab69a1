/* gw_mem_free.h: included first into every source file of the library (meson's -include), so
 * that every `free` of the library forgets the block in the current call's registry before
 * freeing it (gw_mem.h says why). A block some other library allocated is freed as before. */
#ifndef GW_MEM_FREE_H
#define GW_MEM_FREE_H

/* (no system header here: a file may still choose its feature macros, _GNU_SOURCE …) */
void gw_free(void *p);
#define free(p) gw_free(p)

#endif
