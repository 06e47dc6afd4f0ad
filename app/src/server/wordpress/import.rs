//! The import: two passes over the export, then a summary.
//!
//! 1. **Reading** the whole file once, writing nothing: authors, terms,
//!    attachments and every post's address. A file that is not a whole,
//!    plain WordPress export stops here, and the database is as it was.
//! 2. **Planning** each post's and page's address here (kept from an
//!    earlier import, else from its WordPress slug), so that links between
//!    posts can point at addresses that do not exist yet.
//! 3. **Writing**, item by item, through the one publishing path
//!    (`store::insert` / `store::update`); each article records where it
//!    came from in the transaction that writes it (`wp_imports`), so a
//!    second run of the same or a newer export updates what changed,
//!    leaves the rest, duplicates nothing, and an interrupted run is
//!    finished by running it again. Old addresses get their redirects.
//!
//! Everything the newsroom should know — what was skipped and why, what
//! was dropped from a post, images whose file was not found — is in the
//! [`Summary`].

use super::content::{self, Attachment, Context};
use super::rules::{self, Fate};
use super::wxr::{Author, Channel, Entry, Item, Taxonomy, Term, WxrError, WxrReader};
use crate::db::imports::{self, Imported, Origin, Provenance};
use crate::db::{articles, categories, editorial, images, pages, redirects, Db};
use crate::domain::articles::{Status, MAX_TAGS, TAG_MAX_CHARS, TITLE_MAX_CHARS};
use crate::domain::images::stored_id;
use crate::domain::pages::is_reserved;
use crate::error::AppError;
use crate::server::articles::store::{self, Content, Edit, Writer};
use crate::server::media::store_bytes;
use crate::server::redirects::{host_of, key, key_of_link, original_upload};
use crate::server::staff::{importable_login, imported_author};
use crate::text::slugify;
use crate::text::translit::numbered_slug;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::fs::File;
use std::io::BufReader;
use std::path::{Component, Path, PathBuf};

/// How to import.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// A copy of the old site's `wp-content/uploads`.
    pub uploads: Option<PathBuf>,
    /// Report what would happen; write nothing.
    pub dry_run: bool,
    /// The import's clock.
    pub now: i64,
}

/// Where a long import is, for a terminal's progress bar.
pub trait Progress {
    /// A new phase of `total` steps ("чтение", in bytes; "импорт", items).
    fn phase(&self, name: &str, total: u64);
    fn set(&self, done: u64);
    fn finish(&self);
}

/// No progress shown (tests, logs).
pub struct Quiet;

impl Progress for Quiet {
    fn phase(&self, _: &str, _: u64) {}
    fn set(&self, _: u64) {}
    fn finish(&self) {}
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file is not a whole WordPress export: nothing was written.
    #[error(transparent)]
    File(#[from] WxrError),
    #[error("папка загрузок {0} не найдена")]
    Uploads(String),
    /// The database failed mid-way: what was written stays, and running
    /// the import again finishes it.
    #[error("база данных недоступна, импорт прерван (запустите его снова: уже перенесённое не повторится): {0}")]
    Database(#[from] sqlx::Error),
    #[error("импорт прерван (запустите его снова: уже перенесённое не повторится): {0}")]
    App(#[from] AppError),
}

/// What kind of thing a line of the summary counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Post,
    Page,
    Image,
    Author,
    Category,
    Tag,
    Other,
}

impl Kind {
    pub fn label(self) -> &'static str {
        match self {
            Kind::Post => "записи",
            Kind::Page => "страницы",
            Kind::Image => "изображения",
            Kind::Author => "авторы",
            Kind::Category => "рубрики",
            Kind::Tag => "теги",
            Kind::Other => "прочее",
        }
    }
}

/// How many of one kind went which way.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub imported: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub skipped: usize,
    pub failed: usize,
}

/// One item the newsroom should hear about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Remark {
    pub kind: Kind,
    pub title: String,
    pub text: String,
}

/// What an import did (or, dry, would do).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub dry_run: bool,
    pub site: String,
    pub counts: BTreeMap<Kind, Counts>,
    /// Skipped by rule (trash, menus…): how many for each reason.
    pub skipped: BTreeMap<(Kind, String), usize>,
    /// Items that could not be imported, each with why.
    pub failed: Vec<Remark>,
    /// Items imported with something to know (content dropped, an image
    /// not found, further categories).
    pub remarks: Vec<Remark>,
    pub comments: usize,
    pub sticky: usize,
    pub redirects: usize,
}

impl Summary {
    fn count(&mut self, kind: Kind) -> &mut Counts {
        self.counts.entry(kind).or_default()
    }

    fn skip(&mut self, kind: Kind, reason: &str) {
        self.count(kind).skipped += 1;
        *self.skipped.entry((kind, reason.to_string())).or_default() += 1;
    }

    fn remark(&mut self, kind: Kind, title: &str, text: impl Into<String>) {
        self.remarks.push(Remark {
            kind,
            title: title.to_string(),
            text: text.into(),
        });
    }

