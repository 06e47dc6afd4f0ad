//! The search index, one implementation per engine behind one interface:
//!
//! - SQLite: a contentless FTS5 table of app-made Snowball stems
//!   (`crate::search`), rowid = article id.
//! - PostgreSQL: a `tsvector` per article made by PostgreSQL's `russian`
//!   configuration (title weight A, lead B, body D) with a GIN index; the
//!   query's words go through the same configuration (`phraseto_tsquery`).
//!
//! Query parsing, ranking tiers and highlighting are shared
//! (`crate::search`, `api::reader`), so results look the same on both.
//! Every article of any status is indexed when it is written; queries keep
//! only what readers may see.

use super::{Db, Engine, Sql};
use crate::search::{self, Query};
use sqlx::AnyConnection;

/// The tsvector of an article on PostgreSQL, from binds $2 (title), $3
/// (lead) and $4 (body as plain text). `||` numbers the lead's words on
/// from the title's last one; the stop word put before the lead and the
/// body takes a position without being stored, so a quoted phrase never
/// runs from the end of one part into the next (FTS5's separate columns
/// never do either).
const PG_DOCUMENT: &str = "setweight(to_tsvector('russian', $2), 'A') \
     || setweight(to_tsvector('russian', 'и ' || $3), 'B') \
     || setweight(to_tsvector('russian', 'и ' || $4), 'D')";

/// (Re)indexes article `id`; call inside the transaction that writes it.
/// `body` is the editor's source; markup is dropped first.
pub async fn index(
    conn: &mut AnyConnection,
    id: i64,
    title: &str,
    lead: &str,
    body: &str,
) -> Result<(), sqlx::Error> {
    let body = crate::markup::plain_text(body);
    match Engine::of(conn) {
        Engine::Sqlite => {
            forget(conn, id).await?;
            sqlx::query(
                "INSERT INTO article_search (rowid, title, lead, body) VALUES ($1, $2, $3, $4)",
            )
            .bind(id)
            .bind(search::index_text(title))
            .bind(search::index_text(lead))
            .bind(search::index_text(&body))
            .execute(&mut *conn)
            .await?;
        }
        Engine::Postgres => {
            sqlx::query(&format!(
                "INSERT INTO article_search (article_id, document) VALUES ($1, {PG_DOCUMENT}) \
                 ON CONFLICT (article_id) DO UPDATE SET document = excluded.document"
            ))
            .bind(id)
            .bind(title)
            .bind(lead)
            .bind(body)
            .execute(&mut *conn)
            .await?;
        }
    }
    Ok(())
}

/// An article's text for [`index_many`].
pub struct Document<'a> {
    pub id: i64,
    pub title: &'a str,
    pub lead: &'a str,
    /// The body as plain text (no markup).
    pub body_text: &'a str,
    /// The body's stems, if the caller already has them (SQLite indexes
    /// stems; bulk generation stems each of its paragraphs once).
    pub body_stems: Option<&'a str>,
}

/// Indexes new articles in one statement (bulk generation).
pub async fn index_many<'q>(
    conn: &mut AnyConnection,
    documents: &'q [Document<'q>],
) -> Result<(), sqlx::Error> {
    if documents.is_empty() {
        return Ok(());
    }
    let mut insert = Sql::default();
    match Engine::of(conn) {
        Engine::Sqlite => {
            insert.push("INSERT INTO article_search (rowid, title, lead, body) VALUES ");
            insert.values(documents, |sql, d| {
                let body = d
                    .body_stems
                    .map_or_else(|| search::index_text(d.body_text), str::to_string);
                sql.bind(d.id)
                    .push(", ")
                    .bind(search::index_text(d.title))
                    .push(", ")
                    .bind(search::index_text(d.lead))
                    .push(", ")
                    .bind(body);
            });
        }
        Engine::Postgres => {
            insert.push("INSERT INTO article_search (article_id, document) VALUES ");
            insert.values(documents, |sql, d| {
                sql.bind(d.id)
                    .push(", setweight(to_tsvector('russian', ")
                    .bind(d.title)
                    // The same document as PG_DOCUMENT.
                    .push("), 'A') || setweight(to_tsvector('russian', 'и ' || ")
                    .bind(d.lead)
                    .push("), 'B') || setweight(to_tsvector('russian', 'и ' || ")
                    .bind(d.body_text)
                    .push("), 'D')");
            });
        }
    }
    let (sql, arguments) = insert.build()?;
    sqlx::query_with(&sql, arguments).execute(conn).await?;
    Ok(())
}

pub async fn forget(conn: &mut AnyConnection, id: i64) -> Result<(), sqlx::Error> {
    let sql = match Engine::of(conn) {
        Engine::Sqlite => "DELETE FROM article_search WHERE rowid = $1",
        Engine::Postgres => "DELETE FROM article_search WHERE article_id = $1",
    };
    sqlx::query(sql).bind(id).execute(conn).await?;
    Ok(())
}

