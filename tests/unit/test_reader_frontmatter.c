/* test_reader_frontmatter.c: every front-matter key, Chinese and English, both colons, the
 * repeatable keys, the overriding of what the text says, and every front-matter error
 * (never closed, unknown key with its suggestion, no colon, impossible dates, bad 版式, a 印章
 * without 署名, a 签名章 without 职务), and the images the keys name: every kind of bad file is
 * an error at the key's line and column. */
#include "reader_test_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/gw_util.h"

/* The same document written with Chinese keys and with English keys. */
static const char *const zh_doc =
    "---\n"
    "份号: 000001\n"
    "密级：机密★1年\n"
    "紧急程度: 特急\n"
    "发文机关: 泉州市科学技术局\n"
    "发文机关: 泉州市财政局\n"
    "发文机关标志: 泉州市科学技术局 泉州市财政局文件\n"
    "发文字号: 泉科〔2021〕7号\n"
    "签发人: 张三\n"
    "签发人: 李四\n"
    "标题: 关于开展科技检查的请示\n"
    "主送: 省科技厅：\n"
    "署名: 泉州市科学技术局\n"
    "署名: 泉州市财政局\n"
    "成文日期: 2021年9月27日\n"
    "印章: kjj.png\n"
    "印章: czj.png\n"
    "附注: （联系人：王五，电话：12345678）\n"
    "抄送: 省财政厅，市委办。\n"
    "分送: 各县（市、区）科技局。\n"
    "印发机关: 泉州市科技局办公室\n"
    "印发日期: 2021年9月28日印发\n"
    "版式: 文件\n"
    "出席: 张三 李四\n"
    "请假: 王五\n"
    "列席: 赵六\n"
    "---\n"
    "\n"
    "请予支持。\n";

static const char *const en_doc =
    "---\n"
    "copy_number: 000001\n"
    "secrecy：机密★1年\n"
    "urgency: 特急\n"
    "issuer: 泉州市科学技术局\n"
    "issuer: 泉州市财政局\n"
    "issuer_mark: 泉州市科学技术局 泉州市财政局文件\n"
    "doc_number: 泉科〔2021〕7号\n"
    "signer: 张三\n"
    "signer: 李四\n"
    "title: 关于开展科技检查的请示\n"
    "addressee: 省科技厅：\n"
    "signature: 泉州市科学技术局\n"
    "signature: 泉州市财政局\n"
    "date: 2021年9月27日\n"
    "seal: kjj.png\n"
    "seal: czj.png\n"
    "note: （联系人：王五，电话：12345678）\n"
    "cc: 省财政厅，市委办。\n"
    "distribute: 各县（市、区）科技局。\n"
    "printer: 泉州市科技局办公室\n"
    "print_date: 2021年9月28日印发\n"
    "format: document\n"
    "present: 张三 李四\n"
    "absent: 王五\n"
    "attending: 赵六\n"
    "---\n"
    "\n"
    "请予支持。\n";

/* text with every `NAME.png` of the example seals replaced by its path (the reader reads the
 * images a document names, so they must exist). */
static char *with_seal_paths(const char *text)
{
    gw_buf b;
    gw_buf_init(&b);
    for (const char *p = text; *p;) {
        const char *names[] = { "kjj.png", "czj.png", "sign-lin.png", "sign-chen.png" };
        size_t k;
        for (k = 0; k < 4; k++)
            if (!strncmp(p, names[k], strlen(names[k])))
                break;
        if (k < 4) {
            char *full = tu_path("examples/seals");
            gw_buf_printf(&b, "%s/%s", full, names[k]);
            free(full);
            p += strlen(names[k]);
        } else {
            gw_buf_putc(&b, *p++);
        }
    }
    return gw_buf_steal(&b);
}

static void assert_seal(const gw_text *t, const char *name, int line)
{
    char *rel = gw_asprintf("examples/seals/%s", name), *full = tu_path(rel);
    tu_assert_text(*t, full, line);
    free(rel);
    free(full);
}

