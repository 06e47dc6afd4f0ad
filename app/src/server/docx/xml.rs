//! WordprocessingML (the XML inside a `.docx`) as simple HTML.
//!
//! Over 500 lines only with its tests: one writer over one XML
//! vocabulary, kept whole so that each element's rule reads beside the
//! others.

use crate::domain::refusal::Refusal;
use roxmltree::{Document, Node};
use std::collections::HashMap;

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// What the document's other parts say about it.
pub(super) struct Parts {
    /// Relationship id → target (a link's address, an image's path).
    pub(super) relations: HashMap<String, String>,
    /// Style id → what the body makes of paragraphs in that style.
    pub(super) styles: HashMap<String, Block>,
    /// (numbering id, level) → whether the list is numbered.
    pub(super) numbering: HashMap<(String, u32), bool>,
    /// `word/footnotes.xml`, read when the body cites a footnote.
    pub(super) footnotes: String,
}

/// What a paragraph is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Block {
    Paragraph,
    /// H2 (a title, heading 1 and 2) or H3 (the rest).
    Heading(u8),
    Quote,
}

/// The body as HTML, and the images it names (zip paths).
pub(super) struct Written {
    pub(super) html: String,
    pub(super) images: Vec<String>,
}

fn parse(text: &str) -> Result<Document<'_>, Refusal> {
    // roxmltree refuses a DTD (no entity expansion, no "billion laughs").
    Document::parse(text).map_err(|_| Refusal::DocxNotDocx)
}

fn is_w(node: &Node<'_, '_>, name: &str) -> bool {
    node.is_element() && node.tag_name().name() == name && node.tag_name().namespace() == Some(W)
}

fn w_attr<'a>(node: &Node<'a, '_>, name: &str) -> Option<&'a str> {
    node.attribute((W, name))
}

fn child<'a, 'input>(node: &Node<'a, 'input>, name: &str) -> Option<Node<'a, 'input>> {
    node.children().find(|c| is_w(c, name))
}

/// A toggle property (`<w:b/>`, `<w:b w:val="0"/>`): on unless said off.
fn toggled(properties: Option<Node<'_, '_>>, name: &str) -> bool {
    properties
        .and_then(|p| child(&p, name))
        .is_some_and(|t| !matches!(w_attr(&t, "val"), Some("0" | "false" | "off")))
}

pub(super) fn relations(text: &str) -> Result<HashMap<String, String>, Refusal> {
    if text.is_empty() {
        return Ok(HashMap::new());
    }
    let document = parse(text)?;
    Ok(document
        .descendants()
        .filter(|n| n.tag_name().name() == "Relationship")
        .filter_map(|n| {
            let id = n.attribute("Id")?;
            let target = n.attribute("Target")?;
            // Inside the package, targets are relative to `word/`.
            let target = if n.attribute("TargetMode") == Some("External") {
                target.to_string()
            } else if let Some(absolute) = target.strip_prefix('/') {
                absolute.to_string()
            } else {
                format!("word/{target}")
            };
            Some((id.to_string(), target))
        })
        .collect())
}

/// What a style's name makes of a paragraph. Word writes localised style
/// ids ("Заголовок1") but English names ("heading 1"); LibreOffice writes
/// "Heading1"/"Title".
fn block_of_style(name: &str) -> Option<Block> {
    let name = name.to_lowercase();
    let level = name
        .strip_prefix("heading")
        .map(|rest| rest.trim().parse::<u8>().unwrap_or(1));
    match (name.as_str(), level) {
        ("title", _) => Some(Block::Heading(2)),
        ("subtitle", _) => Some(Block::Heading(3)),
        // The headline is the article's own: a document's top headings
        // are its subheadings.
        (_, Some(1)) => Some(Block::Heading(2)),
        (_, Some(_)) => Some(Block::Heading(3)),
        ("quote" | "intense quote" | "quotations" | "block text", _) => Some(Block::Quote),
        _ => None,
    }
}

pub(super) fn styles(text: &str) -> Result<HashMap<String, Block>, Refusal> {
    if text.is_empty() {
        return Ok(HashMap::new());
    }
    let document = parse(text)?;
    Ok(document
        .descendants()
        .filter(|n| is_w(n, "style"))
        .filter_map(|style| {
            let id = w_attr(&style, "styleId")?;
            let name = child(&style, "name").and_then(|n| w_attr(&n, "val"))?;
            Some((id.to_string(), block_of_style(name)?))
        })
        .collect())
}

