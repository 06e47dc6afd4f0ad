//! Live stories (migration 0008): their updates, their start and end, the
//! events open pages are pushed (written in the transaction of each
//! change), and the breaking-news bar.

use super::{Db, Flag};
use crate::domain::articles::Status;
use crate::domain::lang::Lang;
use crate::domain::live::{bar_shows, BreakingWindow};
use crate::domain::notifications::{delivery_target, Topic};
use sqlx::AnyConnection;

#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct UpdateRow {
    pub id: i64,
    pub article_id: i64,
    pub headline: String,
    pub body: String,
    pub body_html: String,
    pub author_id: i64,
    pub author_name: String,
    pub author_slug: String,
    #[sqlx(try_from = "Flag")]
    pub pinned: bool,
    #[sqlx(try_from = "Flag")]
    pub important: bool,
    pub created_at: i64,
    pub updated_at: i64,
    /// The story's edition (pushed updates are written in its language).
    #[sqlx(try_from = "String")]
    pub lang: Lang,
}

const UPDATE_COLUMNS: &str = "u.id, u.article_id, u.headline, u.body, u.body_html, u.author_id, \
     au.name AS author_name, au.slug AS author_slug, u.pinned, u.important, u.created_at, u.updated_at, \
     a.lang \
     FROM live_updates u JOIN authors au ON au.id = u.author_id \
     JOIN articles a ON a.id = u.article_id";

/// `$1` the story: `live_updates_article`, newest first.
pub fn for_article_sql() -> String {
    format!("SELECT {UPDATE_COLUMNS} WHERE u.article_id = $1 ORDER BY u.created_at DESC, u.id DESC")
}

/// A live story's updates, newest first.
pub async fn for_article(db: &Db, article_id: i64) -> Result<Vec<UpdateRow>, sqlx::Error> {
    sqlx::query_as(&for_article_sql())
        .bind(article_id)
        .fetch_all(&mut *db.conn().await?)
        .await
}

/// `$1` the update: its key.
pub fn by_id_sql() -> String {
    format!("SELECT {UPDATE_COLUMNS} WHERE u.id = $1")
}

pub async fn by_id(db: &Db, id: i64) -> Result<Option<UpdateRow>, sqlx::Error> {
    sqlx::query_as(&by_id_sql())
        .bind(id)
        .fetch_optional(&mut *db.conn().await?)
        .await
}

/// An update's written columns.
#[derive(Clone, Copy, Debug)]
pub struct UpdateContent<'a> {
    pub headline: &'a str,
    pub body: &'a str,
    pub body_html: &'a str,
    pub pinned: bool,
    /// «Важное»: with `pinned`, what makes the story's followers' push.
    pub important: bool,
}

/// A key update (pinned or «Важное») goes to the story's followers, once
/// however often it is saved; the sender skips it while the story is not
/// published. A story nobody follows writes nothing.
async fn push_if_key(
    conn: &mut AnyConnection,
    article_id: i64,
    id: i64,
    content: &UpdateContent<'_>,
    at: i64,
) -> Result<(), sqlx::Error> {
    if !(content.pinned || content.important) {
        return Ok(());
    }
    let topic = Topic::Live(article_id);
    let followed: Option<i64> =
        sqlx::query_scalar("SELECT id FROM push_subscriptions WHERE topic = $1 LIMIT 1")
            .bind(topic.key())
            .fetch_optional(&mut *conn)
            .await?;
    if followed.is_some() {
        let target = delivery_target(topic, Some(id));
        super::outbox::push(conn, article_id, &target, false, at).await?;
    }
    Ok(())
}

