#!/bin/sh
# Conformance run: feedparser's 1,361 test cases through Parallax's feed
# parser. Prints pass/fail/skip per folder, then every failing and skipped
# case with its reason. Usage: bench/feeds/run.sh [BUILD_DIR] [check.py args]
set -e
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../../build}
[ $# -gt 0 ] && shift
ninja -C "$build" bench/feed2json >/dev/null
exec python3 "$here/check.py" --driver "$build/bench/feed2json" "$@"
