/* gw_pdf_font.c: subsets and embeds the faces a page list uses (see gw_pdf_font.h).
 *
 * Owns: the glyph bookkeeping per face, the font program (a CFF of the simplified outlines
 * drawn through gw_outline, or the hb-subset plan and its execution with the CFF charset
 * rewrite), the ToUnicode CMaps, the deflating of font programs, the threads that prepare faces
 * in parallel, and the font objects written through libharu's object layer (hpdf_objects.h):
 * Type0 → CIDFont → FontDescriptor → font program. libharu's own font API is not used: it
 * embeds whole fonts, rejects CFF and writes a malformed ToUnicode map. */
#include "gw_pdf_font.h"
#include "gw_outline.h"

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <hb-ot.h>
#include <hb-subset.h>
#include <hpdf_doc.h>
#include <hpdf_objects.h>
#include <hpdf_streams.h>
#include <zlib.h>

#define TAG_CFF HB_TAG('C', 'F', 'F', ' ')
#define TAG_CFF2 HB_TAG('C', 'F', 'F', '2')

static const char *family(const gw_pdf_font *f)
{
    return f->face && f->face->family ? f->face->family : "?";
}

void gw_pdf_fonts_init(gw_pdf_fonts *pf, const gw_fontset *fs, gw_diags *diags)
{
    memset(pf, 0, sizeof *pf);
    pf->diags = diags;
    pf->n_fonts = fs ? gw_fontset_n_faces(fs) : 0;
    pf->fonts = gw_xcalloc(pf->n_fonts ? pf->n_fonts : 1, sizeof *pf->fonts);
    for (size_t i = 0; i < pf->n_fonts; i++) {
        gw_pdf_font *f = &pf->fonts[i];
        f->face = gw_fontset_face(fs, (int)i);
        f->index = (int)i;
        gw_buf_init(&f->program);
        gw_buf_init(&f->tounicode);
        gw_buf_init(&f->cidtogid);
        gw_buf_init(&f->texts);
    }
}

void gw_pdf_fonts_free(gw_pdf_fonts *pf)
{
    for (size_t i = 0; i < pf->n_fonts; i++) {
        gw_pdf_font *f = &pf->fonts[i];
        free(f->slots);
        free(f->missing);
        free(f->missing_index);
        gw_buf_free(&f->texts);
        gw_buf_free(&f->cidtogid);
        free(f->widths);
        free(f->error);
        hb_set_destroy(f->used);
        gw_buf_free(&f->program);
        gw_buf_free(&f->tounicode);
    }
    free(pf->fonts);
    memset(pf, 0, sizeof *pf);
}

static uint32_t text_hash(const char *text, uint32_t n)
{
    uint32_t h = 2166136261u;
    for (uint32_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)text[i]) * 16777619u;
    return h;
}

static const char *font_text(const gw_pdf_font *f, uint32_t at)
{
    return (const char *)f->texts.data + at;
}

/* Keeps a copy of text[0..n) in f's texts; returns where. */
static uint32_t keep_text(gw_pdf_font *f, const char *text, uint32_t n)
{
    uint32_t at = (uint32_t)f->texts.len;
    gw_buf_append(&f->texts, text, n);
    return at;
}

/* The position of text among f's missing texts; -1 if absent. */
static long missing_lookup(const gw_pdf_font *f, const char *text, uint32_t n)
{
    if (!f->cap_index)
        return -1;
    size_t mask = f->cap_index - 1;
    for (size_t at = text_hash(text, n) & mask;; at = (at + 1) & mask) {
        uint32_t e = f->missing_index[at];
        if (!e)
            return -1;
        const gw_pdf_missing *m = &f->missing[e - 1];
        if (m->n_bytes == n && memcmp(font_text(f, m->text_at), text, n) == 0)
            return (long)e - 1;
    }
}

static void missing_add(gw_pdf_font *f, const char *text, uint32_t n)
{
    if (missing_lookup(f, text, n) >= 0)
        return;
    if (2 * (f->n_missing + 1) > f->cap_index) { /* keep the index at most half full */
        size_t cap = f->cap_index ? f->cap_index * 2 : 16;
        uint32_t *index = gw_xcalloc(cap, sizeof *index);
        for (size_t i = 0; i < f->n_missing; i++) {
            size_t at = text_hash(font_text(f, f->missing[i].text_at), f->missing[i].n_bytes) &
                        (cap - 1);
            while (index[at])
                at = (at + 1) & (cap - 1);
            index[at] = (uint32_t)i + 1;
        }
        free(f->missing_index);
        f->missing_index = index;
        f->cap_index = cap;
    }
    if (f->n_missing == f->cap_missing) {
        f->cap_missing = f->cap_missing ? f->cap_missing * 2 : 8;
        f->missing = gw_xrealloc(f->missing, f->cap_missing * sizeof *f->missing);
    }
    size_t at = text_hash(text, n) & (f->cap_index - 1);
    while (f->missing_index[at])
        at = (at + 1) & (f->cap_index - 1);
    f->missing[f->n_missing] = (gw_pdf_missing){ keep_text(f, text, n), n };
    f->missing_index[at] = (uint32_t)++f->n_missing;
}

bool gw_pdf_fonts_use(gw_pdf_fonts *pf, int face, uint32_t gid, double size, const char *text,
                      uint32_t n_bytes)
{
    if (face < 0 || (size_t)face >= pf->n_fonts || !pf->fonts[face].face ||
        !pf->fonts[face].face->hb_face) {
        if (pf->diags)
            gw_diags_add(pf->diags, GW_ERROR, "internal", 0, 0,
                         "PDF: a glyph run refers to face %d, but the font set has %zu faces",
                         face, pf->n_fonts);
        return false;
    }
    gw_pdf_font *f = &pf->fonts[face];
    if (!f->slots) {
        f->n_src_glyphs = hb_face_get_glyph_count(f->face->hb_face);
        /* One slot per glyph of the face: a CJK face has up to 65535, but calloc'd pages that
         * are never touched cost nothing, and lookups stay O(1) with no per-glyph malloc. */
        f->slots = gw_xcalloc(f->n_src_glyphs ? f->n_src_glyphs : 1, sizeof *f->slots);
        f->used = hb_set_create();
    }
    if (gid >= f->n_src_glyphs) {
        if (pf->diags)
            gw_diags_add(pf->diags, GW_ERROR, "internal", 0, 0, "PDF: glyph %u is not in %s (%u glyphs)",
                         (unsigned)gid, family(f), f->n_src_glyphs);
        return false;
    }
    hb_set_add(f->used, gid);
    if (size > f->max_size)
        f->max_size = size;
    /* A ToUnicode entry holds a few characters at most (xpdf and poppler keep 8 and drop a
     * longer one): a glyph that stands for more (a cluster of many marks) is not mapped, and
     * the page gives its text with /ActualText instead. */
    if (n_bytes > GW_PDF_TOUNICODE_MAX && gw_utf8_count(text, n_bytes) > GW_PDF_TOUNICODE_MAX)
        return true;
    if (gid == 0 && n_bytes > 0) {
        /* .notdef stands for every character no font has: each gets a CID of its own */
        missing_add(f, text, n_bytes);
        return true;
    }
    /* The first text a glyph stands for wins: a ToUnicode map has one entry per glyph. */
    if (n_bytes > 0 && !f->slots[gid].n_bytes) {
        f->slots[gid].text_at = keep_text(f, text, n_bytes);
        f->slots[gid].n_bytes = n_bytes;
    }
    return true;
}

