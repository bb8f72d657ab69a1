/* frontmatter.c: the optional block of `键: 值` lines between `---` lines at the top of the
 * input. Owns the key table (Chinese keys and their English aliases), the "did you mean"
 * suggestion for unknown keys, and applying the values to the model after recognition, where
 * they override whatever the text gave. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "rd_internal.h"

typedef struct {
    rd_key key;
    const char *zh, *en;
    bool repeatable;
} key_info;

static const key_info keys[RD_K_COUNT] = {
    { RD_K_COPY_NUMBER, "份号", "copy_number", false },
    { RD_K_SECRECY, "密级", "secrecy", false },
    { RD_K_URGENCY, "紧急程度", "urgency", false },
    { RD_K_ISSUER, "发文机关", "issuer", true },
    { RD_K_ISSUER_MARK, "发文机关标志", "issuer_mark", false },
    { RD_K_DOC_NUMBER, "发文字号", "doc_number", false },
    { RD_K_SIGNER, "签发人", "signer", true },
    { RD_K_TITLE, "标题", "title", false },
    { RD_K_ADDRESSEE, "主送", "addressee", false },
    { RD_K_SIGNATURE, "署名", "signature", true },
    { RD_K_DATE, "成文日期", "date", false },
    { RD_K_SEAL, "印章", "seal", true },
    { RD_K_SIGNATORY_TITLE, "职务", "signatory_title", true },
    { RD_K_SIGNATURE_STAMP, "签名章", "signature_stamp", true },
    { RD_K_SIGNATORY_NAME, "姓名", "signatory_name", true },
    { RD_K_NOTE, "附注", "note", false },
    { RD_K_CC, "抄送", "cc", false },
    { RD_K_DISTRIBUTE, "分送", "distribute", false },
    { RD_K_PRINTER, "印发机关", "printer", false },
    { RD_K_PRINT_DATE, "印发日期", "print_date", false },
    { RD_K_FORMAT, "版式", "format", false },
    { RD_K_PRESENT, "出席", "present", false },
    { RD_K_ABSENT, "请假", "absent", false },
    { RD_K_ATTENDING, "列席", "attending", false },
};

const char *rd_key_name(rd_key k)
{
    return keys[k].zh;
}

/* Decodes a UTF-8 string into code points (ASCII letters lower-cased). */
static size_t to_cps(const char *s, uint32_t **out)
{
    size_t n = strlen(s);
    *out = gw_xmalloc((n + 1) * sizeof **out);
    size_t m = 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        i += gw_utf8_decode(s + i, n - i, &cp);
        (*out)[m++] = cp < 0x80 ? (uint32_t)tolower((int)cp) : cp;
    }
    return m;
}

size_t rd_edit_distance(const char *a, const char *b)
{
    uint32_t *x, *y;
    size_t n = to_cps(a, &x), m = to_cps(b, &y);
    /* three rows: optimal string alignment counts a swap of neighbours as one edit */
    size_t *r0 = gw_xcalloc(m + 1, sizeof *r0), *r1 = gw_xcalloc(m + 1, sizeof *r1),
           *r2 = gw_xcalloc(m + 1, sizeof *r2);
    for (size_t j = 0; j <= m; j++)
        r1[j] = j;
    for (size_t i = 1; i <= n; i++) {
        r2[0] = i;
        for (size_t j = 1; j <= m; j++) {
            size_t cost = x[i - 1] != y[j - 1];
            size_t v = r1[j] + 1;
            if (r2[j - 1] + 1 < v)
                v = r2[j - 1] + 1;
            if (r1[j - 1] + cost < v)
                v = r1[j - 1] + cost;
            if (i > 1 && j > 1 && x[i - 1] == y[j - 2] && x[i - 2] == y[j - 1] && r0[j - 2] + 1 < v)
                v = r0[j - 2] + 1;
            r2[j] = v;
        }
        size_t *t = r0;
        r0 = r1;
        r1 = r2;
        r2 = t;
    }
    size_t d = r1[m];
    free(x);
    free(y);
    free(r0);
    free(r1);
    free(r2);
    return d;
}

/* English keys match case-insensitively, with `-` or a space for `_`. */
static bool en_key_eq(const char *typed, size_t n, const char *en)
{
    if (strlen(en) != n)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = (char)tolower((unsigned char)typed[i]);
        if (c == '-' || c == ' ')
            c = '_';
        if (c != en[i])
            return false;
    }
    return true;
}

