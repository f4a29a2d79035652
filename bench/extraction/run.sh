#!/bin/sh
# bench/extraction/run.sh: article-extraction quality and speed, Parallax
# against its peers, in one run. Prints F1/precision/recall with the
# benchmark's own scorer (score.py) and pages/s, MB/s, peak RSS and the
# speed ratios, each program pinned to one core (taskset -c $CORE).
#
#   bench/extraction/run.sh            # everything
#   PEERS=0 bench/extraction/run.sh    # Parallax and libxml2 only
#
# Installs what it needs: Debian python3-readability/python3-lxml (apt,
# when root) and npm @mozilla/readability + jsdom (npm ci, lockfile).
# Data: ../shared/bench/extraction beside the project (override with DATA=...).
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
DATA=${DATA:-$ROOT/../shared/bench/extraction}
BUILD=${BUILD:-$ROOT/build-bench-extraction}
CORE=${CORE:-0}
ROUNDS=${ROUNDS:-20}
PEERS=${PEERS:-1}
OUT=${OUT:-$BUILD/extraction-results}
PY=/usr/bin/python3
mkdir -p "$OUT"
rm -f "$OUT"/*.speed "$OUT"/*.json

if [ ! -f "$BUILD/build.ninja" ]; then
  meson setup "$BUILD" "$ROOT" --buildtype=release -Dtests=disabled >/dev/null
fi
ninja -C "$BUILD" bench/extract_bench bench/xml_bench >/dev/null

if [ "$PEERS" = 1 ]; then
  if ! $PY -c 'import readability, lxml' 2>/dev/null; then
    if [ "$(id -u)" = 0 ]; then
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-readability python3-lxml >/dev/null
    else
      echo "need: apt-get install python3-readability python3-lxml" >&2
    fi
  fi
  if [ ! -d "$HERE/node_modules/jsdom" ]; then
    (cd "$HERE" && npm ci --no-audit --no-fund >/dev/null 2>&1)
  fi
fi

run() { # name, command...
  name=$1; shift
  taskset -c "$CORE" "$@" > "$OUT/$name.speed" 2> "$OUT/$name.log" || {
    echo "$name failed; see $OUT/$name.log" >&2; return 0; }
}
run parallax "$BUILD/bench/extract_bench" "$DATA/html" "$OUT/parallax.json" "$ROUNDS"
run libxml2 "$BUILD/bench/xml_bench" "$DATA/html" 3
if [ "$PEERS" = 1 ]; then
  run readability-js node "$HERE/readability_js.js" "$DATA/html" "$OUT/readability-js.json"
  run readability-lxml $PY "$HERE/readability_lxml.py" "$DATA/html" "$OUT/readability-lxml.json"
fi

$PY - "$OUT" "$DATA" <<'PYEOF'
import json, os, re, subprocess, sys
out, data = sys.argv[1], sys.argv[2]
rows = []
for name in ['parallax', 'libxml2', 'readability-js', 'readability-lxml']:
    sp = os.path.join(out, name + '.speed')
    if not os.path.exists(sp) or not open(sp).read().strip():
        continue
    kv = dict(re.findall(r'(\w+)=([\d.]+)', open(sp).read()))
    pred = os.path.join(out, name + '.json')
    q = {}
    if os.path.exists(pred):
        s = subprocess.run(['/usr/bin/python3', os.path.join(data, 'score.py'),
                            os.path.join(data, 'ground-truth.json'), pred],
                           capture_output=True, text=True).stdout
        q = dict(re.findall(r'(\w+)=([\d.]+)', s))
    rows.append((name, q, kv))
base = next((float(kv['pages_per_s']) for n, q, kv in rows if n == 'parallax'), None)
basec = next((float(kv['cpu_pages_per_s']) for n, q, kv in rows if n == 'parallax'), None)
print(f"{'extractor':18} {'F1':>6} {'prec':>6} {'recall':>6} {'pages/s':>9} {'MB/s':>7} {'peak MB':>8} {'cpu pg/s':>9} {'px/this':>8} {'(cpu)':>8}")
for n, q, kv in rows:
    ratio = base / float(kv['pages_per_s']) if base else 0
    cratio = basec / float(kv['cpu_pages_per_s']) if basec else 0
    print(f"{n:18} {q.get('F1', '-'):>6} {q.get('precision', '-'):>6} {q.get('recall', '-'):>6} "
          f"{float(kv['pages_per_s']):9.1f} {float(kv['mb_per_s']):7.1f} {float(kv['peak_rss_mb']):8.1f} "
          f"{float(kv['cpu_pages_per_s']):9.1f} {ratio:7.1f}x {cratio:7.1f}x")
print("pages/s: wall clock on one core; cpu pg/s: per CPU-second (differs when the core is shared).")
print("px/this: Parallax's speed over this program's, wall clock and (cpu) per CPU-second.")
print("libxml2 is htmlReadMemory alone (tree building, no extraction), for reference.")
PYEOF
