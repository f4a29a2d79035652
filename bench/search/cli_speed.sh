#!/bin/sh
# cli_speed.sh PARALLAX DB: 10 queries x 5 through `parallax search`
# (process start included); prints the mean wall time per query.
# Store: bench/serve/mkstore.sh 3000 DB (see bench/search/README.md).
px=$1 db=$2
qs="said|officials|talks|police arrested|\"the company\"|earthquake|fire -church|president OR minister|govern*|killed"
t0=$(date +%s.%N)
n=0
for r in 1 2 3 4 5; do
  echo "$qs" | tr '|' '\n' | while IFS= read -r q; do
    "$px" --db "$db" search $q > /dev/null || echo "fail $q"
  done
  n=$((n+10))
done
t1=$(date +%s.%N)
echo "$n queries: $(echo "($t1 - $t0)*1000/$n" | bc) ms per query (process start included)"
