//! The Rust API against the mock server, in Node and in headless Chromium
//! (`wasm-pack test --node` / `--headless --chrome`). The mock's URL comes
//! from MOONSHOT_MOCK_URL at build time: a browser has no environment.
#![cfg(target_arch = "wasm32")]
#![allow(
    clippy::disallowed_macros,
    reason = "a test: never in the package's wasm"
)]

use std::time::Duration;

use std::cell::RefCell;
use std::rc::Rc;

use moonshot_files::{
    ApiErrorKind, ApiKey, Client, ClientConfig, DeleteOutcome, EnsureOptions, Error,
    ExtractOptions, FileStatus, FileUpload, MakeRoom, MemoryStore, PruneFilter, Purpose,
    RequestOptions, UploadStore, WaitOptions,
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
    // The same tests run in Chromium, where a key needs this consent.
    let config = ClientConfig::new(ApiKey::new(key).unwrap())
        .with_base_url(MOCK_URL)
        .unwrap()
        .dangerously_allow_browser(true);
    Client::new(config).unwrap()
}

async fn no_retries(client: &Client) -> Result<moonshot_files::FileList, Error> {
    let options = RequestOptions::default().with_max_retries(0);
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
    inject(&format!(
        r#"{{"method":"GET","path":"/v1/files","status":{status},"body":{}}}"#,
        serde_json::to_string(body).unwrap()
    ))
    .await;
}

async fn reset_mock() {
    reset_mock_with("{}").await;
}

/// Resets the mock with these options (`{ seed, processingMs, processingError }`).
async fn reset_mock_with(options: &str) {
    control("reset", options).await;
}

/// Posts a JSON body to the mock's control API (`/__mock/<what>`, mock/README.md).
async fn control(what: &str, body: &str) {
    mock_control("POST", what, Some(body)).await;
}

/// A request to the mock's control API; fails unless it answers 2xx.
async fn mock_control(method: &str, what: &str, body: Option<&str>) -> web_sys::Response {
    let origin = MOCK_URL.trim_end_matches("/v1");
    let init = web_sys::RequestInit::new();
    init.set_method(method);
    if let Some(body) = body {
        init.set_body(&JsValue::from_str(body));
    }
    let response: web_sys::Response = JsFuture::from(fetch_with_str_and_init(
        &format!("{origin}/__mock/{what}"),
        &init,
    ))
    .await
    .expect("the mock is running (make test starts it)")
    .unchecked_into();
    assert!(response.ok(), "the mock refused {method} {what}: {body:?}");
    response
}

/// Empties the mock's request log.
async fn clear_requests() {
    mock_control("DELETE", "requests", None).await;
}