static void check_all_keys(const char *text0)
{
    gw_diags d;
    gw_diags_init(&d, "t.txt");
    char *text = with_seal_paths(text0);
    gw_document *doc = tu_read(text, &d);
    free(text);
    if (!doc)
        tu_dump_diags(&d);
    assert_non_null(doc);
    assert_int_equal(gw_diags_count(&d, GW_WARNING) + gw_diags_count(&d, GW_ERROR), 0);
    assert_int_equal(doc->format, GW_FORMAT_DOCUMENT);
    tu_assert_text(doc->copy_number, "000001", 2);
    tu_assert_text(doc->secrecy, "机密★1年", 3);
    tu_assert_text(doc->urgency, "特急", 4);
    assert_int_equal(doc->n_issuers, 2);
    tu_assert_text(doc->issuers[0], "泉州市科学技术局", 5);
    tu_assert_text(doc->issuers[1], "泉州市财政局", 6);
    tu_assert_text(doc->issuer_mark, "泉州市科学技术局 泉州市财政局文件", 7);
    tu_assert_text(doc->doc_number, "泉科〔2021〕7号", 8);
    assert_int_equal(doc->n_signers, 2);
    assert_true(gw_document_is_upward(doc));
    tu_assert_text(doc->signers[0], "张三", 9);
    tu_assert_text(doc->signers[1], "李四", 10);
    tu_assert_text(doc->title, "关于开展科技检查的请示", 11);
    tu_assert_text(doc->addressee, "省科技厅", 12);
    assert_int_equal(doc->n_signatures, 2);
    tu_assert_text(doc->signatures[0].issuer, "泉州市科学技术局", 13);
    tu_assert_text(doc->signatures[1].issuer, "泉州市财政局", 14);
    tu_assert_text(doc->date, "2021年9月27日", 15);
    assert_seal(&doc->signatures[0].seal_image, "kjj.png", 16);
    assert_seal(&doc->signatures[1].seal_image, "czj.png", 17);
    /* the reader read the images: the sizes their files state */
    assert_int_equal(doc->signatures[0].seal_size.width, 496);
    assert_float_equal(doc->signatures[0].seal_size.dpi_x, 300, 0.01);
    assert_int_equal(doc->signatures[1].seal_size.height, 331);
    tu_assert_text(doc->note, "联系人：王五，电话：12345678", 18);
    tu_assert_text(doc->colophon.cc, "省财政厅，市委办。", 19);
    tu_assert_text(doc->colophon.distribute, "各县（市、区）科技局。", 20);
    tu_assert_text(doc->colophon.printer, "泉州市科技局办公室", 21);
    tu_assert_text(doc->colophon.print_date, "2021年9月28日", 22);
    tu_assert_text(doc->attendance.present, "张三 李四", 24);
    tu_assert_text(doc->attendance.absent, "王五", 25);
    tu_assert_text(doc->attendance.attending, "赵六", 26);
    assert_int_equal(doc->body.n, 1);
    assert_string_equal(doc->body.items[0].text, "请予支持。");
    assert_int_equal(doc->body.items[0].pos.line, 29);
    gw_document_free(doc);
    gw_diags_free(&d);
}

static void test_chinese_keys(void **state)
{
    (void)state;
    check_all_keys(zh_doc);
}

static void test_english_keys(void **state)
{
    (void)state;
    check_all_keys(en_doc);
}

/* English keys ignore case and take - for _; values may be quoted; # lines are comments. */
static void test_key_spelling(void **state)
{
    (void)state;
    gw_diags d;
    gw_diags_init(&d, "t.txt");
    gw_document *doc = tu_read("---\n# a comment\nDoc-Number: \"泉科〔2021〕8号\"\nTITLE: '标题'\n---\n正文。\n", &d);
    assert_non_null(doc);
    tu_assert_text(doc->doc_number, "泉科〔2021〕8号", 3);
    assert_int_equal(doc->doc_number.pos.col, 14);
    tu_assert_text(doc->title, "标题", 4);
    gw_document_free(doc);
    gw_diags_free(&d);
}

static void test_formats(void **state)
{
    (void)state;
    static const struct {
        const char *value;
        gw_format f;
    } cases[] = {
        { "文件", GW_FORMAT_DOCUMENT }, { "document", GW_FORMAT_DOCUMENT }, { "信函", GW_FORMAT_LETTER },
        { "letter", GW_FORMAT_LETTER },  { "命令", GW_FORMAT_ORDER },        { "令", GW_FORMAT_ORDER },
        { "order", GW_FORMAT_ORDER },    { "纪要", GW_FORMAT_MINUTES },      { "Minutes", GW_FORMAT_MINUTES },
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *text = gw_asprintf("---\n版式: %s\n---\n正文。\n", cases[i].value);
        gw_diags d;
        gw_diags_init(&d, "t.txt");
        gw_document *doc = tu_read(text, &d);
        assert_non_null(doc);
        assert_int_equal(doc->format, cases[i].f);
        gw_document_free(doc);
        gw_diags_free(&d);
        free(text);
    }
}

