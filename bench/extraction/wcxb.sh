#!/bin/sh
# bench/extraction/wcxb.sh: Parallax's HTML extractor on the 1,497
# labelled WCXB dev pages (../shared/bench/wcxb-dev beside the project). Writes the
# predictions score.py reads and prints word F1/P/R per page type and
# overall for the DEV split and the held-out VALIDATION split (by site:
# wcxb_score.py), plus pages/s and peak RSS on one pinned core.
#
#   bench/extraction/wcxb.sh
#   ROUNDS=3 CORE=1 bench/extraction/wcxb.sh
#   PAGES=per-page.tsv bench/extraction/wcxb.sh   # one line per page too
#
# Retraining the block scorer: bench/extraction/train.sh.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
DATA=${DATA:-$ROOT/../shared/bench/wcxb-dev}
BUILD=${BUILD:-$ROOT/build-bench-extraction}
CORE=${CORE:-0}
ROUNDS=${ROUNDS:-1}
OUT=${OUT:-$BUILD/extraction-results}
PY=/usr/bin/python3
mkdir -p "$OUT"
if [ ! -f "$BUILD/build.ninja" ]; then
  meson setup "$BUILD" "$ROOT" --buildtype=release -Dtests=disabled >/dev/null
fi
ninja -C "$BUILD" bench/extract_bench >/dev/null
taskset -c "$CORE" "$BUILD/bench/extract_bench" "$DATA/html" "$OUT/wcxb.json" "$ROUNDS" \
  > "$OUT/wcxb.speed" 2> "$OUT/wcxb.log"
$PY "$HERE/wcxb_score.py" "$OUT/wcxb.json" "$DATA" ${PAGES:+--pages "$PAGES"}
sed 's/^parallax /speed: /' "$OUT/wcxb.speed"
