//! The last pass: the export again, item by item, written through the
//! one publishing path (`store::insert` / `store::update`), each article
//! with where it came from; the redirects from old addresses.
//!
//! Longer than most files: one item's whole way (conversion, the
//! checks against an earlier import, the write, the redirects) reads in
//! one place; bylines and terms are in `terms.rs`, images in `uploads.rs`.

use super::scan::{Planned, Scan, LANGUAGE_NOT_OURS};
use super::summary::{Kind, Summary};
use super::{ImportError, Options, Progress};
use crate::db::imports::{Origin, Provenance};
use crate::db::{editorial, redirects, Db};
use crate::domain::articles::{Status, TITLE_MAX_CHARS};
use crate::domain::lang::Lang;
use crate::server::articles::store::{self, Content, Edit, Writer};
use crate::server::redirects::key_of_link;
use crate::server::wordpress::content::{self, Attachment, Context};
use crate::server::wordpress::rules::{self, Fate};
use crate::server::wordpress::wxr::{Entry, Item, WxrError, WxrReader};
use sha2::{Digest, Sha256};
use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::io::BufReader;
use std::path::Path;

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
pub(super) type ImageOutcome = Result<(String, String), String>;

pub(super) struct Importer<'a> {
    pub(super) db: &'a Db,
    pub(super) options: &'a Options,
    pub(super) scan: &'a Scan,
    pub(super) links: HashMap<String, String>,
    pub(super) summary: &'a mut Summary,
    /// Uploads already resolved in this run, by file under `uploads`.
    pub(super) images: HashMap<String, ImageOutcome>,
    /// Our category id by WordPress top category slug.
    pub(super) categories: HashMap<String, i64>,
    /// Bylines by WordPress login.
    pub(super) authors: HashMap<String, i64>,
    pub(super) tags_seen: HashSet<String>,
    /// Redirects not yet written (written a thousand at a time).
    pub(super) redirects: Vec<(String, String)>,
    /// Posts of Polylang translation groups as written: (group, edition,
    /// our article id), linked once all are written (`editions.rs`).
    pub(super) translations: Vec<(String, Lang, i64)>,
}

impl Importer<'_> {
    pub(super) fn source(&self) -> String {
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
    pub(super) async fn write_all(
        &mut self,
        file: &Path,
        progress: &dyn Progress,
    ) -> Result<(), ImportError> {
        progress.phase("импорт", self.scan.items);
        // Where each post's plan is, by WordPress id (the plans stay where
        // they are: a copy would double them on a large export).
        let scan = self.scan;
        let planned: HashMap<i64, usize> = scan
            .planned
            .iter()
            .enumerate()
            .map(|(at, (id, _))| (*id, at))
            .collect();
        let mut reader = WxrReader::new(BufReader::new(File::open(file).map_err(WxrError::Io)?));
        let mut done = 0;
        while let Some(entry) = reader.next_entry()? {
            let Entry::Item(item) = entry else { continue };
            done += 1;
            progress.set(done);
            self.summary.comments += item.comments;
            match planned.get(&item.post_id) {
                Some(at) => self.write_item(&item, &scan.planned[*at].1).await?,
                None => self.skip_item(&item),
            }
        }
        self.link_translations().await?;
        self.term_redirects().await?;
        self.flush_redirects().await?;
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
        if self.scan.not_ours.contains(&item.post_id) {
            self.summary.skip(kind, LANGUAGE_NOT_OURS);
        } else if let Fate::Skipped(reason) = rules::fate(&item.post_type, &item.status, "") {
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
        // Unchanged since the last import: nothing to convert or write.
        let fingerprint = fingerprint(item);
        if plan
            .existing
            .as_ref()
            .is_some_and(|e| e.fingerprint == fingerprint)
        {
            self.summary.count(plan.kind).unchanged += 1;
            return self.post_redirects(item, plan).await;
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
        let seo_title = rules::seo_title(seo_meta(item, SEO_TITLE_KEYS), title, article.lead);
        let seo_description =
            rules::seo_description(seo_meta(item, SEO_DESCRIPTION_KEYS), title, article.lead);
        let content = Content {
            title,
            lead: article.lead,
            body: article.body,
            category_id: category_id.unwrap_or(0),
            status: article.status,
            breaking: false,
            breaking_hours: crate::domain::live::BREAKING_HOURS_DEFAULT,
            published_at,
            image_id,
            image_alt: &image_alt,
            image_caption: &image_caption,
            image_credit: "",
            credit_line: "",
            seo_title: &seo_title,
            seo_description: &seo_description,
            tags: &tags,
            coauthor_ids: &coauthor_ids,
            // An import never posts to Telegram (the outbox skips it). It
            // updates an article only while nobody edited it here, so
            // there are no choices of the editors' to keep.
            telegram: Default::default(),
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
                        imported: Some((modified, provenance)),
                        edition: plan.lang,
                        ..Writer::new(author_id, None, created)
                    };
                    match store::insert(self.db, &content, Some(&plan.slug), writer).await {
                        Ok((id, _)) => self.note_translation(plan, id),
                        Err(error) => return self.item_failed(counts_as, title, error),
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
                        moves_to: None,
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
                        Ok(Some(_)) => self.note_translation(plan, row.id),
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
    pub(super) fn item_failed(
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
}

/// An article's parts once converted.
struct ArticleParts<'a> {
    title: &'a str,
    lead: &'a str,
    body: &'a str,
    status: Status,
    fingerprint: &'a str,
}

/// Where SEO plugins keep a post's search title and description: Yoast
/// SEO's keys first, then Rank Math's.
const SEO_TITLE_KEYS: [&str; 2] = ["_yoast_wpseo_title", "rank_math_title"];
const SEO_DESCRIPTION_KEYS: [&str; 2] = ["_yoast_wpseo_metadesc", "rank_math_description"];

fn seo_meta<'a>(item: &'a Item, keys: [&str; 2]) -> &'a str {
    keys.iter().find_map(|key| item.meta(key)).unwrap_or("")
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
    // Only when there are any, so that posts without them keep the
    // fingerprint they had before SEO fields were imported.
    for key in SEO_TITLE_KEYS.iter().chain(&SEO_DESCRIPTION_KEYS) {
        if let Some(value) = item.meta(key) {
            part(key);
            part(value);
        }
    }
    hash.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

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
