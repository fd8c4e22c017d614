//! The one conversion of a Rust error into its JS class (js/errors.js).

use js_sys::{Object, Reflect};
use wasm_bindgen::prelude::*;

use crate::error::Error;

#[wasm_bindgen(raw_module = "./create-error.js")]
extern "C" {
    #[wasm_bindgen(js_name = createError)]
    fn create_error(class_name: &str, message: &str, fields: &Object) -> JsValue;
}

pub(crate) fn to_js(err: Error) -> JsValue {
    let fields = Object::new();
    let set = |name: &str, value: JsValue| {
        // Setting a property on a fresh plain object cannot fail.
        let _ = Reflect::set(&fields, &name.into(), &value);
    };
    let text = |value: &Option<String>| value.as_deref().map_or(JsValue::UNDEFINED, JsValue::from);
    set("attempts", err.attempts().into());
    match &err {
        Error::Api(api) => {
            set("status", api.status.into());
            set("type", text(&api.error_type));
            set("code", text(&api.code));
            set("requestId", text(&api.request_id));
        }
        Error::InvalidResponse(invalid) => {
            set("status", invalid.status.into());
            set("requestId", text(&invalid.request_id));
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
        Error::Connection { .. }
        | Error::Timeout { .. }
        | Error::Aborted { .. }
        | Error::InvalidArgument { .. } => {}
    }
    create_error(err.class_name(), &err.to_string(), &fields)
}
