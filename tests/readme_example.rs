//! The README's Rust example is the one examples/readme.rs compiles: the
//! README's code block under "Use it from Rust" and the lines between the
//! example's markers are the same text.
#![cfg(not(target_arch = "wasm32"))]

const README: &str = include_str!("../README.md");
const EXAMPLE: &str = include_str!("../examples/readme.rs");

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

/// The example's lines between its two markers.
fn example_part() -> &'static str {
    let from = "// README \"Use it from Rust\": from here\n";
    let start = EXAMPLE.find(from).expect("the example's first marker") + from.len();
    let length = EXAMPLE[start..]
        .find("// README \"Use it from Rust\": to here\n")
        .expect("the example's second marker");
    &EXAMPLE[start..start + length]
}

#[test]
fn the_readme_rust_example_is_the_compiled_one() {
    let block = readme_block("\n## Use it from Rust\n");
    assert!(
        block.contains("client.files()"),
        "read the wrong block: {block}"
    );
    assert_eq!(
        example_part(),
        block,
        "README.md's \"Use it from Rust\" block and examples/readme.rs differ"
    );
}
