// The wasm-opt flags of the package's wasm, one list for the build
// (build-package.mjs) and the bench's twiggy view of it (bench/lib/twiggy.mjs),
// so what the bench measures is what ships.

/** The features rustc emits for wasm32 today; wasm-opt must accept them all. */
export const WASM_FEATURES = [
  '--enable-bulk-memory',
  '--enable-nontrapping-float-to-int',
  '--enable-sign-ext',
  '--enable-mutable-globals',
  '--enable-reference-types',
  '--enable-multivalue',
];

// `--converge` repeats -Oz until it gains nothing; `--low-memory-unused`
// folds `p + k` (k < 1024) into a load's offset, which differs only where
// `p + k` overflows 32 bits, for a pointer no Rust wasm holds. What each
// saved is in docs/DESIGN.md, History.
/** The optimizing passes. */
export const WASM_OPTIMIZE = ['-Oz', '--converge', '--low-memory-unused'];

// The toolchain's names and the features it was built with: sections no
// runtime reads, once wasm-bindgen has read them.
/** The sections the shipped wasm leaves out. */
export const WASM_STRIP = ['--strip-producers', '--strip-target-features'];
