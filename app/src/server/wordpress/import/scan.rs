//! The first passes: the whole export read once, nothing written
//! (authors, terms, attachments, every post's address), then each post's
//! and page's address here decided before the first write.

use super::summary::Kind;
use super::{ImportError, Progress};
use crate::db::imports::{self, Imported, Origin};
use crate::db::{articles, editorial, pages, Db};
use crate::domain::lang::Lang;
use crate::domain::pages::is_reserved;
use crate::server::redirects::{host_of, key, key_of_link};
use crate::server::wordpress::content::{self, Attachment};
use crate::server::wordpress::polylang;
use crate::server::wordpress::rules::{self, Fate};
use crate::server::wordpress::wxr::{
    Author, Channel, Entry, Item, Taxonomy, Term, WxrError, WxrReader,
};
use crate::text::translit::numbered_slug;
use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::io::BufReader;
use std::path::Path;

/// Why a post in a third language of a Polylang site is skipped.
pub(super) const LANGUAGE_NOT_OURS: &str = "язык не русский и не казахский";

/// A post or page to import, as the first pass found it.
#[derive(Clone, Debug)]
pub(super) struct Planned {
    pub(super) kind: Kind,
    pub(super) fate: Fate,
    pub(super) link: String,
    /// Our address for it (decided before anything is written).
    pub(super) slug: String,
    /// Set when an earlier import wrote it.
    pub(super) existing: Option<Imported>,
    /// Its edition (Polylang's language; Russian without Polylang).
    pub(super) lang: Lang,
    /// Its Polylang translation group (the `post_translations` term).
    pub(super) group: Option<String>,
}

impl Planned {
    /// Our address for it, in its edition: `/news/{slug}` or `/{slug}`
    /// (a page), under `/kk` for a Kazakh one.
    pub(super) fn address(&self) -> String {
        match self.kind {
            Kind::Post => self.lang.article_path(&self.slug),
            _ => self.lang.path(&format!("/{}", self.slug)),
        }
    }
}

/// What the first pass learned.
#[derive(Default)]
pub(super) struct Scan {
    pub(super) channel: Channel,
    pub(super) authors: HashMap<String, Author>,
    pub(super) categories: HashMap<String, Term>,
    pub(super) tags: HashMap<String, Term>,
    pub(super) attachments: HashMap<i64, Attachment>,
    /// An attachment's file under `uploads`, by attachment id.
    pub(super) attachment_files: HashMap<i64, String>,
    /// Attachment ids by their address (without the scheme).
    pub(super) attachment_by_url: HashMap<String, i64>,
    pub(super) attachments_by_parent: HashMap<i64, Vec<i64>>,
    /// Posts and pages to import, by WordPress id, in file order.
    pub(super) planned: Vec<(i64, Planned)>,
    pub(super) items: u64,
    /// Polylang's languages: slug → edition (`None`: neither of ours).
    pub(super) languages: HashMap<String, Option<Lang>>,
    /// Polylang's translation groups of posts and of categories.
    pub(super) post_translations: Vec<Term>,
    pub(super) term_translations: Vec<Term>,
    /// A Kazakh category's Russian twin, by WordPress slug (Polylang keeps
    /// one category per language; Qalam one with a name per language).
    pub(super) russian_category: HashMap<String, String>,
    /// Posts and pages in a language Qalam has no edition for.
    pub(super) not_ours: HashSet<i64>,
}

impl Scan {
    pub(super) fn host(&self) -> String {
        let blog = host_of(&self.channel.base_blog_url);
        if blog.is_empty() {
            host_of(&self.channel.link)
        } else {
            blog
        }
    }

    /// The old site's path prefix ("/blog" when WordPress lived there).
    pub(super) fn prefix(&self) -> String {
        let url = if self.channel.base_blog_url.is_empty() {
            &self.channel.link
        } else {
            &self.channel.base_blog_url
        };
        let rest = url.split_once("://").map_or(url.as_str(), |(_, r)| r);
        rest.find('/')
            .map(|at| rest[at..].trim_end_matches('/').to_string())
            .unwrap_or_default()
    }

    /// The site this export came from, as `wp_imports` names it.
    pub(super) fn source(&self) -> String {
        let url = if self.channel.base_blog_url.is_empty() {
            &self.channel.link
        } else {
            &self.channel.base_blog_url
        };
        url.trim_end_matches('/').to_string()
    }

