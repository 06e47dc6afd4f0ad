//! An article page's row: the article with its category, its author's
//! name and its image's size.

use super::ArticleRow;
use crate::db::Db;
use crate::domain::lang::Lang;

/// What an article page reads. `published_at` is the expression for the
/// publish time (a draft has none).
fn article_page_select(published_at: &str) -> String {
    format!(
        "SELECT a.id, a.lang, a.translation_group, a.category_id, au.slug AS author_slug, a.slug, a.title, a.lead, a.body_html, \
                c.slug AS category_slug, c.name AS category_name, \
                c.slug_kk AS category_slug_kk, c.name_kk AS category_name_kk, \
                au.name AS author_name, {published_at} AS published_at, a.updated_at, a.breaking, \
                a.image_id, a.image_alt, i.width AS image_width, i.height AS image_height, \
                a.image_caption, a.image_credit, a.credit_line, a.live_started_at, a.live_ended_at, \
                a.seo_title, a.seo_description \
         FROM articles a \
         JOIN categories c ON c.id = a.category_id \
         JOIN authors au ON au.id = a.author_id \
         LEFT JOIN images i ON i.id = a.image_id"
    )
}

/// `$1` the slug, `$2` now, `$3` the edition: the slug's unique index.
pub fn published_by_slug_sql() -> String {
    format!(
        "{} WHERE a.slug = $1 AND a.status = 'published' AND a.published_at <= $2 \
           AND a.lang = $3",
        article_page_select("a.published_at")
    )
}

/// A visible article of `lang`'s edition by its slug, with its category
/// and author's name.
pub async fn published_by_slug(
    db: &Db,
    lang: Lang,
    slug: &str,
    now: i64,
) -> Result<Option<ArticleRow>, sqlx::Error> {
    sqlx::query_as(&published_by_slug_sql())
        .bind(slug)
        .bind(now)
        .bind(lang.code())
        .fetch_optional(&mut *db.conn().await?)
        .await
}

/// `$1` the translation group, `$2` the article, `$3` now: the group's
/// unique index.
pub fn translations_sql() -> &'static str {
    "SELECT lang, slug FROM articles \
     WHERE translation_group = $1 AND id <> $2 AND status = 'published' AND published_at <= $3"
}

/// The other articles of translation `group` (not `id`), in any status:
/// id, edition, title and status.
pub async fn group_members(
    db: &Db,
    group: i64,
    id: i64,
) -> Result<Vec<(i64, Lang, String, crate::domain::articles::Status)>, sqlx::Error> {
    let rows: Vec<(i64, String, String, crate::domain::articles::Status)> = sqlx::query_as(
        "SELECT id, lang, title, status FROM articles WHERE translation_group = $1 AND id <> $2",
    )
    .bind(group)
    .bind(id)
    .fetch_all(&mut *db.conn().await?)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, lang, title, status)| Some((id, Lang::from_code(&lang)?, title, status)))
        .collect())
}

/// The article of translation `group` in `lang`, in any status.
pub async fn in_group(db: &Db, group: i64, lang: Lang) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM articles WHERE translation_group = $1 AND lang = $2")
        .bind(group)
        .bind(lang.code())
        .fetch_optional(&mut *db.conn().await?)
        .await
}

/// The published translations of article `id` (of translation `group`):
/// each one's edition and slug.
pub async fn translations(
    db: &Db,
    group: i64,
    id: i64,
    now: i64,
) -> Result<Vec<(Lang, String)>, sqlx::Error> {
    let rows: Vec<(String, String)> = sqlx::query_as(translations_sql())
        .bind(group)
        .bind(id)
        .bind(now)
        .fetch_all(&mut *db.conn().await?)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(lang, slug)| Some((Lang::from_code(&lang)?, slug)))
        .collect())
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

/// What hangs off an article on its page: its tags and its byline in
/// order, and its corrections, oldest first.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Attachments {
    pub tags: Vec<crate::db::tags::Tag>,
    pub byline: Vec<crate::db::authors::Author>,
    pub corrections: Vec<crate::db::corrections::CorrectionRow>,
}

/// `$1` the article: its tag links, byline links and corrections, each by
/// its key (a handful of rows), in one round trip: three queries were
/// three hand-offs to the database's thread on every article page.
pub fn attachments_sql() -> &'static str {
    "SELECT CAST(0 AS BIGINT) AS part, atg.position AS position, t.id AS id, \
            t.slug AS a, t.name AS b, '' AS c, CAST(NULL AS BIGINT) AS n \
     FROM article_tags atg JOIN tags t ON t.id = atg.tag_id WHERE atg.article_id = $1 \
     UNION ALL \
     SELECT CAST(1 AS BIGINT), aa.position, au.id, au.slug, au.name, au.bio, au.photo_id \
     FROM article_authors aa JOIN authors au ON au.id = aa.author_id WHERE aa.article_id = $1 \
     UNION ALL \
     SELECT CAST(2 AS BIGINT), c.created_at, c.id, c.note, '', '', c.version \
     FROM article_corrections c WHERE c.article_id = $1 \
     ORDER BY 1, 2, 3"
}

#[derive(sqlx::FromRow)]
struct Attached {
    part: i64,
    position: i64,
    id: i64,
    a: String,
    b: String,
    c: String,
    n: Option<i64>,
}

/// Article `id`'s tags, byline and corrections.
pub async fn attachments(db: &Db, id: i64) -> Result<Attachments, sqlx::Error> {
    let rows: Vec<Attached> = sqlx::query_as(attachments_sql())
        .bind(id)
        .fetch_all(&mut *db.conn().await?)
        .await?;
    let mut found = Attachments::default();
    for row in rows {
        match row.part {
            0 => found.tags.push(crate::db::tags::Tag {
                id: row.id,
                slug: row.a,
                name: row.b,
            }),
            1 => found.byline.push(crate::db::authors::Author {
                id: row.id,
                slug: row.a,
                name: row.b,
                bio: row.c,
                photo_id: row.n,
                // Article pages show no bios; the author's page reads them.
                bio_kk: String::new(),
            }),
            _ => found
                .corrections
                .push(crate::db::corrections::CorrectionRow {
                    id: row.id,
                    article_id: id,
                    version: row.n.unwrap_or_default(),
                    note: row.a,
                    created_at: row.position,
                }),
        }
    }
    Ok(found)
}
