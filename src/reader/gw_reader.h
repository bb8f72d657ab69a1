/* gw_reader.h: reads 公文 text into the document model.
 *
 * Owns: decoding (UTF-8 with or without BOM, LF or CRLF; GB18030/GBK detected and converted
 * with iconv), the optional front matter between `---` lines, recognition of the structure
 * from plain text the way real 公文 are written (and extracted from PDFs), the repairs of
 * extraction damage, and the normalisations GB/T 9704 requires. Every repair or
 * normalisation is reported as a GW_WARNING (or GW_NOTE for the encoding) with its line.
 * See README.md, "Input format", for every key and pattern. */
#ifndef GW_READER_H
#define GW_READER_H

#include <stdbool.h>
#include <stddef.h>

#include "../base/gw_diag.h"
#include "../model/gw_model.h"

/* Reads a file ("-" = stdin) of at most GW_MAX_INPUT_DEFAULT bytes. Returns NULL after adding
 * at least one GW_ERROR to diags (a folder, FIFO or device is not read: it must be a regular
 * file or standard input). */
gw_document *gw_read_file(const char *path, gw_diags *diags);
/* The same with another size limit (bytes). */
gw_document *gw_read_file_max(const char *path, size_t max_size, gw_diags *diags);

/* Reads len bytes of text; name is used for the document's source_name. */
gw_document *gw_read_buffer(const char *data, size_t len, const char *name, gw_diags *diags);
/* The same for text that came from path: relative image paths are relative to its folder. */
gw_document *gw_read_buffer_at(const char *data, size_t len, const char *name, const char *path,
                               gw_diags *diags);

/* The source text as the reader decodes it (UTF-8, no BOM, CRLF and CR made LF), one string a
 * line without its line end, for tools that point into the text (gongwen check). */
typedef struct {
    char *text;    /* owned; the lines point into it */
    char **lines;  /* lines[0] is line 1 */
    size_t n_lines;
} gw_source;

/* Reads and decodes path ("-" = stdin) as gw_read_file does. false + GW_ERROR in diags. */
bool gw_source_read(const char *path, gw_source *src, gw_diags *diags);
/* The same from len bytes of text already read (name: for messages). */
bool gw_source_from_buffer(const char *data, size_t len, const char *name, gw_source *src,
                           gw_diags *diags);
void gw_source_free(gw_source *src);

#endif
