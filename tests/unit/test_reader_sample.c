/* test_reader_sample.c: the real 公文 examples/quanzhou-kjj-2021-172.txt (text extracted from
 * a PDF) read as the issue's acceptance asks: every element, every heading of the issued work
 * summary, the four named repairs with their warnings, no stray spaces, and no character lost. */
#include "reader_test_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/gw_util.h"

static gw_document *doc;
static gw_diags d;
static char *source;
static size_t source_len;

static int setup(void **state)
{
    (void)state;
    char *path = tu_path("examples/quanzhou-kjj-2021-172.txt");
    gw_diags_init(&d, path);
    doc = gw_read_file(path, &d);
    source = gw_read_whole_file(path, &source_len);
    free(path);
    return doc && source ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    gw_document_free(doc);
    gw_diags_free(&d);
    free(source);
    return 0;
}

static void test_header_and_main_text(void **state)
{
    (void)state;
    assert_int_equal(gw_diags_count(&d, GW_ERROR), 0);
    assert_string_equal(doc->encoding, "UTF-8");
    assert_int_equal(doc->format, GW_FORMAT_DOCUMENT);
    assert_false(gw_document_is_upward(doc));
    assert_null(doc->copy_number.text);
    assert_null(doc->secrecy.text);
    assert_null(doc->urgency.text);
    tu_assert_text(doc->issuer_mark, "泉州市科学技术局文件", 3);
    assert_int_equal(doc->n_issuers, 1);
    tu_assert_text(doc->issuers[0], "泉州市科学技术局", 3);
    tu_assert_text(doc->doc_number, "泉科〔2021〕172号", 5);
    tu_assert_text(doc->title,
                   "泉州市科学技术局关于印发《泉州市科技局2021年上半年精神文明工作总结暨下半年工作思路》的通知", 7);
    tu_assert_text(doc->addressee, "局机关各科室、各直属单位", 9);
    assert_int_equal(doc->body.n, 1);
    tu_assert_block(&doc->body.items[0], GW_BLOCK_PARAGRAPH, 0, false, NULL,
                    "现将《泉州市科技局2021年上半年精神文明工作总结暨下半年工作思路》印发给你们，请结合单位实际，"
                    "按照全年工作计划，狠抓各项工作落实。");
    assert_int_equal(doc->n_attachment_notes, 0);
    assert_int_equal(doc->n_signatures, 0);
    assert_null(doc->date.text);
    assert_null(doc->note.text);
}

static void test_colophon(void **state)
{
    (void)state;
    tu_assert_text(doc->colophon.cc, "市直机关文明办、局机关工会、团支部、妇委会，局领导。", 83);
    tu_assert_text(doc->colophon.printer, "泉州市科技局办公室", 87);
    tu_assert_text(doc->colophon.print_date, "2021年9月27日", 89);
    assert_null(doc->colophon.main_to.text);
    assert_null(doc->colophon.distribute.text);
    /* no 抄送 warning: it already ends with 。 */
    assert_null(tu_find_sub(&d, GW_WARNING, "抄送"));
}