static int lookup_key(const char *k, size_t n)
{
    for (int i = 0; i < RD_K_COUNT; i++) {
        if ((strlen(keys[i].zh) == n && memcmp(keys[i].zh, k, n) == 0) || en_key_eq(k, n, keys[i].en))
            return i;
    }
    return -1;
}

static const char *suggest_key(const char *k)
{
    size_t best = (size_t)-1;
    const char *name = NULL;
    size_t len = gw_utf8_count(k, strlen(k));
    for (int i = 0; i < RD_K_COUNT; i++) {
        const char *cand[2] = { keys[i].zh, keys[i].en };
        for (int c = 0; c < 2; c++) {
            size_t d = rd_edit_distance(k, cand[c]);
            if (d < best) {
                best = d;
                name = cand[c];
            }
        }
    }
    /* a suggestion that changes more than half the key is noise */
    size_t limit = len < 4 ? 1 : len / 2;
    return best <= limit ? name : NULL;
}

static bool is_fence(const rd_line *l)
{
    size_t b, e;
    rd_trim(l->s, l->len, &b, &e);
    return e - b == 3 && memcmp(l->s + b, "---", 3) == 0;
}

static void add_entry(rd_ctx *ctx, rd_key k, const char *v, size_t vn, gw_pos pos, int key_col)
{
    ctx->fm = gw_xrealloc(ctx->fm, (ctx->n_fm + 1) * sizeof *ctx->fm);
    rd_fm_entry *e = &ctx->fm[ctx->n_fm++];
    e->key = k;
    e->value = gw_strndup(v, vn);
    e->pos = pos;
    e->key_col = key_col;
    ctx->fm_set |= 1UL << k;
}

bool rd_frontmatter_read(rd_ctx *ctx)
{
    size_t i = 0;
    ctx->start = 0;
    while (i < ctx->n_lines) {
        size_t b, e;
        rd_trim(ctx->lines[i].s, ctx->lines[i].len, &b, &e);
        if (b < e)
            break;
        i++;
    }
    if (i >= ctx->n_lines || !is_fence(&ctx->lines[i]))
        return true;
    size_t open = i, close = open + 1;
    while (close < ctx->n_lines && !is_fence(&ctx->lines[close]))
        close++;
    if (close >= ctx->n_lines) {
        gw_diags_add(ctx->diags, GW_ERROR, "frontmatter-unclosed", ctx->lines[open].no, 1,
                     "front matter opened here is never closed: add a '---' line after its last key");
        return false;
    }
    bool ok = true;
    for (size_t li = open + 1; li < close && ok; li++) {
        const rd_line *l = &ctx->lines[li];
        size_t b, e;
        rd_trim(l->s, l->len, &b, &e);
        if (b == e || l->s[b] == '#') /* blank lines and # comments */
            continue;
        const char *colon = NULL;
        size_t clen = 0;
        for (size_t p = b; p < e; p++) {
            if (l->s[p] == ':') {
                colon = l->s + p;
                clen = 1;
                break;
            }
            if (rd_starts_with(l->s + p, e - p, "：")) {
                colon = l->s + p;
                clen = strlen("：");
                break;
            }
        }
        if (!colon) {
            gw_diags_add(ctx->diags, GW_ERROR, "frontmatter-syntax", l->no, rd_col(l->s, b),
                         "expected '键: 值' in the front matter (opened at line %d); "
                         "is the closing '---' missing?",
                         ctx->lines[open].no);
            ok = false;
            break;
        }
        size_t kb, ke;
        rd_trim(l->s + b, (size_t)(colon - l->s) - b, &kb, &ke);
        kb += b;
        ke += b;
        size_t vb, ve;
        size_t after = (size_t)(colon - l->s) + clen;
        rd_trim(l->s + after, e - after, &vb, &ve);
        vb += after;
        ve += after;
        char *key = gw_strndup(l->s + kb, ke - kb);
        int k = lookup_key(l->s + kb, ke - kb);
        if (k < 0) {
            const char *s = suggest_key(key);
            if (s)
                gw_diags_add(ctx->diags, GW_ERROR, "frontmatter-unknown-key", l->no, rd_col(l->s, kb),
                             "unknown key '%s' in the front matter; did you mean '%s'?", key, s);
            else
                gw_diags_add(ctx->diags, GW_ERROR, "frontmatter-unknown-key", l->no, rd_col(l->s, kb),
                             "unknown key '%s' in the front matter (see README.md, \"Input format\", "
                             "for the keys)",
                             key);
            free(key);
            ok = false;
            break;
        }
        free(key);
        /* "value" or 'value' */
        if (ve - vb >= 2 && (l->s[vb] == '"' || l->s[vb] == '\'') && l->s[ve - 1] == l->s[vb]) {
            vb++;
            ve--;
        }
        gw_pos pos = { l->no, rd_col(l->s, vb) };
        if (vb == ve) {
            gw_diags_add(ctx->diags, GW_WARNING, "frontmatter-empty-value", l->no, rd_col(l->s, kb),
                         "'%s' has no value; ignored", keys[k].zh);
            continue;
        }
        if (!keys[k].repeatable && RD_FM_HAS(ctx, k))
            gw_diags_add(ctx->diags, GW_WARNING, "frontmatter-duplicate-key", l->no, rd_col(l->s, kb),
                         "'%s' given twice in the front matter; the later value is used", keys[k].zh);
        add_entry(ctx, (rd_key)k, l->s + vb, ve - vb, pos, rd_col(l->s, kb));
    }
    if (!ok)
        return false;
    ctx->start = close + 1;

    /* 版式 is needed before recognition (命令 has 令号, 纪要 has no 发文字号). */
    for (size_t j = 0; j < ctx->n_fm; j++) {
        rd_fm_entry *en = &ctx->fm[j];
        if (en->key != RD_K_FORMAT)
            continue;
        static const struct {
            const char *name;
            gw_format f;
        } formats[] = {
            { "文件", GW_FORMAT_DOCUMENT }, { "document", GW_FORMAT_DOCUMENT },
            { "信函", GW_FORMAT_LETTER },   { "letter", GW_FORMAT_LETTER },
            { "命令", GW_FORMAT_ORDER },    { "令", GW_FORMAT_ORDER },
            { "order", GW_FORMAT_ORDER },   { "纪要", GW_FORMAT_MINUTES },
            { "minutes", GW_FORMAT_MINUTES },
        };
        bool found = false;
        for (size_t f = 0; f < sizeof formats / sizeof *formats; f++) {
            if (en_key_eq(en->value, strlen(en->value), formats[f].name) ||
                strcmp(en->value, formats[f].name) == 0) {
                ctx->format = formats[f].f;
                ctx->format_given = true;
                found = true;
            }
        }
        if (!found) {
            gw_diags_add(ctx->diags, GW_ERROR, "frontmatter-bad-format", en->pos.line, en->pos.col,
                         "unknown 版式 '%s': expected 文件, 信函, 命令 or 纪要 "
                         "(document, letter, order, minutes)",
                         en->value);
            return false;
        }
    }
    return true;
}

