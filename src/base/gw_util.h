/* gw_util.h: small shared helpers: checked allocation, a growable byte buffer, UTF-8
 * decoding and encoding, reading a whole file (writing one is gw_output.h's).
 * Owns nothing global. An allocation never returns NULL: inside a library call a failure
 * unwinds the whole call (gw_mem.h), which returns GONGWEN_ERROR_NO_MEMORY with everything it
 * allocated freed; outside one (internal tests) it aborts with a message. Either way no caller
 * checks for NULL. */
#ifndef GW_UTIL_H
#define GW_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "gw_mem.h"

void *gw_xmalloc(size_t n);
void *gw_xcalloc(size_t n, size_t size);
void *gw_xrealloc(void *p, size_t n);
char *gw_strdup(const char *s);               /* NULL in, NULL out */
char *gw_strndup(const char *s, size_t n);
char *gw_asprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *gw_vasprintf(const char *fmt, va_list ap);

/* A growable byte buffer; data is always NUL-terminated. */
typedef struct {
    char *data;
    size_t len, cap;
} gw_buf;

void gw_buf_init(gw_buf *b);
void gw_buf_free(gw_buf *b);
void gw_buf_reserve(gw_buf *b, size_t extra);
void gw_buf_append(gw_buf *b, const void *data, size_t n);
void gw_buf_puts(gw_buf *b, const char *s);
void gw_buf_putc(gw_buf *b, char c);
void gw_buf_printf(gw_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void gw_buf_put_utf8(gw_buf *b, uint32_t cp);
void gw_buf_put_be(gw_buf *b, uint32_t v, unsigned size); /* big-endian, size 1..4 bytes */
/* Appends k / 10^dec (dec 0..6) in decimal, trailing zeros of the fraction dropped (`1.5`, `-2`,
 * `0.125`): by hand, for the back ends' coordinates, where printf would cost most. */
void gw_buf_put_scaled(gw_buf *b, long long k, int dec);
char *gw_buf_steal(gw_buf *b);                /* returns data, leaves b empty */

/* Decodes one UTF-8 sequence at s (n bytes available). Returns its length (1..4) and stores
 * the code point; an invalid or truncated sequence returns 1 and stores 0xFFFD. */
size_t gw_utf8_decode(const char *s, size_t n, uint32_t *cp);
/* Number of code points in s[0..n). */
size_t gw_utf8_count(const char *s, size_t n);
/* Whether s[0..n) is entirely valid UTF-8. */
bool gw_utf8_valid(const char *s, size_t n);

/* A Han ideograph: CJK Unified Ideographs and Extension A, the compatibility ideographs, and
 * planes 2 and 3 (Extensions B onwards). The one definition every stage uses; classes of
 * their own (wide punctuation, kana …) build on it. */
bool gw_is_han(uint32_t cp);

/* Whether path names a folder (following symbolic links). */
bool gw_is_dir(const char *path);
/* path with the extension of its last component replaced by ext (e.g. ".pdf"), or ext added
 * when it has none. A leading dot names a hidden file, not an extension: ".txt" → ".txt.pdf".
 * Returns a malloc'd string. */
char *gw_with_extension(const char *path, const char *ext);

/* The default limit of an input document's size, and of a rules file's. */
#define GW_MAX_INPUT_DEFAULT ((size_t)16 << 20)
#define GW_MAX_RULES_SIZE ((size_t)1 << 20)
/* Reads an input whole: "-" is standard input (whatever it is), anything else must be a
 * regular file (a folder: EISDIR; a FIFO, device or socket: ENOTSUP, since /dev/zero never
 * ends). More than max bytes: EFBIG, having read at most max + 64 KiB. NULL with errno set on
 * failure; the data is NUL-terminated. */
char *gw_read_input(const char *path, size_t max, size_t *len);
/* gw_read_input without a size limit (tests and trusted files). */
char *gw_read_whole_file(const char *path, size_t *len);
/* A message for an errno from gw_read_input. */
const char *gw_read_input_error(int err);
/* The mode a new output file gets: 0666 less the process's umask, read once. Call it at start,
 * before any thread: without /proc, reading the umask means setting it for a moment. */
unsigned gw_new_file_mode(void);

#endif
