/* formats.h: `render --format pdf|ofd|pdf,ofd`: which files a render writes. Owns parsing the
 * option and naming the outputs of one input; the commands (cmd_render.c, batch.c) call it. */
#ifndef GW_CLI_FORMATS_H
#define GW_CLI_FORMATS_H

#include <gongwen/gongwen.h>

enum { GW_CLI_PDF = 1, GW_CLI_OFD = 2 }; /* bits of a formats set; 0 = from the extension */

/* "pdf", "ofd", "pdf,ofd" (or "ofd,pdf", "both") → a set of formats; 0 for anything else. */
unsigned gw_cli_formats(const char *arg);
/* The extension a default output name gets: ".ofd" for OFD alone, else ".pdf". */
const char *gw_cli_default_extension(unsigned formats);
/* Renders in to out: formats 0 = the format of out's extension; one format = that format
 * into out; both = out with .pdf and out with .ofd (out "-": both is refused). Returns the
 * library's status (diags say why). */
gongwen_status gw_cli_render(const gongwen_engine *e, const char *in, const char *out,
                             unsigned formats, const gongwen_options *opt,
                             gongwen_diagnostics *diags);

#endif
