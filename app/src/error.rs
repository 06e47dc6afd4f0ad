//! The one error type of server functions. Its messages are fit to show a
//! reader; database details never leave the server (they are logged).

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("Страница не найдена")]
    NotFound,
    #[error("{0}")]
    BadRequest(String),
    #[error("Войдите, чтобы продолжить.")]
    Unauthorized,
    #[error("Недостаточно прав для этого действия.")]
    Forbidden,
    #[error("Сервис временно недоступен. Попробуйте обновить страницу через минуту.")]
    Unavailable,
    #[error("Что-то пошло не так. Мы уже разбираемся.")]
    Internal,
}

impl AppError {
    pub fn status(&self) -> http::StatusCode {
        match self {
            AppError::NotFound => http::StatusCode::NOT_FOUND,
            AppError::BadRequest(_) => http::StatusCode::BAD_REQUEST,
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
                AppError::BadRequest("Неверные параметры запроса".to_string())
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