    fn fail(&mut self, kind: Kind, title: &str, text: impl Into<String>) {
        self.count(kind).failed += 1;
        self.failed.push(Remark {
            kind,
            title: title.to_string(),
            text: text.into(),
        });
    }
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let verb = if self.dry_run {
            "Пробный прогон (--dry-run): в базе ничего не изменено. Было бы:"
        } else {
            "Импорт завершён."
        };
        writeln!(f, "{verb} Источник: {}", self.site)?;
        writeln!(
            f,
            "{:<12} {:>9} {:>9} {:>12} {:>10} {:>8}",
            "", "новые", "обновлены", "без изменений", "пропущены", "ошибки"
        )?;
        for (kind, c) in &self.counts {
            writeln!(
                f,
                "{:<12} {:>9} {:>9} {:>12} {:>10} {:>8}",
                kind.label(),
                c.imported,
                c.updated,
                c.unchanged,
                c.skipped,
                c.failed
            )?;
        }
        if !self.skipped.is_empty() {
            writeln!(f, "\nПропущено по правилам:")?;
            for ((kind, reason), n) in &self.skipped {
                writeln!(f, "  {}: {reason} — {n}", kind.label())?;
            }
        }
        writeln!(
            f,
            "\nКомментарии не переносятся (в Qalam их нет): {} в файле.",
            self.comments
        )?;
        if self.sticky > 0 {
            writeln!(
                f,
                "Закреплённые записи: {} (в Qalam нет закрепления; главная показывает срочное или свежее).",
                self.sticky
            )?;
        }
        writeln!(f, "Переадресаций со старых адресов: {}.", self.redirects)?;
        if !self.failed.is_empty() {
            writeln!(f, "\nНе импортировано ({}):", self.failed.len())?;
            for r in &self.failed {
                writeln!(f, "  [{}] «{}»: {}", r.kind.label(), r.title, r.text)?;
            }
        }
        if !self.remarks.is_empty() {
            writeln!(f, "\nЗамечания ({}):", self.remarks.len())?;
            for r in &self.remarks {
                writeln!(f, "  [{}] «{}»: {}", r.kind.label(), r.title, r.text)?;
            }
        }
        Ok(())
    }
}

/// A post or page to import, as the first pass found it.
#[derive(Clone, Debug)]
struct Planned {
    kind: Kind,
    fate: Fate,
    link: String,
    /// Our address for it (decided before anything is written).
    slug: String,
    /// Set when an earlier import wrote it.
    existing: Option<Imported>,
}

/// What the first pass learned.
#[derive(Default)]
struct Scan {
    channel: Channel,
    authors: HashMap<String, Author>,
    categories: HashMap<String, Term>,
    tags: HashMap<String, Term>,
    attachments: HashMap<i64, Attachment>,
    /// An attachment's file under `uploads`, by attachment id.
    attachment_files: HashMap<i64, String>,
    /// Attachment ids by their address (without the scheme).
    attachment_by_url: HashMap<String, i64>,
    attachments_by_parent: HashMap<i64, Vec<i64>>,
    /// Posts and pages to import, by WordPress id, in file order.
    planned: Vec<(i64, Planned)>,
    items: u64,
}

impl Scan {
    fn host(&self) -> String {
        let blog = host_of(&self.channel.base_blog_url);
        if blog.is_empty() {
            host_of(&self.channel.link)
        } else {
            blog
        }
    }

    /// The old site's path prefix ("/blog" when WordPress lived there).
    fn prefix(&self) -> String {
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
    fn source(&self) -> String {
        let url = if self.channel.base_blog_url.is_empty() {
            &self.channel.link
        } else {
            &self.channel.base_blog_url
        };
        url.trim_end_matches('/').to_string()
    }

    /// The top category of WordPress category `slug` (children are
    /// flattened to their top category: our categories are one level).
    fn top_category(&self, slug: &str) -> Option<&Term> {
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
    fn category_path(&self, slug: &str) -> String {
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

/// Reads the export, plans, writes; see the module's description.
pub async fn import(
    db: &Db,
    file: &Path,
    options: &Options,
    progress: &dyn Progress,
) -> Result<Summary, ImportError> {
    if let Some(dir) = &options.uploads {
        if !dir.is_dir() {
            return Err(ImportError::Uploads(dir.display().to_string()));
        }
    }
    let mut scan = read_whole(file, progress)?;
    let mut summary = Summary {
        dry_run: options.dry_run,
        site: scan.source(),
        ..Summary::default()
    };
    plan(db, &mut scan).await?;
    let mut importer = Importer {
        db,
        options,
        links: links(&scan),
        scan: &scan,
        summary: &mut summary,
        images: HashMap::new(),
        categories: HashMap::new(),
        authors: HashMap::new(),
        tags_seen: HashSet::new(),
    };
    importer.write_all(file, progress).await?;
    progress.finish();
    Ok(summary)
}

/// Pass 1: the whole file, nothing written.
fn read_whole(file: &Path, progress: &dyn Progress) -> Result<Scan, ImportError> {
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
                Taxonomy::Other => {}
            },
            Entry::Item(item) => {
                scan.items += 1;
                note_item(&mut scan, *item);
            }
        }
    }
    scan.channel = reader.channel().clone();
    Ok(scan)
}

fn without_scheme(url: &str) -> &str {
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
    let title = content::plain_text_of_html(&item.title);
    scan.planned.push((
        item.post_id,
        Planned {
            kind,
            fate,
            link: item.link,
            slug: rules::our_slug(&item.post_name, &title),
            existing: None,
        },
    ));
}

/// Pass 2 (planning): each post's and page's address, before anything
/// is written. An imported item keeps the address it has; a new one gets
/// its WordPress slug (or one made from it), numbered when taken, and a
/// page never takes a path the site owns.
async fn plan(db: &Db, scan: &mut Scan) -> Result<(), ImportError> {
    let source = scan.source();
    let mut reserved: HashSet<(Kind, String)> = HashSet::new();
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
            reserved.insert((planned.kind, slug.clone()));
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
            if reserved.contains(&(planned.kind, candidate.clone()))
                || (planned.kind == Kind::Page && is_reserved(&candidate))
            {
                continue;
            }
            let taken = match planned.kind {
                Kind::Post => articles::id_by_slug(db, &candidate).await?.is_some(),
                _ => pages::by_slug(db, &candidate).await?.is_some(),
            };
            if !taken {
                break candidate;
            }
        };
        reserved.insert((planned.kind, planned.slug.clone()));
    }
    Ok(())
}

