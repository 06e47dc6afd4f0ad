//! The article body's embeds. The server writes each embed as a plain link
//! (`server::markup::embeds`); this island, wrapped round a body that has
//! embeds, turns a YouTube link into the youtube-nocookie player when the
//! reader clicks it, and each Telegram link into Telegram's own frame.
//! Until then nothing from those sites loads. The body itself is the
//! island's children: server-rendered, never re-rendered here.

use leptos::prelude::*;

/// Whether a body rendered by the markup holds embeds to bring to life.
pub fn has_players(body_html: &str) -> bool {
    body_html.contains("data-embed=")
}

#[island(lazy)]
pub fn EmbedPlayers(children: Children) -> impl IntoView {
    let root = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        if let Some(root) = root.get() {
            browser::show_telegram_posts(&root);
        }
    });
    view! {
        <div class="embeds" node_ref=root on:click=move |event| browser::play_video(&event)>
            {children()}
        </div>
    }
}

/// Only the characters the markup lets into an embed's id.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
fn is_safe_id(text: &str) -> bool {
    !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'/'))
}

#[cfg(feature = "hydrate")]
mod browser {
    use super::is_safe_id;
    use wasm_bindgen::JsCast;
    use web_sys::{Element, MouseEvent};

    fn frame(src: &str, title: &str) -> Option<Element> {
        let document = web_sys::window()?.document()?;
        let frame = document.create_element("iframe").ok()?;
        for (name, value) in [
            ("src", src),
            ("title", title),
            ("loading", "lazy"),
            ("referrerpolicy", "strict-origin-when-cross-origin"),
        ] {
            frame.set_attribute(name, value).ok()?;
        }
        Some(frame)
    }

    /// A plain click on a YouTube facade starts the player in its place;
    /// a click with a modifier key opens YouTube as the link says.
    pub fn play_video(event: &MouseEvent) {
        if event.button() != 0 || event.ctrl_key() || event.meta_key() || event.shift_key() {
            return;
        }
        let Some(target) = event.target().and_then(|t| t.dyn_into::<Element>().ok()) else {
            return;
        };
        let Ok(Some(link)) = target.closest("a[data-embed=youtube]") else {
            return;
        };
        let Some(video) = link.get_attribute("data-video").filter(|v| is_safe_id(v)) else {
            return;
        };
        let src = format!("https://www.youtube-nocookie.com/embed/{video}?autoplay=1");
        let Some(player) = frame(&src, "Видео YouTube") else {
            return;
        };
        let _ = player.set_attribute(
            "allow",
            "autoplay; encrypted-media; picture-in-picture; fullscreen",
        );
        let _ = player.set_attribute("allowfullscreen", "");
        event.prevent_default();
        let _ = link.replace_with_with_node_1(&player);
    }

    /// Telegram posts become Telegram's frame, loaded as the reader
    /// scrolls to them.
    pub fn show_telegram_posts(root: &Element) {
        let Ok(links) = root.query_selector_all("a[data-embed=telegram]") else {
            return;
        };
        for i in 0..links.length() {
            let Some(link) = links.get(i).and_then(|n| n.dyn_into::<Element>().ok()) else {
                continue;
            };
            let Some(post) = link.get_attribute("data-post").filter(|p| is_safe_id(p)) else {
                continue;
            };
            if let Some(frame) = frame(&format!("https://t.me/{post}?embed=1"), "Пост в Telegram")
            {
                let _ = link.replace_with_with_node_1(&frame);
            }
        }
    }
}

#[cfg(not(feature = "hydrate"))]
mod browser {
    pub fn play_video(_event: &leptos::ev::MouseEvent) {}
    pub fn show_telegram_posts<T>(_root: &T) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_bodies_with_embeds_get_the_island() {
        assert!(has_players(
            r#"<a class="embed__facade" data-embed="youtube" data-video="x">"#
        ));
        assert!(!has_players("<p>data-embed</p>"));
        assert!(is_safe_id("tengrinews/12"));
        assert!(!is_safe_id("x\" onload=\"1"));
        assert!(!is_safe_id(""));
    }
}
