/* repair.c: mends the body paragraphs that PDF extraction damaged, then turns them into
 * blocks. Owns (a) joining a paragraph cut by a page break with its continuation, (b) dropping
 * a fragment that repeats the start of the next paragraph, the heading-number normalisation
 * (`(一)` → `（一）`), `**…**` emphasis, and heading levels and run-in headings. Each repair and
 * normalisation is a warning naming the lines involved. All of it is linear in the text. */
#include <string.h>

#include "rd_internal.h"

/* Longest repeated fragment looked for: a line or two of extracted text, with room to spare. */
enum { OVERLAP_WINDOW = 4096, OVERLAP_MIN_BYTES = 12, OVERLAP_MIN_CHARS = 4, SNIPPET = 8 };

rd_para *rd_paras_add(rd_paras *ps)
{
    if (ps->n == ps->cap) {
        ps->cap = ps->cap ? ps->cap * 2 : 16;
        ps->items = gw_xrealloc(ps->items, ps->cap * sizeof *ps->items);
    }
    rd_para *p = &ps->items[ps->n++];
    memset(p, 0, sizeof *p);
    gw_buf_init(&p->text);
    return p;
}

void rd_paras_free(rd_paras *ps)
{
    for (size_t i = 0; i < ps->n; i++)
        gw_buf_free(&ps->items[i].text);
    free(ps->items);
    memset(ps, 0, sizeof *ps);
}

static bool is_closer(uint32_t c)
{
    switch (c) {
    case 0x201D: case 0x2019: case 0x300D: case 0x300F: case 0x300B: case 0x3009: /* ” ’ 」 』 》 〉 */
    case 0xFF09: case 0x3011: case 0x3015: case 0x3017: case 0xFF3D: /* ） 】 〕 〗 ］ */
    case ')': case ']': case '"': case '\'': case '}':
        return true;
    default:
        return false;
    }
}

static bool is_final(uint32_t c)
{
    switch (c) {
    case 0x3002: case 0xFF01: case 0xFF1F: case 0xFF1B: case 0xFF1A: /* 。！？；： */
    case 0x2026: case 0xFF0E: /* …… ． */
    case '.': case '!': case '?': case ';': case ':':
        return true;
    default:
        return false;
    }
}

bool rd_ends_complete(const char *s, size_t n)
{
    size_t k;
    for (;;) {
        if (n > 0 && s[n - 1] == '*')
            n--;
        else if (n > 0 && rd_is_space(rd_cp_before(s, n, &k)))
            n -= k;
        else
            break;
    }
    /* a closing quote or bracket says nothing by itself: “…价值观” 等广告牌 runs on */
    while (n > 0 && is_closer(rd_cp_before(s, n, &k)))
        n -= k;
    if (n == 0)
        return true;
    return is_final(rd_cp_before(s, n, NULL));
}

/* Offset just after the first sentence end (。！？) outside quotes and brackets, or 0. */
static size_t sentence_end(const char *s, size_t n)
{
    int depth = 0;
    size_t first_any = 0;
    for (size_t i = 0; i < n;) {
        size_t k;
        uint32_t c = rd_cp_at(s, n, i, &k);
        i += k ? k : 1;
        switch (c) {
        case 0x201C: case 0x2018: case 0x300A: case 0xFF08: case 0x300C: case 0x300E: case '(':
            depth++;
            break;
        case 0x201D: case 0x2019: case 0x300B: case 0xFF09: case 0x300D: case 0x300F: case ')':
            if (depth > 0)
                depth--;
            break;
        case 0x3002: case 0xFF01: case 0xFF1F: case '!': case '?':
            if (depth == 0)
                return i;
            if (!first_any)
                first_any = i;
            break;
        default:
            break;
        }
    }
    return first_any; /* unbalanced quotes: the first end at all */
}

