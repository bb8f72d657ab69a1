/* gw_output.c: output paths (gw_output.h). Owns the list of temporary files being written,
 * behind one mutex that gw_output_abort keeps for good. */
#include "gw_output.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "gw_util.h"

/* ---- the temporary files being written ------------------------------------------------- */

static pthread_mutex_t temp_lock = PTHREAD_MUTEX_INITIALIZER;
static char **temp_paths; /* guarded by temp_lock; NULL slots are free */
static size_t n_temp;
static atomic_bool aborted; /* set (once) under temp_lock; read without it to fail fast */

static void temp_forget_locked(const char *path)
{
    for (size_t i = 0; i < n_temp; i++)
        if (temp_paths[i] && strcmp(temp_paths[i], path) == 0) {
            free(temp_paths[i]);
            temp_paths[i] = NULL;
            return;
        }
}

/* A free slot of the list, made before the file is (so that remembering it allocates nothing:
 * running out of memory then could leave a file nobody removes). */
static size_t temp_slot_locked(void)
{
    for (size_t i = 0; i < n_temp; i++)
        if (!temp_paths[i])
            return i;
    temp_paths = gw_xrealloc(temp_paths, (n_temp + 1) * sizeof *temp_paths);
    temp_paths[n_temp] = NULL;
    return n_temp++;
}

static void unlock_temp(void *unused)
{
    (void)unused;
    pthread_mutex_unlock(&temp_lock);
}

void gw_output_abort(void)
{
    pthread_mutex_lock(&temp_lock); /* never unlocked: no temporary file may appear after this */
    atomic_store(&aborted, true);
    for (size_t i = 0; i < n_temp; i++)
        if (temp_paths[i])
            unlink(temp_paths[i]);
}

/* A random suffix: the name must be unpredictable only enough not to collide (O_EXCL makes
 * the creation safe). */
static void random_suffix(char out[7])
{
    static const char set[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    static _Thread_local uint64_t state;
    if (!state) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        state = (uint64_t)ts.tv_nsec ^ ((uint64_t)ts.tv_sec << 20) ^ ((uint64_t)getpid() << 40) ^
                (uint64_t)(uintptr_t)&state;
    }
    for (int i = 0; i < 6; i++) {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        out[i] = set[state % (sizeof set - 1)];
    }
    out[6] = '\0';
}

/* Creates and registers `final.tmp-XXXXXX` next to final, under the lock, so that an abort
 * either sees it or has already stopped its creation. Returns the fd and the name. */
static int temp_create(const char *final, char **tmp_out)
{
    if (atomic_load(&aborted)) { /* (the lock is kept by the abort: do not wait for it) */
        errno = ECANCELED;
        return -1;
    }
    pthread_mutex_lock(&temp_lock);
    if (atomic_load(&aborted)) {
        pthread_mutex_unlock(&temp_lock);
        errno = ECANCELED;
        return -1;
    }
    /* out of memory while the lock is held gives it back (the call unwinds) */
    gw_defer *d_lock = gw_mem_defer(unlock_temp, NULL);
    size_t slot = temp_slot_locked();
    int fd = -1, err = 0;
    char *tmp = NULL, *kept = NULL;
    for (int attempt = 0; attempt < 100; attempt++) {
        char sfx[7];
        random_suffix(sfx);
        free(tmp);
        free(kept);
        tmp = gw_asprintf("%s.tmp-%s", final, sfx);
        kept = gw_strdup(tmp);
        fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
        if (fd >= 0 || errno != EEXIST)
            break;
    }
    err = errno;
    if (fd >= 0)
        temp_paths[slot] = kept; /* (nothing allocated from the file's creation on) */
    else
        free(kept);
    gw_mem_undefer(d_lock);
    pthread_mutex_unlock(&temp_lock);
    if (fd < 0) {
        free(tmp);
        errno = err;
        return -1;
    }
    *tmp_out = tmp;
    return fd;
}

/* Renames tmp over final (commit) or removes it, and forgets it, under the lock. */
static int temp_finish(char *tmp, const char *final, bool commit)
{
    pthread_mutex_lock(&temp_lock); /* (after an abort this waits until the process dies) */
    int rc = 0, err = 0;
    if (atomic_load(&aborted)) { /* the abort removed it already */
        rc = -1;
        err = ECANCELED;
    } else {
        if (commit && rename(tmp, final) != 0) {
            rc = -1;
            err = errno;
        }
        if (!commit || rc != 0)
            unlink(tmp);
        temp_forget_locked(tmp);
    }
    pthread_mutex_unlock(&temp_lock);
    free(tmp);
    errno = err;
    return rc;
}

