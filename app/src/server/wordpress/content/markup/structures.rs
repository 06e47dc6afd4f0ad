//! The walker's nested blocks: quotes, lists and tables, each written from
//! its own inner walk.

use super::super::Converted;
use super::{
    attribute, collapse_whitespace, escape_block_start, escape_text, tidy_breaks, unescape_markup,
    Writer,
};
use scraper::node::Node;
use scraper::ElementRef;

impl Writer<'_> {
    pub(super) fn quote(&mut self, quote: ElementRef<'_>) {
        let mut inner = Writer {
            context: self.context,
            blocks: Vec::new(),
            converted: Converted::default(),
        };
        let mut cite = String::new();
        for child in quote.children() {
            match ElementRef::wrap(child) {
                Some(element) if element.value().name() == "cite" => {
                    cite = inner.inline_children(element);
                }
                Some(element) if inner.is_block(element) => inner.block(element),
                Some(element) => {
                    let text = inner.inline(element);
                    inner.push_paragraph(text);
                }
                None => {
                    if let Node::Text(text) = child.value() {
                        inner.push_paragraph(escape_text(&collapse_whitespace(text)));
                    }
                }
            }
        }
        if !cite.trim().is_empty() {
            inner.blocks.push(format!("— {}", cite.trim()));
        }
        self.converted.dropped.extend(inner.converted.dropped);
        self.converted
            .missing_images
            .extend(inner.converted.missing_images);
        let text = inner.blocks.join("\n\n");
        if text.trim().is_empty() {
            return;
        }
        if self.converted.first_paragraph.is_empty() {
            self.converted.first_paragraph = unescape_markup(&inner.converted.first_paragraph);
        }
        let quoted: Vec<String> = text
            .lines()
            .map(|line| {
                if line.is_empty() {
                    ">".to_string()
                } else {
                    format!("> {line}")
                }
            })
            .collect();
        self.push_block(quoted.join("\n"));
    }

    pub(super) fn list(&mut self, list: ElementRef<'_>, depth: usize) -> String {
        let ordered = list.value().name() == "ol";
        let indent = "   ".repeat(depth);
        let mut lines = Vec::new();
        let mut number = attribute(list, "start").parse::<u32>().unwrap_or(1);
        for item in list.children().filter_map(ElementRef::wrap) {
            if item.value().name() != "li" {
                continue;
            }
            let mut text = String::new();
            let mut nested = Vec::new();
            for child in item.children() {
                match ElementRef::wrap(child) {
                    Some(sub) if matches!(sub.value().name(), "ul" | "ol") => {
                        nested.push(self.list(sub, depth + 1));
                    }
                    Some(sub) if sub.value().name() == "p" => {
                        if !text.trim().is_empty() {
                            text.push(' ');
                        }
                        text.push_str(&self.inline_children(sub));
                    }
                    Some(sub) => text.push_str(&self.inline(sub)),
                    None => {
                        if let Node::Text(t) = child.value() {
                            text.push_str(&escape_text(&collapse_whitespace(t)));
                        }
                    }
                }
            }
            let marker = if ordered {
                let marker = format!("{number}. ");
                number += 1;
                marker
            } else {
                "- ".to_string()
            };
            let text = collapse_whitespace(&tidy_breaks(&text).replace("\\\n", " "));
            lines.push(format!("{indent}{marker}{}", escape_block_start(text)));
            lines.extend(nested);
        }
        lines.join("\n")
    }

    pub(super) fn table(&mut self, table: ElementRef<'_>) -> String {
        let mut rows: Vec<Vec<String>> = Vec::new();
        for row in table
            .descendants()
            .filter_map(ElementRef::wrap)
            .filter(|e| e.value().name() == "tr")
        {
            let cells: Vec<String> = row
                .children()
                .filter_map(ElementRef::wrap)
                .filter(|c| matches!(c.value().name(), "td" | "th"))
                .map(|cell| {
                    collapse_whitespace(&self.inline_children(cell).replace("\\\n", " "))
                        .trim()
                        .to_string()
                })
                .collect();
            if !cells.is_empty() {
                rows.push(cells);
            }
        }
        let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
        if columns == 0 {
            return String::new();
        }
        let line = |cells: &[String]| {
            let mut padded: Vec<String> = cells.to_vec();
            padded.resize(columns, String::new());
            format!("| {} |", padded.join(" | "))
        };
        let mut out = vec![line(&rows[0]), format!("|{}", "---|".repeat(columns))];
        out.extend(rows[1..].iter().map(|r| line(r)));
        out.join("\n")
    }
}
