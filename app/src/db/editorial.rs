//! Articles as editors see them: any status, by id, with versions and
//! revisions. Every change to an existing article goes through
//! [`update`], which keeps the replaced version as a revision and refuses
//! the change if someone else saved first (optimistic concurrency).
// Past 500 lines: `update` is one transaction (revision, corrections,
// redirects, the outbox) and stays in one place with the rows it reads.

use super::articles::{Content, TelegramChoice};
use super::Db;
use super::Flag;
use crate::domain::articles::Status;
use crate::domain::articles::LIST_COUNT_CAP;
use crate::domain::lang::Lang;
use crate::domain::live::{breaking_window, BreakingWindow};

/// An article with everything the form shows.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct EditorRow {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub lead: String,
    pub body: String,
    pub category_id: i64,
    pub author_id: i64,
    pub status: Status,
    #[sqlx(try_from = "Flag")]
    pub breaking: bool,
    pub published_at: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
    pub version: i64,
    pub image_id: Option<i64>,
    pub image_alt: String,
    pub image_caption: String,
    pub image_credit: String,
    pub credit_line: String,
    pub seo_title: String,
    pub seo_description: String,
    pub breaking_hours: i64,
    /// When the breaking bar goes (or went): `domain::live`.
    pub breaking_until: Option<i64>,
    pub live_started_at: Option<i64>,
    pub live_ended_at: Option<i64>,
    /// The name of the user who made this version, if a user did.
    pub updated_by_name: Option<String>,
    #[sqlx(try_from = "String")]
    pub lang: Lang,
    pub translation_group: Option<i64>,
    /// «Не публиковать в Telegram», and its own text there.
    #[sqlx(try_from = "Flag")]
    pub telegram_skip: bool,
    pub telegram_text: String,
}

#[cfg(test)]
impl EditorRow {
    /// A row for unit tests: article 1 in category 1, by `author_id`.
    pub(crate) fn sample(status: Status, author_id: i64, published_at: Option<i64>) -> EditorRow {
        EditorRow {
            id: 1,
            slug: "s".into(),
            title: "t".into(),
            lead: String::new(),
            body: String::new(),
            category_id: 1,
            author_id,
            status,
            breaking: false,
            published_at,
            created_at: 0,
            updated_at: 0,
            version: 1,
            image_id: None,
            image_alt: String::new(),
            image_caption: String::new(),
            image_credit: String::new(),
            credit_line: String::new(),
            seo_title: String::new(),
            seo_description: String::new(),
            breaking_hours: 2,
            breaking_until: None,
            live_started_at: None,
            live_ended_at: None,
            updated_by_name: None,
            lang: Lang::Ru,
            translation_group: None,
            telegram_skip: false,
            telegram_text: String::new(),
        }
    }
}

pub async fn by_id(db: &Db, id: i64) -> Result<Option<EditorRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT a.id, a.slug, a.title, a.lead, a.body, a.category_id, a.author_id, a.status, \
                a.breaking, a.published_at, a.created_at, a.updated_at, a.version, \
                a.image_id, a.image_alt, a.image_caption, a.image_credit, a.credit_line, \
                a.seo_title, a.seo_description, \
                a.breaking_hours, a.breaking_until, a.live_started_at, a.live_ended_at, \
                u.name AS updated_by_name, a.lang, a.translation_group, \
                a.telegram_skip, a.telegram_text \
         FROM articles a LEFT JOIN users u ON u.id = a.updated_by WHERE a.id = $1",
    )
    .bind(id)
    .fetch_optional(&mut *db.conn().await?)
    .await
}

/// The new state of an article. The caller renders `body_html`.
#[derive(Clone, Copy, Debug)]
pub struct Changes<'a> {
    pub slug: &'a str,
    pub content: Content<'a>,
    pub body_html: &'a str,
    /// The user, when a person made the change (not the command line).
    pub updated_by: Option<i64>,
    pub updated_at: i64,
    /// A correction note that comes with this version, if any.
    pub correction: Option<&'a str>,
    /// Where an importer took this version from, recorded with it.
    pub imported: Option<super::imports::Provenance<'a>>,
    /// The edition an unpublished article without translations moves to.
    pub moves_to: Option<Lang>,
}

impl EditorRow {
    /// This article's content as stored, to write it again with a part
    /// changed (a status, a revision's text).
    pub fn content<'a>(&'a self, tags: &'a [String], coauthor_ids: &'a [i64]) -> Content<'a> {
        Content {
            title: &self.title,
            lead: &self.lead,
            body: &self.body,
            category_id: self.category_id,
            status: self.status,
            breaking: self.breaking,
            breaking_hours: self.breaking_hours,
            published_at: self.published_at,
            image_id: self.image_id,
            image_alt: &self.image_alt,
            image_caption: &self.image_caption,
            image_credit: &self.image_credit,
            credit_line: &self.credit_line,
            seo_title: &self.seo_title,
            seo_description: &self.seo_description,
            tags,
            coauthor_ids,
            telegram: TelegramChoice {
                skip: self.telegram_skip,
                text: &self.telegram_text,
            },
        }
    }
}

