/* test_base.c: the shared helpers of src/base: output names (gw_with_extension), reading a file
 * and keeping the reason it failed, writing one atomically with the umask's mode, moving
 * diagnostics between lists with their file names, and the Han class. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/gw_diag.h"
#include "base/gw_output.h"
#include "base/gw_util.h"

static void test_with_extension(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        { "a.txt", "a.pdf" },           { "dir/a.txt", "dir/a.pdf" },
        { "a", "a.pdf" },               { "dir.d/a", "dir.d/a.pdf" },
        { "a.b.txt", "a.b.pdf" },       { ".txt", ".txt.pdf" },      /* a hidden file */
        { "dir/.hidden", "dir/.hidden.pdf" }, { "dir/.x.txt", "dir/.x.pdf" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *out = gw_with_extension(cases[i][0], ".pdf");
        assert_string_equal(out, cases[i][1]);
        free(out);
    }
}

static void test_read_keeps_errno(void **state)
{
    (void)state;
    size_t len = 0;
    errno = 0;
    assert_null(gw_read_whole_file("/", &len));
    assert_int_equal(errno, EISDIR);
    assert_null(gw_read_whole_file("/nonexistent/file.txt", &len));
    assert_int_equal(errno, ENOENT);
    assert_true(gw_is_dir("/"));
    assert_false(gw_is_dir("/nonexistent"));
}

static void test_write_mode(void **state)
{
    (void)state;
    char dir[] = "/tmp/gw-base-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char *path = gw_asprintf("%s/out.pdf", dir);
    assert_int_equal(gw_write_output(path, "%PDF-", 5), 0);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, gw_new_file_mode());
    mode_t mask = umask(0);
    umask(mask);
    assert_int_equal(gw_new_file_mode(), 0666u & ~(unsigned)mask);
    assert_int_equal(stat(path, &st), 0);
    unlink(path);
    rmdir(dir);
    free(path);
}

static char *slurp(const char *path)
{
    size_t len;
    return gw_read_whole_file(path, &len);
}

static int count_temp_files(const char *dir)
{
    DIR *d = opendir(dir);
    int n = 0;
    struct dirent *e;
    while (d && (e = readdir(d)))
        n += strstr(e->d_name, ".tmp-") != NULL;
    if (d)
        closedir(d);
    return n;
}