static void test_issued_document(void **state)
{
    (void)state;
    assert_int_equal(doc->n_annexes, 1);
    const gw_annex *a = &doc->annexes[0];
    assert_int_equal(a->kind, GW_ANNEX_ISSUED);
    assert_null(a->number);
    tu_assert_text(a->title, "泉州市科技局2021年上半年精神文明工作总结暨下半年工作思路", 15);
    static const struct {
        int line, level;
        bool run_in;
        const char *heading;
    } want[] = {
        { 17, 0, false, NULL },
        { 19, 1, false, "一、2021年上半年工作总结" },
        { 21, 2, false, "（一）推动学习宣传贯彻新思想走深走实" },
        { 23, 3, true, "1.强化政治理论武装。" },
        { 27, 3, true, "2.抓牢意识形态工作。" },
        { 29, 3, true, "3.推动机关作风转变。" },
        { 33, 3, true, "4.推进模范机关创建。" },
        { 35, 3, true, "5.推进文明机关创建。" },
        { 37, 2, false, "（二）营造庆祝建党百年浓厚氛围" },
        { 39, 3, true, "1.组织开展庆典主题活动。" },
        { 43, 3, true, "2.扎实推进思想道德建设。" },
        { 47, 3, true, "3.大力弘扬时代新风。" },
        { 51, 2, false, "（三）深化文明创建活动" },
        { 53, 3, true, "1.做好创城迎检工作。" },
        { 55, 3, true, "2.做好文明单位创建工作。" },
        { 57, 3, true, "3.大力推动科技志愿服务工作。" },
        { 61, 3, true, "4.强化未成年人思想道德建设。" },
        { 63, 1, false, "二、下半年工作思路" },
        { 65, 0, false, NULL },
        { 67, 2, true, "（一）全面学习贯彻习近平总书记“七一”重要讲话精神。" },
        { 71, 2, true, "（二）抓好开展党史学习教育。" },
        { 73, 2, true, "（三）持续推进文明创建活动。" },
        { 77, 2, true, "（四）持续推动志愿服务工作。" },
        { 79, 2, true, "（五）持续推进模范机关建设。" },
    };
    assert_int_equal(a->body.n, sizeof want / sizeof *want);
    for (size_t i = 0; i < a->body.n; i++) {
        const gw_block *b = &a->body.items[i];
        assert_int_equal(b->pos.line, want[i].line);
        assert_int_equal(b->level, want[i].level);
        assert_int_equal(b->kind, want[i].level ? GW_BLOCK_HEADING : GW_BLOCK_PARAGRAPH);
        if (want[i].heading) {
            assert_int_equal(b->run_in, want[i].run_in);
            assert_int_equal(b->heading_len, strlen(want[i].heading));
            assert_memory_equal(b->text, want[i].heading, b->heading_len);
        }
    }
    /* the emphasised run-in headings keep their emphasis, on exactly the heading sentence */
    const int emphasised[] = { 6, 7, 9 };
    for (size_t k = 0; k < 3; k++) {
        const gw_block *b = &a->body.items[emphasised[k]];
        assert_int_equal(b->n_emphasis, 1);
        assert_int_equal(b->emphasis[0].start, 0);
        assert_int_equal(b->emphasis[0].end, b->heading_len);
    }
}

static bool contains(const char *hay, const char *needle)
{
    return strstr(hay, needle) != NULL;
}

