//! The recent-news ticker, at the stable URL `GET /api/ticker?limit=N`.

use crate::domain::reader::Ticker;
use crate::domain::refusal::Refusal;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

pub use crate::domain::reader::{TICKER_DEFAULT_LIMIT, TICKER_MAX_LIMIT};
/// The ticker's excerpts, "…" included.
pub const TICKER_EXCERPT_CHARS: usize = 100;

/// Checks the `limit` parameter: absent means the default, 1–50 is allowed.
pub fn ticker_limit(limit: Option<u32>) -> Result<u32, AppError> {
    match limit {
        None => Ok(TICKER_DEFAULT_LIMIT),
        Some(n) if (1..=TICKER_MAX_LIMIT).contains(&n) => Ok(n),
        Some(_) => Err(Refusal::TickerLimit.into()),
    }
}

#[server(prefix = "/api", endpoint = "ticker", input = GetUrl)]
pub async fn get_ticker(limit: Option<u32>) -> Result<Ticker, AppError> {
    super::with_status(load(limit).await)
}

#[cfg(feature = "ssr")]
async fn load(limit: Option<u32>) -> Result<Ticker, AppError> {
    use crate::domain::reader::TickerItem;
    use crate::text::excerpt;

    let limit = ticker_limit(limit)?;
    let site = crate::server::site::site()?;
    let now = site.now();
    let rows = site.shared.newest(&site.db, now, limit as usize).await?;
    let items = rows
        .into_iter()
        .map(|row| TickerItem {
            excerpt: excerpt(&row.lead, TICKER_EXCERPT_CHARS),
            slug: row.slug,
            title: row.title,
            published_at: row.published_at,
            breaking: row.breaking,
        })
        .collect();
    Ok(Ticker { now, items })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limit_defaults_and_bounds() {
        assert_eq!(ticker_limit(None), Ok(6));
        assert_eq!(ticker_limit(Some(1)), Ok(1));
        assert_eq!(ticker_limit(Some(50)), Ok(50));
        assert!(matches!(
            ticker_limit(Some(0)),
            Err(AppError::Refused(Refusal::TickerLimit))
        ));
        assert!(matches!(
            ticker_limit(Some(51)),
            Err(AppError::Refused(Refusal::TickerLimit))
        ));
    }
}
