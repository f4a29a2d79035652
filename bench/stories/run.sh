#!/bin/sh
# bench/stories/run.sh: story clustering quality and speed on the ECB+ half
# in ../shared/bench/stories beside the project (PX_STORIES_DATA overrides),
# Parallax next to the scikit-learn baselines, side by side in one run:
# Parallax's clusterer (defaults, and with its threshold chosen by
# cross-validation by topic), Parallax as a user runs it (`parallax add` of
# the JSON lines; of one plain-text file per article), the online
# scikit-learn baseline, average-link TF-IDF with the cut chosen by
# cross-validation by topic, k-means told the true number of stories.
# Streams docs.jsonl in file order; scores with score.py (B-cubed and
# pairwise P/R/F1); ends with a Markdown table of every row. Installs
# python3-sklearn with apt when it is missing.
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DATA=${PX_STORIES_DATA:-$ROOT/../shared/bench/stories}
BUILD=${BUILD:-$ROOT/build}
PY=/usr/bin/python3
HERE=$ROOT/bench/stories
if ! $PY -c 'import sklearn, scipy' 2>/dev/null; then
  SUDO=$([ "$(id -u)" = 0 ] || echo sudo)
  $SUDO apt-get install -y -qq python3-sklearn python3-numpy python3-scipy >/dev/null
fi
[ -f "$BUILD/build.ninja" ] || meson setup "$BUILD" "$ROOT" >/dev/null
ninja -C "$BUILD" bench/stories_run src/cli/parallax >/dev/null
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
ROWS=$OUT/rows.txt
: >"$ROWS"
# row NAME PRED.tsv SECONDS: appends NAME<TAB>figures to the table's rows.
row() {
  printf '%s\t' "$1" >>"$ROWS"
  $PY -c 'import json, sys
sys.path.insert(0, sys.argv[1])
from score import read, score
s = score(read(sys.argv[2]), read(sys.argv[3]))
s["seconds"] = float(sys.argv[4])
print(json.dumps(s))' "$HERE" "$DATA/gold.tsv" "$2" "$3" >>"$ROWS"
}
secs() { sed -n 's/.* in \([0-9.]*\) s.*/\1/p' "$1" | head -n 1; }

echo "== Parallax (default options)"
PX_RELATED="$OUT/related.tsv" "$BUILD/bench/stories_run" "$DATA/docs.jsonl" \
  "$OUT/parallax.tsv" 2>&1 | tee "$OUT/log"
$PY "$HERE/score.py" "$DATA/gold.tsv" "$OUT/parallax.tsv"
row parallax "$OUT/parallax.tsv" "$(secs "$OUT/log")"
echo "== Parallax, threshold chosen by cross-validation by topic"
$PY "$HERE/cv_parallax.py" "$BUILD" "$DATA/docs.jsonl" "$DATA/gold.tsv" >>"$ROWS"
tail -n 1 "$ROWS"
echo "== related-story links between those stories (right: fragments of one event)"
$PY "$HERE/related.py" "$DATA/gold.tsv" "$OUT/parallax.tsv" "$OUT/related.tsv"
echo "== Parallax as a user runs it: parallax add of the JSON lines (default settings)"
$PY "$HERE/via_cli.py" "$BUILD/src/cli/parallax" "$DATA/docs.jsonl" "$OUT/cli.tsv" | tee "$OUT/log"
$PY "$HERE/score.py" "$DATA/gold.tsv" "$OUT/cli.tsv"
row cli_jsonl "$OUT/cli.tsv" "$(secs "$OUT/log")"
echo "== parallax add of one plain-text file per article (default settings)"
$PY "$HERE/via_cli.py" --plain "$BUILD/src/cli/parallax" "$DATA/docs.jsonl" "$OUT/plain.tsv" | tee "$OUT/log"
$PY "$HERE/score.py" "$DATA/gold.tsv" "$OUT/plain.tsv"
row cli_plain "$OUT/plain.tsv" "$(secs "$OUT/log")"
echo "== the JSON lines with the time window off (cluster.window_days 0)"
$PY "$HERE/via_cli.py" "$BUILD/src/cli/parallax" "$DATA/docs.jsonl" "$OUT/cli0.tsv" \
  cluster.window_days=0
$PY "$HERE/score.py" "$DATA/gold.tsv" "$OUT/cli0.tsv"
echo "== scikit-learn online TF-IDF baseline (same threshold rule; thresholds swept)"
$PY "$HERE/baseline_sklearn.py" "$DATA/docs.jsonl" "$DATA/gold.tsv" 0.15 0.2 0.25 0.3
$PY "$HERE/baseline_sklearn.py" "$DATA/docs.jsonl" "$DATA/gold.tsv" --json \
  0.15 0.2 0.25 0.3 >>"$ROWS"
echo "== batch baselines: average-link TF-IDF (cut by CV by topic), k-means with the true k"
$PY "$HERE/batch_baselines.py" "$DATA/docs.jsonl" "$DATA/gold.tsv" | tee -a "$ROWS" | cut -c1-160
echo
echo "== side by side (this run)"
$PY "$HERE/table.py" <"$ROWS"
