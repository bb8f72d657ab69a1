/* main.c: the gongwen command line, a thin front over the public API (gongwen/gongwen.h): the table of
 * commands, `--help`, `--version`, and what happens on SIGINT and SIGTERM (every temporary
 * file removed, then the process dies of the signal).
 * Exit status: 0 success, 1 bad input (or a file that could not be written), 2 bad usage. */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "cmd.h"

static const cli_command commands[] = {
    { "render", cli_render, cli_usage_render,
      "lay out a document (or a folder of them) as PDF or OFD" },
    { "dump", cli_dump, cli_usage_dump, "print the document model the reader understood, as JSON" },
    { "fonts", cli_fonts, cli_usage_fonts, "show the face that serves each role (仿宋, 小标宋, …)" },
    { "check", gw_cmd_check, gw_usage_check,
      "lint the text: 发文字号, dates, punctuation, numbering, …" },
    { "proof", gw_cmd_proof, gw_usage_proof,
      "page pictures, layout record and GB/T 9704 conformance report" },
    { "help", cli_help, cli_usage_help, "show help for a command" },
};

const cli_command *cli_find_command(const char *name)
{
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
    return NULL;
}

static void usage_main(FILE *out)
{
    fputs("usage: gongwen <command> [options]\n"
          "\n"
          "Typesets Chinese official documents (党政机关公文) to PDF or OFD following\n"
          "GB/T 9704-2012.\n"
          "\n"
          "commands:\n",
          out);
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        fprintf(out, "  %-8s %s\n", commands[i].name, commands[i].summary);
    fputs("\n"
          "options:\n"
          "  -h, --help      show this help\n"
          "  -V, --version   show the version\n"
          "\n"
          "'gongwen help COMMAND' shows a command's options. Input is UTF-8 (with or without\n"
          "BOM) or GB18030 text; see README.md for the format.\n",
          out);
}

const char cli_usage_help[] = "usage: gongwen help [COMMAND]\n"
                              "\n"
                              "Shows the help of COMMAND, or the list of commands.\n";

int cli_help(int argc, char **argv)
{
    if (argc > 2)
        return cli_usage("help", "one command at a time");
    if (argc < 2 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
        usage_main(stdout);
        return cli_finish_stdout(CLI_OK);
    }
    const cli_command *c = cli_find_command(argv[1]);
    if (!c)
        return cli_usage(NULL, "no such command: %s", argv[1]);
    fputs(c->usage, stdout);
    return cli_finish_stdout(CLI_OK);
}

/* ---- signals ------------------------------------------------------------------------------ */

/* SIGINT, SIGTERM and SIGHUP are blocked in every thread and taken here, by sigwait, in an
 * ordinary thread: it can take the output lock, remove every temporary file and keep the
 * lock (no worker can start a new one), then die of the signal as if there were no handler. */
static sigset_t fatal_signals;

static void *signal_thread(void *arg)
{
    (void)arg;
    int sig = 0;
    if (sigwait(&fatal_signals, &sig) != 0)
        return NULL;
    gongwen_output_abort();
    signal(sig, SIG_DFL);
    sigset_t one;
    sigemptyset(&one);
    sigaddset(&one, sig);
    pthread_sigmask(SIG_UNBLOCK, &one, NULL);
    raise(sig);
    _exit(128 + sig); /* not reached */
}

static void setup_signals(void)
{
    /* A closed pipe on standard output is a write error to report, not a silent death. */
    signal(SIGPIPE, SIG_IGN);
    sigemptyset(&fatal_signals);
    const int fatal[] = { SIGINT, SIGTERM, SIGHUP };
    for (size_t i = 0; i < sizeof fatal / sizeof *fatal; i++) {
        struct sigaction was;
        if (sigaction(fatal[i], NULL, &was) == 0 && was.sa_handler != SIG_IGN) /* nohup … */
            sigaddset(&fatal_signals, fatal[i]);
    }
    pthread_sigmask(SIG_BLOCK, &fatal_signals, NULL); /* inherited by every later thread */
    pthread_t t;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    pthread_attr_setstacksize(&attr, 64 * 1024);
    if (pthread_create(&t, &attr, signal_thread, NULL) != 0)
        pthread_sigmask(SIG_UNBLOCK, &fatal_signals, NULL); /* then the default actions */
    pthread_attr_destroy(&attr);
}

int main(int argc, char **argv)
{
    setup_signals();

    if (argc < 2) {
        usage_main(stderr);
        return CLI_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0) {
        usage_main(stdout);
        return cli_finish_stdout(CLI_OK);
    }
    if (strcmp(cmd, "-V") == 0 || strcmp(cmd, "--version") == 0) {
        char *data = NULL;
        gongwen_find_datadir(&data);
        printf("gongwen %s\nlibgongwen %s, data %s\n", GONGWEN_VERSION_STRING, gongwen_version(),
               data ? data : "(out of memory)");
        gongwen_free(data);
        return cli_finish_stdout(CLI_OK);
    }
    const cli_command *c = cli_find_command(cmd);
    if (!c) {
        if (cmd[0] == '-')
            return cli_usage(NULL, "unknown option '%s' (options come after the command)", cmd);
        return cli_usage(NULL, "no such command: %s", cmd);
    }
    cli_getopt_reset();
    return c->run(argc - 1, argv + 1);
}
