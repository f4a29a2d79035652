#!/bin/sh
# Scale benchmark for feed fetching (issue 4). Serves N feeds (default
# 10,000, 3 full-text entries each) from a loopback server it starts and
# stops (bench/feeds/feedserver, 127.0.0.1 only), then:
#   1. one full round into a fresh store: wall time and peak memory;
#   2. a second store: the daemon is killed with SIGTERM halfway through a
#      round, restarted as `fetch`, and the server's counters must show
#      every feed served in full exactly once;
#   3. another round: every feed must answer 304 and nothing is re-parsed.
# `fetch --no-refresh` leaves the per-story analysis (the pipeline's
# refresh step, not part of fetching) for later, so the figures are the
# fetch round's; the daemon in step 2 does refresh as in production.
# Usage: bench/feeds/scale.sh [BUILD_DIR] [N] [PER_HOST]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../../build}
n=${2:-10000}
per_host=${3:-8}
px="$build/src/cli/parallax"
ninja -C "$build" src/cli/parallax bench/feedserver >/dev/null
tmp=$(mktemp -d)
srv_pid=""
cleanup() {
  [ -n "$srv_pid" ] && kill "$srv_pid" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

"$build/bench/feedserver" --feeds "$n" --entries 3 > "$tmp/port" &
srv_pid=$!
for _ in 1 2 3 4 5 6 7 8 9 10; do grep -q PORT "$tmp/port" 2>/dev/null && break; sleep 0.2; done
port=$(awk '/PORT/{print $2}' "$tmp/port")
base="http://127.0.0.1:$port"
stats() { curl -s "$base/__stats"; }
python3 - "$n" "$base" > "$tmp/subs.opml" <<'PY'
import sys
n, base = int(sys.argv[1]), sys.argv[2]
print('<?xml version="1.0"?><opml version="2.0"><head><title>bench</title></head><body>')
for i in range(n):
    print('<outline type="rss" text="Outlet %d" xmlUrl="%s/feed/%d.xml"/>' % (i, base, i))
print('</body></opml>')
PY
opts="--no-pages --concurrency 16 --per-host $per_host"
count() {
  python3 -c "
import sqlite3,sys
c=sqlite3.connect(sys.argv[1])
print('articles=%d entries=%d pending=%d' % tuple(c.execute(
 'select (select count(*) from articles),(select count(*) from feed_entries),(select count(*) from feed_pending)').fetchone()))" "$1"
}

echo "== 1. one full round: $n feeds x 3 entries from $base ($opts) [$(date +%T)]"
"$px" --db "$tmp/a.db" -q subscribe --opml "$tmp/subs.opml"
/usr/bin/time -f "round: %e s wall, %U s user, %S s sys, peak RSS %M KiB" \
  "$px" --db "$tmp/a.db" fetch --no-refresh $opts
count "$tmp/a.db"
echo "server: $(stats)"

echo "== 2. SIGTERM halfway, restart: nothing lost, nothing served twice [$(date +%T)]"
curl -s "$base/__reset" >/dev/null
"$px" --db "$tmp/b.db" -q subscribe --opml "$tmp/subs.opml"
"$px" --db "$tmp/b.db" daemon $opts > "$tmp/daemon.out" 2> "$tmp/daemon.err" &
dpid=$!
half=$((n / 2))
while :; do
  ok=$(stats | sed 's/.*"ok":\([0-9]*\).*/\1/')
  [ "$ok" -ge "$half" ] && break
  kill -0 "$dpid" 2>/dev/null || break
  sleep 0.02
done
kill -TERM "$dpid"
set +e; wait "$dpid"; rc=$?; set -e
echo "daemon stopped at $ok/$n feeds served, exit code $rc"
tail -n 2 "$tmp/daemon.err"
count "$tmp/b.db"
/usr/bin/time -f "restart round: %e s wall, peak RSS %M KiB" "$px" --db "$tmp/b.db" fetch --no-refresh $opts
count "$tmp/b.db"
s=$(stats)
echo "server: $s"
echo "$s" | python3 -c "
import json,sys
s=json.load(sys.stdin)
assert s['feeds_served_twice']==0, 'a feed was served in full twice'
assert s['feeds_never_served']==0, 'a feed was never fetched'
print('OK: every feed served in full exactly once across the restart')"

echo "== 3. next round: everything unchanged [$(date +%T)]"
"$px" --db "$tmp/b.db" --json fetch --all --no-refresh $opts | tee "$tmp/r3.json"
python3 -c "
import json,sys
r=json.load(open(sys.argv[1])); n=int(sys.argv[2])
assert r['not_modified']==n and r['parsed']==0 and r['entries_new']==0, r
print('OK: %d/%d feeds answered 304, none parsed, no new entries' % (r['not_modified'], n))" "$tmp/r3.json" "$n"
