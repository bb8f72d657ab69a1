/* test_reader_repair.c: the repairs of PDF-extraction damage: paragraphs cut by a page break
 * (which endings mean complete and which do not, and which next paragraphs start a new element),
 * fragments repeated at the start of the next paragraph, and stray spaces next to Chinese
 * characters; each with its exact warning. */
#include "reader_test_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* Reads "## 标题\n\n" + body. */
static gw_document *body(const char *text)
{
    char *all = gw_asprintf("## 标题\n\n%s", text);
    gw_document *doc = tu_read(all, &d);
    free(all);
    if (!doc)
        tu_dump_diags(&d);
    assert_non_null(doc);
    return doc;
}

static void test_join_cut_paragraph(void **state)
{
    (void)state;
    gw_document *doc = body("严格落实学习制度，组织党员干部通读熟读4本党史学习教育指\n\n定教材，深入学习。\n");
    assert_int_equal(doc->body.n, 1);
    tu_assert_block(&doc->body.items[0], GW_BLOCK_PARAGRAPH, 0, false, NULL,
                    "严格落实学习制度，组织党员干部通读熟读4本党史学习教育指定教材，深入学习。");
    assert_int_equal(doc->body.items[0].pos.line, 3);
    tu_assert_diag(&d, GW_WARNING, 3, 0,
                   "paragraph cut by a page break: joined line 3 (\"…本党史学习教育指\") with line 5 (\"定教材，深入学习…\")");
    gw_document_free(doc);
}

/* A closing quote, a comma, a 顿号, an opening bracket: none ends a sentence. */
static void test_incomplete_endings(void **state)
{
    (void)state;
    static const char *const cut[] = {
        "悬挂“社会主义核心价值观”\n\n等广告牌。\n",
        "组织开展防疫文明教育，\n\n转发倡议书。\n",
        "参观博物馆、\n\n工人文化宫。\n",
        "印发《规定（试行）》\n\n的通知。\n",
        "开展“\n\n七一”活动。\n",
        "英文 words that go on and on\n\nrun on.\n",
        "**加粗**的部分一直延续到这一页的最后一行没有结束\n\n之后继续。\n",
    };
    static const char *const joined[] = {
        "悬挂“社会主义核心价值观”等广告牌。", "组织开展防疫文明教育，转发倡议书。", "参观博物馆、工人文化宫。",
        "印发《规定（试行）》的通知。",       "开展“七一”活动。",
        "英文words that go on and on run on.", "加粗的部分一直延续到这一页的最后一行没有结束之后继续。",
    };
    for (size_t i = 0; i < sizeof cut / sizeof *cut; i++) {
        gw_document *doc = body(cut[i]);
        assert_int_equal(doc->body.n, 1);
        assert_string_equal(doc->body.items[0].text, joined[i]);
        assert_non_null(tu_find_sub(&d, GW_WARNING, "paragraph cut by a page break: joined line 3"));
        gw_document_free(doc);
        gw_diags_free(&d);
        gw_diags_init(&d, "t.txt");
    }
}

/* Sentence ends, also behind a closing quote, keep paragraphs apart. */
static void test_complete_endings(void **state)
{
    (void)state;
    static const char *const ends[] = { "。", "！", "？", "；", "：", "……", "。”", "？』", "!", ".", "。**" };
    for (size_t i = 0; i < sizeof ends / sizeof *ends; i++) {
        /* (an opening paragraph, so that one ending in ： is not taken for the 主送) */
        char *text = gw_asprintf("开头。\n\n第一段%s\n\n第二段。\n", ends[i]);
        gw_document *doc = body(text);
        assert_int_equal(doc->body.n, 3);
        assert_null(tu_find_sub(&d, GW_WARNING, "paragraph cut"));
        gw_document_free(doc);
        free(text);
    }
}

