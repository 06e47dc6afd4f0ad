//! A WordPress export (WXR 1.0–1.2, "Tools → Export → All content") read
//! as a stream: one author, term or item at a time, so a 150 MB export of
//! 100,000 posts never sits in memory whole.
//!
//! What is refused, before anything is written (the importer reads the
//! whole file once before it writes): a file that is not XML, a DTD (no
//! WordPress export has one, and entity expansion — "billion laughs" —
//! needs one), an entity XML does not predefine, a file that ends in the
//! middle, and XML that is not a WordPress export.

use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};
use std::io::BufRead;

/// The export's own facts.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Channel {
    pub title: String,
    pub link: String,
    pub language: String,
    pub wxr_version: String,
    pub base_site_url: String,
    pub base_blog_url: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Author {
    pub login: String,
    pub email: String,
    pub display_name: String,
    pub first_name: String,
    pub last_name: String,
}

/// A category or tag of the export's list.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Term {
    pub taxonomy: Taxonomy,
    /// WordPress's slug, percent-encoded as WordPress stores it.
    pub slug: String,
    pub name: String,
    /// The parent category's slug (categories only).
    pub parent: String,
    /// WordPress's term id (`wp:term_id`), 0 when absent.
    pub id: i64,
    /// Its description; Polylang keeps its data there (`polylang.rs`).
    pub description: String,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Taxonomy {
    #[default]
    Category,
    Tag,
    /// Polylang's languages, translation groups of posts and of terms
    /// (`polylang.rs`).
    Language,
    PostTranslations,
    TermTranslations,
    /// Menus, formats, other custom taxonomies: not imported.
    Other,
}

impl Taxonomy {
    /// The taxonomy of a `<wp:term>` by its `wp:term_taxonomy`.
    fn named(name: &str) -> Taxonomy {
        use crate::server::wordpress::polylang;
        match name {
            "category" => Taxonomy::Category,
            "post_tag" => Taxonomy::Tag,
            polylang::LANGUAGE => Taxonomy::Language,
            polylang::POST_TRANSLATIONS => Taxonomy::PostTranslations,
            polylang::TERM_TRANSLATIONS => Taxonomy::TermTranslations,
            _ => Taxonomy::Other,
        }
    }
}

/// A category or tag an item is filed under.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ItemTerm {
    /// "category", "post_tag", "post_format"…
    pub domain: String,
    pub slug: String,
    pub name: String,
}

/// A post, page, attachment or any other item of the export.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Item {
    pub title: String,
    pub link: String,
    pub guid: String,
    /// The author's login.
    pub creator: String,
    pub content: String,
    pub excerpt: String,
    pub post_id: i64,
    pub post_date: String,
    pub post_date_gmt: String,
    pub post_modified: String,
    pub post_modified_gmt: String,
    pub post_name: String,
    pub status: String,
    pub post_parent: i64,
    pub post_type: String,
    pub post_password: String,
    pub is_sticky: bool,
    pub attachment_url: String,
    pub terms: Vec<ItemTerm>,
    pub meta: Vec<(String, String)>,
    pub comments: usize,
}

impl Item {
    /// The value of post meta `key`, if present.
    pub fn meta(&self, key: &str) -> Option<&str> {
        self.meta
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

/// One thing the export holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Entry {
    Author(Author),
    Term(Term),
    Item(Box<Item>),
}

/// Why a file cannot be imported.
#[derive(Debug, thiserror::Error)]
pub enum WxrError {
    #[error("не удалось прочитать файл: {0}")]
    Io(#[from] std::io::Error),
    #[error("это не XML (позиция {position}): {detail}")]
    NotXml { position: u64, detail: String },
    #[error(
        "в файле объявлен DTD (<!DOCTYPE>): экспорт WordPress его не содержит, \
         а DTD позволяет раздуть файл сущностями («billion laughs»); импорт отклонён"
    )]
    Dtd,
    #[error("неизвестная сущность &{0}; (позиция {1}): экспорт WordPress использует только стандартные сущности XML")]
    Entity(String, u64),
    #[error("файл обрывается на середине (позиция {0}): похоже, он скачан не полностью")]
    Truncated(u64),
    #[error("это не экспорт WordPress (WXR): {0}")]
    NotWxr(String),
    #[error("элемент <{0}> длиннее {MAX_TEXT_BYTES} байт")]
    TooLarge(String),
}

/// The longest text of one element (a post's content): a bound on the
/// memory one item can take.
pub const MAX_TEXT_BYTES: usize = 64 * 1024 * 1024;

