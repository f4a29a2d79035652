#!/bin/sh
# run.sh: load test of the web server on loopback with wrk (Debian's wrk,
# installed when missing). Builds a store from the five seeds plus the 510
# articles of ../shared/bench/stories (if present), starts
# `parallax serve` on an ephemeral port and drives the story page and the
# search API for a bounded time each, printing p50/p99 latency and
# requests/s. Never part of `make test`.
# usage: bench/serve/run.sh [BUILD_DIR]   env: DURATION=10s CONNS=32 THREADS=2
# DB=path runs against an existing store instead (e.g. one built with
# bench/serve/mkstore.sh), read only; PX=path runs another binary.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build}
case $build in /*) ;; *) build=$root/$build ;; esac
px=${PX:-$build/src/cli/parallax}
dur=${DURATION:-10s}
conns=${CONNS:-32}
threads=${THREADS:-2}
[ -x "$px" ] || { echo "bench/serve: build first ($px missing)"; exit 2; }
if ! command -v wrk >/dev/null; then
  SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq wrk
fi
tmp=$(mktemp -d)
pid=
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT INT TERM
db=${DB:-}
if [ -z "$db" ]; then
  db=$tmp/px.db
  "$px" --db "$db" -q add "$root/tests/fixtures/seeds"
  extra=$root/../shared/bench/stories/docs.jsonl
  [ -f "$extra" ] && "$px" --db "$db" -q add "$extra" || true
fi
narticles=$(sqlite3 "$db" 'SELECT count(*) FROM articles' 2>/dev/null ||
            "$px" --db "$db" --json articles | grep -c '"id"' || true)
"$px" --db "$db" serve --port 0 --threads "$threads" > "$tmp/serve.out" 2>&1 &
pid=$!
url=
for _ in $(seq 1 50); do
  url=$(sed -n 's|^Parallax serving \(http://[^ ]*\)/ .*|\1|p' "$tmp/serve.out")
  [ -n "$url" ] && break
  sleep 0.1
done
[ -n "$url" ] || { cat "$tmp/serve.out"; exit 1; }
story=$(curl -s "$url/api/stories?limit=1" | sed -n 's/.*"items":\[{"id":\([0-9]*\).*/\1/p')
echo "store: $narticles articles; server $url ($threads worker threads); wrk -t$threads -c$conns -d$dur"
run() {
  name=$1 path=$2
  curl -s -o /dev/null -w "  $name: HTTP %{http_code}, %{size_download} bytes\n" "$url$path"
  wrk -t"$threads" -c"$conns" -d"$dur" --latency "$url$path" > "$tmp/wrk.out"
  p50=$(awk '$1=="50%"{print $2}' "$tmp/wrk.out")
  p99=$(awk '$1=="99%"{print $2}' "$tmp/wrk.out")
  rps=$(awk '$1=="Requests/sec:"{print $2}' "$tmp/wrk.out")
  errs=$(grep -E 'Non-2xx|Socket errors' "$tmp/wrk.out" | tr '\n' ' ' || true)
  printf '%-22s p50 %-9s p99 %-9s %s req/s %s\n' "$name" "$p50" "$p99" "$rps" "$errs"
}
seed=$(curl -s "$url/api/articles/1" | sed -n 's/.*"story_id":\([0-9]*\).*/\1/p')
run "story page (seeds)" "/stories/${seed:-1}"
run "story page (largest)" "/stories/${story:-1}"
run "search API" "/api/search?q=blinken+OR+fire&limit=20"
run "search API (said)" "/api/search?q=said&limit=20"
run "search API (sai*)" "/api/search?q=sai*&limit=100"
run "front page" "/"
