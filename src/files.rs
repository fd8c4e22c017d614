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
    use std::future::Future;
    use std::time::Duration;

    use wasm_bindgen::JsValue;

    use super::Files;
    use crate::error::Error;
    use crate::http::{self, Answer};
    use crate::options::WaitOptions;
    use crate::request::ApiRequest;
    use crate::types::{ContentDocument, FileDeleted, FileList, FileObject, FileStatus};
    use crate::upload::FileUpload;

    impl Files<'_> {
        /// Every file of the account (the API has no pagination: at most 1,000).
        pub async fn list(&self) -> Result<FileList, Error> {
            self.send(&self.list_request(), None).await?.decode()
        }

        /// Uploads a file as `multipart/form-data`. Refuses, before sending,
        /// an empty file, one over 100 MB and an unknown purpose.
        pub async fn create(&self, upload: &FileUpload) -> Result<FileObject, Error> {
            let form = upload.to_form()?;
            self.send(&self.create_request(), Some(&form.into()))
                .await?
                .decode()
        }

        /// One file's details.
        pub async fn retrieve(&self, id: &str) -> Result<FileObject, Error> {
            self.send(&self.retrieve_request(id)?, None).await?.decode()
        }

        /// Deletes a file.
        pub async fn delete(&self, id: &str) -> Result<FileDeleted, Error> {
            self.send(&self.delete_request(id)?, None).await?.decode()
        }

        /// The extracted content as the service sends it (for `file-extract` files).
        pub async fn content(&self, id: &str) -> Result<String, Error> {
            let answer = self.send(&self.content_request(id)?, None).await?;
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
            let request = self.retrieve_request(id)?;
            let look = || async {
                let file: FileObject = self.send(&request, None).await?.decode()?;
                let state = (file.status.clone(), file.status_details.clone());
                Ok((file, state))
            };
            self.wait_until_processed(id, wait, look).await
        }

        pub(crate) fn list_request(&self) -> ApiRequest {
            ApiRequest::list(self.client.config())
        }

        pub(crate) fn create_request(&self) -> ApiRequest {
            ApiRequest::create(self.client.config())
        }

        pub(crate) fn retrieve_request(&self, id: &str) -> Result<ApiRequest, Error> {
            ApiRequest::retrieve(self.client.config(), id)
        }

        pub(crate) fn delete_request(&self, id: &str) -> Result<ApiRequest, Error> {
            ApiRequest::delete(self.client.config(), id)
        }

        pub(crate) fn content_request(&self, id: &str) -> Result<ApiRequest, Error> {
            ApiRequest::content(self.client.config(), id)
        }

        /// Sends a request with these calls' options (retries included).
        pub(crate) async fn send(
            &self,
            request: &ApiRequest,
            body: Option<&JsValue>,
        ) -> Result<Answer, Error> {
            self.client.execute(request, body, &self.options).await
        }

        /// The polling of `wait_for_processing`, for either face: `look`
        /// fetches the file once and says its status and status details.
        pub(crate) async fn wait_until_processed<T, F, Fut>(
            &self,
            id: &str,
            wait: &WaitOptions,
            look: F,
        ) -> Result<T, Error>
        where
            F: Fn() -> Fut,
            Fut: Future<Output = Result<(T, (FileStatus, Option<String>)), Error>>,
        {
            let deadline = http::now_ms() + wait.max_wait.as_millis() as f64;
            let mut looks = 0;
            loop {
                looks += 1;
                let (file, (status, status_details)) = look().await?;
                match status {
                    FileStatus::Processing => {}
                    FileStatus::Error => {
                        return Err(Error::ProcessingFailed {
                            file_id: id.to_owned(),
                            status_details,
                            attempts: looks,
                        });
                    }
                    _ => return Ok(file),
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
    }
}
