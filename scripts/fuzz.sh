#!/usr/bin/env bash
# Run every fuzzer in the module for FUZZTIME (default 30s) each: the list
# comes from `go test -list`, so a new Fuzz function is never forgotten.
set -euo pipefail
cd "$(dirname "$0")/.."
fuzztime=${FUZZTIME:-30s}
go=${GO:-go}
found=0
for pkg in $($go list ./...); do
  for fz in $($go test -list '^Fuzz' "$pkg" 2>/dev/null | grep '^Fuzz' || true); do
    found=$((found + 1))
    echo "fuzz: $pkg $fz for $fuzztime"
    $go test "$pkg" -run '^$' -fuzz "^${fz}\$" -fuzztime "$fuzztime"
  done
done
echo "fuzz: ran $found fuzzers"
[ "$found" -gt 0 ]
