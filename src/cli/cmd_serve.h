/*
** cmd_serve.h: the web-service commands (issue 7): serve, token, search,
** takedown, alert. main.c includes this when present and lists
** PX_SERVE_COMMANDS in its command table.
*/
#ifndef PX_CLI_CMD_SERVE_H
#define PX_CLI_CMD_SERVE_H

#include "cli/cli.h"

int px_cmd_serve(px_cli *cli, int argc, char **argv);
int px_cmd_token(px_cli *cli, int argc, char **argv);
int px_cmd_search(px_cli *cli, int argc, char **argv);
int px_cmd_takedown(px_cli *cli, int argc, char **argv);
int px_cmd_alert(px_cli *cli, int argc, char **argv);

#define PX_SERVE_COMMANDS                                                      \
  {"serve", px_cmd_serve,                                                      \
   "serve [--port 8080] [--bind 127.0.0.1] [--smtp URL] [--mail-from ADDR]",  \
   "run the web UI and JSON API (Ctrl-C stops it)"},                           \
  {"token", px_cmd_token,                                                      \
   "token create [NAME] [--expires DAYS] | list | revoke ID",                  \
   "API tokens for write requests (shown once at creation)"},                  \
  {"search", px_cmd_search,                                                    \
   "search QUERY [--source S] [--lang L] [--from D] [--to D]",                 \
   "full-text search, results grouped by story"},                              \
  {"takedown", px_cmd_takedown,                                                \
   "takedown --source NAME | --url URL [--reason TEXT] | --list",              \
   "remove content everywhere and refuse it later"},                           \
  {"alert", px_cmd_alert,                                                      \
   "alert add QUERY [--webhook URL] [--email ADDR] | list | delete ID"         \
   " | run [--smtp URL]",                                                      \
   "saved searches that notify a webhook or email"},

#endif