pub(super) fn numbering(text: &str) -> Result<HashMap<(String, u32), bool>, Refusal> {
    if text.is_empty() {
        return Ok(HashMap::new());
    }
    let document = parse(text)?;
    let mut abstract_levels: HashMap<String, HashMap<u32, bool>> = HashMap::new();
    for list in document.descendants().filter(|n| is_w(n, "abstractNum")) {
        let Some(id) = w_attr(&list, "abstractNumId") else {
            continue;
        };
        let levels = list
            .children()
            .filter(|n| is_w(n, "lvl"))
            .filter_map(|level| {
                let ilvl = w_attr(&level, "ilvl")?.parse::<u32>().ok()?;
                let format = child(&level, "numFmt").and_then(|f| w_attr(&f, "val"));
                Some((ilvl, !matches!(format, Some("bullet" | "none") | None)))
            })
            .collect();
        abstract_levels.insert(id.to_string(), levels);
    }
    let mut out = HashMap::new();
    for num in document.descendants().filter(|n| is_w(n, "num")) {
        let (Some(id), Some(abstract_id)) = (
            w_attr(&num, "numId"),
            child(&num, "abstractNumId").and_then(|a| w_attr(&a, "val")),
        ) else {
            continue;
        };
        for (level, numbered) in abstract_levels.get(abstract_id).into_iter().flatten() {
            out.insert((id.to_string(), *level), *numbered);
        }
    }
    Ok(out)
}

/// Text for the HTML (the markup module's escaping); non-breaking spaces
/// are layout, not meaning.
fn escape(text: &str) -> String {
    crate::server::markup::escape(&text.replace('\u{a0}', " "))
}

/// Writes the body, one block after another.
struct Writer<'p> {
    parts: &'p Parts,
    html: String,
    images: Vec<String>,
    /// Footnote ids in the order the text cites them.
    cited: Vec<String>,
    /// Open lists, innermost last: numbered or not.
    lists: Vec<bool>,
}

