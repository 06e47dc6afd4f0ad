//! Articles: the reader's lists and pages, and inserting new ones.
//!
//! "Visible to readers" means status 'published' and a publish time not in
//! the future. Lists never join: they read the newest-first indexes only,
//! and callers map `category_id` through the (small) category list.
//!
//! Longer than most files on purpose: every query on the `articles` table
//! but the editors' (`editorial.rs`) and search's stays here, beside the
//! others, so that whoever changes one sees which indexes
//! (migrations 0001 and 0004) they all rely on.

use super::Flag;
use super::{Cursor, Db};
use crate::domain::articles::Status;
use crate::domain::live::breaking_window;

/// Columns of a list item; kept in one place for every list query.
/// Qualified, since lists join `article_tags` or `article_authors`.
const SUMMARY_COLUMNS: &str = "articles.id, articles.slug, articles.title, articles.lead, \
     articles.category_id, articles.author_id, articles.published_at, articles.updated_at, \
     articles.breaking, articles.image_id, articles.image_alt, \
     CAST(CASE WHEN articles.live_started_at IS NOT NULL AND articles.live_ended_at IS NULL \
          THEN 1 ELSE 0 END AS BIGINT) AS live";

#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct SummaryRow {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub lead: String,
    pub category_id: i64,
    pub author_id: i64,
    pub published_at: i64,
    pub updated_at: i64,
    #[sqlx(try_from = "Flag")]
    pub breaking: bool,
    pub image_id: Option<i64>,
    pub image_alt: String,
    /// A live story now («Онлайн»).
    #[sqlx(try_from = "Flag")]
    pub live: bool,
}

