/* reader_test_util.h: helpers shared by the reader's unit tests: reading a string or a test
 * input, finding diagnostics by exact message, and locating files under the source root that
 * meson passes as argv[1]. */
#ifndef READER_TEST_UTIL_H
#define READER_TEST_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "reader/gw_reader.h"

/* Set from argv[1] by tu_init; tests find tests/inputs and examples under it. */
extern const char *tu_source_root;
void tu_init(int argc, char **argv);
char *tu_path(const char *rel); /* malloc'd <root>/<rel> */

/* Reads text (NUL-terminated) as if it were the file "t.txt"; diags must be initialised. */
gw_document *tu_read(const char *text, gw_diags *d);

/* The first diagnostic with exactly this severity and message, or NULL. */
const gw_diag *tu_find(const gw_diags *d, gw_severity sev, const char *message);
/* The first diagnostic whose message contains needle. */
const gw_diag *tu_find_sub(const gw_diags *d, gw_severity sev, const char *needle);
/* Fails the test (listing every diagnostic) unless the message is there at line:col. */
#define tu_assert_diag(d, sev, line, col, msg) tu_assert_diag_(d, sev, line, col, msg, __FILE__, __LINE__)
void tu_assert_diag_(const gw_diags *d, gw_severity sev, int line, int col, const char *msg,
                     const char *file, int at);
void tu_dump_diags(const gw_diags *d);

/* Asserts a text element's text (NULL = absent) and line. */
#define tu_assert_text(t, s, line) tu_assert_text_(&(t), s, line, __FILE__, __LINE__)
void tu_assert_text_(const gw_text *t, const char *s, int line, const char *file, int at);

/* Asserts a block's kind/level/run_in/heading and text. heading NULL for paragraphs. */
#define tu_assert_block(b, kind, level, run_in, heading, text) \
    tu_assert_block_(b, kind, level, run_in, heading, text, __FILE__, __LINE__)
void tu_assert_block_(const gw_block *b, gw_block_kind kind, int level, bool run_in, const char *heading,
                      const char *text, const char *file, int at);

#endif
