//! The recent-news ticker on every reader page: the newest articles,
//! with the server's clock so the browser's "5 минут назад" matches.

use crate::domain::lang::Lang;
use crate::domain::reader::{Ticker, TickerItem, TICKER_EXCERPT_CHARS};
use crate::error::AppError;
use crate::server::site::Site;
use crate::text::excerpt;

// The ticker's longest list is among the articles the shared reads keep.
const _: () =
    assert!(crate::domain::reader::TICKER_MAX_LIMIT as usize <= super::super::shared::NEWEST_KEPT);

/// The newest `limit` articles of `lang`'s edition (the caller checked
/// the limit).
pub async fn ticker(site: &Site, lang: Lang, limit: u32) -> Result<Ticker, AppError> {
    let now = site.now();
    // The kept newest, read in place (the limit is at most 50, as many
    // as are kept).
    let rows = site.shared.newest_kept(&site.db, lang, now).await?;
    let items = rows
        .iter()
        .take(limit as usize)
        .map(|row| TickerItem {
            excerpt: excerpt(&row.lead, TICKER_EXCERPT_CHARS),
            slug: row.slug.clone(),
            title: row.title.clone(),
            published_at: row.published_at,
            breaking: row.breaking,
            live: row.live,
        })
        .collect();
    Ok(Ticker { now, items })
}
