// An LZMA decoder for the wasm inlined in index.js, after the LZMA SDK's
// reference decoder (LzmaSpec.cpp, Igor Pavlov, public domain). LZMA codes
// the wasm in fewer bytes than zopfli's deflate, and no decoder on npm is at
// once small, synchronous, free of side effects and an ES module
// (docs/DESIGN.md, History). It only ever reads the bytes its own build
// wrote, and the build decodes them with it and compares before it writes
// the package.

/** The `.lzma` header: a properties byte, the dictionary size, the size unpacked. */
const HEADER = 13;
/** Probabilities are 11 bits; each starts at one half. */
const HALF = 1024;
// Where each group of probabilities starts in one array.
const IS_MATCH = 0;
const IS_REP = IS_MATCH + 192;
const IS_REP_G0 = IS_REP + 12;
const IS_REP_G1 = IS_REP_G0 + 12;
const IS_REP_G2 = IS_REP_G1 + 12;
const IS_REP0_LONG = IS_REP_G2 + 12;
const POS_SLOT = IS_REP0_LONG + 192;
const SPEC_POS = POS_SLOT + 256;
const ALIGN = SPEC_POS + 114;
const LEN = ALIGN + 16;
/** A length coder: choice, choice 2, 16 low trees of 8, 16 middle of 8, a high one of 256. */
const LEN_CODER = 2 + 128 + 128 + 256;
const REP_LEN = LEN + LEN_CODER;
const LITERAL = REP_LEN + LEN_CODER;

/**
 * The bytes an `.lzma` stream (LZMA alone, its size in its header) codes.
 * @param {Uint8Array} input
 * @returns {Uint8Array}
 */
