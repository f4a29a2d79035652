#!/bin/sh
# mkstore.sh: build a synthetic store of N articles (bench/serve/mkstore.py)
# with `parallax add` in batches, printing the rate of each batch.
# usage: bench/serve/mkstore.sh N DB [BUILD_DIR]
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
n=$1 db=$2
build=${3:-$root/build}
px=$build/src/cli/parallax
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
python3 "$root/bench/serve/mkstore.py" "$n" "$tmp" "${BATCH:-2500}"
for f in "$tmp"/batch-*.jsonl; do
  t0=$(date +%s.%N)
  "$px" --db "$db" -q add "$f"
  t1=$(date +%s.%N)
  echo "$(basename "$f"): $(wc -l < "$f") articles in $(echo "$t1 - $t0" | bc) s"
done