    /// The top category of WordPress category `slug` (children are
    /// flattened to their top category: our categories are one level).
    pub(super) fn top_category(&self, slug: &str) -> Option<&Term> {
        let mut term = self.categories.get(slug)?;
        for _ in 0..32 {
            match self.categories.get(&term.parent) {
                Some(parent) if !term.parent.is_empty() => term = parent,
                _ => break,
            }
        }
        Some(term)
    }

    /// WordPress's path of a category's archive, parents first
    /// ("политика/выборы").
    pub(super) fn category_path(&self, slug: &str) -> String {
        let mut parts = vec![rules::decode_slug(slug)];
        let mut current = self.categories.get(slug);
        for _ in 0..32 {
            match current {
                Some(term) if !term.parent.is_empty() => {
                    parts.push(rules::decode_slug(&term.parent));
                    current = self.categories.get(&term.parent);
                }
                _ => break,
            }
        }
        parts.reverse();
        parts.join("/")
    }
}

/// Pass 1: the whole file, nothing written.
pub(super) fn read_whole(file: &Path, progress: &dyn Progress) -> Result<Scan, ImportError> {
    let size = std::fs::metadata(file).map_err(WxrError::Io)?.len();
    progress.phase("чтение", size);
    let mut reader = WxrReader::new(BufReader::new(File::open(file).map_err(WxrError::Io)?));
    let mut scan = Scan::default();
    while let Some(entry) = reader.next_entry()? {
        progress.set(reader.position());
        match entry {
            Entry::Author(author) => {
                scan.authors.insert(author.login.clone(), author);
            }
            Entry::Term(term) => match term.taxonomy {
                Taxonomy::Category => {
                    scan.categories.insert(term.slug.clone(), term);
                }
                Taxonomy::Tag => {
                    scan.tags.insert(term.slug.clone(), term);
                }
                Taxonomy::Language => {
                    let edition = polylang::edition_of_language(&term.slug, &term.description);
                    scan.languages.insert(term.slug, edition);
                }
                Taxonomy::PostTranslations => scan.post_translations.push(term),
                Taxonomy::TermTranslations => scan.term_translations.push(term),
                Taxonomy::Other => {}
            },
            Entry::Item(item) => {
                scan.items += 1;
                note_item(&mut scan, *item);
            }
        }
    }
    scan.channel = reader.channel().clone();
    read_translation_groups(&mut scan);
    Ok(scan)
}

/// Polylang's groups, once the whole file is read: each post's group
/// from its `post_translations` term (the authority; a post's own
/// `<category domain="post_translations">` where the term is missing),
/// and each Kazakh category's Russian twin from `term_translations`.
fn read_translation_groups(scan: &mut Scan) {
    let mut group_of_post: HashMap<i64, String> = HashMap::new();
    for term in &scan.post_translations {
        for (_, post) in polylang::group_members(&term.description) {
            group_of_post.insert(post, term.slug.clone());
        }
    }
    for (id, planned) in &mut scan.planned {
        if let Some(group) = group_of_post.get(id) {
            planned.group = Some(group.clone());
        }
    }
    let category_by_id: HashMap<i64, &str> = scan
        .categories
        .values()
        .filter(|c| c.id > 0)
        .map(|c| (c.id, c.slug.as_str()))
        .collect();
    for term in &scan.term_translations {
        let members: Vec<(Option<Lang>, &str)> = polylang::group_members(&term.description)
            .into_iter()
            .filter_map(|(language, id)| {
                let edition = scan
                    .languages
                    .get(&language)
                    .copied()
                    .unwrap_or_else(|| polylang::edition_of_language(&language, ""));
                Some((edition, *category_by_id.get(&id)?))
            })
            .collect();
        let russian = members.iter().find(|(lang, _)| *lang == Some(Lang::Ru));
        if let Some((_, russian)) = russian {
            for (lang, kazakh) in &members {
                if *lang == Some(Lang::Kk) {
                    scan.russian_category
                        .insert(kazakh.to_string(), russian.to_string());
                }
            }
        }
    }
}

pub(super) fn without_scheme(url: &str) -> &str {
    url.split_once("://").map_or(url, |(_, rest)| rest)
}

