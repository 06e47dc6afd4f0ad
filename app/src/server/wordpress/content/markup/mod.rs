//! Prepared HTML walked as a browser parsed it, block by block, into the
//! editors' markup; what the markup cannot hold is named, never kept.
//!
//! One walker (`Writer`) in three files whose methods call each other:
//! `blocks` (block after block), `structures` (quotes, lists, tables) and
//! `inline` (text inside a block); the escaping they share is here.

mod blocks;
mod inline;
mod structures;

use super::{Context, Converted};
use scraper::node::Node;
use scraper::{ElementRef, Html};

/// Elements whose content is not text for readers: dropped, named.
const DROPPED: [&str; 20] = [
    "script", "style", "noscript", "template", "object", "embed", "applet", "form", "input",
    "button", "select", "textarea", "svg", "math", "canvas", "video", "audio", "map", "frameset",
    "link",
];

/// Block containers whose content counts and whose box does not.
const CONTAINERS: [&str; 12] = [
    "div", "section", "article", "main", "header", "footer", "aside", "nav", "center", "body",
    "html", "span",
];

pub(super) struct Writer<'a> {
    pub(super) context: &'a dyn Context,
    pub(super) blocks: Vec<String>,
    pub(super) converted: Converted,
}

fn attribute<'e>(element: ElementRef<'e>, name: &str) -> &'e str {
    element.value().attr(name).unwrap_or("").trim()
}

fn has_class(element: ElementRef<'_>, class: &str) -> bool {
    element.value().classes().any(|c| c == class)
}

/// Whitespace runs as one space, as HTML shows text.
fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() && c != '\u{a0}' {
            space = true;
        } else {
            if space {
                out.push(' ');
            }
            space = false;
            out.push(c);
        }
    }
    if space {
        out.push(' ');
    }
    out
}

/// Text escaped so that the markup shows it as written.
pub fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '~' | '|' => {
                out.push('\\');
                out.push(c);
            }
            '&' => {
                // Only where it would read as an entity ("&amp;", "&#39;").
                let rest: String = chars[i + 1..].iter().take(32).collect();
                let entity = rest.find(';').is_some_and(|end| {
                    end > 0
                        && rest[..end]
                            .chars()
                            .all(|c| c.is_ascii_alphanumeric() || c == '#')
                });
                if entity {
                    out.push('\\');
                }
                out.push('&');
            }
            c => out.push(c),
        }
    }
    out
}

/// A block's first characters escaped where Markdown would read them as
/// a heading, a quote, a list item or a rule.
fn escape_block_start(block: String) -> String {
    let trimmed = block.trim_start();
    let needs = trimmed.starts_with(['#', '-', '+', '=']) || {
        let digits = trimmed.chars().take_while(char::is_ascii_digit).count();
        digits > 0 && trimmed[digits..].starts_with(['.', ')'])
    };
    if !needs {
        return block;
    }
    let digits = trimmed.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 {
        format!("{}\\{}", &trimmed[..digits], &trimmed[digits..])
    } else {
        format!("\\{trimmed}")
    }
}

/// `**x**` with the spaces the HTML had moved outside the markers (which
/// do not work next to a space).
fn wrap(text: &str, marker: &str) -> String {
    let inner = text.trim();
    if inner.is_empty() {
        return text.to_string();
    }
    let lead = if text.starts_with(' ') { " " } else { "" };
    let tail = if text.ends_with(' ') { " " } else { "" };
    format!("{lead}{marker}{inner}{marker}{tail}")
}

/// A paragraph's hard breaks (`\` at a line's end) without the space
/// HTML had after them, and none at its ends (where Markdown would show
/// the backslash).
fn tidy_breaks(text: &str) -> String {
    let mut text = text.replace("\\\n ", "\\\n");
    loop {
        let trimmed = text.trim();
        if let Some(rest) = trimmed
            .strip_suffix("\\\n")
            .or_else(|| trimmed.strip_suffix('\\').filter(|r| !r.ends_with('\\')))
        {
            text = rest.to_string();
        } else if let Some(rest) = trimmed.strip_prefix("\\\n") {
            text = rest.to_string();
        } else {
            return trimmed.to_string();
        }
    }
}

/// Plain text of converted inline markup (for the lead): escapes and
/// markers removed.
fn unescape_markup(markup: &str) -> String {
    let plain = crate::server::markup::plain_text(markup);
    collapse_whitespace(&plain).trim().to_string()
}

/// Plain text of an HTML snippet (a title, an excerpt): entities decoded,
/// tags dropped, blocks a space apart, whitespace collapsed.
pub fn plain_text_of_html(html: &str) -> String {
    let document = Html::parse_fragment(html);
    let mut text = String::new();
    for node in document.root_element().descendants() {
        match node.value() {
            Node::Text(t) => text.push_str(t),
            Node::Element(e)
                if matches!(
                    e.name(),
                    "p" | "br"
                        | "div"
                        | "li"
                        | "h1"
                        | "h2"
                        | "h3"
                        | "h4"
                        | "h5"
                        | "h6"
                        | "blockquote"
                        | "tr"
                        | "td"
                        | "th"
                        | "figcaption"
                ) =>
            {
                text.push(' ')
            }
            _ => {}
        }
    }
    collapse_whitespace(&text).trim().to_string()
}

trait SelectOne<'a> {
    fn select_one(&self, name: &str) -> Option<ElementRef<'a>>;
}

impl<'a> SelectOne<'a> for ElementRef<'a> {
    fn select_one(&self, name: &str) -> Option<ElementRef<'a>> {
        self.descendants()
            .filter_map(ElementRef::wrap)
            .find(|e| e.value().name() == name)
    }
}