/// What is being built while the reader is inside it.
enum Open {
    Nothing,
    Author(Author),
    Term(Term),
    Item(Box<Item>),
}

/// Reads entries one by one ([`WxrReader::next_entry`]); the channel's
/// facts are complete once it returns `None`.
pub struct WxrReader<R: BufRead> {
    reader: Reader<R>,
    buffer: Vec<u8>,
    /// Names of the open elements, outermost first.
    stack: Vec<String>,
    /// Text of the innermost open element.
    text: String,
    open: Open,
    /// The item's postmeta key, until its value arrives.
    meta_key: String,
    /// The `<category domain nicename>` being read in an item.
    item_term: Option<ItemTerm>,
    channel: Channel,
    finished: bool,
}

impl<R: BufRead> WxrReader<R> {
    pub fn new(source: R) -> WxrReader<R> {
        let mut reader = Reader::from_reader(source);
        let config = reader.config_mut();
        config.check_end_names = true;
        config.expand_empty_elements = true;
        WxrReader {
            reader,
            buffer: Vec::new(),
            stack: Vec::new(),
            text: String::new(),
            open: Open::Nothing,
            meta_key: String::new(),
            item_term: None,
            channel: Channel::default(),
            finished: false,
        }
    }

    /// The export's facts read so far (all of them after the last entry).
    pub fn channel(&self) -> &Channel {
        &self.channel
    }

    /// How far into the file the reader is, in bytes.
    pub fn position(&self) -> u64 {
        self.reader.buffer_position()
    }

    /// Whether the file has no more bytes.
    fn at_end(&mut self) -> bool {
        self.reader
            .get_mut()
            .fill_buf()
            .is_ok_and(|rest| rest.is_empty())
    }

    fn not_xml(&self, detail: impl ToString) -> WxrError {
        WxrError::NotXml {
            position: self.position(),
            detail: detail.to_string(),
        }
    }

    /// The next author, term or item; `None` at the end of a whole export.
    pub fn next_entry(&mut self) -> Result<Option<Entry>, WxrError> {
        if self.finished {
            return Ok(None);
        }
        loop {
            self.buffer.clear();
            let read = self
                .reader
                .read_event_into(&mut self.buffer)
                .map(Event::into_owned);
            let event = match read {
                Ok(event) => event,
                Err(quick_xml::Error::Io(error)) => {
                    return Err(WxrError::Io(std::io::Error::new(
                        error.kind(),
                        error.to_string(),
                    )))
                }
                Err(quick_xml::Error::IllFormed(
                    quick_xml::errors::IllFormedError::MissingEndTag(_),
                )) => return Err(WxrError::Truncated(self.position())),
                // Broken markup with nothing after it: the file was cut
                // (inside a tag, a CDATA section, a comment).
                Err(quick_xml::Error::Syntax(_)) if self.at_end() => {
                    return Err(WxrError::Truncated(self.position()))
                }
                Err(error) => return Err(self.not_xml(error)),
            };
            match event {
                Event::DocType(_) => return Err(WxrError::Dtd),
                Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
                Event::Start(start) => self.start(&start)?,
                Event::End(_) => {
                    if let Some(entry) = self.end()? {
                        return Ok(Some(entry));
                    }
                }
                Event::Empty(start) => {
                    self.start(&start)?;
                    if let Some(entry) = self.end()? {
                        return Ok(Some(entry));
                    }
                }
                Event::Text(text) => {
                    let content = text.xml10_content();
                    if self.stack.is_empty() {
                        if !content.trim().is_empty() {
                            return Err(self.not_xml("текст вне корневого элемента"));
                        }
                    } else {
                        self.push_text(&content)?;
                    }
                }
                Event::CData(data) => {
                    if self.stack.is_empty() {
                        return Err(self.not_xml("CDATA вне корневого элемента"));
                    }
                    let content = data.xml10_content();
                    self.push_text(&content)?;
                }
                Event::GeneralRef(reference) => {
                    let resolved = match reference.resolve_char_ref() {
                        Ok(Some(c)) => c.to_string(),
                        Ok(None) => {
                            let name = reference.xml10_content();
                            match quick_xml::escape::resolve_predefined_entity(&name) {
                                Some(text) => text.to_string(),
                                None => {
                                    return Err(WxrError::Entity(
                                        name.into_owned(),
                                        self.position(),
                                    ))
                                }
                            }
                        }
                        Err(error) => return Err(self.not_xml(error)),
                    };
                    if self.stack.is_empty() {
                        return Err(self.not_xml("текст вне корневого элемента"));
                    }
                    self.push_text(&resolved)?;
                }
                Event::Eof => {
                    if !self.stack.is_empty() {
                        return Err(WxrError::Truncated(self.position()));
                    }
                    if self.channel.wxr_version.is_empty() {
                        return Err(WxrError::NotWxr(
                            "нет <wp:wxr_version>: файл сделан не инструментом «Экспорт» WordPress"
                                .into(),
                        ));
                    }
                    self.finished = true;
                    return Ok(None);
                }
            }
        }
    }

