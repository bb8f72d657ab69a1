/* test_reader_decode.c: the reader's decoding and refusals: UTF-8 with and without BOM, CRLF
 * and CR, GB18030, empty input, random bytes, NUL and control characters, and the two size
 * cases (a 10 MB paragraph, a 5,000-character Latin word) that must stay linear. */
#include "reader_test_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/gw_util.h"

static void test_empty_file(void **state)
{
    (void)state;
    gw_diags d;
    gw_diags_init(&d, "t.txt");
    assert_null(gw_read_buffer("", 0, "t.txt", &d));
    tu_assert_diag(&d, GW_ERROR, 1, 1, "empty document");
    assert_int_equal(d.n, 1);
    gw_diags_free(&d);
}

static void test_blank_file(void **state)
{
    (void)state;
    gw_diags d;
    gw_diags_init(&d, "t.txt");
    assert_null(tu_read("\n  \n\t\r\n\xE3\x80\x80\n", &d));
    tu_assert_diag(&d, GW_ERROR, 1, 1, "empty document");
    gw_diags_free(&d);
}

/* A fixed pseudo-random byte string, so failures repeat. */
static unsigned char *random_bytes(size_t n, bool no_nul)
{
    unsigned char *p = malloc(n);
    uint32_t x = 12345;
    for (size_t i = 0; i < n; i++) {
        x = x * 1103515245u + 12345u;
        p[i] = (unsigned char)(x >> 16);
        if (no_nul && p[i] == 0)
            p[i] = 0xFF;
    }
    return p;
}

static void test_random_bytes_with_nul(void **state)
{
    (void)state;
    unsigned char *p = random_bytes(4096, false);
    const unsigned char *nul = memchr(p, 0, 4096);
    assert_non_null(nul);
    gw_diags d;
    gw_diags_init(&d, "t.bin");
    assert_null(gw_read_buffer((char *)p, 4096, "t.bin", &d));
    assert_int_equal(d.n, 1);
    assert_int_equal(d.items[0].severity, GW_ERROR);
    assert_string_equal(d.items[0].message, "NUL byte in the input: this is not a text file");
    assert_true(d.items[0].line >= 1 && d.items[0].col >= 1);
    gw_diags_free(&d);
    free(p);
}

static void test_random_bytes(void **state)
{
    (void)state;
    unsigned char *p = random_bytes(4096, true);
    gw_diags d;
    gw_diags_init(&d, "t.bin");
    assert_null(gw_read_buffer((char *)p, 4096, "t.bin", &d));
    assert_int_equal(d.n, 1);
    assert_int_equal(d.items[0].severity, GW_ERROR);
    assert_non_null(strstr(d.items[0].message, "the input is neither UTF-8 nor GB18030 text (byte 0x"));
    assert_true(d.items[0].line >= 1 && d.items[0].col >= 1);
    gw_diags_free(&d);
    free(p);
}

static void test_invalid_position(void **state)
{
    (void)state;
    gw_diags d;
    gw_diags_init(&d, "t.txt");
    /* 0xFF is neither UTF-8 nor GB18030: the error points at it, column in characters */
    assert_null(tu_read("正文。\n甲乙\xFF丙\n", &d));
    tu_assert_diag(&d, GW_ERROR, 2, 3, "the input is neither UTF-8 nor GB18030 text (byte 0xFF); is this a text file?");
    gw_diags_free(&d);
}

static void test_nul_position(void **state)
{
    (void)state;
    const char text[] = "第一行\n第二\0行\n";
    gw_diags d;
    gw_diags_init(&d, "t.txt");
    assert_null(gw_read_buffer(text, sizeof text - 1, "t.txt", &d));
    tu_assert_diag(&d, GW_ERROR, 2, 3, "NUL byte in the input: this is not a text file");
    gw_diags_free(&d);
}

static void test_control_character(void **state)
{
    (void)state;
    gw_diags d;
    gw_diags_init(&d, "t.txt");
    assert_null(tu_read("正文\x01。\n", &d));
    tu_assert_diag(&d, GW_ERROR, 1, 3, "control character U+0001 in the input: this is not a text file");
    gw_diags_free(&d);
}