unsigned gw_pdf_font_cid(const gw_pdf_font *f, uint32_t gid, const char *text, uint32_t n_bytes,
                         bool *mapped)
{
    if (gid == 0 && n_bytes > 0 && f->n_extra) {
        long k = missing_lookup(f, text, n_bytes);
        if (k >= 0) {
            *mapped = true;
            return f->n_cids + (unsigned)k;
        }
    }
    const gw_pdf_glyph_slot *s = &f->slots[gid];
    *mapped = n_bytes == 0 ||
              (s->n_bytes == n_bytes && memcmp(font_text(f, s->text_at), text, n_bytes) == 0);
    return s->new_gid;
}

/* ---- reading font tables ----------------------------------------------------------------- */

static unsigned rd_u16(const unsigned char *p)
{
    return (unsigned)p[0] << 8 | p[1];
}

static int rd_s16(const unsigned char *p)
{
    return (int16_t)(uint16_t)rd_u16(p);
}

static uint32_t rd_u32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void wr_u16(unsigned char *p, unsigned v)
{
    p[0] = (unsigned char)(v >> 8);
    p[1] = (unsigned char)v;
}

/* ---- CFF: make CID n name glyph n ----------------------------------------------------------
 * hb-subset keeps a CID-keyed CFF CID-keyed and keeps each glyph's original CID in the charset.
 * A reader of CIDFontType0C (and FreeType on bare CFF) maps CIDs through that charset, one of
 * /OpenType does not; rewriting the charset to the identity, in place, makes CID = glyph id for
 * every reader. The identity charset of the same format never needs more bytes than the one
 * hb-subset wrote (format 0 is the same size; ranges only get fewer). */

typedef struct {
    const unsigned char *p;
    size_t len;
} cff_span;

/* Reads the INDEX at *pos: its count and the span of element 0; advances *pos past it. */
static bool cff_index(const unsigned char *cff, size_t len, size_t *pos, unsigned *count,
                      cff_span *first)
{
    if (*pos + 2 > len)
        return false;
    *count = rd_u16(cff + *pos);
    if (*count == 0) {
        *pos += 2;
        first->p = NULL;
        first->len = 0;
        return true;
    }
    if (*pos + 3 > len)
        return false;
    unsigned off_size = cff[*pos + 2];
    if (off_size < 1 || off_size > 4)
        return false;
    size_t offs = *pos + 3;
    if (offs + (size_t)(*count + 1) * off_size > len)
        return false;
    size_t data = offs + (size_t)(*count + 1) * off_size - 1; /* offsets are 1-based */
    uint32_t o[2];
    for (int k = 0; k < 2; k++) {
        size_t at = offs + (k == 0 ? 0 : (size_t)1 * off_size);
        uint32_t v = 0;
        for (unsigned b = 0; b < off_size; b++)
            v = v << 8 | cff[at + b];
        o[k] = v;
    }
    uint32_t last = 0;
    for (unsigned b = 0; b < off_size; b++)
        last = last << 8 | cff[offs + (size_t)*count * off_size + b];
    if (o[0] < 1 || o[1] < o[0] || data + last > len)
        return false;
    first->p = cff + data + o[0];
    first->len = o[1] - o[0];
    *pos = data + last;
    return true;
}

typedef struct {
    bool cid_keyed;
    long charset;
    long charstrings;
    long fdselect;
    /* where in the Top DICT the 4 value bytes of each offset are, when it is written as a
     * 5-byte integer (hb-subset writes them so) and can be patched in place; else -1 */
    long charset_at, charstrings_at, fdselect_at;
} cff_top;

static bool cff_top_dict(cff_span d, cff_top *top)
{
    double ops[48];
    long at[48]; /* each operand's 4 bytes if it is a 5-byte integer, else -1 */
    int n = 0;
    top->cid_keyed = false;
    top->charset = 0;
    top->charstrings = -1;
    top->fdselect = -1;
    top->charset_at = top->charstrings_at = top->fdselect_at = -1;
    size_t i = 0;
    while (i < d.len) {
        unsigned b0 = d.p[i];
        if (b0 <= 21) { /* operator */
            unsigned op = b0;
            i++;
            if (b0 == 12) {
                if (i >= d.len)
                    return false;
                op = 1200 + d.p[i++];
            }
            if (op == 1230) { /* ROS */
                top->cid_keyed = true;
            } else if (op == 15 && n >= 1) {
                top->charset = (long)ops[0];
                top->charset_at = at[0];
            } else if (op == 17 && n >= 1) {
                top->charstrings = (long)ops[0];
                top->charstrings_at = at[0];
            } else if (op == 1237 && n >= 1) {
                top->fdselect = (long)ops[0];
                top->fdselect_at = at[0];
            }
            n = 0;
            continue;
        }
        long five = b0 == 29 ? (long)i + 1 : -1;
        double v;
        if (b0 == 28) {
            if (i + 3 > d.len)
                return false;
            v = rd_s16(d.p + i + 1);
            i += 3;
        } else if (b0 == 29) {
            if (i + 5 > d.len)
                return false;
            v = (int32_t)rd_u32(d.p + i + 1);
            i += 5;
        } else if (b0 == 30) { /* real: nibbles up to 0xf; its value is never an offset */
            i++;
            while (i < d.len && (d.p[i] & 0x0f) != 0x0f && (d.p[i] >> 4) != 0x0f)
                i++;
            i++;
            v = 0;
        } else if (b0 >= 32 && b0 <= 246) {
            v = (int)b0 - 139;
            i++;
        } else if (b0 >= 247 && b0 <= 250) {
            if (i + 2 > d.len)
                return false;
            v = ((int)b0 - 247) * 256 + d.p[i + 1] + 108;
            i += 2;
        } else if (b0 >= 251 && b0 <= 254) {
            if (i + 2 > d.len)
                return false;
            v = -((int)b0 - 251) * 256 - d.p[i + 1] - 108;
            i += 2;
        } else {
            return false;
        }
        if (n < 48) {
            at[n] = five;
            ops[n++] = v;
        }
    }
    return true;
}

/* Rewrites the charset of a CID-keyed CFF to CID = glyph id. Returns false if malformed. */
static bool cff_identity_charset(unsigned char *cff, size_t len, unsigned *n_glyphs_out)
{
    if (len < 4 || cff[0] != 1)
        return false;
    size_t pos = cff[2];
    unsigned count;
    cff_span name, top_dict;
    if (!cff_index(cff, len, &pos, &count, &name) ||
        !cff_index(cff, len, &pos, &count, &top_dict) || count < 1)
        return false;
    cff_top top;
    if (!cff_top_dict(top_dict, &top) || top.charstrings <= 0 || (size_t)top.charstrings >= len)
        return false;
    size_t cs = (size_t)top.charstrings;
    unsigned n_glyphs;
    cff_span first;
    if (!cff_index(cff, len, &cs, &n_glyphs, &first))
        return false;
    *n_glyphs_out = n_glyphs;
    if (!top.cid_keyed || n_glyphs < 2)
        return true;
    if (top.charset <= 2 || (size_t)top.charset >= len)
        return false;
    unsigned char *cs_p = cff + top.charset;
    size_t room = len - (size_t)top.charset;
    unsigned want = n_glyphs - 1; /* glyphs after .notdef */
    switch (cs_p[0]) {
    case 0:
        if (room < 1 + 2 * (size_t)want)
            return false;
        for (unsigned g = 1; g <= want; g++)
            wr_u16(cs_p + 1 + 2 * (size_t)(g - 1), g);
        return true;
    case 1:
    case 2: {
        size_t range = cs_p[0] == 1 ? 3 : 4;
        size_t end = 1;
        for (unsigned covered = 0; covered < want; end += range) {
            if (end + range > room)
                return false;
            covered += (cs_p[0] == 1 ? cs_p[end + 2] : rd_u16(cs_p + end + 2)) + 1u;
        }
        size_t at = 1;
        unsigned max_left = cs_p[0] == 1 ? 255 : 65535;
        for (unsigned g = 1; g <= want;) {
            unsigned left = want - g < max_left ? want - g : max_left;
            if (at + range > end)
                return false;
            wr_u16(cs_p + at, g);
            if (cs_p[0] == 1)
                cs_p[at + 2] = (unsigned char)left;
            else
                wr_u16(cs_p + at + 2, left);
            at += range;
            g += left + 1;
        }
        return true;
    }
    default:
        return false;
    }
}

