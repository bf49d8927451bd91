#!/usr/bin/env bash
# retable verify with GitHub annotations; with RETABLE_SARIF=true also retable.sarif for code
# scanning; with RETABLE_TYPEGEN_CHECK=true also typegen --check. Exit: verify's (0 clean, 1 old
# references), or the first exit above 1 (a config or usage error).
set -uo pipefail

retable() {
  if [ -x node_modules/.bin/retable ]; then node_modules/.bin/retable "$@"; else npx --no-install retable "$@"; fi
}

max_old="${RETABLE_MAX_OLD:-0}"
status=0
retable verify --format github --max-old "$max_old" || status=$?
[ "$status" -le 1 ] || exit "$status"

if [ "${RETABLE_SARIF:-false}" = true ]; then
  sarif=0
  retable verify --format sarif --max-old "$max_old" > retable.sarif || sarif=$?
  [ "$sarif" -le 1 ] || exit "$sarif"
fi

if [ "${RETABLE_TYPEGEN_CHECK:-false}" = true ]; then
  typegen=0
  retable typegen --check || typegen=$?
  [ "$typegen" -le 1 ] || exit "$typegen"
  [ "$status" -ne 0 ] || status=$typegen
fi
exit "$status"
