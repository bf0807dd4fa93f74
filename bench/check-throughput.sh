#!/bin/sh
# Benchmark: `digiden check` over 10,000 applications in one call (issue: under a second
# on a 2-core machine). Prints applications per second for human and --json output.
set -eu
build=${1:-build}
n=${BENCH_APPS:-10000}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$build/bench/gen_apps" "$dir" "$n"
for mode in --json ""; do
  best=""
  for run in 1 2 3; do
    start=$(date +%s.%N)
    # exit status 1 is expected: some generated organizations exceed the limits
    "$build/digiden" check $mode "$dir"/app-*.json > "$dir/out" || [ $? -eq 1 ]
    end=$(date +%s.%N)
    t=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.6f", b - a }')
    if [ -z "$best" ] || awk -v t="$t" -v b="$best" 'BEGIN { exit !(t < b) }'; then best=$t; fi
  done
  printf 'check %-7s %d applications: best of 3 %.3f s, %.0f applications/s\n' "${mode:-(human)}" "$n" "$best" "$(awk -v n="$n" -v t="$best" 'BEGIN { print n / t }')"
done
