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
#include <sys/stat.h>
#include <unistd.h>

#include "base/gw_diag.h"
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
    assert_int_equal(gw_write_file_atomic(path, "%PDF-", 5), 0);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, gw_new_file_mode());
    mode_t mask = umask(0);
    umask(mask);
    assert_int_equal(gw_new_file_mode(), 0666u & ~(unsigned)mask);
    gw_remove_temp_files(); /* nothing being written: removes nothing */
    assert_int_equal(stat(path, &st), 0);
    unlink(path);
    rmdir(dir);
    free(path);
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
        cmocka_unit_test(test_read_keeps_errno),
        cmocka_unit_test(test_write_mode),
        cmocka_unit_test(test_diags_move),
        cmocka_unit_test(test_han),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