/// A visible article that matches.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct Candidate {
    pub id: i64,
    pub published_at: i64,
}

/// Appends "the article matches `query`" for `column` (PostgreSQL): every
/// term through `phraseto_tsquery('russian', …)`, all required. Terms are
/// bound, never spliced into the SQL.
fn push_pg_match<'q>(sql: &mut Sql<'q>, column: &str, query: &'q Query) {
    sql.push(column).push(" @@ (");
    for (i, typed) in query.typed.iter().enumerate() {
        if i > 0 {
            sql.push(" && ");
        }
        sql.push("phraseto_tsquery('russian', ")
            .bind(typed.as_str())
            .push(")");
    }
    sql.push(")");
}

/// The newest `limit` visible articles matching `query`. Walking the index
/// newest first and stopping at `limit` keeps the cost bounded however
/// common the words are.
///
/// SQLite: `CROSS JOIN` keeps the FTS index as the outer loop; left to
/// itself SQLite may scan the articles and probe the index once per row
/// (17 s at 100 000 articles instead of milliseconds). PostgreSQL chooses
/// from its statistics between the GIN index (rare words) and walking the
/// ids backwards (common words).
pub async fn candidates(
    db: &Db,
    query: &Query,
    now: i64,
    limit: i64,
) -> Result<Vec<Candidate>, sqlx::Error> {
    if query.is_empty() {
        return Ok(Vec::new());
    }
    match db.engine() {
        Engine::Sqlite => {
            sqlx::query_as(
                "SELECT a.id, a.published_at FROM article_search CROSS JOIN articles a \
                 WHERE a.id = article_search.rowid AND article_search MATCH $1 \
                   AND a.status = 'published' AND a.published_at <= $2 \
                 ORDER BY article_search.rowid DESC LIMIT $3",
            )
            .bind(query.fts5())
            .bind(now)
            .bind(limit)
            .fetch_all(db.pool())
            .await
        }
        Engine::Postgres => {
            let mut sql = Sql::new(
                "SELECT a.id, a.published_at FROM article_search s \
                 JOIN articles a ON a.id = s.article_id WHERE ",
            );
            push_pg_match(&mut sql, "s.document", query);
            sql.push(" AND a.status = 'published' AND a.published_at <= ")
                .bind(now)
                .push(" ORDER BY s.article_id DESC LIMIT ")
                .bind(limit);
            let (sql, arguments) = sql.build()?;
            sqlx::query_as_with(&sql, arguments)
                .fetch_all(db.pool())
                .await
        }
    }
}

/// Which part of an article all the query's words are in, for ranking.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Within {
    Title,
    TitleOrLead,
}

/// Ids from `min_id` up whose title (or title and lead) alone match
/// `query`. Ranking by these tiers instead of a relevance score matters:
/// FTS5's `bm25()` counts every row containing each word to weigh it, a
/// full pass over the index for common words (10 ms at 100 000 articles),
/// while this reads only the candidates' range.
pub async fn matching_within(
    db: &Db,
    query: &Query,
    within: Within,
    min_id: i64,
) -> Result<Vec<i64>, sqlx::Error> {
    if query.is_empty() {
        return Ok(Vec::new());
    }
    match db.engine() {
        Engine::Sqlite => {
            let columns = match within {
                Within::Title => "{title}",
                Within::TitleOrLead => "{title lead}",
            };
            sqlx::query_scalar(
                "SELECT rowid FROM article_search WHERE article_search MATCH $1 AND rowid >= $2",
            )
            .bind(format!("{columns} : ({})", query.fts5()))
            .bind(min_id)
            .fetch_all(db.pool())
            .await
        }
        Engine::Postgres => {
            // ts_filter keeps the lexemes of the given weights: A is the
            // title, B the lead.
            let part = match within {
                Within::Title => "ts_filter(document, '{a}')",
                Within::TitleOrLead => "ts_filter(document, '{a,b}')",
            };
            let mut sql = Sql::new("SELECT article_id FROM article_search WHERE article_id >= ");
            sql.bind(min_id).push(" AND ");
            push_pg_match(&mut sql, part, query);
            let (sql, arguments) = sql.build()?;
            sqlx::query_scalar_with(&sql, arguments)
                .fetch_all(db.pool())
                .await
        }
    }
}

/// Indexes every article when the index is empty but articles exist: a
/// database from before search, or one restored without the index.
/// Returns how many were indexed.
pub async fn rebuild_if_empty(db: &Db) -> Result<u64, sqlx::Error> {
    let any_indexed = match db.engine() {
        Engine::Sqlite => "SELECT rowid FROM article_search LIMIT 1",
        Engine::Postgres => "SELECT article_id FROM article_search LIMIT 1",
    };
    let indexed: Option<i64> = sqlx::query_scalar(any_indexed)
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
