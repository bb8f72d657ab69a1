/* gw_image.c: reads and checks PNG and JPEG files (see gw_image.h). libpng and libjpeg decode;
 * every error they raise comes back here through longjmp and becomes a status and a message. */
#include "gw_image.h"

#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jpeglib.h>
#include <jerror.h>
#include <png.h>

#include "gw_util.h"

const char *gw_image_status_id(gw_image_status s)
{
    switch (s) {
    case GW_IMAGE_OK: return "image-ok";
    case GW_IMAGE_ERR_UNREADABLE: return "image-unreadable";
    case GW_IMAGE_ERR_NOT_FILE: return "image-not-file";
    case GW_IMAGE_ERR_FORMAT: return "image-format";
    case GW_IMAGE_ERR_CORRUPT: return "image-corrupt";
    case GW_IMAGE_ERR_SIZE: return "image-size";
    case GW_IMAGE_ERR_COLOUR: return "image-colour";
    }
    return "image-unreadable";
}

void gw_image_file_free(gw_image_file *img)
{
    if (!img)
        return;
    free(img->file);
    free(img->pixels);
    free(img->alpha_plane);
    memset(img, 0, sizeof *img);
}

static const char *file_kind(mode_t m)
{
    return S_ISDIR(m)    ? "a folder"
           : S_ISFIFO(m) ? "a FIFO"
           : S_ISCHR(m)  ? "a character device"
           : S_ISBLK(m)  ? "a block device"
           : S_ISSOCK(m) ? "a socket"
                         : "not a regular file";
}

/* The whole file, if it is a regular file of sane size. */
static gw_image_status read_file(const char *path, gw_image_file *img, char *why, size_t n)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        snprintf(why, n, "cannot read it: %s", strerror(errno));
        return GW_IMAGE_ERR_UNREADABLE;
    }
    if (!S_ISREG(st.st_mode)) {
        snprintf(why, n, "it is %s, not an image file", file_kind(st.st_mode));
        return GW_IMAGE_ERR_NOT_FILE;
    }
    /* O_NONBLOCK: should it have become a FIFO since, opening it must not wait for a writer */
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) {
        snprintf(why, n, "cannot read it: %s", strerror(errno));
        return GW_IMAGE_ERR_UNREADABLE;
    }
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        snprintf(why, n, "it is not a regular file");
        return GW_IMAGE_ERR_NOT_FILE;
    }
    if ((unsigned long long)st.st_size > GW_IMAGE_MAX_BYTES) {
        close(fd);
        snprintf(why, n, "the file is %lld bytes; an image may have at most %u",
                 (long long)st.st_size, GW_IMAGE_MAX_BYTES);
        return GW_IMAGE_ERR_SIZE;
    }
    size_t cap = (size_t)st.st_size + 1, len = 0;
    unsigned char *buf = gw_xmalloc(cap);
    for (;;) {
        if (len == cap) {
            if (cap > GW_IMAGE_MAX_BYTES) { /* it grew while we read it */
                free(buf);
                close(fd);
                snprintf(why, n, "the file is larger than %u bytes", GW_IMAGE_MAX_BYTES);
                return GW_IMAGE_ERR_SIZE;
            }
            cap *= 2;
            buf = gw_xrealloc(buf, cap);
        }
        ssize_t got = read(fd, buf + len, cap - len);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            snprintf(why, n, "cannot read it: %s", strerror(errno));
            free(buf);
            close(fd);
            return GW_IMAGE_ERR_UNREADABLE;
        }
        if (got == 0)
            break;
        len += (size_t)got;
    }
    close(fd);
    img->file = buf;
    img->file_len = len;
    return GW_IMAGE_OK;
}

static gw_image_status check_dimensions(unsigned w, unsigned h, char *why, size_t n)
{
    if (w == 0 || h == 0 || w > GW_IMAGE_MAX_SIDE || h > GW_IMAGE_MAX_SIDE) {
        snprintf(why, n, "it is %u × %u pixels; an image may have 1 to %u pixels a side", w, h,
                 GW_IMAGE_MAX_SIDE);
        return GW_IMAGE_ERR_SIZE;
    }
    return GW_IMAGE_OK;
}

