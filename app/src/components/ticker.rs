//! The recent-news ticker, beside every reader page.
//!
//! The server renders the items (`ticker_items`), on the page and at
//! `GET /api/ticker/items` alike. In the browser a small island keeps them
//! current: it re-writes the relative times from the browser's clock every
//! 15 s (each `<time>` carries its instant in `data-ts`) and puts in the
//! server's newest items when a `ticker` event arrives and every minute
//! (the fallback when the event stream is down). The reader's bundle thus
//! carries no list rendering and no copy of the items as island props.

use crate::api::ticker::{get_ticker, TICKER_DEFAULT_LIMIT};
use crate::domain::lang::Lang;
use crate::domain::reader::TickerItem;
use crate::hooks::use_lang;
use crate::text::{iso_datetime, relative_time};
use leptos::prelude::*;

/// The `id` of the ticker's list (one ticker per page).
const TICKER_LIST_ID: &str = "ticker-list";
/// Where the browser gets the newest items, rendered as on the page.
pub const TICKER_ITEMS_PATH: &str = "/api/ticker/items";

#[component]
pub fn Ticker() -> impl IntoView {
    let lang = use_lang();
    let words = lang.words();
    let ticker = Resource::new(|| (), move |_| get_ticker(Some(TICKER_DEFAULT_LIMIT), lang));
    view! {
        <section class="ticker" aria-labelledby="ticker-heading">
            <h2 id="ticker-heading" class="ticker__heading">{words.ticker_heading}</h2>
            <Suspense fallback=move || view! { <p class="ticker__status">{words.loading}</p> }>
                {move || Suspend::new(async move {
                    match ticker.await {
                        Ok(data) => {
                            view! {
                                <ol class="ticker__list" id=TICKER_LIST_ID>
                                    {ticker_items(data.items, data.now, lang)}
                                </ol>
                                <TickerLive lang />
                            }
                                .into_any()
                        }
                        Err(_) => {
                            view! { <p class="ticker__status">{words.ticker_failed}</p> }
                                .into_any()
                        }
                    }
                })}
            </Suspense>
        </section>
    }
}

/// The ticker's items as of `now` in `lang`'s edition: the page's and
/// the browser's refresh.
pub fn ticker_items(items: Vec<TickerItem>, now: i64, lang: Lang) -> impl IntoView {
    let words = lang.words();
    items
        .into_iter()
        .map(|item| {
            view! {
                <li class="ticker__item">
                    <time class="ticker__time" datetime=iso_datetime(item.published_at) data-ts=item.published_at>
                        {relative_time(item.published_at, now, lang)}
                    </time>
                    <a class="ticker__title" href=lang.article_path(&item.slug)>
                        {item.breaking.then(|| view! { <span class="badge">{words.breaking_badge}</span> " " })}
                        {item.live.then(|| view! { <span class="badge badge--live">{words.live_badge}</span> " " })}
                        {item.title}
                    </a>
                    <p class="ticker__excerpt">{item.excerpt}</p>
                </li>
            }
        })
        .collect_view()
}

/// Keeps the server-rendered list current in the browser, in the page's
/// language; renders nothing.
#[island]
fn TickerLive(lang: Lang) -> impl IntoView {
    Effect::new(move |_| browser::keep_fresh(lang));
}

#[cfg(feature = "hydrate")]
mod browser {
    use super::{TICKER_ITEMS_PATH, TICKER_LIST_ID};
    use crate::domain::lang::Lang;
    use crate::text::relative_time;
    use leptos::prelude::*;
    use std::time::Duration;
    use wasm_bindgen::JsCast;

    pub fn keep_fresh(lang: Lang) {
        retime(lang);
        // New articles reach the open page at once; the minute's refresh
        // stays, for a stream that is down.
        crate::components::push::listen("ticker", move |_| refresh(lang));
        let tick = set_interval_with_handle(move || retime(lang), Duration::from_secs(15));
        let refetch = set_interval_with_handle(move || refresh(lang), Duration::from_secs(60));
        on_cleanup(move || {
            for handle in [tick, refetch].into_iter().flatten() {
                handle.clear();
            }
        });
    }

    /// Every item's relative time, from the browser's clock.
    fn retime(lang: Lang) {
        let now = (js_sys::Date::now() / 1000.0) as i64;
        let selector = format!("#{TICKER_LIST_ID} time[data-ts]");
        let Ok(times) = document().query_selector_all(&selector) else {
            return;
        };
        for time in (0..times.length()).filter_map(|i| times.item(i)) {
            let Ok(time) = time.dyn_into::<web_sys::Element>() else {
                continue;
            };
            let Some(ts) = time.get_attribute("data-ts").and_then(|t| t.parse().ok()) else {
                continue;
            };
            let text = relative_time(ts, now, lang);
            if time.text_content().as_deref() != Some(text.as_str()) {
                time.set_text_content(Some(&text));
            }
        }
    }

    /// Puts in the server's newest items. A failed request keeps the list
    /// shown; the next one may work.
    fn refresh(lang: Lang) {
        leptos::task::spawn_local(async move {
            let url = format!("{TICKER_ITEMS_PATH}?lang={}", lang.code());
            let Some(items) = fetch_text(&url).await else {
                return;
            };
            if let Some(list) = document().get_element_by_id(TICKER_LIST_ID) {
                list.set_inner_html(&items);
                retime(lang);
            }
        });
    }

    /// `GET url`'s body, if it answered 200, with the browser's `fetch`.
    async fn fetch_text(url: &str) -> Option<String> {
        use wasm_bindgen_futures::JsFuture;
        let response = JsFuture::from(window().fetch_with_str(url)).await.ok()?;
        let response: web_sys::Response = response.dyn_into().ok()?;
        if !response.ok() {
            return None;
        }
        JsFuture::from(response.text().ok()?)
            .await
            .ok()?
            .as_string()
    }
}

#[cfg(not(feature = "hydrate"))]
mod browser {
    pub fn keep_fresh(_: crate::domain::lang::Lang) {
        let _ = (super::TICKER_LIST_ID, super::TICKER_ITEMS_PATH);
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[test]
    fn items_carry_their_instant_for_the_browser_clock() {
        let now = 1_796_000_000;
        let items = vec![TickerItem {
            slug: "akimat-otvetil".into(),
            title: "Әкімдік жауап берді <i>".into(),
            excerpt: "Коротко.".into(),
            published_at: now - 2 * 3600,
            breaking: true,
            live: false,
        }];
        let html = ticker_items(items.clone(), now, Lang::Ru).to_html();
        assert!(
            html.contains(&format!(r#"data-ts="{}""#, now - 2 * 3600)),
            "{html}"
        );
        assert!(html.contains("2 часа назад"), "{html}");
        assert!(html.contains(r#"href="/news/akimat-otvetil""#), "{html}");
        assert!(html.contains("Срочно"), "{html}");
        assert!(html.contains("&lt;i&gt;"), "{html}");
        assert!(!html.contains("Онлайн"), "{html}");
        let kazakh = ticker_items(items, now, Lang::Kk).to_html();
        assert!(kazakh.contains("2 сағат бұрын"), "{kazakh}");
        assert!(
            kazakh.contains(r#"href="/kk/news/akimat-otvetil""#),
            "{kazakh}"
        );
        assert!(kazakh.contains("Шұғыл"), "{kazakh}");
    }
}