static void test_bad_format(void **state)
{
    (void)state;
    gw_diags d;
    gw_diags_init(&d, "t.txt");
    assert_null(tu_read("---\nformat: 通知\n---\n正文。\n", &d));
    tu_assert_diag(&d, GW_ERROR, 2, 9,
                   "unknown 版式 '通知': expected 文件, 信函, 命令 or 纪要 (document, letter, order, minutes)");
    gw_diags_free(&d);
}

/* A 信函 given issuers only shows the lead issuer as its mark; a 文件 adds 文件. */
static void test_mark_from_issuers(void **state)
{
    (void)state;
    gw_diags d;
    gw_diags_init(&d, "t.txt");
    gw_document *doc = tu_read("---\n版式: 信函\n发文机关: 甲局\n发文机关: 乙局\n---\n正文。\n", &d);
    assert_non_null(doc);
    tu_assert_text(doc->issuer_mark, "甲局", 0);
    gw_document_free(doc);
    doc = tu_read("---\n发文机关: 甲局\n---\n正文。\n", &d);
    tu_assert_text(doc->issuer_mark, "甲局文件", 0);
    gw_document_free(doc);
    gw_diags_free(&d);
}

static void test_never_closed(void **state)
{
    (void)state;
    gw_diags d;
    gw_diags_init(&d, "t.txt");
    assert_null(tu_read("\n---\n标题: 关于开展检查的通知\n\n正文。\n", &d));
    tu_assert_diag(&d, GW_ERROR, 2, 1, "front matter opened here is never closed: add a '---' line after its last key");
    assert_int_equal(d.n, 1);
    gw_diags_free(&d);
}