impl Writer<'_> {
    fn close_lists(&mut self, keep: usize) {
        while self.lists.len() > keep {
            let numbered = self.lists.pop().unwrap_or(false);
            self.html
                .push_str(if numbered { "</li></ol>" } else { "</li></ul>" });
        }
    }

    fn block(&mut self, node: Node<'_, '_>) {
        if is_w(&node, "p") {
            self.paragraph(node);
        } else if is_w(&node, "tbl") {
            self.close_lists(0);
            self.table(node);
        } else if is_w(&node, "sdt") || is_w(&node, "customXml") {
            // Content controls and custom XML wrap ordinary blocks.
            let content = child(&node, "sdtContent").unwrap_or(node);
            for inner in content.children() {
                self.block(inner);
            }
        }
    }

    fn paragraph(&mut self, node: Node<'_, '_>) {
        let properties = child(&node, "pPr");
        let style = properties
            .and_then(|p| child(&p, "pStyle"))
            .and_then(|s| w_attr(&s, "val"))
            .unwrap_or_default();
        let mut block = self
            .parts
            .styles
            .get(style)
            .copied()
            .or_else(|| block_of_style(style))
            .unwrap_or(Block::Paragraph);
        if let Some(level) = properties
            .and_then(|p| child(&p, "outlineLvl"))
            .and_then(|o| w_attr(&o, "val"))
            .and_then(|v| v.parse::<u8>().ok())
        {
            // outlineLvl counts from 0 (heading 1).
            block = Block::Heading(if level == 0 { 2 } else { 3 });
        }
        let list = properties.and_then(|p| child(&p, "numPr")).and_then(|n| {
            let id = child(&n, "numId").and_then(|i| w_attr(&i, "val"))?;
            let level = child(&n, "ilvl")
                .and_then(|l| w_attr(&l, "val"))
                .and_then(|l| l.parse::<u32>().ok())
                .unwrap_or(0);
            // numId 0 means "no list".
            (id != "0").then(|| {
                let numbered = self
                    .parts
                    .numbering
                    .get(&(id.to_string(), level))
                    .copied()
                    .unwrap_or(false);
                (level.min(3) as usize, numbered)
            })
        });
        let inline = self.inline(node);
        if inline.trim().is_empty() {
            return;
        }
        match list {
            Some((level, numbered)) if block == Block::Paragraph => {
                self.list_item(level, numbered, &inline)
            }
            _ => {
                self.close_lists(0);
                match block {
                    Block::Heading(level) => self
                        .html
                        .push_str(&format!("<h{level}>{inline}</h{level}>")),
                    Block::Quote => self
                        .html
                        .push_str(&format!("<blockquote><p>{inline}</p></blockquote>")),
                    Block::Paragraph => self.html.push_str(&format!("<p>{inline}</p>")),
                }
            }
        }
    }

    /// A list item at `level` (0 outermost): deeper levels nest in the
    /// item above them.
    fn list_item(&mut self, level: usize, numbered: bool, inline: &str) {
        let depth = level + 1;
        if self.lists.len() > depth {
            self.close_lists(depth);
        }
        if self.lists.len() == depth {
            if self.lists.last() == Some(&numbered) {
                self.html.push_str("</li><li>");
                self.html.push_str(inline);
                return;
            }
            self.close_lists(depth - 1);
        }
        while self.lists.len() < depth {
            self.html
                .push_str(if numbered { "<ol><li>" } else { "<ul><li>" });
            self.lists.push(numbered);
        }
        self.html.push_str(inline);
    }

    fn table(&mut self, node: Node<'_, '_>) {
        self.html.push_str("<table>");
        for row in node.children().filter(|r| is_w(r, "tr")) {
            self.html.push_str("<tr>");
            for cell in row.children().filter(|c| is_w(c, "tc")) {
                let text: Vec<String> = cell
                    .children()
                    .filter(|p| is_w(p, "p"))
                    .map(|p| self.inline(p))
                    .filter(|t| !t.trim().is_empty())
                    .collect();
                self.html.push_str(&format!("<td>{}</td>", text.join(" ")));
            }
            self.html.push_str("</tr>");
        }
        self.html.push_str("</table>");
    }

    /// A paragraph's runs, links and images as inline HTML.
    fn inline(&mut self, node: Node<'_, '_>) -> String {
        let mut out = String::new();
        let mut in_field_code = false;
        for part in node.children() {
            self.inline_part(part, &mut out, &mut in_field_code);
        }
        out
    }

    fn inline_part(&mut self, part: Node<'_, '_>, out: &mut String, in_field_code: &mut bool) {
        if is_w(&part, "r") {
            self.run(part, out, in_field_code);
        } else if is_w(&part, "hyperlink") {
            let mut text = String::new();
            for inner in part.children() {
                self.inline_part(inner, &mut text, in_field_code);
            }
            let href = part
                .attribute((R, "id"))
                .and_then(|id| self.parts.relations.get(id));
            match href {
                Some(href) if !text.trim().is_empty() => {
                    out.push_str(&format!("<a href=\"{}\">{text}</a>", escape(href)))
                }
                _ => out.push_str(&text),
            }
        } else if is_w(&part, "ins")
            || is_w(&part, "smartTag")
            || is_w(&part, "customXml")
            || is_w(&part, "fldSimple")
        {
            // Accepted insertions and wrappers: their runs count.
            for inner in part.children() {
                self.inline_part(inner, out, in_field_code);
            }
        } else if is_w(&part, "sdt") {
            if let Some(content) = child(&part, "sdtContent") {
                for inner in content.children() {
                    self.inline_part(inner, out, in_field_code);
                }
            }
        }
        // Deletions (w:del), comments and bookmarks are left out.
    }

    fn run(&mut self, run: Node<'_, '_>, out: &mut String, in_field_code: &mut bool) {
        let properties = child(&run, "rPr");
        let mut text = String::new();
        for piece in run.children() {
            if is_w(&piece, "fldChar") {
                match w_attr(&piece, "fldCharType") {
                    Some("begin") => *in_field_code = true,
                    Some("separate" | "end") => *in_field_code = false,
                    _ => {}
                }
            } else if *in_field_code {
                continue;
            } else if is_w(&piece, "t") {
                text.push_str(&escape(piece.text().unwrap_or_default()));
            } else if is_w(&piece, "tab") {
                text.push(' ');
            } else if is_w(&piece, "br") && w_attr(&piece, "type").is_none() {
                text.push_str("<br>");
            } else if is_w(&piece, "noBreakHyphen") {
                text.push('-');
            } else if is_w(&piece, "footnoteReference") {
                if let Some(id) = w_attr(&piece, "id") {
                    let number = match self.cited.iter().position(|c| c == id) {
                        Some(at) => at + 1,
                        None => {
                            self.cited.push(id.to_string());
                            self.cited.len()
                        }
                    };
                    text.push_str(&format!("[{number}]"));
                }
            } else if is_w(&piece, "drawing") || is_w(&piece, "pict") {
                self.images_in(piece, &mut text);
            }
        }
        if text.is_empty() {
            return;
        }
        // Formatting around the words only: "<b>слово </b>" would make
        // markup of "**слово **", which is not bold. (Trimmed lengths fall
        // on character boundaries.)
        let (lead, rest) = text.split_at(text.len() - text.trim_start().len());
        let (core, trail) = rest.split_at(rest.trim_end().len());
        let mut core = core.to_string();
        if !core.is_empty() {
            for (tag, on) in [
                ("strong", toggled(properties, "b")),
                ("em", toggled(properties, "i")),
                (
                    "del",
                    toggled(properties, "strike") || toggled(properties, "dstrike"),
                ),
            ] {
                if on {
                    core = format!("<{tag}>{core}</{tag}>");
                }
            }
        }
        out.push_str(lead);
        out.push_str(&core);
        out.push_str(trail);
    }

    /// An inline picture: `<img>` with its description, by the zip path.
    fn images_in(&mut self, drawing: Node<'_, '_>, out: &mut String) {
        let alt = drawing
            .descendants()
            .find(|n| n.tag_name().name() == "docPr")
            .and_then(|d| d.attribute("descr").or(d.attribute("title")))
            .unwrap_or_default()
            .to_string();
        let embedded = drawing
            .descendants()
            .filter(|n| n.tag_name().name() == "blip" || n.tag_name().name() == "imagedata")
            .filter_map(|n| n.attribute((R, "embed")).or_else(|| n.attribute((R, "id"))))
            .filter_map(|id| self.parts.relations.get(id).cloned())
            .next();
        if let Some(target) = embedded {
            out.push_str(&format!(
                "<img src=\"{}{}\" alt=\"{}\">",
                super::IMAGE_SCHEME,
                escape(&target),
                escape(&alt)
            ));
            self.images.push(target);
        }
    }

    /// The footnotes the text cited, in that order, as a list at the end.
    fn footnotes(&mut self) -> Result<(), Refusal> {
        if self.cited.is_empty() || self.parts.footnotes.is_empty() {
            return Ok(());
        }
        let text = self.parts.footnotes.clone();
        let document = parse(&text)?;
        let mut notes: HashMap<String, String> = HashMap::new();
        for note in document.descendants().filter(|n| is_w(n, "footnote")) {
            let Some(id) = w_attr(&note, "id") else {
                continue;
            };
            let paragraphs: Vec<String> = note
                .children()
                .filter(|p| is_w(p, "p"))
                .map(|p| self.inline(p))
                .filter(|t| !t.trim().is_empty())
                .collect();
            notes.insert(id.to_string(), paragraphs.join(" "));
        }
        let cited = std::mem::take(&mut self.cited);
        self.html.push_str("<h2>Примечания</h2><ol>");
        for id in &cited {
            let note = notes.get(id).map(String::as_str).unwrap_or_default();
            self.html.push_str(&format!("<li>{}</li>", note.trim()));
        }
        self.html.push_str("</ol>");
        Ok(())
    }
}