/* The four places the issue names, and the other page breaks in the sample. */
static void test_repairs(void **state)
{
    (void)state;
    const gw_blocks *b = &doc->annexes[0].body;
    assert_true(contains(b->items[3].text, "4本党史学习教育指定教材，深入学习"));
    assert_true(contains(b->items[5].text, "把科技计划项目晒在阳光下、权力关在笼子里。"));
    assert_true(contains(b->items[9].text, "通过科技信息网、侨乡科技报"));
    assert_true(contains(b->items[19].text, "作为当前和今后一个时期重大的政治任务，通过理论学习、专题宣讲、三会一课和专题研讨等形式，"));
    assert_false(contains(b->items[19].text, "三会一课一个时期"));
    assert_true(contains(b->items[10].text, "“社会主义核心价值观”等广告牌"));
    assert_true(contains(b->items[11].text, "组织开展防疫文明教育，转发市委文明办倡议书"));
    assert_true(contains(b->items[15].text, "贯彻落实《志愿服务条例》，推动文明实践志愿服务发展"));
    assert_true(contains(b->items[21].text, "积极创造条件开展丰富多彩的文体活动"));

    tu_assert_diag(&d, GW_WARNING, 23, 0,
                   "paragraph cut by a page break: joined line 23 (\"…本党史学习教育指\") with line 25 (\"定教材，深入学习…\")");
    tu_assert_diag(&d, GW_WARNING, 29, 0,
                   "paragraph cut by a page break: joined line 29 (\"…在阳光下、权力关\") with line 31 (\"在笼子里。\")");
    tu_assert_diag(&d, GW_WARNING, 39, 0,
                   "paragraph cut by a page break: joined line 39 (\"…精神，通过科技信\") with line 41 (\"息网、侨乡科技报…\")");
    tu_assert_diag(&d, GW_WARNING, 67, 0,
                   "repeated fragment dropped: the end of line 67 (\"一个时期重大的政…题宣讲、三会一课\", 28 characters) "
                   "repeats the start of line 69; joined the two");
    tu_assert_diag(&d, GW_WARNING, 43, 0,
                   "paragraph cut by a page break: joined line 43 (\"…主义核心价值观”\") with line 45 (\"等广告牌，营造了…\")");
    tu_assert_diag(&d, GW_WARNING, 47, 0,
                   "paragraph cut by a page break: joined line 47 (\"…展防疫文明教育，\") with line 49 (\"转发市委文明办倡…\")");
    tu_assert_diag(&d, GW_WARNING, 57, 0,
                   "paragraph cut by a page break: joined line 57 (\"…志愿服务条例》，\") with line 59 (\"推动文明实践志愿…\")");
    tu_assert_diag(&d, GW_WARNING, 73, 0,
                   "paragraph cut by a page break: joined line 73 (\"…日”活动，积极创\") with line 75 (\"造条件开展丰富多…\")");
    assert_int_equal(gw_diags_count(&d, GW_ERROR), 0);
}

static void test_normalisations(void **state)
{
    (void)state;
    tu_assert_diag(&d, GW_WARNING, 67, 1, "heading number '(一)' has half-width parentheses; normalised to '（一）'");
    tu_assert_diag(&d, GW_WARNING, 71, 1, "heading number '(二)' has half-width parentheses; normalised to '（二）'");
    tu_assert_diag(&d, GW_WARNING, 73, 1, "heading number '(三)' has half-width parentheses; normalised to '（三）'");
    tu_assert_diag(&d, GW_WARNING, 7, 23, "removed 2 spaces in the title (left by PDF extraction, or where its writer broke it): its lines break there when they can");
    tu_assert_diag(&d, GW_WARNING, 15, 9, "removed 3 spaces in the title (left by PDF extraction, or where its writer broke it): its lines break there when they can");
    /* (issue 10: the spaces inside “奋斗百年路 科技谱新篇” and “风雨五十载 初心永不移” are the
     * author's and stay; 10 of the line's 12 are extraction's) */
    tu_assert_diag(&d, GW_WARNING, 41, 123, "removed 10 stray spaces next to Chinese characters (left by PDF extraction)");
    /* messages come in source order */
    for (size_t i = 1; i < d.n; i++)
        assert_true(d.items[i - 1].line <= d.items[i].line);
}

static bool is_space_cp(uint32_t c)
{
    return c == ' ' || c == '\t' || c == 0x3000 || c == 0xA0;
}

static void no_stray_space(const char *s)
{
    size_t n = strlen(s);
    int quoted = 0;
    for (size_t i = 0; i < n;) {
        uint32_t c;
        size_t k = gw_utf8_decode(s + i, n - i, &c);
        if (c == 0x300A || c == 0x201C)
            quoted++;
        if ((c == 0x300B || c == 0x201D) && quoted > 0)
            quoted--;
        if (is_space_cp(c)) {
            /* the only spaces left sit between Latin letters, or between two Chinese
             * characters inside 《》 or “” (the author's: 《毛泽东 邓小平…》) */
            bool latin = i > 0 && (unsigned char)s[i - 1] < 0x80 && i + k < n && (unsigned char)s[i + k] < 0x80;
            bool author = quoted > 0 && c == ' ' && i > 0 && (unsigned char)s[i - 1] >= 0x80 &&
                          i + k < n && (unsigned char)s[i + k] >= 0x80;
            assert_true(latin || author);
        }
        i += k;
    }
}

