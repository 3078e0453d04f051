#!/usr/bin/env bash
# Runs every test: typecheck, lint + format check, extension build, unit, integration and end-to-end.
# Ends with the plain line "N passed, N failed" and exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/ensure-tools.sh
source scripts/ensure-chromium.sh
set +e

results=test-results
rm -rf "$results" && mkdir -p "$results"
checks="$results/checks.tsv"
: >"$checks"

run_check() { # name, command...
  local name=$1; shift
  echo "› $name"
  if "$@" >"$results/$name.log" 2>&1; then
    printf '%s\tpassed\n' "$name" >>"$checks"
  else
    printf '%s\tfailed\n' "$name" >>"$checks"
    echo "✗ $name failed:"; tail -n 60 "$results/$name.log"
  fi
}

for pkg in packages/contract packages/rules packages/import api extension test; do
  run_check "typecheck-$(basename "$pkg")" pnpm --dir "$pkg" run typecheck
done
run_check lint-and-format pnpm exec biome ci --colors=off .
run_check build-extension pnpm --dir extension run build

echo "› vitest (unit, integration, end-to-end)"
pnpm exec vitest run --reporter=default --reporter=json --outputFile.json="$results/vitest.json"

node scripts/summarise-tests.mjs "$checks" "$results/vitest.json"
