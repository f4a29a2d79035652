#!/bin/sh
# run.sh: quality and speed figures for the analyze stage.
#   quotes, speakers, claim verdicts and disagreement recall on the real-text
#   sets (bench/analyze/real: dev, then the frozen part, which rules are
#   never developed against), the template regression sets
#   (bench/analyze/quotes.jsonl, claims.jsonl; regenerate with gen_sets.py),
#   then the 50-article speed benchmark.
# Usage: bench/analyze/run.sh [BUILD_DIR]   (default: build)
set -e
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${1:-$root/build}
ninja -C "$build" bench/eval_analyze bench/bench_analyze bench/analyze_json >/dev/null
for set in dev frozen; do
  python3 "$here/real/score_real.py" --build "$build" --set $set | tail -2 | sed "s/^/$set /"
done
"$build/bench/eval_analyze" "$here/quotes.jsonl" "$here/claims.jsonl"
taskset -c 0 "$build/bench/bench_analyze" "$root/tests/fixtures/analyze/seeds.docs" \
  "$root/tests/fixtures/analyze/steel.docs" 20 2>/dev/null ||
  "$build/bench/bench_analyze" "$root/tests/fixtures/analyze/seeds.docs" \
  "$root/tests/fixtures/analyze/steel.docs" 20
