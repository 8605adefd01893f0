#!/usr/bin/env bash
# The whole test suite, on a fresh Debian machine or a developer's: installs what is missing, starts the
# services the tests use, runs typecheck + lint + format check + every test, and ends with one line
# `N passed, N failed` (each check counts as one test).
set -uo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1m[test]\033[0m %s\n' "$*"; }

# 1. system packages (Debian); apt-get update once, and only when something is missing
need=()
command -v bwrap >/dev/null || need+=(bubblewrap)
command -v prlimit >/dev/null || need+=(util-linux)
/usr/bin/python3 -c 'import numpy' 2>/dev/null || need+=(python3-numpy)
/usr/bin/python3 -c 'import scipy' 2>/dev/null || need+=(python3-scipy)
command -v redis-server >/dev/null || need+=(redis-server)
command -v chromium >/dev/null || need+=(chromium)
command -v gcc >/dev/null || need+=(gcc)
[ -f /usr/include/stdio.h ] || need+=(libc6-dev) # the C recipe and the sandbox's launcher include libc headers
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "installing system packages: ${need[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null \
      || say "apt-get could not install ${need[*]}; the tests that need them will fail and say why"
  else
    say "missing system packages (${need[*]}); install them with: sudo apt-get install ${need[*]}"
  fi
fi

# 2. node packages
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "npm ci"
  npm ci --no-audit --no-fund >/dev/null || { say "npm ci failed"; echo "0 passed, 1 failed"; exit 1; }
fi

# 3. services: a private Redis on 127.0.0.1 for the distributed tests
export RATCHET_TEST_REDIS_PORT="${RATCHET_TEST_REDIS_PORT:-6391}"
export RATCHET_TEST_REDIS_URL="redis://127.0.0.1:${RATCHET_TEST_REDIS_PORT}"
redis_dir=$(mktemp -d)
if command -v redis-server >/dev/null && ! redis-cli -p "$RATCHET_TEST_REDIS_PORT" ping >/dev/null 2>&1; then
  redis-server --port "$RATCHET_TEST_REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --dir "$redis_dir" \
    --daemonize yes --pidfile "$redis_dir/redis.pid" >/dev/null
  started_redis=1
fi
cleanup() {
  if [ "${started_redis:-0}" = 1 ] && [ -f "$redis_dir/redis.pid" ]; then kill "$(cat "$redis_dir/redis.pid")" 2>/dev/null; fi
  rm -rf "$redis_dir"
}
trap cleanup EXIT

passed=0
failed=0
check() {
  local name=$1; shift
  say "$name"
  if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); say "FAILED: $name"; fi
}

# 4. static checks, each one test
check "typecheck (tsc --noEmit)" npx tsc -p .
check "lint + format (biome check)" npx biome check .

# 5. the test files
report=$(mktemp)
say "vitest"
npx vitest run --reporter=default --reporter=json --outputFile.json="$report" "$@"
if [ -s "$report" ]; then
  read -r vp vf < <(node -e '
    const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    // suites that failed to load count as failures too
    const loadFailures = r.testResults.filter((f) => f.status === "failed" && f.assertionResults.length === 0).length;
    console.log(r.numPassedTests, r.numFailedTests + loadFailures);
  ' "$report")
  passed=$((passed + vp))
  failed=$((failed + vf))
else
  failed=$((failed + 1))
fi
rm -f "$report"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
