//! A WordPress post's content in the editors' markup (docs/newsroom.md),
//! so that editors edit imported articles like their own.
//!
//! Both kinds of WordPress content go the same way: classic content
//! (paragraphs as blank lines, `[caption]` and `[gallery]` shortcodes) is
//! first made HTML the way WordPress shows it ([`prepare`]); block content
//! (Gutenberg) already is. The HTML is then parsed as a browser would
//! (html5ever) and walked: paragraphs, headings, quotes with their cite,
//! lists, images with captions, galleries, tables, embeds, code and
//! separators become markup; containers (groups, columns, covers) give
//! up their content; whatever the markup cannot hold (scripts, forms,
//! players of files, frames of unknown sites) is dropped and named in
//! [`Converted::dropped`], never passed through. Text stays text: a
//! `<script>` written as text in a post is shown as text.

use scraper::node::Node;
use scraper::Html;
use std::collections::BTreeSet;

mod markup;
mod shortcodes;
#[cfg(test)]
mod tests;

pub use markup::{escape_text, plain_text_of_html};

/// An attachment of the export, as shortcodes and blocks name it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Attachment {
    pub id: i64,
    pub url: String,
    pub alt: String,
    pub caption: String,
    /// The post it was uploaded to (`[gallery]` without ids shows those).
    pub parent: i64,
}

/// What the converter asks of the import: the attachments, where an
/// image now lives, and where an old link now leads.
pub trait Context {
    /// The attachment with WordPress id `id`.
    fn attachment(&self, id: i64) -> Option<&Attachment>;
    /// The images uploaded to post `id`, in order.
    fn attachments_of(&self, id: i64) -> Vec<&Attachment>;
    /// The stored image (`/media/12`) for an image address, and the
    /// alt text its attachment had; `None`: not imported.
    fn image(&self, src: &str) -> Option<(String, String)>;
    /// Our address for a link to the old site's own page, if it moved.
    fn link(&self, href: &str) -> Option<String>;
}

/// A post's content in our markup, and what did not make it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Converted {
    pub markup: String,
    /// The first paragraph as plain text (the lead, when there is no
    /// excerpt).
    pub first_paragraph: String,
    /// What was dropped, named once each ("<script>", "видеофайл").
    pub dropped: BTreeSet<String>,
    /// Images whose file was not imported (their address).
    pub missing_images: BTreeSet<String>,
}

/// Whether `content` is block content (Gutenberg) rather than classic.
pub fn is_block_content(content: &str) -> bool {
    content.contains("<!-- wp:")
}

/// The content as HTML: shortcodes expanded and, for classic content,
/// paragraphs made from blank lines as WordPress's `wpautop` does.
pub fn prepare(content: &str, post_id: i64, context: &dyn Context) -> (String, BTreeSet<String>) {
    let mut dropped = BTreeSet::new();
    let expanded = shortcodes::expand(content, post_id, context, &mut dropped);
    let html = if is_block_content(content) {
        expanded
    } else {
        shortcodes::autop(&expanded)
    };
    (html, dropped)
}

/// The addresses of every image the HTML shows, in order, once each.
pub fn image_sources(html: &str) -> Vec<String> {
    let document = Html::parse_fragment(html);
    let mut sources: Vec<String> = Vec::new();
    for node in document.root_element().descendants() {
        if let Node::Element(element) = node.value() {
            if element.name() == "img" {
                if let Some(src) = element.attr("src").map(str::trim) {
                    if !src.is_empty() && !sources.iter().any(|s| s == src) {
                        sources.push(src.to_string());
                    }
                }
            }
        }
    }
    sources
}

/// Converts prepared HTML ([`prepare`]) into our markup.
pub fn to_markup(html: &str, context: &dyn Context) -> Converted {
    let document = Html::parse_fragment(html);
    let mut writer = markup::Writer {
        context,
        blocks: Vec::new(),
        converted: Converted::default(),
    };
    writer.blocks_of(document.root_element());
    let mut converted = writer.converted;
    converted.markup = writer.blocks.join("\n\n");
    converted
}
