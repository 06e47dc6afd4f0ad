//! Newest-first lists of visible articles: the site's newest, the lead
//! story, each category's newest, a category's, an author's or a tag's
//! pages, articles sharing a tag, and a set of articles by id.
//!
//! Lists never join for their filter: a category's articles come from
//! `articles_category_published`, a tag's and an author's from their link
//! table's own copy of the publish time (migration 0009), and callers map
//! `category_id` through the (small) category list.

use super::{SummaryRow, SUMMARY_COLUMNS};
use crate::db::{Cursor, Db, Flag};
use crate::domain::lang::Lang;

/// The SQL of every list query, one function each: the query and the
/// plan guard's list (`db::plans`) build it here.
pub mod sql {
    use super::{Keyset, Scope, SUMMARY_COLUMNS};
    use crate::domain::lang::Lang;

    /// The edition as an SQL literal. It is one of two fixed codes, never
    /// typed input, so it goes into the statement as a literal: the
    /// parameters keep their numbers, and each edition its own plan.
    pub fn edition(lang: Lang) -> &'static str {
        match lang {
            Lang::Ru => "'ru'",
            Lang::Kk => "'kk'",
        }
    }

    /// `$1` now, `$2` the limit: `articles_lang_published`, from the
    /// newest end. (With a row-value condition beside it, SQLite 3.46 with
    /// statistics chose a skip-scan of `articles_category_published` and
    /// sorted the whole archive: the plan guard caught it.)
    pub fn latest(lang: Lang) -> String {
        format!(
            "SELECT {SUMMARY_COLUMNS} FROM articles \
             WHERE lang = {} AND status = 'published' AND published_at <= $1 \
             ORDER BY published_at DESC, id DESC LIMIT $2",
            edition(lang)
        )
    }

    /// `$1` now, `$2` the window's start: the same index, read back from
    /// now to the window's start at most.
    pub fn breaking_since(lang: Lang) -> String {
        format!(
            "SELECT {SUMMARY_COLUMNS} FROM articles \
             WHERE lang = {} AND status = 'published' AND published_at <= $1 \
               AND published_at > $2 AND breaking = 1 \
             ORDER BY published_at DESC, id DESC LIMIT 1",
            edition(lang)
        )
    }

    /// `$1` now, `$2` per category, `$3…` the `n` categories: a UNION of
    /// one `articles_category_published` range each.
    pub fn newest_in_categories(lang: Lang, n: usize) -> String {
        (0..n)
            .map(|i| {
                format!(
                    "SELECT * FROM (SELECT {SUMMARY_COLUMNS} FROM articles \
                     WHERE category_id = ${} AND lang = {} AND status = 'published' \
                       AND published_at <= $1 \
                     ORDER BY published_at DESC, id DESC LIMIT $2) AS block{i}",
                    i + 3,
                    edition(lang)
                )
            })
            .collect::<Vec<_>>()
            .join(" UNION ALL ")
    }

    /// `$1` the scope's id, then by keyset: first, `$2` now and `$3` the
    /// limit; newer, `$2` now, the cursor (`$3`, `$4`) and `$5` the limit;
    /// older and from, the cursor (`$2`, `$3`, never later than now:
    /// [`super::in_scope`] clamps it) and `$4` the limit. An older page is
    /// bounded by its cursor alone: beside `published_at <= now`, another
    /// upper bound on the same column, SQLite used now's and walked the
    /// index from the newest article to the cursor, so page 500 read
    /// 10,000 entries (0.7 ms at 200,000 articles, twice a page-1
    /// render at a million).
    pub fn in_scope(scope: Scope, keyset: Keyset) -> String {
        let source = scope.source();
        let (time, id) = (source.time, source.id);
        let (bound, order, limit) = match keyset {
            Keyset::First => (format!("{time} <= $2"), "DESC", "$3"),
            Keyset::Newer => (
                format!("{time} <= $2 AND ({time}, {id}) > ($3, $4)"),
                "ASC",
                "$5",
            ),
            Keyset::Older => (format!("({time}, {id}) < ($2, $3)"), "DESC", "$4"),
            Keyset::From => (format!("({time}, {id}) <= ($2, $3)"), "DESC", "$4"),
        };
        format!(
            "SELECT {SUMMARY_COLUMNS} FROM {} WHERE {} AND {bound} \
             ORDER BY {time} {order}, {id} {order} LIMIT {limit}",
            source.rows_from, source.rows_scope
        )
    }

    /// `$1` the scope's id, `$2` now, `$3` how many to skip: the (time,
    /// id) a typed page number starts at, from the index alone.
    pub fn seek(scope: Scope) -> String {
        let source = scope.source();
        format!(
            "SELECT {time}, {id} FROM {} WHERE {} AND {time} <= $2 \
             ORDER BY {time} DESC, {id} DESC LIMIT 1 OFFSET $3",
            source.index_from,
            source.index_scope,
            time = source.time,
            id = source.id,
        )
    }

    /// `$1` the article, `$2` now, `$3` per tag, `$4…` the `n` tags: a
    /// UNION of one `article_tags_published` range each, in `lang`'s
    /// edition.
    pub fn sharing_tags(lang: Lang, n: usize) -> String {
        (0..n)
            .map(|i| {
                format!(
                    "SELECT * FROM (SELECT {SUMMARY_COLUMNS} FROM article_tags l \
                     CROSS JOIN articles \
                     WHERE articles.id = l.article_id AND l.tag_id = ${} AND l.lang = {} \
                       AND l.article_id <> $1 AND l.published_at <= $2 \
                     ORDER BY l.published_at DESC, l.article_id DESC LIMIT $3) AS tag{i}",
                    i + 4,
                    edition(lang),
                )
            })
            .collect::<Vec<_>>()
            .join(" UNION ALL ")
    }

    /// `$1` now, `$2…` the `n` ids: primary-key lookups, whether each is
    /// visible computed, not filtered (a filter on the status would offer
    /// the planner the status index).
    pub fn visible_by_ids(n: usize) -> String {
        let ids: Vec<String> = (0..n).map(|i| format!("${}", i + 2)).collect();
        format!(
            "SELECT {SUMMARY_COLUMNS}, \
                    CAST(CASE WHEN articles.status = 'published' AND articles.published_at <= $1 \
                         THEN 1 ELSE 0 END AS BIGINT) AS visible \
             FROM articles WHERE articles.id IN ({})",
            ids.join(", ")
        )
    }
}

