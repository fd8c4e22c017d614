#!/usr/bin/env bash
# Fuzzes the decoders, the error-body reader and the header and option
# rules with cargo-fuzz (libFuzzer, the pinned nightly): `scripts/fuzz.sh SECONDS`
# runs each target that long. Seeds come from tests/vectors/decode.json.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/nightly.env
seconds=${1:-60}

if ! command -v cargo-fuzz >/dev/null; then
  echo "== installing cargo-fuzz (builds from crates.io, about 2 minutes)"
  cargo install --locked cargo-fuzz --version 0.13.2
fi

mkdir -p fuzz/corpus/decode fuzz/corpus/error_body fuzz/corpus/headers_and_ids
node -e '
  const { cases } = require("./tests/vectors/decode.json");
  const fs = require("fs");
  cases.forEach((c, i) => fs.writeFileSync(`fuzz/corpus/decode/vector-${i}`, c.body));
  fs.writeFileSync("fuzz/corpus/error_body/documented", "\x01\x90{\"error\":{\"message\":\"m\",\"type\":\"server_error\"}}");
'

cd fuzz
cargo +"$NIGHTLY" fuzz build --release
for target in decode error_body headers_and_ids; do
  echo "== fuzzing $target for ${seconds}s"
  log="target/fuzz-$target.log"
  mkdir -p target
  status=0
  cargo +"$NIGHTLY" fuzz run --release "$target" -- -max_total_time="$seconds" -print_final_stats=1 >"$log" 2>&1 || status=$?
  grep -E '^(Done|stat::number_of_executed_units)|panicked|ERROR|SUMMARY' "$log" || true
  if [ "$status" -ne 0 ]; then
    tail -40 "$log"
    echo "fuzz target $target FAILED (the input is in fuzz/artifacts/$target)"
    exit 1
  fi
done
