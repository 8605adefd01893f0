#!/usr/bin/env bash
# The README's first command: install what is missing, then run the circle-packing example end to end.
# Offline it uses `mutate`, Ratchet's built-in non-LLM proposer (it says so when it starts).
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v bwrap >/dev/null || need+=(bubblewrap)
/usr/bin/python3 -c 'import numpy' 2>/dev/null || need+=(python3-numpy)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "[example] installing ${need[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  else
    echo "[example] please install: sudo apt-get install ${need[*]}" >&2
    exit 1
  fi
fi
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "[example] npm ci"
  npm ci --no-audit --no-fund >/dev/null
fi

model=${RATCHET_MODEL:-mutate}
exec node bin/ratchet.js run examples/circle-packing --model "$model" --max-evaluations "${RATCHET_EVALUATIONS:-60}" "$@"