/* ---- resolving an output path ------------------------------------------------------------ */

typedef enum {
    OUT_NEW,      /* nothing there: create it atomically */
    OUT_REGULAR,  /* a regular file: replace it atomically */
    OUT_STREAM,   /* FIFO, character device, socket, /dev/stdout …: write into it */
    OUT_REFUSED   /* folder, block device, terminal: errno says which */
} out_kind;

static bool is_fd_link(const char *target)
{
    /* /proc/self/fd/1, /proc/1234/fd/1, /dev/fd/1, /dev/stdout: the open file of a process,
     * which only writing into it reaches (a shell's redirection, a pipe). */
    if (strncmp(target, "/dev/fd/", 8) == 0 || strcmp(target, "/dev/stdout") == 0 ||
        strcmp(target, "/dev/stderr") == 0)
        return true;
    if (strncmp(target, "/proc/", 6) != 0)
        return false;
    const char *p = strchr(target + 6, '/');
    return p && strncmp(p, "/fd/", 4) == 0;
}

/* The directory part of path ("." when it has none). */
static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return gw_strdup(".");
    if (slash == path)
        return gw_strdup("/");
    return gw_strndup(path, (size_t)(slash - path));
}

/* Follows symbolic links from path to what they name. *final gets the path to write (malloc'd):
 * the last link's target for a chain of links. */
static out_kind resolve(const char *path, char **final)
{
    char *p = gw_strdup(path);
    for (int hops = 0;; hops++) {
        if (is_fd_link(p)) {
            *final = p;
            return OUT_STREAM;
        }
        struct stat st;
        if (lstat(p, &st) != 0) {
            if (errno != ENOENT) {
                free(p);
                return OUT_REFUSED;
            }
            *final = p;
            return OUT_NEW;
        }
        if (S_ISLNK(st.st_mode)) {
            if (hops >= 40) {
                free(p);
                errno = ELOOP;
                return OUT_REFUSED;
            }
            char buf[PATH_MAX];
            ssize_t n = readlink(p, buf, sizeof buf - 1);
            if (n < 0) {
                free(p);
                return OUT_REFUSED;
            }
            buf[n] = '\0';
            char *next;
            if (buf[0] == '/') {
                next = gw_strdup(buf);
            } else {
                char *dir = dir_of(p);
                next = gw_asprintf("%s/%s", dir, buf);
                free(dir);
            }
            free(p);
            p = next;
            continue;
        }
        *final = p;
        if (S_ISREG(st.st_mode))
            return OUT_REGULAR;
        if (S_ISDIR(st.st_mode)) {
            errno = EISDIR;
            return OUT_REFUSED;
        }
        if (S_ISBLK(st.st_mode)) {
            errno = ENOTSUP; /* a disk: never written as a document */
            return OUT_REFUSED;
        }
        return OUT_STREAM; /* FIFO, character device, socket */
    }
}

