#!/bin/sh
# `digiden check --json` against its I/O floor (bench/io_floor.c) over 2,000 and
# 20,000 generated applications, the rules kernel alone (bench/kernel_bench.c), and
# the peak RSS of check at both sizes; every figure the median of RUNS (default 5)
# runs in this one invocation, beside its goal (issue 11, item 4).
# Usage: check-vs-floor.sh BUILD [DIGIDEN]   (DIGIDEN: another binary to measure)
set -eu
build=${1:-build}
digiden=${2:-$build/digiden}
runs=${RUNS:-5}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

for n in 2000 20000; do
  mkdir "$dir/$n"
  "$build/bench/gen_apps" "$dir/$n" "$n"
  # warm the page cache, and measure the real output size
  "$build/bench/runstat" "$dir/out" "$digiden" check --json "$dir/$n"/app-*.json > /dev/null
  bytes=$(wc -c < "$dir/out")
  : > "$dir/check-$n"; : > "$dir/floor-$n"; : > "$dir/rss-$n"
  for r in $(seq "$runs"); do
    "$build/bench/runstat" "$dir/out" "$build/bench/io_floor" "$bytes" "$dir/$n"/app-*.json | awk '{ print $1 }' >> "$dir/floor-$n"
    "$build/bench/runstat" "$dir/out" "$digiden" check --json "$dir/$n"/app-*.json > "$dir/one"
    awk '{ print $1 }' "$dir/one" >> "$dir/check-$n"
    awk '{ print $2 }' "$dir/one" >> "$dir/rss-$n"
  done
  eval "check_$n=\$(median < \"\$dir/check-\$n\")"
  eval "floor_$n=\$(median < \"\$dir/floor-\$n\")"
  eval "rss_$n=\$(median < \"\$dir/rss-\$n\")"
  eval "bytes_$n=\$bytes"
done
: > "$dir/kernel"
for r in $(seq "$runs"); do
  "$build/bench/kernel_bench" 0.1 | awk '{ print $2 }' >> "$dir/kernel"
done
kernel=$(median < "$dir/kernel")

printf '%s, %s runs each (median), %s cores online\n' "$digiden" "$runs" "$(getconf _NPROCESSORS_ONLN)"
printf '%-34s %14s %14s %10s %8s\n' "measure" "value" "goal" "ratio" "met"
for n in 2000 20000; do
  eval "c=\$check_$n f=\$floor_$n b=\$bytes_$n"
  awk -v n="$n" -v c="$c" -v f="$f" -v b="$b" 'BEGIN {
    r = c / f
    printf "%-34s %12.3f s %12.3f s %9.2fx %8s\n", "check --json " n " files (" int(b / 1048576) " MiB)", c, 2 * f, r, (r <= 2 ? "yes" : "no")
    printf "%-34s %12.3f s\n", "  I/O floor, " n " files", f
  }'
done
awk -v k="$kernel" 'BEGIN { printf "%-34s %12.0f/s %12.0f/s %9.2fx %8s\n", "kernel apps/s/core", k, 1000000, k / 1000000, (k >= 1000000 ? "yes" : "no") }'
awk -v a="$rss_2000" -v b="$rss_20000" 'BEGIN {
  printf "%-34s %10.1f MiB\n", "peak RSS check, 2000 files", a / 1024
  printf "%-34s %10.1f MiB\n", "peak RSS check, 20000 files", b / 1024
  r = b / a
  printf "%-34s %14.2f %14s %9s %8s\n", "  RSS 20000 / RSS 2000", r, "1.00 (const)", "", (r <= 1.1 ? "yes" : "no")
}'