/* ---- CFF: a glyph of its own for each missing character -------------------------------------
 * Each character no font has is drawn with .notdef; for its ToUnicode entry to give that
 * character back it needs a CID of its own, and a CID a CFF charset lacks is not drawn at all
 * (poppler, MuPDF). So a CID-keyed subset gets k more glyphs, copies of .notdef: a new
 * CharStrings INDEX (the old charstrings, then the copies), a new identity charset and a new
 * FDSelect (the copies use .notdef's Font DICT) are appended after the end, and the Top DICT's
 * three offsets, 5-byte integers in hb-subset's output, are patched in place to point at them.
 * The old structures stay as unused bytes. The charstrings are desubroutinised, so a copy
 * calls no subroutine of another Font DICT. */

static uint32_t rd_off(const unsigned char *p, unsigned size)
{
    uint32_t v = 0;
    for (unsigned b = 0; b < size; b++)
        v = v << 8 | p[b];
    return v;
}

/* Appends the FDSelect ranges (format 3, without the sentinel) of the old FDSelect at pos for
 * n glyphs to out; *fd0 = the Font DICT of glyph 0, *n_ranges their count. */
static bool cff_fdselect_ranges(const unsigned char *cff, size_t len, size_t pos, unsigned n,
                                gw_buf *out, unsigned *n_ranges, unsigned *fd0)
{
    *n_ranges = 0;
    if (pos >= len)
        return false;
    if (cff[pos] == 0) {
        if (pos + 1 + n > len)
            return false;
        for (unsigned g = 0; g < n; g++) {
            unsigned fd = cff[pos + 1 + g];
            if (g == 0 || fd != cff[pos + g]) {
                gw_buf_put_be(out, g, 2);
                gw_buf_put_be(out, fd, 1);
                ++*n_ranges;
            }
        }
    } else if (cff[pos] == 3) {
        if (pos + 3 > len)
            return false;
        unsigned nr = rd_u16(cff + pos + 1);
        if (nr == 0 || pos + 3 + 3 * (size_t)nr + 2 > len || rd_u16(cff + pos + 3) != 0)
            return false;
        gw_buf_append(out, cff + pos + 3, 3 * (size_t)nr);
        *n_ranges = nr;
    } else {
        return false;
    }
    *fd0 = out->len >= 3 ? (unsigned char)out->data[2] : 0;
    return *n_ranges > 0;
}

/* Adds k copies of .notdef to the CID-keyed CFF in cff (its charset the identity already):
 * glyphs n..n+k-1, where n is the old glyph count. false (cff unchanged) when the font is not
 * CID-keyed or not laid out as expected. */
static bool cff_add_notdefs(gw_buf *cff, unsigned k)
{
    const unsigned char *c = (const unsigned char *)cff->data;
    size_t len = cff->len;
    if (len < 4 || c[0] != 1)
        return false;
    size_t pos = c[2];
    unsigned count;
    cff_span name, top_dict;
    if (!cff_index(c, len, &pos, &count, &name) || !cff_index(c, len, &pos, &count, &top_dict) ||
        count < 1)
        return false;
    cff_top top;
    if (!cff_top_dict(top_dict, &top) || !top.cid_keyed || top.charset_at < 0 ||
        top.charstrings_at < 0 || top.fdselect_at < 0 || top.charstrings <= 0 ||
        top.fdselect <= 0 || (size_t)top.charstrings >= len)
        return false;
    /* the old CharStrings INDEX */
    size_t cs = (size_t)top.charstrings, end = cs;
    unsigned n;
    cff_span notdef;
    if (!cff_index(c, len, &end, &n, &notdef) || n < 1 || n + k > 65535)
        return false;
    unsigned off_size = c[cs + 2];
    const unsigned char *offs = c + cs + 3;
    size_t data = cs + 3 + (size_t)(n + 1) * off_size - 1;

    gw_buf add;
    gw_buf_init(&add);
    /* charset, format 2: glyphs 1..n+k-1 are CIDs 1..n+k-1 */
    size_t charset_at = len;
    gw_buf_put_be(&add, 2, 1);
    gw_buf_put_be(&add, 1, 2);
    gw_buf_put_be(&add, n + k - 2, 2);
    /* FDSelect, format 3 */
    size_t fdselect_at = len + add.len;
    gw_buf ranges;
    gw_buf_init(&ranges);
    unsigned n_ranges, fd0;
    bool ok = cff_fdselect_ranges(c, len, (size_t)top.fdselect, n, &ranges, &n_ranges, &fd0);
    if (ok) {
        gw_buf_put_be(&add, 3, 1);
        gw_buf_put_be(&add, n_ranges + 1, 2);
        gw_buf_append(&add, ranges.data, ranges.len);
        gw_buf_put_be(&add, n, 2);
        gw_buf_put_be(&add, fd0, 1);
        gw_buf_put_be(&add, n + k, 2); /* sentinel */
    }
    gw_buf_free(&ranges);
    /* CharStrings: the old ones, then k copies of .notdef; 4-byte offsets */
    size_t charstrings_at = len + add.len;
    uint32_t last = rd_off(offs + (size_t)n * off_size, off_size);
    if (ok) {
        gw_buf_put_be(&add, n + k, 2);
        gw_buf_put_be(&add, 4, 1);
        for (unsigned g = 0; g <= n; g++)
            gw_buf_put_be(&add, rd_off(offs + (size_t)g * off_size, off_size), 4);
        for (unsigned j = 1; j <= k; j++)
            gw_buf_put_be(&add, last + (uint32_t)(j * notdef.len), 4);
        gw_buf_append(&add, c + data + 1, last - 1);
        for (unsigned j = 0; j < k; j++)
            gw_buf_append(&add, notdef.p, notdef.len);
    }
    if (ok && len + add.len <= 0x7FFFFFFF) {
        size_t top_off = (size_t)(top_dict.p - c);
        gw_buf_append(cff, add.data, add.len); /* c is stale from here */
        unsigned char *u = (unsigned char *)cff->data;
        const struct { long at; size_t v; } patch[] = {
            { top.charset_at, charset_at }, { top.fdselect_at, fdselect_at },
            { top.charstrings_at, charstrings_at },
        };
        for (size_t i = 0; i < 3; i++) {
            unsigned char *p = u + top_off + (size_t)patch[i].at;
            for (int b = 0; b < 4; b++)
                p[b] = (unsigned char)(patch[i].v >> (24 - 8 * b));
        }
    } else {
        ok = false;
    }
    gw_buf_free(&add);
    return ok;
}

/* ---- names -------------------------------------------------------------------------------- */

/* The PostScript name, reduced to the characters a PDF name and a font name may hold. */
static void ps_name(const gw_face *face, char *out, size_t cap)
{
    char raw[128];
    unsigned len = sizeof raw;
    raw[0] = '\0';
    hb_ot_name_get_utf8(face->hb_face, HB_OT_NAME_ID_POSTSCRIPT_NAME, HB_LANGUAGE_INVALID, &len,
                        raw);
    if (!raw[0] && face->family)
        snprintf(raw, sizeof raw, "%s", face->family);
    size_t n = 0;
    for (const char *s = raw; *s && n + 1 < cap; s++) {
        unsigned char c = (unsigned char)*s;
        if (c > 32 && c < 127 && !strchr("[](){}<>/%#", c))
            out[n++] = (char)c;
    }
    if (n == 0)
        n = (size_t)snprintf(out, cap, "Font");
    out[n] = '\0';
}

