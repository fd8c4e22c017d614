//! Text put together without `core::fmt`. The library's messages, URLs and
//! headers only join pieces (`[..].concat()`) and write whole numbers
//! (`decimal`); `format!`, `write!` and `to_string` on a number would bring
//! the formatting machinery into the npm package's wasm, with each call's
//! own argument tables (docs/DESIGN.md, No `core::fmt` in the wasm).
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

/// The name nearest `key`, if a slip of case or of up to two letters away:
/// the "did you mean" of a misspelt option.
// Only the JS face reads options objects by name.
#[cfg_attr(not(feature = "js"), allow(dead_code))]
pub(crate) fn closest<'a>(key: &str, names: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let key = key.to_ascii_lowercase();
    names
        .map(|name| (edits(&key, &name.to_ascii_lowercase()), name))
        .filter(|&(distance, _)| distance <= 2.min(key.len() / 3 + 1))
        .min_by_key(|&(distance, _)| distance)
        .map(|(_, name)| name)
}

/// Levenshtein distance, counted in bytes (the names are ASCII), a row at a time.
#[cfg_attr(not(feature = "js"), allow(dead_code))]
fn edits(a: &str, b: &str) -> usize {
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.bytes().enumerate() {
        let mut next = Vec::with_capacity(row.len());
        next.push(i + 1);
        for ((cb, diagonal), above) in b.bytes().zip(&row).zip(row.iter().skip(1)) {
            let left = next.last().copied().unwrap_or(0);
            next.push(
                (diagonal + usize::from(ca != cb))
                    .min(above + 1)
                    .min(left + 1),
            );
        }
        row = next;
    }
    row.last().copied().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::{closest, decimal, edits};

    #[test]
    fn the_closest_name_is_a_slip_of_case_or_up_to_two_letters() {
        let names = ["timeout", "maxRetries", "signal", "baseURL", "apiKey"];
        assert_eq!(closest("timout", names.into_iter()), Some("timeout"));
        assert_eq!(closest("baseUrl", names.into_iter()), Some("baseURL"));
        assert_eq!(
            closest("max_retries", names.into_iter()),
            Some("maxRetries")
        );
        assert_eq!(closest("apikey", names.into_iter()), Some("apiKey"));
        assert_eq!(closest("bogus", names.into_iter()), None);
        assert_eq!(closest("", names.into_iter()), None);
        assert_eq!(edits("kitten", "sitting"), 3);
        assert_eq!(edits("", "abc"), 3);
        assert_eq!(edits("abc", ""), 3);
    }

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