/* ---- PNG ---- */

typedef struct {
    const unsigned char *data;
    size_t len, pos;
    bool short_read;
    char *why;
    size_t why_size;
} png_src;

static void png_read_cb(png_structp png, png_bytep out, size_t n)
{
    png_src *s = png_get_io_ptr(png);
    if (n > s->len - s->pos) {
        s->short_read = true;
        png_error(png, "the file ends too early");
    }
    memcpy(out, s->data + s->pos, n);
    s->pos += n;
}

/* libpng's structures of one decoding, released if the call runs out of memory meanwhile. */
typedef struct {
    png_structp png;
    png_infop info;
} png_objs;

static void png_objs_free(void *p)
{
    png_objs *o = p;
    png_destroy_read_struct(&o->png, &o->info, NULL);
}

static void png_error_cb(png_structp png, png_const_charp msg)
{
    png_src *s = png_get_error_ptr(png);
    if (!s->short_read)
        snprintf(s->why, s->why_size, "corrupt PNG data (%s)", msg);
    png_longjmp(png, 1);
}

static void png_warning_cb(png_structp png, png_const_charp msg)
{
    (void)png;
    (void)msg; /* ancillary trouble (a bad text chunk, an odd gamma): the image is still good */
}

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static gw_image_status read_png(gw_image_file *img, bool decode, char *why, size_t n)
{
    /* IHDR first, by hand: sizes and colour type are checked before libpng allocates */
    const unsigned char *d = img->file;
    if (img->file_len < 33) {
        snprintf(why, n, "the PNG file ends too early (%zu bytes)", img->file_len);
        return GW_IMAGE_ERR_CORRUPT;
    }
    if (memcmp(d + 12, "IHDR", 4) != 0) {
        snprintf(why, n, "corrupt PNG data (no IHDR chunk first)");
        return GW_IMAGE_ERR_CORRUPT;
    }
    unsigned w = be32(d + 16), h = be32(d + 20), depth = d[24], type = d[25];
    gw_image_status st = check_dimensions(w, h, why, n);
    if (st)
        return st;
    bool ok_type = (type == 0 && (depth == 1 || depth == 2 || depth == 4 || depth == 8 || depth == 16)) ||
                   (type == 3 && (depth == 1 || depth == 2 || depth == 4 || depth == 8)) ||
                   ((type == 2 || type == 4 || type == 6) && (depth == 8 || depth == 16));
    if (!ok_type) {
        snprintf(why, n, "unsupported PNG colour type %u with %u-bit samples", type, depth);
        return GW_IMAGE_ERR_COLOUR;
    }
    png_src src = { d, img->file_len, 0, false, why, n };
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &src, png_error_cb,
                                             png_warning_cb);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    if (!info) {
        png_destroy_read_struct(&png, NULL, NULL);
        gw_oom(0);
    }
    png_objs po = { png, info };
    gw_defer *dp = gw_mem_defer(png_objs_free, &po); /* if the call runs out while decoding */
    unsigned char *volatile pixels = NULL;
    png_bytep *volatile rows = NULL;
    if (setjmp(png_jmpbuf(png))) {
        if (src.short_read)
            snprintf(why, n, "the PNG file is truncated");
        free(pixels);
        free(rows);
        gw_mem_undefer(dp);
        png_destroy_read_struct(&po.png, &po.info, NULL);
        return GW_IMAGE_ERR_CORRUPT;
    }
    png_set_user_limits(png, GW_IMAGE_MAX_SIDE, GW_IMAGE_MAX_SIDE);
    png_set_read_fn(png, &src, png_read_cb);
    png_read_info(png, info);
    png_uint_32 res_x, res_y;
    int unit;
    if (png_get_pHYs(png, info, &res_x, &res_y, &unit) && unit == PNG_RESOLUTION_METER &&
        res_x > 0 && res_y > 0) {
        img->dpi_x = res_x * 0.0254;
        img->dpi_y = res_y * 0.0254;
    }
    png_set_expand(png);   /* palette → RGB, gray of 1–4 bits → 8, tRNS → alpha */
    png_set_strip_16(png); /* 16-bit samples → 8 */
    png_set_interlace_handling(png);
    png_read_update_info(png, info);
    int ct = png_get_color_type(png, info), channels = png_get_channels(png, info);
    size_t rowbytes = png_get_rowbytes(png, info);
    pixels = gw_xmalloc(rowbytes * h);
    rows = gw_xmalloc(h * sizeof *rows);
    for (unsigned y = 0; y < h; y++)
        rows[y] = pixels + (size_t)y * rowbytes;
    png_read_image(png, rows);
    png_read_end(png, NULL);
    gw_mem_undefer(dp);
    png_destroy_read_struct(&po.png, &po.info, NULL);
    free(rows);
    img->format = GW_IMAGE_PNG;
    img->width = w;
    img->height = h;
    img->alpha = (ct & PNG_COLOR_MASK_ALPHA) != 0;
    img->components = channels - (img->alpha ? 1 : 0);
    if (!decode) {
        free(pixels);
        return GW_IMAGE_OK;
    }
    /* separate the colour samples from the alpha plane */
    size_t np = (size_t)w * h;
    unsigned char *colour = gw_xmalloc(np * (size_t)img->components), *alpha = NULL;
    if (img->alpha)
        alpha = gw_xmalloc(np);
    for (size_t i = 0; i < np; i++) {
        const unsigned char *px = pixels + i * (size_t)channels;
        memcpy(colour + i * (size_t)img->components, px, (size_t)img->components);
        if (alpha)
            alpha[i] = px[img->components];
    }
    free(pixels);
    img->pixels = colour;
    img->alpha_plane = alpha;
    return GW_IMAGE_OK;
}

