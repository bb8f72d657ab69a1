/* test_reader_recognise.c: every rule by which the reader recognises a 公文 from plain text:
 * 份号/密级/紧急程度, 发文机关标志, 发文字号 (and its normalisation), 签发人, 标题, 主送, paragraphs,
 * heading levels and run-in headings, emphasis, 附件说明, 署名 and 成文日期, 附注, attached and
 * issued documents, the 版记, 纪要 attendance, 命令's 令号, and the validation errors. */
#include "reader_test_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/gw_util.h"

static gw_diags d;

static int setup(void **state)
{
    (void)state;
    gw_diags_init(&d, "t.txt");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    gw_diags_free(&d);
    return 0;
}

static gw_document *ok(const char *text)
{
    gw_document *doc = tu_read(text, &d);
    if (!doc)
        tu_dump_diags(&d);
    assert_non_null(doc);
    return doc;
}

static void test_top_lines(void **state)
{
    (void)state;
    gw_document *doc = ok("000123\n秘 密★1年\n加急\n\n# 甲局文件\n\n甲〔2021〕1号\n\n## 标题\n\n正文。\n");
    tu_assert_text(doc->copy_number, "000123", 1);
    tu_assert_text(doc->secrecy, "秘密★1年", 2);
    tu_assert_text(doc->urgency, "加急", 3);
    tu_assert_text(doc->issuer_mark, "甲局文件", 5);
    gw_document_free(doc);
    /* any order, each once */
    doc = ok("特急\n绝密\n\n甲局文件\n\n## 标题\n");
    tu_assert_text(doc->urgency, "特急", 1);
    tu_assert_text(doc->secrecy, "绝密", 2);
    assert_null(doc->copy_number.text);
    gw_document_free(doc);
}

static void test_mark_hash(void **state)
{
    (void)state;
    gw_document *doc = ok("# 泉州市科学技术局文件\n\n## 关于开展检查的通知\n\n正文。\n");
    tu_assert_text(doc->issuer_mark, "泉州市科学技术局文件", 1);
    assert_int_equal(doc->issuer_mark.pos.col, 3);
    assert_int_equal(doc->n_issuers, 1);
    tu_assert_text(doc->issuers[0], "泉州市科学技术局", 1);
    tu_assert_text(doc->title, "关于开展检查的通知", 3);
    assert_int_equal(doc->format, GW_FORMAT_DOCUMENT);
    gw_document_free(doc);
}

static void test_mark_plain_first_line(void **state)
{
    (void)state;
    gw_document *doc = ok("\n泉州市科学技术局文件\n\n关于开展检查的通知\n\n正文。\n");
    tu_assert_text(doc->issuer_mark, "泉州市科学技术局文件", 2);
    tu_assert_text(doc->issuers[0], "泉州市科学技术局", 2);
    tu_assert_text(doc->title, "关于开展检查的通知", 4);
    gw_document_free(doc);
}

/* A name alone above the 发文字号 is the mark too (标志 may be the name without 文件). */
static void test_mark_above_doc_number(void **state)
{
    (void)state;
    gw_document *doc = ok("泉州市科学技术局\n\n泉科〔2021〕3号\n\n关于开展检查的通知\n\n正文。\n");
    tu_assert_text(doc->issuer_mark, "泉州市科学技术局", 1);
    tu_assert_text(doc->issuers[0], "泉州市科学技术局", 1);
    tu_assert_text(doc->doc_number, "泉科〔2021〕3号", 3);
    tu_assert_text(doc->title, "关于开展检查的通知", 5);
    gw_document_free(doc);
}

