//! `GET /api/ticker/items`: the ticker's newest items as HTML, rendered
//! exactly as on the page (`app::components::ticker::ticker_items`), for
//! open pages to put in when the ticker changes. The items as JSON, for
//! other programs, stay at `GET /api/ticker`.

use crate::error::HttpError;
use crate::state::AppState;
use app::api::ticker::TICKER_DEFAULT_LIMIT;
use app::components::ticker::{ticker_items, TICKER_ITEMS_PATH};
use app::domain::lang::Lang;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use leptos::prelude::RenderHtml;

pub fn router() -> Router<AppState> {
    Router::new().route(TICKER_ITEMS_PATH, get(items))
}

/// `?lang=kk` for the Kazakh edition's; an unknown edition is a 400.
#[derive(serde::Deserialize)]
struct Edition {
    #[serde(default)]
    lang: Lang,
}

async fn items(
    State(state): State<AppState>,
    Query(Edition { lang }): Query<Edition>,
) -> Result<Response, HttpError> {
    let ticker = app::server::reader::ticker(&state.site, lang, TICKER_DEFAULT_LIMIT).await?;
    let html = ticker_items(ticker.items, ticker.now, lang).to_html();
    Ok((
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            // Asked for when the ticker changed: never an old copy.
            (header::CACHE_CONTROL, "no-cache"),
        ],
        html,
    )
        .into_response())
}