/* Heading number at the start of a paragraph's raw text (behind `**`). */
static int para_level(const char *s, size_t n, size_t *lead, size_t *len, bool *half)
{
    size_t l = 0;
    while (rd_starts_with(s + l, n - l, "**"))
        l += 2;
    if (lead)
        *lead = l;
    size_t dummy_len;
    bool dummy_half;
    return rd_heading_number(s + l, n - l, len ? len : &dummy_len, half ? half : &dummy_half);
}

/* The fewest characters a paragraph cut by a page break has before the cut. */
#define CUT_MIN_CHARS 20

/* Whether s holds punctuation of a sentence (a comma, a quotation mark, a 书名号 …); brackets
 * and spaces do not count (`张三（女）`, `组　长`). */
static bool has_punctuation(const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        i += gw_utf8_decode(s + i, n - i, &cp);
        if (cp == 0xFF08 || cp == 0xFF09 || cp == '(' || cp == ')' || cp == '*' || cp == 0x3000)
            continue;
        if ((cp >= 0x3001 && cp <= 0x303F) || (cp >= 0xFF01 && cp <= 0xFF0F) ||
            (cp >= 0xFF1A && cp <= 0xFF20) || (cp >= 0x2010 && cp <= 0x2027) ||
            (cp < 0x80 && (cp == ',' || cp == ';' || cp == ':' || cp == '"' || cp == '\'' ||
                           cp == '-' || cp == '.')))
            return true;
    }
    return false;
}

/* Whether a paragraph stops in mid-sentence: no sentence end, and not a heading on its own. */
static bool is_cut(const rd_para *p)
{
    const char *s = p->text.data;
    size_t n = p->text.len;
    if (p->hashes || n == 0 || rd_ends_complete(s, n))
        return false;
    if (para_level(s, n, NULL, NULL, NULL) && !sentence_end(s, n)) {
        /* `（一）总体要求` stands alone; one that ends in a comma or runs long was cut */
        size_t e = n;
        while (e > 0 && s[e - 1] == '*')
            e--;
        uint32_t last = e ? rd_cp_before(s, e, NULL) : 0;
        return last == 0xFF0C || last == 0x3001 || last == ',' || rd_count_chars_upto(s, n, 61) > 60;
    }
    /* A page break cuts a paragraph after at least one full line of it (26 characters and
     * more): a short paragraph with no punctuation at all is a line of its own (a name in a
     * list, an office, `第一章　总　　则`, the 署名 of an attachment), never a cut. */
    if (rd_count_chars_upto(s, n, CUT_MIN_CHARS) < CUT_MIN_CHARS && !has_punctuation(s, n))
        return false;
    return true;
}

static bool continues(const rd_para *q)
{
    return !q->hashes && q->text.len > 0 && !para_level(q->text.data, q->text.len, NULL, NULL, NULL);
}

/* Whether all of p (10 characters or more) is repeated at the start of q, q going on (longer,
 * or as long and cut itself, its continuation still to come). */
static bool repeats_whole(const rd_para *p, const rd_para *q)
{
    size_t n = p->text.len;
    return n && n <= q->text.len && memcmp(p->text.data, q->text.data, n) == 0 &&
           (n < q->text.len || is_cut(q)) && rd_count_chars_upto(p->text.data, n, 10) >= 10;
}

/* Longest suffix of p that is a prefix of q (prefix function over q + NUL + tail of p). */
static size_t overlap(const char *p, size_t pn, const char *q, size_t qn)
{
    size_t w = pn < qn ? pn : qn;
    if (w > OVERLAP_WINDOW)
        w = OVERLAP_WINDOW;
    if (w < OVERLAP_MIN_BYTES)
        return 0;
    size_t len = 2 * w + 1;
    char *s = gw_xmalloc(len);
    memcpy(s, q, w);
    s[w] = '\0';
    memcpy(s + w + 1, p + pn - w, w);
    size_t *pi = gw_xmalloc(len * sizeof *pi);
    pi[0] = 0;
    for (size_t i = 1; i < len; i++) {
        size_t k = pi[i - 1];
        while (k > 0 && s[i] != s[k])
            k = pi[k - 1];
        if (s[i] == s[k])
            k++;
        pi[i] = k;
    }
    size_t k = pi[len - 1];
    free(pi);
    free(s);
    if (k < OVERLAP_MIN_BYTES || gw_utf8_count(q, k) < OVERLAP_MIN_CHARS)
        return 0;
    return k;
}