/// The `limit` newest visible articles of `lang`'s edition.
pub async fn latest(
    db: &Db,
    lang: Lang,
    now: i64,
    limit: i64,
) -> Result<Vec<SummaryRow>, sqlx::Error> {
    sqlx::query_as(&sql::latest(lang))
        .bind(now)
        .bind(limit)
        .fetch_all(&mut *db.conn().await?)
        .await
}

/// The lead story: the newest breaking article of the last `window`
/// seconds, or else the newest article.
pub async fn lead(
    db: &Db,
    lang: Lang,
    now: i64,
    window: i64,
) -> Result<Option<SummaryRow>, sqlx::Error> {
    match breaking_since(db, lang, now, window).await? {
        Some(row) => Ok(Some(row)),
        None => Ok(latest(db, lang, now, 1).await?.into_iter().next()),
    }
}

/// The newest breaking article of the last `window` seconds.
pub async fn breaking_since(
    db: &Db,
    lang: Lang,
    now: i64,
    window: i64,
) -> Result<Option<SummaryRow>, sqlx::Error> {
    sqlx::query_as(&sql::breaking_since(lang))
        .bind(now)
        .bind(now - window)
        .fetch_optional(&mut *db.conn().await?)
        .await
}

/// The newest `per` visible articles of each category in `category_ids`,
/// in one round trip (the home page's blocks). Rows come grouped by
/// category, newest first in each.
pub async fn newest_in_categories(
    db: &Db,
    lang: Lang,
    category_ids: &[i64],
    now: i64,
    per: i64,
) -> Result<Vec<SummaryRow>, sqlx::Error> {
    if category_ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = sql::newest_in_categories(lang, category_ids.len());
    let mut query = sqlx::query_as(&sql).bind(now).bind(per);
    for id in category_ids {
        query = query.bind(*id);
    }
    query.fetch_all(&mut *db.conn().await?).await
}

/// Which slice of a list to read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Slice {
    /// From the newest.
    First,
    /// Items older than the cursor (the "next page" link).
    OlderThan(Cursor),
    /// Items newer than the cursor (the "previous page" link).
    NewerThan(Cursor),
    /// The page that starts `skip` items from the newest, for a page number
    /// typed without a cursor: one seek over the index, then keyset.
    Skip(i64),
}

/// How a list query is bounded by a cursor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Keyset {
    First,
    Older,
    Newer,
    /// From the cursor on, itself included (a typed page's start).
    From,
}

impl Keyset {
    pub const ALL: [Keyset; 4] = [Keyset::First, Keyset::Older, Keyset::Newer, Keyset::From];
}

/// A list of articles readers can page through.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// A category's, an author's or a tag's articles in one edition.
    Category(i64, Lang),
    Author(i64, Lang),
    Tag(i64, Lang),
}

/// Where a scope's articles come from, and the columns it is ordered and
/// paged by.
struct Source {
    /// The rows' FROM and the condition on `$1` (the scope's id); the
    /// time bounds are the keyset's (`sql::in_scope`).
    rows_from: String,
    rows_scope: String,
    /// The same for the index alone (seeking a typed page's start).
    index_from: String,
    index_scope: String,
    time: &'static str,
    id: &'static str,
}

