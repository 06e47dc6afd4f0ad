//! A live story's updates on its page: «Прямая трансляция» (or
//! «Трансляция завершена»), the pinned update, then the newest first, each
//! with its time, its own address (`#update-ID`) and its author. Without
//! JavaScript the page is complete on each load.
//!
//! Open pages get new, edited and deleted updates pushed. The server
//! renders each update's item once, here (`update_item`), for the page and
//! for the push alike; the browser only puts that item in its place and
//! removes deleted ones (`LiveStatus`), so the reader's bundle carries no
//! list rendering and no update data twice. New updates go above the
//! reader's place; the browser's scroll anchoring keeps the part being
//! read where it is.

use crate::components::follow::PushControl;
use crate::domain::lang::Lang;
use crate::domain::live::{LiveCoverage, LiveUpdate, PushedUpdate};
use crate::domain::notifications::Topic;
use crate::text::{iso_datetime, short_time};
use leptos::prelude::*;

/// The `id` of the list the updates are in (one live story per page).
const UPDATES_LIST_ID: &str = "live-updates";

#[component]
pub fn LiveStory(coverage: LiveCoverage, now: i64) -> impl IntoView {
    let article = coverage.article_id;
    let lang = crate::hooks::use_lang();
    view! {
        <section class="live" data-live-story=article.to_string() aria-labelledby="live-heading">
            <LiveStatus
                article
                ended=coverage.ended_at.is_some()
                words=LiveWords::of(lang)
            />
            {coverage
                .ended_at
                .is_none()
                .then(|| view! { <PushControl topic=Topic::Live(article) /> })}
            <ol class="live__updates" id=UPDATES_LIST_ID>
                {coverage.updates.into_iter().map(|u| update_item(u, now, lang)).collect_view()}
            </ol>
        </section>
    }
}

/// The coverage's state and what is announced to screen readers; in the
/// browser it also keeps the list of updates current as events arrive.
#[island(lazy)]
fn LiveStatus(article: i64, ended: bool, words: LiveWords) -> impl IntoView {
    let ended = RwSignal::new(ended);
    let announcement = RwSignal::new(String::new());
    let (live_now, live_ended) = (words.live_now.clone(), words.live_ended.clone());
    Effect::new(move |_| browser::follow(article, ended, announcement, words.clone()));
    view! {
        <h2 id="live-heading" class="live__status">
            {move || {
                if ended.get() {
                    view! { <span class="live__ended">{live_ended.clone()}</span> }.into_any()
                } else {
                    view! { <span class="live__badge">{live_now.clone()}</span> }.into_any()
                }
            }}
        </h2>
        <p class="visually-hidden" aria-live="polite">{move || announcement.get()}</p>
    }
}

/// What the live island says, in the page's language: props from the
/// server, so the reader's bundle carries no table of words.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct LiveWords {
    live_now: String,
    live_ended: String,
    new_update: String,
}

impl LiveWords {
    fn of(lang: Lang) -> LiveWords {
        let words = lang.words();
        LiveWords {
            live_now: words.live_now.to_string(),
            live_ended: words.live_ended.to_string(),
            new_update: words.new_update.to_string(),
        }
    }
}

