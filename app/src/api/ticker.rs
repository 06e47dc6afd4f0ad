//! The recent-news ticker, at the stable URL `GET /api/ticker?limit=N`.

use crate::domain::lang::Lang;
use crate::domain::reader::Ticker;
use crate::domain::refusal::Refusal;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

pub use crate::domain::reader::{TICKER_DEFAULT_LIMIT, TICKER_EXCERPT_CHARS, TICKER_MAX_LIMIT};

/// Checks the `limit` parameter: absent means the default, 1–50 is allowed.
pub fn ticker_limit(limit: Option<u32>) -> Result<u32, AppError> {
    match limit {
        None => Ok(TICKER_DEFAULT_LIMIT),
        Some(n) if (1..=TICKER_MAX_LIMIT).contains(&n) => Ok(n),
        Some(_) => Err(Refusal::TickerLimit.into()),
    }
}

/// `?lang=kk` for the Kazakh edition's (absent: the Russian one's).
#[server(prefix = "/api", endpoint = "ticker", input = GetUrl)]
pub async fn get_ticker(
    limit: Option<u32>,
    #[server(default)] lang: Lang,
) -> Result<Ticker, AppError> {
    super::with_status(
        async {
            let limit = ticker_limit(limit)?;
            crate::server::reader::ticker(&crate::server::site::site()?, lang, limit).await
        }
        .await,
    )
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