    fn push_text(&mut self, text: &str) -> Result<(), WxrError> {
        if self.text.len() + text.len() > MAX_TEXT_BYTES {
            let name = self.stack.last().cloned().unwrap_or_default();
            return Err(WxrError::TooLarge(name));
        }
        self.text.push_str(text);
        Ok(())
    }

    fn attribute(&self, start: &BytesStart<'_>, name: &str) -> Result<String, WxrError> {
        for attribute in start.attributes() {
            let attribute = attribute.map_err(|e| self.not_xml(e))?;
            if attribute.key.as_ref() == name {
                return match attribute.normalized_value(XmlVersion::Implicit1_0) {
                    Ok(value) => Ok(value.into_owned()),
                    Err(quick_xml::Error::Escape(
                        quick_xml::escape::EscapeError::UnrecognizedEntity(_, entity),
                    )) => Err(WxrError::Entity(entity, self.position())),
                    Err(error) => Err(self.not_xml(error)),
                };
            }
        }
        Ok(String::new())
    }

    fn start(&mut self, start: &BytesStart<'_>) -> Result<(), WxrError> {
        let name = start.name().as_ref().to_string();
        self.text.clear();
        let depth = self.stack.len();
        match (depth, name.as_str()) {
            (0, "rss") => {}
            (0, other) => {
                return Err(WxrError::NotWxr(format!(
                    "корневой элемент <{other}>, а не <rss>"
                )))
            }
            (1, "channel") => {}
            (2, "wp:author" | "item" | "wp:category" | "wp:tag" | "wp:term") => {
                if self.channel.wxr_version.is_empty() {
                    return Err(WxrError::NotWxr(
                        "нет <wp:wxr_version> перед записями: файл сделан не инструментом «Экспорт» WordPress"
                            .into(),
                    ));
                }
                self.open = match name.as_str() {
                    "wp:author" => Open::Author(Author::default()),
                    "item" => Open::Item(Box::default()),
                    "wp:category" => Open::Term(Term::default()),
                    "wp:tag" => Open::Term(Term {
                        taxonomy: Taxonomy::Tag,
                        ..Term::default()
                    }),
                    _ => Open::Term(Term {
                        taxonomy: Taxonomy::Other,
                        ..Term::default()
                    }),
                };
            }
            (3, "category") if matches!(self.open, Open::Item(_)) => {
                self.item_term = Some(ItemTerm {
                    domain: self.attribute(start, "domain")?,
                    slug: self.attribute(start, "nicename")?,
                    name: String::new(),
                });
            }
            (3, "wp:comment") => {
                if let Open::Item(item) = &mut self.open {
                    item.comments += 1;
                }
            }
            _ => {}
        }
        self.stack.push(name);
        Ok(())
    }

