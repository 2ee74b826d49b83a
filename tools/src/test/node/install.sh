#!/usr/bin/env bash
# Installs the interop test's npm packages, again only when package-lock.json changed since the
# last install: `npm ci` wipes node_modules (about 170 MB) and would cost every build half a minute.
set -euo pipefail
cd "$(dirname "$0")"
if ! cmp -s package-lock.json node_modules/.installed-package-lock.json 2>/dev/null; then
  npm ci --no-audit --no-fund --prefer-offline
  cp package-lock.json node_modules/.installed-package-lock.json
fi