/* The six-letter subset tag, from the name and the glyph set so that a run is reproducible. */
/* The subset tag: a hash of the name, the glyphs and how their outlines were made (tolerance
 * in font units, 0 = exact), so that two different programs never share a tag. */
static void subset_tag(const char *name, const hb_set_t *used, double tolerance, char tag[7])
{
    uint64_t h = 1469598103934665603ull;
    h = (h ^ (uint64_t)llround(tolerance * 1000)) * 1099511628211ull;
    for (const char *s = name; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    hb_codepoint_t g = HB_SET_VALUE_INVALID;
    while (hb_set_next(used, &g))
        h = (h ^ g) * 1099511628211ull;
    for (int i = 0; i < 6; i++) {
        tag[i] = (char)('A' + h % 26);
        h /= 26;
    }
    tag[6] = '\0';
}

/* ---- ToUnicode ------------------------------------------------------------------------------ */

void gw_pdf_put_hex16(gw_buf *b, unsigned v)
{
    static const char hexdig[] = "0123456789ABCDEF";
    char s[4] = { hexdig[v >> 12 & 15], hexdig[v >> 8 & 15], hexdig[v >> 4 & 15], hexdig[v & 15] };
    gw_buf_append(b, s, 4);
}

static void put_unit(gw_buf *b, unsigned u, bool hex)
{
    if (hex) {
        gw_pdf_put_hex16(b, u);
    } else {
        unsigned char be[2] = { (unsigned char)(u >> 8), (unsigned char)u };
        gw_buf_append(b, be, 2);
    }
}

void gw_pdf_put_utf16(gw_buf *b, uint32_t cp, bool hex)
{
    if (cp >= 0x10000) {
        cp -= 0x10000;
        put_unit(b, 0xD800 + (cp >> 10), hex);
        put_unit(b, 0xDC00 + (cp & 0x3FF), hex);
    } else {
        put_unit(b, cp, hex);
    }
}

/* Appends text as UTF-16BE hex (no brackets); returns the code points' count and the first
 * code point in *first. */
static size_t put_utf16_hex(gw_buf *b, const char *text, size_t n, uint32_t *first,
                            uint32_t *max_cp)
{
    size_t count = 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        i += gw_utf8_decode(text + i, n - i, &cp);
        if (count == 0)
            *first = cp;
        if (cp > *max_cp)
            *max_cp = cp;
        gw_pdf_put_utf16(b, cp, true);
        count++;
    }
    return count;
}

/* bfchar and bfrange entries go out in blocks of at most 100 (the CMap limit). */
typedef struct {
    gw_buf all;      /* finished blocks */
    gw_buf block;    /* entries of the open block */
    unsigned n;      /* entries in the open block */
    const char *kw;  /* "bfchar" or "bfrange" */
} cmap_blocks;

static void cmap_flush(cmap_blocks *b)
{
    if (!b->n)
        return;
    gw_buf_printf(&b->all, "%u begin%s\n", b->n, b->kw);
    gw_buf_append(&b->all, b->block.data, b->block.len);
    gw_buf_printf(&b->all, "end%s\n", b->kw);
    b->block.len = 0;
    b->n = 0;
}

static gw_buf *cmap_entry(cmap_blocks *b)
{
    if (b->n == 100)
        cmap_flush(b);
    b->n++;
    return &b->block;
}

/* The ToUnicode CMap: each CID that stood for text maps to that text (UTF-16BE, surrogate
 * pairs beyond the BMP). Consecutive CIDs standing for consecutive single BMP characters, all
 * within one 256-block on both sides (the rule for ranges), become one bfrange. */
