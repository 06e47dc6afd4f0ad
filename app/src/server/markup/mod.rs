//! The editors' light markup (a Markdown subset) rendered to safe HTML.
//!
//! Two layers of defence: raw HTML typed by an editor is turned into plain
//! text before rendering, and the result goes through an allow-list
//! sanitiser, so nothing an editor types can run script in a reader's
//! browser. Rendering happens once, when an article is saved.
//!
//! What the markup holds beyond Markdown's paragraphs, headings, quotes,
//! lists and links (docs/newsroom.md is the editors' guide):
//! - a paragraph of images only is a figure, or a gallery when there are
//!   several: `![Описание](/media/12 "Подпись | Фото: Автор")`, the
//!   title's two halves the caption and the credit;
//! - tables (`| a | b |`), scrolled sideways on a phone;
//! - a paragraph that is only the address of a YouTube video or a
//!   Telegram, X or Instagram post is an embed ([`embeds`]).

pub mod embeds;

use crate::domain::images::{fallback_url, srcset, stored_id, Format, ARTICLE_SIZES};
use ammonia::Builder;
use pulldown_cmark::{html, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

/// Stored images' sizes by id, so that figures get fixed dimensions.
pub type ImageSizes = HashMap<i64, (i64, i64)>;

const OPTIONS: Options = Options::ENABLE_STRIKETHROUGH.union(Options::ENABLE_TABLES);

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
            "figure",
            "figcaption",
            "picture",
            "source",
            "span",
            "div",
            "table",
            "thead",
            "tbody",
            "tr",
            "th",
            "td",
        ]
        .into();
        let attributes: HashMap<&str, HashSet<&str>> = [
            (
                "a",
                ["href", "title", "data-embed", "data-video", "data-post"].into(),
            ),
            (
                "img",
                [
                    "src", "alt", "title", "width", "height", "loading", "decoding", "srcset",
                    "sizes",
                ]
                .into(),
            ),
            ("source", ["type", "srcset", "sizes"].into()),
            ("th", ["style"].into()),
            ("td", ["style"].into()),
        ]
        .into();
        // Only the classes this module writes; an editor cannot set any.
        let classes: HashMap<&str, HashSet<&str>> = [
            (
                "figure",
                [
                    "figure",
                    "gallery",
                    "embed",
                    "embed--video",
                    "embed--telegram",
                    "embed--card",
                ]
                .into(),
            ),
            ("figcaption", HashSet::new()),
            (
                "span",
                [
                    "figure__credit",
                    "embed__play",
                    "embed__label",
                    "embed__site",
                    "embed__what",
                ]
                .into(),
            ),
            ("a", ["embed__facade", "embed__card"].into()),
            ("div", ["table-scroll"].into()),
        ]
        .into();
        let mut builder = Builder::default();
        builder
            .tags(tags)
            .generic_attributes(HashSet::new())
            .tag_attributes(attributes)
            .allowed_classes(classes)
            .filter_style_properties(["text-align"].into())
            .url_schemes(["http", "https", "mailto"].into())
            .link_rel(Some("noopener noreferrer"));
        builder
    })
}