/// The statuses the mock answered `GET /v1/files` with since the log was
/// emptied, oldest first (`None` for a dropped connection; preflights left out).
async fn list_statuses() -> Vec<Option<u64>> {
    let response = mock_control("GET", "requests", None).await;
    let text = JsFuture::from(response.text().unwrap()).await.unwrap();
    let log: Vec<serde_json::Value> = serde_json::from_str(&text.as_string().unwrap()).unwrap();
    log.iter()
        .filter(|entry| entry["method"] == "GET" && entry["path"] == "/v1/files")
        .map(|entry| entry["status"].as_u64())
        .collect()
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
    // The service's shape: 20 lowercase letters and digits.
    assert!(
        report.id.len() == 20
            && report
                .id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    );
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
    control("faults", fault).await;
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
    reset_mock().await;
    clear_requests().await;
    inject(r#"{"path":"/v1/files","method":"GET","status":503,"headers":{"retry-after-ms":"1"}}"#)
        .await;
    let list = client_with_key(MOCK_KEY).files().list().await.unwrap();
    assert_eq!(list.object, "list");
    // The list came from a second request, sent after the 503.
    assert_eq!(list_statuses().await, [Some(503), Some(200)]);
}

#[wasm_bindgen_test]
async fn counts_the_attempts_of_a_call_that_keeps_failing() {
    reset_mock().await;
    clear_requests().await;
    inject(r#"{"path":"/v1/files","method":"GET","status":500,"times":3,"headers":{"retry-after-ms":"1"}}"#).await;
    let err = client_with_key(MOCK_KEY).files().list().await.unwrap_err();
    assert!(
        matches!(&err, Error::Api(api) if api.status == 500),
        "{err:?}"
    );
    assert_eq!(err.attempts(), 3);
    assert_eq!(list_statuses().await, [Some(500); 3], "three requests sent");
}

#[wasm_bindgen_test]
async fn a_slow_answer_is_a_timeout() {
    inject(r#"{"path":"/v1/files","method":"GET","delayMs":10000}"#).await;
    let options = RequestOptions::default()
        .with_timeout(Duration::from_millis(100))
        .with_max_retries(0);
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
    inject(r#"{"path":"/v1/files","method":"GET","delayMs":10000}"#).await;
    let controller = web_sys::AbortController::new().unwrap();
    let options = RequestOptions::default().with_signal(controller.signal());
    // Abort 50 ms in, while the mock holds the answer back (the default
    // timeout is a minute: an Aborted error can only be the abort's).
    let abort = wasm_bindgen::closure::Closure::once_into_js(move || controller.abort());
    set_timeout(abort.unchecked_ref(), 50);
    let err = client_with_key(MOCK_KEY)
        .files()
        .with_options(options)
        .list()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Aborted { attempts: 1 }), "{err:?}");
}

/// A quick wait for the workflows' tests: a look every 20 ms, at most 10 s.
fn quick_wait() -> WaitOptions {
    WaitOptions::default()
        .with_poll_interval(Duration::from_millis(20))
        .with_max_wait(Duration::from_secs(10))
}

async fn filenames(client: &Client) -> Vec<String> {
    let list = client.files().list().await.unwrap();
    list.data.into_iter().map(|file| file.filename).collect()
}

#[wasm_bindgen_test]
async fn extract_reads_the_text_and_leaves_no_file_behind() {
    reset_mock_with(r#"{"processingMs":100}"#).await;
    let client = client_with_key(MOCK_KEY);
    let upload = FileUpload::new(text_blob("Hello, extract"), "notes.txt", Purpose::Batch);
    let options = ExtractOptions::default()
        .with_max_chars(5)
        .with_wait(quick_wait());
    let extracted = client.files().extract(&upload, &options).await.unwrap();
    assert_eq!(
        (extracted.text.as_str(), extracted.truncated),
        ("Hello", true)
    );
    assert_eq!(
        extracted.file.purpose,
        Purpose::FileExtract,
        "always file-extract"
    );
    assert!(extracted.file.status.is_ready());
    assert!(!filenames(&client).await.contains(&"notes.txt".to_owned()));
    // keep: the file stays.
    let kept = options.clone().with_keep(true);
    let extracted = client.files().extract(&upload, &kept).await.unwrap();
    assert!(client.files().retrieve(&extracted.file.id).await.is_ok());
}

#[wasm_bindgen_test]
async fn extract_deletes_its_file_after_a_failed_processing_and_an_abort() {
    reset_mock_with(r#"{"processingMs":50,"processingError":"no text layer"}"#).await;
    let client = client_with_key(MOCK_KEY);
    let upload = FileUpload::new(text_blob("scanned"), "notes.txt", Purpose::FileExtract);
    let options = ExtractOptions::default().with_wait(quick_wait());
    let err = client.files().extract(&upload, &options).await.unwrap_err();
    assert!(
        matches!(&err, Error::ProcessingFailed { status_details: Some(d), .. } if d == "no text layer"),
        "{err:?}"
    );
    assert!(!filenames(&client).await.contains(&"notes.txt".to_owned()));

    reset_mock_with(r#"{"processingMs":60000}"#).await;
    let controller = web_sys::AbortController::new().unwrap();
    let abortable = client
        .files()
        .with_options(RequestOptions::default().with_signal(controller.signal()));
    let abort = wasm_bindgen::closure::Closure::once_into_js(move || controller.abort());
    set_timeout(abort.unchecked_ref(), 200);
    let err = abortable.extract(&upload, &options).await.unwrap_err();
    assert!(matches!(err, Error::Aborted { .. }), "{err:?}");
    assert!(!filenames(&client).await.contains(&"notes.txt".to_owned()));
}

#[wasm_bindgen_test]
async fn delete_many_gives_one_outcome_per_id_whatever_the_others() {
    reset_mock().await;
    let client = client_with_key(MOCK_KEY);
    let ids: Vec<String> = client.files().list().await.unwrap().data[..2]
        .iter()
        .map(|file| file.id.clone())
        .collect();
    inject(&format!(
        r#"{{"method":"DELETE","path":"/v1/files/{}","status":500,"times":5}}"#,
        ids[1]
    ))
    .await;
    let files = client
        .files()
        .with_options(RequestOptions::default().with_max_retries(0));
    let results = files
        .delete_many(&[&ids[0], "file-missing", &ids[1]], 2)
        .await;
    let outcomes: Vec<(&str, &str)> = results
        .iter()
        .map(|result| {
            let outcome = match &result.outcome {
                DeleteOutcome::Deleted(deleted) if deleted.deleted => "deleted",
                DeleteOutcome::Deleted(_) => "answered, not deleted",
                DeleteOutcome::NotFound(_) => "not found",
                DeleteOutcome::Failed(Error::Api(api)) if api.status == 500 => "failed: 500",
                DeleteOutcome::Failed(_) => "failed otherwise",
                _ => "an outcome added since",
            };
            (result.id.as_str(), outcome)
        })
        .collect();
    assert_eq!(
        outcomes,
        [
            (ids[0].as_str(), "deleted"),
            ("file-missing", "not found"),
            (ids[1].as_str(), "failed: 500")
        ]
    );
}

#[wasm_bindgen_test]
async fn prune_deletes_what_its_filter_names_and_a_dry_run_nothing() {
    let now = (js_sys::Date::now() / 1000.0) as i64;
    reset_mock_with(&format!(
        r#"{{"seed":[
            {{"id":"file-old-batch","purpose":"batch","status":"ready","created_at":{}}},
            {{"id":"file-old-image","purpose":"image","status":"ok","created_at":{}}},
            {{"id":"file-new-batch","purpose":"batch","status":"ready","created_at":{}}}]}}"#,
        now - 90 * 86_400,
        now - 60 * 86_400,
        now - 60
    ))
    .await;
    let files = client_with_key(MOCK_KEY).files();
    let ids = |files: Vec<moonshot_files::FileObject>| -> Vec<String> {
        files.into_iter().map(|file| file.id).collect()
    };
    let batch = PruneFilter::default()
        .with_purpose(Purpose::Batch)
        .with_dry_run(true);
    assert_eq!(
        ids(files.prune(&batch).await.unwrap()),
        ["file-old-batch", "file-new-batch"]
    );
    assert_eq!(
        files.list().await.unwrap().data.len(),
        3,
        "a dry run deletes nothing"
    );
    let old = PruneFilter::default()
        .with_older_than(Duration::from_secs(30 * 86_400))
        .with_status(FileStatus::Ready);
    assert_eq!(
        ids(files.prune(&old).await.unwrap()),
        ["file-old-batch", "file-old-image"],
        "ready takes ok too"
    );
    assert_eq!(ids(files.list().await.unwrap().data), ["file-new-batch"]);
    let everything = files.prune(&PruneFilter::default()).await.unwrap_err();
    assert!(
        matches!(everything, Error::InvalidArgument { .. }),
        "{everything:?}"
    );
}

#[wasm_bindgen_test]
async fn usage_and_room_for_an_upload() {
    let now = (js_sys::Date::now() / 1000.0) as i64;
    let gb: i64 = 1 << 30;
    reset_mock_with(&format!(
        r#"{{"seed":[
            {{"id":"f-old-image","purpose":"image","bytes":{},"created_at":{}}},
            {{"id":"f-old-batch","purpose":"batch","bytes":{},"created_at":{}}},
            {{"id":"f-new-batch","purpose":"batch","bytes":{},"created_at":{}}}]}}"#,
        4 * gb,
        now - 90 * 86_400,
        3 * gb,
        now - 60 * 86_400,
        3 * gb - 10,
        now - 60
    ))
    .await;
    let files = client_with_key(MOCK_KEY).files();
    let usage = files.usage().await.unwrap();
    assert_eq!(
        (usage.file_count, usage.total_bytes),
        (3, (10 * gb - 10) as u64)
    );
    assert_eq!((usage.max_files, usage.max_total_bytes), (1000, 10 << 30));

    let only_batch = MakeRoom::new(0, 5 * gb as u64)
        .with_purpose(Purpose::Batch)
        .with_dry_run(true);
    let would = files.make_room(&only_batch).await.unwrap();
    let ids: Vec<&str> = would.deleted.iter().map(|f| f.id.as_str()).collect();
    assert_eq!(
        ids,
        ["f-old-batch", "f-new-batch"],
        "the oldest batch files, both needed"
    );
    assert_eq!(
        files.list().await.unwrap().data.len(),
        3,
        "a dry run deletes nothing"
    );
    let too_much = MakeRoom::new(0, 7 * gb as u64).with_purpose(Purpose::Batch);
    let refused = files.make_room(&too_much).await.unwrap_err();
    assert!(
        matches!(refused, Error::InvalidArgument { .. }),
        "{refused:?}"
    );
    assert_eq!(
        files.list().await.unwrap().data.len(),
        3,
        "refused: nothing deleted"
    );

    // 10 B free: a 20-byte upload is refused for the total size, room is
    // made (the oldest file) and it goes once more.
    let upload =
        FileUpload::new(text_blob(&"x".repeat(20)), "new.txt", Purpose::Batch).with_make_room(true);
    let created = files.create(&upload).await.unwrap();
    let left: Vec<String> = files
        .list()
        .await
        .unwrap()
        .data
        .into_iter()
        .map(|f| f.id)
        .collect();
    assert_eq!(left, ["f-old-batch", "f-new-batch", created.id.as_str()]);
}