/* A cut paragraph is not joined with what starts a new element. */
static void test_not_joined_with_new_element(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        size_t blocks;
    } cases[] = {
        { "正文没有句号\n\n二、下一部分\n", 2 },
        { "正文没有句号\n\n（三）下一层\n", 2 },
        { "正文没有句号\n\n(3)下一层\n", 2 },
        { "正文没有句号\n\n**4. 推进创建。**正文。\n", 2 },
        { "正文没有句号\n\n## 小标题\n", 2 },
        { "正文没有句号\n\n附件：甲方案\n", 1 },
        { "正文没有句号\n\n甲局\n2021年9月1日\n", 1 },
        { "正文没有句号\n\n# 印发的文件\n\n正文。\n", 1 },
        { "正文没有句号\n\n---\n\n抄送：甲局。\n", 1 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        gw_document *doc = body(cases[i].text);
        assert_int_equal(doc->body.n, cases[i].blocks);
        assert_string_equal(doc->body.items[0].text, "正文没有句号");
        assert_null(tu_find_sub(&d, GW_WARNING, "paragraph cut"));
        gw_document_free(doc);
        gw_diags_free(&d);
        gw_diags_init(&d, "t.txt");
    }
}

/* A heading on its own line has no full stop and is not cut; a run-in heading paragraph that
 * stops mid-sentence is. */
static void test_headings_and_cuts(void **state)
{
    (void)state;
    gw_document *doc = body("（一）推动学习宣传贯彻新思想走深走实\n\n1. 强化政治理论武装。严格落实学习制度，组织党员干部通读熟读4本党史学习教育指\n\n"
                            "定教材，深入学习。\n\n（二）坚持统筹兼顾，\n\n协调推进各项工作\n");
    const gw_blocks *b = &doc->body;
    assert_int_equal(b->n, 3);
    tu_assert_block(&b->items[0], GW_BLOCK_HEADING, 2, false, "（一）推动学习宣传贯彻新思想走深走实",
                    "（一）推动学习宣传贯彻新思想走深走实");
    tu_assert_block(&b->items[1], GW_BLOCK_HEADING, 3, true, "1.强化政治理论武装。",
                    "1.强化政治理论武装。严格落实学习制度，组织党员干部通读熟读4本党史学习教育指定教材，深入学习。");
    tu_assert_block(&b->items[2], GW_BLOCK_HEADING, 2, false, "（二）坚持统筹兼顾，协调推进各项工作",
                    "（二）坚持统筹兼顾，协调推进各项工作");
    gw_document_free(doc);
}

/* Several page breaks in a row: one paragraph. */
static void test_join_chain(void **state)
{
    (void)state;
    gw_document *doc = body("甲乙丙丁戊己庚辛壬癸甲乙丙丁戊己庚辛壬癸\n\n丙丁，\n\n戊己。\n\n下一段。\n");
    assert_int_equal(doc->body.n, 2);
    assert_string_equal(doc->body.items[0].text, "甲乙丙丁戊己庚辛壬癸甲乙丙丁戊己庚辛壬癸丙丁，戊己。");
    tu_assert_diag(&d, GW_WARNING, 3, 0, "paragraph cut by a page break: joined line 3 (\"…丙丁戊己庚辛壬癸\") with line 5 (\"丙丁，\")");
    tu_assert_diag(&d, GW_WARNING, 5, 0, "paragraph cut by a page break: joined line 5 (\"…己庚辛壬癸丙丁，\") with line 7 (\"戊己。\")");
    gw_document_free(doc);
}

/* Short lines without any punctuation are lines of their own, never a page break's cut: a
 * page break cuts a paragraph after a full line of it. Lists of names and offices, chapter
 * lines, an attachment's 署名 stay apart, without a warning. */
static void test_short_lines_stand_alone(void **state)
{
    (void)state;
    gw_document *doc = body("上一段。\n\n清源市应急管理局综合减灾科\n\n清源市气象台\n\n"
                            "第一章　总　　则\n\n张　敏（女）\n\n下一段。\n");
    assert_int_equal(doc->body.n, 6);
    assert_string_equal(doc->body.items[1].text, "清源市应急管理局综合减灾科");
    assert_string_equal(doc->body.items[2].text, "清源市气象台");
    assert_null(tu_find_sub(&d, GW_WARNING, "paragraph cut"));
    gw_document_free(doc);
    gw_diags_free(&d);
    gw_diags_init(&d, "t.txt");
    /* one with punctuation is a sentence's part, whatever its length */
    doc = body("开展“\n\n七一”活动。\n");
    assert_int_equal(doc->body.n, 1);
    gw_document_free(doc);
}