static void test_utf16(void **state)
{
    (void)state;
    const char text[] = "\xFF\xFE\x63\x6B";
    gw_diags d;
    gw_diags_init(&d, "t.txt");
    assert_null(gw_read_buffer(text, 4, "t.txt", &d));
    tu_assert_diag(&d, GW_ERROR, 1, 1, "the input is UTF-16 text; save it as UTF-8");
    gw_diags_free(&d);
}

static void test_gb18030_file(void **state)
{
    (void)state;
    char *path = tu_path("tests/inputs/gb18030.txt");
    gw_diags d;
    gw_diags_init(&d, path);
    gw_document *doc = gw_read_file(path, &d);
    assert_non_null(doc);
    assert_string_equal(doc->encoding, "GB18030");
    tu_assert_diag(&d, GW_NOTE, 0, 0, "the input is not UTF-8; read it as GB18030 and converted it to UTF-8");
    tu_assert_text(doc->issuer_mark, "泉州市科学技术局文件", 1);
    tu_assert_text(doc->doc_number, "泉科〔2021〕5号", 3);
    tu_assert_text(doc->title, "关于做好节能宣传工作的通知", 5);
    tu_assert_text(doc->addressee, "各直属单位", 7);
    assert_int_equal(doc->body.n, 1);
    assert_string_equal(doc->body.items[0].text, "请按照要求做好节能宣传周工作。");
    assert_int_equal(doc->n_signatures, 1);
    tu_assert_text(doc->signatures[0].issuer, "泉州市科学技术局", 11);
    tu_assert_text(doc->date, "2021年6月1日", 12);
    gw_document_free(doc);
    gw_diags_free(&d);
    free(path);
}

static void test_gb18030_in_memory(void **state)
{
    (void)state;
    /* "正文。" in GB18030: D5FD CEC4 A1A3 */
    gw_diags d;
    gw_diags_init(&d, "t.txt");
    gw_document *doc = tu_read("\xD5\xFD\xCE\xC4\xA1\xA3\n", &d);
    assert_non_null(doc);
    assert_string_equal(doc->encoding, "GB18030");
    assert_int_equal(doc->body.n, 1);
    assert_string_equal(doc->body.items[0].text, "正文。");
    gw_document_free(doc);
    gw_diags_free(&d);
}

static void test_bom_crlf_file(void **state)
{
    (void)state;
    char *path = tu_path("tests/inputs/bom-crlf.txt");
    gw_diags d;
    gw_diags_init(&d, path);
    gw_document *doc = gw_read_file(path, &d);
    assert_non_null(doc);
    assert_string_equal(doc->encoding, "UTF-8");
    tu_assert_text(doc->issuer_mark, "泉州市科学技术局文件", 1);
    assert_int_equal(doc->issuer_mark.pos.col, 3); /* the BOM is not a character */
    tu_assert_text(doc->doc_number, "泉科〔2021〕6号", 3);
    tu_assert_text(doc->title, "关于开展检查的通知", 5);
    tu_assert_text(doc->addressee, "各直属单位", 7);
    assert_int_equal(doc->body.n, 1);
    /* the two lines of one paragraph are joined, no CR left */
    assert_string_equal(doc->body.items[0].text, "现将有关事项通知如下。");
    assert_int_equal(doc->body.items[0].pos.line, 9);
    assert_int_equal(d.n, 0);
    gw_document_free(doc);
    gw_diags_free(&d);
    free(path);
}

static void test_cr_only(void **state)
{
    (void)state;
    gw_diags d;
    gw_diags_init(&d, "t.txt");
    gw_document *doc = tu_read("## 标题\r\r第一段。\r\r第二段。\r", &d);
    assert_non_null(doc);
    tu_assert_text(doc->title, "标题", 1);
    assert_int_equal(doc->body.n, 2);
    assert_int_equal(doc->body.items[1].pos.line, 5);
    gw_document_free(doc);
    gw_diags_free(&d);
}

static void test_missing_file(void **state)
{
    (void)state;
    gw_diags d;
    gw_diags_init(&d, "nowhere.txt");
    assert_null(gw_read_file("/nonexistent/nowhere.txt", &d));
    tu_assert_diag(&d, GW_ERROR, 0, 0, "cannot read /nonexistent/nowhere.txt: No such file or directory");
    gw_diags_free(&d);
}