#[wasm_bindgen_test]
async fn ensure_uploads_the_same_bytes_once_and_a_gone_file_again() {
    reset_mock_with(r#"{"seed":"none"}"#).await;
    let files = client_with_key(MOCK_KEY).files();
    let store: Rc<dyn UploadStore> = Rc::new(MemoryStore::default());
    let options = EnsureOptions::default().with_store(store.clone());
    let upload = FileUpload::new(text_blob("same bytes"), "a.txt", Purpose::Batch);
    assert!(files
        .find_uploaded(&upload, &options)
        .await
        .unwrap()
        .is_none());
    let first = files.ensure(&upload, &options).await.unwrap();
    let again = files.ensure(&upload, &options).await.unwrap();
    assert_eq!((first.reused, again.reused), (false, true));
    assert_eq!(again.file.id, first.file.id);
    assert_eq!(files.list().await.unwrap().data.len(), 1);
    files.delete(&first.file.id).await.unwrap();
    let after_delete = files.ensure(&upload, &options).await.unwrap();
    assert!(
        !after_delete.reused,
        "a file gone from the account is uploaded again"
    );
    let empty = FileUpload::new(text_blob(""), "e.txt", Purpose::Batch);
    let refused = files.ensure(&empty, &options).await.unwrap_err();
    assert!(
        matches!(refused, Error::InvalidArgument { .. }),
        "{refused:?}"
    );
}

#[wasm_bindgen_test]
async fn an_upload_reports_its_progress_to_the_end() {
    reset_mock().await;
    let seen = Rc::new(RefCell::new(Vec::new()));
    let log = seen.clone();
    let upload = FileUpload::new(
        text_blob(&"x".repeat(300_000)),
        "big.txt",
        Purpose::FileExtract,
    )
    .with_progress(Rc::new(move |loaded, total| {
        log.borrow_mut().push((loaded, total))
    }));
    let file = client_with_key(MOCK_KEY)
        .files()
        .create(&upload)
        .await
        .unwrap();
    assert_eq!(file.bytes, 300_000);
    let seen = seen.borrow();
    let (last, total) = *seen.last().unwrap();
    assert_eq!(last, total);
    assert_eq!(total, 300_000, "the file's bytes, not the multipart body's");
    // Never back. (How often is the platform's: a browser reports at most
    // every 50 ms, and a loopback upload of 300 kB may take less.)
    assert!(
        seen.windows(2).all(|pair| pair[0].0 <= pair[1].0),
        "{seen:?}"
    );
}

#[wasm_bindgen_test]
async fn rust_durations_are_checked_like_js_ones() {
    let files = client_with_key(MOCK_KEY).files();
    let zero = files
        .clone()
        .with_options(RequestOptions::default().with_timeout(Duration::ZERO));
    let err = zero.list().await.unwrap_err();
    assert!(matches!(err, Error::InvalidArgument { .. }), "{err:?}");
    let forever = WaitOptions::default()
        .with_poll_interval(Duration::from_secs(1))
        .with_max_wait(Duration::from_secs(60 * 60 * 24 * 365));
    let err = files
        .wait_for_processing("file-x", &forever)
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::InvalidArgument { message } if message.starts_with("max_wait must be")),
        "{err:?}"
    );
    let config = ClientConfig::new(ApiKey::new(MOCK_KEY).unwrap());
    assert!(config.with_timeout(Duration::ZERO).is_err());
}

