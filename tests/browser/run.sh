#!/bin/sh
# run.sh: end-to-end browser tests. Installs Debian's chromium and the
# pinned playwright-core when missing, ingests the seeds into a fresh store,
# starts `parallax serve` on 127.0.0.1 (ephemeral port), runs the checks in
# story.test.mjs and stops the server. Screenshots: $BUILD/artefacts/browser/.
# usage: tests/browser/run.sh [BUILD_DIR]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${1:-$root/build}
case $build in /*) ;; *) build=$root/$build ;; esac
px=$build/src/cli/parallax
out=$build/artefacts/browser
[ -x "$px" ] || { echo "run.sh: build first ($px missing)"; exit 2; }

if ! [ -x /usr/bin/chromium ]; then
  SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium
fi
if ! command -v npm >/dev/null 2>&1; then
  SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq nodejs npm
fi
if ! [ -d "$here/node_modules/playwright-core" ]; then
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
fi

tmp=$(mktemp -d)
pid=
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT INT TERM
"$px" --db "$tmp/px.db" -q add "$root/tests/fixtures/seeds"
"$px" --db "$tmp/px.db" serve --port 0 > "$tmp/serve.out" 2>&1 &
pid=$!
url=
for _ in $(seq 1 50); do
  url=$(sed -n 's|^Parallax serving \(http://[^ ]*\)/ .*|\1|p' "$tmp/serve.out")
  [ -n "$url" ] && break
  sleep 0.1
done
[ -n "$url" ] || { cat "$tmp/serve.out"; echo "run.sh: server did not start"; exit 1; }
mkdir -p "$out"
node "$here/story.test.mjs" "$url" "$out"
echo "screenshots in $out"
