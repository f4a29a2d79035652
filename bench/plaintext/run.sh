#!/bin/sh
# Plain-text cleaner: speed over the seeds and our golden inputs, and body
# retention over the stories benchmark's 510 boilerplate-free articles.
# Usage: bench/plaintext/run.sh [BUILD_DIR]   (default: build)
set -e
root=$(cd "$(dirname "$0")/../.." && pwd)
b=${1:-$root/build}
ninja -C "$b" bench/plaintext_bench >/dev/null
"$b/bench/plaintext_bench" speed 200 "$root"/tests/fixtures/seeds/*.txt "$root"/tests/golden/plaintext/*.txt
"$b/bench/plaintext_bench" retain "$root/../shared/bench/stories/docs.jsonl"
