#!/usr/bin/env bash
# retable verify with GitHub annotations (with RETABLE_CHANGED=true only the changed files and those
# they affect, against the pull request's base; another value names the base); with
# RETABLE_SARIF=true also retable.sarif for code scanning, of every file (an alert missing from it
# would be closed); with RETABLE_TYPEGEN_CHECK=true also typegen --check. Exit: verify's (0 clean,
# 1 old references), or the first exit above 1 (a config or usage error).
set -uo pipefail

retable() {
  if [ -x node_modules/.bin/retable ]; then node_modules/.bin/retable "$@"; else npx --no-install retable "$@"; fi
}

max_old="${RETABLE_MAX_OLD:-0}"
changed=()
case "${RETABLE_CHANGED:-false}" in
  false | '') ;;
  true) changed=(--changed) ;;
  *) changed=("--changed=$RETABLE_CHANGED") ;;
esac
status=0
retable verify --format github --max-old "$max_old" ${changed[@]+"${changed[@]}"} || status=$?
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
