#!/bin/sh
# Runs each cmocka unit-test binary given as an argument; prints "unit tests: N passed, M failed".
passed=0; failed=0
for t in "$@"; do
  out=$("$t" 2>&1); rc=$?
  p=$(printf '%s\n' "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' | tail -n 1)
  f=$(printf '%s\n' "$out" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' | tail -n 1)
  p=${p:-0}; f=${f:-0}
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi   # crashed or sanitizer abort
  if [ "$rc" -ne 0 ]; then printf '%s\n' "$out"; echo "FAIL $t"; else echo "ok   $t ($p tests)"; fi
  passed=$((passed + p)); failed=$((failed + f))
done
echo "unit tests: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