impl SummaryRow {
    pub fn cursor(&self) -> Cursor {
        Cursor {
            published_at: self.published_at,
            id: self.id,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct ArticleRow {
    pub id: i64,
    pub category_id: i64,
    pub author_slug: String,
    pub slug: String,
    pub title: String,
    pub lead: String,
    pub body_html: String,
    pub category_slug: String,
    pub category_name: String,
    pub author_name: String,
    pub published_at: i64,
    pub updated_at: i64,
    #[sqlx(try_from = "Flag")]
    pub breaking: bool,
    pub image_id: Option<i64>,
    pub image_alt: String,
    pub image_width: Option<i64>,
    pub image_height: Option<i64>,
    pub image_caption: String,
    pub image_credit: String,
    pub credit_line: String,
    pub live_started_at: Option<i64>,
    pub live_ended_at: Option<i64>,
}

/// The newest visible articles, optionally older than `before`.
pub async fn latest(
    db: &Db,
    now: i64,
    limit: i64,
    before: Option<Cursor>,
) -> Result<Vec<SummaryRow>, sqlx::Error> {
    let before = before.unwrap_or(Cursor {
        published_at: i64::MAX,
        id: i64::MAX,
    });
    let sql = format!(
        "SELECT {SUMMARY_COLUMNS} FROM articles \
         WHERE status = 'published' AND published_at <= $1 \
           AND (published_at, id) < ($2, $3) \
         ORDER BY published_at DESC, id DESC LIMIT $4"
    );
    sqlx::query_as(&sql)
        .bind(now)
        .bind(before.published_at)
        .bind(before.id)
        .bind(limit)
        .fetch_all(&mut *db.conn().await?)
        .await
}

/// The lead story: the newest breaking article of the last `window`
/// seconds, or else the newest article.
pub async fn lead(db: &Db, now: i64, window: i64) -> Result<Option<SummaryRow>, sqlx::Error> {
    match breaking_since(db, now, window).await? {
        Some(row) => Ok(Some(row)),
        None => Ok(latest(db, now, 1, None).await?.into_iter().next()),
    }
}

/// The newest breaking article of the last `window` seconds.
pub async fn breaking_since(
    db: &Db,
    now: i64,
    window: i64,
) -> Result<Option<SummaryRow>, sqlx::Error> {
    let sql = format!(
        "SELECT {SUMMARY_COLUMNS} FROM articles \
         WHERE status = 'published' AND published_at <= $1 AND published_at > $2 \
           AND breaking = 1 \
         ORDER BY published_at DESC, id DESC LIMIT 1"
    );
    sqlx::query_as(&sql)
        .bind(now)
        .bind(now - window)
        .fetch_optional(&mut *db.conn().await?)
        .await
}

/// The newest `per` visible articles of each category in `category_ids`,
/// in one round trip: a UNION of one indexed read per category (the home
/// page's blocks). Rows come grouped by category, newest first in each.
pub async fn newest_in_categories(
    db: &Db,
    category_ids: &[i64],
    now: i64,
    per: i64,
) -> Result<Vec<SummaryRow>, sqlx::Error> {
    if category_ids.is_empty() {
        return Ok(Vec::new());
    }
    let reads: Vec<String> = (0..category_ids.len())
        .map(|i| {
            format!(
                "SELECT * FROM (SELECT {SUMMARY_COLUMNS} FROM articles \
                 WHERE category_id = ${} AND status = 'published' AND published_at <= $1 \
                 ORDER BY published_at DESC, id DESC LIMIT $2) AS block{i}",
                i + 3
            )
        })
        .collect();
    let sql = reads.join(" UNION ALL ");
    let mut query = sqlx::query_as(&sql).bind(now).bind(per);
    for id in category_ids {
        query = query.bind(*id);
    }
    query.fetch_all(&mut *db.conn().await?).await
}

/// Which slice of a category to read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Slice {
    /// From the newest.
    First,
    /// Items older than the cursor (the "next page" link).
    OlderThan(Cursor),
    /// Items newer than the cursor (the "previous page" link).
    NewerThan(Cursor),
    /// The page that starts `skip` items from the newest, for a page number
    /// typed without a cursor: one seek over the covering index, then keyset.
    Skip(i64),
}

/// A list of articles readers can page through.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    Category(i64),
    Author(i64),
    Tag(i64),
}

impl Scope {
    /// The FROM clause and the condition on `$1` (the scope's id).
    fn sql(self) -> (&'static str, &'static str, i64) {
        match self {
            Scope::Category(id) => ("articles", "category_id = $1", id),
            Scope::Author(id) => (
                "articles JOIN article_authors ON article_authors.article_id = articles.id",
                "article_authors.author_id = $1",
                id,
            ),
            Scope::Tag(id) => (
                "articles JOIN article_tags ON article_tags.article_id = articles.id",
                "article_tags.tag_id = $1",
                id,
            ),
        }
    }
}

/// Up to `limit` visible articles of a category, an author or a tag,
/// newest first.
pub async fn in_scope(
    db: &Db,
    scope: Scope,
    now: i64,
    slice: Slice,
    limit: i64,
) -> Result<Vec<SummaryRow>, sqlx::Error> {
    let (from, filter, scope_id) = scope.sql();
    let visible = format!("{filter} AND status = 'published' AND published_at <= $2");
    let (keyset, cursor, ascending) = match slice {
        Slice::First => ("", None, false),
        Slice::OlderThan(c) => ("AND (published_at, articles.id) < ($3, $4)", Some(c), false),
        Slice::NewerThan(c) => ("AND (published_at, articles.id) > ($3, $4)", Some(c), true),
        Slice::Skip(skip) => {
            let start: Option<(i64, i64)> = sqlx::query_as(&format!(
                "SELECT published_at, articles.id FROM {from} WHERE {visible} \
                 ORDER BY published_at DESC, articles.id DESC LIMIT 1 OFFSET $3"
            ))
            .bind(scope_id)
            .bind(now)
            .bind(skip)
            .fetch_optional(&mut *db.conn().await?)
            .await?;
            let Some((published_at, id)) = start else {
                return Ok(Vec::new());
            };
            let start = Cursor { published_at, id };
            (
                "AND (published_at, articles.id) <= ($3, $4)",
                Some(start),
                false,
            )
        }
    };
    let order = if ascending { "ASC" } else { "DESC" };
    let limit_param = if cursor.is_some() { "$5" } else { "$3" };
    let sql = format!(
        "SELECT {SUMMARY_COLUMNS} FROM {from} WHERE {visible} {keyset} \
         ORDER BY published_at {order}, articles.id {order} LIMIT {limit_param}"
    );
    let mut query = sqlx::query_as(&sql).bind(scope_id).bind(now);
    if let Some(c) = cursor {
        query = query.bind(c.published_at).bind(c.id);
    }
    let mut rows: Vec<SummaryRow> = query.bind(limit).fetch_all(&mut *db.conn().await?).await?;
    if ascending {
        rows.reverse();
    }
    Ok(rows)
}

/// What an article page reads: the article with its category, its
/// author's name and its image's size. `published_at` is the expression
/// for the publish time (a draft has none).
fn article_page_select(published_at: &str) -> String {
    format!(
        "SELECT a.id, a.category_id, au.slug AS author_slug, a.slug, a.title, a.lead, a.body_html, \
                c.slug AS category_slug, c.name AS category_name, \
                au.name AS author_name, {published_at} AS published_at, a.updated_at, a.breaking, \
                a.image_id, a.image_alt, i.width AS image_width, i.height AS image_height, \
                a.image_caption, a.image_credit, a.credit_line, a.live_started_at, a.live_ended_at \
         FROM articles a \
         JOIN categories c ON c.id = a.category_id \
         JOIN authors au ON au.id = a.author_id \
         LEFT JOIN images i ON i.id = a.image_id"
    )
}

/// A visible article by its slug, with its category and author's name.
pub async fn published_by_slug(
    db: &Db,
    slug: &str,
    now: i64,
) -> Result<Option<ArticleRow>, sqlx::Error> {
    let sql = format!(
        "{} WHERE a.slug = $1 AND a.status = 'published' AND a.published_at <= $2",
        article_page_select("a.published_at")
    );
    sqlx::query_as(&sql)
        .bind(slug)
        .bind(now)
        .fetch_optional(&mut *db.conn().await?)
        .await
}

/// Article `id` in any status, as its page would show it (the editors'
/// preview); an article without a publish time reads as published `now`.
pub async fn any_by_id(db: &Db, id: i64, now: i64) -> Result<Option<ArticleRow>, sqlx::Error> {
    let sql = format!(
        "{} WHERE a.id = $1",
        article_page_select("COALESCE(a.published_at, $2)")
    );
    sqlx::query_as(&sql)
        .bind(id)
        .bind(now)
        .fetch_optional(&mut *db.conn().await?)
        .await
}

/// What an article says and where it stands: the columns that every
/// insert and every new version write, in one list.
#[derive(Clone, Copy, Debug)]
pub struct Content<'a> {
    pub title: &'a str,
    pub lead: &'a str,
    /// The editors' markup, as typed.
    pub body: &'a str,
    pub category_id: i64,
    pub status: Status,
    pub breaking: bool,
    /// How long the breaking bar shows (domain::live).
    pub breaking_hours: i64,
    pub published_at: Option<i64>,
    pub image_id: Option<i64>,
    pub image_alt: &'a str,
    pub image_caption: &'a str,
    pub image_credit: &'a str,
    /// "Фото: …" under the byline.
    pub credit_line: &'a str,
    pub tags: &'a [String],
    /// Authors after the article's own (`author_id`), in byline order.
    pub coauthor_ids: &'a [i64],
}

