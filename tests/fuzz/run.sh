#!/bin/sh
# run.sh — runs the fuzz harnesses (called by tests/fuzz/fuzz.mk).
#
#   run.sh fuzz BUILD SECONDS JOBS HARNESS...
#       each libFuzzer binary BUILD/HARNESS for SECONDS seconds, JOBS at a time, on a
#       writable corpus BUILD/corpus/HARNESS plus the seed directories (read-only);
#       artifacts (crash-*, leak-*, oom-*, timeout-*) go to BUILD/artifacts/HARNESS/.
#       Prints "ok   HARNESS …" or "FAIL HARNESS: what; artifact PATH; log PATH" per
#       harness and "fuzz: N passed, M failed"; exits 1 when any failed.
#   run.sh replay BINDIR TIMEOUT HARNESS...
#       each replay binary BINDIR/HARNESS (built with replay_main.c) on
#       tests/fuzz/regress/HARNESS/ and the seed directories, with a per-input alarm of
#       TIMEOUT seconds. Prints "ok   HARNESS …" or "FAIL HARNESS …" per harness and
#       "fuzz regressions: N passed, M failed"; exits 1 when any failed.
set -u
cd "$(dirname "$0")/../.."

# The seed corpus of a harness: its committed corpus (tests/fuzz/make-corpus.sh) and
# the repository's own files of that format.
seeds() {
  case $1 in
    fuzz_application)   echo "tests/fuzz/corpus/fuzz_application examples" ;;
    fuzz_check_api)     echo "tests/fuzz/corpus/fuzz_application examples" ;; # the same applications, as API bodies
    fuzz_rules)         echo "tests/fuzz/corpus/fuzz_rules rules" ;;
    fuzz_decisions_csv) echo "tests/fuzz/corpus/fuzz_decisions_csv tests/data/published/mnc-expansion.csv tests/data/published/telework.csv tests/data/published/type23.csv" ;;
    fuzz_history_csv)   echo "tests/fuzz/corpus/fuzz_history_csv tests/data/history" ;;
    *)                  echo "tests/fuzz/corpus/$1" ;;
  esac
}

# One harness under libFuzzer; writes its result line to BUILD/results/HARNESS.
fuzz_one() {
  build=$1 secs=$2 h=$3
  corpus=$build/corpus/$h art=$build/artifacts/$h log=$build/logs/$h.log
  mkdir -p "$corpus" "$art" "$build/logs" "$build/results"
  dict=""
  [ -f "tests/fuzz/$h.dict" ] && dict="-dict=tests/fuzz/$h.dict"
  # libFuzzer reads files and directories (recursively) after the first directory,
  # which is the writable one it adds new inputs to
  seedfiles=""
  for s in $(seeds "$h"); do
    if [ -d "$s" ]; then seedfiles="$seedfiles $s"; else cp "$s" "$corpus/" 2>/dev/null; fi
  done
  ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=0} \
  UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
    "$build/$h" $dict -timeout=2 -rss_limit_mb=2048 -max_total_time="$secs" -print_final_stats=1 \
    -artifact_prefix="$art/" "$corpus" $seedfiles >"$log" 2>&1
  rc=$?
  if [ "$rc" -eq 0 ]; then
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    echo "ok   $h (${runs:-?} runs in ${secs}s, corpus $(ls "$corpus" | wc -l) inputs)" >"$build/results/$h"
  else
    what=$(grep -m 1 -E '^fuzz_[a-z_]+: |ERROR: (libFuzzer|AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer)|runtime error:|^==[0-9]+== ?ERROR' "$log" |
           sed 's/^==[0-9]*== *//; s/^.*runtime error:/runtime error:/')
    unit=$(sed -n 's/^.*Test unit written to \(.*\)$/\1/p' "$log" | tail -n 1)
    echo "FAIL $h: ${what:-exit status $rc}; artifact ${unit:-none}; log $log" >"$build/results/$h"
  fi
}

# One harness's replay binary on its regression inputs and seeds.
replay_one() {
  bindir=$1 timeout=$2 h=$3
  inputs=""
  [ -d "tests/fuzz/regress/$h" ] && inputs="tests/fuzz/regress/$h"
  inputs="$inputs $(seeds "$h")"
  nreg=0
  [ -d "tests/fuzz/regress/$h" ] && nreg=$(find "tests/fuzz/regress/$h" -type f ! -name '.*' | wc -l)
  out=$("$bindir/$h" -t "$timeout" -v $inputs 2>&1)
  rc=$?
  if [ "$rc" -eq 0 ]; then
    n=$(printf '%s\n' "$out" | sed -n 's/^replay: \([0-9]*\) inputs$/\1/p')
    echo "ok   $h (${n:-?} inputs, $nreg regression)"
    return 0
  fi
  last=$(printf '%s\n' "$out" | sed -n 's/^replay: \(.*\) ([0-9]* bytes)$/\1/p' | tail -n 1)
  printf '%s\n' "$out" | grep -v '^replay: .* bytes)$' | tail -n 40
  what=$(printf '%s\n' "$out" | grep -m 1 -E '^fuzz_[a-z_]+: |ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:|TIMEOUT|^==[0-9]+== ?ERROR' |
         sed 's/^==[0-9]*== *//; s/^.*runtime error:/runtime error:/')
  echo "FAIL $h: ${what:-exit status $rc} (input ${last:-?})"
  return 1
}

mode=${1:-}
case $mode in
  fuzz-one)
    fuzz_one "$2" "$3" "$4" ;;
  fuzz)
    build=$2 secs=$3 jobs=$4; shift 4
    for h in "$@"; do rm -f "$build/results/$h"; done
    printf '%s\n' "$@" | xargs -P "$jobs" -I % sh tests/fuzz/run.sh fuzz-one "$build" "$secs" %
    passed=0 failed=0
    for h in "$@"; do
      if [ -f "$build/results/$h" ]; then line=$(cat "$build/results/$h"); else line="FAIL $h: no result (did not run)"; fi
      echo "$line"
      case $line in ok*) passed=$((passed + 1)) ;; *) failed=$((failed + 1)) ;; esac
    done
    echo "fuzz: $passed passed, $failed failed"
    [ "$failed" -eq 0 ] ;;
  replay)
    bindir=$2 timeout=$3; shift 3
    passed=0 failed=0
    for h in "$@"; do
      if replay_one "$bindir" "$timeout" "$h"; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
    done
    echo "fuzz regressions: $passed passed, $failed failed"
    [ "$failed" -eq 0 ] ;;
  *)
    echo "usage: run.sh fuzz BUILD SECONDS JOBS HARNESS... | run.sh replay BINDIR TIMEOUT HARNESS..." >&2
    exit 2 ;;
esac
