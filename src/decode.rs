//! Strict, path-naming decoding of the service's JSON answers.
//!
//! Every field is read through one small visitor ([`Json`]) that notes which
//! JSON kind it saw, so a mismatch reads "expected an integer, got a string";
//! `serde_path_to_error` adds where it happened: `data[3].bytes: ...`.

use std::borrow::Cow;
use std::fmt;

use serde::de::{
    self, Deserialize, DeserializeOwned, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor,
};

/// A body that is not what the API promises, and where it went wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodeError {
    /// Where in the document, e.g. `data[3].bytes`; empty for the whole body.
    pub path: String,
    /// What was wrong there, e.g. `expected an integer, got a string`.
    pub message: String,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

/// Decodes a whole body as `T`, naming the path of the first problem.
pub fn json<T: DeserializeOwned>(body: &str) -> Result<T, DecodeError> {
    let mut deserializer = serde_json::Deserializer::from_str(body);
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|err| {
        let path = err.path().to_string();
        DecodeError {
            // "." is the root; "?" a place the parser could not name (a
            // document cut short): either way, the whole body.
            path: if path == "." || path == "?" {
                String::new()
            } else {
                path
            },
            message: without_position(err.inner()),
        }
    })?;
    // Trailing garbage after the document is as wrong as a truncated one.
    deserializer.end().map_err(|err| DecodeError {
        path: String::new(),
        message: without_position(&err),
    })?;
    Ok(value)
}

/// serde_json appends " at line L column C"; the path says more, so drop it.
fn without_position(err: &serde_json::Error) -> String {
    let full = err.to_string();
    let position = format!(" at line {} column {}", err.line(), err.column());
    match full.strip_suffix(&position) {
        Some(message) => message.to_owned(),
        None => full,
    }
}

/// The largest integer a JS number holds exactly: beyond it, `JSON.parse`
/// would hand a JS user a different number than the service sent.
const MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;

/// One JSON value as a field decoder sees it: its kind, and its content where
/// a field could want it. Arrays and objects are skipped, not kept.
pub(crate) enum Json<'de> {
    Null,
    Bool(bool),
    Integer(i128),
    Fraction,
    Str(Cow<'de, str>),
    Array,
    Object,
}

impl Json<'_> {
    /// The kind, as the error message names it.
    fn kind(&self) -> &'static str {
        match self {
            Json::Null => "null",
            Json::Bool(_) => "a boolean",
            Json::Integer(_) | Json::Fraction => "a number",
            Json::Str(_) => "a string",
            Json::Array => "an array",
            Json::Object => "an object",
        }
    }

    fn mismatch<E: de::Error>(&self, expected: &str) -> E {
        E::custom(format_args!("expected {expected}, got {}", self.kind()))
    }
}

impl<'de> Deserialize<'de> for Json<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(JsonVisitor)
    }
}

struct JsonVisitor;

impl<'de> Visitor<'de> for JsonVisitor {
    type Value = Json<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(Json::Null)
    }
    fn visit_none<E>(self) -> Result<Self::Value, E> {
        Ok(Json::Null)
    }
    fn visit_bool<E>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Json::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Json::Integer(v.into()))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Json::Integer(v.into()))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Self::Value, E> {
        // `1e3` and `5.0` are integers to JSON.parse, so they are here too.
        if v.fract() == 0.0 && v.abs() <= MAX_SAFE_INTEGER as f64 {
            Ok(Json::Integer(v as i128))
        } else {
            Ok(Json::Fraction)
        }
    }
    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Json::Str(Cow::Borrowed(v)))
    }
    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Json::Str(Cow::Owned(v.to_owned())))
    }
    fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
        Ok(Json::Str(Cow::Owned(v)))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Json::Array)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Json::Object)
    }
}

/// A required string field.
pub(crate) mod string {
    use super::*;

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
        match Json::deserialize(deserializer)? {
            Json::Str(s) => Ok(s.into_owned()),
            other => Err(other.mismatch("a string")),
        }
    }

    pub fn serialize<S: serde::Serializer>(value: &str, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(value)
    }

    /// An optional string field: absent or `null` is `None`.
    pub mod optional {
        use super::*;

        pub fn deserialize<'de, D: Deserializer<'de>>(
            deserializer: D,
        ) -> Result<Option<String>, D::Error> {
            match Json::deserialize(deserializer)? {
                Json::Null => Ok(None),
                Json::Str(s) => Ok(Some(s.into_owned())),
                other => Err(other.mismatch("a string or null")),
            }
        }

        pub fn serialize<S: serde::Serializer>(
            value: &Option<String>,
            serializer: S,
        ) -> Result<S::Ok, S::Error> {
            match value {
                Some(s) => serializer.serialize_str(s),
                None => serializer.serialize_none(),
            }
        }
    }
}

/// A required boolean field.
pub(crate) mod boolean {
    use super::*;

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<bool, D::Error> {
        match Json::deserialize(deserializer)? {
            Json::Bool(b) => Ok(b),
            other => Err(other.mismatch("a boolean")),
        }
    }

    pub fn serialize<S: serde::Serializer>(value: &bool, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bool(*value)
    }
}

