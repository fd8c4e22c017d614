//! The Rust face's reading of an answer: the body parsed as JSON, walked
//! against its shape's JSON Schema (derived from src/types.rs) to say
//! where it is wrong, then turned into the type. js/validate.js walks the
//! same schema by the same rules, so both faces say the same words for the
//! same body; tests/vectors/ holds them to it.
//!
//! The rules: fields are checked in the order of their names (a body's own
//! order is not kept by every parser), a missing required field is named
//! where it would be, unknown fields are kept, and a number is an integer
//! only where a JS number holds it exactly.

use std::cell::OnceCell;

use serde_json::{Map, Number, Value};

use crate::error::{AnswerIds, ApiError, DecodeError, Error, QUOTED_BODY_CHARS};
use crate::read::Answer;
use crate::read::{FileView, Reader};
use crate::text::decimal;
use crate::types::{
    ContentDocument, ErrorBody, ErrorDetail, FileDeleted, FileList, FileMetadata, FileObject,
    FilePage, FileStatus, HasShape, Purpose, Shape,
};

/// What both faces say of a body that does not parse.
pub(crate) const NOT_JSON: &str = "the body is not one JSON document";

/// The largest integer a JS number holds exactly: beyond it, `JSON.parse`
/// would hand a JS user a different number than the service sent.
const MAX_SAFE_INTEGER: i64 = (1 << 53) - 1;

/// The Rust face's reader: every answer decoded into its type.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Typed;

impl Reader for Typed {
    type List = FileList;
    type File = FileObject;
    type Deleted = FileDeleted;
    type Text = String;

    fn list(&self, answer: Answer) -> Result<FileList, Error> {
        decoded(&answer)
    }
    fn files_of(&self, list: FileList) -> Vec<FileObject> {
        list.data
    }
    fn keep_files(&self, list: FileList, keep: &dyn Fn(&FileObject) -> bool) -> FileList {
        let data = list.data.into_iter().filter(|file| keep(file)).collect();
        FileList { data, ..list }
    }
    fn file(&self, answer: Answer) -> Result<FileObject, Error> {
        decoded(&answer)
    }
    fn deleted(&self, answer: Answer, id: &str) -> Result<FileDeleted, Error> {
        deletion(answer, id)
    }
    fn content(&self, answer: Answer) -> String {
        String::from(&answer.body)
    }
    fn extracted_text(&self, answer: Answer) -> String {
        let body = String::from(&answer.body);
        match json::<ContentDocument>(&body) {
            Ok(document) => document.content,
            Err(_) => body,
        }
    }
    fn cap(&self, mut text: String, max: usize) -> (String, bool) {
        match text.char_indices().nth(max) {
            Some((end, _)) => {
                text.truncate(end);
                (text, true)
            }
            None => (text, false),
        }
    }
    fn api_error(&self, answer: &Answer) -> ApiError {
        let body = String::from(&answer.body);
        api_error(answer.status, &body, answer.ids.clone())
    }
}

/// Reads an error answer. A body in the documented shape gives its
/// message, type and code; any other body (HTML from a gateway, empty,
/// malformed JSON) still gives a clear message with the status.
pub(crate) fn api_error(status: u16, body: &str, ids: AnswerIds) -> ApiError {
    let detail = json::<ErrorBody>(body).map(|body| body.error);
    match detail {
        Ok(detail) => ApiError::from_detail(status, detail, ids),
        Err(_) => unshaped_body(status, body, ids),
    }
}

/// The error of an answer whose body is not the API's error shape (HTML
/// from a gateway, empty, malformed JSON): a clear message with the status,
/// quoting the body's start (given at least [`QUOTED_BODY_CHARS`] chars).
pub(crate) fn unshaped_body(status: u16, body: &str, ids: AnswerIds) -> ApiError {
    let detail = ErrorDetail {
        message: describe_unshaped_body(status, body),
        error_type: None,
        code: None,
        param: None,
        request_id: None,
    };
    ApiError::from_detail(status, detail, ids)
}

