//! The recent-news ticker on every reader page: the newest articles,
//! with the server's clock so the browser's "5 минут назад" matches.

use crate::domain::reader::{Ticker, TickerItem, TICKER_EXCERPT_CHARS};
use crate::error::AppError;
use crate::server::site::Site;
use crate::text::excerpt;

/// The newest `limit` articles (the caller checked the limit).
pub async fn ticker(site: &Site, limit: u32) -> Result<Ticker, AppError> {
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
            live: row.live,
        })
        .collect();
    Ok(Ticker { now, items })
}