static void test_doc_number_forms(void **state)
{
    (void)state;
    static const struct {
        const char *written, *message;
        int col;
    } cases[] = {
        { "泉科〔2021〕172号", NULL, 1 },
        { "泉科[2021]172号", "发文字号 year '[2021]' written as '〔2021〕' (六角括号)", 1 },
        { "泉科【2021】172号", "发文字号 year '【2021】' written as '〔2021〕' (六角括号)", 1 },
        { "泉科(2021)172号", "发文字号 year '(2021)' written as '〔2021〕' (六角括号)", 1 },
        { "泉科（2021）172号", "发文字号 year '（2021）' written as '〔2021〕' (六角括号)", 1 },
        { "泉科〔2021〕0172号", "发文字号 serial '0172号' written as '172号' (no leading zeros)", 1 },
        { "泉科〔2021〕第172号", "发文字号 serial '第172号' written as '172号' (no 第)", 1 },
        { "泉科〔2021〕第0172号", "发文字号 serial '第0172号' written as '172号' (no 第, no leading zeros)", 1 },
        { "  泉科 〔2021〕 172 号", NULL, 3 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *text = gw_asprintf("# 泉州市科学技术局文件\n\n%s\n\n## 标题\n", cases[i].written);
        gw_diags_free(&d);
        gw_diags_init(&d, "t.txt");
        gw_document *doc = ok(text);
        tu_assert_text(doc->doc_number, "泉科〔2021〕172号", 3);
        assert_int_equal(doc->doc_number.pos.col, cases[i].col);
        if (cases[i].message)
            tu_assert_diag(&d, GW_WARNING, 3, 1, cases[i].message);
        else
            assert_int_equal(gw_diags_count(&d, GW_WARNING), i == 8 ? 1 : 0);
        assert_false(gw_document_is_upward(doc));
        gw_document_free(doc);
        free(text);
    }
}

static void test_signer_same_line(void **state)
{
    (void)state;
    gw_document *doc = ok("# 甲局文件\n\n甲〔2021〕5号　　　　签发人：张三 李四、王五\n\n## 关于请求支持的请示\n\n省政府：\n\n正文。\n");
    tu_assert_text(doc->doc_number, "甲〔2021〕5号", 3);
    assert_true(gw_document_is_upward(doc));
    assert_int_equal(doc->n_signers, 3);
    tu_assert_text(doc->signers[0], "张三", 3);
    assert_int_equal(doc->signers[0].pos.col, 18);
    tu_assert_text(doc->signers[1], "李四", 3);
    tu_assert_text(doc->signers[2], "王五", 3);
    tu_assert_text(doc->title, "关于请求支持的请示", 5);
    tu_assert_text(doc->addressee, "省政府", 7);
    gw_document_free(doc);
}

/* 签发人 before the number, names over several lines, the last on the number's line. */
static void test_signer_lines(void **state)
{
    (void)state;
    gw_document *doc = ok("# 甲局文件\n\n签发人：张三 李四\n王五 赵六\n甲〔2021〕5号 钱七\n\n## 关于请求支持的请示\n");
    tu_assert_text(doc->doc_number, "甲〔2021〕5号", 5);
    assert_int_equal(doc->n_signers, 5);
    const char *names[] = { "张三", "李四", "王五", "赵六", "钱七" };
    int lines[] = { 3, 3, 4, 4, 5 };
    for (int i = 0; i < 5; i++)
        tu_assert_text(doc->signers[i], names[i], lines[i]);
    tu_assert_text(doc->title, "关于请求支持的请示", 7);
    gw_document_free(doc);
}

static void test_title_multiline(void **state)
{
    (void)state;
    /* adjacent lines */
    gw_document *doc = ok("# 甲局文件\n\n甲〔2021〕1号\n\n## 关于印发《某某办法》\n的通知\n\n各单位：\n\n正文。\n");
    tu_assert_text(doc->title, "关于印发《某某办法》的通知", 5);
    tu_assert_text(doc->addressee, "各单位", 8);
    gw_document_free(doc);
    /* two ## lines apart */
    doc = ok("## 关于印发《某某办法》\n\n## 的通知\n\n正文。\n");
    tu_assert_text(doc->title, "关于印发《某某办法》的通知", 1);
    assert_int_equal(doc->body.n, 1);
    gw_document_free(doc);
    /* plain text, Latin words keep their space */
    doc = ok("关于推广 Open Source\nSoftware 的通知\n\n正文。\n");
    tu_assert_text(doc->title, "关于推广Open Source Software的通知", 1);
    gw_document_free(doc);
}

/* A first line of prose is not a title. */
/* Where the source broke a title (a new line, or a space between two Chinese characters left
 * by PDF extraction) is kept as a preferred break; the text itself has no space. */
static void test_title_breaks(void **state)
{
    (void)state;
    gw_document *doc = ok("# 甲局文件\n\n## 甲局关于印发《甲局 2021年工作总结暨 下半年工作思路》的通知\n\n"
                          "正文。\n\n# 甲局2021年上半年精神文明 工作总结\n\n正文。\n");
    tu_assert_text(doc->title, "甲局关于印发《甲局2021年工作总结暨下半年工作思路》的通知", 3);
    /* 《甲局 2021 is a character next to a digit: no break; 暨 下 is one */
    assert_int_equal(doc->title_breaks.n, 1);
    assert_string_equal(doc->title.text + doc->title_breaks.at[0], "下半年工作思路》的通知");
    assert_int_equal(doc->n_annexes, 1);
    assert_int_equal(doc->annexes[0].title_breaks.n, 1);
    assert_string_equal(doc->annexes[0].title.text + doc->annexes[0].title_breaks.at[0], "工作总结");
    gw_document_free(doc);
    /* a title on two lines: the author's break */
    doc = ok("## 关于开展2021年度\n## 安全检查的通知\n\n正文。\n");
    tu_assert_text(doc->title, "关于开展2021年度安全检查的通知", 1);
    assert_int_equal(doc->title_breaks.n, 1);
    assert_string_equal(doc->title.text + doc->title_breaks.at[0], "安全检查的通知");
    gw_document_free(doc);
    /* a title from the front matter has no breaks of the text's */
    doc = ok("---\n标题: 关于开展检查的通知\n---\n## 关于 开展\n\n正文。\n");
    tu_assert_text(doc->title, "关于开展检查的通知", 2);
    assert_int_equal(doc->title_breaks.n, 0);
    gw_document_free(doc);
    /* … where a space between Chinese characters is the writer's preferred break */
    doc = ok("---\n标题: 关于开展2021年度 安全检查的通知\n---\n正文。\n");
    tu_assert_text(doc->title, "关于开展2021年度安全检查的通知", 2);
    assert_int_equal(doc->title_breaks.n, 1);
    assert_string_equal(doc->title.text + doc->title_breaks.at[0], "安全检查的通知");
    gw_document_free(doc);
}

static void test_no_title(void **state)
{
    (void)state;
    gw_document *doc = ok("现将有关事项通知如下：\n\n一、总体要求\n");
    assert_null(doc->title.text);
    assert_null(doc->addressee.text); /* 如下： ends a sentence, it names no addressee */
    assert_int_equal(doc->body.n, 2);
    gw_document_free(doc);
    doc = ok("2021年上半年，泉州市科技局在\n市委文明办的指导下开展工作。\n");
    assert_null(doc->title.text);
    assert_string_equal(doc->body.items[0].text, "2021年上半年，泉州市科技局在市委文明办的指导下开展工作。");
    gw_document_free(doc);
}

static void test_addressee(void **state)
{
    (void)state;
    gw_document *doc = ok("## 标题\n\n各县（市、区）人民政府，\n市直各单位：\n\n正文。\n");
    tu_assert_text(doc->addressee, "各县（市、区）人民政府，市直各单位", 3);
    assert_int_equal(doc->body.n, 1);
    gw_document_free(doc);
    doc = ok("## 标题\n\n各单位:\n\n正文。\n");
    tu_assert_text(doc->addressee, "各单位", 3);
    gw_document_free(doc);
}

/* A paragraph that cites a 发文字号 is text: never taken for the 版头's number (and lost). */
static void test_cited_doc_number_is_text(void **state)
{
    (void)state;
    const char *cite = "为深入贯彻落实《国务院办公厅关于发展银发经济的意见》（国办发〔2024〕1号）精神，提出如下意见。";
    char *src = gw_asprintf("---\n发文字号: 清政〔2025〕8号\n标题: 关于发展银发经济的实施意见\n---\n\n%s\n\n一、总体要求\n", cite);
    gw_document *doc = ok(src);
    tu_assert_text(doc->doc_number, "清政〔2025〕8号", 2);
    assert_int_equal(doc->body.n, 2);
    assert_string_equal(doc->body.items[0].text, cite);
    gw_document_free(doc);
    free(src);
    src = gw_asprintf("清源市人民政府文件\n\n## 关于发展银发经济的实施意见\n\n%s\n", cite);
    doc = ok(src);
    assert_null(doc->doc_number.text);
    assert_string_equal(doc->body.items[0].text, cite);
    gw_document_free(doc);
    free(src);
}

/* A joint 发文机关标志 on one line keeps a space between the offices (they name the issuers);
 * a letter-spaced one (left by PDF extraction) is one name. */
static void test_joint_mark_one_line(void **state)
{
    (void)state;
    gw_document *doc = ok("中共云溪县委办公室　云溪县人民政府办公室文件\n\n云委办发〔2025〕12号\n\n## 关于转发方案的通知\n\n正文。\n");
    tu_assert_text(doc->issuer_mark, "中共云溪县委办公室 云溪县人民政府办公室文件", 1);
    assert_int_equal(doc->n_issuers, 2);
    assert_string_equal(doc->issuers[1].text, "云溪县人民政府办公室");
    gw_document_free(doc);
    doc = ok("泉 州 市 科 学 技 术 局 文 件\n\n泉科〔2021〕1号\n\n## 关于开展检查的通知\n\n正文。\n");
    tu_assert_text(doc->issuer_mark, "泉州市科学技术局文件", 1);
    assert_int_equal(doc->n_issuers, 1);
    gw_document_free(doc);
}

/* Text pasted from Word with every line indented by U+3000: the indent is not text (layout
 * indents paragraphs), inner U+3000 stay, and a list's continuation keeps only the U+3000
 * that align it under the names of its label line. */
static void test_word_indent_u3000(void **state)
{
    (void)state;
    gw_document *doc = ok("## 关于调整分工的通知\n\n　　一、许明哲　局党组书记、局长\n　　主持局全面工作。\n"
                          "　　组　长：林志强　局长\n　　　　　　陈晓红　副局长\n　　　　　　李明华　科长\n");
    assert_string_equal(doc->body.items[0].text, "一、许明哲　局党组书记、局长");
    assert_string_equal(doc->body.items[1].text, "主持局全面工作。");
    assert_string_equal(doc->body.items[2].text, "组　长：林志强　局长");
    assert_string_equal(doc->body.items[3].text, "　　　　陈晓红　副局长");
    assert_string_equal(doc->body.items[4].text, "　　　　李明华　科长");
    gw_document_free(doc);
}

static void test_paragraphs(void **state)
{
    (void)state;
    gw_document *doc = ok("## 标题\n\n第一段第一行，\n第一段第二行。\n\n\n第二段, uses Latin\nwords here.\n");
    assert_int_equal(doc->body.n, 2);
    tu_assert_block(&doc->body.items[0], GW_BLOCK_PARAGRAPH, 0, false, NULL, "第一段第一行，第一段第二行。");
    assert_int_equal(doc->body.items[0].pos.line, 3);
    tu_assert_block(&doc->body.items[1], GW_BLOCK_PARAGRAPH, 0, false, NULL, "第二段, uses Latin words here.");
    assert_int_equal(doc->body.items[1].pos.line, 7);
    gw_document_free(doc);
}

static void test_heading_levels(void **state)
{
    (void)state;
    gw_document *doc = ok("## 标题\n\n"
                          "一、总体要求\n\n"
                          "### 十二、第十二部分\n\n"
                          "（一）主要目标\n\n"
                          "#### （二）工作原则\n\n"
                          "1. 第一条措施\n\n"
                          "2．第二条措施\n\n"
                          "（1）第一小项\n\n"
                          "## （2）第二小项\n\n"
                          "一是加强领导。\n\n"
                          "1.5亿元资金已到位。\n");
    const gw_blocks *b = &doc->body;
    assert_int_equal(b->n, 10);
    tu_assert_block(&b->items[0], GW_BLOCK_HEADING, 1, false, "一、总体要求", "一、总体要求");
    tu_assert_block(&b->items[1], GW_BLOCK_HEADING, 1, false, "十二、第十二部分", "十二、第十二部分");
    tu_assert_block(&b->items[2], GW_BLOCK_HEADING, 2, false, "（一）主要目标", "（一）主要目标");
    tu_assert_block(&b->items[3], GW_BLOCK_HEADING, 2, false, "（二）工作原则", "（二）工作原则");
    tu_assert_block(&b->items[4], GW_BLOCK_HEADING, 3, false, "1.第一条措施", "1.第一条措施");
    tu_assert_block(&b->items[5], GW_BLOCK_HEADING, 3, false, "2.第二条措施", "2.第二条措施"); /* (normalised) */
    tu_assert_block(&b->items[6], GW_BLOCK_HEADING, 4, false, "（1）第一小项", "（1）第一小项");
    tu_assert_block(&b->items[7], GW_BLOCK_HEADING, 4, false, "（2）第二小项", "（2）第二小项");
    tu_assert_block(&b->items[8], GW_BLOCK_PARAGRAPH, 0, false, NULL, "一是加强领导。");
    tu_assert_block(&b->items[9], GW_BLOCK_PARAGRAPH, 0, false, NULL, "1.5亿元资金已到位。");
    gw_document_free(doc);
}

static void test_halfwidth_numbers(void **state)
{
    (void)state;
    gw_document *doc = ok("## 标题\n\n(一) 主要目标\n\n(1)第一小项\n\n（2)第二小项\n");
    tu_assert_block(&doc->body.items[0], GW_BLOCK_HEADING, 2, false, "（一）主要目标", "（一）主要目标");
    tu_assert_block(&doc->body.items[1], GW_BLOCK_HEADING, 4, false, "（1）第一小项", "（1）第一小项");
    tu_assert_block(&doc->body.items[2], GW_BLOCK_HEADING, 4, false, "（2）第二小项", "（2）第二小项");
    tu_assert_diag(&d, GW_WARNING, 3, 1, "heading number '(一)' has half-width parentheses; normalised to '（一）'");
    /* the space after the number is the writer's, not a stray one */
    assert_null(tu_find_sub(&d, GW_WARNING, "stray space"));
    tu_assert_diag(&d, GW_WARNING, 5, 1, "heading number '(1)' has half-width parentheses; normalised to '（1）'");
    tu_assert_diag(&d, GW_WARNING, 7, 1, "heading number '（2)' has half-width parentheses; normalised to '（2）'");
    gw_document_free(doc);
    /* 1． (Word's full-width stop) is the standard's 1. */
    doc = ok("## 标题\n\n1．增强服务意识\n\n2. 提高办事效率\n");
    tu_assert_block(&doc->body.items[0], GW_BLOCK_HEADING, 3, false, "1.增强服务意识", "1.增强服务意识");
    tu_assert_diag(&d, GW_WARNING, 3, 1, "heading number '1．' has a full-width stop; normalised to '1.'");
    gw_document_free(doc);
}

static void test_run_in_headings(void **state)
{
    (void)state;
    gw_document *doc = ok("## 标题\n\n"
                          "1. 强化政治理论武装。严格落实学习制度。\n\n"
                          "（一）关于“七一。”讲话？学习讲话。\n\n"
                          "**2. 推进模范机关创建。**围绕部署要求开展工作。\n\n"
                          "（2）**加强领导**，落实责任。\n\n"
                          "三、结语。\n");
    const gw_blocks *b = &doc->body;
    tu_assert_block(&b->items[0], GW_BLOCK_HEADING, 3, true, "1.强化政治理论武装。", "1.强化政治理论武装。严格落实学习制度。");
    /* the 。 inside quotes does not end the heading sentence */
    tu_assert_block(&b->items[1], GW_BLOCK_HEADING, 2, true, "（一）关于“七一。”讲话？", "（一）关于“七一。”讲话？学习讲话。");
    tu_assert_block(&b->items[2], GW_BLOCK_HEADING, 3, true, "2.推进模范机关创建。", "2.推进模范机关创建。围绕部署要求开展工作。");
    assert_int_equal(b->items[2].n_emphasis, 1);
    assert_int_equal(b->items[2].emphasis[0].start, 0);
    assert_int_equal(b->items[2].emphasis[0].end, strlen("2.推进模范机关创建。"));
    /* an emphasised heading without its own full stop ends where the emphasis ends */
    tu_assert_block(&b->items[3], GW_BLOCK_HEADING, 4, true, "（2）加强领导", "（2）加强领导，落实责任。");
    tu_assert_block(&b->items[4], GW_BLOCK_HEADING, 1, false, "三、结语。", "三、结语。");
    gw_document_free(doc);
}

static void test_emphasis(void **state)
{
    (void)state;
    gw_document *doc = ok("## 标题\n\n要**坚持**和**加强**党的领导，**单个星号。\n");
    const gw_block *b = &doc->body.items[0];
    tu_assert_block(b, GW_BLOCK_PARAGRAPH, 0, false, NULL, "要坚持和加强党的领导，**单个星号。");
    assert_int_equal(b->n_emphasis, 2);
    assert_int_equal(b->emphasis[0].start, strlen("要"));
    assert_int_equal(b->emphasis[0].end, strlen("要坚持"));
    assert_int_equal(b->emphasis[1].start, strlen("要坚持和"));
    assert_int_equal(b->emphasis[1].end, strlen("要坚持和加强"));
    tu_assert_diag(&d, GW_WARNING, 3, 1, "unmatched '**' kept as text");
    gw_document_free(doc);
}

static void test_hash_without_number(void **state)
{
    (void)state;
    gw_document *doc = ok("## 标题\n\n正文。\n\n## 小标题\n\n正文二。\n");
    assert_int_equal(doc->body.n, 3);
    tu_assert_block(&doc->body.items[1], GW_BLOCK_PARAGRAPH, 0, false, NULL, "小标题");
    tu_assert_diag(&d, GW_WARNING, 5, 4, "'#' line without a heading number (一、 （一） 1. （1）) read as a paragraph");
    gw_document_free(doc);
}

static void test_attachment_notes(void **state)
{
    (void)state;
    gw_document *doc = ok("## 标题\n\n正文。\n\n附件：某某办法\n");
    assert_int_equal(doc->n_attachment_notes, 1);
    assert_null(doc->attachment_notes[0].number);
    assert_string_equal(doc->attachment_notes[0].name, "某某办法");
    assert_int_equal(doc->attachment_notes[0].pos.line, 5);
    assert_int_equal(doc->attachment_notes[0].pos.col, 4);
    gw_document_free(doc);

    doc = ok("## 标题\n\n正文。\n\n附件：1. 泉州市科技创新工作方案。\n2. 泉州市科技创新\n资金明细表\n\n3．汇总表；\n\n泉州市人民政府\n2021年9月1日\n");
    assert_int_equal(doc->n_attachment_notes, 3);
    assert_string_equal(doc->attachment_notes[0].number, "1");
    assert_string_equal(doc->attachment_notes[0].name, "泉州市科技创新工作方案");
    assert_string_equal(doc->attachment_notes[1].number, "2");
    assert_string_equal(doc->attachment_notes[1].name, "泉州市科技创新资金明细表");
    assert_int_equal(doc->attachment_notes[1].pos.line, 6);
    assert_string_equal(doc->attachment_notes[2].number, "3");
    assert_string_equal(doc->attachment_notes[2].name, "汇总表");
    tu_assert_diag(&d, GW_WARNING, 5, 4, "attachment name ends with '。'; removed (no punctuation after attachment names)");
    tu_assert_diag(&d, GW_WARNING, 9, 1, "attachment name ends with '；'; removed (no punctuation after attachment names)");
    assert_int_equal(doc->n_signatures, 1);
    tu_assert_text(doc->signatures[0].issuer, "泉州市人民政府", 11);
    gw_document_free(doc);

    /* the label alone, the single name below it */
    doc = ok("## 标题\n\n正文。\n\n附件：\n某某办法\n\n甲局\n2021年9月1日\n");
    assert_int_equal(doc->n_attachment_notes, 1);
    assert_null(doc->attachment_notes[0].number);
    assert_string_equal(doc->attachment_notes[0].name, "某某办法");
    assert_int_equal(doc->attachment_notes[0].pos.line, 6);
    assert_int_equal(doc->n_signatures, 1);
    gw_document_free(doc);

    /* several on one line */
    doc = ok("## 标题\n\n正文。\n\n附件: 1. 2021年计划 2. 汇总表\n");
    assert_int_equal(doc->n_attachment_notes, 2);
    assert_string_equal(doc->attachment_notes[0].name, "2021年计划");
    assert_string_equal(doc->attachment_notes[1].name, "汇总表");
    assert_int_equal(doc->attachment_notes[1].pos.col, 16);
    gw_document_free(doc);
}

static void test_signature_and_date(void **state)
{
    (void)state;
    gw_document *doc = ok("## 标题\n\n正文。\n\n泉州市科学技术局\n\n2021年09月27日\n\n（联系人：王五，电话：12345678）\n");
    assert_int_equal(doc->n_signatures, 1);
    tu_assert_text(doc->signatures[0].issuer, "泉州市科学技术局", 5);
    assert_null(doc->signatures[0].seal_image.text);
    tu_assert_text(doc->date, "2021年9月27日", 7);
    tu_assert_diag(&d, GW_WARNING, 7, 1, "date '2021年09月27日' written as '2021年9月27日' (no leading zeros)");
    tu_assert_text(doc->note, "联系人：王五，电话：12345678", 9);
    assert_int_equal(doc->body.n, 1);
    gw_document_free(doc);
}

static void test_joint_signatures(void **state)
{
    (void)state;
    gw_document *doc = ok("## 标题\n\n正文。\n\n泉州市科学技术局　　泉州市财政局\n泉州市教育局\n2021 年 9 月 27 日\n(此件公开发布)\n");
    assert_int_equal(doc->n_signatures, 3);
    tu_assert_text(doc->signatures[0].issuer, "泉州市科学技术局", 5);
    tu_assert_text(doc->signatures[1].issuer, "泉州市财政局", 5);
    assert_int_equal(doc->signatures[1].issuer.pos.col, 11);
    tu_assert_text(doc->signatures[2].issuer, "泉州市教育局", 6);
    tu_assert_text(doc->date, "2021年9月27日", 7);
    tu_assert_text(doc->note, "此件公开发布", 8);
    gw_document_free(doc);
    /* a single extraction space inside one name does not split it */
    doc = ok("## 标题\n\n正文。\n\n泉州市 科学技术局\n2021年9月27日\n");
    assert_int_equal(doc->n_signatures, 1);
    tu_assert_text(doc->signatures[0].issuer, "泉州市科学技术局", 5);
    gw_document_free(doc);
}

/* 特此通知 is the end of the text, not a 署名. */
static void test_closing_formula(void **state)
{
    (void)state;
    gw_document *doc = ok("## 标题\n\n正文。\n\n特此通知\n\n泉州市科学技术局\n2021年9月27日\n");
    assert_int_equal(doc->body.n, 2);
    assert_string_equal(doc->body.items[1].text, "特此通知");
    assert_int_equal(doc->n_signatures, 1);
    gw_document_free(doc);
}

static void test_impossible_date_in_text(void **state)
{
    (void)state;
    assert_null(tu_read("## 标题\n\n正文。\n\n甲局\n2021年2月30日\n", &d));
    tu_assert_diag(&d, GW_ERROR, 6, 1, "impossible date 2021年2月30日: February 2021 has 28 days");
    gw_diags_free(&d);
    gw_diags_init(&d, "t.txt");
    assert_null(tu_read("## 标题\n\n正文。\n\n---\n\n抄送：甲局。\n\n乙局办公室  2021年4月31日印发\n", &d));
    tu_assert_diag(&d, GW_ERROR, 9, 8, "impossible date 2021年4月31日: April 2021 has 30 days");
    gw_diags_free(&d);
    gw_diags_init(&d, "t.txt");
    assert_null(tu_read("## 标题\n\n正文。\n\n2021年0月3日\n", &d));
    tu_assert_diag(&d, GW_ERROR, 5, 1, "impossible date 2021年0月3日: there is no month 0");
}

static void test_annex_attachment(void **state)
{
    (void)state;
    gw_document *doc = ok("## 标题\n\n正文。\n\n附件：1. 甲方案\n2. 乙表\n\n丙局\n2021年9月1日\n\n"
                          "附件1\n\n# 甲方案\n\n方案正文。\n\n一、总则\n\n"
                          "附件 2\n\n乙表\n\n表的说明。\n");
    assert_int_equal(doc->n_annexes, 2);
    const gw_annex *a = &doc->annexes[0];
    assert_int_equal(a->kind, GW_ANNEX_ATTACHMENT);
    assert_string_equal(a->number, "1");
    assert_int_equal(a->pos.line, 11);
    tu_assert_text(a->title, "甲方案", 13);
    assert_int_equal(a->body.n, 2);
    tu_assert_block(&a->body.items[1], GW_BLOCK_HEADING, 1, false, "一、总则", "一、总则");
    a = &doc->annexes[1];
    assert_int_equal(a->kind, GW_ANNEX_ATTACHMENT);
    assert_string_equal(a->number, "2");
    tu_assert_text(a->title, "乙表", 21);
    assert_int_equal(a->body.n, 1);
    assert_string_equal(a->body.items[0].text, "表的说明。");
    assert_int_equal(doc->body.n, 1);
    gw_document_free(doc);
}

/* `# 标题` without a 附件 label: the document a 印发 notice issues, or an attachment the
 * 附件说明 names. */
static void test_annex_from_title(void **state)
{
    (void)state;
    gw_document *doc = ok("## 关于印发《甲办法》的通知\n\n现将《甲办法》印发给你们。\n\n# 甲办法\n\n第一条　为了规范管理，\n制定本办法。\n");
    assert_int_equal(doc->n_annexes, 1);
    assert_int_equal(doc->annexes[0].kind, GW_ANNEX_ISSUED);
    assert_null(doc->annexes[0].number);
    tu_assert_text(doc->annexes[0].title, "甲办法", 5);
    assert_string_equal(doc->annexes[0].body.items[0].text, "第一条　为了规范管理，制定本办法。");
    gw_document_free(doc);

    doc = ok("## 标题\n\n正文。\n\n附件：1. 甲方案\n2. 乙表\n\n# 乙表\n\n说明。\n");
    assert_int_equal(doc->annexes[0].kind, GW_ANNEX_ATTACHMENT);
    assert_string_equal(doc->annexes[0].number, "2");
    gw_document_free(doc);

    /* after the 成文日期 a `##` title starts the issued document too */
    doc = ok("## 关于印发《甲办法》的通知\n\n现将《甲办法》印发给你们。\n\n丙局\n2021年9月1日\n\n## 甲办法\n\n## 第一章　总则\n\n正文。\n");
    assert_int_equal(doc->n_annexes, 1);
    assert_int_equal(doc->annexes[0].kind, GW_ANNEX_ISSUED);
    tu_assert_text(doc->annexes[0].title, "甲办法", 8);
    assert_int_equal(doc->annexes[0].body.n, 2); /* inside it, an unnumbered ## is a paragraph */
    gw_document_free(doc);
}

static void test_colophon_two_lines(void **state)
{
    (void)state;
    gw_document *doc = ok("## 标题\n\n正文。\n\n---\n\n主送：省科技厅。\n抄送：省发改委，\n省财政厅\n\n---\n\n"
                          "泉州市科技局办公室\n\n2021年9月27日印发\n");
    tu_assert_text(doc->colophon.main_to, "省科技厅。", 7);
    tu_assert_text(doc->colophon.cc, "省发改委，省财政厅。", 8);
    tu_assert_diag(&d, GW_WARNING, 8, 4, "抄送 must end with '。'; added it");
    tu_assert_text(doc->colophon.printer, "泉州市科技局办公室", 13);
    tu_assert_text(doc->colophon.print_date, "2021年9月27日", 15);
    assert_int_equal(doc->body.n, 1);
    gw_document_free(doc);
}

/* No `---` needed: a 抄送 line at the end starts the 版记; printer and date on one line. */
static void test_colophon_one_line(void **state)
{
    (void)state;
    gw_document *doc = ok("## 标题\n\n正文。\n\n分送：各县（市、区）人民政府。\n泉州市人民政府办公室 2021年9月2日印发\n");
    tu_assert_text(doc->colophon.distribute, "各县（市、区）人民政府。", 5);
    assert_null(doc->colophon.cc.text);
    tu_assert_text(doc->colophon.printer, "泉州市人民政府办公室", 6);
    tu_assert_text(doc->colophon.print_date, "2021年9月2日", 6);
    assert_int_equal(doc->colophon.print_date.pos.col, 12);
    gw_document_free(doc);
    /* a sentence that ends in a date and 印发 is prose, not the 版记 */
    doc = ok("## 标题\n\n《通知》已于2021年9月27日印发\n");
    assert_null(doc->colophon.printer.text);
    assert_null(doc->colophon.print_date.text);
    assert_string_equal(doc->body.items[0].text, "《通知》已于2021年9月27日印发");
    gw_document_free(doc);
}

/* A `---` not followed by a 版记 is ignored, with a warning. */
static void test_stray_rule(void **state)
{
    (void)state;
    gw_document *doc = ok("## 标题\n\n第一段。\n\n---\n\n第二段。\n");
    assert_int_equal(doc->body.n, 2);
    tu_assert_diag(&d, GW_WARNING, 5, 1, "'---' ignored: only the 版记 (抄送, 印发机关, 印发日期) may follow it");
    assert_null(doc->colophon.printer.text);
    gw_document_free(doc);
}

static double cpu_seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t); /* other jobs on the machine do not count */
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Reads n `---` lines after a paragraph (mixed: with 抄送 lines, then an annex); returns the
 * CPU seconds the reader took. */
