//! The README's Rust examples are the ones examples/ compiles: the README's
//! code block under "Use it from Rust" and the lines between the markers of
//! examples/readme.rs are the same text, and so are the block under "The
//! dated API in Rust" and examples/readme_dated.rs's.
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::disallowed_macros,
    reason = "a test: never in the package's wasm"
)]

const README: &str = include_str!("../README.md");
const EXAMPLE: &str = include_str!("../examples/readme.rs");
const DATED_EXAMPLE: &str = include_str!("../examples/readme_dated.rs");

/// The first ```rust block after `heading`.
fn readme_block(heading: &str) -> &'static str {
    let section = &README[README.find(heading).expect("the README's heading")..];
    let start = section
        .find("```rust\n")
        .expect("a rust block under the heading")
        + "```rust\n".len();
    let length = section[start..].find("```\n").expect("the block's end");
    &section[start..start + length]
}

/// The example's lines between its two markers, named for `title`.
fn example_part(example: &'static str, title: &str) -> &'static str {
    let from = format!("// README \"{title}\": from here\n");
    let start = example.find(&from).expect("the example's first marker") + from.len();
    let length = example[start..]
        .find(&format!("// README \"{title}\": to here\n"))
        .expect("the example's second marker");
    &example[start..start + length]
}

#[test]
fn the_readme_rust_example_is_the_compiled_one() {
    let block = readme_block("\n## Use it from Rust\n");
    assert!(
        block.contains("client.files()"),
        "read the wrong block: {block}"
    );
    assert_eq!(
        example_part(EXAMPLE, "Use it from Rust"),
        block,
        "README.md's \"Use it from Rust\" block and examples/readme.rs differ"
    );
}

#[test]
fn the_readme_dated_rust_example_is_the_compiled_one() {
    let block = readme_block("\n### The dated API in Rust\n");
    assert!(
        block.contains(".dated_files()"),
        "read the wrong block: {block}"
    );
    assert_eq!(
        example_part(DATED_EXAMPLE, "The dated API in Rust"),
        block,
        "README.md's \"The dated API in Rust\" block and examples/readme_dated.rs differ"
    );
}