static void test_unknown_key_suggestions(void **state)
{
    (void)state;
    static const struct {
        const char *key, *message;
    } cases[] = {
        { "titel", "unknown key 'titel' in the front matter; did you mean 'title'?" },
        { "Signers", "unknown key 'Signers' in the front matter; did you mean 'signer'?" },
        { "doc_numbr", "unknown key 'doc_numbr' in the front matter; did you mean 'doc_number'?" },
        { "發文字號", "unknown key '發文字號' in the front matter; did you mean '发文字号'?" },
        { "发文机关标识", "unknown key '发文机关标识' in the front matter; did you mean '发文机关标志'?" },
        { "印发日", "unknown key '印发日' in the front matter; did you mean '印发日期'?" },
        { "colour", "unknown key 'colour' in the front matter (see README.md, \"Input format\", for the keys)" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *text = gw_asprintf("---\n标题: 标题\n  %s: x\n---\n正文。\n", cases[i].key);
        gw_diags d;
        gw_diags_init(&d, "t.txt");
        assert_null(tu_read(text, &d));
        tu_assert_diag(&d, GW_ERROR, 3, 3, cases[i].message);
        gw_diags_free(&d);
        free(text);
    }
}

static void test_no_colon(void **state)
{
    (void)state;
    gw_diags d;
    gw_diags_init(&d, "t.txt");
    assert_null(tu_read("---\n标题: 标题\n正文第一段\n---\n", &d));
    tu_assert_diag(&d, GW_ERROR, 3, 1,
                   "expected '键: 值' in the front matter (opened at line 1); is the closing '---' missing?");
    gw_diags_free(&d);
}

static void test_dates(void **state)
{
    (void)state;
    gw_diags d;
    gw_diags_init(&d, "t.txt");
    gw_document *doc = tu_read("---\n成文日期: 2021-09-07\n印发日期: 2021/9/8\n---\n正文。\n", &d);
    assert_non_null(doc);
    tu_assert_text(doc->date, "2021年9月7日", 2);
    tu_assert_text(doc->colophon.print_date, "2021年9月8日", 3);
    gw_document_free(doc);
    doc = tu_read("---\ndate: 2021年09月07日\n---\n正文。\n", &d);
    assert_non_null(doc);
    tu_assert_text(doc->date, "2021年9月7日", 2);
    tu_assert_diag(&d, GW_WARNING, 2, 7, "date '2021年09月07日' written as '2021年9月7日' (no leading zeros)");
    gw_document_free(doc);
    gw_diags_free(&d);
}

static void test_impossible_dates(void **state)
{
    (void)state;
    static const struct {
        const char *text, *message;
        int line, col;
    } cases[] = {
        { "---\n成文日期: 2021年2月30日\n---\n正文。\n", "impossible date 2021年2月30日: February 2021 has 28 days", 2, 7 },
        { "---\n成文日期: 2021年2月29日\n---\n正文。\n", "impossible date 2021年2月29日: February 2021 has 28 days", 2, 7 },
        { "---\nprint_date: 2021年13月1日印发\n---\n正文。\n", "impossible date 2021年13月1日: there is no month 13", 2, 13 },
        { "---\ndate: 2021-04-31\n---\n正文。\n", "impossible date 2021年4月31日: April 2021 has 30 days", 2, 7 },
        { "---\ndate: 下周一\n---\n正文。\n", "'下周一' is not a date: write it as 2021年9月27日", 2, 7 },
        /* a sign, a space or a stray character is not a date (sscanf's %d took them) */
        { "---\n成文日期: -001-1-1\n---\n正文。\n", "'-001-1-1' is not a date: write it as 2021年9月27日", 2, 7 },
        { "---\ndate: 2021-+9-27\n---\n正文。\n", "'2021-+9-27' is not a date: write it as 2021年9月27日", 2, 7 },
        { "---\ndate: 2021- 9-27\n---\n正文。\n", "'2021- 9-27' is not a date: write it as 2021年9月27日", 2, 7 },
        { "---\ndate: 2021-9/27\n---\n正文。\n", "'2021-9/27' is not a date: write it as 2021年9月27日", 2, 7 },
        { "---\ndate: 21-9-27\n---\n正文。\n", "'21-9-27' is not a date: write it as 2021年9月27日", 2, 7 },
        { "---\ndate: 0000-01-01\n---\n正文。\n", "impossible date 0年1月1日: there is no year 0", 2, 7 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        gw_diags d;
        gw_diags_init(&d, "t.txt");
        assert_null(tu_read(cases[i].text, &d));
        tu_assert_diag(&d, GW_ERROR, cases[i].line, cases[i].col, cases[i].message);
        gw_diags_free(&d);
    }
    /* 2020 was a leap year */
    gw_diags d;
    gw_diags_init(&d, "t.txt");
    gw_document *doc = tu_read("---\n成文日期: 2020年2月29日\n---\n正文。\n", &d);
    assert_non_null(doc);
    gw_document_free(doc);
    gw_diags_free(&d);
}

static void test_doc_number_normalised(void **state)
{
    (void)state;
    static const struct {
        const char *value, *text, *message;
    } cases[] = {
        { "泉科[2021]7号", "泉科〔2021〕7号", "发文字号 year '[2021]' written as '〔2021〕' (六角括号)" },
        { "泉科（2021）7号", "泉科〔2021〕7号", "发文字号 year '（2021）' written as '〔2021〕' (六角括号)" },
        { "泉科〔2021〕007号", "泉科〔2021〕7号", "发文字号 serial '007号' written as '7号' (no leading zeros)" },
        { "泉科〔2021〕第7号", "泉科〔2021〕7号", "发文字号 serial '第7号' written as '7号' (no 第)" },
        { "泉科〔2021〕7", "泉科〔2021〕7号", "发文字号 '泉科〔2021〕7' ends without 号; added" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *text = gw_asprintf("---\n发文字号: %s\n---\n正文。\n", cases[i].value);
        gw_diags d;
        gw_diags_init(&d, "t.txt");
        gw_document *doc = tu_read(text, &d);
        assert_non_null(doc);
        tu_assert_text(doc->doc_number, cases[i].text, 2);
        tu_assert_diag(&d, GW_WARNING, 2, 7, cases[i].message);
        gw_document_free(doc);
        gw_diags_free(&d);
        free(text);
    }
}

/* Front matter wins over the text; the note says what was replaced. */
static void test_overrides_text(void **state)
{
    (void)state;
    gw_diags d;
    gw_diags_init(&d, "t.txt");
    gw_document *doc = tu_read("---\n标题: 关于甲的通知\n发文字号: 甲〔2021〕2号\n---\n"
                               "# 甲局文件\n\n甲〔2021〕1号\n\n## 关于乙的通知\n\n各单位：\n\n正文。\n",
                               &d);
    assert_non_null(doc);
    tu_assert_text(doc->title, "关于甲的通知", 2);
    tu_assert_text(doc->doc_number, "甲〔2021〕2号", 3);
    tu_assert_text(doc->issuer_mark, "甲局文件", 5);
    tu_assert_text(doc->addressee, "各单位", 11);
    assert_int_equal(doc->body.n, 1);
    tu_assert_diag(&d, GW_NOTE, 2, 5, "标题 '关于甲的通知' from the front matter replaces '关于乙的通知' read from line 9");
    tu_assert_diag(&d, GW_NOTE, 3, 7, "发文字号 '甲〔2021〕2号' from the front matter replaces '甲〔2021〕1号' read from line 7");
    gw_document_free(doc);
    gw_diags_free(&d);
}

/* Repeatable keys replace the text's list as a whole; 签发人 may list several names. */
static void test_repeatable_replace(void **state)
{
    (void)state;
    gw_diags d;
    gw_diags_init(&d, "t.txt");
    gw_document *doc = tu_read("---\n署名: 乙局\n签发人: 张三、李四 王五\n---\n"
                               "## 标题\n\n正文。\n\n甲局\n2021年9月1日\n",
                               &d);
    assert_non_null(doc);
    assert_int_equal(doc->n_signatures, 1);
    tu_assert_text(doc->signatures[0].issuer, "乙局", 2);
    tu_assert_text(doc->date, "2021年9月1日", 10);
    assert_int_equal(doc->n_signers, 3);
    assert_string_equal(doc->signers[2].text, "王五");
    /* each name at its own column, as names read from the text are */
    assert_int_equal(doc->signers[0].pos.col, 6);
    assert_int_equal(doc->signers[1].pos.col, 9);
    assert_int_equal(doc->signers[2].pos.col, 12);
    /* the text's 署名 is not printed: a note says so (nothing is dropped silently) */
    tu_assert_diag(&d, GW_NOTE, 2, 5, "署名 from the front matter replaces '甲局' read from line 9");
    gw_document_free(doc);
    gw_diags_free(&d);
}

/* 印章 also applies to 署名 read from the text. */
static void test_seal_on_text_signature(void **state)
{
    (void)state;
    gw_diags d;
    gw_diags_init(&d, "t.txt");
    char *text = with_seal_paths("---\n印章: kjj.png\n---\n## 标题\n\n正文。\n\n甲局\n2021年9月1日\n");
    gw_document *doc = tu_read(text, &d);
    free(text);
    assert_non_null(doc);
    assert_int_equal(doc->n_signatures, 1);
    tu_assert_text(doc->signatures[0].issuer, "甲局", 8);
    assert_seal(&doc->signatures[0].seal_image, "kjj.png", 2);
    gw_document_free(doc);
    gw_diags_free(&d);
}

static void test_seal_without_signature(void **state)
{
    (void)state;
    gw_diags d;
    gw_diags_init(&d, "t.txt");
    assert_null(tu_read("---\n署名: 甲局\n印章: a.png\n印章: b.png\n---\n正文。\n", &d));
    tu_assert_diag(&d, GW_ERROR, 4, 5, "印章 2 has no 署名 to go with (there is 1 署名)");
    gw_diags_free(&d);
}

/* 职务 and 签名章 (§7.3.5.3), in both languages, paired in order; a 签名章 without 职务 is an
 * error; a 署名 beside them is not printed, and says so. */
static void test_signatories(void **state)
{
    (void)state;
    gw_diags d;
    gw_diags_init(&d, "t.txt");
    char *text = with_seal_paths("---\n职务: 泉州市人民政府市长\n签名章: sign-lin.png\n"
                                 "signatory_title: 泉州军分区司令员\nsignature-stamp: sign-chen.png\n"
                                 "成文日期: 2023年5月6日\n---\n## 标题\n\n正文。\n");
    gw_document *doc = tu_read(text, &d);
    free(text);
    assert_non_null(doc);
    assert_int_equal(gw_diags_count(&d, GW_WARNING), 0);
    assert_int_equal(doc->n_signatories, 2);
    tu_assert_text(doc->signatories[0].title, "泉州市人民政府市长", 2);
    assert_seal(&doc->signatories[0].stamp_image, "sign-lin.png", 3);
    tu_assert_text(doc->signatories[1].title, "泉州军分区司令员", 4);
    assert_seal(&doc->signatories[1].stamp_image, "sign-chen.png", 5);
    assert_int_equal(doc->signatories[1].stamp_size.width, 425);
    gw_document_free(doc);
    text = with_seal_paths("---\n职务: 局长\n签名章: sign-lin.png\n签名章: sign-chen.png\n---\n正文。\n");
    assert_null(tu_read(text, &d));
    free(text);
    tu_assert_diag(&d, GW_ERROR, 4, 6, "签名章 2 has no 职务 to go with (there is 1 职务): give the "
                                       "signatory's title (职务) for each 签名章, in the same order");
    gw_diags_free(&d);
    gw_diags_init(&d, "t.txt");
    doc = tu_read("---\n署名: 甲局\n职务: 甲局局长\n---\n正文。\n", &d);
    assert_non_null(doc);
    tu_assert_diag(&d, GW_WARNING, 2, 5, "a document signed with 职务 and 签名章 shows no 署名 (GB/T 9704 "
                                         "§7.3.5.3): the 署名 '甲局' is not printed");
    gw_document_free(doc);
    gw_diags_free(&d);
}

/* A joint 发文机关标志 written with spaces names the 发文机关, lead office first. */
static void test_joint_mark_names(void **state)
{
    (void)state;
    gw_diags d;
    gw_diags_init(&d, "t.txt");
    gw_document *doc = tu_read("---\n发文机关标志: 泉州市科学技术局　泉州市财政局 泉州市工业和信息化局 文件\n"
                               "---\n## 标题\n\n正文。\n",
                               &d);
    assert_non_null(doc);
    assert_int_equal(doc->n_issuers, 3);
    tu_assert_text(doc->issuers[0], "泉州市科学技术局", 2);
    tu_assert_text(doc->issuers[1], "泉州市财政局", 2);
    tu_assert_text(doc->issuers[2], "泉州市工业和信息化局", 2);
    gw_span names[4];
    size_t ending;
    assert_int_equal(gw_issuer_mark_names(doc->issuer_mark.text, names, 4, &ending), 3);
    assert_int_equal(ending, strlen(" 文件"));
    assert_int_equal(gw_issuer_mark_names("泉州市科学技术局文件", names, 4, &ending), 1);
    assert_int_equal(ending, strlen("文件"));
    assert_int_equal(gw_issuer_mark_names("甲局 乙局文件", names, 4, &ending), 2);
    assert_int_equal(names[1].end - names[1].start, strlen("乙局"));
    assert_int_equal(ending, strlen("文件"));
    gw_document_free(doc);
    /* 署名 and 发文机关 pair up */
    doc = tu_read("---\n发文机关: 甲局\n发文机关: 乙局\n署名: 甲局\n---\n## 标题\n\n正文。\n", &d);
    assert_non_null(doc);
    tu_assert_diag(&d, GW_WARNING, 4, 5, "1 署名 for 2 发文机关: a joint document has one 署名 per issuing office");
    gw_document_free(doc);
    gw_diags_free(&d);
}

static void write_bytes(const char *path, const void *data, size_t n)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, n, f), n);
    fclose(f);
}