void rd_frontmatter_free(rd_ctx *ctx)
{
    for (size_t i = 0; i < ctx->n_fm; i++)
        free(ctx->fm[i].value);
    free(ctx->fm);
    ctx->fm = NULL;
    ctx->n_fm = 0;
}

/* ---- applying the values ---- */

/* Sets t from the front matter, with a note when it replaces a different value from the text. */
static void override(rd_ctx *ctx, gw_text *t, const char *v, gw_pos pos, rd_key k)
{
    if (t->text && t->pos.line > 0 && strcmp(t->text, v) != 0)
        gw_diags_add(ctx->diags, GW_NOTE, "frontmatter-override", pos.line, pos.col,
                     "%s '%s' from the front matter replaces '%s' read from line %d", keys[k].zh, v,
                     t->text, t->pos.line);
    gw_text_set(t, v, pos);
}

/* `2021-09-27`, `2021/9/27`, `2021.9.27`: four digits, then one or two digits twice, one
 * separator throughout, nothing else (no sign, no spaces: sscanf's %d would take both). */
static bool numeric_date(const char *v, rd_date *d)
{
    int part[3];
    char sep = 0;
    const char *p = v;
    for (int k = 0; k < 3; k++) {
        int digits = 0, val = 0, max = k == 0 ? 4 : 2;
        while (*p >= '0' && *p <= '9' && digits < max) {
            val = val * 10 + (*p++ - '0');
            digits++;
        }
        if (digits == 0 || (k == 0 && digits != 4))
            return false;
        part[k] = val;
        if (k < 2) {
            if (*p != '-' && *p != '/' && *p != '.')
                return false;
            if (k == 1 && *p != sep)
                return false;
            sep = *p++;
        }
    }
    if (*p)
        return false;
    d->year = part[0];
    d->month = part[1];
    d->day = part[2];
    d->leading_zero = false;
    return true;
}

