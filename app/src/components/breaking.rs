//! The breaking-news bar at the top of every reader page: «Срочно: …»,
//! linking to the story, for the hours its editor chose. Without
//! JavaScript it is simply there, without the button.
//!
//! The server renders the bar (`breaking_bar`), on the page and in the
//! `breaking` event pushed to pages already open. The `BreakingLive`
//! island puts a pushed bar in, shows the «Скрыть» button, and keeps a
//! story the reader dismissed out of this browser's pages
//! (localStorage: no cookie, so pages stay cacheable).

use crate::api::reader::get_breaking;
use crate::domain::lang::Lang;
use crate::domain::live::BreakingNews;
use crate::hooks::use_lang;
use leptos::prelude::*;

/// The `id` of the element the bar is in (one per page).
const SLOT_ID: &str = "breaking-slot";

#[component]
pub fn BreakingBar() -> impl IntoView {
    let lang = use_lang();
    let news = Resource::new(|| (), move |_| get_breaking(lang));
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let news = news.await.ok().flatten();
                view! {
                    <div id=SLOT_ID>{news.map(|news| breaking_bar(news, lang))}</div>
                    <BreakingLive lang />
                }
            })}
        </Suspense>
    }
}

/// The bar for `news` on `lang`'s pages. Its button stays invisible
/// (hence neither focusable nor read out) but takes its room until the
/// island makes it work: appearing would change the bar's size and shift
/// the page.
pub fn breaking_bar(news: BreakingNews, lang: Lang) -> impl IntoView {
    let words = lang.words();
    view! {
        <div class="breaking-bar" role="region" aria-label=words.breaking_region data-article=news.article_id>
            <p class="breaking-bar__text">
                <strong class="breaking-bar__label">{words.breaking_label}</strong>
                <a href=lang.article_path(&news.slug)>{news.title}</a>
            </p>
            <button type="button" class="breaking-bar__close breaking-bar__close--waiting">
                {words.hide}
            </button>
        </div>
    }
}

/// What open pages of `lang`'s edition are told when its breaking-news
/// bar changed: the bar as they show it, or nothing.
#[cfg(feature = "ssr")]
pub fn breaking_push(lang: Lang, news: Option<BreakingNews>) -> crate::domain::live::Push {
    crate::domain::live::Push::Breaking {
        lang,
        html: news
            .map(|news| breaking_bar(news, lang).to_html())
            .unwrap_or_default(),
    }
}

/// Keeps the bar current and dismissable in the browser (the bar of the
/// page's edition only); renders nothing.
#[island]
fn BreakingLive(lang: Lang) -> impl IntoView {
    Effect::new(move |_| browser::follow(lang));
}

#[cfg(feature = "hydrate")]
mod browser {
    use super::SLOT_ID;
    use crate::domain::lang::Lang;
    use crate::domain::live::{dismissed_after, format_dismissed, parse_dismissed, BreakingPush};
    use leptos::prelude::*;
    use wasm_bindgen::{closure::Closure, JsCast};

    /// Dismissed stories' ids, in this browser.
    const DISMISSED_KEY: &str = "qalam-breaking-dismissed";

    pub fn follow(lang: Lang) {
        let Some(slot) = document().get_element_by_id(SLOT_ID) else {
            return;
        };
        settle(&slot);
        // One listener on the slot: the bar inside it is replaced by pushes.
        let on_click = Closure::<dyn FnMut(web_sys::MouseEvent)>::new({
            let slot = slot.clone();
            move |event: web_sys::MouseEvent| {
                let clicked_close = event
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                    .and_then(|e| e.closest(".breaking-bar__close").ok().flatten())
                    .is_some();
                if let (true, Some(id)) = (clicked_close, shown_story(&slot)) {
                    write_dismissed(&dismissed_after(&read_dismissed(), id));
                    slot.set_inner_html("");
                }
            }
        });
        let _ = slot.add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref());
        // Lives as long as the page.
        on_click.forget();
        crate::components::push::listen("breaking", move |data| {
            let push = serde_json::from_str::<BreakingPush>(&data).ok();
            if let Some(push) = push.filter(|push| push.lang == lang) {
                slot.set_inner_html(&push.html);
                settle(&slot);
            }
        });
    }

    /// Hides a bar this browser dismissed; otherwise lets its button work.
    fn settle(slot: &web_sys::Element) {
        let Some(id) = shown_story(slot) else {
            return;
        };
        if read_dismissed().contains(&id) {
            slot.set_inner_html("");
        } else if let Ok(Some(button)) = slot.query_selector(".breaking-bar__close") {
            let _ = button.class_list().remove_1("breaking-bar__close--waiting");
        }
    }

    /// The story of the bar in `slot`, if one is there.
    fn shown_story(slot: &web_sys::Element) -> Option<i64> {
        slot.query_selector(".breaking-bar")
            .ok()??
            .get_attribute("data-article")?
            .parse()
            .ok()
    }

    fn storage() -> Option<web_sys::Storage> {
        window().local_storage().ok().flatten()
    }

    fn read_dismissed() -> Vec<i64> {
        storage()
            .and_then(|s| s.get_item(DISMISSED_KEY).ok().flatten())
            .map(|text| parse_dismissed(&text))
            .unwrap_or_default()
    }

    fn write_dismissed(ids: &[i64]) {
        if let Some(storage) = storage() {
            let _ = storage.set_item(DISMISSED_KEY, &format_dismissed(ids));
        }
    }
}

#[cfg(not(feature = "hydrate"))]
mod browser {
    pub fn follow(_: crate::domain::lang::Lang) {
        let _ = super::SLOT_ID;
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[test]
    fn the_bar_names_its_story_and_waits_for_its_button() {
        let html = breaking_bar(
            BreakingNews {
                article_id: 12,
                title: "Землетрясение в Алматы <b>".into(),
                slug: "zemletryasenie-v-almaty".into(),
                until: 1_796_000_000,
            },
            Lang::Ru,
        )
        .to_html();
        assert!(html.contains(r#"data-article="12""#), "{html}");
        assert!(
            html.contains(r#"href="/news/zemletryasenie-v-almaty""#),
            "{html}"
        );
        assert!(html.contains("Землетрясение в Алматы &lt;b&gt;"), "{html}");
        assert!(html.contains("breaking-bar__close--waiting"), "{html}");
        let push = super::breaking_push(Lang::Kk, None);
        assert_eq!(
            push,
            crate::domain::live::Push::Breaking {
                lang: Lang::Kk,
                html: String::new()
            }
        );
    }
}
