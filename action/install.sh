#!/usr/bin/env bash
# The app's dependencies, from its lockfile, as its developers install them.
set -euo pipefail
if [ -f pnpm-lock.yaml ]; then
  corepack enable >/dev/null 2>&1 || npm install -g pnpm >/dev/null
  pnpm install --frozen-lockfile
elif [ -f yarn.lock ]; then
  corepack enable >/dev/null 2>&1 || true
  yarn install --immutable
else
  npm ci
fi
