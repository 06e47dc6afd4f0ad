//! The one error type of the app: what a server function, a page or a
//! form handler fails with. Its words (`Display`) are in `messages`;
//! database details never leave the server (they are logged).

use crate::domain::refusal::Refusal;
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AppError {
    NotFound,
    /// The request is understood and refused (400): bad input, or an
    /// action that does not apply.
    Refused(Refusal),
    Unauthorized,
    Forbidden,
    Unavailable,
    Internal,
}

impl std::error::Error for AppError {}

impl From<Refusal> for AppError {
    fn from(refusal: Refusal) -> Self {
        AppError::Refused(refusal)
    }
}

impl AppError {
    /// What to say in a form field about a failed request: the refusal
    /// itself, or the error's kind.
    pub fn refusal(&self) -> Refusal {
        match self {
            AppError::Refused(refusal) => refusal.clone(),
            AppError::Unauthorized => Refusal::NotSignedIn,
            AppError::Forbidden => Refusal::NotAllowed,
            AppError::Unavailable => Refusal::ServiceUnavailable,
            AppError::NotFound | AppError::Internal => Refusal::UploadFailed,
        }
    }

    pub fn status(&self) -> http::StatusCode {
        match self {
            AppError::NotFound => http::StatusCode::NOT_FOUND,
            AppError::Refused(_) => http::StatusCode::BAD_REQUEST,
            AppError::Unauthorized => http::StatusCode::UNAUTHORIZED,
            AppError::Forbidden => http::StatusCode::FORBIDDEN,
            AppError::Unavailable => http::StatusCode::SERVICE_UNAVAILABLE,
            AppError::Internal => http::StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// Sets this error's status on the HTTP response being built, if any.
    /// Used both by server functions called over HTTP and by pages during SSR.
    pub fn set_response_status(&self) {
        #[cfg(feature = "ssr")]
        if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
            response.set_status(self.status());
            if *self == AppError::Unavailable {
                // Clients and CDNs may try again soon (a database restart).
                response.insert_header(
                    http::header::RETRY_AFTER,
                    http::HeaderValue::from_static("5"),
                );
            }
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        let error = match value {
            // Malformed arguments are the caller's fault: a clear 400.
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::Deserialization(_) => {
                AppError::Refused(Refusal::BadParameters)
            }
            ServerFnErrorErr::Request(_) | ServerFnErrorErr::Response(_) => AppError::Unavailable,
            _ => AppError::Internal,
        };
        error.set_response_status();
        error
    }
}

#[cfg(feature = "ssr")]
impl From<sqlx::Error> for AppError {
    fn from(error: sqlx::Error) -> Self {
        if matches!(error, sqlx::Error::RowNotFound) {
            AppError::NotFound
        } else if crate::db::is_unavailable(&error) {
            tracing::error!(%error, "database unavailable");
            AppError::Unavailable
        } else {
            tracing::error!(%error, "database error");
            AppError::Internal
        }
    }
}