static double read_rules(int n, bool mixed)
{
    gw_diags_free(&d);
    gw_diags_init(&d, "t.txt");
    gw_buf b;
    gw_buf_init(&b);
    gw_buf_puts(&b, mixed ? "## 标题\n\n正文。\n\n" : "正文内容。\n");
    for (int i = 0; i < n; i++)
        gw_buf_puts(&b, mixed && i % 3 ? "抄送：甲局。\n" : "---\n");
    if (mixed)
        gw_buf_puts(&b, "# 附件标题\n\n附件正文。\n");
    double t0 = cpu_seconds();
    gw_document *doc = ok(b.data);
    double secs = cpu_seconds() - t0;
    if (mixed) { /* labelled 版记 lines that turn out not to end the document */
        assert_int_equal(doc->n_annexes, 1);
        assert_null(doc->colophon.cc.text);
    } else {
        assert_int_equal(doc->body.n, 1);
        assert_int_equal(gw_diags_count(&d, GW_WARNING), n); /* one per ignored `---` */
    }
    gw_document_free(doc);
    gw_buf_free(&b);
    return secs;
}

/* Every `---` and 抄送 line asks whether a 版记 follows; the answer must not cost a read to the
 * end of the file each time (30,000 `---` lines took 5 s). Four times the lines must cost about
 * four times the time (quadratic: sixteen), a ratio that holds on a loaded CI machine and under
 * the sanitizers, where a bound in seconds did not. */