/// Saves `changes` over version `expected_version` of article `id`, keeping
/// that version as a revision. Returns the new version, or `None` when the
/// article is no longer at `expected_version` (someone saved first);
/// then nothing is written.
pub async fn update(
    db: &Db,
    id: i64,
    expected_version: i64,
    changes: &Changes<'_>,
) -> Result<Option<i64>, sqlx::Error> {
    let content = &changes.content;
    let mut tx = db.begin().await?;
    // Claim the row first: SQLite takes its write lock, PostgreSQL a row
    // lock, so concurrent saves queue here and the later ones find the
    // version moved. (Writing the revision first took a key-share lock
    // through its foreign key in every save; on PostgreSQL two of them
    // then upgrading to the update deadlocked.)
    let claimed =
        sqlx::query("UPDATE articles SET version = version WHERE id = $1 AND version = $2")
            .bind(id)
            .bind(expected_version)
            .execute(&mut *tx)
            .await?;
    if claimed.rows_affected() == 0 {
        tx.rollback().await?;
        return Ok(None);
    }
    type Before = (
        String,
        String,
        Status,
        Flag,
        Option<i64>,
        Option<i64>,
        i64,
        String,
        String,
        String,
    );
    let (
        old_slug,
        old_lang,
        old_status,
        old_breaking,
        since,
        until,
        hours,
        old_title,
        old_lead,
        old_telegram_text,
    ): Before = sqlx::query_as(
        "SELECT slug, lang, status, breaking, breaking_since, breaking_until, breaking_hours, \
                title, lead, telegram_text \
         FROM articles WHERE id = $1",
    )
    .bind(id)
    .fetch_one(&mut *tx)
    .await?;
    let before = BreakingWindow {
        since,
        until,
        hours,
    };
    let window = breaking_window(
        Some((old_status, old_breaking.into(), before)),
        content.status,
        content.breaking,
        content.published_at,
        content.breaking_hours,
        changes.updated_at,
    );
    let revision: Option<i64> = sqlx::query_scalar(
        "INSERT INTO article_revisions (article_id, version, slug, title, lead, body, \
             category_id, status, breaking, published_at, image_id, image_alt, saved_by, saved_at, \
             image_caption, image_credit, credit_line, seo_title, seo_description) \
         SELECT id, version, slug, title, lead, body, category_id, status, breaking, \
                published_at, image_id, image_alt, updated_by, updated_at, \
                image_caption, image_credit, credit_line, seo_title, seo_description \
         FROM articles WHERE id = $1 AND version = $2 RETURNING id",
    )
    .bind(id)
    .bind(expected_version)
    .fetch_optional(&mut *tx)
    .await?;
    if let Some(revision) = revision {
        let replaced_tags = super::tags::names(&mut *tx, id).await?;
        let replaced_coauthors = super::authors::coauthor_ids(&mut *tx, id).await?;
        sqlx::query("UPDATE article_revisions SET tags = $1, coauthors = $2 WHERE id = $3")
            .bind(replaced_tags.join(", "))
            .bind(super::authors::ids_text(&replaced_coauthors))
            .bind(revision)
            .execute(&mut *tx)
            .await?;
    }
    let done = sqlx::query(
        "UPDATE articles SET slug = $3, title = $4, lead = $5, body = $6, body_html = $7, \
             category_id = $8, status = $9, breaking = $10, published_at = $11, \
             image_id = $12, image_alt = $13, updated_by = $14, updated_at = $15, \
             image_caption = $16, image_credit = $17, credit_line = $18, \
             breaking_hours = $19, breaking_since = $20, breaking_until = $21, \
             seo_title = $22, seo_description = $23, lang = COALESCE($24, lang), \
             telegram_skip = $25, telegram_text = $26, version = version + 1 \
         WHERE id = $1 AND version = $2",
    )
    .bind(id)
    .bind(expected_version)
    .bind(changes.slug)
    .bind(content.title)
    .bind(content.lead)
    .bind(content.body)
    .bind(changes.body_html)
    .bind(content.category_id)
    .bind(content.status)
    .bind(i64::from(content.breaking))
    .bind(content.published_at)
    .bind(content.image_id)
    .bind(content.image_alt)
    .bind(changes.updated_by)
    .bind(changes.updated_at)
    .bind(content.image_caption)
    .bind(content.image_credit)
    .bind(content.credit_line)
    .bind(window.hours)
    .bind(window.since)
    .bind(window.until)
    .bind(content.seo_title)
    .bind(content.seo_description)
    .bind(changes.moves_to.map(Lang::code))
    .bind(i64::from(content.telegram.skip))
    .bind(content.telegram.text)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 0 {
        tx.rollback().await?;
        return Ok(None);
    }
    if let Some(note) = changes.correction {
        super::corrections::insert(
            &mut tx,
            id,
            expected_version + 1,
            note,
            changes.updated_by,
            changes.updated_at,
        )
        .await?;
    }
    let author_id: i64 = sqlx::query_scalar("SELECT author_id FROM articles WHERE id = $1")
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
    super::authors::set_for_article(&mut tx, id, author_id, content.coauthor_ids).await?;
    super::tags::set_for_article(&mut tx, id, content.tags).await?;
    super::search::index(&mut tx, id).await?;
    // What its channels show changes with it: posted when it appears,
    // edited when its words or a correction change, deleted when it goes.
    // An import's version never leaves the site.
    let revised = (
        old_title.as_str(),
        old_lead.as_str(),
        old_telegram_text.as_str(),
    ) != (content.title, content.lead, content.telegram.text)
        || changes.correction.is_some();
    let change = super::outbox::ArticleChange::between(
        old_status == Status::Published,
        content.status == Status::Published,
        revised,
    );
    if let (Some(change), None) = (change, &changes.imported) {
        super::outbox::article_changed(&mut tx, id, change, changes.updated_at).await?;
    }
    // Search engines learn of any change to a visible address (the body
    // too), and of the old address a new slug leaves behind.
    let visible = old_status == Status::Published || content.status == Status::Published;
    if visible && changes.imported.is_none() {
        let edition = changes
            .moves_to
            .or_else(|| Lang::from_code(&old_lang))
            .unwrap_or_default();
        let mut paths = vec![edition.article_path(changes.slug)];
        if old_slug != changes.slug {
            paths.push(edition.article_path(&old_slug));
        }
        super::outbox::ping_search_engines(&mut tx, id, &paths, changes.updated_at).await?;
    }
    // A published article's old address leads to its new one (a
    // published article never changes edition).
    if old_slug != changes.slug && old_status == Status::Published {
        let edition = Lang::from_code(&old_lang).unwrap_or_default();
        super::redirects::set(
            &mut tx,
            &edition.article_path(&old_slug),
            &edition.article_path(changes.slug),
            changes.updated_at,
        )
        .await?;
    }
    if let Some(imported) = &changes.imported {
        imported.record(&mut tx, id, expected_version + 1).await?;
    }
    tx.commit().await?;
    Ok(Some(expected_version + 1))
}

