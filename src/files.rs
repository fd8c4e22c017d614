//! The Files resource: `/v1/files` and everything under it.

use crate::client::Client;
#[cfg(target_arch = "wasm32")]
use crate::{error::Error, request::ApiRequest, types::FileList};

/// The calls on the account's files; get it from [`Client::files`].
#[derive(Clone, Copy, Debug)]
pub struct Files<'c> {
    client: &'c Client,
}

impl<'c> Files<'c> {
    pub(crate) fn new(client: &'c Client) -> Self {
        Files { client }
    }

    /// Every file of the account (the API has no pagination: at most 1,000).
    #[cfg(target_arch = "wasm32")]
    pub async fn list(&self) -> Result<FileList, Error> {
        self.client
            .execute(ApiRequest::list(self.client.config()))
            .await?
            .decode()
    }

    /// The list as the plain JS object the engine's `JSON.parse` builds, after
    /// the same validation as [`Files::list`]: the JS face returns this.
    #[cfg(all(feature = "js", target_arch = "wasm32"))]
    pub(crate) async fn list_value(&self) -> Result<wasm_bindgen::JsValue, Error> {
        let answer = self
            .client
            .execute(ApiRequest::list(self.client.config()))
            .await?;
        answer.decode::<FileList>()?;
        answer.json_value()
    }
}
