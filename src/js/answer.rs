//! The JS face's reader: each answer parsed by the engine's own JSON.parse
//! and checked by js/validate.js against the schemas generated from
//! src/types.rs (js/answer-schemas.js), so a body is never copied into wasm
//! nor rebuilt object by object, and the values handed back are the plain
//! objects JSON.parse made.

use js_sys::{Array, JsString, Reflect};
use wasm_bindgen::prelude::*;

use crate::decode::unshaped_body;
use crate::error::{ApiError, DecodeError, Error, QUOTED_BODY_CHARS};
use crate::read::Answer;
use crate::read::{FileView, Reader};
use crate::types::{ErrorDetail, FileStatus, Purpose, Shape};

#[wasm_bindgen(raw_module = "./validate.js")]
extern "C" {
    // `catch`: were the check ever to throw, the throw must become this
    // call's error, not escape the wasm call and leave its promise pending.
    #[wasm_bindgen(js_name = parseAnswer, catch)]
    fn parse_answer(text: &JsString, shape: &str) -> Result<JsValue, JsValue>;
}

fn get(object: &JsValue, name: &str) -> JsValue {
    Reflect::get(object, &name.into()).unwrap_or(JsValue::UNDEFINED)
}

/// The body as a plain JS value, if it has the shape; else where it does not.
fn checked(body: &JsString, shape: Shape) -> Result<JsValue, DecodeError> {
    let parsed = parse_answer(body, shape.name()).map_err(|_| DecodeError {
        path: String::new(),
        message: "the body could not be checked".to_owned(),
    })?;
    match get(&parsed, "path").as_string() {
        None => Ok(get(&parsed, "value")),
        Some(path) => Err(DecodeError {
            path,
            message: get(&parsed, "message").as_string().unwrap_or_default(),
        }),
    }
}

/// Where a list keeps its files: `data` (compatible) or `items` (dated).
fn files_field(list: &JsValue) -> &'static str {
    if js_sys::Reflect::has(list, &"items".into()).unwrap_or(false) {
        "items"
    } else {
        "data"
    }
}

fn value(answer: &Answer, shape: Shape) -> Result<JsValue, Error> {
    checked(&answer.body, shape).map_err(|problem| answer.invalid(problem))
}

/// A checked file object, as JSON.parse made it.
#[derive(Clone, Debug)]
pub(crate) struct JsFile(pub JsValue);

impl From<JsFile> for JsValue {
    fn from(file: JsFile) -> JsValue {
        file.0
    }
}

impl FileView for JsFile {
    fn id(&self) -> String {
        get(&self.0, "id").as_string().unwrap_or_default()
    }
    fn purpose(&self) -> Purpose {
        Purpose::from(
            get(&self.0, "purpose")
                .as_string()
                .unwrap_or_default()
                .as_str(),
        )
    }
    /// `status`, or the dated API's `extract_status`.
    fn status(&self) -> FileStatus {
        let status = get(&self.0, "status")
            .as_string()
            .or_else(|| get(&self.0, "extract_status").as_string());
        FileStatus::from(status.unwrap_or_default().as_str())
    }
    fn status_details(&self) -> Option<String> {
        get(&self.0, "status_details").as_string()
    }
    /// Unix seconds, or the dated API's RFC 3339 date-time read as them
    /// (by the platform's `Date.parse`, which reads RFC 3339: no parser of
    /// ours in the wasm).
    fn created_at(&self) -> i64 {
        let created = get(&self.0, "created_at");
        match created.as_string() {
            Some(date) => {
                let ms = js_sys::Date::parse(&date);
                if ms.is_finite() {
                    (ms / 1000.0).floor() as i64
                } else {
                    0
                }
            }
            None => created.as_f64().unwrap_or_default() as i64,
        }
    }
    /// `bytes`, or the dated API's `size_bytes`.
    fn size(&self) -> u64 {
        let bytes = get(&self.0, "bytes").as_f64();
        let size = bytes.or_else(|| get(&self.0, "size_bytes").as_f64());
        size.unwrap_or_default().max(0.0) as u64
    }
}

/// The JS face's reader: plain JS values, checked.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct JsAnswers;

impl Reader for JsAnswers {
    type List = JsValue;
    type File = JsFile;
    type Deleted = JsValue;
    type Text = JsString;

    fn list(&self, answer: Answer) -> Result<JsValue, Error> {
        let shape = if answer.dated {
            Shape::FilePage
        } else {
            Shape::FileList
        };
        value(&answer, shape)
    }
    fn files_of(&self, list: JsValue) -> Vec<JsFile> {
        let data: Array = get(&list, files_field(&list)).unchecked_into();
        data.iter().map(JsFile).collect()
    }
    fn keep_files(&self, list: JsValue, keep: &dyn Fn(&JsFile) -> bool) -> JsValue {
        let files = self.files_of(list.clone());
        let kept: Array = files
            .into_iter()
            .filter(|file| keep(file))
            .map(|file| file.0)
            .collect();
        let _ = js_sys::Reflect::set(&list, &files_field(&list).into(), &kept);
        list
    }
    fn file(&self, answer: Answer) -> Result<JsFile, Error> {
        let shape = if answer.dated {
            Shape::FileMetadata
        } else {
            Shape::FileObject
        };
        value(&answer, shape).map(JsFile)
    }
    fn deleted(&self, answer: Answer, id: &str) -> Result<JsValue, Error> {
        if !answer.is_bodiless_deletion() {
            return value(&answer, Shape::FileDeleted);
        }
        let deleted = js_sys::Object::new();
        for (name, field) in [
            ("id", JsValue::from(id)),
            ("object", "file".into()),
            ("deleted", true.into()),
        ] {
            let _ = js_sys::Reflect::set(&deleted, &name.into(), &field);
        }
        Ok(deleted.into())
    }
    fn content(&self, answer: Answer) -> JsString {
        answer.body
    }
    fn extracted_text(&self, answer: Answer) -> JsString {
        match checked(&answer.body, Shape::ContentDocument) {
            Ok(document) => get(&document, "content").unchecked_into(),
            Err(_) => answer.body,
        }
    }
    /// At most `max` UTF-16 code units (what `text.length` counts), never
    /// half of a surrogate pair.
    fn cap(&self, text: JsString, max: usize) -> (JsString, bool) {
        let max = u32::try_from(max).unwrap_or(u32::MAX);
        if text.length() <= max {
            return (text, false);
        }
        let splits_a_pair = max > 0
            && text
                .char_code_at(max - 1)
                .is_finite()
                .then(|| text.char_code_at(max - 1) as u32)
                .is_some_and(|unit| (0xD800..0xDC00).contains(&unit));
        let end = if splits_a_pair { max - 1 } else { max };
        (text.slice(0, end), true)
    }
    /// Its `error` object when the body has the documented shape, else a
    /// description quoting the body's start.
    fn api_error(&self, answer: &Answer) -> ApiError {
        let ids = answer.ids.clone();
        let Ok(body) = checked(&answer.body, Shape::ErrorBody) else {
            // One char more than is quoted, so the quote knows it was cut.
            let start = String::from(answer.body.slice(0, QUOTED_BODY_CHARS as u32 + 1));
            return unshaped_body(answer.status, &start, ids);
        };
        let error = get(&body, "error");
        let detail = ErrorDetail {
            message: get(&error, "message").as_string().unwrap_or_default(),
            error_type: get(&error, "type").as_string(),
            code: get(&error, "code").as_string(),
            param: get(&error, "param").as_string(),
            request_id: get(&error, "request_id").as_string(),
        };
        ApiError::from_detail(answer.status, detail, ids)
    }
}
