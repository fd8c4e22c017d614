//! Answers for the JS face: parsed by the engine's own JSON.parse and
//! checked by js/validate.js (the twin of src/decode.rs), so the body is
//! never copied into wasm nor rebuilt object by object.

use js_sys::{JsString, Reflect};
use wasm_bindgen::prelude::*;

use crate::decode::DecodeError;
use crate::error::{ApiError, Error, ErrorDetail, QUOTED_BODY_CHARS};
use crate::http::Answer;
use crate::types::FileStatus;

#[wasm_bindgen(raw_module = "./validate.js")]
extern "C" {
    // `catch`: were the check ever to throw, the throw must become this
    // call's error, not escape the wasm call and leave its promise pending.
    #[wasm_bindgen(js_name = parseAnswer, catch)]
    fn parse_answer(text: &JsString, shape: &str) -> Result<JsValue, JsValue>;
}

/// The schemas of js/validate.js.
#[derive(Clone, Copy)]
pub(crate) enum Shape {
    FileList,
    FileObject,
    FileDeleted,
    ContentDocument,
    ErrorResponse,
}

impl Shape {
    fn name(self) -> &'static str {
        match self {
            Shape::FileList => "FileList",
            Shape::FileObject => "FileObject",
            Shape::FileDeleted => "FileDeleted",
            Shape::ContentDocument => "ContentDocument",
            Shape::ErrorResponse => "ErrorResponse",
        }
    }
}

fn get(object: &JsValue, name: &str) -> JsValue {
    Reflect::get(object, &name.into()).unwrap_or(JsValue::UNDEFINED)
}

/// What js/validate.js says of a body: `{ value }` or `{ path, message }`,
/// the latter also when the check itself threw.
fn checked(body: &JsString, shape: Shape) -> JsValue {
    parse_answer(body, shape.name()).unwrap_or_else(|_| {
        let found = js_sys::Object::new();
        let _ = Reflect::set(&found, &"path".into(), &"".into());
        let _ = Reflect::set(
            &found,
            &"message".into(),
            &"the body could not be checked".into(),
        );
        found.into()
    })
}

/// The body as a plain JS value, if it has the shape; else where it does not.
pub(crate) fn value(answer: Answer, shape: Shape) -> Result<JsValue, Error> {
    let parsed = checked(&answer.body, shape);
    match get(&parsed, "path").as_string() {
        None => Ok(get(&parsed, "value")),
        Some(path) => Err(answer.invalid(DecodeError {
            path,
            message: get(&parsed, "message").as_string().unwrap_or_default(),
        })),
    }
}

/// A checked file object's status and status details.
pub(crate) fn status_of(file: &JsValue) -> (FileStatus, Option<String>) {
    let status = get(file, "status").as_string().unwrap_or_default();
    (
        FileStatus::from(status.as_str()),
        get(file, "status_details").as_string(),
    )
}

/// The `content` field of the service's JSON document, or the body as it came.
pub(crate) fn extracted_text(body: &JsString) -> JsValue {
    let parsed = checked(body, Shape::ContentDocument);
    match get(&parsed, "path").as_string() {
        None => get(&get(&parsed, "value"), "content"),
        Some(_) => body.into(),
    }
}

/// The error an error answer stands for: its `error` object when the body
/// has the documented shape, else a description quoting the body's start.
pub(crate) fn api_error(answer: &Answer) -> ApiError {
    let parsed = checked(&answer.body, Shape::ErrorResponse);
    let request_id = answer.request_id.clone();
    if get(&parsed, "path").is_string() {
        // One char more than is quoted, so the quote knows it was cut.
        let start = String::from(answer.body.slice(0, QUOTED_BODY_CHARS as u32 + 1));
        return ApiError::from_detail(answer.status, Err(&start), request_id);
    }
    let error = get(&get(&parsed, "value"), "error");
    let detail = ErrorDetail {
        message: get(&error, "message").as_string().unwrap_or_default(),
        error_type: get(&error, "type").as_string(),
        code: get(&error, "code").as_string(),
    };
    ApiError::from_detail(answer.status, Ok(detail), request_id)
}