/* Page numbers PDF extraction leaves between the lines are dropped, with a warning each, and
 * the line repeated at the top of the next page (a run-in heading's line too) goes. */
static void test_page_numbers(void **state)
{
    (void)state;
    gw_document *doc = body("（三）重大事故隐患依然突出。检查发现的19项重大事故\n\n"
                            "                                  — 2 —\n\n"
                            "（三）重大事故隐患依然突出。检查发现的19项重大事故\n隐患中，危险化学品领域7项。\n\n"
                            "第 3 页 共 9 页\n\n- 4 -\n\n下一段。\n");
    assert_int_equal(doc->body.n, 2);
    assert_string_equal(doc->body.items[0].text,
                        "（三）重大事故隐患依然突出。检查发现的19项重大事故隐患中，危险化学品领域7项。");
    assert_string_equal(doc->body.items[1].text, "下一段。");
    tu_assert_diag(&d, GW_WARNING, 5, 35, "page number \"— 2 —\" left by PDF extraction removed");
    assert_non_null(tu_find_sub(&d, GW_WARNING, "page number \"第 3 页 共 9 页\""));
    assert_non_null(tu_find_sub(&d, GW_WARNING, "page number \"- 4 -\""));
    assert_non_null(tu_find_sub(&d, GW_WARNING, "repeated fragment dropped: the end of line 3"));
    gw_document_free(doc);
    gw_diags_free(&d);
    gw_diags_init(&d, "t.txt");
    /* a 令号 and a number in text are not page numbers */
    doc = body("第18号\n\n—— 2 项任务 ——\n");
    assert_null(tu_find_sub(&d, GW_WARNING, "page number"));
    gw_document_free(doc);
}

static void test_repeated_fragment(void **state)
{
    (void)state;
    gw_document *doc = body("(一) 全面学习贯彻讲话精神。把学习贯彻讲话精神作为当前和今后一个时期重大的政治任务，通过理论学习、专题宣讲、三会一课\n\n"
                            "一个时期重大的政治任务，通过理论学习、专题宣讲、三会一课和专题研讨等形式，深刻领会讲话精神。\n");
    assert_int_equal(doc->body.n, 1);
    tu_assert_block(&doc->body.items[0], GW_BLOCK_HEADING, 2, true, "（一）全面学习贯彻讲话精神。",
                    "（一）全面学习贯彻讲话精神。把学习贯彻讲话精神作为当前和今后一个时期重大的政治任务，"
                    "通过理论学习、专题宣讲、三会一课和专题研讨等形式，深刻领会讲话精神。");
    tu_assert_diag(&d, GW_WARNING, 3, 0,
                   "repeated fragment dropped: the end of line 3 (\"一个时期重大的政…题宣讲、三会一课\", 28 characters) "
                   "repeats the start of line 5; joined the two");
    assert_null(tu_find_sub(&d, GW_WARNING, "paragraph cut"));
    gw_document_free(doc);
}

/* A paragraph that is nothing but the fragment goes away entirely. */
static void test_fragment_paragraph(void **state)
{
    (void)state;
    gw_document *doc = body("上一段。\n\n通过理论学习、专题宣讲\n\n通过理论学习、专题宣讲、三会一课等形式。\n");
    assert_int_equal(doc->body.n, 2);
    assert_string_equal(doc->body.items[1].text, "通过理论学习、专题宣讲、三会一课等形式。");
    assert_int_equal(doc->body.items[1].pos.line, 7);
    tu_assert_diag(&d, GW_WARNING, 5, 0,
                   "repeated fragment dropped: the end of line 5 (\"通过理论学习、专题宣讲\", 11 characters) "
                   "repeats the start of line 7; joined the two");
    gw_document_free(doc);
}