static void test_no_stray_spaces(void **state)
{
    (void)state;
    no_stray_space(doc->title.text);
    no_stray_space(doc->annexes[0].title.text);
    for (size_t i = 0; i < doc->body.n; i++)
        no_stray_space(doc->body.items[i].text);
    for (size_t i = 0; i < doc->annexes[0].body.n; i++)
        no_stray_space(doc->annexes[0].body.items[i].text);
    assert_true(contains(doc->annexes[0].body.items[9].text, "全市科技系统24个单位491人参加了竞赛"));
    assert_true(contains(doc->annexes[0].body.items[0].text, "庆祝中国共产党成立100周年主线"));
}

/* Appends s without white space. */
static void put_dense(gw_buf *b, const char *s)
{
    size_t n = strlen(s);
    for (size_t i = 0; i < n;) {
        uint32_t c;
        size_t k = gw_utf8_decode(s + i, n - i, &c);
        if (!is_space_cp(c) && c != '\n' && c != '\r')
            gw_buf_append(b, s + i, k);
        i += k;
    }
}

static void replace_all(gw_buf *b, const char *from, const char *to)
{
    gw_buf out;
    gw_buf_init(&out);
    size_t fl = strlen(from);
    for (size_t i = 0; i < b->len;) {
        if (b->len - i >= fl && memcmp(b->data + i, from, fl) == 0) {
            gw_buf_puts(&out, to);
            i += fl;
        } else {
            gw_buf_putc(&out, b->data[i++]);
        }
    }
    gw_buf_free(b);
    *b = out;
}

/* Everything in the source is in the model, in order, except markup, spaces, labels the model
 * stores apart (：after the 主送, 抄送：, 印发), and the one repeated fragment. */
static void test_no_character_lost(void **state)
{
    (void)state;
    gw_buf src;
    gw_buf_init(&src);
    put_dense(&src, source);
    replace_all(&src, "**", "");
    replace_all(&src, "#", "");
    replace_all(&src, "---", "");
    replace_all(&src, "(", "（");
    replace_all(&src, ")", "）");
    const char *frag = "一个时期重大的政治任务，通过理论学习、专题宣讲、三会一课";
    char *twice = gw_asprintf("%s%s", frag, frag);
    assert_non_null(strstr(src.data, twice));
    replace_all(&src, twice, frag);
    free(twice);

    gw_buf m;
    gw_buf_init(&m);
    put_dense(&m, doc->issuer_mark.text);
    put_dense(&m, doc->doc_number.text);
    put_dense(&m, doc->title.text);
    put_dense(&m, doc->addressee.text);
    gw_buf_puts(&m, "：");
    for (size_t i = 0; i < doc->body.n; i++)
        put_dense(&m, doc->body.items[i].text);
    for (size_t a = 0; a < doc->n_annexes; a++) {
        put_dense(&m, doc->annexes[a].title.text);
        for (size_t i = 0; i < doc->annexes[a].body.n; i++)
            put_dense(&m, doc->annexes[a].body.items[i].text);
    }
    gw_buf_puts(&m, "抄送：");
    put_dense(&m, doc->colophon.cc.text);
    put_dense(&m, doc->colophon.printer.text);
    put_dense(&m, doc->colophon.print_date.text);
    gw_buf_puts(&m, "印发");
    assert_string_equal(m.data, src.data);
    gw_buf_free(&m);
    gw_buf_free(&src);
}

int main(int argc, char **argv)
{
    tu_init(argc, argv);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_header_and_main_text),
        cmocka_unit_test(test_colophon),
        cmocka_unit_test(test_issued_document),
        cmocka_unit_test(test_repairs),
        cmocka_unit_test(test_normalisations),
        cmocka_unit_test(test_no_stray_spaces),
        cmocka_unit_test(test_no_character_lost),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
