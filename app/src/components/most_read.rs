//! «Самое читаемое»: the most read articles (`server::reader::most_read`),
//! numbered; and the beacon island that reports a read where the site
//! counts reads that way (behind a CDN).

use crate::domain::reader::ArticleSummary;
use crate::hooks::use_lang;
use crate::text::{iso_datetime, short_time};
use leptos::prelude::*;

#[component]
pub fn MostRead(items: Vec<ArticleSummary>, now: i64) -> impl IntoView {
    let lang = use_lang();
    (!items.is_empty()).then(|| {
        view! {
            <section class="most-read" aria-labelledby="most-read-heading">
                <h2 id="most-read-heading" class="section-heading">{lang.words().most_read}</h2>
                <ol class="most-read__list">
                    {items
                        .into_iter()
                        .map(|item| {
                            view! {
                                <li class="most-read__item">
                                    <a href=lang.article_path(&item.slug)>{item.title}</a>
                                    " "
                                    <time datetime=iso_datetime(item.published_at)>
                                        {short_time(item.published_at, now, lang)}
                                    </time>
                                </li>
                            }
                        })
                        .collect_view()}
                </ol>
            </section>
        }
    })
}

/// Reports one read of the article at `path` (`/news/x`, `/kk/news/x`:
/// a slug is unique in its edition only) once the page is open: a
/// `navigator.sendBeacon` with the path and nothing else (no cookie, no
/// identifier), which the browser sends even as the reader leaves.
#[island(lazy)]
pub fn ReadBeacon(path: String) -> impl IntoView {
    Effect::new(move |_| {
        #[cfg(feature = "hydrate")]
        if let Some(window) = web_sys::window() {
            let _ = window
                .navigator()
                .send_beacon_with_opt_str("/views", Some(&path));
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = &path;
    });
}