static char *read_bytes(const char *rel, size_t *n)
{
    char *path = tu_path(rel);
    char *data = gw_read_whole_file(path, n);
    assert_non_null(data);
    free(path);
    return data;
}

/* Seals next to the input file are found wherever gongwen runs; a missing one is an error at
 * its key. */
static void test_seal_path_relative_to_file(void **state)
{
    (void)state;
    char *dir = gw_strdup("/tmp/gw-reader-test-XXXXXX");
    assert_non_null(mkdtemp(dir));
    char *txt = gw_asprintf("%s/doc.txt", dir), *png = gw_asprintf("%s/seal.png", dir);
    size_t n;
    char *bytes = read_bytes("examples/seals/czj.png", &n);
    write_bytes(png, bytes, n);
    free(bytes);
    const char *doc_text = "---\n署名: 甲局\n印章: seal.png\n署名: 乙局\n---\n正文。\n";
    write_bytes(txt, doc_text, strlen(doc_text));
    gw_diags d;
    gw_diags_init(&d, txt);
    gw_document *doc = gw_read_file(txt, &d);
    assert_non_null(doc);
    assert_string_equal(doc->signatures[0].seal_image.text, png);
    assert_int_equal(doc->signatures[0].seal_size.width, 331);
    assert_int_equal(gw_diags_count(&d, GW_WARNING), 0);
    gw_document_free(doc);
    doc_text = "---\n署名: 甲局\n印章: seal.png\n印章: /absolute/missing.png\n署名: 乙局\n---\n正文。\n";
    write_bytes(txt, doc_text, strlen(doc_text));
    assert_null(gw_read_file(txt, &d));
    tu_assert_diag(&d, GW_ERROR, 4, 5, "印章 image '/absolute/missing.png': cannot read it: No such file or directory");
    gw_diags_free(&d);
    remove(png);
    remove(txt);
    remove(dir);
    free(png);
    free(txt);
    free(dir);
}

