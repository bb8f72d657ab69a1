/* decode.c: bytes to UTF-8 lines. Owns the encoding decision (UTF-8 with or without BOM,
 * else GB18030/GBK through iconv), line endings (LF, CRLF, CR), and the refusal of what is not
 * text at all (NUL bytes, control characters, bytes that are neither encoding), each with the
 * position of the offending byte. */
#include <errno.h>
#include <iconv.h>
#include <string.h>

#include "rd_internal.h"

/* Line and column (in characters, invalid bytes counting one each) of byte off. */
static void position_of(const char *s, size_t off, int *line, int *col)
{
    int l = 1;
    size_t bol = 0;
    for (size_t i = 0; i < off; i++) {
        if (s[i] == '\n' || (s[i] == '\r' && (i + 1 >= off || s[i + 1] != '\n'))) {
            l++;
            bol = i + 1;
        }
    }
    *line = l;
    *col = (int)gw_utf8_count(s + bol, off - bol) + 1;
}

/* Offset of the first byte that does not start a valid UTF-8 sequence. */
static size_t first_invalid_utf8(const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t k = gw_utf8_decode(s + i, n - i, &cp);
        if (cp == 0xFFFD && !(k == 3 && (unsigned char)s[i] == 0xEF))
            return i;
        i += k;
    }
    return n;
}

/* GB18030 (a superset of GBK and GB2312) to UTF-8. NULL if the bytes are not GB18030. */
static char *from_gb18030(const char *data, size_t len, size_t *out_len)
{
    iconv_t cd = iconv_open("UTF-8", "GB18030");
    if (cd == (iconv_t)-1)
        return NULL;
    size_t cap = len * 2 + 16;
    char *out = gw_xmalloc(cap);
    char *in = (char *)data, *o = out;
    size_t in_left = len, out_left = cap - 1;
    bool ok = true;
    while (in_left > 0) {
        if (iconv(cd, &in, &in_left, &o, &out_left) != (size_t)-1)
            continue;
        if (errno == E2BIG) {
            size_t used = (size_t)(o - out);
            cap *= 2;
            out = gw_xrealloc(out, cap);
            o = out + used;
            out_left = cap - used - 1;
            continue;
        }
        ok = false; /* EILSEQ or EINVAL (truncated at the end) */
        break;
    }
    if (ok && iconv(cd, NULL, NULL, &o, &out_left) == (size_t)-1)
        ok = false;
    iconv_close(cd);
    if (!ok) {
        free(out);
        return NULL;
    }
    *out_len = (size_t)(o - out);
    out[*out_len] = '\0';
    return out;
}

/* GB18030 accepts many byte strings; real Chinese text maps almost nowhere into the private
 * use area, random bytes often do. */
static bool plausible_text(const char *s, size_t n)
{
    size_t chars = 0, pua = 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        i += gw_utf8_decode(s + i, n - i, &cp);
        chars++;
        pua += (cp >= 0xE000 && cp <= 0xF8FF);
    }
    return pua * 20 <= chars;
}

static bool is_bad_control(uint32_t c)
{
    if (c < 0x20)
        return c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v';
    return c == 0x7F || (c >= 0x80 && c <= 0x9F);
}

bool rd_decode(rd_ctx *ctx, const char *data, size_t len)
{
    gw_diags *dg = ctx->diags;
    const unsigned char *u = (const unsigned char *)data;
    int line, col;
    if (len == 0) {
        gw_diags_add(dg, GW_ERROR, "input-empty", 1, 1, "empty document");
        return false;
    }
    if (len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF))) {
        gw_diags_add(dg, GW_ERROR, "input-encoding", 1, 1, "the input is UTF-16 text; save it as UTF-8");
        return false;
    }
    const char *nul = memchr(data, '\0', len);
    if (nul) {
        position_of(data, (size_t)(nul - data), &line, &col);
        gw_diags_add(dg, GW_ERROR, "input-binary", line, col, "NUL byte in the input: this is not a text file");
        return false;
    }

    char *text;
    size_t n;
    if (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
        data += 3;
        len -= 3;
    }
    if (gw_utf8_valid(data, len)) {
        text = gw_strndup(data, len);
        n = len;
    } else {
        text = from_gb18030(data, len, &n);
        if (!text || !plausible_text(text, n)) {
            free(text);
            size_t bad = first_invalid_utf8(data, len);
            position_of(data, bad, &line, &col);
            gw_diags_add(dg, GW_ERROR, "input-encoding", line, col,
                         "the input is neither UTF-8 nor GB18030 text (byte 0x%02X); "
                         "is this a text file?",
                         (unsigned)(unsigned char)data[bad]);
            return false;
        }
        free(ctx->doc->encoding);
        ctx->doc->encoding = gw_strdup("GB18030");
        gw_diags_add(dg, GW_NOTE, "input-gb18030", 0, 0, "the input is not UTF-8; read it as GB18030 and converted it to UTF-8");
        if (n >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) { /* a BOM written in GB18030 */
            memmove(text, text + 3, n - 3 + 1);
            n -= 3;
        }
    }

    /* Control characters mean a binary file (or a damaged one); refuse rather than guess. */
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t k = gw_utf8_decode(text + i, n - i, &cp);
        if (is_bad_control(cp)) {
            position_of(text, i, &line, &col);
            gw_diags_add(dg, GW_ERROR, "input-binary", line, col,
                         "control character U+%04X in the input: this is not a text file",
                         (unsigned)cp);
            free(text);
            return false;
        }
        i += k;
    }

    /* CRLF and lone CR to LF, in place. */
    size_t w = 0;
    for (size_t i = 0; i < n; i++) {
        if (text[i] == '\r') {
            text[w++] = '\n';
            if (i + 1 < n && text[i + 1] == '\n')
                i++;
        } else {
            text[w++] = text[i];
        }
    }
    n = w;
    text[n] = '\0';

    size_t count = 1;
    for (size_t i = 0; i < n; i++)
        count += text[i] == '\n';
    ctx->lines = gw_xcalloc(count, sizeof *ctx->lines);
    size_t li = 0, bol = 0;
    bool any = false;
    for (size_t i = 0; i <= n; i++) {
        if (i < n && text[i] != '\n')
            continue;
        if (i == n && bol == n && li > 0)
            break; /* the final newline does not start another line */
        text[i] = '\0';
        rd_line *l = &ctx->lines[li];
        l->s = text + bol;
        l->len = i - bol;
        l->no = (int)li + 1;
        size_t b, e;
        rd_trim(l->s, l->len, &b, &e);
        any |= b < e;
        li++;
        bol = i + 1;
    }
    ctx->n_lines = li;
    ctx->text = text;
    ctx->text_len = n;
    if (!any) {
        gw_diags_add(dg, GW_ERROR, "input-empty", 1, 1, "empty document");
        return false;
    }
    return true;
}