async fn event(
    conn: &mut AnyConnection,
    article_id: i64,
    update_id: Option<i64>,
    kind: &str,
    at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO live_events (article_id, update_id, kind, created_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(article_id)
    .bind(update_id)
    .bind(kind)
    .bind(at)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// A pinned update unpins the others of its story: one is pinned at most.
async fn unpin_others(
    conn: &mut AnyConnection,
    article_id: i64,
    keep: i64,
    at: i64,
) -> Result<(), sqlx::Error> {
    let unpinned: Vec<i64> = sqlx::query_scalar(
        "UPDATE live_updates SET pinned = 0, updated_at = $3 \
         WHERE article_id = $1 AND id <> $2 AND pinned = 1 RETURNING id",
    )
    .bind(article_id)
    .bind(keep)
    .bind(at)
    .fetch_all(&mut *conn)
    .await?;
    for id in unpinned {
        event(conn, article_id, Some(id), "update", at).await?;
    }
    Ok(())
}

pub async fn insert(
    db: &Db,
    article_id: i64,
    content: &UpdateContent<'_>,
    author_id: i64,
    created_by: Option<i64>,
    at: i64,
) -> Result<i64, sqlx::Error> {
    let mut tx = db.begin().await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO live_updates (article_id, headline, body, body_html, author_id, pinned, \
                                   created_by, created_at, updated_at, important) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9) RETURNING id",
    )
    .bind(article_id)
    .bind(content.headline)
    .bind(content.body)
    .bind(content.body_html)
    .bind(author_id)
    .bind(i64::from(content.pinned))
    .bind(created_by)
    .bind(at)
    .bind(i64::from(content.important))
    .fetch_one(&mut *tx)
    .await?;
    if content.pinned {
        unpin_others(&mut tx, article_id, id, at).await?;
    }
    push_if_key(&mut tx, article_id, id, content, at).await?;
    event(&mut tx, article_id, Some(id), "update", at).await?;
    tx.commit().await?;
    Ok(id)
}

/// Writes update `id` of `article_id`; false when there is none.
pub async fn update(
    db: &Db,
    article_id: i64,
    id: i64,
    content: &UpdateContent<'_>,
    at: i64,
) -> Result<bool, sqlx::Error> {
    let mut tx = db.begin().await?;
    let done = sqlx::query(
        "UPDATE live_updates SET headline = $3, body = $4, body_html = $5, pinned = $6, \
                                 updated_at = $7, important = $8 \
         WHERE id = $1 AND article_id = $2",
    )
    .bind(id)
    .bind(article_id)
    .bind(content.headline)
    .bind(content.body)
    .bind(content.body_html)
    .bind(i64::from(content.pinned))
    .bind(at)
    .bind(i64::from(content.important))
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 0 {
        return Ok(false);
    }
    if content.pinned {
        unpin_others(&mut tx, article_id, id, at).await?;
    }
    push_if_key(&mut tx, article_id, id, content, at).await?;
    event(&mut tx, article_id, Some(id), "update", at).await?;
    tx.commit().await?;
    Ok(true)
}

/// Deletes update `id` of `article_id`; false when there is none.
pub async fn delete(db: &Db, article_id: i64, id: i64, at: i64) -> Result<bool, sqlx::Error> {
    let mut tx = db.begin().await?;
    let done = sqlx::query("DELETE FROM live_updates WHERE id = $1 AND article_id = $2")
        .bind(id)
        .bind(article_id)
        .execute(&mut *tx)
        .await?;
    if done.rows_affected() == 0 {
        return Ok(false);
    }
    event(&mut tx, article_id, Some(id), "remove", at).await?;
    tx.commit().await?;
    Ok(true)
}

/// (started, ended) of article `id`'s coverage.
pub async fn coverage(db: &Db, id: i64) -> Result<Option<(Option<i64>, Option<i64>)>, sqlx::Error> {
    sqlx::query_as("SELECT live_started_at, live_ended_at FROM articles WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *db.conn().await?)
        .await
}

/// Marks article `id` live from `at` (again, if it had ended); false when
/// it was live already.
pub async fn start(db: &Db, id: i64, at: i64) -> Result<bool, sqlx::Error> {
    let mut tx = db.begin().await?;
    let done = sqlx::query(
        "UPDATE articles SET live_started_at = COALESCE(live_started_at, $2), live_ended_at = NULL \
         WHERE id = $1 AND (live_started_at IS NULL OR live_ended_at IS NOT NULL)",
    )
    .bind(id)
    .bind(at)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 1 {
        event(&mut tx, id, None, "started", at).await?;
    }
    tx.commit().await?;
    Ok(done.rows_affected() == 1)
}

/// Ends article `id`'s coverage at `at`; false when it was not live.
pub async fn end(db: &Db, id: i64, at: i64) -> Result<bool, sqlx::Error> {
    let mut tx = db.begin().await?;
    let done = sqlx::query(
        "UPDATE articles SET live_ended_at = $2 \
         WHERE id = $1 AND live_started_at IS NOT NULL AND live_ended_at IS NULL",
    )
    .bind(id)
    .bind(at)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 1 {
        event(&mut tx, id, None, "ended", at).await?;
    }
    tx.commit().await?;
    Ok(done.rows_affected() == 1)
}

#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct EventRow {
    pub id: i64,
    pub article_id: i64,
    pub update_id: Option<i64>,
    pub kind: String,
    pub created_at: i64,
}

