//! What server functions need from the server: the database and the public
//! base URL. Provided as Leptos context by the server for every request.

use crate::auth::SessionPolicy;
use crate::db::Db;
use crate::error::AppError;

#[derive(Clone, Debug)]
pub struct Site {
    pub db: Db,
    /// Public base URL without a trailing slash, e.g. "https://qalam.kz".
    pub public_url: String,
    pub sessions: SessionPolicy,
}

impl Site {
    /// A site with the default session policy; cookies are `Secure` when
    /// the public URL is HTTPS.
    pub fn new(db: Db, public_url: &str) -> Site {
        Site {
            db,
            public_url: public_url.trim_end_matches('/').to_string(),
            sessions: SessionPolicy {
                secure_cookie: public_url.starts_with("https://"),
                ..SessionPolicy::default()
            },
        }
    }

    /// The public URL's scheme and authority ("https://qalam.kz"), as
    /// browsers send it in `Origin`.
    pub fn origin(&self) -> &str {
        let authority_start = self.public_url.find("://").map_or(0, |i| i + 3);
        match self.public_url[authority_start..].find('/') {
            Some(path_start) => &self.public_url[..authority_start + path_start],
            None => &self.public_url,
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