/// Text for HTML, in an element or a quoted attribute.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The stored images a source shows, so the caller can look up their sizes.
pub fn media_ids(source: &str) -> Vec<i64> {
    let mut ids: Vec<i64> = Parser::new_ext(source, OPTIONS)
        .filter_map(|event| match event {
            Event::Start(Tag::Image { dest_url, .. }) => stored_id(&dest_url),
            _ => None,
        })
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// One image of a figure: its address, its description, and the
/// caption and credit from its title ("Подпись | Фото: Автор").
struct Picture {
    src: String,
    alt: String,
    caption: String,
    credit: String,
}

impl Picture {
    fn html(&self, sizes: &ImageSizes) -> String {
        let alt = escape(&self.alt);
        let stored = stored_id(&self.src).and_then(|id| Some((id, *sizes.get(&id)?)));
        let mut html = String::from("<figure class=\"figure\">");
        match stored {
            // A stored image of known size: its responsive sizes.
            Some((id, (w, h))) => html.push_str(&format!(
                "<picture><source type=\"image/webp\" srcset=\"{}\" sizes=\"{ARTICLE_SIZES}\">\
                 <img src=\"{}\" srcset=\"{}\" sizes=\"{ARTICLE_SIZES}\" alt=\"{alt}\" \
                 width=\"{w}\" height=\"{h}\" loading=\"lazy\" decoding=\"async\"></picture>",
                srcset(id, w, Format::WebP),
                fallback_url(id, w),
                srcset(id, w, Format::Jpeg),
            )),
            None => html.push_str(&format!(
                "<img src=\"{}\" alt=\"{alt}\" loading=\"lazy\" decoding=\"async\">",
                escape(&self.src),
            )),
        }
        html.push_str(&caption_html(&self.caption, &self.credit));
        html.push_str("</figure>");
        html
    }
}

/// A `<figcaption>` with the caption and the credit, or nothing when both
/// are empty.
fn caption_html(caption: &str, credit: &str) -> String {
    let (caption, credit) = (caption.trim(), credit.trim());
    match (caption.is_empty(), credit.is_empty()) {
        (true, true) => String::new(),
        (false, true) => format!("<figcaption>{}</figcaption>", escape(caption)),
        (true, false) => format!(
            "<figcaption><span class=\"figure__credit\">{}</span></figcaption>",
            escape(credit)
        ),
        (false, false) => format!(
            "<figcaption>{} <span class=\"figure__credit\">{}</span></figcaption>",
            escape(caption),
            escape(credit)
        ),
    }
}

/// The pictures of a paragraph that holds images and nothing else.
fn pictures(paragraph: &[Event<'_>]) -> Option<Vec<Picture>> {
    let mut pictures = Vec::new();
    let mut current: Option<Picture> = None;
    for event in paragraph {
        match (event, current.as_mut()) {
            (
                Event::Start(Tag::Image {
                    dest_url, title, ..
                }),
                None,
            ) => {
                let (caption, credit) = title.split_once('|').unwrap_or((title, ""));
                current = Some(Picture {
                    src: dest_url.to_string(),
                    alt: String::new(),
                    caption: caption.trim().to_string(),
                    credit: credit.trim().to_string(),
                });
            }
            (Event::End(TagEnd::Image), Some(_)) => pictures.extend(current.take()),
            (Event::Text(text) | Event::Code(text), Some(picture)) => picture.alt.push_str(text),
            (_, Some(_)) => {}
            (Event::SoftBreak | Event::HardBreak, None) => {}
            (Event::Text(text), None) if text.trim().is_empty() => {}
            _ => return None,
        }
    }
    (!pictures.is_empty()).then_some(pictures)
}

/// The address a paragraph consists of, typed bare or as `<https://…>`.
fn lone_address<'a>(paragraph: &'a [Event<'a>]) -> Option<&'a str> {
    match paragraph {
        [Event::Text(text)] => Some(text),
        [Event::Start(Tag::Link { dest_url, .. }), Event::Text(_), Event::End(TagEnd::Link)] => {
            Some(dest_url)
        }
        _ => None,
    }
}

/// What a whole paragraph becomes when it is a figure, a gallery or an
/// embed.
fn block_html(paragraph: &[Event<'_>], sizes: &ImageSizes) -> Option<String> {
    if let Some(embed) = lone_address(paragraph).and_then(embeds::recognise) {
        return Some(embed.html());
    }
    let pictures = pictures(paragraph)?;
    let figures: String = pictures.iter().map(|p| p.html(sizes)).collect();
    Some(if pictures.len() == 1 {
        format!("{figures}\n")
    } else {
        format!("<figure class=\"gallery\">{figures}</figure>\n")
    })
}

/// Renders the editor's source to sanitised HTML, without image sizes.
pub fn render(source: &str) -> String {
    render_with(source, &ImageSizes::new())
}

/// Renders the editor's source to sanitised HTML; figures of stored images
/// get the sizes in `sizes`.
pub fn render_with(source: &str, sizes: &ImageSizes) -> String {
    let parsed: Vec<Event<'_>> = Parser::new_ext(source, OPTIONS)
        .map(|event| match event {
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
        })
        .collect();
    let mut events: Vec<Event<'_>> = Vec::with_capacity(parsed.len());
    let mut i = 0;
    while i < parsed.len() {
        match &parsed[i] {
            Event::Start(Tag::Paragraph) => {
                let end = parsed[i..]
                    .iter()
                    .position(|e| matches!(e, Event::End(TagEnd::Paragraph)))
                    .map_or(parsed.len(), |offset| i + offset);
                let inner = &parsed[i + 1..end.min(parsed.len())];
                match block_html(inner, sizes) {
                    Some(html) => {
                        events.push(Event::Html(CowStr::from(html)));
                        i = end + 1;
                        continue;
                    }
                    None => events.push(parsed[i].clone()),
                }
            }
            Event::Start(Tag::Table(_)) => {
                events.push(Event::Html(CowStr::Borrowed(
                    "<div class=\"table-scroll\">",
                )));
                events.push(parsed[i].clone());
            }
            Event::End(TagEnd::Table) => {
                events.push(parsed[i].clone());
                events.push(Event::Html(CowStr::Borrowed("</div>\n")));
            }
            other => events.push(other.clone()),
        }
        i += 1;
    }
    let mut unsafe_html = String::with_capacity(source.len() * 3 / 2);
    html::push_html(&mut unsafe_html, events.into_iter());
    let html = sanitizer().clean(&unsafe_html).to_string();
    // Table cells' alignment as classes: the page's CSP allows no inline
    // styles. The sanitiser kept `text-align` alone, in exactly this form.
    ["left", "center", "right"].iter().fold(html, |html, side| {
        html.replace(
            &format!(" style=\"text-align:{side}\""),
            &format!(" class=\"align-{side}\""),
        )
    })
}

/// The editor's source as plain text, one line per block (paragraph,
/// heading, quote, list item): what search indexes and quotes from.
pub fn plain_text(source: &str) -> String {
    let mut text = String::with_capacity(source.len());
    for event in Parser::new_ext(source, OPTIONS) {
        match event {
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                text.push_str(&t)
            }
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            Event::End(TagEnd::TableCell) => text.push(' '),
            Event::End(TagEnd::TableRow | TagEnd::TableHead) => {
                text.truncate(text.trim_end().len());
                text.push('\n');
            }
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
    use super::{media_ids, plain_text, render, render_with, ImageSizes};

    #[test]
    fn a_lone_image_is_a_figure_with_caption_credit_and_fixed_size() {
        let sizes: ImageSizes = [(12, (1600, 900))].into();
        let html = render_with(
            "![Здание акимата](/media/12 \"Акимат утром | Фото: Әлия Сейітова\")",
            &sizes,
        );
        assert!(html.starts_with("<figure class=\"figure\">"), "{html}");
        assert!(
            html.contains(r#"<source type="image/webp" srcset="/media/12/480.webp 480w, /media/12/800.webp 800w, /media/12/1200.webp 1200w, /media/12/1600.webp 1600w""#),
            "{html}"
        );
        assert!(
            html.contains(r#"<img src="/media/12/800.jpg" srcset="/media/12/480.jpg 480w, "#),
            "{html}"
        );
        assert!(
            html.contains(
                r#"alt="Здание акимата" width="1600" height="900" loading="lazy" decoding="async">"#
            ),
            "{html}"
        );
        assert!(
            html.contains("<figcaption>Акимат утром <span class=\"figure__credit\">Фото: Әлия Сейітова</span></figcaption>"),
            "{html}"
        );
        assert!(!html.contains("<p>"), "{html}");
    }

    #[test]
    fn images_in_one_paragraph_are_a_gallery_and_inline_images_stay_inline() {
        let html = render("![Один](/media/1 \"Первый\")\n![Два](/media/2)");
        assert!(
            html.starts_with("<figure class=\"gallery\"><figure class=\"figure\">"),
            "{html}"
        );
        assert_eq!(html.matches("<img").count(), 2, "{html}");
        assert!(
            !html.contains("width="),
            "unknown sizes are left out: {html}"
        );
        let inline = render("Текст и ![значок](/media/3) в строке");
        assert!(inline.starts_with("<p>Текст и <img"), "{inline}");
        assert_eq!(
            media_ids("![a](/media/3) ![b](/media/3) ![c](/x.png)"),
            vec![3]
        );
    }

    #[test]
    fn captions_cannot_smuggle_markup() {
        let html = render(
            "![x\"><script>](/media/1 \"<b onclick=alert(1)>| \\\"><img src=x onerror=1>\")",
        );
        for tag in tags(&html) {
            let name = tag
                .trim_start_matches('/')
                .split_whitespace()
                .next()
                .unwrap_or("");
            assert!(
                ["figure", "img", "figcaption", "span"].contains(&name),
                "{html}"
            );
            assert!(!tag.contains(" on"), "{html}");
        }
    }

    #[test]
    fn the_forms_figure_line_reads_back_as_typed() {
        use crate::domain::articles::figure_line;
        let line = figure_line(
            "/media/5",
            "Аким [справа]\nи гости",
            "Встреча \"в акимате\" | утром",
            "Фото: Әлия \\ Reuters",
        );
        let html = render(&line);
        assert!(
            html.contains(r#"alt="Аким [справа] и гости""#),
            "{line} → {html}"
        );
        assert!(
            html.contains("<figcaption>Встреча \"в акимате\" / утром <span class=\"figure__credit\">Фото: Әлия \\ Reuters</span></figcaption>"),
            "{line} → {html}"
        );
        assert_eq!(figure_line("/media/5", "Вид", "", ""), "![Вид](/media/5)");
    }

    #[test]
    fn tables_scroll_and_keep_their_alignment() {
        let html = render("| Округ | Явка |\n|:--|--:|\n| Алматы | 54% |");
        assert!(
            html.starts_with("<div class=\"table-scroll\"><table>"),
            "{html}"
        );
        assert!(
            html.contains("<td class=\"align-right\">54%</td>"),
            "{html}"
        );
        assert!(!html.contains("style="), "no inline styles (CSP): {html}");
        assert_eq!(
            plain_text("| Округ | Явка |\n|--|--|\n| Алматы | 54% |"),
            "Округ Явка\nАлматы 54%"
        );
    }

    #[test]
    fn embed_lines_become_embeds_and_addresses_in_text_stay_links() {
        let html =
            render("До.\n\nhttps://youtu.be/dQw4w9WgXcQ\n\n<https://t.me/tengrinews/12>\n\nПосле.");
        assert!(
            html.contains(r#"data-embed="youtube" data-video="dQw4w9WgXcQ""#),
            "{html}"
        );
        assert!(
            html.contains(r#"data-embed="telegram" data-post="tengrinews/12""#),
            "{html}"
        );
        assert!(
            html.contains(r#"<figure class="embed embed--video">"#),
            "{html}"
        );
        let text = render("Смотрите https://youtu.be/dQw4w9WgXcQ сегодня");
        assert!(!text.contains("data-embed"), "{text}");
        let other = render("https://example.kz/news/1");
        assert_eq!(other.trim(), "<p>https://example.kz/news/1</p>");
    }

    #[test]
    fn typed_classes_and_data_attributes_are_dropped() {
        let html = render("<a class=\"embed__facade\" data-embed=\"youtube\" href=\"x\">x</a>");
        assert!(!html.contains("<a"), "{html}");
    }

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