fn describe_unshaped_body(status: u16, body: &str) -> String {
    let text = body.trim();
    if text.is_empty() {
        return ["HTTP ", &decimal(status.into()), " with an empty body"].concat();
    }
    let quoted: String = text.chars().take(QUOTED_BODY_CHARS).collect();
    let more = if quoted.len() < text.len() { "..." } else { "" };
    [
        "HTTP ",
        &decimal(status.into()),
        " with a body that is not the API's error shape: ",
        &quoted,
        more,
    ]
    .concat()
}

impl FileView for FileObject {
    fn id(&self) -> String {
        self.id.clone()
    }
    fn purpose(&self) -> Purpose {
        self.purpose.clone()
    }
    fn status(&self) -> FileStatus {
        self.status.clone()
    }
    fn status_details(&self) -> Option<String> {
        self.status_details.clone()
    }
    fn created_at(&self) -> i64 {
        self.created_at
    }
    fn size(&self) -> u64 {
        self.bytes.max(0) as u64
    }
}

/// A deletion's answer, or the dated API's bodiless 204 for `id`.
fn deletion(answer: Answer, id: &str) -> Result<FileDeleted, Error> {
    if answer.is_bodiless_deletion() {
        return Ok(FileDeleted {
            id: id.to_owned(),
            object: "file".to_owned(),
            deleted: true,
            extra: Map::new(),
        });
    }
    decoded(&answer)
}

/// The Rust face's reader of the dated API: its pages and `FileMetadata`.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct TypedDated;

impl Reader for TypedDated {
    type List = FilePage;
    type File = FileMetadata;
    type Deleted = FileDeleted;
    type Text = String;

    fn list(&self, answer: Answer) -> Result<FilePage, Error> {
        decoded(&answer)
    }
    fn files_of(&self, list: FilePage) -> Vec<FileMetadata> {
        list.items
    }
    fn keep_files(&self, list: FilePage, keep: &dyn Fn(&FileMetadata) -> bool) -> FilePage {
        let items = list.items.into_iter().filter(|file| keep(file)).collect();
        FilePage { items, ..list }
    }
    fn file(&self, answer: Answer) -> Result<FileMetadata, Error> {
        decoded(&answer)
    }
    fn deleted(&self, answer: Answer, id: &str) -> Result<FileDeleted, Error> {
        deletion(answer, id)
    }
    fn content(&self, answer: Answer) -> String {
        Typed.content(answer)
    }
    fn extracted_text(&self, answer: Answer) -> String {
        Typed.extracted_text(answer)
    }
    fn cap(&self, text: String, max: usize) -> (String, bool) {
        Typed.cap(text, max)
    }
    fn api_error(&self, answer: &Answer) -> ApiError {
        Typed.api_error(answer)
    }
}

impl FileView for FileMetadata {
    fn id(&self) -> String {
        self.id.clone()
    }
    fn purpose(&self) -> Purpose {
        self.purpose
            .clone()
            .unwrap_or(Purpose::Other(String::new()))
    }
    fn status(&self) -> FileStatus {
        FileStatus::from(self.extract_status.as_str())
    }
    fn status_details(&self) -> Option<String> {
        None
    }
    fn created_at(&self) -> i64 {
        crate::date::rfc3339_seconds(&self.created_at).unwrap_or_default()
    }
    fn size(&self) -> u64 {
        self.size_bytes.max(0) as u64
    }
}

/// An answer's body decoded as `T`, or an `InvalidResponse` saying where not.
fn decoded<T: HasShape>(answer: &Answer) -> Result<T, Error> {
    json(&String::from(&answer.body)).map_err(|problem| answer.invalid(problem))
}

