//! The Rust API against the mock server, in Node and in headless Chromium
//! (`wasm-pack test --node` / `--headless --chrome`). The mock's URL comes
//! from MOONSHOT_MOCK_URL at build time: a browser has no environment.
#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use moonshot_files::{
    ApiErrorKind, ApiKey, Client, ClientConfig, Error, FileStatus, FileUpload, Purpose,
    RequestOptions, WaitOptions,
};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

const MOCK_URL: &str = match option_env!("MOONSHOT_MOCK_URL") {
    Some(url) => url,
    None => "http://127.0.0.1:9/v1",
};
const MOCK_KEY: &str = "sk-mock-key";

fn client_with_key(key: &str) -> Client {
    let mut config = ClientConfig::new(ApiKey::new(key).unwrap())
        .with_base_url(MOCK_URL)
        .unwrap();
    // The same tests run in Chromium, where a key needs this consent.
    config.dangerously_allow_browser = true;
    Client::new(config).unwrap()
}

async fn no_retries(client: &Client) -> Result<moonshot_files::FileList, Error> {
    let options = RequestOptions {
        max_retries: Some(0),
        ..RequestOptions::default()
    };
    client.files().with_options(options).list().await
}

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = fetch)]
    fn fetch_with_str_and_init(url: &str, init: &web_sys::RequestInit) -> js_sys::Promise;
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(handler: &js_sys::Function, ms: i32) -> JsValue;
}

/// Asks the mock (its /__mock control API) to answer the next list call
/// with this status and body.
async fn next_list_answers(status: u16, body: &str) {
    let origin = MOCK_URL.trim_end_matches("/v1");
    let fault = format!(
        r#"{{"method":"GET","path":"/v1/files","status":{status},"body":{}}}"#,
        serde_json::to_string(body).unwrap()
    );
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    init.set_body(&JsValue::from_str(&fault));
    let response: web_sys::Response = JsFuture::from(fetch_with_str_and_init(
        &format!("{origin}/__mock/faults"),
        &init,
    ))
    .await
    .expect("the mock is running (make test starts it)")
    .unchecked_into();
    assert!(response.ok(), "the mock took the fault");
}

async fn reset_mock() {
    let origin = MOCK_URL.trim_end_matches("/v1");
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    let response: web_sys::Response = JsFuture::from(fetch_with_str_and_init(
        &format!("{origin}/__mock/reset"),
        &init,
    ))
    .await
    .expect("the mock is running (make test starts it)")
    .unchecked_into();
    assert!(response.ok());
}

#[wasm_bindgen_test]
async fn lists_the_sample_files_as_typed_values() {
    reset_mock().await;
    let list = client_with_key(MOCK_KEY).files().list().await.unwrap();
    assert_eq!(list.object, "list");
    assert!(list.data.len() >= 8, "the sample seed has about 8 files");
    let report = list
        .data
        .iter()
        .find(|file| file.filename == "quarterly-report-2026.pdf")
        .expect("the sample report");
    assert_eq!(report.purpose, Purpose::FileExtract);
    assert!(report.id.starts_with("file-"));
    assert!(report.bytes > 0);
    for purpose in Purpose::KNOWN {
        assert!(
            list.data.iter().any(|file| file.purpose == purpose),
            "{purpose:?}"
        );
    }
    let failed = list
        .data
        .iter()
        .find(|file| file.status == FileStatus::Error)
        .unwrap();
    assert!(failed.status_details.is_some());
}

#[wasm_bindgen_test]
async fn a_wrong_key_is_an_authentication_error() {
    let err = client_with_key("sk-wrong")
        .files()
        .list()
        .await
        .unwrap_err();
    let Error::Api(api) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(api.kind, ApiErrorKind::Authentication);
    assert_eq!(api.status, 401);
    assert_eq!(
        api.error_type.as_deref(),
        Some("invalid_authentication_error")
    );
    assert!(api.request_id.is_some());
    assert!(!format!("{err} {err:?}").contains("sk-wrong"));
}

#[wasm_bindgen_test]
async fn a_server_fault_is_an_internal_server_error() {
    next_list_answers(500, r#"{"error":{"message":"boom","type":"server_error"}}"#).await;
    let err = no_retries(&client_with_key(MOCK_KEY)).await.unwrap_err();
    let Error::Api(api) = err else {
        panic!("{err:?}")
    };
    assert_eq!((api.kind, api.status), (ApiErrorKind::InternalServer, 500));
    assert_eq!(api.message, "boom");
    assert_eq!(api.error_type.as_deref(), Some("server_error"));
}

#[wasm_bindgen_test]
async fn a_gateway_html_page_is_still_a_clear_error() {
    next_list_answers(502, "<html><h1>502 Bad Gateway</h1></html>").await;
    let err = no_retries(&client_with_key(MOCK_KEY)).await.unwrap_err();
    let Error::Api(api) = err else {
        panic!("{err:?}")
    };
    assert_eq!(api.status, 502);
    assert!(api.message.contains("502 Bad Gateway"), "{}", api.message);
}

#[wasm_bindgen_test]
async fn a_malformed_body_names_the_path() {
    next_list_answers(
        200,
        r#"{"object":"list","data":[{"id":"f","object":"file","bytes":"12","created_at":1,"filename":"a","purpose":"image","status":"ready"}]}"#,
    )
    .await;
    let err = client_with_key(MOCK_KEY).files().list().await.unwrap_err();
    let Error::InvalidResponse(invalid) = err else {
        panic!("{err:?}")
    };
    assert_eq!(
        invalid.problem.to_string(),
        "data[0].bytes: expected an integer, got a string"
    );
    assert_eq!(invalid.status, 200);
}

#[wasm_bindgen_test]
async fn no_server_is_a_connection_error() {
    // Port 9 (discard) has no listener on loopback.
    let config = ClientConfig::keyless("http://127.0.0.1:9/v1").unwrap();
    let err = Client::new(config)
        .unwrap()
        .files()
        .list()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Connection { .. }), "{err:?}");
}

