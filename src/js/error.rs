//! The one conversion of a Rust error into its JS class (js/errors.js;
//! which class each case is: `Error::class`), and the fields it carries.

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::*;

use crate::error::Error;

#[wasm_bindgen(raw_module = "./create-error.js")]
extern "C" {
    #[wasm_bindgen(js_name = createError)]
    fn create_error(class_name: &str, message: &str, fields: &Object) -> JsValue;
}

pub(crate) fn to_js(err: Error) -> JsValue {
    of(&err)
}

/// The JS error of `err` (by reference: an error's causes are made from
/// theirs, never cloned).
fn of(err: &Error) -> JsValue {
    let fields = Object::new();
    let set = |name: &str, value: JsValue| {
        // Setting a property on a fresh plain object cannot fail.
        let _ = Reflect::set(&fields, &name.into(), &value);
    };
    let text = |value: &Option<String>| value.as_deref().map_or(JsValue::UNDEFINED, JsValue::from);
    set("attempts", err.attempts().into());
    match err {
        Error::Api(api) => {
            set("status", api.status.into());
            set("type", text(&api.error_type));
            set("code", text(&api.code));
            set("param", text(&api.param));
            set("hint", text(&api.hint));
            set("requestId", text(&api.request_id));
            set("traceId", text(&api.trace_id));
            if let Some(limit) = api.limit {
                set("limit", limit.as_str().into());
            }
            if let Some(value) = api.limit_value {
                set("limitValue", (value as f64).into());
            }
            if let Some(wait) = api.retry_after {
                set("retryAfterMs", (wait.as_millis() as f64).into());
            }
        }
        Error::InvalidResponse(invalid) => {
            set("status", invalid.status.into());
            set("requestId", text(&invalid.request_id));
            set("traceId", text(&invalid.trace_id));
            set("path", invalid.problem.path.as_str().into());
        }
        Error::ProcessingFailed {
            file_id,
            status_details,
            ..
        } => {
            set("fileId", file_id.as_str().into());
            set("statusDetails", text(status_details));
        }
        Error::WaitTimeout { file_id, .. } => set("fileId", file_id.as_str().into()),
        Error::LeftBehind {
            file_id,
            cause,
            after,
        } => {
            set("fileId", file_id.as_str().into());
            set("cause", of(cause));
            if let Some(after) = after {
                set("extractionError", of(after));
            }
        }
        Error::PruneIncomplete { deleted, failed } => {
            set(
                "deleted",
                deleted
                    .iter()
                    .map(|id| JsValue::from(id.as_str()))
                    .collect::<Array>()
                    .into(),
            );
            let failures: Array = failed
                .iter()
                .map(|(id, error)| {
                    let failure = Object::new();
                    let _ = Reflect::set(&failure, &"id".into(), &id.as_str().into());
                    let _ = Reflect::set(&failure, &"error".into(), &of(error));
                    JsValue::from(failure)
                })
                .collect();
            set("failed", failures.into());
        }
        Error::Connection { .. }
        | Error::Timeout { .. }
        | Error::Aborted { .. }
        | Error::InvalidArgument { .. } => {}
    }
    create_error(err.class().name(), &err.describe(), &fields)
}