/// Our address for each old one of a post or page (permalink, `?p=ID`,
/// `?page_id=ID`), by redirect key.
fn links(scan: &Scan) -> HashMap<String, String> {
    let host = scan.host();
    let prefix = scan.prefix();
    let mut links = HashMap::new();
    for (id, planned) in &scan.planned {
        let ours = match planned.kind {
            Kind::Post => format!("/news/{}", planned.slug),
            _ => format!("/{}", planned.slug),
        };
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

/// What conversion asks of the import, answered from the scan.
struct Resolved<'a> {
    scan: &'a Scan,
    links: &'a HashMap<String, String>,
    images: HashMap<String, (String, String)>,
    host: String,
}

impl Context for Resolved<'_> {
    fn attachment(&self, id: i64) -> Option<&Attachment> {
        self.scan.attachments.get(&id)
    }

    fn attachments_of(&self, id: i64) -> Vec<&Attachment> {
        self.scan
            .attachments_by_parent
            .get(&id)
            .map(|ids| {
                ids.iter()
                    .filter_map(|id| self.scan.attachments.get(id))
                    .collect()
            })
            .unwrap_or_default()
    }

    fn image(&self, src: &str) -> Option<(String, String)> {
        self.images.get(src).cloned()
    }

    fn link(&self, href: &str) -> Option<String> {
        let key = key_of_link(href, &self.host)?;
        self.links.get(&key).cloned()
    }
}

/// An image's fate: stored at `/media/N` (with its attachment's alt), or
/// not, and why.
type ImageOutcome = Result<(String, String), String>;

struct Importer<'a> {
    db: &'a Db,
    options: &'a Options,
    scan: &'a Scan,
    links: HashMap<String, String>,
    summary: &'a mut Summary,
    /// Uploads already resolved in this run, by file under `uploads`.
    images: HashMap<String, ImageOutcome>,
    /// Our category id by WordPress top category slug.
    categories: HashMap<String, i64>,
    /// Bylines by WordPress login.
    authors: HashMap<String, i64>,
    tags_seen: HashSet<String>,
}