/* The last / first few characters of s, for messages. */
static char *tail(const char *s, size_t n, size_t chars)
{
    size_t i = n, c = 0, k;
    while (i > 0 && c < chars) {
        rd_cp_before(s, i, &k);
        i -= k;
        c++;
    }
    return gw_asprintf("%s%.*s", i > 0 ? "…" : "", (int)(n - i), s + i);
}

static char *head(const char *s, size_t n, size_t chars)
{
    size_t i = 0, c = 0, k;
    while (i < n && c < chars) {
        rd_cp_at(s, n, i, &k);
        i += k;
        c++;
    }
    return gw_asprintf("%.*s%s", (int)i, s, i < n ? "…" : "");
}

static char *snippet(const char *s, size_t n)
{
    size_t chars = gw_utf8_count(s, n);
    if (chars <= 2 * SNIPPET + 4)
        return gw_strndup(s, n);
    char *h = head(s, n, SNIPPET), *t = tail(s, n, SNIPPET);
    /* head ends with … and tail starts with it: print one */
    char *r = gw_asprintf("%.*s%s", (int)(strlen(h)), h, t + strlen("…"));
    free(h);
    free(t);
    return r;
}

/* `1．` (a full-width full stop, as Word's Chinese input gives it) → `1.`: the standard's
 * third-level number, whose stop would otherwise take a whole cell. */
static void normalise_full_stop(rd_ctx *ctx, rd_para *p, size_t lead, size_t len)
{
    const char *s = p->text.data;
    size_t n = p->text.len, k = strlen("．");
    if (len < k || memcmp(s + lead + len - k, "．", k) != 0)
        return;
    gw_buf b;
    gw_buf_init(&b);
    gw_buf_reserve(&b, n);
    gw_buf_append(&b, s, lead + len - k);
    gw_buf_putc(&b, '.');
    size_t at = b.len;
    gw_buf_append(&b, s + lead + len, n - lead - len);
    gw_diags_add(ctx->diags, GW_WARNING, "heading-full-width-stop", p->pos.line, p->pos.col,
                 "heading number '%.*s' has a full-width stop; normalised to '%.*s'", (int)len,
                 s + lead, (int)(at - lead), b.data + lead);
    gw_buf_free(&p->text);
    p->text = b;
}

/* Rewrites a half-width `(一)` / `(1)` heading number with full-width parentheses, and `1．`
 * with a half-width stop. */
static void normalise_number(rd_ctx *ctx, rd_para *p)
{
    size_t lead, len;
    bool half;
    const char *s = p->text.data;
    size_t n = p->text.len;
    int level = para_level(s, n, &lead, &len, &half);
    if (level == 3)
        normalise_full_stop(ctx, p, lead, len);
    if (!level || !half)
        return;
    gw_buf b;
    gw_buf_init(&b);
    gw_buf_reserve(&b, n + 4);
    gw_buf_append(&b, s, lead);
    size_t k;
    uint32_t open = rd_cp_at(s + lead, len, 0, &k);
    (void)open;
    size_t close_k;
    rd_cp_before(s + lead, len, &close_k);
    gw_buf_puts(&b, "（");
    gw_buf_append(&b, s + lead + k, len - k - close_k);
    gw_buf_puts(&b, "）");
    char *was = gw_strndup(s + lead, len);
    gw_diags_add(ctx->diags, GW_WARNING, "heading-half-width-parens", p->pos.line, p->pos.col,
                 "heading number '%s' has half-width parentheses; normalised to '%s'", was, b.data + lead);
    free(was);
    gw_buf_append(&b, s + lead + len, n - lead - len);
    gw_buf_free(&p->text);
    p->text = b;
}

