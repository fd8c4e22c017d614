//! The README's "Images and videos in a chat message, and a log of each request"
//! example, compiled: the lines between the two markers are that code block
//! as written (tests/readme_example.rs holds them equal). `make lint` checks
//! it for wasm32-unknown-unknown, `make test-wasm` builds it there, `cargo
//! test` builds it natively.

// README "Images and videos in a chat message, and a log of each request": from here
use std::rc::Rc;

use moonshot_files::{
    image_part, ApiKey, Client, ClientConfig, Error, FileUpload, LogLevel, Purpose,
};

async fn vision_request(photo: web_sys::Blob) -> Result<serde_json::Value, Error> {
    let config = ClientConfig::new(ApiKey::new("sk-...")?).with_log_level(LogLevel::Info);
    let client = Client::new(config)?.with_logger(Rc::new(|_level, line| log(line)));
    let upload = FileUpload::new(photo, "photo.png", Purpose::Image);
    let image = client.files().create(&upload).await?;
    Ok(serde_json::json!({
        "model": "kimi-k2.5",
        "messages": [{
            "role": "user",
            "content": [image_part(&image)?, { "type": "text", "text": "What is in this picture?" }],
        }],
    }))
}
// README "Images and videos in a chat message, and a log of each request": to here

// What the README leaves to the app: where its lines go, and what calls vision_request().
fn log(line: &str) {
    web_sys::console::log_1(&line.into());
}

fn main() {
    wasm_bindgen_futures::spawn_local(async {
        let photo = web_sys::Blob::new().expect("an empty Blob");
        match vision_request(photo).await {
            Ok(request) => log(&request.to_string()),
            Err(error) => log(&error.to_string()),
        }
    });
}