/* Every kind of bad image is an error at the key's line and column, and no document comes
 * out: not a regular file (a folder, a FIFO, a device), not an image by its signature,
 * truncated, absurd dimensions, an unsupported colour type. */
static void test_bad_images(void **state)
{
    (void)state;
    char *dir = gw_strdup("/tmp/gw-reader-img-XXXXXX");
    assert_non_null(mkdtemp(dir));
    char *fifo = gw_asprintf("%s/fifo.png", dir), *text_png = gw_asprintf("%s/text.png", dir);
    char *cut_png = gw_asprintf("%s/cut.png", dir), *cut_jpg = gw_asprintf("%s/cut.jpg", dir);
    char *huge = gw_asprintf("%s/huge.png", dir), *colour = gw_asprintf("%s/colour.png", dir);
    char *empty = gw_asprintf("%s/empty.jpg", dir);
    assert_int_equal(mkfifo(fifo, 0600), 0);
    write_bytes(text_png, "this is not a seal\n", 19);
    write_bytes(empty, "", 0);
    size_t n_png, n_jpg;
    char *png = read_bytes("examples/seals/kjj.png", &n_png);
    char *jpg = read_bytes("examples/seals/gxj.jpg", &n_jpg);
    write_bytes(cut_png, png, n_png / 2);
    write_bytes(cut_jpg, jpg, n_jpg / 2);
    /* 100000 × 100000 in IHDR; colour type 5 (no such type) */
    unsigned char *p = (unsigned char *)png;
    p[16] = 0, p[17] = 1, p[18] = 0x86, p[19] = 0xA0;
    p[20] = 0, p[21] = 1, p[22] = 0x86, p[23] = 0xA0;
    write_bytes(huge, png, n_png);
    memcpy(p + 16, (const unsigned char[]){ 0, 0, 1, 0, 0, 0, 1, 0 }, 8);
    p[25] = 5;
    write_bytes(colour, png, n_png);
    free(png);
    free(jpg);
    const struct {
        const char *path, *rule, *why;
    } cases[] = {
        { dir, "image-not-file", "it is a folder, not an image file" },
        { fifo, "image-not-file", "it is a FIFO, not an image file" },
        { "/dev/zero", "image-not-file", "it is a character device, not an image file" },
        { text_png, "image-format", "it is neither a PNG nor a JPEG image (by its first bytes)" },
        { empty, "image-format", "it is neither a PNG nor a JPEG image (by its first bytes)" },
        { cut_png, "image-corrupt", "the PNG file is truncated" },
        { cut_jpg, "image-corrupt", "the JPEG file is truncated" },
        { huge, "image-size", "it is 100000 × 100000 pixels; an image may have 1 to 4000 pixels a side" },
        { colour, "image-colour", "unsupported PNG colour type 5 with 8-bit samples" },
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        gw_diags d;
        gw_diags_init(&d, "t.txt");
        /* the 印章 of a 署名, and a 签名章: both keys are checked */
        char *text = gw_asprintf("---\n署名: 甲局\n印章: %s\n职务: 局长\n签名章:  %s\n---\n正文。\n",
                                 cases[k].path, cases[k].path);
        assert_null(tu_read(text, &d));
        char *m1 = gw_asprintf("印章 image '%s': %s", cases[k].path, cases[k].why);
        char *m2 = gw_asprintf("签名章 image '%s': %s", cases[k].path, cases[k].why);
        tu_assert_diag(&d, GW_ERROR, 3, 5, m1);
        tu_assert_diag(&d, GW_ERROR, 5, 7, m2);
        for (size_t i = 0; i < d.n; i++)
            if (d.items[i].severity == GW_ERROR)
                assert_string_equal(d.items[i].rule, cases[k].rule);
        free(m1);
        free(m2);
        free(text);
        gw_diags_free(&d);
    }
    remove(fifo);
    remove(text_png);
    remove(cut_png);
    remove(cut_jpg);
    remove(huge);
    remove(colour);
    remove(empty);
    remove(dir);
    free(fifo);
    free(text_png);
    free(cut_png);
    free(cut_jpg);
    free(huge);
    free(colour);
    free(empty);
    free(dir);
}

