//! The Files resource: `/v1/files` and everything under it.

use crate::client::Client;
use crate::options::RequestOptions;

/// The calls on the account's files; get it from [`Client::files`].
#[derive(Clone, Debug)]
pub struct Files<'c> {
    client: &'c Client,
    options: RequestOptions,
}

impl<'c> Files<'c> {
    pub(crate) fn new(client: &'c Client) -> Self {
        Files {
            client,
            options: RequestOptions::default(),
        }
    }

    /// The same calls with these options (timeout, retries, abort signal).
    pub fn with_options(self, options: RequestOptions) -> Self {
        Files { options, ..self }
    }
}

#[cfg(target_arch = "wasm32")]
mod calls {
    use serde::de::DeserializeOwned;
    use wasm_bindgen::JsValue;

    use super::Files;
    use crate::error::Error;
    use crate::http::{self, Answer};
    use crate::options::WaitOptions;
    use crate::request::ApiRequest;
    use crate::types::{ContentDocument, FileDeleted, FileList, FileObject, FileStatus};
    use crate::upload::FileUpload;

    /// A decoded answer, and the answer itself for the JS face to hand on.
    pub(crate) struct Checked<T> {
        pub value: T,
        pub answer: Answer,
    }

    impl Files<'_> {
        /// Every file of the account (the API has no pagination: at most 1,000).
        pub async fn list(&self) -> Result<FileList, Error> {
            Ok(self.list_checked().await?.value)
        }

        /// Uploads a file as `multipart/form-data`. Refuses, before sending,
        /// an empty file, one over 100 MB and an unknown purpose.
        pub async fn create(&self, upload: &FileUpload) -> Result<FileObject, Error> {
            Ok(self.create_checked(upload).await?.value)
        }

        /// One file's details.
        pub async fn retrieve(&self, id: &str) -> Result<FileObject, Error> {
            Ok(self.retrieve_checked(id).await?.value)
        }

        /// Deletes a file.
        pub async fn delete(&self, id: &str) -> Result<FileDeleted, Error> {
            Ok(self.delete_checked(id).await?.value)
        }

        /// The extracted content as the service sends it (for `file-extract` files).
        pub async fn content(&self, id: &str) -> Result<String, Error> {
            let request = ApiRequest::content(self.client.config(), id)?;
            let answer = self.client.execute(&request, None, &self.options).await?;
            Ok(String::from(&answer.body))
        }

        /// The extracted text: the `content` field where the service sends
        /// its JSON document, else the body as it came.
        pub async fn extracted_text(&self, id: &str) -> Result<String, Error> {
            Ok(ContentDocument::text_of(self.content(id).await?))
        }

        /// Polls the file until it leaves `processing`: `Ok` once processed,
        /// [`Error::ProcessingFailed`] if the service gave up on it,
        /// [`Error::WaitTimeout`] past `wait.max_wait`.
        pub async fn wait_for_processing(
            &self,
            id: &str,
            wait: &WaitOptions,
        ) -> Result<FileObject, Error> {
            Ok(self.wait_checked(id, wait).await?.value)
        }

        pub(crate) async fn list_checked(&self) -> Result<Checked<FileList>, Error> {
            self.json(&ApiRequest::list(self.client.config()), None)
                .await
        }

        pub(crate) async fn create_checked(
            &self,
            upload: &FileUpload,
        ) -> Result<Checked<FileObject>, Error> {
            let form = upload.to_form()?;
            self.json(
                &ApiRequest::create(self.client.config()),
                Some(&form.into()),
            )
            .await
        }

        pub(crate) async fn retrieve_checked(
            &self,
            id: &str,
        ) -> Result<Checked<FileObject>, Error> {
            self.json(&ApiRequest::retrieve(self.client.config(), id)?, None)
                .await
        }

        pub(crate) async fn delete_checked(&self, id: &str) -> Result<Checked<FileDeleted>, Error> {
            self.json(&ApiRequest::delete(self.client.config(), id)?, None)
                .await
        }

        pub(crate) async fn wait_checked(
            &self,
            id: &str,
            wait: &WaitOptions,
        ) -> Result<Checked<FileObject>, Error> {
            let started = http::now_ms();
            loop {
                let checked = self.retrieve_checked(id).await?;
                match checked.value.status {
                    FileStatus::Processing => {}
                    FileStatus::Error => {
                        return Err(Error::ProcessingFailed {
                            file: Box::new(checked.value),
                        });
                    }
                    _ => return Ok(checked),
                }
                let waited = http::now_ms() - started;
                if waited + wait.poll_interval.as_millis() as f64 > wait.max_wait.as_millis() as f64
                {
                    return Err(Error::WaitTimeout {
                        file_id: id.to_owned(),
                        waited: std::time::Duration::from_millis(waited as u64),
                    });
                }
                let signal = self.options.signal.as_ref();
                if http::sleep(wait.poll_interval, signal).await.is_err() {
                    return Err(Error::Aborted { attempts: 1 });
                }
            }
        }

        async fn json<T: DeserializeOwned>(
            &self,
            request: &ApiRequest,
            body: Option<&JsValue>,
        ) -> Result<Checked<T>, Error> {
            let answer = self.client.execute(request, body, &self.options).await?;
            let value = answer.decode()?;
            Ok(Checked { value, answer })
        }
    }
}
