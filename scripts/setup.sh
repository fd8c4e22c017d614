#!/usr/bin/env bash
# Installs what the build and the tests need and this machine lacks; a no-op
# when all is there. Versions are pinned here and in Cargo.toml / package-lock.json.
set -euo pipefail
cd "$(dirname "$0")/.."

# wasm-pack 0.12 or later: it passes omit-default-module-path from Cargo.toml.
WASM_PACK_VERSION=0.15.1
# `make build` runs wasm-pack with --mode no-install: it takes the wasm-bindgen
# on PATH only if its version is the one Cargo.lock holds, and downloads none.
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print }' Cargo.lock)

say() { printf '\033[1m== %s\033[0m\n' "$*"; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi
for component in clippy rustfmt; do
  if ! rustup component list --installed | grep -q "^$component"; then
    rustup component add "$component"
  fi
done

# The pinned nightly (scripts/nightly.env): `make build` rebuilds std with it
# for the npm package's wasm (rust-src), and the fuzz targets need it for
# libFuzzer's sanitizer flags.
. scripts/nightly.env
if ! rustup toolchain list | grep -q "^$NIGHTLY-"; then
  say "adding the $NIGHTLY toolchain (the package's wasm and cargo-fuzz build with it)"
  rustup toolchain install "$NIGHTLY" --profile minimal
fi
if ! rustup component list --toolchain "$NIGHTLY" --installed | grep -q '^rust-src'; then
  rustup component add rust-src --toolchain "$NIGHTLY"
fi
# wasm-pack will not build for a target the toolchain lacks, rebuilt std or not.
if ! rustup target list --toolchain "$NIGHTLY" --installed | grep -qx wasm32-unknown-unknown; then
  rustup target add wasm32-unknown-unknown --toolchain "$NIGHTLY"
fi
CARGO_FUZZ_VERSION=0.13.2 # the one scripts/fuzz.sh installs when run alone
if ! command -v cargo-fuzz >/dev/null; then
  say "installing cargo-fuzz $CARGO_FUZZ_VERSION (builds from crates.io, about 2 minutes)"
  cargo install --locked cargo-fuzz --version "$CARGO_FUZZ_VERSION"
fi

if [ "$(wasm-pack --version 2>/dev/null)" != "wasm-pack $WASM_PACK_VERSION" ]; then
  say "installing wasm-pack $WASM_PACK_VERSION (builds from crates.io, about 2 minutes)"
  cargo install --locked wasm-pack --version "$WASM_PACK_VERSION"
fi
if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (builds from crates.io, about 2 minutes)"
  # Not --locked: its lock file pins a webpki-roots release the registry no
  # longer serves; the version of the CLI itself is still exact.
  cargo install --force wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  say "installing Debian's chromium and chromium-driver"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
fi

# npm packages, exactly as locked, when the lock changed. (www/ installs
# after the build: it depends on the built package in pkg/.)
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm packages"
  npm ci --no-audit --no-fund --loglevel=error
fi