/// Deletes an article for good, with its revisions; only from the trash.
pub async fn delete_trashed(db: &Db, id: i64) -> Result<bool, sqlx::Error> {
    let mut tx = db.begin().await?;
    let done = sqlx::query("DELETE FROM articles WHERE id = $1 AND status = 'trashed'")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    if done.rows_affected() == 1 {
        super::search::forget(&mut tx, id).await?;
    }
    tx.commit().await?;
    Ok(done.rows_affected() == 1)
}

/// Publishes every scheduled article whose time has come; returns their
/// ids. One conditional UPDATE: when several servers run it at once, each
/// article is published by exactly one of them.
/// `$1` now: `articles_scheduled` (the few scheduled articles).
pub const PUBLISH_DUE_SQL: &str = "UPDATE articles SET status = 'published' \
     WHERE status = 'scheduled' AND published_at <= $1 RETURNING id";

/// Publishes the scheduled articles whose time has come, and writes
/// their channels' posts in the same transaction (they go out when they
/// are published, not when they were saved).
pub async fn publish_due(db: &Db, now: i64) -> Result<Vec<i64>, sqlx::Error> {
    let mut tx = db.begin().await?;
    let ids: Vec<i64> = sqlx::query_scalar(PUBLISH_DUE_SQL)
        .bind(now)
        .fetch_all(&mut *tx)
        .await?;
    for id in &ids {
        super::search::index(&mut tx, *id).await?;
        super::outbox::article_changed(&mut tx, *id, super::outbox::ArticleChange::Published, now)
            .await?;
    }
    tx.commit().await?;
    Ok(ids)
}