/* A date value: `2021年9月27日`, or `2021-09-27` / `2021/9/27` / `2021.9.27`. Returns the
 * normalised date or NULL after an error. */
static char *fm_date(rd_ctx *ctx, const rd_fm_entry *en, const char *v)
{
    rd_date d;
    size_t n = strlen(v);
    bool ok = rd_parse_date(v, n, &d) && d.end == n;
    if (!ok) {
        ok = numeric_date(v, &d);
    } else if (d.leading_zero) {
        char *norm = rd_date_format(&d);
        gw_diags_add(ctx->diags, GW_WARNING, "date-leading-zero", en->pos.line, en->pos.col,
                     "date '%s' written as '%s' (no leading zeros)", v, norm);
        free(norm);
    }
    if (!ok) {
        gw_diags_add(ctx->diags, GW_ERROR, "date-invalid", en->pos.line, en->pos.col,
                     "'%s' is not a date: write it as 2021年9月27日", v);
        return NULL;
    }
    char why[80];
    if (!rd_date_valid(&d, why, sizeof why)) {
        gw_diags_add(ctx->diags, GW_ERROR, "date-invalid", en->pos.line, en->pos.col, "impossible date %d年%d月%d日: %s",
                     d.year, d.month, d.day, why);
        return NULL;
    }
    return rd_date_format(&d);
}

/* A 发文字号 value, normalised like one in the text. */
static char *fm_doc_number(rd_ctx *ctx, const rd_fm_entry *en)
{
    const char *v = en->value;
    size_t n = strlen(v);
    if (ctx->format == GW_FORMAT_ORDER)
        return gw_strdup(v); /* 令号 `第12号` keeps its 第 */
    if (ctx->format == GW_FORMAT_MINUTES && rd_starts_with(v, n, "第") && rd_ends_with(v, n, "期"))
        return gw_strdup(v); /* 纪要's 期号 `第15期` */
    rd_docno dn;
    if (!rd_find_doc_number(v, n, &dn)) {
        gw_diags_add(ctx->diags, GW_WARNING, "doc-number-form", en->pos.line, en->pos.col,
                     "发文字号 '%s' is not in the form 机关代字〔年份〕序号号 (e.g. 国办发〔2012〕1号)", v);
        return gw_strdup(v);
    }
    rd_docno_report(ctx->diags, &dn, en->pos);
    if (!dn.has_hao)
        gw_diags_add(ctx->diags, GW_WARNING, "doc-number-form", en->pos.line, en->pos.col, "发文字号 '%s' ends without 号; added", v);
    char *r = gw_strdup(dn.text);
    rd_docno_free(&dn);
    return r;
}

static void split_names(rd_ctx *ctx, const char *v, gw_pos pos)
{
    size_t n = strlen(v), b, e;
    for (size_t at = 0; rd_next_name(v, n, &at, &b, &e);) {
        char *name = gw_strndup(v + b, e - b);
        gw_document_add_signer(ctx->doc, name, (gw_pos){ pos.line, pos.col + rd_col(v, b) - 1 });
        free(name);
    }
}

/* A value of a repeatable key read from the text that the front matter's values of that key
 * replace: a note unless the front matter gives it too (nothing is dropped silently). */
static void note_replaced(rd_ctx *ctx, rd_key k, const gw_text *t)
{
    if (!t->text || t->pos.line <= 0)
        return;
    const rd_fm_entry *first = NULL;
    for (size_t j = 0; j < ctx->n_fm; j++) {
        if (ctx->fm[j].key != k)
            continue;
        if (!first)
            first = &ctx->fm[j];
        if (strcmp(ctx->fm[j].value, t->text) == 0)
            return;
    }
    if (first)
        gw_diags_add(ctx->diags, GW_NOTE, "frontmatter-override", first->pos.line,
                     first->pos.col, "%s from the front matter replaces '%s' read from line %d",
                     keys[k].zh, t->text, t->pos.line);
}