/// One update as a list item. Its `data-` attributes are where it reads
/// (`domain::live::reading_key`), for the browser to place pushed ones.
fn update_item(u: LiveUpdate, now: i64, lang: Lang) -> impl IntoView {
    let words = lang.words();
    let anchor = format!("update-{}", u.id);
    let headline = (!u.headline.is_empty())
        .then(|| view! { <h3 class="live-update__headline">{u.headline}</h3> });
    view! {
        <li data-id=u.id data-at=u.at data-pinned=u.pinned.then_some("")>
            <article id=anchor.clone() class="live-update" class:live-update--pinned=u.pinned>
                <p class="live-update__meta">
                    {u.pinned.then(|| view! { <span class="live-update__pin">{words.pinned}</span> " " })}
                    <a class="live-update__link" href=format!("#{anchor}")>
                        <time datetime=iso_datetime(u.at)>{short_time(u.at, now, lang)}</time>
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

/// An update as open pages are sent it: its item as the page shows it
/// at `now`, and what places and announces it.
#[cfg(feature = "ssr")]
pub fn pushed_update(mut u: LiveUpdate, now: i64, lang: Lang) -> PushedUpdate {
    let (id, pinned, at) = (u.id, u.pinned, u.at);
    let summary = std::mem::take(&mut u.summary);
    PushedUpdate {
        id,
        pinned,
        at,
        summary,
        html: update_item(u, now, lang).to_html(),
    }
}

#[cfg(feature = "hydrate")]
mod browser {
    use super::{PushedUpdate, UPDATES_LIST_ID};
    use crate::components::push::listen;
    use crate::domain::live::{reading_key, ReadingKey};
    use leptos::prelude::*;

    /// An `update`, `remove` or `ended` event's data (`domain::live::Push`),
    /// read as one shape: one reader of it in the bundle, not three.
    #[derive(serde::Deserialize)]
    struct Event {
        article: i64,
        /// A removed update's.
        #[serde(default)]
        id: i64,
        /// A new or edited update.
        update: Option<PushedUpdate>,
    }

    /// This story's event in `data`, if it is one.
    fn read(data: &str, article: i64) -> Option<Event> {
        serde_json::from_str::<Event>(data)
            .ok()
            .filter(|event| event.article == article)
    }

    pub fn follow(
        article: i64,
        ended: RwSignal<bool>,
        announcement: RwSignal<String>,
        words: super::LiveWords,
    ) {
        let said = words.clone();
        listen("update", move |data| {
            if let Some(update) = read(&data, article).and_then(|event| event.update) {
                if place(&update) {
                    announcement.set(format!("{}{}", said.new_update, update.summary));
                }
            }
        });
        listen("remove", move |data| {
            if let Some(item) = read(&data, article).and_then(|event| item_of(event.id)) {
                item.remove();
            }
        });
        listen("ended", move |data| {
            if read(&data, article).is_some() {
                ended.set(true);
                announcement.set(format!("{}.", words.live_ended));
            }
        });
    }

    /// The list item of update `id`, if the page shows it.
    fn item_of(id: i64) -> Option<web_sys::Element> {
        document()
            .get_element_by_id(&format!("update-{id}"))?
            .closest("li")
            .ok()
            .flatten()
    }

    /// Puts `update`'s item where it reads, replacing the one it had;
    /// returns whether it is new to this page.
    fn place(update: &PushedUpdate) -> bool {
        let Some(list) = document().get_element_by_id(UPDATES_LIST_ID) else {
            return false;
        };
        let old = item_of(update.id);
        let new = old.is_none();
        if let Some(old) = old {
            old.remove();
        }
        let key = reading_key(update.pinned, update.at, update.id);
        let items = list.children();
        let before = (0..items.length())
            .filter_map(|i| items.item(i))
            .find(|item| key_of(item).is_some_and(|other| other > key));
        let _ = match before {
            Some(item) => item.insert_adjacent_html("beforebegin", &update.html),
            None => list.insert_adjacent_html("beforeend", &update.html),
        };
        new
    }

    /// Where an item on the page reads, from its `data-` attributes.
    fn key_of(item: &web_sys::Element) -> Option<ReadingKey> {
        let number = |name: &str| item.get_attribute(name)?.parse::<i64>().ok();
        Some(reading_key(
            item.has_attribute("data-pinned"),
            number("data-at")?,
            number("data-id")?,
        ))
    }
}

#[cfg(not(feature = "hydrate"))]
mod browser {
    use leptos::prelude::*;

    pub fn follow(
        _article: i64,
        _ended: RwSignal<bool>,
        _announcement: RwSignal<String>,
        _words: super::LiveWords,
    ) {
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    fn update(pinned: bool) -> LiveUpdate {
        LiveUpdate {
            id: 42,
            headline: "Явка к полудню — 24,8% <b>".into(),
            body_html: "<p>По данным ЦИК.</p>".into(),
            author: "Әлия Сейітова".into(),
            author_href: "/author/aliya-seyitova".into(),
            pinned,
            at: 1_796_000_000,
            edited_at: None,
            summary: "Явка к полудню — 24,8% <b>".into(),
        }
    }

    #[test]
    fn a_pushed_update_is_the_item_the_page_shows() {
        let pushed = pushed_update(update(true), 1_796_000_100, Lang::Ru);
        assert_eq!(
            (pushed.id, pushed.pinned, pushed.at),
            (42, true, 1_796_000_000)
        );
        let html = &pushed.html;
        assert!(html.starts_with("<li"), "{html}");
        assert!(html.contains(r#"data-id="42""#), "{html}");
        assert!(html.contains(r#"data-at="1796000000""#), "{html}");
        assert!(html.contains("data-pinned"), "{html}");
        assert!(html.contains(r#"id="update-42""#), "{html}");
        assert!(html.contains("Закреплено"), "{html}");
        // Text is escaped; the sanitised body is kept as it is.
        assert!(html.contains("24,8% &lt;b&gt;"), "{html}");
        assert!(html.contains("<p>По данным ЦИК.</p>"), "{html}");
        let unpinned = pushed_update(update(false), 1_796_000_100, Lang::Ru).html;
        assert!(!unpinned.contains("data-pinned"), "{unpinned}");
        assert!(!unpinned.contains("Закреплено"), "{unpinned}");
    }
}