/// The editors' list filter; `None` means any.
#[derive(Clone, Debug, Default)]
pub struct ListFilter {
    /// A status; `None` lists everything except the trash.
    pub status: Option<Status>,
    pub category_id: Option<i64>,
    pub author_id: Option<i64>,
    /// Case variants of the searched words, each matched with LIKE.
    pub title_patterns: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct ListRow {
    pub id: i64,
    #[sqlx(try_from = "String")]
    pub lang: Lang,
    pub slug: String,
    pub title: String,
    pub status: Status,
    pub category_id: i64,
    pub author_id: i64,
    pub published_at: Option<i64>,
    pub updated_at: i64,
}

enum Arg {
    Int(i64),
    Text(String),
}

/// One page of the editors' list, newest first, and the number of matches
/// (at most `LIST_COUNT_CAP + 1`).
pub async fn list(
    db: &Db,
    filter: &ListFilter,
    limit: i64,
    offset: i64,
) -> Result<(Vec<ListRow>, i64), sqlx::Error> {
    let mut conditions = Vec::new();
    let mut args = Vec::new();
    let param = |arg: Arg, args: &mut Vec<Arg>| {
        args.push(arg);
        format!("${}", args.len())
    };
    match &filter.status {
        Some(status) => {
            let p = param(Arg::Text(status.as_str().to_string()), &mut args);
            conditions.push(format!("status = {p}"));
        }
        None => conditions.push("status <> 'trashed'".to_string()),
    }
    if let Some(id) = filter.category_id {
        let p = param(Arg::Int(id), &mut args);
        conditions.push(format!("category_id = {p}"));
    }
    if let Some(id) = filter.author_id {
        let p = param(Arg::Int(id), &mut args);
        conditions.push(format!("author_id = {p}"));
    }
    if !filter.title_patterns.is_empty() {
        let alternatives: Vec<String> = filter
            .title_patterns
            .iter()
            .map(|pattern| {
                let p = param(Arg::Text(pattern.clone()), &mut args);
                format!("title LIKE {p} ESCAPE '\\'")
            })
            .collect();
        conditions.push(format!("({})", alternatives.join(" OR ")));
    }
    let where_clause = conditions.join(" AND ");
    let count_sql = format!(
        "SELECT COUNT(*) FROM (SELECT 1 FROM articles WHERE {where_clause} LIMIT {}) AS matches",
        LIST_COUNT_CAP + 1
    );
    let mut count = sqlx::query_scalar(&count_sql);
    for arg in &args {
        count = match arg {
            Arg::Int(v) => count.bind(*v),
            Arg::Text(v) => count.bind(v.as_str()),
        };
    }
    let total: i64 = count.fetch_one(&mut *db.conn().await?).await?;
    let n = args.len();
    let list_sql = format!(
        "SELECT id, lang, slug, title, status, category_id, author_id, published_at, updated_at \
         FROM articles WHERE {where_clause} ORDER BY created_at DESC, id DESC \
         LIMIT ${} OFFSET ${}",
        n + 1,
        n + 2
    );
    let mut query = sqlx::query_as(&list_sql);
    for arg in &args {
        query = match arg {
            Arg::Int(v) => query.bind(*v),
            Arg::Text(v) => query.bind(v.as_str()),
        };
    }
    let rows = query
        .bind(limit)
        .bind(offset)
        .fetch_all(&mut *db.conn().await?)
        .await?;
    Ok((rows, total))
}

/// A kept version of an article.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct RevisionRow {
    pub id: i64,
    pub article_id: i64,
    pub version: i64,
    pub slug: String,
    pub title: String,
    pub lead: String,
    pub body: String,
    pub category_id: i64,
    #[sqlx(try_from = "Flag")]
    pub breaking: bool,
    pub image_id: Option<i64>,
    pub image_alt: String,
    pub image_caption: String,
    pub image_credit: String,
    pub credit_line: String,
    pub seo_title: String,
    pub seo_description: String,
    pub saved_at: i64,
    pub saved_by_name: Option<String>,
    /// As typed: "a, b".
    pub tags: String,
    /// Co-author ids in order: "3,7".
    pub coauthors: String,
}

const REVISION_COLUMNS: &str = "r.id, r.article_id, r.version, r.slug, r.title, r.lead, r.body, \
     r.category_id, r.breaking, r.image_id, r.image_alt, r.image_caption, r.image_credit, \
     r.credit_line, r.seo_title, r.seo_description, r.saved_at, u.name AS saved_by_name, \
     r.tags, r.coauthors";

pub async fn revisions(db: &Db, article_id: i64) -> Result<Vec<RevisionRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {REVISION_COLUMNS} FROM article_revisions r \
         LEFT JOIN users u ON u.id = r.saved_by \
         WHERE r.article_id = $1 ORDER BY r.version DESC, r.id DESC"
    ))
    .bind(article_id)
    .fetch_all(&mut *db.conn().await?)
    .await
}

pub async fn revision(
    db: &Db,
    article_id: i64,
    revision_id: i64,
) -> Result<Option<RevisionRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {REVISION_COLUMNS} FROM article_revisions r \
         LEFT JOIN users u ON u.id = r.saved_by \
         WHERE r.article_id = $1 AND r.id = $2"
    ))
    .bind(article_id)
    .bind(revision_id)
    .fetch_optional(&mut *db.conn().await?)
    .await
}
