//! Shortcodes and classic paragraphs: the HTML WordPress would show for
//! `[caption]`, `[gallery]`, `[embed]` and the rest, and `wpautop`'s
//! paragraphs at blank lines.

use super::{Attachment, Context};
use scraper::node::Node;
use scraper::{ElementRef, Html};
use std::collections::BTreeSet;

/// Shortcodes WordPress core and the common plugins register: these are
/// taken apart; any other `[word]` is ordinary text.
const SHORTCODES: [&str; 14] = [
    "caption",
    "wp_caption",
    "gallery",
    "embed",
    "audio",
    "video",
    "playlist",
    "youtube",
    "vimeo",
    "tweet",
    "instagram",
    "soundcloud",
    "contact-form-7",
    "contact-form",
];
/// Page builders' shortcode families (WPBakery, Divi, Shortcodes Ultimate,
/// Avada): their markers go, their content stays.
const SHORTCODE_PREFIXES: [&str; 4] = ["vc_", "et_pb_", "su_", "fusion_"];

/// A shortcode found in text: its name, attributes, enclosed content and
/// where it ends.
struct Shortcode {
    name: String,
    attributes: Vec<(String, String)>,
    inner: Option<String>,
    end: usize,
}

impl Shortcode {
    fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

fn is_shortcode_name(name: &str) -> bool {
    SHORTCODES.contains(&name) || SHORTCODE_PREFIXES.iter().any(|p| name.starts_with(p))
}

/// Parses the shortcode that starts at `text[start]` (a `[`), if it is one
/// of the known ones.
fn shortcode_at(text: &str, start: usize) -> Option<Shortcode> {
    let rest = &text[start + 1..];
    let name_len = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
        .unwrap_or(rest.len());
    let name = &rest[..name_len];
    if !is_shortcode_name(name) {
        return None;
    }
    let after_name = &rest[name_len..];
    if !(after_name.starts_with(']') || after_name.starts_with(' ') || after_name.starts_with('/'))
    {
        return None;
    }
    let close = after_name.find(']')?;
    let attributes = parse_attributes(after_name[..close].trim_end_matches('/'));
    let open_end = start + 1 + name_len + close + 1;
    let closing = format!("[/{name}]");
    let self_closing = after_name[..close].trim_end().ends_with('/');
    let (inner, end) = match text[open_end..].find(&closing) {
        Some(at) if !self_closing => (
            Some(text[open_end..open_end + at].to_string()),
            open_end + at + closing.len(),
        ),
        _ => (None, open_end),
    };
    Some(Shortcode {
        name: name.to_string(),
        attributes,
        inner,
        end,
    })
}

/// `key="value" key='value' key=value bare` → pairs (a bare word is
/// stored under the key "" — `[embed]`'s and `[youtube]`'s URL).
fn parse_attributes(text: &str) -> Vec<(String, String)> {
    let mut pairs = Vec::new();
    let mut rest = text.trim();
    while !rest.is_empty() {
        let key_len = rest
            .find(|c: char| c == '=' || c.is_whitespace())
            .unwrap_or(rest.len());
        let key = rest[..key_len].to_string();
        rest = rest[key_len..].trim_start();
        if let Some(after) = rest.strip_prefix('=') {
            let after = after.trim_start();
            let (value, remaining) = match after.chars().next() {
                Some(quote @ ('"' | '\'')) => {
                    let body = &after[1..];
                    let end = body.find(quote).unwrap_or(body.len());
                    (&body[..end], body.get(end + 1..).unwrap_or(""))
                }
                _ => {
                    let end = after.find(char::is_whitespace).unwrap_or(after.len());
                    (&after[..end], &after[end..])
                }
            };
            pairs.push((key.to_lowercase(), value.to_string()));
            rest = remaining.trim_start();
        } else {
            pairs.push((String::new(), key));
        }
    }
    pairs
}

fn escape_attribute(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
}

fn gallery_html(attachments: &[&Attachment]) -> String {
    let figures: String = attachments
        .iter()
        .map(|a| {
            let caption = if a.caption.trim().is_empty() {
                String::new()
            } else {
                format!("<figcaption>{}</figcaption>", escape_attribute(&a.caption))
            };
            format!(
                "<figure><img src=\"{}\" alt=\"{}\">{caption}</figure>",
                escape_attribute(&a.url),
                escape_attribute(&a.alt)
            )
        })
        .collect();
    format!("\n\n<figure class=\"wp-block-gallery\">{figures}</figure>\n\n")
}

/// Replaces known shortcodes by the HTML WordPress would show.
pub(super) fn expand(
    text: &str,
    post_id: i64,
    context: &dyn Context,
    dropped: &mut BTreeSet<String>,
) -> String {
    let mut out = String::with_capacity(text.len());
    let mut position = 0;
    while let Some(offset) = text[position..].find('[') {
        let start = position + offset;
        out.push_str(&text[position..start]);
        let Some(code) = shortcode_at(text, start) else {
            out.push('[');
            position = start + 1;
            continue;
        };
        position = code.end;
        let inner = code
            .inner
            .as_deref()
            .map(|inner| expand(inner, post_id, context, dropped))
            .unwrap_or_default();
        match code.name.as_str() {
            "caption" | "wp_caption" => {
                // The caption is the text after the image (or an attribute).
                let document = Html::parse_fragment(&inner);
                let caption_text = match code.attribute("caption") {
                    Some(caption) => caption.to_string(),
                    None => document
                        .root_element()
                        .children()
                        .filter_map(|child| match child.value() {
                            Node::Text(text) => Some(text.to_string()),
                            Node::Element(e) if !matches!(e.name(), "img" | "a") => {
                                ElementRef::wrap(child).map(|e| e.text().collect::<String>())
                            }
                            _ => None,
                        })
                        .collect::<String>(),
                };
                let image = first_image_html(&inner);
                out.push_str(&format!(
                    "\n\n<figure>{image}<figcaption>{}</figcaption></figure>\n\n",
                    escape_attribute(caption_text.trim())
                ));
            }
            "gallery" => {
                let attachments: Vec<&Attachment> = match code.attribute("ids") {
                    Some(ids) => ids
                        .split(',')
                        .filter_map(|id| id.trim().parse().ok())
                        .filter_map(|id| context.attachment(id))
                        .collect(),
                    None => context.attachments_of(post_id),
                };
                if attachments.is_empty() {
                    dropped.insert("[gallery] без изображений".into());
                } else {
                    out.push_str(&gallery_html(&attachments));
                }
            }
            "embed" | "youtube" | "vimeo" | "tweet" | "instagram" => {
                let url = code
                    .attribute("")
                    .or(code.attribute("url"))
                    .map(str::to_string)
                    .unwrap_or_else(|| inner.trim().to_string());
                out.push_str(&format!("\n\n<p>{}</p>\n\n", escape_attribute(url.trim())));
            }
            "audio" | "video" | "playlist" => {
                dropped.insert(format!("[{}] (медиафайл)", code.name));
            }
            "soundcloud" | "contact-form-7" | "contact-form" => {
                dropped.insert(format!("[{}]", code.name));
            }
            _ => {
                // A page builder's layout shortcode: its content stays.
                dropped.insert(format!("[{}] (оформление конструктора)", code.name));
                out.push_str(&inner);
            }
        }
    }
    out.push_str(&text[position..]);
    out
}

/// The first `<img …>` tag of an HTML snippet, as written.
fn first_image_html(html: &str) -> String {
    let lower = html.to_ascii_lowercase();
    let Some(start) = lower.find("<img") else {
        return String::new();
    };
    let end = lower[start..]
        .find('>')
        .map_or(html.len(), |e| start + e + 1);
    html[start..end].to_string()
}

/// Tags that start a block: a chunk that begins with one is not wrapped in
/// a paragraph.
const BLOCK_TAGS: [&str; 22] = [
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "blockquote",
    "table",
    "figure",
    "pre",
    "hr",
    "dl",
    "address",
    "section",
    "iframe",
    "script",
    "style",
];

fn starts_with_block_tag(chunk: &str) -> bool {
    let Some(rest) = chunk.strip_prefix('<') else {
        return false;
    };
    let rest = rest.strip_prefix('/').unwrap_or(rest);
    let name: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    BLOCK_TAGS.contains(&name.as_str())
}

/// WordPress's `wpautop`, as far as our markup needs it: blank lines
/// part paragraphs, and a single line break inside one is a `<br>`.
pub(super) fn autop(text: &str) -> String {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut chunk = String::new();
    let flush = |chunk: &mut String, out: &mut String| {
        let trimmed = chunk.trim();
        if !trimmed.is_empty() {
            if starts_with_block_tag(trimmed) {
                out.push_str(trimmed);
            } else {
                out.push_str("<p>");
                out.push_str(&trimmed.replace('\n', "<br>\n"));
                out.push_str("</p>");
            }
            out.push('\n');
        }
        chunk.clear();
    };
    for line in text.split('\n') {
        if line.trim().is_empty() {
            flush(&mut chunk, &mut out);
        } else {
            chunk.push_str(line);
            chunk.push('\n');
        }
    }
    flush(&mut chunk, &mut out);
    out
}
