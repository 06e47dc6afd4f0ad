//! Live stories (migration 0008): their updates, their start and end, the
//! events open pages are pushed (written in the transaction of each
//! change), and the breaking-news bar.

use super::{Db, Flag};
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
    pub created_at: i64,
    pub updated_at: i64,
}

const UPDATE_COLUMNS: &str = "u.id, u.article_id, u.headline, u.body, u.body_html, u.author_id, \
     au.name AS author_name, au.slug AS author_slug, u.pinned, u.created_at, u.updated_at \
     FROM live_updates u JOIN authors au ON au.id = u.author_id";

/// A live story's updates, newest first.
pub async fn for_article(db: &Db, article_id: i64) -> Result<Vec<UpdateRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {UPDATE_COLUMNS} WHERE u.article_id = $1 ORDER BY u.created_at DESC, u.id DESC"
    ))
    .bind(article_id)
    .fetch_all(&mut *db.conn().await?)
    .await
}

pub async fn by_id(db: &Db, id: i64) -> Result<Option<UpdateRow>, sqlx::Error> {
    sqlx::query_as(&format!("SELECT {UPDATE_COLUMNS} WHERE u.id = $1"))
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
                                   created_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id",
    )
    .bind(article_id)
    .bind(content.headline)
    .bind(content.body)
    .bind(content.body_html)
    .bind(author_id)
    .bind(i64::from(content.pinned))
    .bind(created_by)
    .bind(at)
    .fetch_one(&mut *tx)
    .await?;
    if content.pinned {
        unpin_others(&mut tx, article_id, id, at).await?;
    }
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
                                 updated_at = $7 \
         WHERE id = $1 AND article_id = $2",
    )
    .bind(id)
    .bind(article_id)
    .bind(content.headline)
    .bind(content.body)
    .bind(content.body_html)
    .bind(i64::from(content.pinned))
    .bind(at)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 0 {
        return Ok(false);
    }
    if content.pinned {
        unpin_others(&mut tx, article_id, id, at).await?;
    }
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

/// Events with ids above `after`, oldest first (at most `limit`).
pub async fn events_after(db: &Db, after: i64, limit: i64) -> Result<Vec<EventRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, article_id, update_id, kind, created_at FROM live_events \
         WHERE id > $1 ORDER BY id LIMIT $2",
    )
    .bind(after)
    .bind(limit)
    .fetch_all(&mut *db.conn().await?)
    .await
}

/// The newest event's id (0 without any).
pub async fn last_event(db: &Db) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) FROM live_events")
        .fetch_one(&mut *db.conn().await?)
        .await
}

/// Forgets events older than `before` (every node has read them long ago).
pub async fn prune_events(db: &Db, before: i64) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query("DELETE FROM live_events WHERE created_at < $1")
        .bind(before)
        .execute(&mut *db.conn().await?)
        .await?
        .rows_affected())
}

/// The story the breaking bar shows at `now`: (id, title, slug, until),
/// the newest if several.
pub async fn breaking_now(
    db: &Db,
    now: i64,
) -> Result<Option<(i64, String, String, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, title, slug, breaking_until FROM articles \
         WHERE breaking_until > $1 AND status = 'published' AND breaking = 1 \
           AND published_at <= $1 AND breaking_since <= $1 \
         ORDER BY breaking_since DESC, id DESC LIMIT 1",
    )
    .bind(now)
    .fetch_optional(&mut *db.conn().await?)
    .await
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