impl Importer<'_> {
    fn source(&self) -> String {
        self.scan.source()
    }

    /// What content conversion asks, with the images stored so far.
    fn context(&self, images: HashMap<String, (String, String)>) -> Resolved<'_> {
        Resolved {
            scan: self.scan,
            links: &self.links,
            images,
            host: self.scan.host(),
        }
    }

    /// Pass 3: the file again, item by item.
    async fn write_all(&mut self, file: &Path, progress: &dyn Progress) -> Result<(), ImportError> {
        progress.phase("импорт", self.scan.items);
        let planned: HashMap<i64, Planned> = self.scan.planned.iter().cloned().collect();
        let mut reader = WxrReader::new(BufReader::new(File::open(file).map_err(WxrError::Io)?));
        let mut done = 0;
        while let Some(entry) = reader.next_entry()? {
            let Entry::Item(item) = entry else { continue };
            done += 1;
            progress.set(done);
            self.summary.comments += item.comments;
            match planned.get(&item.post_id) {
                Some(plan) => self.write_item(&item, plan).await?,
                None => self.skip_item(&item),
            }
        }
        self.term_redirects().await?;
        self.summary.redirects = if self.options.dry_run {
            self.links.len()
        } else {
            redirects::count(self.db).await? as usize
        };
        Ok(())
    }

    fn skip_item(&mut self, item: &Item) {
        let kind = match item.post_type.as_str() {
            "post" => Kind::Post,
            "page" => Kind::Page,
            "attachment" => return,
            _ => Kind::Other,
        };
        if let Fate::Skipped(reason) = rules::fate(&item.post_type, &item.status, "") {
            self.summary.skip(kind, reason);
        }
    }

    async fn write_item(&mut self, item: &Item, plan: &Planned) -> Result<(), ImportError> {
        let title = content::plain_text_of_html(&item.title);
        let shown = if title.is_empty() {
            format!("без заголовка, id {}", item.post_id)
        } else {
            title.clone()
        };
        if item.is_sticky {
            self.summary.sticky += 1;
        }
        // The body: shortcodes and paragraphs, its images stored, markup.
        let (prepared, mut dropped) = {
            let context = self.context(HashMap::new());
            content::prepare(&item.content, item.post_id, &context)
        };
        let mut images = HashMap::new();
        let mut image_notes = Vec::new();
        for src in content::image_sources(&prepared) {
            match self.image(&src).await? {
                Ok(found) => {
                    images.insert(src, found);
                }
                Err(why) => image_notes.push(why),
            }
        }
        let converted = content::to_markup(&prepared, &self.context(images));
        dropped.extend(converted.dropped.iter().cloned());
        if !dropped.is_empty() {
            let names: Vec<String> = dropped.into_iter().collect();
            self.summary.remark(
                plan.kind,
                &shown,
                format!("не перенесено: {}", names.join(", ")),
            );
        }
        for why in image_notes {
            self.summary.remark(plan.kind, &shown, why);
        }
        if title.chars().count() > TITLE_MAX_CHARS {
            self.summary.remark(
                plan.kind,
                &shown,
                format!("заголовок длиннее {TITLE_MAX_CHARS} знаков: сократите его перед правкой"),
            );
        }
        let title = if title.is_empty() {
            self.summary
                .remark(plan.kind, &shown, "без заголовка: назван «Без заголовка»");
            "Без заголовка".to_string()
        } else {
            title
        };
        let fingerprint = fingerprint(item);
        match plan.fate {
            Fate::Page(published) => {
                self.write_page(
                    item,
                    plan,
                    &title,
                    &converted.markup,
                    published,
                    &fingerprint,
                )
                .await
            }
            Fate::Article(status) => {
                let lead = rules::lead(
                    &content::plain_text_of_html(&item.excerpt),
                    &converted.first_paragraph,
                );
                let article = ArticleParts {
                    title: &title,
                    lead: &lead,
                    body: &converted.markup,
                    status,
                    fingerprint: &fingerprint,
                };
                self.write_article(item, plan, &article).await
            }
            Fate::Skipped(_) => Ok(()),
        }
    }

    async fn write_article(
        &mut self,
        item: &Item,
        plan: &Planned,
        article: &ArticleParts<'_>,
    ) -> Result<(), ImportError> {
        let title = article.title;
        let counts_as = Kind::Post;
        if let Some(existing) = &plan.existing {
            if existing.fingerprint == article.fingerprint {
                self.summary.count(counts_as).unchanged += 1;
                return self.post_redirects(item, plan).await;
            }
        }
        let category_id = self.category(item, title).await?;
        let author_id = self.author(&item.creator).await?;
        let tags = self.tags(item, title);
        let coauthor_ids = self.coauthors(item, &item.creator).await?;
        let (image_id, image_alt, image_caption) = self.featured(item, title).await?;
        let published_at = rules::date(&item.post_date_gmt, &item.post_date);
        let created = published_at.unwrap_or(self.options.now);
        let modified = rules::date(&item.post_modified_gmt, &item.post_modified)
            .unwrap_or(created)
            .max(created);
        let published_at = match article.status {
            Status::Published | Status::Scheduled => Some(created),
            _ => None,
        };
        let content = Content {
            title,
            lead: article.lead,
            body: article.body,
            category_id: category_id.unwrap_or(0),
            status: article.status,
            breaking: false,
            published_at,
            image_id,
            image_alt: &image_alt,
            image_caption: &image_caption,
            image_credit: "",
            credit_line: "",
            tags: &tags,
            coauthor_ids: &coauthor_ids,
        };
        let source = self.source();
        let key = item.post_id.to_string();
        let provenance = Provenance {
            origin: Origin {
                source: &source,
                kind: "post",
                key: &key,
            },
            fingerprint: article.fingerprint,
            at: self.options.now,
        };
        match &plan.existing {
            None => {
                if !self.options.dry_run {
                    let writer = Writer {
                        author_id,
                        user_id: None,
                        at: created,
                        imported: Some((modified, provenance)),
                    };
                    if let Err(error) =
                        store::insert(self.db, &content, Some(&plan.slug), writer).await
                    {
                        return self.item_failed(counts_as, title, error);
                    }
                }
                self.summary.count(counts_as).imported += 1;
            }
            Some(existing) => {
                let Some(row) = editorial::by_id(self.db, existing.target_id).await? else {
                    self.summary
                        .skip(counts_as, "удалена в редакции после импорта");
                    return Ok(());
                };
                if Some(row.version) != existing.version {
                    // Edited here since: the newsroom's version wins.
                    self.summary
                        .skip(counts_as, "изменена в редакции после импорта");
                    self.summary.remark(
                        counts_as,
                        title,
                        "в WordPress изменена, но здесь её уже правили: оставлена как есть",
                    );
                    return Ok(());
                }
                if !self.options.dry_run {
                    let edit = Edit {
                        user_id: None,
                        at: modified.max(row.updated_at),
                        correction: None,
                        imported: Some(provenance),
                    };
                    match store::update(
                        self.db,
                        row.id,
                        row.version,
                        &content,
                        Some(&plan.slug),
                        edit,
                    )
                    .await
                    {
                        Ok(Some(_)) => {}
                        Ok(None) => {
                            self.summary
                                .skip(counts_as, "изменена в редакции во время импорта");
                            return Ok(());
                        }
                        Err(error) => return self.item_failed(counts_as, title, error),
                    }
                }
                self.summary.count(counts_as).updated += 1;
            }
        }
        self.post_redirects(item, plan).await
    }

    /// A write that failed for this item alone (a constraint) is
    /// reported and the import goes on; a database that is gone stops it.
    fn item_failed(
        &mut self,
        kind: Kind,
        title: &str,
        error: sqlx::Error,
    ) -> Result<(), ImportError> {
        match error {
            sqlx::Error::Database(e) => {
                tracing::warn!(error = %e, title, "import: item refused by the database");
                self.summary
                    .fail(kind, title, "база данных отказалась записать материал");
                Ok(())
            }
            other => Err(ImportError::Database(other)),
        }
    }

    /// Old permalink, `?p=ID` → the article (published or scheduled).
    async fn post_redirects(&mut self, item: &Item, plan: &Planned) -> Result<(), ImportError> {
        let public = match plan.fate {
            Fate::Article(status) => matches!(status, Status::Published | Status::Scheduled),
            Fate::Page(published) => published,
            Fate::Skipped(_) => false,
        };
        if !public || self.options.dry_run {
            return Ok(());
        }
        let ours = match plan.kind {
            Kind::Post => format!("/news/{}", plan.slug),
            _ => format!("/{}", plan.slug),
        };
        let host = self.scan.host();
        let prefix = self.scan.prefix();
        let mut keys: Vec<String> = Vec::new();
        keys.extend(key_of_link(&item.link, &host));
        keys.extend(key_of_link(&item.guid, &host).filter(|k| k.contains('?')));
        let parameter = if plan.kind == Kind::Post {
            "p"
        } else {
            "page_id"
        };
        keys.extend(key(
            &format!("{prefix}/"),
            Some(&format!("{parameter}={}", item.post_id)),
        ));
        for key in keys {
            if key != ours {
                redirects::save(self.db, &key, &ours, self.options.now).await?;
            }
        }
        Ok(())
    }

    async fn write_page(
        &mut self,
        item: &Item,
        plan: &Planned,
        title: &str,
        body: &str,
        published: bool,
        fingerprint: &str,
    ) -> Result<(), ImportError> {
        if let Some(existing) = &plan.existing {
            if existing.fingerprint == fingerprint {
                self.summary.count(Kind::Page).unchanged += 1;
                return self.post_redirects(item, plan).await;
            }
        }
        let source = self.source();
        let key = item.post_id.to_string();
        let provenance = Provenance {
            origin: Origin {
                source: &source,
                kind: "page",
                key: &key,
            },
            fingerprint,
            at: self.options.now,
        };
        if is_reserved(&rules::our_slug(&item.post_name, title)) && plan.existing.is_none() {
            self.summary.remark(
                Kind::Page,
                title,
                format!(
                    "адрес занят разделом сайта: страница открывается по /{}",
                    plan.slug
                ),
            );
        }
        let body_html = store::render_body(self.db, body).await?;
        let page = pages::PageContent {
            slug: &plan.slug,
            title,
            body,
            body_html: &body_html,
            published,
            // Top-level published pages are what a footer links to.
            in_footer: published && item.post_parent == 0,
        };
        match &plan.existing {
            None => {
                if !self.options.dry_run {
                    pages::insert(self.db, &page, self.options.now, Some(&provenance)).await?;
                }
                self.summary.count(Kind::Page).imported += 1;
            }
            Some(existing) => {
                let Some(row) = pages::by_id(self.db, existing.target_id).await? else {
                    self.summary
                        .skip(Kind::Page, "удалена в редакции после импорта");
                    return Ok(());
                };
                if Some(row.updated_at) != existing.version {
                    self.summary
                        .skip(Kind::Page, "изменена в редакции после импорта");
                    return Ok(());
                }
                if !self.options.dry_run {
                    let at = self.options.now.max(row.updated_at + 1);
                    pages::update(
                        self.db,
                        row.id,
                        &page,
                        at,
                        Some(&Provenance { at, ..provenance }),
                    )
                    .await?;
                }
                self.summary.count(Kind::Page).updated += 1;
            }
        }
        self.post_redirects(item, plan).await
    }

    /// Our category for the item's first WordPress category (flattened to
    /// its top category), made on first use; `None` only in a dry run of
    /// a category that does not exist yet.
    async fn category(&mut self, item: &Item, title: &str) -> Result<Option<i64>, ImportError> {
        let filed: Vec<&super::wxr::ItemTerm> = item
            .terms
            .iter()
            .filter(|t| t.domain == "category")
            .collect();
        if filed.len() > 1 {
            let others: Vec<&str> = filed[1..].iter().map(|t| t.name.as_str()).collect();
            self.summary.remark(
                Kind::Post,
                title,
                format!(
                    "в Qalam одна рубрика; другие рубрики записи: {}",
                    others.join(", ")
                ),
            );
        }
        let (wp_slug, name) = match filed.first() {
            Some(term) => match self.scan.top_category(&term.slug) {
                Some(top) => (top.slug.clone(), content::plain_text_of_html(&top.name)),
                None => (term.slug.clone(), content::plain_text_of_html(&term.name)),
            },
            None => ("uncategorized".to_string(), "Без рубрики".to_string()),
        };
        if let Some(id) = self.categories.get(&wp_slug) {
            return Ok(Some(*id));
        }
        let ours = rules::our_slug(&wp_slug, &name);
        let existing = categories::list(self.db).await?;
        let id = match existing.iter().find(|c| c.slug == ours) {
            Some(category) => {
                self.summary.count(Kind::Category).unchanged += 1;
                Some(category.id)
            }
            None => {
                self.summary.count(Kind::Category).imported += 1;
                if self.options.dry_run {
                    None
                } else {
                    let position = existing.iter().map(|c| c.position).max().unwrap_or(0) + 1;
                    let name = if name.is_empty() { ours.clone() } else { name };
                    Some(categories::insert(self.db, &ours, &name, position).await?)
                }
            }
        };
        // A dry run remembers the category it would make as id 0.
        self.categories.insert(wp_slug, id.unwrap_or(0));
        Ok(id)
    }

    /// The byline of WordPress login `login` (an account made on first use).
    async fn author(&mut self, login: &str) -> Result<i64, ImportError> {
        if let Some(id) = self.authors.get(login) {
            return Ok(*id);
        }
        let display = self
            .scan
            .authors
            .get(login)
            .map(|a| {
                let full = format!("{} {}", a.first_name.trim(), a.last_name.trim());
                if !a.display_name.trim().is_empty() {
                    a.display_name.trim().to_string()
                } else {
                    full.trim().to_string()
                }
            })
            .unwrap_or_default();
        let fitted = importable_login(login);
        let exists = crate::db::users::by_login(self.db, &fitted).await?;
        let id = match exists {
            Some(user) => {
                self.summary.count(Kind::Author).unchanged += 1;
                user.author_id
            }
            None => {
                self.summary.count(Kind::Author).imported += 1;
                if self.options.dry_run {
                    0
                } else {
                    imported_author(self.db, login, &display, self.options.now).await?
                }
            }
        };
        self.authors.insert(login.to_string(), id);
        if !self.options.dry_run {
            let source = self.source();
            let origin = Origin {
                source: &source,
                kind: "author",
                key: login,
            };
            let record = Imported {
                target_id: id,
                fingerprint: String::new(),
                version: None,
            };
            imports::save(self.db, origin, &record, self.options.now).await?;
        }
        Ok(id)
    }

    /// Co-authors (the Co-Authors Plus plugin files them as terms of
    /// domain "author", `cap-LOGIN`), after the item's own author.
    async fn coauthors(&mut self, item: &Item, own: &str) -> Result<Vec<i64>, ImportError> {
        let mut ids = Vec::new();
        for term in item.terms.iter().filter(|t| t.domain == "author") {
            let login = term.slug.strip_prefix("cap-").unwrap_or(&term.slug);
            if login == own || !self.scan.authors.contains_key(login) {
                continue;
            }
            let id = self.author(login).await?;
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
        Ok(ids)
    }

    /// The item's tags, as many as our form keeps, each fit for an address.
    fn tags(&mut self, item: &Item, title: &str) -> Vec<String> {
        let mut tags: Vec<String> = Vec::new();
        let mut left_out = Vec::new();
        for term in item.terms.iter().filter(|t| t.domain == "post_tag") {
            let name = content::plain_text_of_html(&term.name);
            let slug = slugify(&name);
            if slug.is_empty()
                || name.chars().count() > TAG_MAX_CHARS
                || tags.iter().any(|t| slugify(t) == slug)
            {
                left_out.push(name);
                continue;
            }
            if tags.len() == MAX_TAGS {
                left_out.push(name);
                continue;
            }
            if self.tags_seen.insert(slug) {
                self.summary.count(Kind::Tag).imported += 1;
            }
            tags.push(name);
        }
        if !left_out.is_empty() {
            self.summary.remark(
                Kind::Post,
                title,
                format!(
                    "теги не перенесены (больше {MAX_TAGS}, длиннее {TAG_MAX_CHARS} знаков или без букв): {}",
                    left_out.join(", ")
                ),
            );
        }
        tags
    }

    /// The featured image (`_thumbnail_id`): stored id, alt, caption.
    async fn featured(
        &mut self,
        item: &Item,
        title: &str,
    ) -> Result<(Option<i64>, String, String), ImportError> {
        let Some(id) = item
            .meta("_thumbnail_id")
            .and_then(|v| v.trim().parse::<i64>().ok())
        else {
            return Ok((None, String::new(), String::new()));
        };
        let Some(attachment) = self.scan.attachments.get(&id) else {
            self.summary.remark(
                Kind::Post,
                title,
                format!("главное изображение (вложение {id}) не найдено в файле"),
            );
            return Ok((None, String::new(), String::new()));
        };
        let (alt, caption) = (attachment.alt.clone(), attachment.caption.clone());
        match self.image(&attachment.url.clone()).await? {
            Ok((url, _)) => Ok((stored_id(&url), alt, caption)),
            Err(why) => {
                self.summary
                    .remark(Kind::Post, title, format!("главное изображение: {why}"));
                Ok((None, String::new(), String::new()))
            }
        }
    }

    /// The file under `uploads` an image address names: after
    /// `/wp-content/uploads/`, or an attachment's file when the address is
    /// the attachment's (or a resized copy of it).
    fn upload_file(&self, src: &str) -> Option<String> {
        let clean = src.split(['?', '#']).next().unwrap_or(src);
        if let Some((_, rest)) = clean.split_once("/wp-content/uploads/") {
            let decoded = rules::decode_slug(rest);
            return Some(decoded);
        }
        let bare = without_scheme(clean);
        let id = self.scan.attachment_by_url.get(bare).or_else(|| {
            let original = original_upload(&format!("/wp-content/uploads/{bare}"))?;
            let original = original.strip_prefix("/wp-content/uploads/")?;
            self.scan.attachment_by_url.get(original)
        })?;
        self.scan.attachment_files.get(id).cloned()
    }

    /// Stores the image an address names, once per file; the outcome is
    /// the stored address and the attachment's alt, or why not.
    async fn image(&mut self, src: &str) -> Result<ImageOutcome, ImportError> {
        let Some(file) = self.upload_file(src) else {
            self.summary.skip(Kind::Image, "не с этого сайта");
            return Ok(Err(format!("внешнее изображение не перенесено: {src}")));
        };
        let file = self.original_file(&file);
        let alt = self
            .scan
            .attachment_by_url
            .get(without_scheme(src))
            .and_then(|id| self.scan.attachments.get(id))
            .map(|a| a.alt.clone())
            .unwrap_or_default();
        if let Some(outcome) = self.images.get(&file) {
            return Ok(outcome.clone().map(|(url, _)| (url, alt)));
        }
        let outcome = self.store_upload(&file).await?;
        self.images.insert(file, outcome.clone());
        Ok(outcome.map(|(url, _)| (url, alt)))
    }

    /// The original of a resized copy ("x-300x200.jpg" → "x.jpg") when
    /// the original is in the uploads folder (or was imported before), so
    /// that an image and its copies are stored once.
    fn original_file(&self, file: &str) -> String {
        let original = original_upload(&format!("/wp-content/uploads/{file}"))
            .and_then(|o| o.strip_prefix("/wp-content/uploads/").map(str::to_string));
        match (original, &self.options.uploads) {
            (Some(original), Some(dir))
                if safe_join(dir, &original).is_some_and(|p| p.is_file()) =>
            {
                original
            }
            _ => file.to_string(),
        }
    }

    async fn store_upload(&mut self, file: &str) -> Result<ImageOutcome, ImportError> {
        let source = self.source();
        let origin = Origin {
            source: &source,
            kind: "upload",
            key: file,
        };
        if let Some(done) = imports::find(self.db, origin).await? {
            if images::size(self.db, done.target_id).await?.is_some() {
                self.summary.count(Kind::Image).unchanged += 1;
                return Ok(Ok((format!("/media/{}", done.target_id), String::new())));
            }
        }
        let Some(dir) = &self.options.uploads else {
            self.summary.skip(Kind::Image, "не указана папка --uploads");
            return Ok(Err(format!(
                "изображение {file}: не указана папка --uploads"
            )));
        };
        let Some(path) = safe_join(dir, file) else {
            self.summary.skip(Kind::Image, "недопустимый путь");
            return Ok(Err(format!("изображение {file}: недопустимый путь")));
        };
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(_) => {
                self.summary.skip(Kind::Image, "файла нет в папке загрузок");
                return Ok(Err(format!(
                    "изображение {file}: файла нет в папке загрузок"
                )));
            }
        };
        if self.options.dry_run {
            self.summary.count(Kind::Image).imported += 1;
            return Ok(Ok(("/media/0".to_string(), String::new())));
        }
        match store_bytes(self.db, None, &bytes, self.options.now).await {
            Ok(stored) => {
                let record = Imported {
                    target_id: stored.id,
                    fingerprint: String::new(),
                    version: None,
                };
                imports::save(self.db, origin, &record, self.options.now).await?;
                let old = format!("{}/wp-content/uploads/{file}", self.scan.prefix());
                if let Some(old) = key(&old, None) {
                    redirects::save(self.db, &old, &stored.url, self.options.now).await?;
                }
                self.summary.count(Kind::Image).imported += 1;
                Ok(Ok((stored.url, String::new())))
            }
            Err(AppError::Refused(refusal)) => {
                let why = crate::messages::refusal(&refusal);
                self.summary.fail(Kind::Image, file, why.clone());
                Ok(Err(format!("изображение {file}: {why}")))
            }
            Err(error) => Err(error.into()),
        }
    }

    /// Old category, tag and author archives and feeds → ours.
    async fn term_redirects(&mut self) -> Result<(), ImportError> {
        if self.options.dry_run {
            return Ok(());
        }
        let prefix = self.scan.prefix();
        let now = self.options.now;
        let mut pairs: Vec<(String, String)> = vec![
            (format!("{prefix}/feed"), "/feed.xml".into()),
            (format!("{prefix}/rss"), "/feed.xml".into()),
            (format!("{prefix}/comments/feed"), "/feed.xml".into()),
        ];
        let all = categories::list(self.db).await?;
        for term in self.scan.categories.values() {
            let Some(top) = self.scan.top_category(&term.slug) else {
                continue;
            };
            let Some(id) = self.categories.get(&top.slug) else {
                continue;
            };
            let Some(ours) = all.iter().find(|c| c.id == *id) else {
                continue;
            };
            let old = format!("{prefix}/category/{}", self.scan.category_path(&term.slug));
            pairs.push((old.clone(), format!("/category/{}", ours.slug)));
            pairs.push((
                format!("{old}/feed"),
                format!("/category/{}/feed.xml", ours.slug),
            ));
        }
        let mut tag_slugs: Vec<(String, String)> = Vec::new();
        for term in self.scan.tags.values() {
            let ours = slugify(&content::plain_text_of_html(&term.name));
            if self.tags_seen.contains(&ours) {
                tag_slugs.push((rules::decode_slug(&term.slug), ours));
            }
        }
        for (old, ours) in tag_slugs {
            pairs.push((format!("{prefix}/tag/{old}"), format!("/tag/{ours}")));
            pairs.push((
                format!("{prefix}/tag/{old}/feed"),
                format!("/tag/{ours}/feed.xml"),
            ));
        }
        for (login, author_id) in &self.authors {
            if let Some(byline) = crate::db::authors::by_id(self.db, *author_id).await? {
                pairs.push((
                    format!("{prefix}/author/{}", rules::decode_slug(login)),
                    format!("/author/{}", byline.slug),
                ));
            }
        }
        for (old, ours) in pairs {
            if let Some(old) = key(&old, None) {
                if old != ours {
                    redirects::save(self.db, &old, &ours, now).await?;
                }
            }
        }
        Ok(())
    }
}

