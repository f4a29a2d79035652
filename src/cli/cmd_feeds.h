/*
** cmd_feeds.h: the feed commands (issue 4): subscribe, unsubscribe, feeds,
** fetch, daemon, opml-export. main.c includes this when present and lists
** PX_FEEDS_COMMANDS in its command table.
*/
#ifndef PX_CLI_CMD_FEEDS_H
#define PX_CLI_CMD_FEEDS_H

#include "cli/cli.h"

int px_cmd_subscribe(px_cli *cli, int argc, char **argv);
int px_cmd_unsubscribe(px_cli *cli, int argc, char **argv);
int px_cmd_feeds(px_cli *cli, int argc, char **argv);
int px_cmd_fetch(px_cli *cli, int argc, char **argv);
int px_cmd_daemon(px_cli *cli, int argc, char **argv);
int px_cmd_opml_export(px_cli *cli, int argc, char **argv);

#define PX_FEEDS_COMMANDS                                                      \
  {"subscribe", px_cmd_subscribe, "subscribe URL... | --opml FILE [--no-check]", \
   "follow feeds (a page URL is searched for its feed)"},                      \
  {"unsubscribe", px_cmd_unsubscribe, "unsubscribe URL|ID",                    \
   "stop following a feed (its articles stay)"},                               \
  {"feeds", px_cmd_feeds, "feeds",                                             \
   "list feeds: status, last and next fetch, errors"},                         \
  {"fetch", px_cmd_fetch, "fetch [--all] [--no-pages] [--no-refresh] [-v]",  \
   "fetch due feeds once and store their new articles"},                       \
  {"daemon", px_cmd_daemon, "daemon [--no-pages] [--concurrency N] [-v]",      \
   "keep fetching feeds as they come due (SIGTERM stops it cleanly)"},         \
  {"opml-export", px_cmd_opml_export, "opml-export [FILE]",                    \
   "write the subscriptions as OPML"},

#endif