/* Headings are short. A numbered text is a heading when it has no sentence end (`一、总体要求`,
 * `（二）坚持统筹兼顾，协调推进各项工作`; at most HEADING_MAX characters), when it is one short
 * sentence and nothing else (`三、结语。`), or when its first sentence is short, without a
 * comma, and more text follows (run-in: `1. 强化政治理论武装。严格落实…`). Otherwise
 * (`一、各地要加强政策宣传，…。`) it is ordinary text that happens to be numbered. *end = the
 * heading's end. */
enum { HEADING_MAX = 40, HEADING_SENTENCE_MAX = 40, HEADING_ALONE_MAX = 30, RUN_IN_LIST_MAX = 30 };

static bool heading_sentence(const char *s, size_t n, size_t *end)
{
    size_t e = sentence_end(s, n);
    size_t stop = e ? e : n, k;
    bool semicolon = false, comma = false;
    for (size_t i = 0; i < stop;) {
        uint32_t c = rd_cp_at(s, n, i, &k);
        semicolon |= c == 0xFF1B || c == ';';
        comma |= c == 0xFF0C || c == 0xFF1A || c == ',';
        i += k ? k : 1;
    }
    size_t chars = rd_count_chars_upto(s, stop, HEADING_MAX + 1);
    *end = stop;
    if (!e) /* no sentence end at all: a heading line, if short */
        return !semicolon && chars <= HEADING_MAX;
    if (e >= n) /* one sentence and nothing after it */
        return !semicolon && !comma && chars <= HEADING_ALONE_MAX;
    return !semicolon && !comma && chars <= HEADING_SENTENCE_MAX; /* run-in */
}

bool rd_run_in_shape(const char *s, size_t n, size_t *end)
{
    size_t e = sentence_end(s, n), k;
    if (!e || e >= n || rd_count_chars_upto(s, e, RUN_IN_LIST_MAX + 1) > RUN_IN_LIST_MAX)
        return false;
    for (size_t i = 0; i < e; i += k ? k : 1) {
        uint32_t c = rd_cp_at(s, n, i, &k);
        if (c == 0xFF1B || c == ';')
            return false;
    }
    *end = e;
    return true;
}

static void build_block(rd_ctx *ctx, rd_para *p, gw_blocks *out)
{
    normalise_number(ctx, p);
    const char *s = p->text.data ? p->text.data : "";
    size_t n = p->text.len;

    /* **…** emphasis: an odd marker out is kept as text */
    size_t markers = 0;
    for (size_t i = 0; i + 1 < n; i++)
        if (s[i] == '*' && s[i + 1] == '*') {
            markers++;
            i++;
        }
    size_t usable = markers & ~(size_t)1;
    gw_buf t;
    gw_buf_init(&t);
    gw_buf_reserve(&t, n);
    gw_span *spans = NULL;
    size_t n_spans = 0, seen = 0;
    long open = -1;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '*' && i + 1 < n && s[i + 1] == '*' && seen < usable) {
            seen++;
            i++;
            if (open < 0) {
                open = (long)t.len;
            } else {
                if (t.len > (size_t)open) {
                    spans = gw_xrealloc(spans, (n_spans + 1) * sizeof *spans);
                    spans[n_spans++] = (gw_span){ (size_t)open, t.len };
                }
                open = -1;
            }
            continue;
        }
        gw_buf_putc(&t, s[i]);
    }
    if (markers & 1)
        gw_diags_add(ctx->diags, GW_WARNING, "markup-unmatched", p->pos.line, p->pos.col, "unmatched '**' kept as text");
    const char *text = t.data ? t.data : "";

    size_t len, end = 0;
    bool half;
    int level = rd_heading_number(text, t.len, &len, &half);
    if (level) {
        if (n_spans && spans[0].start <= len && spans[0].end > len) {
            /* an emphasised heading sentence: the emphasis says where it ends */
            end = spans[0].end;
            size_t k;
            if (end < t.len && is_final(rd_cp_at(text, t.len, end, &k)) &&
                rd_cp_at(text, t.len, end, NULL) != 0xFF1A)
                end += k;
        } else if (!heading_sentence(text, t.len, &end)) {
            level = 0; /* numbered ordinary text: a body paragraph (no keep-with-next) */
        }
    }
    gw_block_kind kind = level ? GW_BLOCK_HEADING
                         : rd_chapter_title(text, t.len) ? GW_BLOCK_CHAPTER
                                                          : GW_BLOCK_PARAGRAPH;
    gw_block *b = gw_blocks_add(out, kind, text, p->pos);
    if (kind == GW_BLOCK_CHAPTER)
        b->heading_len = t.len;
    if (level) {
        b->level = level;
        b->heading_len = end;
        b->run_in = end < t.len;
    } else if (p->hashes) {
        gw_diags_add(ctx->diags, GW_WARNING, "markup-heading-without-number", p->pos.line, p->pos.col,
                     "'#' line without a heading number (一、 （一） 1. （1）) read as a paragraph");
    }
    for (size_t i = 0; i < n_spans; i++)
        gw_block_add_emphasis(b, spans[i].start, spans[i].end);
    free(spans);
    gw_buf_free(&t);
}

