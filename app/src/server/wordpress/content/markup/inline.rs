//! The walker's inline half: text, emphasis, links and line breaks.

use super::{attribute, collapse_whitespace, escape_text, wrap, Writer, DROPPED};
use crate::domain::articles::figure_line;
use scraper::node::Node;
use scraper::ElementRef;

impl Writer<'_> {
    pub(super) fn inline_children(&mut self, element: ElementRef<'_>) -> String {
        let mut out = String::new();
        for child in element.children() {
            match child.value() {
                Node::Text(text) => out.push_str(&escape_text(&collapse_whitespace(text))),
                Node::Element(_) => {
                    if let Some(e) = ElementRef::wrap(child) {
                        out.push_str(&self.inline(e));
                    }
                }
                _ => {}
            }
        }
        out
    }

    pub(super) fn inline(&mut self, element: ElementRef<'_>) -> String {
        let name = element.value().name();
        match name {
            "strong" | "b" => wrap(&self.inline_children(element), "**"),
            "em" | "i" | "cite" | "dfn" | "var" => wrap(&self.inline_children(element), "*"),
            "del" | "s" | "strike" => wrap(&self.inline_children(element), "~~"),
            "code" | "kbd" | "samp" | "tt" => {
                let text: String = element.text().collect();
                if text.contains('`') {
                    format!("`` {} ``", text.trim())
                } else {
                    format!("`{}`", text.trim())
                }
            }
            "br" => "\\\n".to_string(),
            "img" => {
                let src = attribute(element, "src");
                match self.context.image(src) {
                    Some((url, attachment_alt)) => {
                        let alt = match attribute(element, "alt") {
                            "" => attachment_alt,
                            alt => alt.to_string(),
                        };
                        figure_line(&url, &alt, "", "")
                    }
                    None => {
                        if !src.is_empty() {
                            self.converted.missing_images.insert(src.to_string());
                        }
                        String::new()
                    }
                }
            }
            "a" => {
                let text = self.inline_children(element);
                let href = attribute(element, "href");
                let lower = href.to_ascii_lowercase();
                let target = if let Some(moved) = self.context.link(href) {
                    Some(moved)
                } else if lower.starts_with("https://")
                    || lower.starts_with("http://")
                    || lower.starts_with("mailto:")
                    || (href.starts_with('/') && !href.starts_with("//"))
                {
                    Some(href.to_string())
                } else {
                    if !href.is_empty() && !href.starts_with('#') {
                        self.drop_named("ссылка с недопустимой схемой");
                    }
                    None
                };
                match target {
                    Some(target) if !text.trim().is_empty() => {
                        let target = target
                            .replace(' ', "%20")
                            .replace('(', "%28")
                            .replace(')', "%29");
                        format!("[{text}]({target})")
                    }
                    _ => text,
                }
            }
            "iframe" => {
                self.drop_named("<iframe> внутри текста");
                String::new()
            }
            _ if DROPPED.contains(&name) => {
                self.drop_named(format!("<{name}>"));
                String::new()
            }
            // Block elements met inside text (a list in a table cell):
            // their text, a space apart.
            "p" | "div" | "li" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "blockquote" | "ul"
            | "ol" | "figure" | "figcaption" | "table" | "tr" | "td" | "th" | "pre" => {
                format!(" {} ", self.inline_children(element))
            }
            // sup, sub, span, abbr, small, mark, u, q, font…: their text.
            _ => self.inline_children(element),
        }
    }
}