pub(super) fn document_html(text: &str, parts: &Parts) -> Result<Written, Refusal> {
    let document = parse(text)?;
    let body = document
        .descendants()
        .find(|n| is_w(n, "body"))
        .ok_or(Refusal::DocxNotDocx)?;
    let mut writer = Writer {
        parts,
        html: String::new(),
        images: Vec::new(),
        cited: Vec::new(),
        lists: Vec::new(),
    };
    for node in body.children() {
        writer.block(node);
    }
    writer.close_lists(0);
    writer.footnotes()?;
    Ok(Written {
        html: writer.html,
        images: writer.images,
    })
}

#[cfg(test)]
mod tests {
    use super::{block_of_style, Block};

    #[test]
    fn style_names_make_subheadings_and_quotes_and_never_a_second_headline() {
        assert_eq!(block_of_style("Title"), Some(Block::Heading(2)));
        assert_eq!(block_of_style("heading 1"), Some(Block::Heading(2)));
        assert_eq!(block_of_style("Heading1"), Some(Block::Heading(2)));
        assert_eq!(block_of_style("heading 2"), Some(Block::Heading(3)));
        assert_eq!(block_of_style("heading 6"), Some(Block::Heading(3)));
        assert_eq!(block_of_style("Quote"), Some(Block::Quote));
        assert_eq!(block_of_style("Normal"), None);
        assert_eq!(block_of_style("List Paragraph"), None);
    }
}