/// Everything needed to store a new article. The caller renders `body_html`.
#[derive(Clone, Copy, Debug)]
pub struct NewArticle<'a> {
    pub slug: &'a str,
    pub content: Content<'a>,
    pub body_html: &'a str,
    pub author_id: i64,
    pub created_at: i64,
    /// Later than `created_at` only for an article written elsewhere first
    /// (an import keeps WordPress's modified date).
    pub updated_at: i64,
    /// The user who wrote it, when it came from the editors' forms.
    pub created_by: Option<i64>,
    /// Where an importer took it from, recorded in the same transaction.
    pub imported: Option<super::imports::Provenance<'a>>,
}

/// Stores a new article with its tags, and indexes it for search.
pub async fn insert(db: &Db, article: &NewArticle<'_>) -> Result<i64, sqlx::Error> {
    let content = &article.content;
    let window = breaking_window(
        None,
        content.status,
        content.breaking,
        content.published_at,
        content.breaking_hours,
        article.created_at,
    );
    let mut tx = db.begin().await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO articles (slug, title, lead, body, body_html, category_id, author_id, \
                               status, breaking, published_at, created_at, updated_at, \
                               image_id, image_alt, updated_by, image_caption, image_credit, \
                               credit_line, breaking_hours, breaking_since, breaking_until) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $18, $12, $13, $14, $15, $16, $17, \
                 $19, $20, $21) \
         RETURNING id",
    )
    .bind(article.slug)
    .bind(content.title)
    .bind(content.lead)
    .bind(content.body)
    .bind(article.body_html)
    .bind(content.category_id)
    .bind(article.author_id)
    .bind(content.status)
    .bind(i64::from(content.breaking))
    .bind(content.published_at)
    .bind(article.created_at)
    .bind(content.image_id)
    .bind(content.image_alt)
    .bind(article.created_by)
    .bind(content.image_caption)
    .bind(content.image_credit)
    .bind(content.credit_line)
    .bind(article.updated_at.max(article.created_at))
    .bind(window.hours)
    .bind(window.since)
    .bind(window.until)
    .fetch_one(&mut *tx)
    .await?;
    super::authors::set_for_article(&mut tx, id, article.author_id, content.coauthor_ids).await?;
    super::tags::set_for_article(&mut tx, id, content.tags).await?;
    super::search::index(&mut tx, id, content.title, content.lead, content.body).await?;
    if let Some(imported) = &article.imported {
        imported.record(&mut tx, id, 1).await?;
    }
    tx.commit().await?;
    Ok(id)
}