/// An article's parts once converted.
struct ArticleParts<'a> {
    title: &'a str,
    lead: &'a str,
    body: &'a str,
    status: Status,
    fingerprint: &'a str,
}

/// `file` under `dir`, refusing absolute paths and `..` (an export could
/// name any file on the machine).
fn safe_join(dir: &Path, file: &str) -> Option<PathBuf> {
    let relative = Path::new(file);
    if relative
        .components()
        .all(|c| matches!(c, Component::Normal(_)))
        && !file.is_empty()
    {
        Some(dir.join(relative))
    } else {
        None
    }
}

/// A hash of what an item says, so a second import knows what changed.
fn fingerprint(item: &Item) -> String {
    let mut hash = Sha256::new();
    let mut part = |text: &str| {
        hash.update(text.as_bytes());
        hash.update([0x1f]);
    };
    for text in [
        &item.title,
        &item.content,
        &item.excerpt,
        &item.status,
        &item.post_type,
        &item.post_name,
        &item.post_date_gmt,
        &item.post_date,
        &item.post_modified_gmt,
        &item.creator,
        &item.post_password,
    ] {
        part(text);
    }
    for term in &item.terms {
        part(&term.domain);
        part(&term.slug);
        part(&term.name);
    }
    part(item.meta("_thumbnail_id").unwrap_or(""));
    hash.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upload_paths_never_leave_the_uploads_folder() {
        let dir = Path::new("/srv/uploads");
        assert_eq!(
            safe_join(dir, "2026/11/x.jpg"),
            Some(PathBuf::from("/srv/uploads/2026/11/x.jpg"))
        );
        for bad in ["../etc/passwd", "/etc/passwd", "2026/../../x", ""] {
            assert_eq!(safe_join(dir, bad), None, "{bad}");
        }
    }

    #[test]
    fn a_changed_item_changes_its_fingerprint_and_a_copy_does_not() {
        let item = Item {
            title: "Аким".into(),
            content: "<p>Текст</p>".into(),
            ..Item::default()
        };
        let copy = item.clone();
        let changed = Item {
            content: "<p>Текст исправлен</p>".into(),
            ..item.clone()
        };
        assert_eq!(fingerprint(&item), fingerprint(&copy));
        assert_ne!(fingerprint(&item), fingerprint(&changed));
        assert_eq!(fingerprint(&item).len(), 64);
    }
}
