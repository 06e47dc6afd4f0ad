//! The search index, one implementation per engine behind one interface:
//!
//! - SQLite: a contentless FTS5 table of app-made Snowball stems
//!   (`crate::server::words`), rowid = article id.
//! - PostgreSQL: a `tsvector` per article made by PostgreSQL's `russian`
//!   configuration (title weight A, lead B, body D) with a GIN index; the
//!   query's words go through the same configuration (`phraseto_tsquery`).
//!
//! Query parsing, ranking tiers and highlighting are shared
//! (`crate::server::words`, `api::reader`), so results look the same on both.
//! Every article of any status is indexed when it is written; queries keep
//! only what readers may see.

use super::{Db, Engine, Sql};
use crate::domain::lang::Lang;
use crate::server::words::{self, Query};
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
    let body = crate::server::markup::plain_text(body);
    match Engine::of(conn) {
        Engine::Sqlite => {
            forget(conn, id).await?;
            sqlx::query(
                "INSERT INTO article_search (rowid, title, lead, body) VALUES ($1, $2, $3, $4)",
            )
            .bind(id)
            .bind(words::index_text(title))
            .bind(words::index_text(lead))
            .bind(words::index_text(&body))
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
                    .map_or_else(|| words::index_text(d.body_text), str::to_string);
                sql.bind(d.id)
                    .push(", ")
                    .bind(words::index_text(d.title))
                    .push(", ")
                    .bind(words::index_text(d.lead))
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

/// A visible article that matches, with its rank tier: 2 when every
/// searched word is in its title, 1 when in the title or lead, 0 when only
/// the body has them all.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct Candidate {
    pub id: i64,
    pub published_at: i64,
    pub tier: i64,
}

/// Appends "`column` matches `query`" (PostgreSQL): every term through
/// `phraseto_tsquery('russian', …)`, all required. Terms are bound, never
/// spliced into the SQL.
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

/// Appends the tier of `document` (see [`Candidate`]): `ts_filter` keeps
/// the lexemes of the title (weight A) or title and lead (A, B).
fn push_pg_tier<'q>(sql: &mut Sql<'q>, document: &str, query: &'q Query) {
    sql.push("CASE WHEN ");
    push_pg_match(sql, &format!("ts_filter({document}, '{{a}}')"), query);
    sql.push(" THEN 2 WHEN ");
    push_pg_match(sql, &format!("ts_filter({document}, '{{a,b}}')"), query);
    sql.push(" THEN 1 ELSE 0 END");
}

/// PostgreSQL searches a word expected in more articles than this by
/// walking the newest articles (see [`candidates`]); about √(1000 ×
/// articles at scale), where both ways read about as many rows.
const PG_WALK_ABOVE: i64 = 30_000;

/// The newest `limit` visible articles matching `query`, with their tiers.
/// Taking the newest matches and stopping at `limit` keeps the cost
/// bounded however common the words are; ranking by tiers instead of a
/// relevance score matters for the same reason: FTS5's `bm25()` counts
/// every row containing each word to weigh it, a full pass over the index
/// for common words (10 ms at 100 000 articles), while tiers look only at
/// the candidates.
///
/// SQLite: FTS5 returns matches in rowid order, so walking it newest first
/// and stopping is cheap for any word. `CROSS JOIN` keeps the FTS index as
/// the outer loop; left to itself SQLite may scan the articles and probe
/// the index once per row (17 s at 100 000 articles instead of
/// milliseconds). The tiers are two more FTS5 queries restricted to the
/// title and lead columns.
///
/// PostgreSQL: a GIN index returns matches unordered. A rare word is best
/// read whole from the index; a common one by walking the newest articles
/// and testing each (a word in 10% of articles needs ~10 000 rows for
/// 1 000 matches, while reading its 100 000 matches from the index takes
/// 250 ms at a million articles). Left to itself the planner mixes the two
/// up for words it has no statistics on (one plan walked a million rows in
/// 970 ms to find nothing), so the choice is made here from the planner's
/// estimate of the matches: at most [`PG_WALK_ABOVE`] through the index
/// (capped, in case the estimate was low: correlated words in a phrase),
/// otherwise, or when the cap is hit, the walk. Either way each matching
/// article is looked up once (`LATERAL`; a merge join read every article
/// in the walked range, 12 ms for 8 000 rows) and the tier is computed for
/// the chosen rows only.
pub async fn candidates(
    db: &Db,
    lang: Lang,
    query: &Query,
    now: i64,
    limit: i64,
) -> Result<Vec<Candidate>, sqlx::Error> {
    candidates_via(db, lang, query, now, limit, Via::Estimate).await
}

