//! A live story's updates on its page: «Прямая трансляция» (or
//! «Трансляция завершена»), the pinned update, then the newest first, each
//! with its time, its own address (`#update-ID`) and its author. Open pages
//! get new, edited and deleted updates pushed (announced politely to
//! screen readers); without JavaScript the page is complete on each load.
//! New updates go above the reader's place; the browser's scroll
//! anchoring keeps the part being read where it is.

use crate::domain::live::{reading_order, LiveCoverage, LiveUpdate, Push};
use crate::text::{iso_datetime, short_time};
use leptos::prelude::*;

#[island(lazy)]
pub fn LiveStory(coverage: LiveCoverage, now: i64) -> impl IntoView {
    let article = coverage.article_id;
    let updates = RwSignal::new(coverage.updates);
    let ended = RwSignal::new(coverage.ended_at);
    let announcement = RwSignal::new(String::new());
    Effect::new(move |_| {
        use crate::components::push::listen;
        listen("update", move |data| {
            if let Ok(Push::Update { article: a, update }) = serde_json::from_str::<Push>(&data) {
                if a != article {
                    return;
                }
                let new = !updates.with_untracked(|list| list.iter().any(|u| u.id == update.id));
                if new {
                    announcement.set(format!("Новая запись: {}", update.summary));
                }
                updates.update(|list| {
                    list.retain(|u| u.id != update.id);
                    list.push(update);
                    reading_order(list);
                });
            }
        });
        listen("remove", move |data| {
            if let Ok(Push::Remove { article: a, id }) = serde_json::from_str::<Push>(&data) {
                if a == article {
                    updates.update(|list| list.retain(|u| u.id != id));
                }
            }
        });
        listen("ended", move |data| {
            if let Ok(Push::Ended { article: a, at }) = serde_json::from_str::<Push>(&data) {
                if a == article {
                    ended.set(Some(at));
                    announcement.set("Трансляция завершена.".to_string());
                }
            }
        });
    });
    view! {
        <section class="live" data-live-story=article.to_string() aria-labelledby="live-heading">
            <h2 id="live-heading" class="live__status">
                {move || {
                    if ended.get().is_none() {
                        view! { <span class="live__badge">"Прямая трансляция"</span> }.into_any()
                    } else {
                        view! { <span class="live__ended">"Трансляция завершена"</span> }.into_any()
                    }
                }}
            </h2>
            <p class="visually-hidden" aria-live="polite">{move || announcement.get()}</p>
            <ol class="live__updates">
                <For
                    each=move || updates.get()
                    key=|u| (u.id, u.edited_at, u.pinned, u.body_html.len())
                    let:update
                >
                    {update_view(update, now)}
                </For>
            </ol>
        </section>
    }
}

fn update_view(u: LiveUpdate, now: i64) -> impl IntoView {
    let anchor = format!("update-{}", u.id);
    let headline = (!u.headline.is_empty())
        .then(|| view! { <h3 class="live-update__headline">{u.headline}</h3> });
    view! {
        <li>
            <article id=anchor.clone() class="live-update" class:live-update--pinned=u.pinned>
                <p class="live-update__meta">
                    {u.pinned.then(|| view! { <span class="live-update__pin">"Закреплено"</span> " " })}
                    <a class="live-update__link" href=format!("#{anchor}")>
                        <time datetime=iso_datetime(u.at)>{short_time(u.at, now)}</time>
                    </a>
                </p>
                {headline}
                <div class="live-update__body" inner_html=u.body_html></div>
                <p class="live-update__author">
                    <a href=u.author_href rel="author">{u.author}</a>
                </p>
            </article>
        </li>
    }
}
