//! Who else has the article open, in the form (`server::presence` keeps
//! the rows): the line «Әлия Сейітова редактирует эту статью (с 14:02)»,
//! the banner when someone takes the article over, and the page that
//! warns before opening an article someone else is editing.

use crate::domain::workspace::{Editing, PresenceNews};
use crate::messages;
use leptos::prelude::*;

/// The workspace stream of an open form (`/admin/articles/{id}/presence`,
/// signed-in editors only). While it is open the tab counts as open.
pub(super) fn stream_path(article: i64, tab: &str) -> String {
    format!("/admin/articles/{article}/presence?tab={tab}")
}

/// Follows the form's presence stream: `handler` gets every news. The
/// browser reconnects by itself (to any node) when a node stops.
#[allow(unused_variables)]
pub(super) fn follow(path: String, handler: impl Fn(PresenceNews) + 'static) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::{closure::Closure, JsCast};
        let Ok(source) = web_sys::EventSource::new(&path) else {
            leptos::logging::warn!("the presence stream could not open");
            return;
        };
        let listener =
            Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
                let news = ev
                    .data()
                    .as_string()
                    .and_then(|data| serde_json::from_str::<PresenceNews>(&data).ok());
                if let Some(news) = news {
                    handler(news);
                }
            });
        let _ =
            source.add_event_listener_with_callback("presence", listener.as_ref().unchecked_ref());
        // Both live as long as the page.
        listener.forget();
        std::mem::forget(source);
    }
}

/// The lines above the form: who else is here, and who took it over.
pub(super) fn presence_view(news: PresenceNews, now: i64) -> impl IntoView {
    let others = news
        .others
        .iter()
        .map(|editing| view! { <p class="presence__other">{editing.sentence(now)}</p> })
        .collect_view();
    let taken = news.taken_by.map(|by| {
        view! {
            <div class="presence__taken" role="alert">
                <h2>{by.name.clone()} " взял(а) статью в " {crate::text::time::moment(by.since, now)}</h2>
                <p>{messages::TAKEN_OVER}</p>
                <p><a href="/admin/articles">"К списку статей"</a></p>
            </div>
        }
    });
    view! { <div class="presence" aria-live="polite">{others} {taken}</div> }
}

/// The page shown instead of the form while someone else edits the
/// article: who, and the three ways on (take it over, look, go back).
pub(super) fn warning(article: i64, title: &str, others: &[Editing], now: i64) -> impl IntoView {
    let names = others
        .iter()
        .map(|e| e.name.clone())
        .collect::<Vec<_>>()
        .join(", ");
    let lines = others
        .iter()
        .map(|editing| view! { <p class="presence__other">{editing.sentence(now)}</p> })
        .collect_view();
    view! {
        <section class="admin admin--narrow presence-warning" role="alert" aria-labelledby="presence-warning-title">
            <h1 id="presence-warning-title">"Статью сейчас редактируют"</h1>
            <p class="presence-warning__article">"«" {title.to_string()} "»"</p>
            {lines}
            <p>
                "Если взять статью, " {names} " сразу увидит это; несохранённый текст коллеги "
                "останется в его черновике. Сохранить поверх чужой правки молча не получится: "
                "перед сохранением сверяется версия статьи."
            </p>
            <form method="post" action=format!("/admin/articles/{article}/take") class="form-actions">
                <button type="submit" class="button">"Взять статью"</button>
                <a class="button button--secondary" href=format!("/admin/articles/{article}/preview")>"Только посмотреть"</a>
                <a href="/admin/articles">"К списку статей"</a>
            </form>
        </section>
    }
}
