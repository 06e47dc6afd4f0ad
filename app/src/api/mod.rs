//! Server functions, grouped by domain. Each is thin: validate, call the
//! data layer, shape the result, map errors (with their HTTP status).

pub mod admin;
pub mod reader;
pub mod ticker;

/// Sets the HTTP status of an error before it leaves a server function, so
/// that both an HTTP call and a server-rendered page get the right status.
#[cfg(feature = "ssr")]
fn with_status<T>(result: Result<T, crate::error::AppError>) -> Result<T, crate::error::AppError> {
    if let Err(error) = &result {
        error.set_response_status();
    }
    result
}
