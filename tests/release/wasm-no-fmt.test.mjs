// The package's wasm holds no formatting machinery (src/text.rs says why).
// clippy.toml refuses the macros that bring it in, but not every way in:
// `to_string` on a number or an error, a `{:?}`, a dependency's Display. So
// the built wasm is read too: wasm-bindgen's output (build/glue, before
// wasm-opt drops the names) keeps each function's name in its `name`
// section, and none may be `core::fmt`'s or `alloc::fmt`'s, nor the digits
// of an integer's Display (`<u64>::_fmt`, what `n.to_string()` brings in
// without the rest: numbers are `text::decimal`'s).
//
// Run: node --test tests/release/wasm-no-fmt.test.mjs   (needs `make build`; part of `make release-check`)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const WASM = new URL('../../build/glue/moonshot_files_bg.wasm', import.meta.url);
const FORMATTING = /\b(core|alloc|std)(\[[0-9a-f]+\])?::fmt::|>::_fmt(_inner)?$/;

/**
 * The function names of a wasm module's `name` section (none without one).
 * @param {Buffer} bytes
 */
function functionNames(bytes) {
  let at = 8; // past the magic number and the version
  const leb = () => {
    let value = 0;
    for (let shift = 0; ; shift += 7) {
      const byte = bytes[at++];
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return value;
    }
  };
  const text = () => {
    const length = leb();
    at += length;
    return bytes.toString('utf8', at - length, at);
  };
  const names = [];
  while (at < bytes.length) {
    const id = bytes[at++];
    const end = leb() + at;
    if (id === 0 && text() === 'name') {
      while (at < end) {
        const subsection = bytes[at++];
        const subsectionEnd = leb() + at;
        if (subsection === 1) {
          for (let count = leb(); count > 0; count--) {
            leb(); // the function's index
            names.push(text());
          }
        }
        at = subsectionEnd;
      }
    }
    at = end;
  }
  return names;
}

const names = functionNames(readFileSync(WASM));

test("the wasm names its functions (else the check below would see none)", () => {
  assert.ok(names.length > 500, `build/glue's wasm names ${names.length} functions: is its name section stripped?`);
  assert.ok(names.some((name) => name.includes('moonshot_files')), "none of the names is the crate's");
});

test("no function of the wasm formats (core::fmt, alloc::fmt, an integer's digits)", () => {
  const formatting = names.filter((name) => FORMATTING.test(name));
  assert.deepEqual(formatting, [], `the package's wasm formats: ${formatting.slice(0, 5).join(', ')}`);
});