bool rd_frontmatter_apply(rd_ctx *ctx)
{
    gw_document *doc = ctx->doc;
    bool ok = true;
    /* repeatable keys replace, as a whole, what the text gave */
    if (RD_FM_HAS(ctx, RD_K_ISSUER)) {
        for (size_t i = 0; i < doc->n_issuers; i++)
            note_replaced(ctx, RD_K_ISSUER, &doc->issuers[i]);
        for (size_t i = 0; i < doc->n_issuers; i++)
            free(doc->issuers[i].text);
        doc->n_issuers = 0;
    }
    if (RD_FM_HAS(ctx, RD_K_SIGNER)) {
        for (size_t i = 0; i < doc->n_signers; i++)
            note_replaced(ctx, RD_K_SIGNER, &doc->signers[i]);
        for (size_t i = 0; i < doc->n_signers; i++)
            free(doc->signers[i].text);
        doc->n_signers = 0;
    }
    if (RD_FM_HAS(ctx, RD_K_SIGNATORY_TITLE)) {
        for (size_t i = 0; i < doc->n_signatories; i++) {
            note_replaced(ctx, RD_K_SIGNATORY_TITLE, &doc->signatories[i].title);
            free(doc->signatories[i].title.text);
            free(doc->signatories[i].stamp_image.text);
            free(doc->signatories[i].name.text);
        }
        doc->n_signatories = 0;
    }
    if (RD_FM_HAS(ctx, RD_K_SIGNATURE)) {
        for (size_t i = 0; i < doc->n_signatures; i++) {
            note_replaced(ctx, RD_K_SIGNATURE, &doc->signatures[i].issuer);
            free(doc->signatures[i].issuer.text);
            free(doc->signatures[i].seal_image.text);
        }
        doc->n_signatures = 0;
    }
    for (size_t j = 0; j < ctx->n_fm; j++) {
        const rd_fm_entry *en = &ctx->fm[j];
        const char *v = en->value;
        gw_pos pos = en->pos;
        char *tmp = NULL;
        switch (en->key) {
        case RD_K_COPY_NUMBER: {
            size_t n = strlen(v), d = 0;
            while (d < n && v[d] >= '0' && v[d] <= '9')
                d++;
            if (d != n || n != 6)
                gw_diags_add(ctx->diags, GW_WARNING, "copy-number-form", pos.line, pos.col,
                             "份号 '%s' should be 6 Arabic digits (e.g. 000001)", v);
            override(ctx, &doc->copy_number, v, pos, en->key);
            break;
        }
        case RD_K_SECRECY: override(ctx, &doc->secrecy, v, pos, en->key); break;
        case RD_K_URGENCY: override(ctx, &doc->urgency, v, pos, en->key); break;
        case RD_K_ISSUER: gw_document_add_issuer(doc, v, pos); break;
        case RD_K_ISSUER_MARK: override(ctx, &doc->issuer_mark, v, pos, en->key); break;
        case RD_K_DOC_NUMBER:
            tmp = fm_doc_number(ctx, en);
            override(ctx, &doc->doc_number, tmp, pos, en->key);
            break;
        case RD_K_SIGNER: split_names(ctx, v, pos); break;
        case RD_K_TITLE: {
            /* a space between two Chinese characters is where the writer wants the title to
             * break: kept as a preferred break, as for a title read from the text */
            gw_buf t;
            gw_buf_init(&t);
            gw_breaks_free(&doc->title_breaks); /* the text's breaks belong to its own title */
            rd_strip_spaces_breaks(v, strlen(v), &t, NULL, &doc->title_breaks);
            override(ctx, &doc->title, t.data ? t.data : "", pos, en->key);
            gw_buf_free(&t);
            break;
        }
        case RD_K_ADDRESSEE: {
            size_t n = strlen(v);
            if (rd_ends_with(v, n, "："))
                n -= strlen("：");
            else if (rd_ends_with(v, n, ":"))
                n--;
            tmp = gw_strndup(v, n);
            override(ctx, &doc->addressee, tmp, pos, en->key);
            break;
        }
        case RD_K_SIGNATURE: gw_document_add_signature(doc, v, pos); break;
        case RD_K_DATE:
            tmp = fm_date(ctx, en, v);
            if (!tmp)
                ok = false;
            else
                override(ctx, &doc->date, tmp, pos, en->key);
            break;
        case RD_K_SEAL: break; /* applied below, once 署名 are all known */
        case RD_K_SIGNATORY_TITLE: gw_document_add_signatory(doc, v, pos); break;
        case RD_K_SIGNATURE_STAMP: break; /* applied below, once 职务 are all known */
        case RD_K_SIGNATORY_NAME: break;  /* (so are the names) */
        case RD_K_NOTE: {
            size_t n = strlen(v);
            const char *p = v;
            if ((rd_starts_with(v, n, "（") && rd_ends_with(v, n, "）")) && n >= 2 * strlen("（")) {
                p += strlen("（");
                n -= 2 * strlen("（");
            } else if (n >= 2 && v[0] == '(' && v[n - 1] == ')') {
                p++;
                n -= 2;
            }
            tmp = gw_strndup(p, n);
            override(ctx, &doc->note, tmp, pos, en->key);
            break;
        }
        case RD_K_CC: {
            bool changed;
            tmp = rd_cc_with_full_stop(v, &changed);
            if (changed)
                gw_diags_add(ctx->diags, GW_WARNING, "cc-end-punct", pos.line, pos.col, "抄送 must end with '。'; added it");
            override(ctx, &doc->colophon.cc, tmp, pos, en->key);
            break;
        }
        case RD_K_DISTRIBUTE: override(ctx, &doc->colophon.distribute, v, pos, en->key); break;
        case RD_K_PRINTER: override(ctx, &doc->colophon.printer, v, pos, en->key); break;
        case RD_K_PRINT_DATE: {
            size_t n = strlen(v);
            char *d = gw_strndup(v, rd_ends_with(v, n, "印发") ? n - strlen("印发") : n);
            size_t b, e;
            rd_trim(d, strlen(d), &b, &e);
            d[e] = '\0';
            rd_fm_entry copy = *en;
            tmp = fm_date(ctx, &copy, d + b);
            free(d);
            if (!tmp)
                ok = false;
            else
                override(ctx, &doc->colophon.print_date, tmp, pos, en->key);
            break;
        }
        case RD_K_FORMAT: doc->format = ctx->format; break;
        case RD_K_PRESENT: override(ctx, &doc->attendance.present, v, pos, en->key); break;
        case RD_K_ABSENT: override(ctx, &doc->attendance.absent, v, pos, en->key); break;
        case RD_K_ATTENDING: override(ctx, &doc->attendance.attending, v, pos, en->key); break;
        case RD_K_COUNT: break;
        }
        free(tmp);
    }
    /* 印章 go to the 署名 in order */
    size_t s = 0;
    for (size_t j = 0; j < ctx->n_fm; j++) {
        const rd_fm_entry *en = &ctx->fm[j];
        if (en->key != RD_K_SEAL)
            continue;
        if (s >= doc->n_signatures) {
            gw_diags_add(ctx->diags, GW_ERROR, "seal-without-signature", en->pos.line, en->pos.col,
                         "印章 %zu has no 署名 to go with (there %s %zu 署名)", s + 1,
                         doc->n_signatures == 1 ? "is" : "are", doc->n_signatures);
            ok = false;
            break;
        }
        gw_text_set(&doc->signatures[s].seal_image, en->value, en->pos);
        s++;
    }
    /* 签名章 go to the 职务 in order */
    size_t t = 0;
    for (size_t j = 0; j < ctx->n_fm && ok; j++) {
        const rd_fm_entry *en = &ctx->fm[j];
        if (en->key != RD_K_SIGNATURE_STAMP)
            continue;
        if (t >= doc->n_signatories) {
            gw_diags_add(ctx->diags, GW_ERROR, "stamp-without-title", en->pos.line, en->pos.col,
                         "签名章 %zu has no 职务 to go with (there %s %zu 职务): give the "
                         "signatory's title (职务) for each 签名章, in the same order", t + 1,
                         doc->n_signatories == 1 ? "is" : "are", doc->n_signatories);
            ok = false;
            break;
        }
        gw_text_set(&doc->signatories[t].stamp_image, en->value, en->pos);
        t++;
    }
    /* 姓名 go to the 职务 in order: printed where a 签名章 would be, when there is none */
    size_t m = 0;
    for (size_t j = 0; j < ctx->n_fm && ok; j++) {
        const rd_fm_entry *en = &ctx->fm[j];
        if (en->key != RD_K_SIGNATORY_NAME)
            continue;
        if (m >= doc->n_signatories) {
            gw_diags_add(ctx->diags, GW_ERROR, "name-without-title", en->pos.line, en->pos.col,
                         "姓名 %zu has no 职务 to go with (there %s %zu 职务): give the "
                         "signatory's title (职务) for each 姓名, in the same order", m + 1,
                         doc->n_signatories == 1 ? "is" : "are", doc->n_signatories);
            ok = false;
            break;
        }
        gw_text_set(&doc->signatories[m].name, en->value, en->pos);
        m++;
    }
    return ok;
}
