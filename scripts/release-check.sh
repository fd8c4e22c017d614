#!/usr/bin/env bash
# `make release-check`: could this tree be published as it stands? The crate
# (cargo package, cargo publish --dry-run, docs as docs.rs builds them) and
# the npm package in pkg/ (npm publish --dry-run, publint, arethetypeswrong,
# its file list against tests/snapshots/, an offline install that runs):
# tests/release/. Nothing is uploaded anywhere.
#
# Every tool those checks run must be here: a missing one fails the check,
# under CI=true or not; nothing skips.
set -euo pipefail
cd "$(dirname "$0")/.."

fail() {
  local ci=''
  [[ "${CI:-}" =~ ^(true|1)$ ]] && ci=' (CI=true: the CI image must hold every tool `make setup` installs)'
  echo "release-check: $1$ci" >&2
  exit 1
}

for tool in cargo rustup npm node tar; do
  command -v "$tool" >/dev/null || fail "$tool is missing: install it, then \`make setup\`"
done
rustup target list --installed | grep -qx wasm32-unknown-unknown || fail 'the wasm32-unknown-unknown target is missing: `make setup`'
for tool in attw publint; do
  [ -x "node_modules/.bin/$tool" ] || fail "node_modules/.bin/$tool is missing: \`make setup\` (npm ci)"
done
[ -f pkg/package.json ] || fail 'pkg/ is not built: `make build`'

node --test tests/release/*.test.mjs
