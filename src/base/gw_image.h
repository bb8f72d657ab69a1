/* gw_image.h: the image files a 公文 carries (印章 seals, 签名章 signature stamps): PNG or
 * JPEG, read whole and checked completely (libpng, libjpeg) before anything is written.
 *
 * Owns: what a file must be to be placed on a page: a regular file (not a folder, FIFO or
 * device) of at most GW_IMAGE_MAX_BYTES, a PNG or JPEG by its signature (not by its name), not
 * truncated or corrupt, at most GW_IMAGE_MAX_SIDE pixels a side, in a colour model the PDF
 * back end can embed faithfully; and the resolution the file states (PNG pHYs, JPEG JFIF
 * density), from which a seal gets its size on paper. The reader checks each image with it
 * (an error at the key that names the file); the PDF back end decodes with it. */
#ifndef GW_IMAGE_H
#define GW_IMAGE_H

#include <stdbool.h>
#include <stddef.h>

#define GW_IMAGE_MAX_SIDE 4000          /* pixels: 42 mm at 2400 dpi */
#define GW_IMAGE_MAX_BYTES (32u << 20)

typedef enum { GW_IMAGE_PNG = 1, GW_IMAGE_JPEG = 2 } gw_image_format;

typedef enum {
    GW_IMAGE_OK = 0,
    GW_IMAGE_ERR_UNREADABLE,  /* missing, no permission, I/O error */
    GW_IMAGE_ERR_NOT_FILE,    /* a folder, FIFO, device, socket */
    GW_IMAGE_ERR_FORMAT,      /* neither PNG nor JPEG by its signature */
    GW_IMAGE_ERR_CORRUPT,     /* truncated, bad checksum, bad data */
    GW_IMAGE_ERR_SIZE,        /* dimensions zero or absurd, or a file too big */
    GW_IMAGE_ERR_COLOUR       /* a colour model or precision that cannot be embedded */
} gw_image_status;

typedef struct {
    gw_image_format format;
    unsigned width, height;  /* pixels */
    double dpi_x, dpi_y;     /* the resolution the file states; 0 = it states none */
    int components;          /* colour components: 1 gray, 3 RGB, 4 CMYK (JPEG only) */
    bool alpha;              /* PNG: an alpha channel or tRNS transparency */
    bool cmyk_inverted;      /* JPEG CMYK written by Adobe software (APP14): stored inverted */
    /* With decode: the file's bytes (a JPEG is embedded as it is) and, for a PNG, its pixels
     * as 8-bit samples, `components` per pixel, and its alpha plane (NULL without alpha). */
    unsigned char *file;
    size_t file_len;
    unsigned char *pixels, *alpha_plane;
} gw_image_file;

/* Reads and checks path. Returns GW_IMAGE_OK and fills img (gw_image_file_free releases it), or
 * a status and a message saying what is wrong in why (English, without the path). Without
 * decode, the pixels are still decoded (to find truncation) but not kept. */
gw_image_status gw_image_file_read(const char *path, bool decode, gw_image_file *img, char *why,
                              size_t why_size);
void gw_image_file_free(gw_image_file *img);
/* The stable diagnostic id of a status: "image-unreadable", "image-not-file", … */
const char *gw_image_status_id(gw_image_status s);

#endif
