/* cmd.h: the commands that live in files of their own (cmd_check.c, cmd_proof.c). Each takes
 * the arguments after the command name (argv[0] is the command) and returns the exit status. */
#ifndef GW_CLI_CMD_H
#define GW_CLI_CMD_H

#include <stdarg.h>
#include <stdio.h>

int gw_cmd_check(int argc, char **argv);
int gw_cmd_proof(int argc, char **argv);
extern const char gw_usage_check[];
extern const char gw_usage_proof[];

/* `gongwen: MESSAGE` and the hint, on standard error; returns 2 (bad usage). */
static inline int gw_cli_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static inline int gw_cli_usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("gongwen: ", stderr);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputs("\nTry 'gongwen help' and 'gongwen help COMMAND'.\n", stderr);
    return 2;
}

#endif