impl Scope {
    fn id(self) -> i64 {
        match self {
            Scope::Category(id, _) | Scope::Author(id, _) | Scope::Tag(id, _) => id,
        }
    }

    fn source(self) -> Source {
        match self {
            Scope::Category(_, lang) => {
                let scope = format!(
                    "category_id = $1 AND lang = {} AND status = 'published'",
                    sql::edition(lang)
                );
                Source {
                    rows_from: "articles".into(),
                    rows_scope: scope.clone(),
                    index_from: "articles".into(),
                    index_scope: scope,
                    time: "published_at",
                    id: "id",
                }
            }
            Scope::Author(_, lang) => Source::linked("article_authors", "author_id", lang),
            Scope::Tag(_, lang) => Source::linked("article_tags", "tag_id", lang),
        }
    }
}

impl Source {
    /// A tag's or an author's articles in `lang`'s edition: from their
    /// link `table`'s index (`column`, edition, publish time, article),
    /// then each article by its key. CROSS JOIN keeps SQLite's loop in
    /// that order whatever its statistics; a link's publish time is set
    /// only while its article is published (migration 0009), so any bound
    /// on it leaves out the others (a comparison with NULL is never true).
    fn linked(table: &str, column: &str, lang: Lang) -> Source {
        let index_scope = format!("l.{column} = $1 AND l.lang = {}", sql::edition(lang));
        Source {
            rows_from: format!("{table} l CROSS JOIN articles"),
            rows_scope: format!("articles.id = l.article_id AND {index_scope}"),
            index_from: format!("{table} l"),
            index_scope,
            time: "l.published_at",
            id: "l.article_id",
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
    let (keyset, cursor) = match slice {
        Slice::First => (Keyset::First, None),
        Slice::OlderThan(c) => (Keyset::Older, Some(c)),
        Slice::NewerThan(c) => (Keyset::Newer, Some(c)),
        Slice::Skip(skip) => {
            let start: Option<(i64, i64)> = sqlx::query_as(&sql::seek(scope))
                .bind(scope.id())
                .bind(now)
                .bind(skip)
                .fetch_optional(&mut *db.conn().await?)
                .await?;
            let Some((published_at, id)) = start else {
                return Ok(Vec::new());
            };
            (Keyset::From, Some(Cursor { published_at, id }))
        }
    };
    let sql = sql::in_scope(scope, keyset);
    let mut query = sqlx::query_as(&sql).bind(scope.id());
    if matches!(keyset, Keyset::First | Keyset::Newer) {
        query = query.bind(now);
    }
    if let Some(c) = cursor {
        // Older pages are bounded by the cursor alone, so a cursor from
        // the future (typed, not followed) must not reach past now.
        let c = match keyset {
            Keyset::Older | Keyset::From => c.no_later_than(now),
            _ => c,
        };
        query = query.bind(c.published_at).bind(c.id);
    }
    let mut rows: Vec<SummaryRow> = query.bind(limit).fetch_all(&mut *db.conn().await?).await?;
    if keyset == Keyset::Newer {
        rows.reverse();
    }
    Ok(rows)
}

/// For each of the tags `tag_ids` (article `id`'s), the newest `per_tag`
/// visible articles with that tag (never `id` itself); may repeat an
/// article that shares several tags. Each is read from the newest end of
/// the tag's index, so the cost does not grow with the tag's articles.
pub async fn sharing_tags(
    db: &Db,
    lang: Lang,
    id: i64,
    tag_ids: &[i64],
    now: i64,
    per_tag: i64,
) -> Result<Vec<SummaryRow>, sqlx::Error> {
    if tag_ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = sql::sharing_tags(lang, tag_ids.len());
    let mut query = sqlx::query_as(&sql).bind(id).bind(now).bind(per_tag);
    for tag_id in tag_ids {
        query = query.bind(*tag_id);
    }
    query.fetch_all(&mut *db.conn().await?).await
}

#[derive(sqlx::FromRow)]
struct MaybeVisible {
    #[sqlx(flatten)]
    row: SummaryRow,
    #[sqlx(try_from = "Flag")]
    visible: bool,
}

/// The visible articles among `ids`, in the order of `ids` («Самое
/// читаемое»: ids ranked elsewhere, some perhaps unpublished since).
pub async fn visible_by_ids(
    db: &Db,
    ids: &[i64],
    now: i64,
) -> Result<Vec<SummaryRow>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = sql::visible_by_ids(ids.len());
    let mut query = sqlx::query_as::<_, MaybeVisible>(&sql).bind(now);
    for id in ids {
        query = query.bind(*id);
    }
    let mut found: Vec<SummaryRow> = query
        .fetch_all(&mut *db.conn().await?)
        .await?
        .into_iter()
        .filter(|r| r.visible)
        .map(|r| r.row)
        .collect();
    found.sort_by_key(|r| ids.iter().position(|id| *id == r.id));
    Ok(found)
}