/// How PostgreSQL finds candidates: as the estimate says (what readers
/// get), or one way only (so tests can check both ways agree).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Via {
    Estimate,
    Index,
    Walk,
}

/// [`candidates`], with PostgreSQL's way chosen by `via` (SQLite has one).
pub async fn candidates_via(
    db: &Db,
    lang: Lang,
    query: &Query,
    now: i64,
    limit: i64,
    via: Via,
) -> Result<Vec<Candidate>, sqlx::Error> {
    if query.is_empty() {
        return Ok(Vec::new());
    }
    // Each match's article is read anyway (its publish time); its edition
    // is one more condition on that row. A fixed code, as a literal.
    let edition = crate::db::articles::edition_literal(lang);
    if db.engine() == Engine::Sqlite {
        return sqlite_candidates(db, edition, query, now, limit).await;
    }
    let from_index = match via {
        Via::Estimate => pg_estimated_matches(db, query).await? <= PG_WALK_ABOVE,
        Via::Index => true,
        Via::Walk => false,
    };
    if from_index {
        if let Some(found) = pg_candidates_from_index(db, edition, query, now, limit).await? {
            return Ok(found);
        }
    }
    pg_candidates_by_walking(db, edition, query, now, limit).await
}

async fn sqlite_candidates(
    db: &Db,
    edition: &str,
    query: &Query,
    now: i64,
    limit: i64,
) -> Result<Vec<Candidate>, sqlx::Error> {
    let expression = query.fts5();
    let mut found: Vec<Candidate> = sqlx::query_as(&format!(
        "SELECT a.id, a.published_at, 0 AS tier FROM article_search CROSS JOIN articles a \
         WHERE a.id = article_search.rowid AND article_search MATCH $1 \
           AND a.status = 'published' AND a.published_at <= $2 AND a.lang = {edition} \
         ORDER BY article_search.rowid DESC LIMIT $3",
    ))
    .bind(&expression)
    .bind(now)
    .bind(limit)
    .fetch_all(&mut *db.conn().await?)
    .await?;
    let Some(min_id) = found.iter().map(|c| c.id).min() else {
        return Ok(found);
    };
    // Walking the index from the oldest candidate on is as cheap as naming
    // the candidates, and keeps the statement small.
    for columns in ["{title}", "{title lead}"] {
        let within: std::collections::HashSet<i64> = sqlx::query_scalar(
            "SELECT rowid FROM article_search WHERE article_search MATCH $1 AND rowid >= $2",
        )
        .bind(format!("{columns} : ({expression})"))
        .bind(min_id)
        .fetch_all(&mut *db.conn().await?)
        .await?
        .into_iter()
        .collect();
        for candidate in &mut found {
            candidate.tier += i64::from(within.contains(&candidate.id));
        }
    }
    Ok(found)
}