    fn end(&mut self) -> Result<Option<Entry>, WxrError> {
        let Some(name) = self.stack.pop() else {
            return Err(self.not_xml("лишний закрывающий тег"));
        };
        let text = std::mem::take(&mut self.text);
        let depth = self.stack.len();
        let parent = self.stack.last().map(String::as_str).unwrap_or("");
        if depth == 2 {
            // An author, term or item closes; or a field of the channel.
            return Ok(match std::mem::replace(&mut self.open, Open::Nothing) {
                Open::Author(author) => Some(Entry::Author(author)),
                Open::Term(term) => Some(Entry::Term(term)),
                Open::Item(item) => Some(Entry::Item(item)),
                Open::Nothing => {
                    match name.as_str() {
                        "title" => self.channel.title = text,
                        "link" => self.channel.link = text.trim().to_string(),
                        "language" => self.channel.language = text.trim().to_string(),
                        "wp:wxr_version" => self.channel.wxr_version = text.trim().to_string(),
                        "wp:base_site_url" => self.channel.base_site_url = text.trim().to_string(),
                        "wp:base_blog_url" => self.channel.base_blog_url = text.trim().to_string(),
                        _ => {}
                    }
                    None
                }
            });
        }
        match &mut self.open {
            Open::Author(author) if depth == 3 => {
                let field = match name.as_str() {
                    "wp:author_login" => &mut author.login,
                    "wp:author_email" => &mut author.email,
                    "wp:author_display_name" => &mut author.display_name,
                    "wp:author_first_name" => &mut author.first_name,
                    "wp:author_last_name" => &mut author.last_name,
                    _ => return Ok(None),
                };
                *field = text.trim().to_string();
            }
            Open::Term(term) if depth == 3 => match name.as_str() {
                "wp:category_nicename" | "wp:tag_slug" | "wp:term_slug" => {
                    term.slug = text.trim().to_string()
                }
                "wp:cat_name" | "wp:tag_name" | "wp:term_name" => term.name = text,
                "wp:category_parent" | "wp:term_parent" => term.parent = text.trim().to_string(),
                "wp:term_id" => term.id = text.trim().parse().unwrap_or(0),
                "wp:term_taxonomy" => term.taxonomy = Taxonomy::named(text.trim()),
                "wp:category_description" | "wp:tag_description" | "wp:term_description" => {
                    term.description = text
                }
                _ => {}
            },
            Open::Item(item) if depth == 3 => {
                let trimmed = || text.trim().to_string();
                match name.as_str() {
                    "title" => item.title = text.clone(),
                    "link" => item.link = trimmed(),
                    "guid" => item.guid = trimmed(),
                    "dc:creator" => item.creator = trimmed(),
                    "content:encoded" => item.content = text.clone(),
                    "excerpt:encoded" => item.excerpt = text.clone(),
                    "wp:post_id" => item.post_id = trimmed().parse().unwrap_or(0),
                    "wp:post_date" => item.post_date = trimmed(),
                    "wp:post_date_gmt" => item.post_date_gmt = trimmed(),
                    "wp:post_modified" => item.post_modified = trimmed(),
                    "wp:post_modified_gmt" => item.post_modified_gmt = trimmed(),
                    "wp:post_name" => item.post_name = trimmed(),
                    "wp:status" => item.status = trimmed(),
                    "wp:post_parent" => item.post_parent = trimmed().parse().unwrap_or(0),
                    "wp:post_type" => item.post_type = trimmed(),
                    "wp:post_password" => item.post_password = text.clone(),
                    "wp:is_sticky" => item.is_sticky = trimmed() == "1",
                    "wp:attachment_url" => item.attachment_url = trimmed(),
                    "category" => {
                        if let Some(mut term) = self.item_term.take() {
                            term.name = text.clone();
                            item.terms.push(term);
                        }
                    }
                    _ => {}
                }
            }
            Open::Item(item) if depth == 4 && parent == "wp:postmeta" => match name.as_str() {
                "wp:meta_key" => self.meta_key = text.trim().to_string(),
                "wp:meta_value" => {
                    let key = std::mem::take(&mut self.meta_key);
                    item.meta.push((key, text));
                }
                _ => {}
            },
            _ => {}
        }
        Ok(None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries(xml: &str) -> Result<(Vec<Entry>, Channel), WxrError> {
        let mut reader = WxrReader::new(xml.as_bytes());
        let mut found = Vec::new();
        while let Some(entry) = reader.next_entry()? {
            found.push(entry);
        }
        Ok((found, reader.channel().clone()))
    }

    const HEAD: &str = r#"<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<title>Старый сайт</title>
<link>https://old.kz</link>
<wp:wxr_version>1.2</wp:wxr_version>
<wp:base_site_url>https://old.kz</wp:base_site_url>
<wp:base_blog_url>https://old.kz</wp:base_blog_url>
"#;

    #[test]
    fn authors_terms_and_items_are_read_with_cdata_entities_meta_and_terms() {
        let xml = format!(
            "{HEAD}<wp:author><wp:author_login><![CDATA[aliya]]></wp:author_login>\
             <wp:author_display_name><![CDATA[Әлия Сейітова]]></wp:author_display_name></wp:author>\
             <wp:category><wp:term_id>3</wp:term_id><wp:category_nicename><![CDATA[%d1%81%d0%bf%d0%be%d1%80%d1%82]]></wp:category_nicename>\
             <wp:category_parent><![CDATA[]]></wp:category_parent><wp:cat_name><![CDATA[Спорт]]></wp:cat_name></wp:category>\
             <item><title>Аким &amp; маслихат &#1241;</title><link>https://old.kz/2026/11/24/x/</link>\
             <dc:creator><![CDATA[aliya]]></dc:creator>\
             <content:encoded><![CDATA[<p>Текст & <b>жирный</b></p>]]></content:encoded>\
             <excerpt:encoded><![CDATA[]]></excerpt:encoded>\
             <wp:post_id>42</wp:post_id><wp:post_date><![CDATA[2026-11-24 14:05:00]]></wp:post_date>\
             <wp:post_date_gmt><![CDATA[2026-11-24 09:05:00]]></wp:post_date_gmt>\
             <wp:post_name><![CDATA[x]]></wp:post_name><wp:status><![CDATA[publish]]></wp:status>\
             <wp:post_type><![CDATA[post]]></wp:post_type><wp:is_sticky>1</wp:is_sticky>\
             <category domain=\"category\" nicename=\"%d1%81%d0%bf%d0%be%d1%80%d1%82\"><![CDATA[Спорт]]></category>\
             <category domain=\"post_tag\" nicename=\"futbol\"><![CDATA[Футбол]]></category>\
             <wp:postmeta><wp:meta_key><![CDATA[_thumbnail_id]]></wp:meta_key><wp:meta_value><![CDATA[7]]></wp:meta_value></wp:postmeta>\
             <wp:comment><wp:comment_id>1</wp:comment_id></wp:comment>\
             </item></channel></rss>"
        );
        let (found, channel) = entries(&xml).expect("a valid export");
        assert_eq!(channel.wxr_version, "1.2");
        assert_eq!(channel.base_blog_url, "https://old.kz");
        assert_eq!(found.len(), 3);
        let Entry::Author(author) = &found[0] else {
            panic!("{found:?}")
        };
        assert_eq!(
            (author.login.as_str(), author.display_name.as_str()),
            ("aliya", "Әлия Сейітова")
        );
        let Entry::Term(term) = &found[1] else {
            panic!()
        };
        assert_eq!(term.name, "Спорт");
        assert_eq!(term.taxonomy, Taxonomy::Category);
        let Entry::Item(item) = &found[2] else {
            panic!()
        };
        assert_eq!(item.title, "Аким & маслихат ә");
        assert_eq!(item.content, "<p>Текст & <b>жирный</b></p>");
        assert_eq!(item.post_id, 42);
        assert!(item.is_sticky);
        assert_eq!(item.terms.len(), 2);
        assert_eq!(item.terms[1].name, "Футбол");
        assert_eq!(item.terms[0].slug, "%d1%81%d0%bf%d0%be%d1%80%d1%82");
        assert_eq!(item.meta("_thumbnail_id"), Some("7"));
        assert_eq!(item.comments, 1);
    }

    #[test]
    fn a_dtd_is_refused_before_any_entity_is_expanded() {
        let xml = r#"<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<rss><channel><title>&lol2;</title></channel></rss>"#;
        assert!(matches!(entries(xml), Err(WxrError::Dtd)));
    }

    #[test]
    fn unknown_entities_truncation_and_other_xml_are_refused() {
        let entity = format!("{HEAD}<item><title>&nbsp;</title></item></channel></rss>");
        assert!(matches!(entries(&entity), Err(WxrError::Entity(name, _)) if name == "nbsp"));
        let cut = format!("{HEAD}<item><title>Оборвано");
        assert!(
            matches!(entries(&cut), Err(WxrError::Truncated(_))),
            "{:?}",
            entries(&cut)
        );
        let cut_in_tag = &HEAD[..HEAD.len() - 20];
        assert!(matches!(entries(cut_in_tag), Err(WxrError::Truncated(_))));
        let cut_in_cdata = format!("{HEAD}<item><title><![CDATA[Обо");
        assert!(matches!(
            entries(&cut_in_cdata),
            Err(WxrError::Truncated(_))
        ));
        let cut_in_bang = format!("{HEAD}<item><title><![CD");
        assert!(matches!(entries(&cut_in_bang), Err(WxrError::Truncated(_))));
        let html = "<html><body>Не экспорт</body></html>";
        assert!(matches!(entries(html), Err(WxrError::NotWxr(_))));
        let plain_rss =
            "<rss><channel><title>Лента</title><item><title>x</title></item></channel></rss>";
        assert!(matches!(entries(plain_rss), Err(WxrError::NotWxr(_))));
        let empty_rss = "<rss><channel><title>Лента</title></channel></rss>";
        assert!(matches!(entries(empty_rss), Err(WxrError::NotWxr(_))));
        for junk in ["Просто текст", "{\"json\": true}", "\u{0}\u{1}binary", ""] {
            assert!(entries(junk).is_err(), "{junk:?}");
        }
        let bytes: &[u8] = &[0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, b'J', b'F', b'I', b'F'];
        let mut reader = WxrReader::new(bytes);
        assert!(reader.next_entry().is_err(), "a JPEG is not XML");
    }
}
