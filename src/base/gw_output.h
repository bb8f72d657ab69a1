/* gw_output.h: where a finished document goes, without ever damaging what is already there.
 *
 * Owns: the rules for an output path and the process-wide list of temporary files being
 * written.
 *  - A new name or a regular file is replaced atomically: a temporary file in the same folder,
 *    written, flushed to disk and renamed over it; the replaced file keeps its mode (and, for
 *    root, its owner).
 *  - A symbolic link is followed: its final target is replaced that way, in the target's
 *    folder, and the link stays a link. A dangling link creates its target.
 *  - A FIFO, a character device (/dev/null), a socket, or a path through /dev/stdout,
 *    /dev/fd/N or /proc/…/fd/N is opened and the bytes are streamed into it; it is never
 *    renamed over. A terminal and a block device are refused, as is a folder.
 *  - "-" is standard output.
 * A failed write, fsync or close is an error, and the temporary file is removed.
 *
 * The list of temporary files lets a command-line front remove them all when it is told to
 * stop (SIGINT, SIGTERM): gw_output_abort() takes the list's lock for good, so no new
 * temporary file can appear after it has run. */
#ifndef GW_OUTPUT_H
#define GW_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>

/* Checks, before any input is read, that out may be written and that it is not the input
 * itself. in may be NULL (or "-" for standard input). Returns NULL when out is fine, else a
 * malloc'd message ("… is a folder", "… is the input file", "the output name is empty"); then
 * *misuse (may be NULL) says whether the name itself is the mistake (empty, a folder, the
 * input, a terminal, a disk) rather than the place (a folder that does not exist, no right
 * to write there). */
char *gw_output_refusal(const char *out, const char *in, bool *misuse);

/* Whether out names a terminal (standard output for "-"): no PDF is written there unless the
 * user asked for it with "-o -". */
bool gw_output_is_terminal(const char *out);

/* Writes data to out as described above. Returns 0, or -1 with errno set (ECANCELED when
 * gw_output_abort has run). */
int gw_write_output(const char *out, const void *data, size_t len);

/* Removes every temporary file being written and makes every later gw_write_output fail with
 * ECANCELED. Not async-signal-safe: call it from a thread (e.g. one waiting in sigwait), never
 * from a signal handler. It does not return the lock, by design. */
void gw_output_abort(void);

#endif