static void tounicode_cmap(const gw_pdf_font *f, const hb_map_t *new_to_old, gw_buf *out,
                           uint32_t *max_cp)
{
    gw_buf_puts(out,
                "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
                "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
                "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
    cmap_blocks chars = { .kw = "bfchar" }, ranges = { .kw = "bfrange" };
    gw_buf_init(&chars.all);
    gw_buf_init(&chars.block);
    gw_buf_init(&ranges.all);
    gw_buf_init(&ranges.block);
    gw_buf entry;
    gw_buf_init(&entry);
    for (unsigned cid = 0; cid < f->n_cids;) {
        hb_codepoint_t old = hb_map_get(new_to_old, cid);
        const gw_pdf_glyph_slot *s = old < f->n_src_glyphs ? &f->slots[old] : NULL;
        if (!s || !s->n_bytes) {
            cid++;
            continue;
        }
        entry.len = 0;
        uint32_t cp0 = 0;
        size_t ncp = put_utf16_hex(&entry, font_text(f, s->text_at), s->n_bytes, &cp0, max_cp);
        unsigned k = 1;
        if (ncp == 1 && cp0 < 0x10000) {
            while (cid + k < f->n_cids && (cid + k) >> 8 == cid >> 8 &&
                   (cp0 + k) >> 8 == cp0 >> 8) {
                hb_codepoint_t o2 = hb_map_get(new_to_old, cid + k);
                const gw_pdf_glyph_slot *s2 = o2 < f->n_src_glyphs ? &f->slots[o2] : NULL;
                uint32_t cp;
                if (!s2 || !s2->n_bytes ||
                    gw_utf8_decode(font_text(f, s2->text_at), s2->n_bytes, &cp) != s2->n_bytes ||
                    cp != cp0 + k)
                    break;
                k++;
            }
        }
        if (k >= 2) {
            gw_buf *b = cmap_entry(&ranges);
            gw_buf_putc(b, '<');
            gw_pdf_put_hex16(b, cid);
            gw_buf_puts(b, "> <");
            gw_pdf_put_hex16(b, cid + k - 1);
            gw_buf_puts(b, "> <");
            gw_pdf_put_hex16(b, cp0);
            gw_buf_puts(b, ">\n");
            if (cp0 + k - 1 > *max_cp)
                *max_cp = cp0 + k - 1;
            cid += k;
        } else {
            gw_buf *b = cmap_entry(&chars);
            gw_buf_putc(b, '<');
            gw_pdf_put_hex16(b, cid);
            gw_buf_puts(b, "> <");
            gw_buf_append(b, entry.data, entry.len);
            gw_buf_puts(b, ">\n");
            cid++;
        }
    }
    for (unsigned k = 0; k < f->n_extra; k++) {
        entry.len = 0;
        uint32_t cp0 = 0;
        put_utf16_hex(&entry, font_text(f, f->missing[k].text_at), f->missing[k].n_bytes, &cp0,
                      max_cp);
        gw_buf *b = cmap_entry(&chars);
        gw_buf_putc(b, '<');
        gw_pdf_put_hex16(b, f->n_cids + k);
        gw_buf_puts(b, "> <");
        gw_buf_append(b, entry.data, entry.len);
        gw_buf_puts(b, ">\n");
    }
    cmap_flush(&chars);
    cmap_flush(&ranges);
    gw_buf_append(out, chars.all.data, chars.all.len);
    gw_buf_append(out, ranges.all.data, ranges.all.len);
    gw_buf_puts(out, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    gw_buf_free(&chars.all);
    gw_buf_free(&chars.block);
    gw_buf_free(&ranges.all);
    gw_buf_free(&ranges.block);
    gw_buf_free(&entry);
}

/* ---- font descriptor metrics ------------------------------------------------------------ */

static void read_metrics(const gw_face *gf, bool symbolic, gw_pdf_font_metrics *m)
{
    const gw_face_metrics *fm = &gf->metrics;
    double em = 1000.0 / (gf->upem ? gf->upem : 1000);
    memset(m, 0, sizeof *m);
    for (int i = 0; i < 4; i++)
        m->bbox[i] = (int)lround(fm->bbox[i] * em);
    m->italic_angle = fm->italic_angle;
    m->ascent = fm->has_ascender ? (int)lround(fm->ascender * em) : m->bbox[3];
    m->descent = fm->has_descender ? (int)lround(fm->descender * em) : m->bbox[1];
    m->cap_height = fm->has_cap_height ? (int)lround(fm->cap_height * em) : m->ascent;
    /* Fonts carry no dominant stem width usable here; this estimate from the weight class is
     * the one common PDF producers use. */
    m->stem_v = (int)lround(50 + (fm->weight / 65.0) * (fm->weight / 65.0));
    m->flags = (fm->fixed_pitch ? 1u : 0u) | (fm->serif ? 2u : 0u) | (symbolic ? 4u : 32u) |
               (fm->script ? 8u : 0u) | (fm->italic ? 64u : 0u);
}

/* ---- the face hb-subset sees ------------------------------------------------------------- */

/* The tables a CIDFontType0C program comes from: only 'CFF ' is embedded. */
static const hb_tag_t keep_cff[] = { TAG_CFF, HB_TAG('h', 'e', 'a', 'd'),
                                     HB_TAG('m', 'a', 'x', 'p') };
/* What a CIDFontType2 program needs (PDF 32000 9.9); OS/2 and post help some printers. CFF2
 * (variable CFF, which PDF's CFF readers do not take) goes out whole as OpenType. */
static const hb_tag_t keep_sfnt[] = {
    HB_TAG('g', 'l', 'y', 'f'), HB_TAG('l', 'o', 'c', 'a'), HB_TAG('h', 'e', 'a', 'd'),
    HB_TAG('h', 'h', 'e', 'a'), HB_TAG('h', 'm', 't', 'x'), HB_TAG('m', 'a', 'x', 'p'),
    HB_TAG('c', 'v', 't', ' '), HB_TAG('f', 'p', 'g', 'm'), HB_TAG('p', 'r', 'e', 'p'),
    HB_TAG('O', 'S', '/', '2'), HB_TAG('p', 'o', 's', 't'), TAG_CFF2,
};

typedef struct {
    hb_face_t *face;
    bool cff;
} view_data;

/* The original's tables minus every table not embedded. Without a cmap, hb-subset 6.0 skips
 * the walk over the whole cmap (tens of thousands of entries in a CJK face) that it otherwise
 * makes for every plan given glyph ids; without GSUB/GPOS it makes no layout closure. The
 * tables are the original face's blobs, not copies. */
static hb_blob_t *view_table(hb_face_t *view, hb_tag_t tag, void *data)
{
    (void)view;
    const view_data *v = data;
    const hb_tag_t *keep = v->cff ? keep_cff : keep_sfnt;
    size_t n = v->cff ? sizeof keep_cff / sizeof *keep_cff : sizeof keep_sfnt / sizeof *keep_sfnt;
    for (size_t i = 0; i < n; i++)
        if (keep[i] == tag)
            return hb_face_reference_table(v->face, tag);
    return NULL; /* absent */
}

static void view_destroy(void *data)
{
    view_data *v = data;
    hb_face_destroy(v->face);
    free(v);
}

static hb_face_t *subset_view(hb_face_t *face, bool cff)
{
    view_data *v = gw_xmalloc(sizeof *v);
    v->face = hb_face_reference(face); /* (no allocation of ours until the view owns it) */
    v->cff = cff;
    hb_face_t *view = hb_face_create_for_tables(view_table, v, view_destroy);
    hb_face_set_upem(view, hb_face_get_upem(face));
    hb_face_set_glyph_count(view, hb_face_get_glyph_count(face));
    return view;
}

/* ---- deflating --------------------------------------------------------------------------- */

/* Deflates data into out (replacing its content). Z_RLE suits CFF charstrings, whose bytes
 * repeat too little for LZ matching to pay: on a FandolFang subset it is 3.5 times as fast as
 * zlib's default level, for 5 % more bytes. */
static void end_deflate(void *z)
{
    deflateEnd(z);
}

bool gw_pdf_deflate(gw_buf *out, const void *data, size_t len, int strategy)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    if (deflateInit2(&z, strategy == Z_DEFAULT_STRATEGY ? Z_DEFAULT_COMPRESSION : 1, Z_DEFLATED,
                     15, 8, strategy) != Z_OK)
        return false;
    out->len = 0;
    gw_defer *d = gw_mem_defer(end_deflate, &z);
    gw_buf_reserve(out, deflateBound(&z, (uLong)len));
    gw_mem_undefer(d);
    z.next_in = (Bytef *)data;
    z.avail_in = (uInt)len;
    z.next_out = (Bytef *)out->data;
    z.avail_out = (uInt)(out->cap - 1);
    int zr = deflate(&z, Z_FINISH);
    out->len = z.total_out;
    deflateEnd(&z);
    return zr == Z_STREAM_END;
}

/* ---- preparing one face (any thread: no libharu, no diagnostics) -------------------------- */

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return x < y ? -1 : x > y;
}

/* The width most CIDs have, for /DW (so that /W lists only the others). */
static int common_width(const int *widths, unsigned n, gw_buf *scratch)
{
    if (n == 0)
        return 1000;
    scratch->len = 0;
    gw_buf_append(scratch, widths, n * sizeof *widths);
    int *w = (int *)(void *)scratch->data;
    qsort(w, n, sizeof *w, cmp_int);
    int best = w[0];
    unsigned best_run = 0;
    for (unsigned i = 0, j; i < n; i = j) {
        for (j = i; j < n && w[j] == w[i]; j++)
            ;
        if (j - i > best_run) {
            best_run = j - i;
            best = w[i];
        }
    }
    return best;
}

/* The font program from hb-subset: the face's own outlines and hints, only the glyphs used,
 * new glyph ids 0..n-1 (new_to_old filled). Returns NULL or why not (malloc'd). */
/* The HarfBuzz objects of one subsetting, released together (also when the call fails). */
typedef struct {
    hb_subset_input_t *in;
    hb_face_t *view, *sub;
    hb_subset_plan_t *plan;
    hb_blob_t *prog;
} subset_objs;

static void subset_objs_free(void *p)
{
    subset_objs *o = p;
    hb_subset_input_destroy(o->in);
    hb_blob_destroy(o->prog);
    hb_face_destroy(o->sub);
    hb_subset_plan_destroy(o->plan);
    hb_face_destroy(o->view);
    memset(o, 0, sizeof *o);
}