static void test_many_rules_linear(void **state)
{
    (void)state;
    enum { N = 120000 };
    for (int mixed = 0; mixed < 2; mixed++) {
        double small = read_rules(N / 4, mixed), big = read_rules(N, mixed);
        printf("%s: %d lines %.3f s, %d lines %.3f s\n", mixed ? "抄送 and ---" : "---", N / 4,
               small, N, big);
        if (big > 8 * small + 0.05)
            fail_msg("%d lines read in %.2f s, a quarter of them in %.2f s: not linear", N, big,
                     small);
    }
}

static void test_minutes(void **state)
{
    (void)state;
    gw_document *doc = ok("# 泉州市科技局局务会议纪要\n\n会议研究了有关事项。\n\n出席：张三  李四\n王五\n请假: 赵六\n\n列席：钱七\n");
    assert_int_equal(doc->format, GW_FORMAT_MINUTES);
    tu_assert_text(doc->issuer_mark, "泉州市科技局局务会议纪要", 1);
    assert_int_equal(doc->n_issuers, 0);
    assert_null(doc->title.text);
    tu_assert_text(doc->attendance.present, "张三 李四 王五", 5);
    tu_assert_text(doc->attendance.absent, "赵六", 7);
    tu_assert_text(doc->attendance.attending, "钱七", 9);
    assert_int_equal(doc->body.n, 1);
    gw_document_free(doc);
}

