#!/bin/sh
# check-descriptors.sh BUILD — `digiden check` keeps pass 1's file descriptors open
# for pass 2 as far as the descriptor limit allows (src/cli/check_loop.c) and opens
# the rest again: the output must be the same bytes whether every file, some or
# none is kept, on one thread or several. Ends with "descriptors: N passed, M failed".
set -u
build=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
mkdir -p "$dir/apps" && "$build/bench/gen_apps" "$dir/apps" 600 >/dev/null || { echo "descriptors: 0 passed, 1 failed"; exit 1; }
passed=0 failed=0
one() { # label nofile jobs
  if (ulimit -n "$2" && "$build/digiden" check --json -j "$3" "$dir"/apps/*.json >"$dir/out" 2>"$dir/err"); [ $? -le 1 ] &&
     cmp -s "$dir/out" "$dir/want"; then
    echo "ok   $1"; passed=$((passed + 1))
  else
    echo "FAIL $1"; head -5 "$dir/err"; failed=$((failed + 1))
  fi
}
# the reference: one thread, and a limit that leaves no room to keep any (64 are held back)
(ulimit -n 64 && "$build/digiden" check --json -j 1 "$dir"/apps/*.json >"$dir/want" 2>/dev/null)
if [ ! -s "$dir/want" ]; then echo "FAIL the reference run gave no output"; failed=$((failed + 1)); fi
one "every file kept (limit 4096), 2 threads" 4096 2
one "some kept (limit 200: 136 kept, 464 opened again), 2 threads" 200 2
one "some kept (limit 200), 1 thread" 200 1
one "none kept (limit 64), 2 threads" 64 2
echo "descriptors: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