static double seconds(clock_t a, clock_t b)
{
    return (double)(b - a) / CLOCKS_PER_SEC;
}

/* 10 MB in one paragraph, once as one line and once as many lines, with stray spaces to
 * remove: must be linear (a quadratic reader takes hours here). */
static void test_ten_megabyte_paragraph(void **state)
{
    (void)state;
    static const char unit[] = "泉州市科技局 2021 年精神文明工作，"; /* 48 bytes */
    size_t reps = 10u * 1024 * 1024 / (sizeof unit - 1);
    for (int multiline = 0; multiline < 2; multiline++) {
        gw_buf b;
        gw_buf_init(&b);
        for (size_t i = 0; i < reps; i++) {
            gw_buf_append(&b, unit, sizeof unit - 1);
            if (multiline)
                gw_buf_putc(&b, '\n');
        }
        gw_buf_puts(&b, "完。\n");
        gw_diags d;
        gw_diags_init(&d, "big.txt");
        clock_t t0 = clock();
        gw_document *doc = gw_read_buffer(b.data, b.len, "big.txt", &d);
        clock_t t1 = clock();
        assert_non_null(doc);
        assert_int_equal(doc->body.n, 1);
        const char *text = doc->body.items[0].text;
        /* each unit loses its two spaces; nothing else changes */
        assert_int_equal(strlen(text), reps * (sizeof unit - 1 - 2) + strlen("完。"));
        assert_memory_equal(text, "泉州市科技局2021年精神文明工作，泉州市", strlen("泉州市科技局2021年精神文明工作，泉州市"));
        assert_null(strchr(text, ' '));
        assert_int_equal(gw_diags_count(&d, GW_WARNING), multiline ? reps : 1);
        char *json = gw_document_to_json(doc);
        assert_non_null(json);
        free(json);
        assert_true(seconds(t0, t1) < 30.0);
        gw_document_free(doc);
        gw_diags_free(&d);
        gw_buf_free(&b);
    }
}

static void test_long_latin_word(void **state)
{
    (void)state;
    gw_buf b;
    gw_buf_init(&b);
    for (int i = 0; i < 5000; i++)
        gw_buf_putc(&b, 'x');
    char *word = gw_strdup(b.data);
    gw_buf_puts(&b, "\n");
    gw_diags d;
    gw_diags_init(&d, "t.txt");
    gw_document *doc = gw_read_buffer(b.data, b.len, "t.txt", &d);
    assert_non_null(doc);
    assert_null(doc->title.text); /* far too long to be a title */
    assert_int_equal(doc->body.n, 1);
    assert_string_equal(doc->body.items[0].text, word);
    assert_int_equal(doc->body.items[0].kind, GW_BLOCK_PARAGRAPH);
    gw_document_free(doc);
    gw_diags_free(&d);

    /* the same word inside Latin prose keeps the spaces between words */
    gw_buf c;
    gw_buf_init(&c);
    gw_buf_printf(&c, "## Title\n\nsome words %s end.\n", word);
    gw_diags_init(&d, "t.txt");
    doc = gw_read_buffer(c.data, c.len, "t.txt", &d);
    assert_non_null(doc);
    char *expect = gw_asprintf("some words %s end.", word);
    assert_string_equal(doc->body.items[0].text, expect);
    assert_int_equal(d.n, 0);
    free(expect);
    gw_document_free(doc);
    gw_diags_free(&d);
    gw_buf_free(&c);
    gw_buf_free(&b);
    free(word);
}

int main(int argc, char **argv)
{
    tu_init(argc, argv);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty_file),
        cmocka_unit_test(test_blank_file),
        cmocka_unit_test(test_random_bytes_with_nul),
        cmocka_unit_test(test_random_bytes),
        cmocka_unit_test(test_invalid_position),
        cmocka_unit_test(test_nul_position),
        cmocka_unit_test(test_control_character),
        cmocka_unit_test(test_utf16),
        cmocka_unit_test(test_gb18030_file),
        cmocka_unit_test(test_gb18030_in_memory),
        cmocka_unit_test(test_bom_crlf_file),
        cmocka_unit_test(test_cr_only),
        cmocka_unit_test(test_missing_file),
        cmocka_unit_test(test_ten_megabyte_paragraph),
        cmocka_unit_test(test_long_latin_word),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