static void test_order(void **state)
{
    (void)state;
    gw_document *doc = ok("泉州市人民政府令\n\n第 012 号\n\n《泉州市某某管理办法》已经市人民政府同意，现予公布。\n\n市长　张三\n2021年9月1日\n");
    assert_int_equal(doc->format, GW_FORMAT_ORDER);
    tu_assert_text(doc->issuer_mark, "泉州市人民政府令", 1);
    tu_assert_text(doc->issuers[0], "泉州市人民政府", 1);
    tu_assert_text(doc->doc_number, "第12号", 3);
    tu_assert_diag(&d, GW_WARNING, 3, 1, "令号 '第012号' written as '第12号' (no leading zeros)");
    assert_null(doc->title.text);
    /* `市长　张三`: the signatory's 职务 and name (§7.3.5.3), not a 署名 */
    assert_int_equal(doc->n_signatures, 0);
    assert_int_equal(doc->n_signatories, 1);
    tu_assert_text(doc->signatories[0].title, "市长", 7);
    tu_assert_text(doc->signatories[0].name, "张三", 7);
    assert_int_equal(doc->signatories[0].name.pos.col, 4);
    tu_assert_text(doc->date, "2021年9月1日", 8);
    gw_document_free(doc);
    /* an office as the 署名 of a 命令 stays a 署名 */
    doc = ok("泉州市人民政府令\n\n第3号\n\n现予公布。\n\n泉州市人民政府\n2021年9月1日\n");
    assert_int_equal(doc->n_signatories, 0);
    tu_assert_text(doc->signatures[0].issuer, "泉州市人民政府", 7);
    gw_document_free(doc);
}

