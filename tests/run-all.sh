#!/bin/sh
# The README's test command (via `make test`): installs what is missing, then runs the
# whole suite twice — a normal build and an AddressSanitizer+UndefinedBehaviorSanitizer
# build, both with -Wall -Wextra -Werror — and ends with one line "N passed, M failed".
set -u
cd "$(dirname "$0")/.."
scripts/install-deps.sh || exit 1
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
for pass in test-plain test-asan; do
  echo "== $pass"
  make --no-print-directory -j2 "$pass" 2>&1 | tee -a "$log" | grep -v '^ok ' || true
  # make's own exit status is lost in the pipe; the counts below decide
done
passed=$(sed -n 's/^.*: \([0-9]*\) passed, \([0-9]*\) failed$/\1/p' "$log" | awk '{s+=$1} END {print s+0}')
failed=$(sed -n 's/^.*: \([0-9]*\) passed, \([0-9]*\) failed$/\2/p' "$log" | awk '{s+=$1} END {print s+0}')
runs=$(grep -c ': [0-9]* passed, [0-9]* failed$' "$log")
# unit, golden cases, check's descriptors, api, durability, hostile, receipts, publication, office list, notify, attachments, users, scale, results, exports, support, faults, fuzz regressions —
# each twice (plain and ASan+UBSan) — and the four browser suites and the 20-second fuzz runs once
expected_runs=41
if [ "$runs" -ne "$expected_runs" ]; then
  echo "test suite did not complete: $runs of $expected_runs runs reported counts (build error?)"
  failed=$((failed + 1)); status=1
fi
[ "$failed" -eq 0 ] || status=1
echo "$passed passed, $failed failed"
exit $status
