//! Share links for an article: messengers and networks as plain links
//! (they work without JavaScript), the URL to copy, and — once hydrated —
//! a copy button and the browser's native share sheet where it exists.

use crate::domain::lang::Lang;
use crate::hooks::use_lang;
use crate::text::url::encode_component;
use leptos::prelude::*;

/// (network name, link) for each share target.
pub fn share_links(url: &str, title: &str) -> Vec<(&'static str, String)> {
    let u = encode_component(url);
    let t = encode_component(title);
    vec![
        (
            "Telegram",
            format!("https://t.me/share/url?url={u}&text={t}"),
        ),
        ("WhatsApp", format!("https://wa.me/?text={t}%20{u}")),
        ("VK", format!("https://vk.com/share.php?url={u}&title={t}")),
        (
            "Facebook",
            format!("https://www.facebook.com/sharer/sharer.php?u={u}"),
        ),
        ("X", format!("https://x.com/intent/post?url={u}&text={t}")),
    ]
}

/// The share block. The links and the address are plain HTML (they work
/// without JavaScript); only the buttons are an island, so the reader's
/// bundle carries neither the links' encoding nor their markup.
#[component]
pub fn Share(url: String, title: String) -> impl IntoView {
    let links = share_links(&url, &title);
    let lang = use_lang();
    let words = lang.words();
    view! {
        <section class="share" aria-labelledby="share-heading">
            <h2 id="share-heading" class="share__heading">{words.share}</h2>
            <ul class="share__links">
                {links
                    .into_iter()
                    .map(|(name, href)| {
                        view! {
                            <li>
                                <a class="share__link" href=href target="_blank" rel="noopener noreferrer">
                                    {name}
                                </a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            <div class="share__copy">
                <label for="share-url">{words.share_link_label}</label>
                <input id="share-url" class="share__url" type="url" readonly value=url.clone() />
                <ShareButtons url title lang />
            </div>
        </section>
    }
}

/// The copy button and the share sheet: they need the browser, so they
/// stay hidden until it has them working.
#[island]
fn ShareButtons(url: String, title: String, lang: Lang) -> impl IntoView {
    // The page's language picks the words: the bundle carries the eight
    // strings of `ShareWords`, not the tables of every page's words.
    let words = lang.share_words();
    // Both start false on the server and on the client's first render, so
    // hydration matches; the effect runs only in the browser.
    let hydrated = RwSignal::new(false);
    let can_share = RwSignal::new(false);
    let status = RwSignal::new(String::new());
    Effect::new(move |_| {
        hydrated.set(true);
        can_share.set(browser::native_share_available());
    });
    let copy = {
        let url = url.clone();
        move |_| {
            browser::copy_to_clipboard(url.clone(), status, words.link_copied, words.copy_failed)
        }
    };
    let native = move |_| browser::native_share(&title, &url);
    view! {
        <button type="button" class="button" hidden=move || !hydrated.get() on:click=copy>
            {words.copy_link}
        </button>
        <button type="button" class="button" hidden=move || !can_share.get() on:click=native>
            {words.share_more}
        </button>
        <span class="share__status" role="status">{move || status.get()}</span>
    }
}

#[cfg(feature = "hydrate")]
mod browser {
    use leptos::prelude::*;
    use wasm_bindgen::{JsCast, JsValue};

    pub fn native_share_available() -> bool {
        web_sys::window()
            .map(|w| {
                js_sys::Reflect::has(&w.navigator(), &JsValue::from_str("share")).unwrap_or(false)
            })
            .unwrap_or(false)
    }

    /// `navigator.share({title, url})`, called through Reflect because
    /// web-sys keeps the Web Share API behind an unstable flag.
    pub fn native_share(title: &str, url: &str) {
        let Some(window) = web_sys::window() else {
            return;
        };
        let navigator = window.navigator();
        let data = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&data, &"title".into(), &title.into());
        let _ = js_sys::Reflect::set(&data, &"url".into(), &url.into());
        if let Ok(share) = js_sys::Reflect::get(&navigator, &"share".into()) {
            if let Some(share) = share.dyn_ref::<js_sys::Function>() {
                // A dismissed share sheet rejects the promise; nothing to do.
                let _ = share.call1(&navigator, &data);
            }
        }
    }

    pub fn copy_to_clipboard(url: String, status: RwSignal<String>, copied: &str, failed: &str) {
        let (copied, failed) = (copied.to_string(), failed.to_string());
        leptos::task::spawn_local(async move {
            let done = match web_sys::window() {
                Some(window) => {
                    let promise = window.navigator().clipboard().write_text(&url);
                    wasm_bindgen_futures::JsFuture::from(promise).await.is_ok()
                }
                None => false,
            };
            status.set(if done { copied } else { failed });
        });
    }
}

#[cfg(not(feature = "hydrate"))]
mod browser {
    use leptos::prelude::*;

    pub fn native_share_available() -> bool {
        false
    }
    pub fn native_share(_title: &str, _url: &str) {}
    pub fn copy_to_clipboard(_url: String, _status: RwSignal<String>, _: &str, _: &str) {}
}

#[cfg(test)]
mod tests {
    use super::share_links;

    #[test]
    fn links_carry_the_encoded_url_and_title() {
        let links = share_links("https://qalam.kz/news/a-b", "Әкім сөйледі");
        let names: Vec<_> = links.iter().map(|(n, _)| *n).collect();
        assert_eq!(names, ["Telegram", "WhatsApp", "VK", "Facebook", "X"]);
        for (_, href) in &links {
            assert!(href.starts_with("https://"));
            assert!(
                href.contains("https%3A%2F%2Fqalam.kz%2Fnews%2Fa-b"),
                "{href}"
            );
            assert!(!href.contains(' '));
        }
        assert!(links[0].1.contains("text=%D3%98"));
    }
}
