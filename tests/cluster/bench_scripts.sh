#!/bin/sh
# bench_scripts.sh: the story bench scripts a newcomer reruns (issue 14):
# via_cli.py scores what was stored when `parallax add` exits 1 (some
# inputs refused), and no script reads its data from a fixed absolute path.
# Usage: bench_scripts.sh SOURCE_ROOT PARALLAX
set -eu
SRC=$1 PX=$2
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
printf '%s\n' \
  '{"id":"a1","title":"Harbour bridge reopens","text":"The harbour bridge reopened on Tuesday after eight months of repairs, officials said."}' \
  '{"id":"a2","title":"","text":""}' > "$T/docs.jsonl"
/usr/bin/python3 "$SRC/bench/stories/via_cli.py" "$PX" "$T/docs.jsonl" "$T/out.tsv" > "$T/log"
grep -q '^a1	' "$T/out.tsv" || { echo "via_cli.py: a1 not scored"; exit 1; }
if grep -n '/work/' "$SRC"/bench/*/*.py "$SRC"/bench/*/*.sh "$SRC"/tests/*/*.c; then
  echo "a bench script or test names a fixed absolute path (use ../shared)"; exit 1
fi
echo ok
