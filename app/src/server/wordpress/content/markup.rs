//! Prepared HTML walked as a browser parsed it, block by block, into the
//! editors' markup; what the markup cannot hold is named, never kept.
//!
//! Longer than most files on purpose: one walker, whose block and inline
//! halves call each other, with the text escaping they share.

use super::{Context, Converted};
use crate::domain::articles::figure_line;
use crate::server::markup::embeds;
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

impl Writer<'_> {
    fn drop_named(&mut self, what: impl Into<String>) {
        self.converted.dropped.insert(what.into());
    }

    fn push_block(&mut self, block: String) {
        let block = block.trim_end().to_string();
        if block.trim().is_empty() {
            return;
        }
        self.blocks.push(block);
    }

    fn push_paragraph(&mut self, text: String) {
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
    pub(super) fn blocks_of(&mut self, parent: ElementRef<'_>) {
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

    fn is_block(&self, element: ElementRef<'_>) -> bool {
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

    fn block(&mut self, element: ElementRef<'_>) {
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
    fn frame(&mut self, element: ElementRef<'_>) {
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
    fn embed(&mut self, url: &str) {
        if url.starts_with("https://") || url.starts_with("http://") {
            self.push_block(format!("<{}>", url.replace(['<', '>', ' '], "")));
        } else if !url.is_empty() {
            self.drop_named("встраивание без адреса");
        }
    }

    fn paragraph(&mut self, element: ElementRef<'_>) {
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
    fn images_in(&self, element: ElementRef<'_>) -> Vec<(String, String, String)> {
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
    fn figures(&mut self, images: Vec<(String, String, String)>) {
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

    fn figure(&mut self, figure: ElementRef<'_>) {
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

    fn quote(&mut self, quote: ElementRef<'_>) {
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

    fn list(&mut self, list: ElementRef<'_>, depth: usize) -> String {
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

    fn table(&mut self, table: ElementRef<'_>) -> String {
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

    fn inline_children(&mut self, element: ElementRef<'_>) -> String {
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

    fn inline(&mut self, element: ElementRef<'_>) -> String {
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
