//! The search index (SQLite FTS5 over app-made stems; see the
//! `article_search` migration and `crate::search`). Every article of any
//! status is indexed when it is written; queries keep only what readers
//! may see.

use super::Db;
use crate::search;
use sqlx::AnyConnection;

/// Weights of title, lead and body in the ranking (BM25).
const RANK: &str = "bm25(article_search, 10.0, 4.0, 1.0)";

/// (Re)indexes article `id`; call inside the transaction that writes it.
/// `body` is the editor's source; markup is dropped first.
pub async fn index(
    conn: &mut AnyConnection,
    id: i64,
    title: &str,
    lead: &str,
    body: &str,
) -> Result<(), sqlx::Error> {
    forget(conn, id).await?;
    sqlx::query("INSERT INTO article_search (rowid, title, lead, body) VALUES ($1, $2, $3, $4)")
        .bind(id)
        .bind(search::index_text(title))
        .bind(search::index_text(lead))
        .bind(search::index_text(&crate::markup::plain_text(body)))
        .execute(&mut *conn)
        .await?;
    Ok(())
}

pub async fn forget(conn: &mut AnyConnection, id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM article_search WHERE rowid = $1")
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// A visible article that matches, with its rank (lower is better).
#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct Candidate {
    pub id: i64,
    pub score: f64,
    pub published_at: i64,
}

/// The newest `limit` visible articles matching `fts5_query`, each with
/// its rank. Walking the index newest first and stopping at `limit` keeps
/// the cost bounded however common the words are; callers rank these.
pub async fn candidates(
    db: &Db,
    fts5_query: &str,
    now: i64,
    limit: i64,
) -> Result<Vec<Candidate>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT a.id, {RANK} AS score, a.published_at \
         FROM article_search JOIN articles a ON a.id = article_search.rowid \
         WHERE article_search MATCH $1 AND a.status = 'published' AND a.published_at <= $2 \
         ORDER BY article_search.rowid DESC LIMIT $3"
    ))
    .bind(fts5_query)
    .bind(now)
    .bind(limit)
    .fetch_all(db.pool())
    .await
}

/// Indexes every article when the index is empty but articles exist: a
/// database from before search, or one restored without the index.
/// Returns how many were indexed.
pub async fn rebuild_if_empty(db: &Db) -> Result<u64, sqlx::Error> {
    let indexed: Option<i64> = sqlx::query_scalar("SELECT rowid FROM article_search LIMIT 1")
        .fetch_optional(db.pool())
        .await?;
    if indexed.is_some() {
        return Ok(0);
    }
    let mut after = 0i64;
    let mut done = 0u64;
    loop {
        let batch: Vec<(i64, String, String, String)> = sqlx::query_as(
            "SELECT id, title, lead, body FROM articles WHERE id > $1 ORDER BY id LIMIT 500",
        )
        .bind(after)
        .fetch_all(db.pool())
        .await?;
        let Some(last) = batch.last() else {
            return Ok(done);
        };
        after = last.0;
        let mut tx = db.pool().begin().await?;
        for (id, title, lead, body) in &batch {
            index(&mut tx, *id, title, lead, body).await?;
        }
        tx.commit().await?;
        done += batch.len() as u64;
    }
}