/* A short coincidence is a join, not a repeat: `…的` + `的确…` keeps both. */
static void test_short_overlap_is_not_a_repeat(void **state)
{
    (void)state;
    gw_document *doc = body("大家都认同这一点，这是我们的\n\n的确如此。\n");
    assert_string_equal(doc->body.items[0].text, "大家都认同这一点，这是我们的的确如此。");
    assert_null(tu_find_sub(&d, GW_WARNING, "repeated fragment"));
    gw_document_free(doc);
}

static void test_stray_spaces(void **state)
{
    (void)state;
    /* (a line ending a sentence ends its paragraph: issue 10, text pasted from Word) */
    gw_document *doc = body("全市科技系统 24 个单位 491 人参加了竞赛，精神文明 工作总结，采用 OA 办公，Times New Roman 字体， 8-9 楼\n"
                            "Latin  words   keep one space.\n");
    assert_string_equal(doc->body.items[0].text,
                        "全市科技系统24个单位491人参加了竞赛，精神文明工作总结，采用OA办公，Times New Roman字体，8-9楼"
                        "Latin words keep one space.");
    tu_assert_diag(&d, GW_WARNING, 3, 7, "removed 10 stray spaces next to Chinese characters (left by PDF extraction)");
    /* none for line 4's spaces; the join of a line without a sentence end is a guess, said */
    assert_int_equal(gw_diags_count(&d, GW_WARNING), 2);
    tu_assert_diag(&d, GW_WARNING, 3, 0,
                   "paragraph cut by a page break: joined line 3 (\"…n字体，8-9楼\") with line 4 (\"Latin wo…\")");
    gw_document_free(doc);
}

static void test_ideographic_spaces(void **state)
{
    (void)state;
    /* full-width indentation is not a stray space, and (issue 10) neither is a U+3000 inside:
     * no extraction tool writes one; a person did */
    gw_document *doc = body("　　现将《泉州市科技局　2021　年工作要点》印发给你们。\n");
    assert_string_equal(doc->body.items[0].text, "现将《泉州市科技局　2021　年工作要点》印发给你们。");
    assert_null(tu_find_sub(&d, GW_WARNING, "stray space"));
    gw_document_free(doc);
}

/* Regulations keep a full-width space after the article number. */
static void test_article_space_kept(void **state)
{
    (void)state;
    gw_document *doc = body("第一条 为了规范管理，制定本办法。\n\n第十二条　本办法自发布之日起施行。\n");
    assert_string_equal(doc->body.items[0].text, "第一条　为了规范管理，制定本办法。");
    assert_string_equal(doc->body.items[1].text, "第十二条　本办法自发布之日起施行。");
    gw_document_free(doc);
}

/* Issue 10: headings are short; numbered ordinary text is a body paragraph. */
static void test_short_headings(void **state)
{
    (void)state;
    gw_document *doc = body("一、各地要加强政策宣传，扩大社会影响，营造良好氛围。\n\n"
                            "二、总体要求\n\n"
                            "（一）坚持统筹兼顾，协调推进各项工作\n\n"
                            "1. 强化政治理论武装。严格落实学习制度。\n\n"
                            "2. 各单位要高度重视，认真组织。确保按时完成。\n");
    const gw_blocks *b = &doc->body;
    assert_int_equal(b->n, 5);
    tu_assert_block(&b->items[0], GW_BLOCK_PARAGRAPH, 0, false, NULL,
                    "一、各地要加强政策宣传，扩大社会影响，营造良好氛围。");
    tu_assert_block(&b->items[1], GW_BLOCK_HEADING, 1, false, "二、总体要求", "二、总体要求");
    tu_assert_block(&b->items[2], GW_BLOCK_HEADING, 2, false, "（一）坚持统筹兼顾，协调推进各项工作",
                    "（一）坚持统筹兼顾，协调推进各项工作");
    tu_assert_block(&b->items[3], GW_BLOCK_HEADING, 3, true, "1.强化政治理论武装。",
                    "1.强化政治理论武装。严格落实学习制度。");
    /* its list's other items are run-in headings: so is this one, comma and all */
    tu_assert_block(&b->items[4], GW_BLOCK_HEADING, 3, true, "2.各单位要高度重视，认真组织。",
                    "2.各单位要高度重视，认真组织。确保按时完成。");
    gw_document_free(doc);
    /* the writer's space after a heading number is not extraction's stray space */
    assert_null(tu_find_sub(&d, GW_WARNING, "stray space"));
    /* alone, a first sentence with a comma is not a run-in heading */
    doc = body("1. 各单位要高度重视，认真组织。确保按时完成。\n");
    tu_assert_block(&doc->body.items[0], GW_BLOCK_PARAGRAPH, 0, false, NULL,
                    "1.各单位要高度重视，认真组织。确保按时完成。");
    gw_document_free(doc);
}

