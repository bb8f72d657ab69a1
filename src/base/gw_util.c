/* gw_util.c: the helpers of gw_util.h. Owns two pieces of process-wide state: the
 * file mode of new outputs (from the umask, read once). Output paths and temporary files are
 * gw_output.c's. */
#include "gw_util.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <unistd.h>

/* gw_xmalloc, gw_xcalloc and gw_xrealloc are gw_mem.c's: they register each block in the
 * current call. */

char *gw_strdup(const char *s)
{
    return s ? gw_strndup(s, strlen(s)) : NULL;
}

char *gw_strndup(const char *s, size_t n)
{
    char *p = gw_xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *gw_vasprintf(const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0)
        n = 0;
    char *p = gw_xmalloc((size_t)n + 1);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    return p;
}

char *gw_asprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *p = gw_vasprintf(fmt, ap);
    va_end(ap);
    return p;
}

void gw_buf_init(gw_buf *b)
{
    b->data = NULL;
    b->len = b->cap = 0;
}

void gw_buf_free(gw_buf *b)
{
    free(b->data);
    gw_buf_init(b);
}

void gw_buf_reserve(gw_buf *b, size_t extra)
{
    if (b->len + extra + 1 <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + extra + 1)
        cap *= 2;
    b->data = gw_xrealloc(b->data, cap);
    b->cap = cap;
}

