//! The recent-news ticker, on every page.
//!
//! The server renders it with its own clock (`Ticker::now`); the browser's
//! first render uses the same value, so hydration matches. Then the browser
//! switches to its own clock, re-renders the relative times every 15 s and
//! refetches the list every minute.

use crate::api::ticker::{get_ticker, TICKER_DEFAULT_LIMIT};
use crate::error::AppError;
use crate::model::Ticker as TickerData;
use crate::text::{iso_datetime, relative_time};
use leptos::prelude::*;

#[component]
pub fn Ticker() -> impl IntoView {
    let ticker = Resource::new(|| (), |_| get_ticker(Some(TICKER_DEFAULT_LIMIT)));
    let browser_now = RwSignal::new(None::<i64>);
    keep_fresh(ticker, browser_now);
    view! {
        <section class="ticker" aria-labelledby="ticker-heading">
            <h2 id="ticker-heading" class="ticker__heading">"Последние новости"</h2>
            <Transition fallback=|| view! { <p class="ticker__status">"Загрузка…"</p> }>
                {move || Suspend::new(async move {
                    match ticker.await {
                        Ok(data) => ticker_list(data, browser_now).into_any(),
                        Err(_) => {
                            view! { <p class="ticker__status">"Не удалось загрузить новости."</p> }
                                .into_any()
                        }
                    }
                })}
            </Transition>
        </section>
    }
}

fn ticker_list(data: TickerData, browser_now: RwSignal<Option<i64>>) -> impl IntoView {
    let server_now = data.now;
    view! {
        <ol class="ticker__list">
            {data
                .items
                .into_iter()
                .map(|item| {
                    let published_at = item.published_at;
                    let when = move || relative_time(published_at, browser_now.get().unwrap_or(server_now));
                    view! {
                        <li class="ticker__item">
                            <time class="ticker__time" datetime=iso_datetime(published_at)>{when}</time>
                            <a class="ticker__title" href=format!("/news/{}", item.slug)>
                                {item.breaking.then(|| view! { <span class="badge">"Срочно"</span> " " })}
                                {item.title}
                            </a>
                            <p class="ticker__excerpt">{item.excerpt}</p>
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
}

/// In the browser: tick the clock and refetch the list. Nothing on the server.
fn keep_fresh(ticker: Resource<Result<TickerData, AppError>>, browser_now: RwSignal<Option<i64>>) {
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        use std::time::Duration;
        let clock = || (js_sys::Date::now() / 1000.0) as i64;
        browser_now.set(Some(clock()));
        let tick = set_interval_with_handle(
            move || browser_now.set(Some(clock())),
            Duration::from_secs(15),
        );
        let refetch = set_interval_with_handle(move || ticker.refetch(), Duration::from_secs(60));
        on_cleanup(move || {
            for handle in [tick, refetch].into_iter().flatten() {
                handle.clear();
            }
        });
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = (ticker, browser_now);
}
