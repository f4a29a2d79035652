#!/usr/bin/env bash
# checksrc.sh: project rules a compiler does not check.
#  1. banned functions (curl's list): unbounded or locale-dependent calls
#  2. stages include only stages before them (pipeline order), so the
#     layout keeps showing the pipeline
# Prints each violation as FILE:LINE: reason; exits 1 when any.
set -u
cd "$(dirname "$0")/.."
bad=0
banned='\b(strcpy|strcat|sprintf|vsprintf|strtok|atoi|atol|strncpy|sscanf|gets)[[:space:]]*\('
while IFS= read -r hit; do
  echo "$hit: banned function"
  bad=1
done < <(grep -rnE "$banned" src include fuzz tests bench --include='*.c' --include='*.h' \
           | grep -vE '^\S+:[0-9]+:\s*(\*|//|/\*)' )

order=(util text ingest extract dedup cluster analyze store search serve cli)
rank() { local i; for i in "${!order[@]}"; do [ "${order[$i]}" = "$1" ] && echo "$i" && return; done; echo -1; }
for stage in "${order[@]}"; do
  [ -d "src/$stage" ] || continue
  me=$(rank "$stage")
  while IFS= read -r line; do
    file=${line%%:*}; rest=${line#*:}; lineno=${rest%%:*}
    inc=$(printf '%s' "$line" | sed -nE 's/.*#include "([a-z]+)\/.*/\1/p')
    [ -n "$inc" ] || continue
    r=$(rank "$inc")
    [ "$r" -ge 0 ] || continue
    if [ "$r" -gt "$me" ]; then
      echo "$file:$lineno: $stage includes $inc, a later stage"
      bad=1
    fi
  done < <(grep -rnE '#include "[a-z]+/' "src/$stage" --include='*.c' --include='*.h')
done
[ $bad = 0 ] && echo "checksrc: ok"
exit $bad
