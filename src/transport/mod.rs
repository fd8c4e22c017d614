//! The one place that talks to the network: `fetch` (`fetch`), and in a
//! page an upload with progress by XMLHttpRequest (`xhr`), siblings over
//! what they share (`attempt`): which way a body goes is decided there,
//! once, and each failure is classified where it happens.

mod attempt;
mod fetch;
mod xhr;

pub(crate) use attempt::{invalid_header, message_of, Attempt};

use attempt::UploadRoute;

use crate::error::Error;
use crate::read::Answer;
use crate::request::ApiRequest;
use crate::upload::UploadBody;

/// Sends one attempt and reads the whole answer, by the route its body takes.
pub(crate) async fn send(
    request: &ApiRequest,
    upload: Option<&UploadBody>,
    attempt: &Attempt<'_>,
) -> Result<Answer, Error> {
    let Some(upload) = upload else {
        return fetch::send(request, None, attempt).await;
    };
    let route = UploadRoute::of(
        upload.joined.is_some(),
        upload.progress.is_some(),
        attempt.in_browser,
    );
    match (route, &upload.joined, &upload.progress) {
        (UploadRoute::Xhr, Some(joined), Some(progress)) => {
            xhr::send(request, upload, joined, progress, attempt).await
        }
        _ => fetch::send(request, Some((upload, route)), attempt).await,
    }
}
