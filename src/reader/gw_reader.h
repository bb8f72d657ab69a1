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

#endif