/// A required integer field, within the range of its Rust type and of a JS number.
pub(crate) mod integer {
    use super::*;

    pub fn deserialize<'de, D, T>(deserializer: D) -> Result<T, D::Error>
    where
        D: Deserializer<'de>,
        T: TryFrom<i128>,
    {
        match Json::deserialize(deserializer)? {
            Json::Integer(n) if n.unsigned_abs() > u128::from(MAX_SAFE_INTEGER) => Err(
                de::Error::custom("expected an integer, got one beyond 2^53 (unsafe in JS)"),
            ),
            Json::Integer(n) => T::try_from(n).map_err(|_| {
                de::Error::custom(if n < 0 {
                    "expected a non-negative integer, got a negative one"
                } else {
                    "expected an integer, got one out of range"
                })
            }),
            other => Err(other.mismatch("an integer")),
        }
    }

    pub fn serialize<S, T>(value: &T, serializer: S) -> Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
        T: Copy + Into<i128>,
    {
        let wide: i128 = (*value).into();
        serializer.serialize_i128(wide)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::{FileList, FileObject, FileStatus, Purpose};

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
        let files: Vec<String> = (0..3).map(|_| file("")).collect();
        let mut files = files;
        files.push(file("").replace(r#""bytes":12"#, r#""bytes":"12""#));
        let err = json::<FileList>(&list_of(&files)).unwrap_err();
        assert_eq!(
            err.to_string(),
            "data[3].bytes: expected an integer, got a string"
        );
    }

    #[test]
    fn names_a_missing_field() {
        let body = list_of(&[file("").replace(r#""filename":"a.pdf","#, "")]);
        let err = json::<FileList>(&body).unwrap_err();
        assert_eq!(err.path, "data[0]");
        assert_eq!(err.message, "missing field `filename`");
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
    fn integers_must_fit_their_type_and_a_js_number() {
        let with_bytes = |v: &str| file("").replace(r#""bytes":12"#, &format!(r#""bytes":{v}"#));
        assert_eq!(json::<FileObject>(&with_bytes("5.0")).unwrap().bytes, 5);
        assert_eq!(json::<FileObject>(&with_bytes("1e3")).unwrap().bytes, 1000);
        for (v, message) in [
            (
                "-1",
                "bytes: expected a non-negative integer, got a negative one",
            ),
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
        for (body, message) in [
            ("", "EOF while parsing a value"),
            ("<html>502 Bad Gateway</html>", "expected value"),
            (
                r#"{"object":"list","data":[]"#,
                "EOF while parsing an object",
            ),
            (r#"{"object":"list","data":[]} x"#, "trailing characters"),
        ] {
            let err = json::<FileList>(body).unwrap_err();
            assert_eq!(err.message, message, "{body}");
        }
    }

    #[test]
    fn decodes_a_deletion_and_the_content_document() {
        use crate::types::{ContentDocument, FileDeleted};
        let deleted: FileDeleted =
            json(r#"{"id":"file-1","object":"file","deleted":true}"#).unwrap();
        assert!(deleted.deleted);
        let err =
            json::<FileDeleted>(r#"{"id":"file-1","object":"file","deleted":"yes"}"#).unwrap_err();
        assert_eq!(err.to_string(), "deleted: expected a boolean, got a string");
        let document = r#"{"content":"Hello","file_type":"application/pdf","filename":"a.pdf","title":"","type":"file"}"#;
        assert_eq!(ContentDocument::text_of(document.into()), "Hello");
        assert_eq!(ContentDocument::text_of("plain text".into()), "plain text");
        assert_eq!(
            ContentDocument::text_of(r#"{"other":1}"#.into()),
            r#"{"other":1}"#
        );
    }

    /// The cases js/validate.js is held to as well (tests/js/validate.test.mjs).
    #[test]
    fn agrees_with_the_shared_vectors() {
        use crate::types::FileDeleted;
        let vectors: serde_json::Value =
            serde_json::from_str(include_str!("../tests/vectors/decode.json")).unwrap();
        for case in vectors["cases"].as_array().unwrap() {
            let body = case["body"].as_str().unwrap();
            let outcome = match case["shape"].as_str().unwrap() {
                "FileList" => json::<FileList>(body).map(drop),
                "FileObject" => json::<FileObject>(body).map(drop),
                "FileDeleted" => json::<FileDeleted>(body).map(drop),
                other => panic!("unknown shape {other}"),
            };
            let note = case["note"].as_str().unwrap();
            match (case["ok"].as_bool().unwrap(), outcome) {
                (true, Ok(())) => {}
                (false, Err(err)) => {
                    assert_eq!(err.path, case["path"].as_str().unwrap(), "{note}");
                    if let Some(message) = case["message"].as_str() {
                        assert_eq!(err.message, message, "{note}");
                    }
                }
                (expected, got) => panic!("{note}: expected ok={expected}, got {got:?}"),
            }
        }
    }

    #[test]
    fn refuses_a_list_that_is_not_an_object() {
        let err = json::<FileList>("[]").unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid type: sequence, expected the list object"
        );
    }
}