/* ---- JPEG ---- */

typedef struct {
    struct jpeg_error_mgr pub;
    jmp_buf jb;
    int truncated;
    char msg[JMSG_LENGTH_MAX];
} jpeg_err;

static void jpeg_error_exit_cb(j_common_ptr cinfo)
{
    jpeg_err *e = (jpeg_err *)cinfo->err;
    (*cinfo->err->format_message)(cinfo, e->msg);
    longjmp(e->jb, 1);
}

static void jpeg_emit_cb(j_common_ptr cinfo, int level)
{
    jpeg_err *e = (jpeg_err *)cinfo->err;
    if (level < 0 && (cinfo->err->msg_code == JWRN_JPEG_EOF || cinfo->err->msg_code == JWRN_HIT_MARKER))
        e->truncated++;
}

static void destroy_jpeg(void *cinfo)
{
    jpeg_destroy_decompress(cinfo);
}

static gw_image_status read_jpeg(gw_image_file *img, char *why, size_t n)
{
    struct jpeg_decompress_struct cinfo;
    jpeg_err err;
    memset(&cinfo, 0, sizeof cinfo);
    memset(&err, 0, sizeof err);
    cinfo.err = jpeg_std_error(&err.pub);
    err.pub.error_exit = jpeg_error_exit_cb;
    err.pub.emit_message = jpeg_emit_cb;
    unsigned char *volatile row = NULL;
    volatile gw_image_status st = GW_IMAGE_ERR_CORRUPT;
    gw_defer *volatile dj = NULL; /* frees cinfo if the call runs out of memory meanwhile */
    if (setjmp(err.jb)) {
        if (err.msg[0]) /* raised by libjpeg (our own jumps have said why already) */
            snprintf(why, n, "corrupt JPEG data (%s)", err.msg);
        free(row);
        gw_mem_undefer(dj);
        jpeg_destroy_decompress(&cinfo);
        return st;
    }
    jpeg_create_decompress(&cinfo);
    dj = gw_mem_defer(destroy_jpeg, &cinfo);
    jpeg_mem_src(&cinfo, img->file, (unsigned long)img->file_len);
    jpeg_save_markers(&cinfo, JPEG_APP0 + 14, 0xFFFF);
    jpeg_read_header(&cinfo, TRUE);
    st = check_dimensions(cinfo.image_width, cinfo.image_height, why, n);
    if (st == GW_IMAGE_OK) {
        /* what a PDF reader's DCTDecode takes: 8-bit, Huffman-coded, gray, RGB or CMYK */
        st = GW_IMAGE_ERR_COLOUR;
        if (cinfo.data_precision != 8)
            snprintf(why, n, "a %d-bit JPEG; only 8-bit JPEG can be embedded", cinfo.data_precision);
        else if (cinfo.arith_code)
            snprintf(why, n, "an arithmetic-coded JPEG; PDF readers need Huffman coding");
        else if (cinfo.num_components != 1 && cinfo.num_components != 3 && cinfo.num_components != 4)
            snprintf(why, n, "a JPEG with %d colour components; 1 (gray), 3 (RGB) or 4 (CMYK) "
                     "can be embedded", cinfo.num_components);
        else
            st = GW_IMAGE_OK;
    }
    if (st != GW_IMAGE_OK)
        longjmp(err.jb, 1);
    st = GW_IMAGE_ERR_CORRUPT;
    img->format = GW_IMAGE_JPEG;
    img->width = cinfo.image_width;
    img->height = cinfo.image_height;
    img->components = cinfo.num_components;
    img->cmyk_inverted = cinfo.num_components == 4 && cinfo.saw_Adobe_marker;
    if (cinfo.saw_JFIF_marker && cinfo.X_density > 0 && cinfo.Y_density > 0 &&
        (cinfo.density_unit == 1 || cinfo.density_unit == 2)) {
        double k = cinfo.density_unit == 1 ? 1.0 : 2.54; /* dots per inch, or per cm */
        img->dpi_x = cinfo.X_density * k;
        img->dpi_y = cinfo.Y_density * k;
    }
    /* decode every scanline: a truncated file shows only here */
    jpeg_start_decompress(&cinfo);
    row = gw_xmalloc((size_t)cinfo.output_width * (size_t)cinfo.output_components);
    while (cinfo.output_scanline < cinfo.output_height && !err.truncated) {
        JSAMPROW r = row;
        jpeg_read_scanlines(&cinfo, &r, 1);
    }
    if (err.truncated) {
        snprintf(why, n, "the JPEG file is truncated");
        longjmp(err.jb, 1);
    }
    jpeg_finish_decompress(&cinfo);
    free(row);
    gw_mem_undefer(dj);
    jpeg_destroy_decompress(&cinfo);
    if (err.truncated) {
        snprintf(why, n, "the JPEG file is truncated");
        return GW_IMAGE_ERR_CORRUPT;
    }
    return GW_IMAGE_OK;
}

gw_image_status gw_image_file_read(const char *path, bool decode, gw_image_file *img, char *why,
                              size_t why_size)
{
    memset(img, 0, sizeof *img);
    gw_image_status st = read_file(path, img, why, why_size);
    if (st)
        return st;
    static const unsigned char png_sig[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n' };
    const unsigned char *d = img->file;
    if (img->file_len >= 8 && memcmp(d, png_sig, 8) == 0)
        st = read_png(img, decode, why, why_size);
    else if (img->file_len >= 3 && d[0] == 0xFF && d[1] == 0xD8 && d[2] == 0xFF)
        st = read_jpeg(img, why, why_size);
    else {
        snprintf(why, why_size, "it is neither a PNG nor a JPEG image (by its first bytes)");
        st = GW_IMAGE_ERR_FORMAT;
    }
    if (st != GW_IMAGE_OK || !decode) {
        unsigned char *keep_none = img->file;
        img->file = NULL;
        free(keep_none);
        img->file_len = 0;
    }
    if (st != GW_IMAGE_OK)
        gw_image_file_free(img);
    return st;
}
