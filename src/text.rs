//! Text put together without `core::fmt`. The library's messages, URLs and
//! headers only join pieces (`[..].concat()`) and write whole numbers
//! (`decimal`); `format!`, `write!` and `to_string` on a number would bring
//! the formatting machinery into the npm package's wasm, with each call's
//! own argument tables: 4.8 KB of the gzipped wasm when this was measured.
//! `Display` is still implemented for the Rust face, over the same text.

/// A whole number in decimal, as `n.to_string()` writes it.
pub(crate) fn decimal(mut n: u64) -> String {
    let mut reversed = Vec::with_capacity(20);
    loop {
        reversed.push(b'0' + (n % 10) as u8);
        n /= 10;
        if n == 0 {
            break;
        }
    }
    reversed
        .iter()
        .rev()
        .map(|&digit| char::from(digit))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::decimal;

    #[test]
    fn writes_whole_numbers_as_to_string_does() {
        for n in [
            0,
            1,
            9,
            10,
            99,
            100,
            404,
            2_147_483_647,
            104_857_600,
            u64::MAX,
        ] {
            assert_eq!(decimal(n), n.to_string());
        }
    }
}