fn note_item(scan: &mut Scan, item: Item) {
    if item.post_type == "attachment" {
        let attachment = Attachment {
            id: item.post_id,
            url: item.attachment_url.clone(),
            alt: item
                .meta("_wp_attachment_image_alt")
                .unwrap_or("")
                .trim()
                .to_string(),
            caption: content::plain_text_of_html(&item.excerpt),
            parent: item.post_parent,
        };
        if let Some(file) = item.meta("_wp_attached_file") {
            scan.attachment_files
                .insert(item.post_id, file.trim().to_string());
        }
        scan.attachment_by_url.insert(
            without_scheme(&item.attachment_url).to_string(),
            item.post_id,
        );
        if item.post_parent != 0 {
            scan.attachments_by_parent
                .entry(item.post_parent)
                .or_default()
                .push(item.post_id);
        }
        scan.attachments.insert(item.post_id, attachment);
        return;
    }
    let fate = rules::fate(&item.post_type, &item.status, &item.post_password);
    let kind = match fate {
        Fate::Article(_) => Kind::Post,
        Fate::Page(_) => Kind::Page,
        Fate::Skipped(_) => return,
    };
    // Polylang's language: one of ours, or the item is not imported.
    let lang = match item.terms.iter().find(|t| t.domain == polylang::LANGUAGE) {
        None => Some(Lang::Ru),
        Some(term) => match scan.languages.get(&term.slug) {
            Some(edition) => *edition,
            None => polylang::edition_of_language(&term.slug, ""),
        },
    };
    let Some(lang) = lang else {
        scan.not_ours.insert(item.post_id);
        return;
    };
    let group = item
        .terms
        .iter()
        .find(|t| t.domain == polylang::POST_TRANSLATIONS)
        .map(|t| t.slug.clone());
    let title = content::plain_text_of_html(&item.title);
    scan.planned.push((
        item.post_id,
        Planned {
            kind,
            fate,
            link: item.link,
            slug: rules::our_slug(&item.post_name, &title),
            existing: None,
            lang,
            group,
        },
    ));
}

/// Pass 2 (planning): each post's and page's address, before anything
/// is written. An imported item keeps the address it has; a new one gets
/// its WordPress slug (or one made from it), numbered when taken, and a
/// page never takes a path the site owns. Addresses are unique per
/// edition: a Kazakh post may keep its Russian twin's slug.
pub(super) async fn plan(db: &Db, scan: &mut Scan) -> Result<(), ImportError> {
    let source = scan.source();
    let mut reserved: HashSet<(Kind, Lang, String)> = HashSet::new();
    for (id, planned) in &mut scan.planned {
        let kind_key = if planned.kind == Kind::Post {
            "post"
        } else {
            "page"
        };
        let key = id.to_string();
        let origin = Origin {
            source: &source,
            kind: kind_key,
            key: &key,
        };
        planned.existing = imports::find(db, origin).await?;
        let current = match (&planned.existing, planned.kind) {
            (Some(found), Kind::Post) => editorial::by_id(db, found.target_id)
                .await?
                .map(|row| row.slug),
            (Some(found), _) => pages::by_id(db, found.target_id).await?.map(|p| p.slug),
            (None, _) => None,
        };
        if let Some(slug) = current {
            reserved.insert((planned.kind, planned.lang, slug.clone()));
            planned.slug = slug;
            continue;
        }
        let base = planned.slug.clone();
        let mut n = if planned.kind == Kind::Page && is_reserved(&base) {
            2
        } else {
            1
        };
        planned.slug = loop {
            let candidate = numbered_slug(&base, n);
            n += 1;
            if reserved.contains(&(planned.kind, planned.lang, candidate.clone()))
                || (planned.kind == Kind::Page && is_reserved(&candidate))
            {
                continue;
            }
            let taken = match planned.kind {
                Kind::Post => articles::id_by_slug(db, planned.lang, &candidate)
                    .await?
                    .is_some(),
                _ => pages::by_slug(db, planned.lang, &candidate)
                    .await?
                    .is_some(),
            };
            if !taken {
                break candidate;
            }
        };
        reserved.insert((planned.kind, planned.lang, planned.slug.clone()));
    }
    Ok(())
}

/// Our address for each old one of a post or page (permalink, `?p=ID`,
/// `?page_id=ID`), by redirect key.
pub(super) fn links(scan: &Scan) -> HashMap<String, String> {
    let host = scan.host();
    let prefix = scan.prefix();
    let mut links = HashMap::new();
    for (id, planned) in &scan.planned {
        let ours = planned.address();
        if let Some(key) = key_of_link(&planned.link, &host) {
            links.insert(key, ours.clone());
        }
        let parameter = if planned.kind == Kind::Post {
            "p"
        } else {
            "page_id"
        };
        if let Some(key) = key(&format!("{prefix}/"), Some(&format!("{parameter}={id}"))) {
            links.insert(key, ours.clone());
        }
        if let Some(key) = key(&format!("{prefix}/"), Some(&format!("p={id}"))) {
            links.entry(key).or_insert(ours);
        }
    }
    links
}