static char *program_from_subset(gw_pdf_font *f, hb_map_t *new_to_old, gw_buf *scratch)
{
    hb_face_t *face = f->face->hb_face;
    subset_objs so = { 0 };
    gw_defer *d = gw_mem_defer(subset_objs_free, &so);
    hb_subset_input_t *in = so.in = hb_subset_input_create_or_fail();
    if (!in) {
        gw_mem_undefer(d);
        gw_oom(0);
    }
    hb_set_union(hb_subset_input_glyph_set(in), f->used);
    /* nothing to drop: the view holds only the tables embedded */
    hb_set_clear(hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG));
    /* A missing character shows as the .notdef box rather than as nothing. CFF charstrings
     * are flattened: for the few hundred glyphs of a document that is both faster (hb-subset
     * need not subset the subroutines) and smaller once deflated (measured on Noto CJK). */
    /* (a whole face keeps its subroutines: flattening every glyph would only make it bigger) */
    bool whole = hb_set_get_population(f->used) >= f->n_src_glyphs;
    hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NOTDEF_OUTLINE |
                                      (whole ? HB_SUBSET_FLAGS_RETAIN_GIDS
                                             : HB_SUBSET_FLAGS_DESUBROUTINIZE));
    hb_face_t *view = so.view = subset_view(face, f->cff);
    hb_subset_plan_t *plan = so.plan = hb_subset_plan_create_or_fail(view, in);
    hb_subset_input_destroy(in);
    so.in = NULL;
    hb_face_t *sub = so.sub = plan ? hb_subset_plan_execute_or_fail(plan) : NULL;
    hb_blob_t *prog = NULL;
    char *error = NULL;
    if (!sub) {
        error = gw_asprintf("cannot subset %s (hb-subset failed)", family(f));
        goto done;
    }
    const hb_map_t *plan_new_to_old = hb_subset_plan_new_to_old_glyph_mapping(plan);
    f->n_cids = hb_face_get_glyph_count(sub);
    for (unsigned c = 0; c < f->n_cids; c++)
        hb_map_set(new_to_old, c, hb_map_get(plan_new_to_old, c));
    const hb_map_t *old_to_new = hb_subset_plan_old_to_new_glyph_mapping(plan);
    hb_codepoint_t g = HB_SET_VALUE_INVALID;
    while (hb_set_next(f->used, &g))
        f->slots[g].new_gid = hb_map_get(old_to_new, g);

    /* the font program: the bare CFF table, or the whole subset font */
    prog = so.prog = f->cff ? hb_face_reference_table(sub, TAG_CFF) : hb_face_reference_blob(sub);
    unsigned prog_len;
    const char *prog_data = hb_blob_get_data(prog, &prog_len);
    if (!prog_len) {
        error = gw_asprintf("cannot subset %s (empty font program)", family(f));
        goto done;
    }
    f->n_extra = 0;
    if (f->cff) {
        /* a private copy: the charset is rewritten in place */
        scratch->len = 0;
        gw_buf_append(scratch, prog_data, prog_len);
        unsigned n_cff = 0;
        if (!cff_identity_charset((unsigned char *)scratch->data, prog_len, &n_cff) ||
            n_cff != f->n_cids) {
            error = gw_asprintf("cannot embed %s (unexpected CFF structure)", family(f));
            goto done;
        }
        /* a glyph of its own for each missing character; else they keep CID 0 and get
         * /ActualText (a name-keyed CFF) */
        if (f->n_missing && f->n_cids + f->n_missing <= 65535 &&
            cff_add_notdefs(scratch, (unsigned)f->n_missing))
            f->n_extra = (unsigned)f->n_missing;
        prog_data = scratch->data;
        prog_len = (unsigned)scratch->len;
    } else if (!f->cff2 && f->n_missing && f->n_cids + f->n_missing <= 65536) {
        /* TrueType: CIDs of their own, mapped to glyph 0 by the CIDToGIDMap */
        f->n_extra = (unsigned)f->n_missing;
    }
    f->program_len = prog_len;
    if (!gw_pdf_deflate(&f->program, prog_data, prog_len,
                      f->cff || f->cff2 ? Z_RLE : Z_DEFAULT_STRATEGY))
        error = gw_asprintf("cannot embed %s (zlib failed)", family(f));
done:
    gw_mem_undefer(d);
    subset_objs_free(&so);
    return error;
}

/* The font program drawn from the face's outlines, whatever its format: a CID-keyed CFF whose
 * glyphs are .notdef and the glyphs used in the order of the face (new_to_old filled), their
 * outlines simplified within tolerance (font units; see gw_outline.h), then a copy of .notdef
 * for each missing character. Returns NULL or why not (malloc'd); *unfit (nothing made) when
 * a coordinate or advance does not fit a charstring's 16-bit numbers. */
typedef struct {
    hb_font_t *font;
    hb_draw_funcs_t *funcs;
} outline_objs;

static void outline_objs_free(void *p)
{
    outline_objs *o = p;
    hb_draw_funcs_destroy(o->funcs);
    hb_font_destroy(o->font);
}

static char *program_from_outlines(gw_pdf_font *f, double tolerance, hb_map_t *new_to_old,
                                   gw_buf *scratch, bool *unfit)
{
    /* a font of its own, which one thread draws with in font units: a sub-font of the face's,
     * so that a variable face's instance (its outlines and advances) is the one laid out */
    outline_objs oo = { hb_font_create_sub_font(f->face->hb_font), NULL };
    gw_defer *d = gw_mem_defer(outline_objs_free, &oo);
    hb_font_t *font = oo.font;
    unsigned upem = hb_face_get_upem(f->face->hb_face);
    hb_font_set_scale(font, (int)upem, (int)upem);
    *unfit = upem > 16384;
    hb_draw_funcs_t *funcs = oo.funcs = gw_outline_draw_funcs();
    gw_outline o;
    gw_outline_init(&o);
    gw_buf cs;
    gw_buf_init(&cs);
    unsigned n_used = hb_set_get_population(f->used) + !hb_set_has(f->used, 0);
    unsigned n_extra = f->n_missing && n_used + f->n_missing <= 65535 ? (unsigned)f->n_missing : 0;
    uint32_t *offs = gw_xcalloc((size_t)n_used + n_extra + 1, sizeof *offs);
    const int *fb = f->face->metrics.bbox;
    long bbox[4] = { fb[0], fb[1], fb[2], fb[3] };
    /* advances in font units; the most common one is the Private DICT's default, and the
     * others are written relative to it */
    int *adv = gw_xcalloc(n_used, sizeof *adv);
    unsigned n = 0;
    for (hb_codepoint_t g = 0; n == 0 || hb_set_next(f->used, &g); n++)
        adv[n] = (int)hb_font_get_glyph_h_advance(font, g);
    long default_width = common_width(adv, n_used, scratch);
    n = 0;
    uint32_t notdef_len = 0;
    for (hb_codepoint_t g = 0; !*unfit && (n == 0 || hb_set_next(f->used, &g)); n++) {
        offs[n] = (uint32_t)cs.len;
        gw_outline_draw(&o, font, funcs, g);
        gw_outline_simplify(&o, g == 0 ? 0 : tolerance);
        long width = adv[n] - default_width;
        if (!gw_outline_charstring(&o, adv[n] == default_width ? NULL : &width, &cs))
            *unfit = true;
        if (n == 0)
            notdef_len = (uint32_t)cs.len - offs[0];
        hb_map_set(new_to_old, n, g);
        f->slots[g].new_gid = n;
    }
    free(adv);
    char *error = NULL;
    if (*unfit) {
        hb_map_clear(new_to_old);
        goto done;
    }
    /* the missing characters: .notdef again */
    for (unsigned k = 0; k < n_extra; k++, n++) {
        offs[n] = (uint32_t)cs.len;
        gw_buf_reserve(&cs, notdef_len);
        gw_buf_append(&cs, cs.data + offs[0], notdef_len);
    }
    offs[n] = (uint32_t)cs.len;
    f->n_cids = n - n_extra;
    f->n_extra = n_extra;
    f->cff = true; /* embedded as CIDFontType0C, whatever the face is */
    f->cff2 = false;

    char psname[64];
    ps_name(f->face, psname, sizeof psname);
    if (!gw_cff_write_cid(scratch, psname, &cs, offs, n, bbox, default_width, default_width,
                          upem))
        error = gw_asprintf("cannot embed %s (too many glyphs for a CFF)", family(f));
    else if (f->program_len = scratch->len,
             !gw_pdf_deflate(&f->program, scratch->data, scratch->len, Z_DEFAULT_STRATEGY))
        error = gw_asprintf("cannot embed %s (zlib failed)", family(f));
done:
    free(offs);
    gw_buf_free(&cs);
    gw_outline_free(&o);
    gw_mem_undefer(d);
    outline_objs_free(&oo);
    return error;
}

static void destroy_map(void *m)
{
    hb_map_destroy(m);
}

