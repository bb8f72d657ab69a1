/* batch.h: `gongwen render DIR -o OUTDIR` (or several files): render many documents in
 * parallel worker threads, each with its own gw_engine, with a progress line on a terminal.
 * One bad file never stops the rest; the exit status says whether any failed. */
#ifndef GW_CLI_BATCH_H
#define GW_CLI_BATCH_H

#include <stdbool.h>

#include "../gongwen.h"

/* inputs: files or folders (folders are searched recursively for *.txt). out_dir is created
 * if missing; each output keeps its path relative to the folder it was found in, with .pdf.
 * opt: the engine options of every worker (its pdf_threads is ignored). formats: the set of
 * formats.h (0 = PDF), each written beside the other with its own extension.
 * Returns the process exit status: 0 all rendered, 1 some failed, 2 bad usage. */
int gw_cli_render_batch(char **inputs, int n_inputs, const char *out_dir,
                        const gw_engine_options *opt, bool quiet, int jobs, unsigned formats);

#endif