/// Decodes a whole body as `T`, or says where it breaks `T`'s schema.
pub(crate) fn json<T: HasShape>(body: &str) -> Result<T, DecodeError> {
    let mut value: Value = serde_json::from_str(body).map_err(|_| DecodeError {
        path: String::new(),
        message: NOT_JSON.to_owned(),
    })?;
    if let Some((segments, message)) = with_schema(T::SHAPE, |schema| {
        let defs = schema.get("$defs").and_then(Value::as_object);
        problem(&mut value, schema, defs)
    }) {
        return Err(DecodeError {
            path: path_of(segments),
            message,
        });
    }
    // The walk has checked every field the type has: what is left to go
    // wrong is a type and its schema disagreeing, a defect of ours.
    serde_json::from_value(value).map_err(|err| DecodeError {
        path: String::new(),
        message: err.to_string(),
    })
}

thread_local! {
    // Derived once per shape: a schema is a tree of maps, not free to build per call.
    static SCHEMAS: [OnceCell<Value>; Shape::ALL.len()] = Default::default();
}

fn with_schema<R>(shape: Shape, use_it: impl FnOnce(&Value) -> R) -> R {
    SCHEMAS.with(|schemas| match schemas.get(shape as usize) {
        Some(cell) => use_it(cell.get_or_init(|| shape.schema().to_value())),
        None => use_it(&shape.schema().to_value()),
    })
}

/// Where a value breaks a schema, as [path segments, message] with the
/// segments innermost first (built only on the way out of a failure).
type Problem = (Vec<String>, String);

fn problem(
    value: &mut Value,
    schema: &Value,
    defs: Option<&Map<String, Value>>,
) -> Option<Problem> {
    let schema = resolve(schema, defs);
    let types = type_names(schema);
    if types.contains(&"object") {
        let Value::Object(fields) = value else {
            let expecting = schema.get("title").and_then(Value::as_str);
            return mismatch(expecting.unwrap_or("an object"), value);
        };
        return object_problem(fields, schema, defs);
    }
    if types.contains(&"array") {
        let Value::Array(items) = value else {
            return mismatch("an array", value);
        };
        let item_schema = schema.get("items").unwrap_or(&Value::Null);
        for (index, item) in items.iter_mut().enumerate() {
            if let Some((mut segments, message)) = problem(item, item_schema, defs) {
                segments.push(["[", &decimal(index as u64), "]"].concat());
                return Some((segments, message));
            }
        }
        return None;
    }
    if value.is_null() && types.contains(&"null") {
        return None;
    }
    let fits = match types.first().copied() {
        Some("string") => value.is_string(),
        Some("boolean") => value.is_boolean(),
        Some("integer") => return integer_problem(value, &types),
        // A schema this walk does not know accepts anything.
        _ => true,
    };
    if fits {
        None
    } else {
        mismatch(&expected(&types), value)
    }
}