void rd_paras_finish(rd_ctx *ctx, rd_paras *ps, gw_blocks *out)
{
    for (size_t i = 0; i < ps->n;) {
        rd_para p = ps->items[i];
        size_t j = i + 1;
        /* a paragraph that is all repeated at the start of the next (the last line of a page
         * printed again at the top of the next, a heading's line too): the next one alone */
        if (j < ps->n && repeats_whole(&p, &ps->items[j])) {
            char *frag = snippet(p.text.data, p.text.len);
            gw_diags_add(ctx->diags, GW_WARNING, "repair-repeated-fragment", p.last_line, 0,
                         "repeated fragment dropped: the end of line %d (\"%s\", %zu characters) "
                         "repeats the start of line %d; joined the two",
                         p.last_line, frag, gw_utf8_count(p.text.data, p.text.len),
                         ps->items[j].pos.line);
            free(frag);
            gw_buf_free(&p.text);
            i = j;
            continue;
        }
        while (j < ps->n && is_cut(&p) && continues(&ps->items[j]) &&
               !(p.list && ps->items[j].list)) { /* a list's items stay apart */
            rd_para *q = &ps->items[j];
            size_t k = overlap(p.text.data, p.text.len, q->text.data, q->text.len);
            int cut_line = p.last_line;
            if (k) {
                char *frag = snippet(p.text.data + p.text.len - k, k);
                gw_diags_add(ctx->diags, GW_WARNING, "repair-repeated-fragment", cut_line, 0,
                             "repeated fragment dropped: the end of line %d (\"%s\", %zu characters) "
                             "repeats the start of line %d; joined the two",
                             cut_line, frag, gw_utf8_count(q->text.data, k), q->pos.line);
                free(frag);
                p.text.len -= k;
                p.text.data[p.text.len] = '\0';
                if (p.text.len == 0) { /* the whole paragraph was the fragment */
                    p.pos = q->pos;
                    p.hashes = q->hashes;
                }
            } else {
                char *a = tail(p.text.data, p.text.len, SNIPPET), *z = head(q->text.data, q->text.len, SNIPPET);
                gw_diags_add(ctx->diags, GW_WARNING, "repair-page-break", cut_line, 0,
                             "paragraph cut by a page break: joined line %d (\"%s\") with line %d (\"%s\")",
                             cut_line, a, q->pos.line, z);
                free(a);
                free(z);
            }
            rd_join(&p.text, q->text.data, q->text.len);
            p.last_line = q->last_line;
            gw_buf_free(&q->text);
            j++;
        }
        build_block(ctx, &p, out);
        gw_buf_free(&p.text);
        i = j;
    }
    ps->n = 0;
}