static void assert_cell(const gw_table *t, size_t r, size_t c, const char *want)
{
    assert_non_null(t->cells[r * t->n_cols + c]);
    assert_string_equal(t->cells[r * t->n_cols + c], want);
}

/* Pipe tables (README: Tables): header, separator with alignment colons, rows; in the 正文 and
 * in an attachment; `\|`, an empty cell, `**…**`, no closing pipe, paragraphs around them. */
static void test_tables(void **state)
{
    (void)state;
    gw_document *doc = ok("## 标题\n\n各单位：\n\n经费安排如下：\n"
                          "| 序号 | 项目 | 金额（万元） |\n"
                          "|:---:|:---|---:|\n"
                          "| 1 | 甲 项目\\|一期 | 50.00 |\n"
                          "| | **合计** | 50.00\n"
                          "特此通知。\n");
    assert_int_equal(doc->body.n, 3);
    assert_int_equal(doc->body.items[0].kind, GW_BLOCK_PARAGRAPH);
    const gw_block *b = &doc->body.items[1];
    assert_int_equal(b->kind, GW_BLOCK_TABLE);
    assert_int_equal(b->pos.line, 6);
    const gw_table *t = &b->table;
    assert_int_equal(t->n_rows, 3);
    assert_int_equal(t->n_cols, 3);
    assert_int_equal(t->align[0], GW_ALIGN_CENTRE);
    assert_int_equal(t->align[1], GW_ALIGN_LEFT);
    assert_int_equal(t->align[2], GW_ALIGN_RIGHT);
    assert_cell(t, 0, 2, "金额（万元）");
    assert_cell(t, 1, 1, "甲项目|一期"); /* `\|` a pipe; the space beside Chinese removed */
    assert_cell(t, 2, 0, "");
    assert_cell(t, 2, 1, "合计");
    assert_cell(t, 2, 2, "50.00");
    assert_int_equal(t->rows[2].line, 9);
    assert_string_equal(doc->body.items[2].text, "特此通知。");
    char *json = gw_document_to_json(doc);
    assert_non_null(strstr(json, "\"align\": [\"centre\", \"left\", \"right\"], \"rows\": [[\"序号\""));
    free(json);
    gw_document_free(doc);
    /* in an attachment; no colons: alignment left to layout */
    doc = ok("## 标题\n\n正文。\n\n附件：统计表\n\n甲局\n2021年9月1日\n\n附件\n\n## 统计表\n\n"
             "| 单位 | 人数 |\n|---|---|\n| 甲局 | 12 |\n");
    assert_int_equal(doc->n_annexes, 1);
    assert_int_equal(doc->annexes[0].body.n, 1);
    assert_int_equal(doc->annexes[0].body.items[0].kind, GW_BLOCK_TABLE);
    assert_int_equal(doc->annexes[0].body.items[0].table.align[1], GW_ALIGN_AUTO);
    assert_cell(&doc->annexes[0].body.items[0].table, 1, 1, "12");
    gw_document_free(doc);
}