fn object_problem(
    fields: &mut Map<String, Value>,
    schema: &Value,
    defs: Option<&Map<String, Value>>,
) -> Option<Problem> {
    let properties = schema.get("properties").and_then(Value::as_object)?;
    let required: Vec<&str> = schema
        .get("required")
        .and_then(Value::as_array)
        .map(|names| names.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let mut names: Vec<&String> = properties.keys().collect();
    names.sort();
    for name in names {
        match fields.get_mut(name.as_str()) {
            None if required.contains(&name.as_str()) => {
                return Some((Vec::new(), ["missing field `", name, "`"].concat()));
            }
            None => {}
            Some(field) => {
                let field_schema = properties.get(name.as_str()).unwrap_or(&Value::Null);
                if let Some((mut segments, message)) = problem(field, field_schema, defs) {
                    segments.push([".", name.as_str()].concat());
                    return Some((segments, message));
                }
            }
        }
    }
    None
}

/// An integer a JS number holds exactly; an integral float (`5.0`, `1e3`)
/// is one, as JSON.parse sees it, and is kept as the integer.
fn integer_problem(value: &mut Value, types: &[&str]) -> Option<Problem> {
    let Value::Number(number) = value else {
        return mismatch(&expected(types), value);
    };
    let whole = match (number.as_i64(), number.as_f64()) {
        (Some(n), _) => Some(n as f64),
        (None, Some(f)) if f.fract() == 0.0 => Some(f),
        _ => None,
    };
    match whole {
        None => mismatch(&expected(types), value),
        Some(n) if n.abs() > MAX_SAFE_INTEGER as f64 => Some((
            Vec::new(),
            "expected an integer, got one beyond 2^53 (unsafe in JS)".to_owned(),
        )),
        Some(n) => {
            *number = Number::from(n as i64);
            None
        }
    }
}

fn resolve<'s>(schema: &'s Value, defs: Option<&'s Map<String, Value>>) -> &'s Value {
    match schema.get("$ref").and_then(Value::as_str) {
        Some(reference) => reference
            .strip_prefix("#/$defs/")
            .and_then(|name| defs?.get(name))
            .unwrap_or(&Value::Null),
        None => schema,
    }
}

/// The schema's `type`: one name or a list of them.
fn type_names(schema: &Value) -> Vec<&str> {
    match schema.get("type") {
        Some(Value::String(name)) => vec![name.as_str()],
        Some(Value::Array(names)) => names.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

/// "a string", "a string or null", ... as the message names what was expected.
fn expected(types: &[&str]) -> String {
    let names: Vec<&str> = types
        .iter()
        .map(|name| match *name {
            "string" => "a string",
            "integer" => "an integer",
            "boolean" => "a boolean",
            "null" => "null",
            "array" => "an array",
            "number" => "a number",
            _ => "an object",
        })
        .collect();
    names.join(" or ")
}

fn mismatch(expecting: &str, value: &Value) -> Option<Problem> {
    let kind = match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    };
    Some((
        Vec::new(),
        ["expected ", expecting, ", got ", kind].concat(),
    ))
}

/// `data[3].bytes` from the segments [".bytes", "[3]", ".data"].
fn path_of(mut segments: Vec<String>) -> String {
    segments.reverse();
    let joined = segments.concat();
    joined.strip_prefix('.').unwrap_or(&joined).to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ApiErrorKind;
    use crate::types::{ContentDocument, ErrorBody, FileDeleted, FileList, FileObject};
    use crate::types::{FileStatus, Purpose};

    fn file(fields: &str) -> String {
        format!(
            r#"{{"id":"file-1","object":"file","bytes":12,"created_at":1700000000,"filename":"a.pdf","purpose":"file-extract","status":"ready"{fields}}}"#
        )
    }

    fn list_of(files: &[String]) -> String {
        format!(r#"{{"object":"list","data":[{}]}}"#, files.join(","))
    }

    #[test]
    fn decodes_a_list_with_every_field() {
        let body = list_of(&[file(r#","status_details":"ok""#), file("")]);
        let list: FileList = json(&body).unwrap();
        assert_eq!(list.object, "list");
        assert_eq!(list.data.len(), 2);
        let first = &list.data[0];
        assert_eq!(first.id, "file-1");
        assert_eq!(first.bytes, 12);
        assert_eq!(first.created_at, 1_700_000_000);
        assert_eq!(first.purpose, Purpose::FileExtract);
        assert_eq!(first.status, FileStatus::Ready);
        assert_eq!(first.status_details.as_deref(), Some("ok"));
        assert_eq!(list.data[1].status_details, None);
    }

    #[test]
    fn names_the_path_of_a_wrong_type() {
        let mut files: Vec<String> = (0..3).map(|_| file("")).collect();
        files.push(file("").replace(r#""bytes":12"#, r#""bytes":"12""#));
        let err = json::<FileList>(&list_of(&files)).unwrap_err();
        assert_eq!(
            err.to_string(),
            "data[3].bytes: expected an integer, got a string"
        );
    }

    #[test]
    fn names_a_missing_field_where_it_would_be() {
        let body = list_of(&[file("").replace(r#""filename":"a.pdf","#, "")]);
        let err = json::<FileList>(&body).unwrap_err();
        assert_eq!(err.path, "data[0]");
        assert_eq!(err.message, "missing field `filename`");
    }

    #[test]
    fn checks_fields_in_the_order_of_their_names() {
        // Both wrong: `bytes` comes before `status` whatever the body's order.
        let body = file("")
            .replace(r#""status":"ready""#, r#""status":1"#)
            .replace(r#""bytes":12"#, r#""bytes":"x""#);
        let err = json::<FileObject>(&body).unwrap_err();
        assert_eq!(err.to_string(), "bytes: expected an integer, got a string");
    }

    #[test]
    fn refuses_null_in_a_required_field_and_accepts_it_in_an_optional_one() {
        let body = list_of(&[file("").replace(r#""status":"ready""#, r#""status":null"#)]);
        let err = json::<FileList>(&body).unwrap_err();
        assert_eq!(
            err.to_string(),
            "data[0].status: expected a string, got null"
        );
        let ok: FileObject = json(&file(r#","status_details":null"#)).unwrap();
        assert_eq!(ok.status_details, None);
    }

    #[test]
    fn refuses_each_wrong_kind_by_name() {
        for (value, kind) in [
            ("true", "a boolean"),
            ("1.5", "a number"),
            ("[1]", "an array"),
            (r#"{"a":1}"#, "an object"),
            ("null", "null"),
        ] {
            let body = file("").replace(r#""id":"file-1""#, &format!(r#""id":{value}"#));
            let err = json::<FileObject>(&body).unwrap_err();
            assert_eq!(
                err.to_string(),
                format!("id: expected a string, got {kind}")
            );
        }
    }

    #[test]
    fn integers_are_any_a_js_number_holds_exactly() {
        let with_bytes = |v: &str| file("").replace(r#""bytes":12"#, &format!(r#""bytes":{v}"#));
        assert_eq!(json::<FileObject>(&with_bytes("5.0")).unwrap().bytes, 5);
        assert_eq!(json::<FileObject>(&with_bytes("1e3")).unwrap().bytes, 1000);
        // The spec gives `bytes` no minimum.
        assert_eq!(json::<FileObject>(&with_bytes("-1")).unwrap().bytes, -1);
        assert_eq!(
            json::<FileObject>(&with_bytes("-9007199254740991"))
                .unwrap()
                .bytes,
            -9_007_199_254_740_991
        );
        for (v, message) in [
            (
                "9007199254740992",
                "bytes: expected an integer, got one beyond 2^53 (unsafe in JS)",
            ),
            ("1.5", "bytes: expected an integer, got a number"),
        ] {
            assert_eq!(
                json::<FileObject>(&with_bytes(v)).unwrap_err().to_string(),
                message
            );
        }
    }

    #[test]
    fn keeps_unknown_fields_and_values() {
        let body = file(r#","color":"blue","nested":{"a":[1,2]}"#)
            .replace("file-extract", "audio")
            .replace(r#""ready""#, r#""queued""#);
        let file: FileObject = json(&body).unwrap();
        assert_eq!(file.purpose, Purpose::Other("audio".into()));
        assert_eq!(file.status, FileStatus::Other("queued".into()));
        assert_eq!(file.extra["color"], "blue");
        assert_eq!(file.extra["nested"]["a"][1], 2);
        // ...and gives them back when serialized.
        let again: serde_json::Value = serde_json::to_value(&file).unwrap();
        assert_eq!(again["purpose"], "audio");
        assert_eq!(again["nested"]["a"][0], 1);
    }

    #[test]
    fn refuses_what_is_not_one_json_document() {
        for body in [
            "",
            "<html>502 Bad Gateway</html>",
            r#"{"object":"list","data":[]"#,
            r#"{"object":"list","data":[]} x"#,
        ] {
            let err = json::<FileList>(body).unwrap_err();
            assert_eq!((err.path.as_str(), err.message.as_str()), ("", NOT_JSON));
        }
    }

    #[test]
    fn names_the_object_or_array_expected() {
        let err = json::<FileList>("[]").unwrap_err();
        assert_eq!(err.to_string(), "expected the list object, got an array");
        let err = json::<FileList>(r#"{"object":"list","data":{}}"#).unwrap_err();
        assert_eq!(err.to_string(), "data: expected an array, got an object");
        let err = json::<FileList>(r#"{"object":"list","data":[7]}"#).unwrap_err();
        assert_eq!(
            err.to_string(),
            "data[0]: expected a file object, got a number"
        );
    }

    #[test]
    fn decodes_a_deletion_the_content_document_and_the_error_body() {
        let deleted: FileDeleted =
            json(r#"{"id":"file-1","object":"file","deleted":true}"#).unwrap();
        assert!(deleted.deleted);
        let err =
            json::<FileDeleted>(r#"{"id":"file-1","object":"file","deleted":"yes"}"#).unwrap_err();
        assert_eq!(err.to_string(), "deleted: expected a boolean, got a string");
        let document: ContentDocument = json(
            r#"{"content":"Hello","file_type":"application/pdf","filename":"a.pdf","title":"","type":"file"}"#,
        )
        .unwrap();
        assert_eq!(document.content, "Hello");
        let error: ErrorBody = json(r#"{"error":{"message":"m","type":"t"}}"#).unwrap();
        assert_eq!(error.error.error_type.as_deref(), Some("t"));
        let err = json::<ErrorBody>(r#"{"error":{"message":42}}"#).unwrap_err();
        assert_eq!(
            err.to_string(),
            "error.message: expected a string, got a number"
        );
    }

    /// The special cases js/validate.js is held to as well
    /// (tests/js/validate.test.mjs), every message pinned.
    #[test]
    fn says_what_the_shared_vectors_say() {
        let vectors: Value =
            serde_json::from_str(include_str!("../tests/vectors/decode.json")).unwrap();
        let cases = vectors["cases"].as_array().unwrap();
        for case in cases {
            let shape = Shape::ALL
                .into_iter()
                .find(|shape| shape.name() == case["shape"])
                .unwrap();
            let outcome = crate::generate::verdict(shape, case["body"].as_str().unwrap());
            let note = case["note"].as_str().unwrap();
            match (case["ok"].as_bool().unwrap(), outcome) {
                (true, Ok(())) => {}
                (false, Err(err)) => {
                    assert_eq!(err.path, case["path"], "{note}");
                    assert_eq!(err.message, case["message"], "{note}");
                }
                (expected, got) => panic!("{note}: expected ok={expected}, got {got:?}"),
            }
        }
        assert!(cases.len() > 50);
    }

    #[test]
    fn reads_the_documented_error_body() {
        let body = r#"{"error":{"message":"Invalid Authentication","type":"invalid_authentication_error","code":"bad_key"}}"#;
        let ids = AnswerIds {
            request_id: Some("req-1".into()),
            trace_id: Some("trace-1".into()),
        };
        let err = api_error(401, body, ids);
        assert_eq!(err.kind, ApiErrorKind::Authentication);
        assert_eq!(err.message, "Invalid Authentication");
        assert_eq!(
            err.error_type.as_deref(),
            Some("invalid_authentication_error")
        );
        assert_eq!(err.code.as_deref(), Some("bad_key"));
        assert_eq!(err.request_id.as_deref(), Some("req-1"));
        assert_eq!(err.trace_id.as_deref(), Some("trace-1"));
    }

    #[test]
    fn a_gateway_page_still_gives_a_clear_message() {
        let page = format!(
            "<html><body>502 Bad Gateway{}</body></html>",
            " ".repeat(500)
        );
        let err = api_error(502, &page, AnswerIds::default());
        assert_eq!(err.kind, ApiErrorKind::InternalServer);
        assert!(err.message.starts_with(
            "HTTP 502 with a body that is not the API's error shape: <html><body>502 Bad Gateway"
        ));
        assert!(err.message.ends_with("..."));
        assert_eq!(err.error_type, None);
        let empty = api_error(503, "", AnswerIds::default());
        assert_eq!(empty.message, "HTTP 503 with an empty body");
    }

    #[test]
    fn a_body_with_the_wrong_shape_is_quoted_not_trusted() {
        let err = api_error(500, r#"{"error":{"message":42}}"#, AnswerIds::default());
        assert_eq!(
            err.message,
            r#"HTTP 500 with a body that is not the API's error shape: {"error":{"message":42}}"#
        );
    }
}
