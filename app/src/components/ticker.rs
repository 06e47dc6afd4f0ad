//! The recent-news ticker, beside every reader page.
//!
//! The server loads the items and renders the list; the list is an island
//! whose props are those items and the server's clock (`Ticker::now`), so
//! the browser's first render matches the server's exactly. Then the
//! browser switches to its own clock, re-renders the relative times every
//! 15 s and refetches the list every minute (`GET /api/ticker`).

use crate::api::ticker::TICKER_DEFAULT_LIMIT;
use crate::domain::reader::Ticker as TickerData;
use crate::text::{iso_datetime, relative_time};
use leptos::prelude::*;

#[component]
pub fn Ticker() -> impl IntoView {
    let ticker = Resource::new(
        || (),
        |_| crate::api::ticker::get_ticker(Some(TICKER_DEFAULT_LIMIT)),
    );
    view! {
        <section class="ticker" aria-labelledby="ticker-heading">
            <h2 id="ticker-heading" class="ticker__heading">"Последние новости"</h2>
            <Suspense fallback=|| view! { <p class="ticker__status">"Загрузка…"</p> }>
                {move || Suspend::new(async move {
                    match ticker.await {
                        Ok(data) => view! { <TickerList data /> }.into_any(),
                        Err(_) => {
                            view! { <p class="ticker__status">"Не удалось загрузить новости."</p> }
                                .into_any()
                        }
                    }
                })}
            </Suspense>
        </section>
    }
}

/// The ticker's items; live in the browser.
#[island]
fn TickerList(data: TickerData) -> impl IntoView {
    let items = RwSignal::new(data.items);
    let server_now = data.now;
    let browser_now = RwSignal::new(None::<i64>);
    keep_fresh(items, browser_now);
    view! {
        <ol class="ticker__list">
            <For
                each=move || items.get()
                key=|item| (item.slug.clone(), item.title.clone(), item.published_at, item.breaking, item.live)
                let:item
            >
                {
                    let published_at = item.published_at;
                    let when = move || {
                        relative_time(published_at, browser_now.get().unwrap_or(server_now))
                    };
                    view! {
                        <li class="ticker__item">
                            <time class="ticker__time" datetime=iso_datetime(published_at)>{when}</time>
                            <a class="ticker__title" href=format!("/news/{}", item.slug)>
                                {item.breaking.then(|| view! { <span class="badge">"Срочно"</span> " " })}
                                {item.live.then(|| view! { <span class="badge badge--live">"Онлайн"</span> " " })}
                                {item.title}
                            </a>
                            <p class="ticker__excerpt">{item.excerpt}</p>
                        </li>
                    }
                }
            </For>
        </ol>
    }
}

/// In the browser: tick the clock and refetch the list. Nothing on the server.
fn keep_fresh(
    items: RwSignal<Vec<crate::domain::reader::TickerItem>>,
    browser_now: RwSignal<Option<i64>>,
) {
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        use std::time::Duration;
        // New articles reach the open page at once (the minute's refetch
        // stays, for a stream that is down).
        crate::components::push::listen("ticker", move |_| {
            leptos::task::spawn_local(async move {
                if let Some(fresh) = fetch_ticker().await {
                    items.set(fresh.items);
                }
            })
        });
        let clock = || (js_sys::Date::now() / 1000.0) as i64;
        browser_now.set(Some(clock()));
        let tick = set_interval_with_handle(
            move || browser_now.set(Some(clock())),
            Duration::from_secs(15),
        );
        let refetch = set_interval_with_handle(
            move || {
                leptos::task::spawn_local(async move {
                    // A failed refetch keeps the list shown; the next one may work.
                    if let Some(fresh) = fetch_ticker().await {
                        items.set(fresh.items);
                    }
                })
            },
            Duration::from_secs(60),
        );
        on_cleanup(move || {
            for handle in [tick, refetch].into_iter().flatten() {
                handle.clear();
            }
        });
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = (items, browser_now);
}

/// `GET /api/ticker` with the browser's own `fetch`: the server function's
/// client would bring its request machinery into every reader's bundle.
#[cfg(feature = "hydrate")]
async fn fetch_ticker() -> Option<TickerData> {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    let url = format!("/api/ticker?limit={TICKER_DEFAULT_LIMIT}");
    let response = JsFuture::from(window().fetch_with_str(&url)).await.ok()?;
    let response: web_sys::Response = response.dyn_into().ok()?;
    if !response.ok() {
        return None;
    }
    let text = JsFuture::from(response.text().ok()?)
        .await
        .ok()?
        .as_string()?;
    serde_json::from_str(&text).ok()
}