/// The most read visible articles since `since` (`article_views`), most
/// read first.
pub async fn most_read(
    db: &Db,
    since: i64,
    now: i64,
    limit: i64,
) -> Result<Vec<SummaryRow>, sqlx::Error> {
    let sql = format!(
        "SELECT {SUMMARY_COLUMNS} FROM articles \
         JOIN (SELECT article_id, SUM(views) AS total FROM article_views \
               WHERE hour >= $1 GROUP BY article_id) v ON v.article_id = articles.id \
         WHERE status = 'published' AND published_at <= $2 \
         ORDER BY v.total DESC, articles.id DESC LIMIT $3"
    );
    sqlx::query_as(&sql)
        .bind(since)
        .bind(now)
        .bind(limit)
        .fetch_all(&mut *db.conn().await?)
        .await
}

/// The id of the article (of any status) that has `slug`, if any.
pub async fn id_by_slug(db: &Db, slug: &str) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM articles WHERE slug = $1")
        .bind(slug)
        .fetch_optional(&mut *db.conn().await?)
        .await
}

/// Which of `slugs` articles hold, as (id, slug): one indexed lookup
/// for the lot (equality only, so no collation can change the answer).
pub async fn holders(db: &Db, slugs: &[String]) -> Result<Vec<(i64, String)>, sqlx::Error> {
    if slugs.is_empty() {
        return Ok(Vec::new());
    }
    let params: Vec<String> = (1..=slugs.len()).map(|i| format!("${i}")).collect();
    let sql = format!(
        "SELECT id, slug FROM articles WHERE slug IN ({})",
        params.join(", ")
    );
    let mut query = sqlx::query_as(&sql);
    for slug in slugs {
        query = query.bind(slug);
    }
    query.fetch_all(&mut *db.conn().await?).await
}

/// For each of the tags `tag_ids` (article `id`'s), the newest `per_tag`
/// visible articles with that tag (never `id` itself); may repeat an article that shares
/// several tags. Each tag is read from the newest end of its index
/// (article ids grow with time), so the cost does not grow with the number
/// of articles a tag has.
pub async fn sharing_tags(
    db: &Db,
    id: i64,
    tag_ids: &[i64],
    now: i64,
    per_tag: i64,
) -> Result<Vec<SummaryRow>, sqlx::Error> {
    if tag_ids.is_empty() {
        return Ok(Vec::new());
    }
    // One round trip: a UNION of one read per tag from the newest end of
    // its index.
    let reads: Vec<String> = (0..tag_ids.len())
        .map(|i| {
            format!(
                "SELECT * FROM (SELECT {SUMMARY_COLUMNS} FROM article_tags \
                 CROSS JOIN articles \
                 WHERE articles.id = article_tags.article_id \
                   AND article_tags.tag_id = ${} AND article_tags.article_id <> $1 \
                   AND status = 'published' AND published_at <= $2 \
                 ORDER BY article_tags.article_id DESC LIMIT $3) AS tag{i}",
                i + 4
            )
        })
        .collect();
    let sql = reads.join(" UNION ALL ");
    let mut query = sqlx::query_as(&sql).bind(id).bind(now).bind(per_tag);
    for tag_id in tag_ids {
        query = query.bind(*tag_id);
    }
    query.fetch_all(&mut *db.conn().await?).await
}

/// Visible articles by id, in no particular order (search results).
pub async fn by_ids(db: &Db, ids: &[i64]) -> Result<Vec<FoundRow>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let params: Vec<String> = (1..=ids.len()).map(|i| format!("${i}")).collect();
    let sql = format!(
        "SELECT id, slug, title, lead, body, category_id, published_at, image_id, image_alt \
         FROM articles WHERE id IN ({})",
        params.join(", ")
    );
    let mut query = sqlx::query_as(&sql);
    for id in ids {
        query = query.bind(*id);
    }
    query.fetch_all(&mut *db.conn().await?).await
}

/// A search result's article, with the body to quote from.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct FoundRow {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub lead: String,
    pub body: String,
    pub category_id: i64,
    pub published_at: i64,
    pub image_id: Option<i64>,
    pub image_alt: String,
}

/// An article's address and dates, for sitemaps.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct SitemapRow {
    pub slug: String,
    pub title: String,
    pub published_at: i64,
    pub updated_at: i64,
}

