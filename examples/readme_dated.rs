//! The README's "The dated API in Rust" example, compiled: the lines between
//! the two markers are that code block as written (tests/readme_example.rs
//! holds them equal). `make lint` checks it for wasm32-unknown-unknown,
//! `make test-wasm` builds it there, `cargo test` builds it natively.
#![allow(
    clippy::disallowed_macros,
    reason = "an app's code, as the README shows it: not the package's wasm"
)]

// README "The dated API in Rust": from here
use moonshot_files::{ApiKey, Client, ClientConfig, Error, Page, DATED_API_VERSION};

async fn project_bytes() -> Result<i64, Error> {
    let config = ClientConfig::new(ApiKey::new("sk-...")?).with_api_version(DATED_API_VERSION)?;
    let files = Client::new(config)?.dated_files()?;
    let mut page = Page::default().with_size(100);
    let mut total = 0;
    loop {
        let answer = files.list(&page).await?;
        for file in &answer.items {
            log(&format!(
                "{} {} {}",
                file.filename, file.size_bytes, file.created_at
            ));
            total += file.size_bytes;
        }
        match answer.next_page_token {
            Some(token) => page.token = Some(token),
            None => return Ok(total),
        }
    }
}
// README "The dated API in Rust": to here

// What the README leaves to the app: where its lines go, and what calls project_bytes().
fn log(line: &str) {
    web_sys::console::log_1(&line.into());
}

fn main() {
    wasm_bindgen_futures::spawn_local(async {
        match project_bytes().await {
            Ok(total) => log(&total.to_string()),
            Err(error) => log(&error.to_string()),
        }
    });
}