static size_t count_rule(const char *rule)
{
    size_t n = 0;
    for (size_t i = 0; i < d.n; i++)
        n += d.items[i].rule && strcmp(d.items[i].rule, rule) == 0;
    return n;
}

/* A 主送 without its ： is still the 主送 (not joined to the first paragraph), with a warning;
 * a one-line first paragraph that does not end like an office is not one. */
static void test_addressee_without_colon(void **state)
{
    (void)state;
    gw_document *doc = tu_read("## 关于开展安全检查的通知\n\n各县（市、区）科技局，各有关单位\n\n"
                               "为做好安全工作，现将有关事项通知如下。\n", &d);
    assert_non_null(doc);
    tu_assert_text(doc->addressee, "各县（市、区）科技局，各有关单位", 3);
    assert_int_equal(doc->body.n, 1);
    assert_non_null(tu_find_sub(&d, GW_WARNING, "has no ："));
    gw_document_free(doc);
    gw_diags_free(&d);
    gw_diags_init(&d, "t.txt");
    doc = tu_read("## 关于开展安全检查的通知\n\n请各单位认真组织实施\n\n为做好安全工作，现将有关事项通知如下。\n", &d);
    assert_non_null(doc);
    assert_null(doc->addressee.text);
    gw_document_free(doc);
}

/* A regulation's chapter and section titles are blocks of their own; a sentence that starts
 * with 第三章 is not one. */
static void test_chapter_titles(void **state)
{
    (void)state;
    gw_document *doc = body("为了规范管理，制定本办法。\n\n第一章 总　则\n\n第一条　为了规范管理，制定本办法。\n\n"
                            "第二节　项目管理\n\n第三章规定的事项，由市政府负责解释。\n");
    const gw_blocks *b = &doc->body;
    assert_int_equal(b->n, 5);
    assert_int_equal(b->items[1].kind, GW_BLOCK_CHAPTER);
    assert_string_equal(b->items[1].text, "第一章　总　则");
    assert_int_equal(b->items[2].kind, GW_BLOCK_PARAGRAPH);
    assert_int_equal(b->items[3].kind, GW_BLOCK_CHAPTER);
    assert_int_equal(b->items[4].kind, GW_BLOCK_PARAGRAPH);
    gw_document_free(doc);
}

