#!/bin/sh
# bench/extraction/train.sh: retrains the extractor's block scorer and
# regenerates src/extract/html_model.h (then rebuild and rerun wcxb.sh and
# run.sh). Features come from the current extractor (bench/block_features)
# on the WCXB pages and the 91 benchmark pages; train_blocks.py reads only
# the DEV split of WCXB. Needs Debian python3-sklearn and python3-numpy.
#   bench/extraction/train.sh            # ITERS=120 LEAVES=15 by default
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BUILD=${BUILD:-$ROOT/build-bench-extraction}
TMP=${TMP:-$BUILD/extraction-results}
mkdir -p "$TMP"
if [ ! -f "$BUILD/build.ninja" ]; then
  meson setup "$BUILD" "$ROOT" --buildtype=release -Dtests=disabled >/dev/null
fi
ninja -C "$BUILD" bench/block_features >/dev/null
SHARED=${SHARED:-$ROOT/../shared}
"$BUILD/bench/block_features" "$SHARED/bench/wcxb-dev/html" "$TMP/wcxb-features.tsv"
"$BUILD/bench/block_features" "$SHARED/bench/extraction/html" "$TMP/bench91-features.tsv"
/usr/bin/python3 "$HERE/train_blocks.py" "$TMP/wcxb-features.tsv" "$TMP/bench91-features.tsv" \
  "$ROOT/src/extract/html_model.h"