/// gloo-net turns a fetch rejection that is no Error into `unreachable!`,
/// which under `panic = "abort"` would end the module for every later call
/// (docs/DESIGN.md, gloo-net). Ours: an abort with a string reason is an
/// `Aborted`, and the client goes on.
#[wasm_bindgen_test]
async fn an_abort_with_a_string_reason_leaves_the_client_working() {
    reset_mock().await;
    inject(r#"{"path":"/v1/files","method":"GET","delayMs":10000}"#).await;
    let client = client_with_key(MOCK_KEY);
    let controller = web_sys::AbortController::new().unwrap();
    let options = RequestOptions::default().with_signal(controller.signal());
    let abort = wasm_bindgen::closure::Closure::once_into_js(move || {
        controller.abort_with_reason(&JsValue::from_str("stop"))
    });
    set_timeout(abort.unchecked_ref(), 50);
    let err = client
        .files()
        .with_options(options)
        .list()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Aborted { .. }), "{err:?}");
    assert_eq!(client.files().list().await.unwrap().object, "list");
}

fn bytes_blob(bytes: &[u8]) -> web_sys::Blob {
    let array = js_sys::Uint8Array::from(bytes);
    web_sys::Blob::new_with_u8_array_sequence(&js_sys::Array::of1(&array)).unwrap()
}

