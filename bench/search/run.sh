#!/bin/sh
# run.sh: search recall on inflected forms (en, de, fr, es, it, pt) and
# query time, in process, over the recall set's ~4,000 documents.
# usage: bench/search/run.sh [BUILD_DIR]   (writes to a temporary folder)
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
python3 "$root/bench/search/corpus.py" "$tmp/docs.jsonl"
for mode in auto lang; do
  flag=""
  [ "$mode" = lang ] && flag=--lang
  "$build/bench/search_bench" "$tmp/px.db" "$tmp/docs.jsonl" \
    "$root/bench/search/queries.tsv" $flag --repeat "${REPEAT:-5}" > "$tmp/res-$mode.tsv"
  python3 "$root/bench/search/recall.py" "$tmp/docs.jsonl" \
    "$root/bench/search/queries.tsv" "$tmp/res-$mode.tsv" "query language: $mode"
done
