/* batch.h: `gongwen render DIR -o OUTDIR` (or several files): render many documents in
 * parallel worker threads sharing one engine, with a progress line on a terminal.
 * One bad file never stops the rest; every entry that cannot be read is counted as failed;
 * the exit status says whether any failed. */
#ifndef GW_CLI_BATCH_H
#define GW_CLI_BATCH_H

#include "cli.h"

typedef struct {
    gongwen_engine_options *engine; /* the engine's (a batch sets its font threads to 1) */
    gongwen_options *render;        /* every document's */
    cli_diag_style style;
    int jobs;                 /* worker threads; 0 = one per processor; capped */
    int shard, shards;        /* render only shard `shard` of `shards` (1-based); 0 = all */
    unsigned formats;         /* formats.h: GW_CLI_PDF, GW_CLI_OFD or both; 0 = from the name */
} cli_batch_options;

/* The most worker threads a batch starts, whatever -j says. */
#define CLI_MAX_JOBS 64

/* inputs: files (any name) or folders (searched recursively for *.txt, any case). out_dir is
 * created if missing; each output keeps its path relative to the folder it was found in, with
 * .pdf (or .ofd, or both, as opt->formats says). Returns the process exit status: 0 all rendered, 1 some failed or none found. */
int cli_render_batch(char **inputs, int n_inputs, const char *out_dir,
                     const cli_batch_options *opt);

#endif
