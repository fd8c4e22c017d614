//! A store the caller gives `ensure` (`{ get, set, delete }`, each sync or
//! async: a `Map` will do, and so do the package's file and IndexedDB
//! stores), as the core's `UploadStore`. Only converts: a call's value or
//! promise awaited, a throw or rejection an `InvalidArgumentError` naming
//! the store's method.

use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::error::Error;
use crate::store::{StoreFuture, UploadStore};

/// The caller's store object.
pub(crate) struct JsStore(pub JsValue);

impl JsStore {
    /// `store[method](key, fileId)`, its value or promise awaited. The store
    /// was checked to have the three methods when given; one gone since
    /// fails the call, as a throw does.
    async fn call(&self, method: &str, key: &str, file_id: Option<&str>) -> Result<JsValue, Error> {
        let failed = |err: JsValue| {
            Error::invalid_argument(
                [
                    "The store's ",
                    method,
                    " failed: ",
                    &crate::transport::message_of(&err),
                ]
                .concat(),
            )
        };
        let function: Function = Reflect::get(&self.0, &method.into())
            .map_err(failed)?
            .unchecked_into();
        let value = function
            .call2(&self.0, &key.into(), &file_id.into())
            .map_err(failed)?;
        JsFuture::from(Promise::resolve(&value))
            .await
            .map_err(failed)
    }
}

impl UploadStore for JsStore {
    fn get<'a>(&'a self, key: &'a str) -> StoreFuture<'a, Option<String>> {
        Box::pin(async move {
            let id = self.call("get", key, None).await?;
            if id.is_undefined() || id.is_null() {
                return Ok(None);
            }
            id.as_string().map(Some).ok_or_else(|| {
                Error::invalid_argument(
                    "The store's get must give a file id (a string), or undefined.",
                )
            })
        })
    }

    fn set<'a>(&'a self, key: &'a str, file_id: &'a str) -> StoreFuture<'a, ()> {
        Box::pin(async move { self.call("set", key, Some(file_id)).await.map(drop) })
    }

    fn delete<'a>(&'a self, key: &'a str) -> StoreFuture<'a, ()> {
        Box::pin(async move { self.call("delete", key, None).await.map(drop) })
    }
}