void gw_buf_append(gw_buf *b, const void *data, size_t n)
{
    gw_buf_reserve(b, n);
    if (n)
        memcpy(b->data + b->len, data, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void gw_buf_puts(gw_buf *b, const char *s)
{
    gw_buf_append(b, s, strlen(s));
}

void gw_buf_putc(gw_buf *b, char c)
{
    gw_buf_append(b, &c, 1);
}

void gw_buf_printf(gw_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = gw_vasprintf(fmt, ap);
    va_end(ap);
    gw_buf_puts(b, s);
    free(s);
}

void gw_buf_put_scaled(gw_buf *b, long long k, int dec)
{
    char tmp[40], *e = tmp + sizeof tmp, *p = e;
    unsigned long long a = k < 0 ? 0ull - (unsigned long long)k : (unsigned long long)k;
    unsigned long long p10 = 1;
    for (int i = 0; i < dec; i++)
        p10 *= 10;
    unsigned long long ip = a / p10, fp = a % p10;
    int d = dec;
    while (d > 0 && fp % 10 == 0) {
        fp /= 10;
        d--;
    }
    for (int i = 0; i < d; i++) {
        *--p = (char)('0' + fp % 10);
        fp /= 10;
    }
    if (d > 0)
        *--p = '.';
    do {
        *--p = (char)('0' + ip % 10);
        ip /= 10;
    } while (ip);
    if (k < 0)
        *--p = '-';
    gw_buf_append(b, p, (size_t)(e - p));
}

void gw_buf_put_be(gw_buf *b, uint32_t v, unsigned size)
{
    unsigned char s[4];
    for (unsigned k = 0; k < size && k < 4; k++)
        s[k] = (unsigned char)(v >> (8 * (size - 1 - k)));
    gw_buf_append(b, s, size < 4 ? size : 4);
}

void gw_buf_put_utf8(gw_buf *b, uint32_t cp)
{
    char s[4];
    size_t n;
    if (cp < 0x80) {
        s[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        s[0] = (char)(0xC0 | (cp >> 6));
        s[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        s[0] = (char)(0xE0 | (cp >> 12));
        s[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        s[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        s[0] = (char)(0xF0 | (cp >> 18));
        s[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        s[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        s[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    gw_buf_append(b, s, n);
}

char *gw_buf_steal(gw_buf *b)
{
    char *p = b->data ? b->data : gw_strdup("");
    gw_buf_init(b);
    return p;
}

size_t gw_utf8_decode(const char *str, size_t n, uint32_t *cp)
{
    const unsigned char *s = (const unsigned char *)str;
    if (n == 0) {
        *cp = 0xFFFD;
        return 0;
    }
    unsigned c = s[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    size_t len;
    uint32_t v, min;
    if ((c & 0xE0) == 0xC0) {
        len = 2; v = c & 0x1F; min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
        len = 3; v = c & 0x0F; min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
        len = 4; v = c & 0x07; min = 0x10000;
    } else {
        *cp = 0xFFFD;
        return 1;
    }
    if (n < len) {
        *cp = 0xFFFD;
        return 1;
    }
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            *cp = 0xFFFD;
            return 1;
        }
        v = (v << 6) | (s[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
        *cp = 0xFFFD;
        return 1;
    }
    *cp = v;
    return len;
}

size_t gw_utf8_count(const char *s, size_t n)
{
    size_t count = 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        i += gw_utf8_decode(s + i, n - i, &cp);
        count++;
    }
    return count;
}

bool gw_utf8_valid(const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t k = gw_utf8_decode(s + i, n - i, &cp);
        if (cp == 0xFFFD && !(k == 3 && (unsigned char)s[i] == 0xEF))
            return false;
        i += k;
    }
    return true;
}

bool gw_is_han(uint32_t cp)
{
    return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
           (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x3FFFF);
}

bool gw_is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

char *gw_with_extension(const char *path, const char *ext)
{
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    const char *dot = strrchr(base, '.');
    size_t stem = dot && dot > base ? (size_t)(dot - path) : strlen(path);
    return gw_asprintf("%.*s%s", (int)stem, path, ext);
}

/* Reads from fd until EOF, at most max bytes (EFBIG beyond). */
static char *read_fd(int fd, size_t max, size_t size_hint, size_t *len)
{
    gw_buf b;
    gw_buf_init(&b);
    gw_buf_reserve(&b, size_hint < max ? size_hint + 1 : 65536);
    for (;;) {
        gw_buf_reserve(&b, 65536);
        size_t room = b.cap - b.len - 1;
        ssize_t n = read(fd, b.data + b.len, room);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            int e = errno;
            gw_buf_free(&b);
            errno = e;
            return NULL;
        }
        if (n == 0)
            break;
        b.len += (size_t)n;
        if (b.len > max) {
            gw_buf_free(&b);
            errno = EFBIG;
            return NULL;
        }
    }
    b.data[b.len] = '\0';
    *len = b.len;
    return gw_buf_steal(&b);
}

char *gw_read_input(const char *path, size_t max, size_t *len)
{
    if (strcmp(path, "-") == 0)
        return read_fd(STDIN_FILENO, max, 0, len);
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    if (fd < 0)
        return NULL;
    struct stat st;
    int e = 0;
    if (fstat(fd, &st) != 0)
        e = errno;
    else if (S_ISDIR(st.st_mode))
        e = EISDIR;
    else if (!S_ISREG(st.st_mode))
        e = ENOTSUP; /* a FIFO or a device (/dev/zero) would never end, or change under us */
    else if ((unsigned long long)st.st_size > max)
        e = EFBIG;
    char *data = NULL;
    if (!e) {
        int flags = fcntl(fd, F_GETFL);
        if (flags >= 0)
            fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
        data = read_fd(fd, max, (size_t)st.st_size, len);
        if (!data)
            e = errno;
    }
    close(fd);
    errno = e;
    return data;
}

char *gw_read_whole_file(const char *path, size_t *len)
{
    return gw_read_input(path, SIZE_MAX - 1, len);
}

const char *gw_read_input_error(int err)
{
    switch (err) {
    case ENOTSUP:
        return "not a regular file (a FIFO, device or socket)";
    case EFBIG:
        return "larger than the input size limit";
    default:
        return strerror(err);
    }
}

static unsigned file_mode;
static pthread_once_t file_mode_once = PTHREAD_ONCE_INIT;

/* The umask, read from /proc where it can be (reading it with umask(2) means setting it, for
 * a moment, for every thread of the process). */
static void init_file_mode(void)
{
    mode_t mask = 022;
    bool found = false;
    FILE *f = fopen("/proc/self/status", "r");
    if (f) {
        char line[256];
        unsigned m;
        while (!found && fgets(line, sizeof line, f))
            if (sscanf(line, "Umask: %o", &m) == 1) {
                mask = (mode_t)m;
                found = true;
            }
        fclose(f);
    }
    if (!found) {
        mask = umask(022);
        umask(mask);
    }
    file_mode = 0666u & ~(unsigned)mask;
}

unsigned gw_new_file_mode(void)
{
    pthread_once(&file_mode_once, init_file_mode);
    return file_mode;
}