bool gw_output_is_terminal(const char *out)
{
    if (strcmp(out, "-") == 0)
        return isatty(STDOUT_FILENO);
    struct stat st;
    if (stat(out, &st) != 0 || !S_ISCHR(st.st_mode))
        return false;
    int fd = open(out, O_WRONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return false;
    bool tty = isatty(fd);
    close(fd);
    return tty;
}

char *gw_output_refusal(const char *out, const char *in, bool *misuse)
{
    bool dummy;
    if (!misuse)
        misuse = &dummy;
    *misuse = true;
    if (!out || !*out)
        return gw_strdup("the output name is empty");
    struct stat so, si;
    bool have_in = false;
    if (in && strcmp(in, "-") == 0)
        have_in = fstat(STDIN_FILENO, &si) == 0 && S_ISREG(si.st_mode);
    else if (in)
        have_in = stat(in, &si) == 0;
    bool have_out = strcmp(out, "-") == 0 ? fstat(STDOUT_FILENO, &so) == 0 : stat(out, &so) == 0;
    if (have_in && have_out && so.st_dev == si.st_dev && so.st_ino == si.st_ino)
        return gw_asprintf("the output %s is the input file %s; it would be destroyed",
                           strcmp(out, "-") == 0 ? "(standard output)" : out,
                           strcmp(in, "-") == 0 ? "(standard input)" : in);
    if (strcmp(out, "-") == 0)
        return NULL;
    char *final = NULL;
    out_kind k = resolve(out, &final);
    int err = errno;
    free(final);
    if (k == OUT_REFUSED) {
        if (err == EISDIR)
            return gw_asprintf("the output %s is a folder", out);
        if (err == ENOTSUP)
            return gw_asprintf("the output %s is a block device", out);
        *misuse = false;
        return gw_asprintf("the output %s cannot be written: %s", out, strerror(err));
    }
    if (k == OUT_NEW) { /* its folder must exist */
        char *dir = dir_of(out);
        struct stat sd;
        bool ok = stat(dir, &sd) == 0 && S_ISDIR(sd.st_mode);
        char *msg = ok ? NULL : gw_asprintf("the folder of the output %s does not exist", out);
        *misuse = false;
        free(dir);
        return msg;
    }
    if (k == OUT_STREAM && gw_output_is_terminal(out))
        return gw_asprintf("the output %s is a terminal; PDF is written to a terminal only with "
                           "'-o -'", out);
    return NULL;
}

/* ---- writing ----------------------------------------------------------------------------- */

static int write_all(int fd, const void *data, size_t len)
{
    const char *p = data;
    while (len > 0) {
        ssize_t w = write(fd, p, len);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        p += w;
        len -= (size_t)w;
    }
    return 0;
}

/* The descriptor of this process a path names (/dev/stdout, /dev/fd/N, /proc/self/fd/N), or
 * -1: writing into it keeps what the shell made of it (`>>` appends, `>` truncated). */
static int own_fd(const char *path)
{
    const char *num = NULL;
    if (strcmp(path, "-") == 0 || strcmp(path, "/dev/stdout") == 0)
        return STDOUT_FILENO;
    if (strcmp(path, "/dev/stderr") == 0)
        return STDERR_FILENO;
    if (strncmp(path, "/dev/fd/", 8) == 0)
        num = path + 8;
    else if (strncmp(path, "/proc/self/fd/", 14) == 0)
        num = path + 14;
    if (!num || !*num)
        return -1;
    char *end = NULL;
    long fd = strtol(num, &end, 10);
    return *end || fd < 0 || fd > INT_MAX || fcntl((int)fd, F_GETFD) < 0 ? -1 : (int)fd;
}

static int stream_to(const char *path, const void *data, size_t len)
{
    int fd = own_fd(path);
    bool opened = fd < 0;
    if (opened) /* a FIFO, a device, another process's descriptor: no O_TRUNC, no O_CREAT */
        fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    int rc = write_all(fd, data, len), err = errno;
    if (opened) {
        if (close(fd) != 0 && rc == 0) {
            rc = -1;
            err = errno;
        }
    }
    errno = err;
    return rc;
}

int gw_write_output(const char *out, const void *data, size_t len)
{
    if (!out || !*out) {
        errno = ENOENT;
        return -1;
    }
    if (own_fd(out) >= 0)
        return stream_to(out, data, len);
    char *final = NULL;
    out_kind k = resolve(out, &final);
    if (k == OUT_REFUSED) {
        free(final);
        return -1;
    }
    if (k == OUT_STREAM) {
        int rc = stream_to(final, data, len), err = errno;
        free(final);
        errno = err;
        return rc;
    }
    /* A new name or a regular file: a temporary file beside it, renamed over it. */
    struct stat old;
    bool exists = k == OUT_REGULAR && stat(final, &old) == 0;
    /* allocated now: from the rename on nothing may fail (a call out of memory then would say
     * it failed with the file written) */
    char *dir = dir_of(final);
    char *tmp = NULL;
    int fd = temp_create(final, &tmp);
    if (fd < 0) {
        int err = errno;
        free(dir);
        free(final);
        errno = err;
        return -1;
    }
    int err = 0;
    if (write_all(fd, data, len) != 0)
        err = errno;
    /* A replaced file keeps its permissions (and, when root replaces another user's file, its
     * owner); a new one gets 0666 less the umask (mkstemp-style creation gave 0600). */
    mode_t mode = exists ? old.st_mode & 07777 : (mode_t)gw_new_file_mode();
    if (!err && fchmod(fd, mode) != 0)
        err = errno;
    if (!err && exists && geteuid() == 0 && (old.st_uid != 0 || old.st_gid != 0))
        if (fchown(fd, old.st_uid, old.st_gid) != 0)
            err = errno;
    if (!err && fsync(fd) != 0 && errno != EINVAL && errno != EROFS)
        err = errno;
    if (close(fd) != 0 && !err)
        err = errno;
    int rc = temp_finish(tmp, final, err == 0);
    if (rc != 0 && !err)
        err = errno;
    if (!err) { /* the rename itself durable too */
        int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (dfd >= 0) {
            (void)fsync(dfd);
            close(dfd);
        }
    }
    free(dir);
    free(final);
    errno = err;
    return err ? -1 : 0;
}
