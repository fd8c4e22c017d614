# moonshot-files: `make demo` to see it, `make test` to prove it.
SHELL := bash
.SHELLFLAGS := -euo pipefail -c
PORT ?= 8080
CHROME_ENV := CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_USE_BROWSER=1
include scripts/nightly.env
# The npm package's wasm: std rebuilt (the pinned nightly's -Zbuild-std) so
# that a panic aborts at once, with none of std's panic formatting in the
# wasm: the largest single size cut when it was made (docs/DESIGN.md, A
# pinned nightly).
WASM_BUILD_ENV := RUSTUP_TOOLCHAIN=$(NIGHTLY) RUSTFLAGS='-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none -Zfmt-debug=none'
WASM_BUILD_STD := -Zbuild-std=std,panic_abort

.PHONY: setup generate build smoke release-check demo test lint test-rust test-wasm test-js test-fuzz fuzz bench figures www-deps clean
FUZZ_SECONDS ?= 600

## setup: install what is missing (wasm target, wasm-pack, wasm-bindgen-cli, the pinned nightly and cargo-fuzz, Chromium, npm packages)
setup:
	@scripts/setup.sh

## generate: rewrite the JS the Rust definitions give (answer schemas and checks, the API's facts,
## the cross-face vectors); `make test` fails while a committed one is stale
# The writing run fails on purpose once it wrote (no run passes by writing
# what it checks); the second run reads the files back.
generate:
	MOONSHOT_GENERATE=1 cargo test --quiet --lib generate || cargo test --quiet --lib generate

## build: the npm package in pkg/ (wasm-pack: one wasm build and wasm-bindgen's web glue; then wasm-opt, the entries)
# --mode no-install: the wasm-bindgen on PATH (setup's, the version Cargo.lock
# pins) or a failure, never a download; --no-pack: no manifest or README of
# wasm-pack's (pkg/ has its own).
build: setup
	rm -rf build/glue
	$(WASM_BUILD_ENV) wasm-pack --quiet build --target web --release --mode no-install --no-pack --no-gitignore \
	  --out-dir build/glue --out-name moonshot_files -- --features js $(WASM_BUILD_STD)
	node scripts/build-package.mjs
	node scripts/build-dashboard.mjs
	@echo "built pkg/ ($$(du -sh pkg | cut -f1))"

## release-check: could this tree be published? The crate and pkg/ packed, dry-run published,
## linted (publint, arethetypeswrong), their file lists checked, the tarball installed offline and run
release-check: build
	scripts/release-check.sh

www-deps: build
	@cd www && npm ci --no-audit --no-fund --loglevel=error

## demo: serve the dashboard on http://127.0.0.1:$(PORT) against the mock (or the real service with MOONSHOT_API_KEY)
demo: build www-deps
	PORT=$(PORT) node scripts/demo.mjs

## smoke: check your own account end to end with the built package (MOONSHOT_API_KEY; scripts/smoke.mjs)
smoke: build
	node scripts/smoke.mjs

## test: every layer, from the Rust core to the packed tarball in Chromium
test: build release-check www-deps lint test-rust test-fuzz test-wasm test-js

## lint: rustfmt, clippy (native and wasm32; clippy.toml keeps core::fmt out of the wasm), and tsc on the JS (tsconfig.base.json)
# The JS is checked against the types of this tree's build (pkg/, build/glue/).
lint:
	cargo fmt --check
	cargo clippy --all-targets -- -D warnings
	cargo clippy --target wasm32-unknown-unknown --all-targets --features js -- -D warnings
	@[ -f pkg/index.d.ts ] && [ -f build/glue/moonshot_files.d.ts ] || { echo 'lint: the JS is checked against the built package: `make build` first' >&2; exit 1; }
	npx --no-install tsc -p tsconfig.json
	npx --no-install tsc -p js/tsconfig.json
	npx --no-install tsc -p www/tsconfig.json

test-rust:
	cargo test

# A short fuzz run in every `make test`; `make fuzz` runs each target FUZZ_SECONDS.
test-fuzz:
	scripts/fuzz.sh 15

## fuzz: fuzz the decoders, the error-body reader and the header rules (FUZZ_SECONDS each, default 600)
fuzz:
	scripts/fuzz.sh $(FUZZ_SECONDS)

# The README's Rust examples (examples/readme.rs, examples/readme_dated.rs) are built for the target they are written for.
test-wasm:
	cargo build --example readme --example readme_dated --target wasm32-unknown-unknown
	node scripts/wasm-test.mjs node
	$(CHROME_ENV) node scripts/wasm-test.mjs chrome

test-js:
	node --test tests/mock/*.test.mjs tests/js/*.test.mjs tests/packaging/*.test.mjs tests/dashboard/*.test.mjs tests/cli/*.test.mjs tests/smoke/*.test.mjs tests/ui/*.test.mjs

## bench: speed, size, cold start and upload against bare fetch and openai-node (bench/README.md);
## then the figures the docs quote are rewritten from the run (make figures)
bench: build www-deps
	@command -v twiggy >/dev/null || cargo install --locked twiggy --version 0.8.0
	node bench/run.mjs
	node scripts/figures.mjs --write

## figures: rewrite every figure the docs mark from bench/results/latest.json, then check them all
## (tests/release/figures.test.mjs checks the same in `make test`)
figures:
	node scripts/figures.mjs --write

clean:
	rm -rf build pkg target/wasm32-unknown-unknown test-results
