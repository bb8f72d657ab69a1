/* cmd.h: the commands that live in files of their own (cmd_check.c, cmd_proof.c). Each takes
 * the arguments after the command name (argv[0] is the command) and returns the exit status. */
#ifndef GW_CLI_CMD_H
#define GW_CLI_CMD_H

int gw_cmd_check(int argc, char **argv);
int gw_cmd_proof(int argc, char **argv);
extern const char gw_usage_check[];
extern const char gw_usage_proof[];

#endif