/// Every match from the GIN index (up to the cap), the newest `limit`
/// visible of them; `None` when the cap was hit. The matches are sorted
/// before articles are looked up, so the lookups stop at `limit`.
async fn pg_candidates_from_index(
    db: &Db,
    edition: &str,
    query: &Query,
    now: i64,
    limit: i64,
) -> Result<Option<Vec<Candidate>>, sqlx::Error> {
    let mut sql = Sql::new("WITH m AS MATERIALIZED (SELECT article_id FROM article_search WHERE ");
    push_pg_match(&mut sql, "document", query);
    sql.push(" LIMIT ")
        .bind(PG_WALK_ABOVE + 1)
        .push("), n AS (SELECT COUNT(*) AS matched FROM m), newest AS (SELECT m.article_id, v.published_at \
             FROM (SELECT article_id FROM m ORDER BY article_id DESC) AS m \
             CROSS JOIN LATERAL (SELECT a.published_at FROM articles a WHERE a.id = m.article_id \
             AND a.status = 'published' AND a.lang = ")
        .push(edition)
        .push(" AND a.published_at <= ")
        .bind(now)
        .push(") v WHERE (SELECT matched FROM n) <= ")
        .bind(PG_WALK_ABOVE)
        .push(" ORDER BY m.article_id DESC LIMIT ")
        .bind(limit)
        // A row with id -1 says the cap was hit.
        .push(
            ") SELECT -1 AS id, -1 AS published_at, 0 AS tier FROM n WHERE matched > ",
        )
        .bind(PG_WALK_ABOVE)
        .push(" UNION ALL (SELECT newest.article_id, newest.published_at, ");
    push_pg_tier(&mut sql, "s.document", query);
    sql.push(
        " FROM newest JOIN article_search s ON s.article_id = newest.article_id \
         ORDER BY newest.article_id DESC)",
    );
    let (text, arguments) = sql.build()?;
    let found: Vec<Candidate> = sqlx::query_as_with(&text, arguments)
        .fetch_all(&mut *db.conn().await?)
        .await?;
    Ok(found.first().is_none_or(|c| c.id != -1).then_some(found))
}

/// The newest articles, each tested against the query, until `limit`
/// visible ones match.
async fn pg_candidates_by_walking(
    db: &Db,
    edition: &str,
    query: &Query,
    now: i64,
    limit: i64,
) -> Result<Vec<Candidate>, sqlx::Error> {
    let mut sql = Sql::new("SELECT s.article_id AS id, v.published_at, ");
    push_pg_tier(&mut sql, "s.document", query);
    sql.push(" AS tier FROM article_search s CROSS JOIN LATERAL (SELECT a.published_at FROM articles a WHERE a.id = s.article_id \
         AND a.status = 'published' AND a.lang = ")
        .push(edition)
        .push(" AND a.published_at <= ")
        .bind(now)
        .push(") v WHERE ");
    push_pg_match(&mut sql, "s.document", query);
    sql.push(" ORDER BY s.article_id DESC LIMIT ").bind(limit);
    let (text, arguments) = sql.build()?;
    sqlx::query_as_with(&text, arguments)
        .fetch_all(&mut *db.conn().await?)
        .await
}

/// The planner's estimate of how many articles match (from the lexeme
/// frequencies `ANALYZE` keeps for the tsvector column), without running
/// the search.
async fn pg_estimated_matches(db: &Db, query: &Query) -> Result<i64, sqlx::Error> {
    let mut sql = Sql::new("EXPLAIN SELECT article_id FROM article_search WHERE ");
    push_pg_match(&mut sql, "document", query);
    let (text, arguments) = sql.build()?;
    let plan: Option<String> = sqlx::query_scalar_with(&text, arguments)
        .fetch_optional(&mut *db.conn().await?)
        .await?;
    // "Bitmap Heap Scan on article_search  (cost=… rows=5000 width=8)"
    Ok(plan
        .as_deref()
        .and_then(|line| line.split(" rows=").nth(1))
        .and_then(|rest| rest.split(' ').next())
        .and_then(|rows| rows.parse().ok())
        .unwrap_or(i64::MAX))
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
        .fetch_optional(&mut *db.conn().await?)
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
        .fetch_all(&mut *db.conn().await?)
        .await?;
        let Some(last) = batch.last() else {
            return Ok(done);
        };
        after = last.0;
        let mut tx = db.begin().await?;
        for (id, title, lead, body) in &batch {
            index(&mut tx, *id, title, lead, body).await?;
        }
        tx.commit().await?;
        done += batch.len() as u64;
    }
}
