#!/bin/sh
# bench/dedup/run.sh: copy detection and scale figures.
#  1. MinHash signatures: C against the datasketch computation in numpy, on
#     the shingles of the 510 ECB+ articles (identical signatures checked).
#  2. Copy detection on a labelled set built from real text
#     (make_copyset.py; see README.md): pairwise P/R/F1 and ARI.
#  3. N synthetic articles (SCALE_N, default 1,000,000) deduplicated and
#     clustered: time, articles per CPU second, peak RSS at checkpoints.
# Installs python3-numpy and python3-sklearn with apt when missing.
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DATA=${PX_STORIES_DATA:-$ROOT/../shared/bench/stories}
BUILD=${BUILD:-$ROOT/build}
SCALE_N=${SCALE_N:-1000000}
PY=/usr/bin/python3
if ! $PY -c 'import numpy, sklearn' 2>/dev/null; then
  SUDO=$([ "$(id -u)" = 0 ] || echo sudo)
  $SUDO apt-get install -y -qq python3-numpy python3-sklearn >/dev/null
fi
[ -f "$BUILD/build.ninja" ] || meson setup "$BUILD" "$ROOT" >/dev/null
ninja -C "$BUILD" bench/minhash_bench bench/copy_eval bench/scale_bench >/dev/null
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

echo "== MinHash: C vs numpy (datasketch scheme), 128 permutations"
"$BUILD/bench/minhash_bench" "$DATA/docs.jsonl" "$OUT/mh.bin" 128 30 | tee "$OUT/mh.txt" | grep -v C_SECONDS
$PY "$ROOT/bench/dedup/minhash_numpy.py" "$OUT/mh.bin" \
  "$(grep C_SECONDS "$OUT/mh.txt" | cut -d' ' -f2)" 3

echo "== Copy detection on the labelled copy set"
$PY "$ROOT/bench/dedup/make_copyset.py" "$DATA/docs.jsonl" "$OUT/copyset.jsonl" 1
"$BUILD/bench/copy_eval" "$OUT/copyset.jsonl" "$OUT/copies.tsv"
$PY "$ROOT/bench/dedup/score_copies.py" "$OUT/copyset.jsonl" "$OUT/copies.tsv"

echo "== $SCALE_N synthetic articles: dedup + clustering"
"$BUILD/bench/scale_bench" "$SCALE_N" "$OUT/state.snap"
