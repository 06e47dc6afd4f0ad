//! What server functions need from the server: the database and the public
//! base URL. Provided as Leptos context by the server for every request.

use crate::db::Db;
use crate::error::AppError;

#[derive(Clone, Debug)]
pub struct Site {
    pub db: Db,
    /// Public base URL without a trailing slash, e.g. "https://qalam.kz".
    pub public_url: String,
}

impl Site {
    pub fn new(db: Db, public_url: &str) -> Site {
        Site {
            db,
            public_url: public_url.trim_end_matches('/').to_string(),
        }
    }

    pub fn absolute(&self, path: &str) -> String {
        format!("{}{}", self.public_url, path)
    }
}

/// The request's site context.
pub fn site() -> Result<Site, AppError> {
    leptos::prelude::use_context::<Site>().ok_or_else(|| {
        tracing::error!("Site context missing: the server did not provide it");
        AppError::Internal
    })
}

/// The server's clock, Unix seconds.
pub fn now() -> i64 {
    chrono::Utc::now().timestamp()
}
