//! The breaking-news bar at the top of every reader page: «Срочно: …»,
//! linking to the story, for the hours its editor chose. Pushed to pages
//! already open; a reader who dismisses it does not see that story's bar
//! again in this browser (localStorage: no cookie, so pages stay
//! cacheable). Without JavaScript it is simply there, without the button.

use crate::api::reader::get_breaking;
use crate::domain::live::BreakingNews;
use leptos::prelude::*;

#[component]
pub fn BreakingBar() -> impl IntoView {
    let news = Resource::new(|| (), |_| get_breaking());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let news = news.await.ok().flatten();
                view! { <BreakingBarLive news /> }
            })}
        </Suspense>
    }
}

/// A `breaking` event's data (`Push::Breaking`, read without the rest).
#[derive(serde::Deserialize)]
struct BreakingEvent {
    news: Option<BreakingNews>,
}

/// Dismissed stories' ids, in this browser.
const DISMISSED_KEY: &str = "qalam-breaking-dismissed";

#[island]
fn BreakingBarLive(news: Option<BreakingNews>) -> impl IntoView {
    let current = RwSignal::new(news);
    let dismissed = RwSignal::new(Vec::<i64>::new());
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| {
        hydrated.set(true);
        dismissed.set(read_dismissed());
        crate::components::push::listen("breaking", move |data| {
            // Only this event's shape: every page's bundle carries this
            // island, and the other events' are the live story's.
            if let Ok(event) = serde_json::from_str::<BreakingEvent>(&data) {
                current.set(event.news);
            }
        });
    });
    let dismiss = move |id: i64| {
        dismissed.update(|ids| {
            ids.push(id);
            // The newest few are enough: a bar lasts hours.
            let keep = ids.len().saturating_sub(20);
            ids.drain(..keep);
        });
        write_dismissed(&dismissed.get_untracked());
    };
    move || {
        current
            .get()
            .filter(|news| !dismissed.with(|ids| ids.contains(&news.article_id)))
            .map(|news| {
                let id = news.article_id;
                view! {
                    <div class="breaking-bar" role="region" aria-label="Срочная новость">
                        <p class="breaking-bar__text">
                            <strong class="breaking-bar__label">"Срочно: "</strong>
                            <a href=format!("/news/{}", news.slug)>{news.title}</a>
                        </p>
                        <button
                            type="button"
                            class="breaking-bar__close"
                            // Invisible (hence neither focusable nor read out)
                            // but not absent until it works: appearing would
                            // change the bar's size and shift the page.
                            class:breaking-bar__close--waiting=move || !hydrated.get()
                            on:click=move |_| dismiss(id)
                        >
                            "Скрыть"
                        </button>
                    </div>
                }
            })
    }
}

#[cfg(feature = "hydrate")]
fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

fn read_dismissed() -> Vec<i64> {
    #[cfg(feature = "hydrate")]
    {
        storage()
            .and_then(|s| s.get_item(DISMISSED_KEY).ok().flatten())
            .and_then(|text| serde_json::from_str(&text).ok())
            .unwrap_or_default()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = DISMISSED_KEY;
        Vec::new()
    }
}

#[allow(unused_variables)]
fn write_dismissed(ids: &[i64]) {
    #[cfg(feature = "hydrate")]
    if let (Some(storage), Ok(text)) = (storage(), serde_json::to_string(ids)) {
        let _ = storage.set_item(DISMISSED_KEY, &text);
    }
}