/* The items of one list are set alike: numbered text, or headings. */
static void test_list_items_alike(void **state)
{
    (void)state;
    /* clauses ending in ；, the last one a short sentence: all text */
    gw_document *doc = body("为了加强城市供水管理，制定本办法。\n\n第十四条　禁止下列行为：\n\n（一）盗用或者转供城市公共供水；\n\n"
                            "（二）在城市公共供水管道上直接装泵抽水；\n\n"
                            "（三）损坏、擅自启封或者移动用水计量设施。\n\n"
                            "第十五条　下列行为应当报告：\n\n（一）水质异常。\n\n（二）停水。\n");
    const gw_blocks *b = &doc->body;
    assert_int_equal(b->n, 8);
    for (size_t i = 2; i <= 4; i++)
        assert_int_equal(b->items[i].kind, GW_BLOCK_PARAGRAPH);
    /* a new article numbers anew, and its list of short sentences is all headings */
    assert_int_equal(b->items[6].kind, GW_BLOCK_HEADING);
    assert_int_equal(b->items[7].kind, GW_BLOCK_HEADING);
    assert_int_equal(count_rule("list-item-text"), 1);
    gw_document_free(doc);

    /* run-in headings whose first sentence has a comma, beside one that has none */
    gw_diags_free(&d);
    gw_diags_init(&d, "t.txt");
    doc = body("（一）坚持党的领导，压实法治建设责任。县政府常务会议专题研究3次。\n\n"
               "（二）健全依法决策机制，提升行政决策质量。严格落实重大行政决策程序。\n\n"
               "（三）依法有效化解社会矛盾纠纷。全县共受理行政复议案件64件。\n");
    b = &doc->body;
    for (size_t i = 0; i < 3; i++) {
        assert_int_equal(b->items[i].kind, GW_BLOCK_HEADING);
        assert_true(b->items[i].run_in);
    }
    tu_assert_block(&b->items[0], GW_BLOCK_HEADING, 2, true, "（一）坚持党的领导，压实法治建设责任。",
                    "（一）坚持党的领导，压实法治建设责任。县政府常务会议专题研究3次。");
    assert_int_equal(count_rule("list-item-heading"), 1);
    gw_document_free(doc);

    /* a list all of whose items have that shape: run-in headings too */
    gw_diags_free(&d);
    gw_diags_init(&d, "t.txt");
    doc = body("一、提高思想认识，加强组织领导。各地要把这项工作摆上重要议事日程。\n\n"
               "二、突出工作重点，狠抓工作落实。各地要抓住关键环节。\n");
    assert_int_equal(doc->body.items[0].kind, GW_BLOCK_HEADING);
    assert_int_equal(doc->body.items[1].kind, GW_BLOCK_HEADING);
    assert_true(doc->body.items[1].run_in);
    gw_document_free(doc);

    /* heading lines stay headings among numbered text; a run-in heading among text does not */
    gw_diags_free(&d);
    gw_diags_init(&d, "t.txt");
    doc = body("一、总体要求\n\n正文。\n\n二、各地要加强政策宣传，扩大社会影响。\n\n"
               "三、各地要做好解读工作，回应社会关切。\n\n四、本通知自印发之日起施行。如有问题，及时报告。\n");
    b = &doc->body;
    assert_int_equal(b->items[0].kind, GW_BLOCK_HEADING);
    assert_int_equal(b->items[2].kind, GW_BLOCK_PARAGRAPH);
    assert_int_equal(b->items[3].kind, GW_BLOCK_PARAGRAPH);
    assert_int_equal(b->items[4].kind, GW_BLOCK_PARAGRAPH);
    gw_document_free(doc);

    /* a heading the writer marked with ** stays one */
    gw_diags_free(&d);
    gw_diags_init(&d, "t.txt");
    doc = body("一、各地要加强政策宣传，扩大社会影响。\n\n**二、本通知自印发之日起施行。**\n\n"
               "三、各地要做好解读工作，回应社会关切。\n");
    b = &doc->body;
    assert_int_equal(b->items[1].kind, GW_BLOCK_HEADING);
    assert_int_equal(count_rule("list-item-text"), 0);
    gw_document_free(doc);
}

/* Issue 10: the author's spaces stay; a list's lines are never joined. */
static void test_faithful_spaces_and_lists(void **state)
{
    (void)state;
    gw_document *doc = body("把《毛泽东 邓小平 江泽民 胡锦涛关于中国共产党历史论述摘编》和“奋斗百年路 科技谱新篇” 纳入学习。\n\n"
                            "组　长：林志强\n\n副组长：王建国\n　　　　陈晓红\n成　员：黄志明\n");
    const gw_blocks *b = &doc->body;
    assert_string_equal(b->items[0].text,
                        "把《毛泽东 邓小平 江泽民 胡锦涛关于中国共产党历史论述摘编》和“奋斗百年路 科技谱新篇”纳入学习。");
    assert_int_equal(b->n, 5);
    assert_string_equal(b->items[1].text, "组　长：林志强");
    assert_string_equal(b->items[2].text, "副组长：王建国");
    assert_string_equal(b->items[3].text, "　　　　陈晓红");
    assert_string_equal(b->items[4].text, "成　员：黄志明");
    assert_null(tu_find_sub(&d, GW_WARNING, "paragraph cut"));
    gw_document_free(doc);
}