export function decodeLzma(input) {
  let props = input[0];
  const lc = props % 9;
  props = (props / 9) | 0;
  const lp = props % 5;
  const pb = (props / 5) | 0;
  const size = input[5] | (input[6] << 8) | (input[7] << 16) | (input[8] << 24);
  if (pb > 4 || size < 0 || input[9] | input[10] | input[11] | input[12]) throw new Error('not an LZMA stream of a known size');
  const out = new Uint8Array(size);
  const probs = new Uint16Array(LITERAL + (0x300 << (lc + lp))).fill(HALF);

  // The range decoder: its range and code are unsigned 32-bit numbers, kept
  // in a typed array rather than in variables the closures share, where a
  // number past 2^30 is boxed anew at every bit (a third slower at load).
  let at = HEADER + 1;
  const rc = Uint32Array.of(0xffffffff, (input[at] << 24) | (input[at + 1] << 16) | (input[at + 2] << 8) | input[at + 3]);
  at += 4;
  /** @param {number} i */
  const bit = (i) => {
    const p = probs[i];
    let range = rc[0];
    let code = rc[1];
    const bound = (range >>> 11) * p;
    let b;
    if (code < bound) {
      range = bound;
      probs[i] = p + ((2048 - p) >> 5);
      b = 0;
    } else {
      range -= bound;
      code -= bound;
      probs[i] = p - (p >> 5);
      b = 1;
    }
    if (range < 0x1000000) {
      range = (range << 8) >>> 0;
      code = ((code << 8) | input[at++]) >>> 0;
    }
    rc[0] = range;
    rc[1] = code;
    return b;
  };
  /** @param {number} base @param {number} bits */
  const tree = (base, bits) => {
    let m = 1;
    for (let i = 0; i < bits; i++) m = (m << 1) | bit(base + m);
    return m - (1 << bits);
  };
  /** @param {number} base @param {number} bits */
  const reverse = (base, bits) => {
    let m = 1;
    let symbol = 0;
    for (let i = 0; i < bits; i++) {
      const b = bit(base + m);
      m = (m << 1) | b;
      symbol |= b << i;
    }
    return symbol;
  };
  /** @param {number} bits */
  const direct = (bits) => {
    let result = 0;
    let range = rc[0];
    let code = rc[1];
    for (; bits > 0; bits--) {
      range >>>= 1;
      let b = 0;
      if (code >= range) {
        code -= range;
        b = 1;
      }
      if (range < 0x1000000) {
        range = (range << 8) >>> 0;
        code = ((code << 8) | input[at++]) >>> 0;
      }
      result = (result << 1) | b;
    }
    rc[0] = range;
    rc[1] = code;
    return result;
  };
  /** @param {number} base @param {number} posState */
  const length = (base, posState) =>
    bit(base) === 0
      ? tree(base + 2 + posState * 8, 3)
      : bit(base + 1) === 0
        ? 8 + tree(base + 130 + posState * 8, 3)
        : 16 + tree(base + 258, 8);

  let state = 0;
  let rep0 = 0;
  let rep1 = 0;
  let rep2 = 0;
  let rep3 = 0;
  let pos = 0;
  while (pos < size) {
    const posState = pos & ((1 << pb) - 1);
    if (bit(IS_MATCH + (state << 4) + posState) === 0) {
      const previous = pos > 0 ? out[pos - 1] : 0;
      const base = LITERAL + 0x300 * (((pos & ((1 << lp) - 1)) << lc) + (previous >> (8 - lc)));
      let symbol = 1;
      if (state >= 7) {
        // After a match, the byte the match would have given next guides the literal's bits.
        let matchByte = out[pos - rep0 - 1];
        do {
          const matchBit = (matchByte >> 7) & 1;
          matchByte <<= 1;
          const b = bit(base + ((1 + matchBit) << 8) + symbol);
          symbol = (symbol << 1) | b;
          if (matchBit !== b) break;
        } while (symbol < 0x100);
      }
      while (symbol < 0x100) symbol = (symbol << 1) | bit(base + symbol);
      out[pos++] = symbol;
      state = state < 4 ? 0 : state < 10 ? state - 3 : state - 6;
      continue;
    }
    let len;
    if (bit(IS_REP + state) !== 0) {
      if (pos === 0) throw new Error('corrupt LZMA stream');
      if (bit(IS_REP_G0 + state) === 0) {
        if (bit(IS_REP0_LONG + (state << 4) + posState) === 0) {
          state = state < 7 ? 9 : 11;
          out[pos] = out[pos - rep0 - 1];
          pos++;
          continue;
        }
      } else {
        let distance;
        if (bit(IS_REP_G1 + state) === 0) {
          distance = rep1;
        } else {
          if (bit(IS_REP_G2 + state) === 0) {
            distance = rep2;
          } else {
            distance = rep3;
            rep3 = rep2;
          }
          rep2 = rep1;
        }
        rep1 = rep0;
        rep0 = distance;
      }
      len = length(REP_LEN, posState);
      state = state < 7 ? 8 : 11;
    } else {
      rep3 = rep2;
      rep2 = rep1;
      rep1 = rep0;
      len = length(LEN, posState);
      state = state < 7 ? 7 : 10;
      const slot = tree(POS_SLOT + (len < 3 ? len : 3) * 64, 6);
      if (slot < 4) {
        rep0 = slot;
      } else {
        const bits = (slot >> 1) - 1;
        rep0 = (2 | (slot & 1)) << bits;
        if (slot < 14) rep0 += reverse(SPEC_POS + rep0 - slot - 1, bits);
        else rep0 += (direct(bits - 4) << 4) + reverse(ALIGN - 1, 4);
        // The end marker's distance is 2^32 - 1: -1 in 32 bits.
        if ((rep0 | 0) === -1) break;
      }
      if (rep0 >= pos || rep0 < 0) throw new Error('corrupt LZMA stream');
    }
    for (len += 2; len > 0 && pos < size; len--, pos++) out[pos] = out[pos - rep0 - 1];
  }
  // A stream cut short reads as zeros past its end: refused, not trusted.
  if (pos !== size || at > input.length) throw new Error('LZMA stream ended early');
  return out;
}