/// Visible articles fall into blocks of `size` consecutive ids, one
/// sitemap file each: (block number, newest change in it), for the index.
pub async fn sitemap_blocks(db: &Db, now: i64, size: i64) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT (id - 1) / $2 AS block, MAX(updated_at) AS lastmod FROM articles \
         WHERE status = 'published' AND published_at <= $1 GROUP BY (id - 1) / $2 ORDER BY block",
    )
    .bind(now)
    .bind(size)
    .fetch_all(&mut *db.conn().await?)
    .await
}

/// The visible articles of sitemap block `block` (ids `block*size+1 ..=
/// (block+1)*size`), by id.
pub async fn sitemap_block(
    db: &Db,
    now: i64,
    block: i64,
    size: i64,
) -> Result<Vec<SitemapRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT slug, title, published_at, updated_at FROM articles \
         WHERE id > $2 AND id <= $3 AND status = 'published' AND published_at <= $1 ORDER BY id",
    )
    .bind(now)
    .bind(block * size)
    .bind((block + 1) * size)
    .fetch_all(&mut *db.conn().await?)
    .await
}

/// Articles published since `since`, newest first (the news sitemap).
pub async fn published_since(
    db: &Db,
    now: i64,
    since: i64,
    limit: i64,
) -> Result<Vec<SitemapRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT slug, title, published_at, updated_at FROM articles \
         WHERE status = 'published' AND published_at <= $1 AND published_at > $2 \
         ORDER BY published_at DESC, id DESC LIMIT $3",
    )
    .bind(now)
    .bind(since)
    .bind(limit)
    .fetch_all(&mut *db.conn().await?)
    .await
}

/// Number of articles of any status.
pub async fn count(db: &Db) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM articles")
        .fetch_one(&mut *db.conn().await?)
        .await
}

/// A published article whose id the caller chose, for bulk loads
/// (`qalam generate`).
pub struct BulkArticle<'a> {
    pub id: i64,
    pub slug: &'a str,
    pub title: &'a str,
    pub lead: &'a str,
    pub body: &'a str,
    pub body_html: &'a str,
    /// The body as plain text, for the search index.
    pub body_text: &'a str,
    /// The body's stems, if already known (see `search::Document`).
    pub body_stems: Option<&'a str>,
    pub category_id: i64,
    pub author_id: i64,
    pub breaking: bool,
    pub published_at: i64,
    pub tag_ids: &'a [i64],
}

/// Inserts published articles with their search index and tags in one
/// transaction: three multi-row statements per call, whatever its size.
pub async fn insert_many<'q>(db: &Db, rows: &'q [BulkArticle<'q>]) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    let mut insert = super::Sql::new(
        "INSERT INTO articles (id, slug, title, lead, body, body_html, category_id, author_id, \
         status, breaking, published_at, created_at, updated_at) VALUES ",
    );
    insert.values(rows, |sql, a| {
        sql.bind(a.id);
        for text in [a.slug, a.title, a.lead, a.body, a.body_html] {
            sql.push(", ").bind(text);
        }
        sql.push(", ")
            .bind(a.category_id)
            .push(", ")
            .bind(a.author_id)
            .push(", 'published', ")
            .bind(i64::from(a.breaking));
        // Published, created and updated at once.
        for _ in 0..3 {
            sql.push(", ").bind(a.published_at);
        }
    });
    let (text, arguments) = insert.build()?;
    sqlx::query_with(&text, arguments).execute(&mut *tx).await?;

    let documents: Vec<super::search::Document> = rows
        .iter()
        .map(|a| super::search::Document {
            id: a.id,
            title: a.title,
            lead: a.lead,
            body_text: a.body_text,
            body_stems: a.body_stems,
        })
        .collect();
    super::search::index_many(&mut tx, &documents).await?;

    // (article, tag, position)
    let tagging: Vec<(i64, i64, i64)> = rows
        .iter()
        .flat_map(|a| {
            a.tag_ids
                .iter()
                .enumerate()
                .map(|(position, tag)| (a.id, *tag, position as i64))
        })
        .collect();
    if !tagging.is_empty() {
        let mut insert =
            super::Sql::new("INSERT INTO article_tags (article_id, tag_id, position) VALUES ");
        insert.values(&tagging, |sql, (article, tag, position)| {
            sql.bind(*article)
                .push(", ")
                .bind(*tag)
                .push(", ")
                .bind(*position);
        });
        let (text, arguments) = insert.build()?;
        sqlx::query_with(&text, arguments).execute(&mut *tx).await?;
    }
    tx.commit().await
}
