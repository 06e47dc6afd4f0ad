//! The only place our views put text into elements whose content browsers
//! do not parse as ordinary HTML.
//!
//! `<title>` and `<textarea>` hold RCDATA: entities are decoded but tags
//! are not, and the first `</title>` or `</textarea>` ends the element.
//! `<script>` and `<style>` hold raw text: nothing is decoded and the first
//! `</script>` ends it. tachys 0.2 writes the children of textarea, script,
//! style and noscript unescaped, and leptos_meta 0.8 writes the title into
//! the head unescaped (checked up to leptos_meta 0.9.0-rc1): a typed
//! `</title><h1>…` would otherwise become part of our page. So:
//! - the page title goes through [`page_title_in`], the formatter of the one
//!   `<Title>` in `App`: HTML entities, on the server only (in the browser
//!   the same text becomes `document.title`, where entities would show);
//! - textarea content goes through [`textarea_text`]: HTML entities;
//! - script content is JSON, through [`JsonScript`]: `<`, `>`, `&` and the
//!   JavaScript line separators as `\u` escapes (entities would be wrong
//!   there: nothing decodes them);
//! - we write no `<style>` or `<noscript>` content at all.
//!
//! A test below keeps it that way: it fails when a view anywhere else opens
//! one of these elements or sets `inner_html`.

use crate::domain::lang::Lang;
use crate::domain::SITE_NAME;
use crate::text::html::escape_text;
use leptos::prelude::*;

/// The document title for a page's own title ("" on the home page) in
/// `lang`'s edition.
pub fn page_title_in(title: String, lang: Lang) -> String {
    let full = if title.is_empty() {
        lang.words().site_title.to_string()
    } else {
        format!("{title} — {SITE_NAME}")
    };
    #[cfg(feature = "ssr")]
    let full = escape_text(&full);
    full
}

/// The initial content of a `<textarea>`. HTML drops a line break right
/// after the start tag, so text that begins with one gets one more.
pub fn textarea_text(text: &str) -> String {
    let escaped = escape_text(text);
    if text.starts_with(['\n', '\r']) {
        format!("\n{escaped}")
    } else {
        escaped
    }
}

/// JSON made safe for a `<script>` element: it can neither end the
/// element nor open a comment, and it still parses to the same value.
pub fn script_json(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// A `<script>` data block (`application/ld+json`, speculation rules…)
/// holding `json`. It carries the response's nonce: speculation rules are
/// subject to the CSP's `script-src` (structured data is not, and the
/// nonce costs it nothing).
#[component]
pub fn JsonScript(
    /// The script's type, e.g. "application/ld+json".
    kind: &'static str,
    /// Serialised JSON.
    json: String,
) -> impl IntoView {
    let nonce = leptos::nonce::use_nonce();
    view! { <script type=kind nonce=nonce inner_html=script_json(&json)></script> }
}

/// An inline module script with the response's nonce: our own `code` (a
/// function expression, from a file of this crate) called with `args`
/// (serialised JSON; only values, never code, come from elsewhere).
#[component]
pub fn ModuleScript(code: &'static str, args: String) -> impl IntoView {
    let nonce = leptos::nonce::use_nonce();
    let text = format!("({code})({});", script_json(&args));
    view! { <script type="module" nonce=nonce inner_html=text></script> }
}

/// A module script from this site (`src`) with the response's nonce.
#[component]
pub fn ModuleScriptFile(src: String) -> impl IntoView {
    let nonce = leptos::nonce::use_nonce();
    view! { <script type="module" src=src nonce=nonce></script> }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_json_cannot_close_its_element_and_parses_the_same() {
        let value = serde_json::json!({
            "headline": "</script><script>alert(1)</script> <!-- & \u{2028}",
        });
        let text = script_json(&value.to_string());
        for bad in ['<', '>', '&', '\u{2028}'] {
            assert!(!text.contains(bad), "{text}");
        }
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, value);
        assert_eq!(script_json(&text), text, "escaping twice changes nothing");
    }

    #[test]
    fn textarea_text_cannot_end_the_field() {
        let typed = "Текст </textarea><script>alert(1)</script> &amp; ә";
        assert_eq!(
            textarea_text(typed),
            "Текст &lt;/textarea&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp;amp; ә"
        );
        assert_eq!(textarea_text("\nвторая строка"), "\n\nвторая строка");
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn page_titles_are_escaped_on_the_server() {
        assert_eq!(
            page_title_in(String::new(), Lang::Ru),
            "Qalam — новости Казахстана"
        );
        assert_eq!(
            page_title_in(String::new(), Lang::Kk),
            "Qalam — Қазақстан жаңалықтары"
        );
        assert_eq!(
            page_title_in("Поиск: </title><h1>FAKE</h1> & Co".into(), Lang::Ru),
            "Поиск: &lt;/title&gt;&lt;h1&gt;FAKE&lt;/h1&gt; &amp; Co — Qalam"
        );
    }

    /// Views open raw-text and RCDATA elements, and set `inner_html`, only
    /// here (and `inner_html` for the article body in `pages/article.rs`,
    /// which is sanitised HTML rendered at save by `markup::render`).
    fn root_of_server_logic() -> std::path::PathBuf {
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/server")
    }

    #[test]
    fn no_other_view_writes_raw_text_elements() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut found = Vec::new();
        let mut stack = vec![root];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                // Server-only logic renders no views (its tests hold XML).
                let logic = path.starts_with(root_of_server_logic());
                if path.extension().is_none_or(|e| e != "rs")
                    || path.ends_with("raw_text.rs")
                    || logic
                {
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap();
                for (n, line) in text.lines().enumerate() {
                    let code = line.trim_start();
                    let opens_raw = ["<textarea", "<script", "<style", "<noscript", "<title"]
                        .iter()
                        .any(|tag| code.starts_with(tag));
                    // Sanitised at save: an article's body, a live update's.
                    let inner = code.contains("inner_html=")
                        && !(code.contains("inner_html=body_html")
                            && path.ends_with("src/pages/article.rs"))
                        && !(code.contains("inner_html=u.body_html")
                            && path.ends_with("src/components/live.rs"));
                    let allowed =
                        code.starts_with("<textarea") && path.ends_with("pages/admin/fields.rs");
                    if (opens_raw && !allowed) || inner {
                        found.push(format!("{}:{}: {code}", path.display(), n + 1));
                    }
                }
            }
        }
        assert_eq!(found, Vec::<String>::new());
    }
}