/* A malformed table is an error at its line and column, never text. */
static void test_tables_malformed(void **state)
{
    (void)state;
    assert_null(tu_read("## 标题\n\n| a | b |\n| c | d |\n", &d));
    tu_assert_diag(&d, GW_ERROR, 4, 3, "the second row of a table is its separator row: `---` in "
                                       "every cell (`:--` left, `:-:` centred, `--:` right), not 'c'");
    gw_diags_free(&d);
    gw_diags_init(&d, "t.txt");
    assert_null(tu_read("## 标题\n\n| a | b |\n|---|---|\n| 1 | 2 | 3 |\n", &d));
    tu_assert_diag(&d, GW_ERROR, 5, 10, "this row has 3 cells; the header row has 2 (write an empty "
                                        "cell as `| |`, a pipe inside a cell as `\\|`)");
    gw_diags_free(&d);
    gw_diags_init(&d, "t.txt");
    assert_null(tu_read("## 标题\n\n| a | b |\n|---|---|\n| 1 |\n", &d));
    tu_assert_diag(&d, GW_ERROR, 5, 6, "this row has 1 cells; the header row has 2 (write an empty "
                                       "cell as `| |`, a pipe inside a cell as `\\|`)");
    gw_diags_free(&d);
    gw_diags_init(&d, "t.txt");
    assert_null(tu_read("## 标题\n\n正文。\n\n| 序号 | 名称 |\n", &d));
    tu_assert_diag(&d, GW_ERROR, 5, 12, "a table needs a separator row (`|---|---|`) below its "
                                        "header row");
    gw_diags_free(&d);
    gw_diags_init(&d, "t.txt");
    assert_null(tu_read("## 标题\n\n| a | b |\n|---|---|---|\n", &d));
    tu_assert_diag(&d, GW_ERROR, 4, 10, "the separator row has 3 cells; the header row has 2");
}

