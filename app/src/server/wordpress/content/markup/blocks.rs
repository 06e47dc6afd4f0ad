//! The walker's block half: block after block of prepared HTML into the
//! editors' markup (paragraphs, headings, figures and galleries, embeds).

use super::{
    attribute, collapse_whitespace, escape_block_start, escape_text, has_class, tidy_breaks,
    unescape_markup, wrap, SelectOne, Writer, CONTAINERS, DROPPED,
};
use crate::domain::articles::figure_line;
use crate::server::markup::embeds;
use scraper::node::Node;
use scraper::ElementRef;

impl Writer<'_> {
    pub(super) fn drop_named(&mut self, what: impl Into<String>) {
        self.converted.dropped.insert(what.into());
    }

    pub(super) fn push_block(&mut self, block: String) {
        let block = block.trim_end().to_string();
        if block.trim().is_empty() {
            return;
        }
        self.blocks.push(block);
    }

    pub(super) fn push_paragraph(&mut self, text: String) {
        let text = tidy_breaks(&text);
        if text.is_empty() {
            return;
        }
        if self.converted.first_paragraph.is_empty() {
            self.converted.first_paragraph = unescape_markup(&text);
        }
        self.push_block(escape_block_start(text));
    }

    /// The block content of `parent`: inline runs between blocks become
    /// paragraphs.
    pub(in crate::server::wordpress::content) fn blocks_of(&mut self, parent: ElementRef<'_>) {
        let mut run = String::new();
        for child in parent.children() {
            match child.value() {
                Node::Text(text) => run.push_str(&escape_text(&collapse_whitespace(text))),
                Node::Element(_) => {
                    let Some(element) = ElementRef::wrap(child) else {
                        continue;
                    };
                    if self.is_block(element) {
                        self.push_paragraph(std::mem::take(&mut run));
                        self.block(element);
                    } else {
                        run.push_str(&self.inline(element));
                    }
                }
                _ => {}
            }
        }
        self.push_paragraph(run);
    }

    pub(super) fn is_block(&self, element: ElementRef<'_>) -> bool {
        let name = element.value().name();
        matches!(
            name,
            "p" | "h1"
                | "h2"
                | "h3"
                | "h4"
                | "h5"
                | "h6"
                | "blockquote"
                | "ul"
                | "ol"
                | "figure"
                | "table"
                | "pre"
                | "hr"
                | "dl"
                | "address"
                | "iframe"
        ) || DROPPED.contains(&name)
            || (CONTAINERS.contains(&name) && name != "span")
    }

    pub(super) fn block(&mut self, element: ElementRef<'_>) {
        let name = element.value().name();
        match name {
            "p" | "address" => self.paragraph(element),
            "h1" | "h2" => {
                let text = self.inline_children(element);
                if !text.trim().is_empty() {
                    self.push_block(format!("## {}", text.trim()));
                }
            }
            "h3" | "h4" | "h5" | "h6" => {
                let text = self.inline_children(element);
                if !text.trim().is_empty() {
                    self.push_block(format!("### {}", text.trim()));
                }
            }
            "blockquote" => self.quote(element),
            "ul" | "ol" => {
                let list = self.list(element, 0);
                self.push_block(list);
            }
            "figure" => self.figure(element),
            "table" => {
                let table = self.table(element);
                self.push_block(table);
            }
            "pre" => {
                let text: String = element.text().collect();
                if has_class(element, "wp-block-verse") {
                    let lines: Vec<String> = text
                        .lines()
                        .map(|l| escape_text(l.trim()))
                        .filter(|l| !l.is_empty())
                        .collect();
                    self.push_paragraph(lines.join("\\\n"));
                } else if !text.trim().is_empty() {
                    let fence = if text.contains("```") { "~~~~" } else { "```" };
                    self.push_block(format!("{fence}\n{}\n{fence}", text.trim_end()));
                }
            }
            "hr" => self.push_block("---".into()),
            "dl" => {
                for child in element.children().filter_map(ElementRef::wrap) {
                    let text = self.inline_children(child);
                    match child.value().name() {
                        "dt" => self.push_paragraph(wrap(&text, "**")),
                        _ => self.push_paragraph(text),
                    }
                }
            }
            "iframe" => self.frame(element),
            _ if DROPPED.contains(&name) => self.drop_named(format!("<{name}>")),
            _ => {
                if has_class(element, "wp-block-embed__wrapper") {
                    let url: String = element.text().collect();
                    self.embed(url.trim());
                } else {
                    self.blocks_of(element);
                }
            }
        }
    }

    /// A frame: a player we embed ourselves, or dropped.
    pub(super) fn frame(&mut self, element: ElementRef<'_>) {
        let src = attribute(element, "src");
        let src = if src.starts_with("//") {
            format!("https:{src}")
        } else {
            src.to_string()
        };
        if embeds::recognise(&src).is_some() {
            self.embed(&src);
        } else {
            let host = crate::server::redirects::host_of(&src);
            self.drop_named(format!("<iframe> ({host})"));
        }
    }

    /// An embed line: the address alone in its paragraph (our markup
    /// makes a player of the sites it knows, a link of the rest).
    pub(super) fn embed(&mut self, url: &str) {
        if url.starts_with("https://") || url.starts_with("http://") {
            self.push_block(format!("<{}>", url.replace(['<', '>', ' '], "")));
        } else if !url.is_empty() {
            self.drop_named("встраивание без адреса");
        }
    }

    pub(super) fn paragraph(&mut self, element: ElementRef<'_>) {
        // A paragraph that is only a known player's address: an embed.
        let text: String = element.text().collect();
        let lone = text.trim();
        let only_link = element
            .children()
            .filter(|c| !matches!(c.value(), Node::Text(t) if t.trim().is_empty()))
            .all(|c| match c.value() {
                Node::Text(_) => true,
                Node::Element(e) => e.name() == "a" && e.attr("href").map(str::trim) == Some(lone),
                _ => false,
            });
        if only_link
            && !lone.contains(char::is_whitespace)
            && (lone.starts_with("https://") || lone.starts_with("http://"))
            && embeds::recognise(lone).is_some()
        {
            self.embed(lone);
            return;
        }
        // A paragraph of images only (linked or not): a figure or gallery.
        let images = self.images_in(element);
        let has_text = !text.trim().is_empty();
        if !images.is_empty() && !has_text {
            self.figures(images);
            return;
        }
        let inline = self.inline_children(element);
        self.push_paragraph(inline);
    }

    /// The images inside `element`, with the captions their figures have.
    pub(super) fn images_in(&self, element: ElementRef<'_>) -> Vec<(String, String, String)> {
        let mut found = Vec::new();
        for node in element.descendants() {
            let Some(image) = ElementRef::wrap(node) else {
                continue;
            };
            if image.value().name() != "img" {
                continue;
            }
            let caption = image
                .ancestors()
                .filter_map(ElementRef::wrap)
                .find(|a| a.value().name() == "figure")
                .and_then(|figure| {
                    figure
                        .children()
                        .filter_map(ElementRef::wrap)
                        .find(|c| c.value().name() == "figcaption")
                })
                .map(|c| {
                    collapse_whitespace(&c.text().collect::<String>())
                        .trim()
                        .to_string()
                })
                .unwrap_or_default();
            found.push((
                attribute(image, "src").to_string(),
                attribute(image, "alt").to_string(),
                caption,
            ));
        }
        found
    }

    /// Figure lines for images: one is a figure, several a gallery.
    pub(super) fn figures(&mut self, images: Vec<(String, String, String)>) {
        let mut lines = Vec::new();
        for (src, alt, caption) in images {
            match self.context.image(&src) {
                Some((url, attachment_alt)) => {
                    let alt = [alt.as_str(), attachment_alt.as_str(), caption.as_str()]
                        .into_iter()
                        .find(|a| !a.trim().is_empty())
                        .unwrap_or("");
                    lines.push(figure_line(&url, alt, &caption, ""));
                }
                None => {
                    self.converted.missing_images.insert(src);
                }
            }
        }
        self.push_block(lines.join("\n"));
    }

    pub(super) fn figure(&mut self, figure: ElementRef<'_>) {
        if has_class(figure, "wp-block-embed")
            || (has_class(figure, "wp-block-video") && figure.select_one("iframe").is_some())
        {
            let wrapper: String = figure
                .children()
                .filter_map(ElementRef::wrap)
                .filter(|c| c.value().name() == "div")
                .map(|c| c.text().collect::<String>())
                .collect();
            let url = wrapper.trim();
            if !url.is_empty() {
                self.embed(url);
            } else if let Some(frame) = figure.select_one("iframe") {
                self.frame(frame);
            }
            return;
        }
        if let Some(table) = figure
            .descendants()
            .filter_map(ElementRef::wrap)
            .find(|e| e.value().name() == "table")
        {
            let table = self.table(table);
            self.push_block(table);
            if let Some(caption) = figure
                .children()
                .filter_map(ElementRef::wrap)
                .find(|c| c.value().name() == "figcaption")
            {
                let text = self.inline_children(caption);
                if !text.trim().is_empty() {
                    self.push_paragraph(wrap(&text, "*"));
                }
            }
            return;
        }
        let media = figure
            .descendants()
            .filter_map(ElementRef::wrap)
            .find(|e| matches!(e.value().name(), "video" | "audio"));
        if let Some(media) = media {
            self.drop_named(match media.value().name() {
                "video" => "видеофайл",
                _ => "аудиофайл",
            });
            return;
        }
        if has_class(figure, "wp-block-pullquote") {
            self.blocks_of(figure);
            return;
        }
        let images = self.images_in(figure);
        if !images.is_empty() {
            self.figures(images);
            return;
        }
        self.blocks_of(figure);
    }
}