/* gw_output.h: what each kind of output path gets. */
static void test_output_paths(void **state)
{
    (void)state;
    char dir[] = "/tmp/gw-out-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char *file = gw_asprintf("%s/a.pdf", dir), *link = gw_asprintf("%s/link.pdf", dir);
    char *dangling = gw_asprintf("%s/dangling.pdf", dir), *target = gw_asprintf("%s/t.pdf", dir);
    char *fifo = gw_asprintf("%s/fifo", dir), *in = gw_asprintf("%s/in.txt", dir);

    /* a regular file: replaced, its mode kept */
    assert_int_equal(gw_write_output(file, "one", 3), 0);
    chmod(file, 0640);
    assert_int_equal(gw_write_output(file, "two", 3), 0);
    struct stat st;
    assert_int_equal(stat(file, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0640);
    char *got = slurp(file);
    assert_string_equal(got, "two");
    free(got);

    /* a symbolic link: its target replaced, the link kept */
    assert_int_equal(symlink("a.pdf", link), 0);
    assert_int_equal(gw_write_output(link, "three", 5), 0);
    assert_int_equal(lstat(link, &st), 0);
    assert_true(S_ISLNK(st.st_mode));
    got = slurp(file);
    assert_string_equal(got, "three");
    free(got);
    /* a dangling one: its target created */
    assert_int_equal(symlink("t.pdf", dangling), 0);
    assert_int_equal(gw_write_output(dangling, "four", 4), 0);
    assert_int_equal(lstat(dangling, &st), 0);
    assert_true(S_ISLNK(st.st_mode));
    got = slurp(target);
    assert_string_equal(got, "four");
    free(got);

    /* a FIFO: streamed into, never replaced */
    assert_int_equal(mkfifo(fifo, 0600), 0);
    pid_t pid = fork();
    if (pid == 0) {
        int fd = open(fifo, O_RDONLY);
        char buf[16] = { 0 };
        ssize_t n = read(fd, buf, sizeof buf - 1);
        _exit(n == 4 && strcmp(buf, "five") == 0 ? 0 : 1);
    }
    assert_int_equal(gw_write_output(fifo, "five", 4), 0);
    int status = 0;
    waitpid(pid, &status, 0);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    assert_int_equal(lstat(fifo, &st), 0);
    assert_true(S_ISFIFO(st.st_mode));

    /* a character device: written into, still a device (as root this is where a rename would
     * have replaced /dev/null) */
    assert_int_equal(gw_write_output("/dev/null", "six", 3), 0);
    assert_int_equal(stat("/dev/null", &st), 0);
    assert_true(S_ISCHR(st.st_mode));

    /* refusals before anything is read */
    assert_int_equal(gw_write_output(in, "x", 1), 0);
    char *msg = gw_output_refusal(in, in, NULL);
    assert_non_null(strstr(msg, "is the input"));
    free(msg);
    msg = gw_output_refusal(link, file, NULL); /* the same file through a link */
    assert_non_null(strstr(msg, "is the input"));
    free(msg);
    msg = gw_output_refusal(dir, in, NULL);
    assert_non_null(strstr(msg, "folder"));
    free(msg);
    assert_int_equal(gw_write_output(dir, "x", 1), -1);
    assert_int_equal(errno, EISDIR);
    msg = gw_output_refusal("", in, NULL);
    assert_non_null(strstr(msg, "empty"));
    free(msg);
    char *nodir = gw_asprintf("%s/no/such/out.pdf", dir);
    msg = gw_output_refusal(nodir, in, NULL);
    assert_non_null(strstr(msg, "does not exist"));
    free(msg);
    free(nodir);
    assert_null(gw_output_refusal(file, in, NULL));
    assert_null(gw_output_refusal("/dev/null", in, NULL));
    assert_int_equal(count_temp_files(dir), 0);

    /* a write that fails (a full device) is an error */
    assert_int_equal(gw_write_output("/dev/full", "x", 1), -1);
    assert_int_equal(errno, ENOSPC);

    unlink(file); unlink(link); unlink(dangling); unlink(target); unlink(fifo); unlink(in);
    rmdir(dir);
    free(file); free(link); free(dangling); free(target); free(fifo); free(in);
}

/* After gw_output_abort no temporary file exists and none can be made (in a child: the
 * abort keeps the lock for good). */
static void test_output_abort(void **state)
{
    (void)state;
    char dir[] = "/tmp/gw-abort-XXXXXX";
    assert_non_null(mkdtemp(dir));
    pid_t pid = fork();
    if (pid == 0) {
        char *out = gw_asprintf("%s/x.pdf", dir);
        gw_output_abort();
        int rc = gw_write_output(out, "x", 1);
        _exit(rc == -1 && errno == ECANCELED && access(out, F_OK) != 0 ? 0 : 1);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    assert_int_equal(count_temp_files(dir), 0);
    rmdir(dir);
}

/* Inputs: regular files and stdin only, within a size. */
static void test_read_input(void **state)
{
    (void)state;
    size_t len = 0;
    assert_null(gw_read_input("/dev/zero", 1 << 20, &len));
    assert_int_equal(errno, ENOTSUP);
    assert_null(gw_read_input("/", 1 << 20, &len));
    assert_int_equal(errno, EISDIR);
    char dir[] = "/tmp/gw-in-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char *p = gw_asprintf("%s/big.txt", dir), *fifo = gw_asprintf("%s/f", dir);
    assert_int_equal(gw_write_output(p, "0123456789", 10), 0);
    assert_null(gw_read_input(p, 9, &len));
    assert_int_equal(errno, EFBIG);
    char *t = gw_read_input(p, 10, &len);
    assert_non_null(t);
    assert_int_equal(len, 10);
    free(t);
    assert_int_equal(mkfifo(fifo, 0600), 0);
    assert_null(gw_read_input(fifo, 1 << 20, &len)); /* never blocks waiting for a writer */
    assert_int_equal(errno, ENOTSUP);
    unlink(p);
    unlink(fifo);
    rmdir(dir);
    free(p);
    free(fifo);
}

static void test_diags_move(void **state)
{
    (void)state;
    gw_diags to, from;
    gw_diags_init(&to, "gongwen");
    gw_diags_init(&from, "rules.ini");
    gw_diags_add(&from, GW_ERROR, "rules-bad-value", 7, 0, "bad value");
    gw_diags_add(&from, GW_ERROR, "rules-unreadable", 0, 0, "cannot read");
    gw_diags_move(&to, &from);
    assert_int_equal(from.n, 0);
    assert_int_equal(to.n, 2);
    char *buf = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&buf, &n);
    gw_diags_print(&to, f, GW_NOTE);
    fclose(f);
    /* every moved message keeps naming the file it is about */
    assert_string_equal(buf, "rules.ini:7: error: bad value\nrules.ini: error: cannot read\n");
    free(buf);
    gw_diags_free(&from);
    gw_diags_free(&to);
}

/* The back ends' decimals: shortest exact form, no minus on zero. */
static void test_put_scaled(void **state)
{
    (void)state;
    static const struct {
        long long k;
        int dec;
        const char *want;
    } cases[] = { { 0, 3, "0" },      { 1500, 3, "1.5" }, { -2000, 3, "-2" }, { 125, 3, "0.125" },
                  { -5, 2, "-0.05" }, { 7, 0, "7" },      { 1234567, 4, "123.4567" } };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        gw_buf b;
        gw_buf_init(&b);
        gw_buf_put_scaled(&b, cases[i].k, cases[i].dec);
        gw_buf_putc(&b, '\0');
        assert_string_equal(b.data, cases[i].want);
        gw_buf_free(&b);
    }
}

static void test_han(void **state)
{
    (void)state;
    assert_true(gw_is_han(0x4E00));   /* 一 */
    assert_true(gw_is_han(0x3400));   /* Extension A */
    assert_true(gw_is_han(0xF900));   /* a compatibility ideograph */
    assert_true(gw_is_han(0x2000B));  /* Extension B */
    assert_false(gw_is_han(0x3001));  /* 、 */
    assert_false(gw_is_han(0xFF0C));  /* ， */
    assert_false(gw_is_han('A'));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_with_extension),
        cmocka_unit_test(test_put_scaled),
        cmocka_unit_test(test_read_keeps_errno),
        cmocka_unit_test(test_write_mode),
        cmocka_unit_test(test_diags_move),
        cmocka_unit_test(test_output_paths),
        cmocka_unit_test(test_output_abort),
        cmocka_unit_test(test_read_input),
        cmocka_unit_test(test_han),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
