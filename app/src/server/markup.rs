//! The editors' light markup (a Markdown subset) rendered to safe HTML.
//!
//! Two layers of defence: raw HTML typed by an editor is turned into plain
//! text before rendering, and the result goes through an allow-list
//! sanitiser, so nothing an editor types can run script in a reader's
//! browser. Rendering happens once, when an article is saved.

use ammonia::Builder;
use pulldown_cmark::{html, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

/// Article headings start at h2 (the page's h1 is the headline).
fn demote(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 | HeadingLevel::H2 => HeadingLevel::H2,
        _ => HeadingLevel::H3,
    }
}

fn sanitizer() -> &'static Builder<'static> {
    static SANITIZER: OnceLock<Builder<'static>> = OnceLock::new();
    SANITIZER.get_or_init(|| {
        let tags: HashSet<&str> = [
            "p",
            "h2",
            "h3",
            "blockquote",
            "a",
            "strong",
            "em",
            "del",
            "ul",
            "ol",
            "li",
            "br",
            "hr",
            "code",
            "pre",
            "img",
        ]
        .into();
        let attributes: HashMap<&str, HashSet<&str>> = [
            ("a", ["href", "title"].into()),
            ("img", ["src", "alt", "title"].into()),
        ]
        .into();
        let mut builder = Builder::default();
        builder
            .tags(tags)
            .generic_attributes(HashSet::new())
            .tag_attributes(attributes)
            .url_schemes(["http", "https", "mailto"].into())
            .link_rel(Some("noopener noreferrer"));
        builder
    })
}

/// Renders the editor's source to sanitised HTML.
pub fn render(source: &str) -> String {
    let events = Parser::new_ext(source, Options::ENABLE_STRIKETHROUGH).map(|event| match event {
        // Typed HTML is shown as text, never interpreted.
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        Event::Start(Tag::Heading { level, .. }) => Event::Start(Tag::Heading {
            level: demote(level),
            id: None,
            classes: Vec::new(),
            attrs: Vec::new(),
        }),
        Event::End(TagEnd::Heading(level)) => Event::End(TagEnd::Heading(demote(level))),
        other => other,
    });
    let mut unsafe_html = String::with_capacity(source.len() * 3 / 2);
    html::push_html(&mut unsafe_html, events);
    sanitizer().clean(&unsafe_html).to_string()
}

/// The editor's source as plain text, one line per block (paragraph,
/// heading, quote, list item): what search indexes and quotes from.
pub fn plain_text(source: &str) -> String {
    let mut text = String::with_capacity(source.len());
    for event in Parser::new_ext(source, Options::ENABLE_STRIKETHROUGH) {
        match event {
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                text.push_str(&t)
            }
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::BlockQuote(_)
                | TagEnd::Item
                | TagEnd::CodeBlock,
            ) if !text.is_empty() && !text.ends_with('\n') => text.push('\n'),
            _ => {}
        }
    }
    text.trim_end().to_string()
}

#[cfg(test)]
mod tests {
    use super::{plain_text, render};

    #[test]
    fn plain_text_keeps_words_and_drops_markup() {
        let source =
            "## Итоги\n\nПервый [абзац](https://example.kz) и **жирный**\nтекст.\n\n> «Цитата»";
        assert_eq!(
            plain_text(source),
            "Итоги\nПервый абзац и жирный текст.\n«Цитата»"
        );
        assert_eq!(plain_text("<script>x</script>"), "<script>x</script>");
    }

    #[test]
    fn paragraphs_subheadings_quotes_links() {
        let html = render(
            "Первый абзац.\n\n## Подзаголовок\n\n> «Мы готовы», — сказал аким.\n\n\
             Подробнее на [сайте](https://gov.kz/news).",
        );
        assert!(html.contains("<p>Первый абзац.</p>"), "{html}");
        assert!(html.contains("<h2>Подзаголовок</h2>"), "{html}");
        assert!(
            html.contains("<blockquote>\n<p>«Мы готовы», — сказал аким.</p>\n</blockquote>"),
            "{html}"
        );
        assert!(
            html.contains(r#"<a href="https://gov.kz/news" rel="noopener noreferrer">сайте</a>"#),
            "{html}"
        );
    }

    #[test]
    fn top_level_heading_becomes_h2() {
        assert_eq!(render("# Заголовок").trim(), "<h2>Заголовок</h2>");
        assert_eq!(render("#### Мелкий").trim(), "<h3>Мелкий</h3>");
    }

    #[test]
    fn bold_italic_and_lists() {
        let html = render("**жирный** и *курсив*\n\n- один\n- два");
        assert!(html.contains("<strong>жирный</strong>"));
        assert!(html.contains("<em>курсив</em>"));
        assert!(html.contains("<ul>\n<li>один</li>"));
    }

    #[test]
    fn script_tags_are_shown_as_text() {
        let html = render("<script>alert(1)</script>\n\nТекст <script>alert(2)</script>");
        assert!(!html.contains("<script"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
    }

    /// The real tags in `html` (text `<` is always escaped as `&lt;`).
    fn tags(html: &str) -> Vec<String> {
        html.split('<')
            .skip(1)
            .map(|rest| rest.split('>').next().unwrap_or("").to_lowercase())
            .collect()
    }

    #[test]
    fn event_handlers_and_javascript_links_are_removed() {
        for source in [
            "<img src=x onerror=alert(1)>",
            "[нажми](javascript:alert(1))",
            "[нажми](JaVaScRiPt:alert(1))",
            "<a href=\"javascript:alert(1)\">x</a>",
            "![x](javascript:alert(1))",
            "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
            "[x](vbscript:msgbox)",
        ] {
            let html = render(source);
            for tag in tags(&html) {
                assert!(!tag.contains(" on"), "{source} → {html}");
                for scheme in ["javascript:", "data:", "vbscript:"] {
                    assert!(!tag.contains(scheme), "{source} → {html}");
                }
            }
        }
    }

    #[test]
    fn textarea_svg_and_mathml_breakouts_are_inert() {
        for source in [
            "</textarea><script>alert(1)</script>",
            "<svg><script>alert(1)</script></svg>",
            "<svg onload=alert(1)>",
            "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
            "<iframe src=\"https://evil.example\"></iframe>",
            "<style>body{display:none}</style>",
        ] {
            let html = render(source);
            for tag in tags(&html) {
                let name = tag
                    .trim_start_matches('/')
                    .split_whitespace()
                    .next()
                    .unwrap_or("");
                assert!(
                    ["p", "a", "img", "strong", "em"].contains(&name),
                    "{source} → {html}"
                );
            }
        }
    }

    #[test]
    fn cyrillic_and_kazakh_text_survive_unchanged() {
        let text = "Әлеуметтік қолдау: ғылым, өнер, ұлттық үрдіс, һәм іс";
        assert_eq!(render(text).trim(), format!("<p>{text}</p>"));
    }
}