/* 姓名 pairs with 职务 in order; under a 签名章 it leaves the model with a warning. */
static void test_signatory_names(void **state)
{
    (void)state;
    gw_document *doc = ok("---\n版式: 命令\n职务: 市长\n姓名: 张三\n---\n# 甲市人民政府令\n\n第2号\n\n"
                          "现予公布。\n\n2021年9月1日\n");
    tu_assert_text(doc->signatories[0].title, "市长", 3);
    tu_assert_text(doc->signatories[0].name, "张三", 4);
    tu_assert_text(doc->doc_number, "第2号", 8);
    gw_document_free(doc);
    assert_null(tu_read("---\n职务: 市长\n姓名: 张三\n姓名: 李四\n---\n## 标题\n\n正文。\n", &d));
    tu_assert_diag(&d, GW_ERROR, 4, 5, "姓名 2 has no 职务 to go with (there is 1 职务): give the "
                                      "signatory's title (职务) for each 姓名, in the same order");
    gw_diags_free(&d);
    gw_diags_init(&d, "t.txt");
    /* a 纪要's 期号 */
    doc = ok("# 甲局局务会议纪要\n\n第 07 期\n\n会议议定如下：\n\n出席：王五 赵六\n");
    assert_int_equal(doc->format, GW_FORMAT_MINUTES);
    tu_assert_text(doc->doc_number, "第7期", 3);
    tu_assert_diag(&d, GW_WARNING, 3, 1, "期号 '第07期' written as '第7期' (no leading zeros)");
    tu_assert_text(doc->attendance.present, "王五 赵六", 7);
    gw_document_free(doc);
}

static void test_letter(void **state)
{
    (void)state;
    gw_document *doc = ok("---\n版式: 信函\n---\n# 泉州市科学技术局\n\n泉科函〔2021〕9号\n\n## 关于商请支持的函\n\n正文。\n");
    assert_int_equal(doc->format, GW_FORMAT_LETTER);
    tu_assert_text(doc->issuer_mark, "泉州市科学技术局", 4);
    tu_assert_text(doc->issuers[0], "泉州市科学技术局", 4);
    tu_assert_text(doc->doc_number, "泉科函〔2021〕9号", 6);
    tu_assert_text(doc->title, "关于商请支持的函", 8);
    gw_document_free(doc);
}

static void test_no_content(void **state)
{
    (void)state;
    assert_null(tu_read("#\n\n**\n\n", &d));
    tu_assert_diag(&d, GW_ERROR, 1, 1, "no recognisable content: expected at least a title or a paragraph");
}

/* The JSON dump shows what was read, keys in a fixed order. */
static void test_json(void **state)
{
    (void)state;
    gw_document *doc = ok("# 甲局文件\n\n甲〔2021〕1号\n\n## 标题\n\n**1. 小标题。**正文\"引号\"。\n");
    char *json = gw_document_to_json(doc);
    assert_non_null(strstr(json, "\"issuer_mark\": {\"text\": \"甲局文件\", \"line\": 1},\n  \"doc_number\""));
    assert_non_null(strstr(json, "{\"kind\": \"heading\", \"line\": 7, \"level\": 3, \"run_in\": true, \"heading\": "
                                 "\"1.小标题。\", \"emphasis\": [\"1.小标题。\"], \"text\": \"1.小标题。正文\\\"引号\\\"。\"}"));
    free(json);
    gw_document_free(doc);
}

int main(int argc, char **argv)
{
    tu_init(argc, argv);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_top_lines, setup, teardown),
        cmocka_unit_test_setup_teardown(test_mark_hash, setup, teardown),
        cmocka_unit_test_setup_teardown(test_mark_plain_first_line, setup, teardown),
        cmocka_unit_test_setup_teardown(test_mark_above_doc_number, setup, teardown),
        cmocka_unit_test_setup_teardown(test_doc_number_forms, setup, teardown),
        cmocka_unit_test_setup_teardown(test_signer_same_line, setup, teardown),
        cmocka_unit_test_setup_teardown(test_signer_lines, setup, teardown),
        cmocka_unit_test_setup_teardown(test_title_multiline, setup, teardown),
        cmocka_unit_test_setup_teardown(test_title_breaks, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_title, setup, teardown),
        cmocka_unit_test_setup_teardown(test_addressee, setup, teardown),
        cmocka_unit_test_setup_teardown(test_paragraphs, setup, teardown),
        cmocka_unit_test_setup_teardown(test_word_indent_u3000, setup, teardown),
        cmocka_unit_test_setup_teardown(test_joint_mark_one_line, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cited_doc_number_is_text, setup, teardown),
        cmocka_unit_test_setup_teardown(test_heading_levels, setup, teardown),
        cmocka_unit_test_setup_teardown(test_halfwidth_numbers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_run_in_headings, setup, teardown),
        cmocka_unit_test_setup_teardown(test_emphasis, setup, teardown),
        cmocka_unit_test_setup_teardown(test_hash_without_number, setup, teardown),
        cmocka_unit_test_setup_teardown(test_attachment_notes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_signature_and_date, setup, teardown),
        cmocka_unit_test_setup_teardown(test_joint_signatures, setup, teardown),
        cmocka_unit_test_setup_teardown(test_closing_formula, setup, teardown),
        cmocka_unit_test_setup_teardown(test_impossible_date_in_text, setup, teardown),
        cmocka_unit_test_setup_teardown(test_annex_attachment, setup, teardown),
        cmocka_unit_test_setup_teardown(test_annex_from_title, setup, teardown),
        cmocka_unit_test_setup_teardown(test_colophon_two_lines, setup, teardown),
        cmocka_unit_test_setup_teardown(test_colophon_one_line, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stray_rule, setup, teardown),
        cmocka_unit_test_setup_teardown(test_many_rules_linear, setup, teardown),
        cmocka_unit_test_setup_teardown(test_minutes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_order, setup, teardown),
        cmocka_unit_test_setup_teardown(test_letter, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tables, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tables_malformed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_signatory_names, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_content, setup, teardown),
        cmocka_unit_test_setup_teardown(test_json, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