/* Makes the face's font program, widths and ToUnicode map. tolerance: see outline_tolerance.
 * Returns NULL, or why the face cannot be embedded (malloc'd). */
static char *prepare_font(gw_pdf_font *f, double tolerance_mm, gw_buf *scratch)
{
    hb_face_t *face = f->face->hb_face;
    /* found once, when the fonts were opened */
    f->cff2 = f->face->cff2;
    f->cff = f->face->cff && !f->face->cff2;

    hb_map_t *new_to_old = hb_map_create();
    gw_defer *d_map = gw_mem_defer(destroy_map, new_to_old);
    char *error = NULL;
    double units_tol = 0;
    /* The licence decides first: a face that may not be subset goes in whole, as it is. The
     * outlines are redrawn (simplified) only for the free stand-ins: an office face keeps its
     * own outlines and hints, under its vendor's name. */
    bool whole = f->face->embedding == GW_EMBED_WHOLE;
    if (whole)
        hb_set_add_range(f->used, 0, f->n_src_glyphs - 1);
    if (whole || !f->face->standin)
        tolerance_mm = 0;
    if (tolerance_mm > 0) {
        /* the tolerance on paper, in font units at the largest size the face is drawn */
        double size = f->max_size > 0 ? f->max_size : 16;
        units_tol = tolerance_mm / (size * 25.4 / 72.0) * hb_face_get_upem(face);
        bool unfit = false;
        error = program_from_outlines(f, units_tol, new_to_old, scratch, &unfit);
        if (unfit) /* a face beyond a charstring's numbers: its own subset, as it is */
            units_tol = 0;
    }
    if (!error && units_tol == 0)
        error = program_from_subset(f, new_to_old, scratch);
    if (error)
        goto done;

    /* widths: /W of every CID from the original glyph's advance */
    int xs = 0, ys = 0;
    hb_font_get_scale(f->face->hb_font, &xs, &ys);
    double units = 1000.0 / (xs ? xs : (int)hb_face_get_upem(face));
    unsigned n_w = f->n_cids + f->n_extra;
    f->widths = gw_xrealloc(f->widths, (n_w ? n_w : 1) * sizeof *f->widths);
    for (unsigned c = 0; c < f->n_cids; c++) {
        hb_codepoint_t old = hb_map_get(new_to_old, c);
        f->widths[c] = (int)lround(hb_font_get_glyph_h_advance(f->face->hb_font, old) * units);
    }
    for (unsigned c = f->n_cids; c < n_w; c++)
        f->widths[c] = f->widths[0];
    f->dw = common_width(f->widths, n_w, scratch);
    if (f->n_extra && !f->cff) {
        scratch->len = 0;
        for (unsigned c = 0; c < n_w; c++) {
            unsigned char gid[2] = { (unsigned char)(c < f->n_cids ? c >> 8 : 0),
                                     (unsigned char)(c < f->n_cids ? c : 0) };
            gw_buf_append(scratch, gid, 2);
        }
        if (!gw_pdf_deflate(&f->cidtogid, scratch->data, scratch->len, Z_DEFAULT_STRATEGY)) {
            error = gw_asprintf("cannot embed %s (zlib failed)", family(f));
            goto done;
        }
    }

    /* ToUnicode */
    scratch->len = 0;
    uint32_t max_cp = 0;
    tounicode_cmap(f, new_to_old, scratch, &max_cp);
    if (!gw_pdf_deflate(&f->tounicode, scratch->data, scratch->len, Z_DEFAULT_STRATEGY)) {
        error = gw_asprintf("cannot embed %s (zlib failed)", family(f));
        goto done;
    }

    char psname[64], tag[7];
    ps_name(f->face, psname, sizeof psname);
    subset_tag(psname, f->used, units_tol, tag);
    if (whole) /* not a subset: no tag (PDF 9.6.4) */
        snprintf(f->base_font, sizeof f->base_font, "%s", psname);
    else
        snprintf(f->base_font, sizeof f->base_font, "%s+%s", tag, psname);
    /* non-symbolic only when every character is in the Latin-1 set the flag promises */
    read_metrics(f->face, max_cp > 0xFF || max_cp == 0, &f->metrics);
done:
    gw_mem_undefer(d_map);
    hb_map_destroy(new_to_old);
    return error;
}

/* ---- libharu objects (the calling thread) ------------------------------------------------- */

typedef struct {
    HPDF_Doc pdf;
    HPDF_STATUS st; /* first failure; objects made after it are not used */
} obj_ctx;

static void chk(obj_ctx *c, HPDF_STATUS st)
{
    if (st != HPDF_OK && c->st == HPDF_OK)
        c->st = st;
}

static HPDF_Dict new_dict(obj_ctx *c, bool indirect)
{
    if (c->st != HPDF_OK)
        return NULL;
    HPDF_Dict d = HPDF_Dict_New(c->pdf->mmgr);
    if (!d) {
        chk(c, HPDF_FAILD_TO_ALLOC_MEM);
        return NULL;
    }
    if (indirect)
        chk(c, HPDF_Xref_Add(c->pdf->xref, d));
    return c->st == HPDF_OK ? d : NULL;
}

HPDF_STATUS gw_pdf_write_flate_filter(HPDF_Dict d, HPDF_Stream out)
{
    (void)d;
    return HPDF_Stream_WriteStr(out, "/Filter /FlateDecode\012");
}

/* A stream of data deflated already: libharu drops the Filter entry of any stream it does not
 * compress itself, so the dict's write hook writes it. */
static HPDF_Dict new_deflated_stream(obj_ctx *c, const gw_buf *data)
{
    if (c->st != HPDF_OK)
        return NULL;
    HPDF_Dict d = HPDF_DictStream_New(c->pdf->mmgr, c->pdf->xref);
    if (!d) {
        chk(c, HPDF_FAILD_TO_ALLOC_MEM);
        return NULL;
    }
    d->write_fn = gw_pdf_write_flate_filter;
    chk(c, HPDF_Stream_Write(d->stream, (const HPDF_BYTE *)data->data, (HPDF_UINT)data->len));
    return c->st == HPDF_OK ? d : NULL;
}

static HPDF_Array new_array(obj_ctx *c, HPDF_Dict owner, const char *key)
{
    if (c->st != HPDF_OK)
        return NULL;
    HPDF_Array a = HPDF_Array_New(c->pdf->mmgr);
    if (!a) {
        chk(c, HPDF_FAILD_TO_ALLOC_MEM);
        return NULL;
    }
    chk(c, HPDF_Dict_Add(owner, key, a));
    return c->st == HPDF_OK ? a : NULL;
}

static void add_string(obj_ctx *c, HPDF_Dict d, const char *key, const char *s)
{
    if (c->st != HPDF_OK)
        return;
    HPDF_String str = HPDF_String_New(c->pdf->mmgr, s, NULL);
    if (!str)
        chk(c, HPDF_FAILD_TO_ALLOC_MEM);
    else
        chk(c, HPDF_Dict_Add(d, key, str));
}

/* Adds a number, as an integer when it is one. */
static void add_num(obj_ctx *c, HPDF_Dict d, const char *key, double v)
{
    if (v == floor(v) && fabs(v) < 1e9)
        chk(c, HPDF_Dict_AddNumber(d, key, (HPDF_INT32)v));
    else
        chk(c, HPDF_Dict_AddReal(d, key, (HPDF_REAL)v));
}

