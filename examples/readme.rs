//! The README's "Use it from Rust" example, compiled: the lines between the
//! two markers are that code block as written (tests/readme_example.rs holds
//! them equal). `make lint` checks it for wasm32-unknown-unknown, `make
//! test-wasm` builds it there, `cargo test` builds it natively.
#![allow(
    clippy::disallowed_macros,
    reason = "an app's code, as the README shows it: not the package's wasm"
)]

// README "Use it from Rust": from here
use moonshot_files::{ApiKey, Client, ClientConfig, Error, ExtractOptions, FileUpload, Purpose};

async fn show(blob: web_sys::Blob) -> Result<(), Error> {
    let client = Client::new(ClientConfig::new(ApiKey::new("sk-...")?))?;
    for file in client.files().list().await?.data {
        log(&format!(
            "{} {} {}",
            file.id,
            file.filename,
            file.purpose.as_str()
        ));
    }
    let upload = FileUpload::new(blob, "notes.pdf", Purpose::FileExtract);
    let extracted = client
        .files()
        .extract(&upload, &ExtractOptions::default())
        .await?;
    log(&extracted.text);
    Ok(())
}
// README "Use it from Rust": to here

// What the README leaves to the app: where its lines go, and what calls show().
fn log(line: &str) {
    web_sys::console::log_1(&line.into());
}

fn main() {
    wasm_bindgen_futures::spawn_local(async {
        let blob = web_sys::Blob::new().expect("an empty Blob");
        if let Err(error) = show(blob).await {
            log(&error.to_string());
        }
    });
}