/// Queues any fault on the mock (see mock/README.md for the shape).
async fn inject(fault: &str) {
    let origin = MOCK_URL.trim_end_matches("/v1");
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    init.set_body(&JsValue::from_str(fault));
    let response: web_sys::Response = JsFuture::from(fetch_with_str_and_init(
        &format!("{origin}/__mock/faults"),
        &init,
    ))
    .await
    .expect("the mock is running")
    .unchecked_into();
    assert!(response.ok(), "the mock took the fault {fault}");
}

fn text_blob(text: &str) -> web_sys::Blob {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    web_sys::Blob::new_with_str_sequence(&parts).unwrap()
}

#[wasm_bindgen_test]
async fn uploads_reads_and_deletes_a_file() {
    let client = client_with_key(MOCK_KEY);
    let files = client.files();
    let upload = FileUpload::new(
        text_blob("Hello from Rust"),
        "hello.txt",
        Purpose::FileExtract,
    );
    let created = files.create(&upload).await.unwrap();
    assert_eq!(created.filename, "hello.txt");
    assert_eq!(created.bytes, 15);
    assert_eq!(created.purpose, Purpose::FileExtract);

    let fetched = files.retrieve(&created.id).await.unwrap();
    assert_eq!(fetched.id, created.id);
    assert_eq!(
        files.extracted_text(&created.id).await.unwrap(),
        "Hello from Rust"
    );
    assert!(files
        .content(&created.id)
        .await
        .unwrap()
        .contains(r#""content":"Hello from Rust""#));
    let ready = files
        .wait_for_processing(&created.id, &WaitOptions::default())
        .await
        .unwrap();
    assert!(
        matches!(ready.status, FileStatus::Ready | FileStatus::Ok),
        "{:?}",
        ready.status
    );

    let deleted = files.delete(&created.id).await.unwrap();
    assert!(deleted.deleted);
    let gone = files.retrieve(&created.id).await.unwrap_err();
    assert!(
        matches!(&gone, Error::Api(api) if api.kind == ApiErrorKind::NotFound),
        "{gone:?}"
    );
}

#[wasm_bindgen_test]
async fn refuses_an_empty_upload_before_sending() {
    let upload = FileUpload::new(text_blob(""), "empty.txt", Purpose::FileExtract);
    let err = client_with_key(MOCK_KEY)
        .files()
        .create(&upload)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidArgument { .. }), "{err:?}");
    assert_eq!(err.attempts(), 0);
}

#[wasm_bindgen_test]
async fn retries_a_server_fault_then_succeeds() {
    inject(r#"{"path":"/v1/files","method":"GET","status":503,"headers":{"retry-after-ms":"1"}}"#)
        .await;
    let list = client_with_key(MOCK_KEY).files().list().await.unwrap();
    assert_eq!(list.object, "list");
}

#[wasm_bindgen_test]
async fn counts_the_attempts_of_a_call_that_keeps_failing() {
    inject(r#"{"path":"/v1/files","method":"GET","status":500,"times":3,"headers":{"retry-after-ms":"1"}}"#).await;
    let err = client_with_key(MOCK_KEY).files().list().await.unwrap_err();
    assert!(
        matches!(&err, Error::Api(api) if api.status == 500),
        "{err:?}"
    );
    assert_eq!(err.attempts(), 3);
}

#[wasm_bindgen_test]
async fn a_slow_answer_is_a_timeout() {
    inject(r#"{"path":"/v1/files","method":"GET","delayMs":400}"#).await;
    let options = RequestOptions {
        timeout: Some(Duration::from_millis(100)),
        max_retries: Some(0),
        ..RequestOptions::default()
    };
    let err = client_with_key(MOCK_KEY)
        .files()
        .with_options(options)
        .list()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
}

#[wasm_bindgen_test]
async fn an_abort_is_an_abort_not_a_timeout() {
    inject(r#"{"path":"/v1/files","method":"GET","delayMs":400}"#).await;
    let controller = web_sys::AbortController::new().unwrap();
    let options = RequestOptions {
        signal: Some(controller.signal()),
        ..RequestOptions::default()
    };
    // Abort 50 ms in, while the mock holds the answer back.
    let abort = wasm_bindgen::closure::Closure::once_into_js(move || controller.abort());
    set_timeout(abort.unchecked_ref(), 50);
    let started = js_sys::Date::now();
    let err = client_with_key(MOCK_KEY)
        .files()
        .with_options(options)
        .list()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Aborted { .. }), "{err:?}");
    assert!(
        js_sys::Date::now() - started < 350.0,
        "the abort ended the call at once"
    );
}