static void test_value_cleanup(void **state)
{
    (void)state;
    gw_diags d;
    gw_diags_init(&d, "t.txt");
    gw_document *doc = tu_read("---\n抄送: 市委办，市政府办\n附注: (此件公开发布)\n主送: 各单位:\n份号: 12\n"
                               "标题: 甲\n标题: 乙\n附注:\n---\n正文。\n",
                               &d);
    assert_non_null(doc);
    tu_assert_text(doc->colophon.cc, "市委办，市政府办。", 2);
    tu_assert_diag(&d, GW_WARNING, 2, 5, "抄送 must end with '。'; added it");
    tu_assert_text(doc->note, "此件公开发布", 3);
    tu_assert_text(doc->addressee, "各单位", 4);
    tu_assert_text(doc->copy_number, "12", 5);
    tu_assert_diag(&d, GW_WARNING, 5, 5, "份号 '12' should be 6 Arabic digits (e.g. 000001)");
    tu_assert_text(doc->title, "乙", 7);
    tu_assert_diag(&d, GW_WARNING, 7, 1, "'标题' given twice in the front matter; the later value is used");
    tu_assert_diag(&d, GW_WARNING, 8, 1, "'附注' has no value; ignored");
    gw_document_free(doc);
    gw_diags_free(&d);
}

