#!/usr/bin/env bash
# pg_backends.sh: the seeds through the command on both backends, which
# must answer alike: a throwaway PostgreSQL server on loopback
# (tests/common/pg_server.sh) and a SQLite file, the same add, stories,
# story, articles, copies and search, the outputs compared byte for byte.
# Skips (77) when no PostgreSQL server binaries are installed.
set -u
root=${PX_SOURCE_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
px=${PX_BUILD_ROOT:-$root/build}/src/cli/parallax
. "$root/tests/common/pg_server.sh"
pg_server_bin >/dev/null || { echo "no PostgreSQL server binaries: skipped"; exit 77; }

tmp=$(mktemp -d /tmp/px-pg-backends.XXXXXX)
cleanup() { pg_server_stop "$tmp/pg"; rm -rf "$tmp"; }
trap cleanup EXIT
chmod 711 "$tmp"  # the server user must reach its folder inside
mkdir "$tmp/pg"
pg_server_start "$tmp/pg" || { echo "could not start PostgreSQL"; exit 1; }

seeds=$root/tests/fixtures/seeds
sq=$tmp/store.db
fail=0
# Search JSON without what the backends rank and cut differently (scores,
# snippets, order within a story): what matched, grouped how.
matched() {
  python3 -c 'import json,sys
t=sys.stdin.read()
try: r=json.loads(t)
except ValueError: sys.stdout.write(t); sys.exit(0)
for s in r.get("stories",[]):
    for a in s.get("articles",[]): a.pop("score",None); a.pop("snippet",None)
    s["articles"].sort(key=lambda a: a["article_id"])
r.get("stories",[]).sort(key=lambda s: s.get("story_id",0))
print(json.dumps(r, indent=1, sort_keys=True))'
}
# run NAME ARGS...: the same command on both stores; outputs and exit codes
# compared (search output as matched() leaves it).
run() {
  local name=$1; shift
  "$px" --db "$PX_PG_URL" "$@" >"$tmp/$name.pg" 2>&1; local a=$?
  "$px" --db "$sq" "$@" >"$tmp/$name.sq" 2>&1; local b=$?
  sed -i "s|$PX_PG_URL|STORE|g" "$tmp/$name.pg"
  sed -i "s|$sq|STORE|g" "$tmp/$name.sq"
  if [ "${name#search}" != "$name" ]; then
    matched <"$tmp/$name.pg" >"$tmp/$name.pgm" && cp "$tmp/$name.pgm" "$tmp/$name.pg"
    matched <"$tmp/$name.sq" >"$tmp/$name.sqm" && cp "$tmp/$name.sqm" "$tmp/$name.sq"
  fi
  if [ $a != $b ] || ! cmp -s "$tmp/$name.pg" "$tmp/$name.sq"; then
    echo "FAIL: $* (exit $a on postgresql, $b on sqlite)"
    diff "$tmp/$name.pg" "$tmp/$name.sq" | head -20
    fail=1
  else
    echo "ok: $* ($(wc -l <"$tmp/$name.sq") lines, exit $a)"
  fi
}
run add add "$seeds"
run add-again add "$seeds"
run stories stories
# PARALLAX_DB names the database as --db does.
PARALLAX_DB=$PX_PG_URL "$px" stories >"$tmp/env.pg" 2>&1 &&
  cmp -s "$tmp/env.pg" "$tmp/stories.pg" && echo "ok: PARALLAX_DB=postgresql://... stories" ||
  { echo "FAIL: PARALLAX_DB=postgresql://... stories"; fail=1; }
run stories-json --json stories
run story --json story 1
run story-md --markdown story 1
run articles --json articles
for id in 1 2 3 4 5; do run "copies$id" --json copies "$id"; done
run article --json article 3
run raw article 2 --raw
run search1 --json search 'Blinken'
run search2 --json search '"Chinese foreign minister"'
run search3 --json search 'Taiwan -Russia'
run search4 --json search 'diplom*'
run search5 --json search 'China' --from 2023-06-19 --to 2023-06-20
run search6 --json search 'China' --source 'Inquirer News'
run search7 search 'nothingmatchesthisword'
run search8 --json search 'Taiwan OR nothingzz'
run search9 --json search '"foreign minis"*'
run search10 --json search 'Reuters'
run search11 search 'a*'
run delete delete --article 2
run after-delete --json stories
run search-after-delete --json search 'Blinken'
run config config cluster.entity_boost 2
run after-config --json stories
exit $fail