/* Issue 10: one paragraph a line (Word/WPS) reads as paragraphs separated by blank lines. */
static void test_word_paste(void **state)
{
    (void)state;
    gw_document *a = body("根据统一部署，现就有关事项通知如下。\n\n一、工作目标\n\n到2025年，全市研发投入强度达到2.2%。\n\n"
                          "二、工作要求\n\n各单位要高度重视，\n\n认真组织实施。\n");
    gw_diags_free(&d);
    gw_diags_init(&d, "t.txt");
    gw_document *b = body("根据统一部署，现就有关事项通知如下。\r\n一、工作目标\r\n到2025年，全市研发投入强度达到2.2%。\r\n"
                          "二、工作要求\r\n各单位要高度重视，\r\n认真组织实施。\r\n");
    assert_int_equal(a->body.n, 5);
    assert_int_equal(b->body.n, a->body.n);
    for (size_t i = 0; i < a->body.n; i++) {
        assert_string_equal(a->body.items[i].text, b->body.items[i].text);
        assert_int_equal(a->body.items[i].kind, b->body.items[i].kind);
    }
    assert_string_equal(b->body.items[4].text, "各单位要高度重视，认真组织实施。");
    gw_document_free(a);
    gw_document_free(b);
}

/* Issue 10: hard-wrapped text continues across its lines; a short line ends a paragraph. */
static void test_hard_wrapped(void **state)
{
    (void)state;
    gw_document *doc = body("为加快实施创新驱动发展战略，引导全社会加大研发投\n"
                            "入，根据有关规定，现组织申报年度市级科技计划项目\n"
                            "。请各单位认真组织。\n"
                            "　　逾期不予受理，请各单位按时报送有关申报材料，\n"
                            "确保申报工作顺利进行，并于规定时间内完成网上申报\n"
                            "工作。\n");
    assert_int_equal(doc->body.n, 2);
    assert_string_equal(doc->body.items[0].text,
                        "为加快实施创新驱动发展战略，引导全社会加大研发投入，根据有关规定，现组织申报年度市级科技计划项目。请各单位认真组织。");
    gw_document_free(doc);
}

int main(int argc, char **argv)
{
    tu_init(argc, argv);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_join_cut_paragraph, setup, teardown),
        cmocka_unit_test_setup_teardown(test_list_items_alike, setup, teardown),
        cmocka_unit_test_setup_teardown(test_chapter_titles, setup, teardown),
        cmocka_unit_test_setup_teardown(test_addressee_without_colon, setup, teardown),
        cmocka_unit_test_setup_teardown(test_incomplete_endings, setup, teardown),
        cmocka_unit_test_setup_teardown(test_complete_endings, setup, teardown),
        cmocka_unit_test_setup_teardown(test_not_joined_with_new_element, setup, teardown),
        cmocka_unit_test_setup_teardown(test_headings_and_cuts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_join_chain, setup, teardown),
        cmocka_unit_test_setup_teardown(test_page_numbers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_short_lines_stand_alone, setup, teardown),
        cmocka_unit_test_setup_teardown(test_repeated_fragment, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fragment_paragraph, setup, teardown),
        cmocka_unit_test_setup_teardown(test_short_overlap_is_not_a_repeat, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stray_spaces, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ideographic_spaces, setup, teardown),
        cmocka_unit_test_setup_teardown(test_article_space_kept, setup, teardown),
        cmocka_unit_test_setup_teardown(test_short_headings, setup, teardown),
        cmocka_unit_test_setup_teardown(test_faithful_spaces_and_lists, setup, teardown),
        cmocka_unit_test_setup_teardown(test_word_paste, setup, teardown),
        cmocka_unit_test_setup_teardown(test_hard_wrapped, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