/* A document made of front matter only is fine; an empty front matter with nothing after it
 * has no content. */
static void test_front_matter_only(void **state)
{
    (void)state;
    gw_diags d;
    gw_diags_init(&d, "t.txt");
    gw_document *doc = tu_read("---\ntitle: 标题\n---\n", &d);
    assert_non_null(doc);
    tu_assert_text(doc->title, "标题", 2);
    gw_document_free(doc);
    assert_null(tu_read("---\n---\n\n", &d));
    tu_assert_diag(&d, GW_ERROR, 3, 1, "no recognisable content: expected at least a title or a paragraph");
    gw_diags_free(&d);
}

/* What layout cannot lay out (no title, no 正文) the reader refuses, at the first element. */
static void test_nothing_to_lay_out(void **state)
{
    (void)state;
    static const char msg[] = "nothing to lay out: the document has no title and no 正文; write "
                              "the title (`## 标题`) or the body text before any 附件, 署名 or 版记";
    static const struct {
        const char *text;
        int line, col;
    } cases[] = {
        /* a 版头 and an attachment (/tmp/review/annex-only.txt) */
        { "# 甲局文件\n\n甲〔2021〕1号\n\n附件1\n\n## 申报指南\n\n申报单位。\n", 1, 3 },
        /* front matter with a 版记 only */
        { "---\n抄送: 乙局。\n---\n", 2, 5 },
        /* an issuer and a date only */
        { "---\n发文机关: 甲局\n成文日期: 2021年9月1日\n---\n", 2, 7 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        gw_diags d;
        gw_diags_init(&d, "t.txt");
        assert_null(tu_read(cases[i].text, &d));
        tu_assert_diag(&d, GW_ERROR, cases[i].line, cases[i].col, msg);
        gw_diags_free(&d);
    }
    /* a title alone, or 正文 alone, is enough */
    gw_diags d;
    gw_diags_init(&d, "t.txt");
    gw_document *doc = tu_read("# 甲局文件\n\n甲〔2021〕1号\n\n正文。\n", &d);
    assert_non_null(doc);
    gw_document_free(doc);
    gw_diags_free(&d);
}

int main(int argc, char **argv)
{
    tu_init(argc, argv);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_chinese_keys),
        cmocka_unit_test(test_english_keys),
        cmocka_unit_test(test_key_spelling),
        cmocka_unit_test(test_formats),
        cmocka_unit_test(test_bad_format),
        cmocka_unit_test(test_mark_from_issuers),
        cmocka_unit_test(test_never_closed),
        cmocka_unit_test(test_unknown_key_suggestions),
        cmocka_unit_test(test_no_colon),
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_impossible_dates),
        cmocka_unit_test(test_doc_number_normalised),
        cmocka_unit_test(test_overrides_text),
        cmocka_unit_test(test_repeatable_replace),
        cmocka_unit_test(test_seal_on_text_signature),
        cmocka_unit_test(test_seal_without_signature),
        cmocka_unit_test(test_seal_path_relative_to_file),
        cmocka_unit_test(test_signatories),
        cmocka_unit_test(test_joint_mark_names),
        cmocka_unit_test(test_bad_images),
        cmocka_unit_test(test_value_cleanup),
        cmocka_unit_test(test_front_matter_only),
        cmocka_unit_test(test_nothing_to_lay_out),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