#[wasm_bindgen_test]
async fn downloads_the_bytes_as_stored_and_lists_one_purpose() {
    reset_mock_with(r#"{"seed":"none"}"#).await;
    let files = client_with_key(MOCK_KEY).files();
    // Bytes no UTF-8 decoder keeps: they must come back unchanged.
    let stored: Vec<u8> = (0..=255u8).chain([0xff, 0xc3, 0x28]).collect();
    let batch = FileUpload::new(bytes_blob(&stored), "results.bin", Purpose::Batch);
    let created = files.create(&batch).await.unwrap();
    assert_eq!(files.download(&created.id).await.unwrap(), stored);
    let text = FileUpload::new(text_blob("notes"), "notes.txt", Purpose::FileExtract);
    files.create(&text).await.unwrap();
    let batches = files.list_of(Purpose::Batch).await.unwrap();
    assert_eq!(batches.data.len(), 1);
    assert_eq!(batches.data[0].id, created.id);
}

fn dated_client() -> Client {
    let config = ClientConfig::new(ApiKey::new(MOCK_KEY).unwrap())
        .with_base_url(MOCK_URL)
        .unwrap()
        .with_api_version(moonshot_files::DATED_API_VERSION)
        .unwrap()
        .dangerously_allow_browser(true);
    Client::new(config).unwrap()
}

#[wasm_bindgen_test]
async fn the_dated_api_pages_and_speaks_file_metadata() {
    reset_mock_with(r#"{"seed":"none"}"#).await;
    assert!(
        client_with_key(MOCK_KEY).dated_files().is_err(),
        "a compatible client has no dated files"
    );
    let files = dated_client().dated_files().unwrap();
    let mut ids = Vec::new();
    for name in ["a.txt", "b.txt", "c.txt"] {
        let upload = FileUpload::new(text_blob(name), name, Purpose::FileExtract);
        let created = files.create(&upload).await.unwrap();
        assert_eq!(created.size_bytes, 5);
        assert_eq!(created.extract_status, moonshot_files::ExtractStatus::Ready);
        ids.push(created.id);
    }
    // Pages of two, followed by their tokens, newest first.
    let mut seen = Vec::new();
    let mut page = moonshot_files::Page::default().with_size(2);
    loop {
        let answer = files.list(&page).await.unwrap();
        seen.extend(answer.items.into_iter().map(|file| file.id));
        match answer.next_page_token {
            Some(token) => page.token = Some(token),
            None => break,
        }
    }
    ids.reverse();
    assert_eq!(seen, ids);
    let whole = files.list(&moonshot_files::Page::default()).await.unwrap();
    assert_eq!(whole.items.len(), 3);
    let deleted = files.delete(&seen[0]).await.unwrap();
    assert_eq!(
        (deleted.id.as_str(), deleted.deleted),
        (seen[0].as_str(), true)
    );
    let old = files
        .prune(
            &PruneFilter::default()
                .with_older_than(Duration::ZERO)
                .with_dry_run(true),
        )
        .await
        .unwrap();
    assert_eq!(old.len(), 2, "created_at read as a date-time");
}

#[wasm_bindgen_test]
async fn a_dated_upload_cut_after_it_was_stored_is_retried_into_one_file() {
    reset_mock_with(r#"{"seed":"none","deprecation":{"sunset":"2027-03-01T00:00:00Z"}}"#).await;
    inject(r#"{"method":"POST","path":"/v1/files","action":"drop-after-handling"}"#).await;
    let told = Rc::new(RefCell::new(Vec::new()));
    let log = told.clone();
    let client = dated_client().with_deprecation_hook(Rc::new(move |notice| {
        log.borrow_mut().push(notice.sunset.clone())
    }));
    let files = client.dated_files().unwrap();
    let upload = FileUpload::new(text_blob("only once"), "once.jsonl", Purpose::Batch);
    let created = files.create(&upload).await.unwrap();
    let all = files.list(&moonshot_files::Page::default()).await.unwrap();
    assert_eq!(
        all.items.len(),
        1,
        "the retry was replayed, not stored again"
    );
    assert_eq!(all.items[0].id, created.id);
    assert_eq!(
        *told.borrow(),
        [Some("2027-03-01T00:00:00Z".to_owned())],
        "told once"
    );
}

#[wasm_bindgen_test]
async fn the_rate_limit_hook_hears_of_a_wait_and_its_end() {
    reset_mock().await;
    let config = ClientConfig::new(ApiKey::new(MOCK_KEY).unwrap())
        .with_base_url(MOCK_URL)
        .unwrap()
        .dangerously_allow_browser(true)
        .with_max_concurrency(1)
        .unwrap();
    let told = Rc::new(RefCell::new(Vec::new()));
    let log = told.clone();
    let client = Client::new(config)
        .unwrap()
        .with_rate_limit_hook(Rc::new(move |wait| log.borrow_mut().push(wait)));
    // Two lists at once, one slot: one of them waits its turn.
    let other = client.clone();
    let other_done = Rc::new(RefCell::new(None));
    let done = other_done.clone();
    wasm_bindgen_futures::spawn_local(async move {
        *done.borrow_mut() = Some(other.files().list().await.is_ok());
    });
    client.files().list().await.unwrap();
    let wait = told.borrow().first().cloned().expect("one call waited");
    assert_eq!(wait.limit, Some(moonshot_files::Limit::Concurrency));
    assert_eq!(wait.limit_value, Some(1));
    assert_eq!(wait.wait, None, "a slot: no known wait");
    while other_done.borrow().is_none() {
        JsFuture::from(js_sys::Promise::new(&mut |resolve, _| {
            set_timeout(&resolve, 10);
        }))
        .await
        .unwrap();
    }
    assert_eq!(*other_done.borrow(), Some(true));
    // Both calls are answered: the wait has ended, and awaiting it says how.
    assert_eq!(wait.ended.end(), Some(moonshot_files::WaitEnd::Done));
    assert_eq!(wait.ended.clone().await, moonshot_files::WaitEnd::Done);
    assert_eq!(told.borrow().len(), 1, "told once");
}
