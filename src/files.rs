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
    use std::time::Duration;

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
            let deadline = http::now_ms() + wait.max_wait.as_millis() as f64;
            let mut looks = 0;
            loop {
                looks += 1;
                let checked = self.retrieve_checked(id).await?;
                match checked.value.status {
                    FileStatus::Processing => {}
                    FileStatus::Error => {
                        let file = Box::new(checked.value);
                        return Err(Error::ProcessingFailed {
                            file,
                            attempts: looks,
                        });
                    }
                    _ => return Ok(checked),
                }
                // The last look is at the deadline itself, not a poll before it.
                let left = deadline - http::now_ms();
                if left <= 0.0 {
                    return Err(Error::WaitTimeout {
                        file_id: id.to_owned(),
                        waited: wait.max_wait,
                        attempts: looks,
                    });
                }
                let pause = wait
                    .poll_interval
                    .min(Duration::from_millis(left.ceil() as u64));
                if http::sleep(pause, self.options.signal.as_ref())
                    .await
                    .is_err()
                {
                    return Err(Error::Aborted { attempts: looks });
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