static int emit_font(gw_pdf_fonts *pf, gw_pdf_font *f, HPDF_Doc pdf)
{
    bool cff = f->cff || f->cff2;
    const gw_pdf_font_metrics *m = &f->metrics;
    obj_ctx c = { pdf, HPDF_OK };

    HPDF_Dict file = new_deflated_stream(&c, &f->program);
    if (file) {
        if (f->cff)
            chk(&c, HPDF_Dict_AddName(file, "Subtype", "CIDFontType0C"));
        else if (f->cff2)
            chk(&c, HPDF_Dict_AddName(file, "Subtype", "OpenType"));
        else
            chk(&c, HPDF_Dict_AddNumber(file, "Length1", (HPDF_INT32)f->program_len));
    }
    HPDF_Dict fd = new_dict(&c, true);
    if (fd) {
        chk(&c, HPDF_Dict_AddName(fd, "Type", "FontDescriptor"));
        chk(&c, HPDF_Dict_AddName(fd, "FontName", f->base_font));
        chk(&c, HPDF_Dict_AddNumber(fd, "Flags", (HPDF_INT32)m->flags));
        HPDF_Array bbox = new_array(&c, fd, "FontBBox");
        for (int i = 0; bbox && i < 4; i++)
            chk(&c, HPDF_Array_AddNumber(bbox, m->bbox[i]));
        add_num(&c, fd, "ItalicAngle", m->italic_angle);
        chk(&c, HPDF_Dict_AddNumber(fd, "Ascent", m->ascent));
        chk(&c, HPDF_Dict_AddNumber(fd, "Descent", m->descent));
        chk(&c, HPDF_Dict_AddNumber(fd, "CapHeight", m->cap_height));
        chk(&c, HPDF_Dict_AddNumber(fd, "StemV", m->stem_v));
        if (file)
            chk(&c, HPDF_Dict_Add(fd, cff ? "FontFile3" : "FontFile2", file));
    }
    HPDF_Dict cid = new_dict(&c, true);
    if (cid) {
        chk(&c, HPDF_Dict_AddName(cid, "Type", "Font"));
        chk(&c, HPDF_Dict_AddName(cid, "Subtype", cff ? "CIDFontType0" : "CIDFontType2"));
        chk(&c, HPDF_Dict_AddName(cid, "BaseFont", f->base_font));
        HPDF_Dict info = new_dict(&c, false);
        if (info) {
            add_string(&c, info, "Registry", "Adobe");
            add_string(&c, info, "Ordering", "Identity");
            chk(&c, HPDF_Dict_AddNumber(info, "Supplement", 0));
            chk(&c, HPDF_Dict_Add(cid, "CIDSystemInfo", info));
        }
        if (fd)
            chk(&c, HPDF_Dict_Add(cid, "FontDescriptor", fd));
        chk(&c, HPDF_Dict_AddNumber(cid, "DW", f->dw));
        /* /W [c [w w …] …]: only the CIDs whose width is not /DW, consecutive ones grouped */
        unsigned n_w = f->n_cids + f->n_extra;
        bool any = false;
        for (unsigned k = 0; k < n_w && !any; k++)
            any = f->widths[k] != f->dw;
        HPDF_Array w = any ? new_array(&c, cid, "W") : NULL;
        for (unsigned k = 0; w && k < n_w && c.st == HPDF_OK;) {
            if (f->widths[k] == f->dw) {
                k++;
                continue;
            }
            HPDF_Array grp = HPDF_Array_New(pdf->mmgr);
            if (!grp) {
                chk(&c, HPDF_FAILD_TO_ALLOC_MEM);
                break;
            }
            chk(&c, HPDF_Array_AddNumber(w, (HPDF_INT32)k));
            chk(&c, HPDF_Array_Add(w, grp));
            for (unsigned n = 0; k < n_w && f->widths[k] != f->dw && n < 4096; k++, n++)
                chk(&c, HPDF_Array_AddNumber(grp, f->widths[k]));
        }
        if (!cff && f->n_extra) {
            HPDF_Dict map = new_deflated_stream(&c, &f->cidtogid);
            if (map)
                chk(&c, HPDF_Dict_Add(cid, "CIDToGIDMap", map));
        } else if (!cff) {
            chk(&c, HPDF_Dict_AddName(cid, "CIDToGIDMap", "Identity"));
        }
    }
    HPDF_Dict tounicode = new_deflated_stream(&c, &f->tounicode);
    f->type0 = new_dict(&c, true);
    if (f->type0) {
        /* a Type0 font over a CIDFontType0 is named font-CMap (PDF 32000 9.7.6.1) */
        char type0_name[sizeof f->base_font + 16];
        snprintf(type0_name, sizeof type0_name, cff ? "%s-Identity-H" : "%s", f->base_font);
        chk(&c, HPDF_Dict_AddName(f->type0, "Type", "Font"));
        chk(&c, HPDF_Dict_AddName(f->type0, "Subtype", "Type0"));
        chk(&c, HPDF_Dict_AddName(f->type0, "BaseFont", type0_name));
        chk(&c, HPDF_Dict_AddName(f->type0, "Encoding", "Identity-H"));
        HPDF_Array desc = new_array(&c, f->type0, "DescendantFonts");
        if (desc && cid)
            chk(&c, HPDF_Array_Add(desc, cid));
        if (tounicode)
            chk(&c, HPDF_Dict_Add(f->type0, "ToUnicode", tounicode));
    }
    if (c.st != HPDF_OK) {
        f->type0 = NULL;
        if (pf->diags)
            gw_diags_add(pf->diags, GW_ERROR, "pdf-font", 0, 0,
                         "PDF: cannot build the font objects of %s (libharu error 0x%04X)",
                         family(f), (unsigned)c.st);
        return -1;
    }
    return 0;
}

/* ---- all faces ------------------------------------------------------------------------- */

typedef struct {
    gw_pdf_font **order;   /* used faces, most glyphs first: the longest job starts first */
    size_t n;
    double tolerance;      /* gw_pdf_fonts.outline_tolerance */
    atomic_size_t next;
} prepare_work;

/* A worker (the calling thread too): out of memory stops it (gw_run_workers). */
static void prepare_all(void *arg)
{
    prepare_work *w = arg;
    gw_buf scratch;
    gw_buf_init(&scratch);
    for (size_t i; (i = atomic_fetch_add(&w->next, 1)) < w->n;)
        w->order[i]->error = prepare_font(w->order[i], w->tolerance, &scratch);
    gw_buf_free(&scratch);
}

static int by_glyphs_desc(const void *a, const void *b)
{
    unsigned x = hb_set_get_population((*(gw_pdf_font *const *)a)->used);
    unsigned y = hb_set_get_population((*(gw_pdf_font *const *)b)->used);
    return x < y ? 1 : x > y ? -1 : 0;
}

int gw_pdf_fonts_embed(gw_pdf_fonts *pf, HPDF_Doc pdf)
{
    prepare_work w = { gw_xcalloc(pf->n_fonts ? pf->n_fonts : 1, sizeof *w.order), 0,
                        pf->outline_tolerance, 0 };
    for (size_t i = 0; i < pf->n_fonts; i++)
        if (pf->fonts[i].used)
            w.order[w.n++] = &pf->fonts[i];
    qsort(w.order, w.n, sizeof *w.order, by_glyphs_desc);

    /* Subsetting and deflating a CJK face takes milliseconds: faces are prepared in parallel,
     * one thread per processor (this one included), at most 4, unless the caller says how many
     * (a batch that already runs one document per processor asks for 1). */
    gw_run_workers(gw_workers_for(pf->threads, w.n), prepare_all, &w);
    free(w.order);

    int rc = 0;
    for (size_t i = 0; i < pf->n_fonts; i++) {
        gw_pdf_font *f = &pf->fonts[i];
        if (!f->used)
            continue;
        if (f->error) {
            if (pf->diags)
                gw_diags_add(pf->diags, GW_ERROR, "pdf-font", 0, 0, "PDF: %s", f->error);
            rc = -1;
        } else if (rc == 0 && emit_font(pf, f, pdf) != 0) {
            rc = -1;
        }
    }
    return rc;
}