/// `$1` the last event seen, `$2` how many: the key's range.
pub const EVENTS_AFTER_SQL: &str = "SELECT id, article_id, update_id, kind, created_at \
     FROM live_events WHERE id > $1 ORDER BY id LIMIT $2";

/// Events with ids above `after`, oldest first (at most `limit`).
pub async fn events_after(db: &Db, after: i64, limit: i64) -> Result<Vec<EventRow>, sqlx::Error> {
    sqlx::query_as(EVENTS_AFTER_SQL)
        .bind(after)
        .bind(limit)
        .fetch_all(&mut *db.conn().await?)
        .await
}

/// The newest event's id (0 without any).
pub const LAST_EVENT_SQL: &str = "SELECT COALESCE(MAX(id), 0) FROM live_events";

pub async fn last_event(db: &Db) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(LAST_EVENT_SQL)
        .fetch_one(&mut *db.conn().await?)
        .await
}

/// Forgets events older than `before` (every node has read them long ago).
pub const PRUNE_EVENTS_SQL: &str = "DELETE FROM live_events WHERE created_at < $1";

pub async fn prune_events(db: &Db, before: i64) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query(PRUNE_EVENTS_SQL)
        .bind(before)
        .execute(&mut *db.conn().await?)
        .await?
        .rows_affected())
}

/// `$1` now: every story whose bar has not ended, from
/// `articles_breaking_bar` alone. Nothing else is in the WHERE clause on
/// purpose: a condition on the status would offer the planner the status
/// index (all published articles, then a sort), which is what SQLite
/// chooses without statistics. These are a handful of rows; the rule
/// picks among them.
pub fn breaking_candidates_sql() -> &'static str {
    "SELECT id, lang, title, slug, status, breaking, published_at, breaking_since, \
            breaking_until, breaking_hours \
     FROM articles WHERE breaking_until > $1"
}

#[derive(sqlx::FromRow)]
struct BarCandidate {
    id: i64,
    #[sqlx(try_from = "String")]
    lang: Lang,
    title: String,
    slug: String,
    status: Status,
    #[sqlx(try_from = "Flag")]
    breaking: bool,
    published_at: Option<i64>,
    breaking_since: Option<i64>,
    breaking_until: Option<i64>,
    breaking_hours: i64,
}

/// The story `lang`'s breaking bar shows at `now`: (id, title, slug,
/// until), the newest if several (`domain::live::bar_shows` decides).
pub async fn breaking_now(
    db: &Db,
    lang: Lang,
    now: i64,
) -> Result<Option<(i64, String, String, i64)>, sqlx::Error> {
    let candidates: Vec<BarCandidate> = sqlx::query_as(breaking_candidates_sql())
        .bind(now)
        .fetch_all(&mut *db.conn().await?)
        .await?;
    Ok(candidates
        .into_iter()
        .filter(|c| c.lang == lang)
        .filter(|c| {
            let window = BreakingWindow {
                since: c.breaking_since,
                until: c.breaking_until,
                hours: c.breaking_hours,
            };
            bar_shows(c.status, c.breaking, c.published_at, window, now)
        })
        .max_by_key(|c| (c.breaking_since, c.id))
        .map(|c| (c.id, c.title, c.slug, c.breaking_until.unwrap_or(now))))
}

/// Takes article `id`'s bar down at `now`; false when it was not up.
pub async fn take_down_breaking(db: &Db, id: i64, now: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE articles SET breaking_until = $2 WHERE id = $1 AND breaking_until > $2",
    )
    .bind(id)
    .bind(now)
    .execute(&mut *db.conn().await?)
    .await?;
    Ok(done.rows_affected() == 1)
}
