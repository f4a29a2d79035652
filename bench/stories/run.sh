#!/bin/sh
# bench/stories/run.sh: story clustering quality and speed on the ECB+ half
# in ../shared/bench/stories beside the project (PX_STORIES_DATA overrides),
# Parallax next to the scikit-learn baselines.
# Streams docs.jsonl in file order; scores with score.py (B-cubed and
# pairwise P/R/F1). Installs python3-sklearn with apt when it is missing.
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DATA=${PX_STORIES_DATA:-$ROOT/../shared/bench/stories}
BUILD=${BUILD:-$ROOT/build}
PY=/usr/bin/python3
if ! $PY -c 'import sklearn' 2>/dev/null; then
  SUDO=$([ "$(id -u)" = 0 ] || echo sudo)
  $SUDO apt-get install -y -qq python3-sklearn python3-numpy >/dev/null
fi
[ -f "$BUILD/build.ninja" ] || meson setup "$BUILD" "$ROOT" >/dev/null
ninja -C "$BUILD" bench/stories_run src/cli/parallax >/dev/null
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
echo "== Parallax (default options)"
PX_RELATED="$OUT/related.tsv" "$BUILD/bench/stories_run" "$DATA/docs.jsonl" "$OUT/parallax.tsv"
$PY "$ROOT/bench/stories/score.py" "$DATA/gold.tsv" "$OUT/parallax.tsv"
echo "== related-story links between those stories (right: fragments of one event)"
$PY "$ROOT/bench/stories/related.py" "$DATA/gold.tsv" "$OUT/parallax.tsv" "$OUT/related.tsv"
echo "== Parallax as a user runs it: parallax add of the JSON lines (default settings)"
$PY "$ROOT/bench/stories/via_cli.py" "$BUILD/src/cli/parallax" "$DATA/docs.jsonl" "$OUT/cli.tsv"
$PY "$ROOT/bench/stories/score.py" "$DATA/gold.tsv" "$OUT/cli.tsv"
echo "== the same with the time window off (cluster.window_days 0)"
$PY "$ROOT/bench/stories/via_cli.py" "$BUILD/src/cli/parallax" "$DATA/docs.jsonl" "$OUT/cli0.tsv" \
  cluster.window_days=0
$PY "$ROOT/bench/stories/score.py" "$DATA/gold.tsv" "$OUT/cli0.tsv"
echo "== scikit-learn online TF-IDF baseline (same threshold rule; thresholds swept)"
$PY "$ROOT/bench/stories/baseline_sklearn.py" "$DATA/docs.jsonl" "$DATA/gold.tsv" \
  0.15 0.2 0.25 0.3
