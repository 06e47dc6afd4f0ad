//! The search index, one implementation per engine behind one interface.
//!
//! Only published articles are indexed, each under an order key made of
//! its publication time and id ([`order_key`]), so the index's own order
//! is newest-published first: a page of results is the first 21 matches
//! below a cursor, read from the index alone, whatever the archive's size.
//! Each of the three tiers of «По релевантности» (every word in the
//! headline; in the lead; anywhere) has its own index, so none is a column
//! filter that reads through every match.
//!
//! - SQLite: three contentless FTS5 tables of app-made stems (`search_title`,
//!   `search_lead`, `search_all`), rowid = the order key, with the article
//!   behind each key in `search_keys`. The edition is a token in each
//!   document ([`EDITION_TOKEN`]), so FTS5 intersects it like a word.
//! - PostgreSQL: `article_search` with three `tsvector`s of the same stems
//!   (the `simple` configuration: the app has stemmed and folded them), a
//!   GIN index on each, and (edition, key) in a B-tree for the walk.
//!
//! Query parsing, stems and highlighting are shared
//! (`crate::server::words`), so results are the same on both engines.
//!
//! Past 500 lines: every statement of the index on both engines (writing,
//! a page, counting, the vocabulary, upkeep) is here, side by side, so a
//! change to one engine is made beside the other.

use super::{Db, Engine, Sql};
use crate::domain::lang::Lang;
use crate::server::words::{self, Query};
use sqlx::AnyConnection;

/// Results per page; a page fetches one more to know whether there are
/// more.
pub const PAGE: usize = 20;

/// The order key: publication time (seconds) above, the id's low 24 bits
/// below, so keys sort as (published_at, id) for any archive under 16.7
/// million articles; a key taken anyway (an older article with the same
/// second and low bits) moves one down ([`free_key`]).
pub fn order_key(published_at: i64, id: i64) -> i64 {
    published_at
        .saturating_mul(1 << 24)
        .saturating_add(id & 0xFF_FFFF)
}

/// The highest key visible at `now`: scheduled articles' keys lie above.
fn visible_below(now: i64) -> i64 {
    order_key(now, 0xFF_FFFF)
}

/// The token that marks a document's edition in SQLite's index.
fn edition_token(lang: Lang) -> &'static str {
    match lang {
        Lang::Ru => EDITION_TOKEN[0],
        Lang::Kk => EDITION_TOKEN[1],
    }
}

/// Words no text has (stems are letters and digits of real words).
pub const EDITION_TOKEN: [&str; 2] = ["qqeditionru", "qqeditionkk"];

/// The three indexes: the headline, the lead, and everything.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Tier {
    Title = 0,
    Lead = 1,
    All = 2,
}

impl Tier {
    const ORDER: [Tier; 3] = [Tier::Title, Tier::Lead, Tier::All];

    pub fn from_number(n: i64) -> Option<Tier> {
        Tier::ORDER.get(usize::try_from(n).ok()?).copied()
    }

    fn sqlite_table(self) -> &'static str {
        match self {
            Tier::Title => "search_title",
            Tier::Lead => "search_lead",
            Tier::All => "search_all",
        }
    }

    fn pg_column(self) -> &'static str {
        match self {
            Tier::Title => "title_doc",
            Tier::Lead => "lead_doc",
            Tier::All => "document",
        }
    }
}

/// What one article puts in the index.
pub struct Document<'a> {
    pub id: i64,
    pub published_at: i64,
    pub lang: Lang,
    pub title: &'a str,
    pub lead: &'a str,
    /// The body as plain text (no markup).
    pub body_text: &'a str,
    /// The body's stems, if the caller already has them (bulk generation
    /// stems each of its paragraphs once).
    pub body_stems: Option<&'a str>,
}

/// One document's text as each index stores it: the stems of each part
/// and the names (with the edition's token).
struct Prepared {
    id: i64,
    key: i64,
    lang: Lang,
    title: String,
    lead: String,
    body: String,
    title_names: String,
    lead_names: String,
    all_names: String,
}

impl Prepared {
    fn of(d: &Document) -> Prepared {
        let token = edition_token(d.lang);
        let title_names = format!("{token} {}", words::index_names(d.title));
        let lead_names = format!("{token} {}", words::index_names(d.lead));
        let all_names = format!(
            "{title_names} {} {}",
            words::index_names(d.lead),
            words::index_names(d.body_text)
        );
        Prepared {
            id: d.id,
            key: order_key(d.published_at, d.id),
            lang: d.lang,
            title: words::index_text(d.title, d.lang),
            lead: words::index_text(d.lead, d.lang),
            body: d
                .body_stems
                .map_or_else(|| words::index_text(d.body_text, d.lang), str::to_string),
            title_names,
            lead_names,
            all_names,
        }
    }

    /// The parts of `tier`'s document, in order. A quoted phrase never
    /// runs from one part into the next: they are separate columns in
    /// FTS5, and PostgreSQL's document leaves a position between them
    /// ([`PG_DOCUMENT`]).
    fn parts(&self, tier: Tier) -> Vec<&str> {
        match tier {
            Tier::Title => vec![&self.title, &self.title_names],
            Tier::Lead => vec![&self.lead, &self.lead_names],
            Tier::All => vec![&self.title, &self.lead, &self.body, &self.all_names],
        }
    }
}

/// A tsvector from its parts joined by [`PG_GAP`] (bind `$n`): the gap
/// word takes a position and is then deleted, so positions on either side
/// are not adjacent.
const PG_DOCUMENT: (&str, &str) = ("ts_delete(to_tsvector('simple', ", "), 'qqgap')");
const PG_GAP: &str = " qqgap ";

/// (Re)indexes article `id` as it now stands: published, it is indexed
/// under its order key; otherwise it leaves the index. Call inside the
/// transaction that writes it.
pub async fn index(conn: &mut AnyConnection, id: i64) -> Result<(), sqlx::Error> {
    forget(conn, id).await?;
    let row: Option<(String, Option<i64>, String, String, String, String)> = sqlx::query_as(
        "SELECT status, published_at, lang, title, lead, body FROM articles WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some((status, Some(published_at), lang, title, lead, body)) = row else {
        return Ok(());
    };
    if status != "published" {
        return Ok(());
    }
    let body_text = crate::server::markup::plain_text(&body);
    let mut prepared = Prepared::of(&Document {
        id,
        published_at,
        lang: Lang::from_code(&lang).unwrap_or_default(),
        title: &title,
        lead: &lead,
        body_text: &body_text,
        body_stems: None,
    });
    prepared.key = free_key(conn, prepared.key).await?;
    insert(conn, &[prepared]).await
}

/// `key`, or the first free key below it.
async fn free_key(conn: &mut AnyConnection, mut key: i64) -> Result<i64, sqlx::Error> {
    let taken = match Engine::of(conn) {
        Engine::Sqlite => "SELECT key FROM search_keys WHERE key = $1",
        Engine::Postgres => "SELECT key FROM article_search WHERE key = $1",
    };
    while sqlx::query_scalar::<_, i64>(taken)
        .bind(key)
        .fetch_optional(&mut *conn)
        .await?
        .is_some()
    {
        key -= 1;
    }
    Ok(key)
}

/// Indexes new published articles in a few statements (bulk loads; their
/// keys are taken to be free).
pub async fn index_many(
    conn: &mut AnyConnection,
    documents: &[Document<'_>],
) -> Result<(), sqlx::Error> {
    let prepared: Vec<Prepared> = documents.iter().map(Prepared::of).collect();
    insert(conn, &prepared).await
}

async fn insert(conn: &mut AnyConnection, rows: &[Prepared]) -> Result<(), sqlx::Error> {
    if rows.is_empty() {
        return Ok(());
    }
    let mut statements: Vec<Sql> = Vec::new();
    match Engine::of(conn) {
        Engine::Sqlite => {
            let mut keys = Sql::new("INSERT INTO search_keys (article_id, key) VALUES ");
            keys.values(rows, |sql, r| {
                sql.bind(r.id).push(", ").bind(r.key);
            });
            statements.push(keys);
            for tier in Tier::ORDER {
                let columns = match tier {
                    Tier::All => "rowid, title, lead, body, names",
                    _ => "rowid, words, names",
                };
                let mut sql = Sql::new(&format!(
                    "INSERT INTO {} ({columns}) VALUES ",
                    tier.sqlite_table()
                ));
                sql.values(rows, |sql, r| {
                    sql.bind(r.key);
                    for part in r.parts(tier) {
                        sql.push(", ").bind(part);
                    }
                });
                statements.push(sql);
            }
        }
        Engine::Postgres => {
            let mut sql = Sql::new(
                "INSERT INTO article_search (article_id, key, lang, title_doc, lead_doc, document) VALUES ",
            );
            sql.values(rows, |sql, r| {
                sql.bind(r.id)
                    .push(", ")
                    .bind(r.key)
                    .push(", ")
                    .bind(r.lang.code());
                for tier in Tier::ORDER {
                    sql.push(", ")
                        .push(PG_DOCUMENT.0)
                        .bind(r.parts(tier).join(PG_GAP))
                        .push(PG_DOCUMENT.1);
                }
            });
            // Two nodes indexing the same article at once (see
            // `index_missing`): the later write wins.
            sql.push(
                " ON CONFLICT (article_id) DO UPDATE SET key = excluded.key, lang = excluded.lang, \
                 title_doc = excluded.title_doc, lead_doc = excluded.lead_doc, \
                 document = excluded.document",
            );
            statements.push(sql);
        }
    }
    for statement in statements {
        let (text, arguments) = statement.build()?;
        sqlx::query_with(&text, arguments)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Takes article `id` out of the index.
pub async fn forget(conn: &mut AnyConnection, id: i64) -> Result<(), sqlx::Error> {
    match Engine::of(conn) {
        Engine::Sqlite => {
            let key: Option<i64> =
                sqlx::query_scalar("SELECT key FROM search_keys WHERE article_id = $1")
                    .bind(id)
                    .fetch_optional(&mut *conn)
                    .await?;
            let Some(key) = key else {
                return Ok(());
            };
            for tier in Tier::ORDER {
                sqlx::query(&format!(
                    "DELETE FROM {} WHERE rowid = $1",
                    tier.sqlite_table()
                ))
                .bind(key)
                .execute(&mut *conn)
                .await?;
            }
            sqlx::query("DELETE FROM search_keys WHERE article_id = $1")
                .bind(id)
                .execute(&mut *conn)
                .await?;
        }
        Engine::Postgres => {
            sqlx::query("DELETE FROM article_search WHERE article_id = $1")
                .bind(id)
                .execute(&mut *conn)
                .await?;
        }
    }
    Ok(())
}

/// Where a page of results starts: below `key` in `tier` (newest-first
/// order has one tier, [`Tier::All`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cursor {
    pub tier: Tier,
    pub key: i64,
}

/// How results are ordered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Order {
    /// Newest published first.
    #[default]
    Newest,
    /// Headline matches first, then lead, then anywhere; newest first
    /// within each.
    Relevance,
}

/// A match: the article, where it stands, and its tier.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hit {
    pub id: i64,
    pub cursor: Cursor,
}

/// Up to `limit` visible matches of `query` in `lang`'s edition at `now`,
/// after `after` (from the start when `None`), in `order`.
///
/// Each tier is one walk of its index newest first, below the cursor,
/// stopping at `limit`: FTS5 walks rowids in order and stops early for any
/// word; a lower tier leaves out what a higher one matched (a lookup of
/// that one key). On PostgreSQL a GIN index returns matches unordered:
/// see [`pg_find`].
pub async fn find(
    db: &Db,
    lang: Lang,
    query: &Query,
    now: i64,
    order: Order,
    after: Option<Cursor>,
    limit: usize,
) -> Result<Vec<Hit>, sqlx::Error> {
    if query.is_empty() {
        return Ok(Vec::new());
    }
    let tiers: &[Tier] = match order {
        Order::Newest => &[Tier::All],
        Order::Relevance => &Tier::ORDER,
    };
    let mut hits = Vec::new();
    for &tier in tiers {
        let below = match after {
            Some(c) if c.tier > tier => continue,
            Some(c) if c.tier == tier => c.key,
            _ => visible_below(now) + 1,
        };
        let excluded: &[Tier] = match order {
            Order::Newest => &[],
            Order::Relevance => &Tier::ORDER[..tier as usize],
        };
        let wanted = (limit - hits.len()) as i64;
        let keys = match db.engine() {
            Engine::Sqlite => sqlite_walk(db, lang, query, tier, excluded, below, wanted).await?,
            Engine::Postgres => {
                pg_find(db, lang, query, tier, excluded, below, wanted, Via::Probe).await?
            }
        };
        hits.extend(keys.into_iter().map(|(id, key)| Hit {
            id,
            cursor: Cursor { tier, key },
        }));
        if hits.len() >= limit {
            break;
        }
    }
    Ok(hits)
}

async fn sqlite_walk(
    db: &Db,
    lang: Lang,
    query: &Query,
    tier: Tier,
    excluded: &[Tier],
    below: i64,
    limit: i64,
) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    let expression = format!("\"{}\" AND {}", edition_token(lang), query.fts5());
    let table = tier.sqlite_table();
    let mut sql = format!(
        "SELECT k.article_id, s.rowid FROM {table} s CROSS JOIN search_keys k \
         WHERE s.{table} MATCH $1 AND s.rowid < $2 AND k.key = s.rowid"
    );
    for higher in excluded {
        let other = higher.sqlite_table();
        sql.push_str(&format!(
            " AND NOT EXISTS (SELECT 1 FROM {other} o WHERE o.{other} MATCH $1 AND o.rowid = s.rowid)"
        ));
    }
    sql.push_str(" ORDER BY s.rowid DESC LIMIT $3");
    sqlx::query_as(&sql)
        .bind(&expression)
        .bind(below)
        .bind(limit)
        .fetch_all(&mut *db.conn().await?)
        .await
}

/// How PostgreSQL finds matches: probing first (what readers get), or one
/// way only (so tests can check every way agrees).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Via {
    /// Walk [`PG_PROBE_ROWS`] rows, then GIN through windows sized from
    /// what the walk found.
    Probe,
    /// GIN through windows from the start.
    Index,
    /// Walk until `limit` matches, however far.
    Walk,
}

/// Rows of the edition the probe walks newest first, testing each (about
/// 6 µs a row warm, a `tsvector` read from TOAST): a word in one article
/// in ten is found there and needs nothing else.
pub const PG_PROBE_ROWS: i64 = 200;

/// More matches than this are not read from GIN and sorted: the walk
/// finds them sooner.
pub const PG_WALK_ABOVE: i64 = 30_000;

/// The newest `limit` matches of `query` in `tier` (leaving out what the
/// `excluded` tiers match) in `lang`'s edition below key `below`.
///
/// GIN returns matches unordered, and the planner's estimate of how many
/// there are is too rough to choose by (a word outside the most common
/// elements `ANALYZE` keeps is guessed at 0.5% of rows, whatever it is).
/// So the newest rows are walked first, testing each: a common word is
/// found there. Otherwise what the walk found says how rare the query
/// is, and GIN's matches are read through a window of the newest rows
/// that should hold a page (GIN's bitmap ANDed with the key index's, so
/// only the window's matches are read from the table), then through all.
#[allow(clippy::too_many_arguments)]
pub async fn pg_find(
    db: &Db,
    lang: Lang,
    query: &Query,
    tier: Tier,
    excluded: &[Tier],
    below: i64,
    limit: i64,
    via: Via,
) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    let tsquery = query.tsquery();
    let column = tier.pg_column();
    // The conditions besides the match: edition, cursor, higher tiers.
    let filter = |sql: &mut Sql<'_>| {
        sql.push(" AND lang = ")
            .push(crate::db::articles::edition_literal(lang))
            .push(" AND key < ")
            .bind(below);
        push_excluded(sql, excluded, &tsquery);
    };
    let first_window = match via {
        Via::Walk => None,
        Via::Index => Some(PG_FIRST_WINDOW),
        Via::Probe => {
            let (found, walked) = pg_probe(db, lang, column, &tsquery, excluded, below).await?;
            let done = found.len() as i64 >= limit || walked < PG_PROBE_ROWS;
            if done {
                return Ok(found.into_iter().take(limit as usize).collect());
            }
            // Rows that should hold twice a page at the density found.
            let rows = PG_PROBE_ROWS * 2 * limit / (found.len() as i64).max(1);
            Some(rows.clamp(PG_FIRST_WINDOW, PG_LAST_WINDOW))
        }
    };
    if let Some(first) = first_window {
        for window in [Some(first), None] {
            let floor = pg_window_floor(db, lang, below, window).await?;
            match pg_from_index(db, column, &tsquery, &filter, floor, limit).await? {
                Some(found) if floor.is_none() || found.len() as i64 >= limit => return Ok(found),
                Some(_) => continue,
                // Too many to sort: walk instead.
                None => break,
            }
        }
    }
    let mut sql = Sql::new("SELECT article_id, key FROM article_search WHERE ");
    push_match(&mut sql, column, &tsquery);
    filter(&mut sql);
    sql.push(" ORDER BY lang DESC, key DESC LIMIT ").bind(limit);
    let (text, arguments) = sql.build()?;
    sqlx::query_as_with(&text, arguments)
        .persistent(false)
        .fetch_all(&mut *db.conn().await?)
        .await
}

/// The edition's newest [`PG_PROBE_ROWS`] rows below `below`, each tested:
/// the matches among them, newest first, and how many rows there were.
async fn pg_probe(
    db: &Db,
    lang: Lang,
    column: &str,
    tsquery: &str,
    excluded: &[Tier],
    below: i64,
) -> Result<(Vec<(i64, i64)>, i64), sqlx::Error> {
    let mut sql = Sql::new("SELECT article_id, key, (");
    push_match(&mut sql, column, tsquery);
    push_excluded(&mut sql, excluded, tsquery);
    sql.push(") AS hit FROM article_search WHERE lang = ")
        .push(crate::db::articles::edition_literal(lang))
        .push(" AND key < ")
        .bind(below)
        .push(" ORDER BY lang DESC, key DESC LIMIT ")
        .bind(PG_PROBE_ROWS);
    let (text, arguments) = sql.build()?;
    let rows: Vec<(i64, i64, bool)> = sqlx::query_as_with(&text, arguments)
        .fetch_all(&mut *db.conn().await?)
        .await?;
    let walked = rows.len() as i64;
    let found = rows
        .into_iter()
        .filter(|&(_, _, hit)| hit)
        .map(|(id, key, _)| (id, key))
        .collect();
    Ok((found, walked))
}

/// `column @@ tsquery`, the query bound. A statement with a match in its
/// `WHERE` runs unprepared (`persistent(false)`): PostgreSQL plans an
/// unnamed statement for its values every time, while a prepared one may
/// keep a generic plan after five runs, and a search's generic plan (any
/// word, any cursor) reads a whole `tsvector` column: a second a query at
/// a million articles.
fn push_match(sql: &mut Sql<'_>, column: &str, tsquery: &str) {
    sql.push(column)
        .push(" @@ CAST(")
        .bind(tsquery.to_string())
        .push(" AS tsquery)");
}

/// `AND NOT tier @@ tsquery` for each higher tier a lower one leaves out.
fn push_excluded(sql: &mut Sql<'_>, excluded: &[Tier], tsquery: &str) {
    for higher in excluded {
        sql.push(" AND NOT ");
        push_match(sql, higher.pg_column(), tsquery);
    }
}

/// The smallest and largest first window [`pg_find`] reads GIN's matches
/// through, in rows of the edition below the cursor; if it holds fewer
/// than a page, all of them are read next.
const PG_FIRST_WINDOW: i64 = 2_000;
const PG_LAST_WINDOW: i64 = 50_000;

/// The key above which the newest `window` rows of `lang`'s edition below
/// `below` lie (an index-only read of the key index), or `None` for all of
/// them (no window, or the edition has no more rows).
async fn pg_window_floor(
    db: &Db,
    lang: Lang,
    below: i64,
    window: Option<i64>,
) -> Result<Option<i64>, sqlx::Error> {
    let Some(window) = window else {
        return Ok(None);
    };
    let mut sql = Sql::new("SELECT key FROM article_search WHERE lang = ");
    sql.push(crate::db::articles::edition_literal(lang))
        .push(" AND key < ")
        .bind(below)
        .push(" ORDER BY lang DESC, key DESC OFFSET ")
        .bind(window)
        .push(" LIMIT 1");
    let (text, arguments) = sql.build()?;
    sqlx::query_scalar_with(&text, arguments)
        .fetch_optional(&mut *db.conn().await?)
        .await
}

/// The newest `limit` matches from the GIN index, above `floor` if any:
/// every match read and sorted, `None` when more than [`PG_WALK_ABOVE`].
async fn pg_from_index(
    db: &Db,
    column: &str,
    tsquery: &str,
    filter: &(dyn Fn(&mut Sql<'_>) + Sync),
    floor: Option<i64>,
    limit: i64,
) -> Result<Option<Vec<(i64, i64)>>, sqlx::Error> {
    // A row with id -1 says the cap was hit.
    let mut sql =
        Sql::new("WITH m AS MATERIALIZED (SELECT article_id, key FROM article_search WHERE ");
    push_match(&mut sql, column, tsquery);
    filter(&mut sql);
    if let Some(floor) = floor {
        // Written out, not bound: the planner sees how narrow the window
        // is and ANDs the key index's bitmap with GIN's.
        sql.push(&format!(" AND key > {floor}"));
    }
    sql.push(" LIMIT ")
        .bind(PG_WALK_ABOVE + 1)
        .push(
            ") SELECT -1 AS article_id, -1 AS key FROM (SELECT COUNT(*) AS n FROM m) c WHERE n > ",
        )
        .bind(PG_WALK_ABOVE)
        .push(" UNION ALL (SELECT article_id, key FROM m ORDER BY key DESC LIMIT ")
        .bind(limit)
        .push(")");
    let (text, arguments) = sql.build()?;
    let found: Vec<(i64, i64)> = sqlx::query_as_with(&text, arguments)
        .persistent(false)
        .fetch_all(&mut *db.conn().await?)
        .await?;
    Ok(match found.first() {
        Some((-1, _)) => None,
        _ => Some(found),
    })
}

/// How many visible articles of `lang`'s edition match, counting at most
/// `cap` (from the index alone).
pub async fn count_up_to(
    db: &Db,
    lang: Lang,
    query: &Query,
    now: i64,
    cap: i64,
) -> Result<i64, sqlx::Error> {
    if query.is_empty() {
        return Ok(0);
    }
    match db.engine() {
        Engine::Sqlite => {
            let expression = format!("\"{}\" AND {}", edition_token(lang), query.fts5());
            sqlx::query_scalar(
                "SELECT COUNT(*) FROM (SELECT rowid FROM search_all \
                 WHERE search_all MATCH $1 AND rowid <= $2 LIMIT $3)",
            )
            .bind(expression)
            .bind(visible_below(now))
            .bind(cap)
            .fetch_one(&mut *db.conn().await?)
            .await
        }
        Engine::Postgres => {
            let mut sql = Sql::new(
                "SELECT COUNT(*) FROM (SELECT 1 FROM article_search WHERE document @@ CAST(",
            );
            sql.bind(query.tsquery())
                .push(" AS tsquery) AND lang = ")
                .push(crate::db::articles::edition_literal(lang))
                .push(" AND key <= ")
                .bind(visible_below(now))
                .push(" LIMIT ")
                .bind(cap)
                .push(") m");
            let (text, arguments) = sql.build()?;
            sqlx::query_scalar_with(&text, arguments)
                .persistent(false)
                .fetch_one(&mut *db.conn().await?)
                .await
        }
    }
}

/// The vocabulary's count of articles for `stem` (0 when it is not there).
pub async fn term_docs(db: &Db, stem: &str) -> Result<i64, sqlx::Error> {
    let docs: Option<i64> = sqlx::query_scalar("SELECT docs FROM search_terms WHERE term = $1")
        .bind(stem)
        .fetch_optional(&mut *db.conn().await?)
        .await?;
    Ok(docs.unwrap_or(0))
}

/// Candidates for correcting `stem`: vocabulary terms that share trigrams
/// with it, the closest first, with their counts of articles.
pub async fn similar_terms(db: &Db, stem: &str) -> Result<Vec<(String, i64)>, sqlx::Error> {
    const CANDIDATES: i64 = 100;
    match db.engine() {
        Engine::Sqlite => {
            let chars: Vec<char> = stem.chars().collect();
            let trigrams: Vec<String> = chars
                .windows(3)
                .map(|w| format!("\"{}\"", w.iter().collect::<String>()))
                .collect();
            if trigrams.is_empty() {
                return Ok(Vec::new());
            }
            sqlx::query_as(
                "SELECT t.term, t.docs FROM search_terms t WHERE t.id IN \
                 (SELECT rowid FROM search_terms_trigram WHERE search_terms_trigram MATCH $1 \
                  ORDER BY rank LIMIT $2)",
            )
            .bind(trigrams.join(" OR "))
            .bind(CANDIDATES)
            .fetch_all(&mut *db.conn().await?)
            .await
        }
        Engine::Postgres => {
            sqlx::query_as("SELECT term, docs FROM search_terms ORDER BY term <-> $1 LIMIT $2")
                .bind(stem)
                .bind(CANDIDATES)
                .fetch_all(&mut *db.conn().await?)
                .await
        }
    }
}

/// Terms in fewer articles than this are left out of the vocabulary
/// (typos in articles are not suggestions).
const VOCABULARY_MIN_DOCS: i64 = 2;

/// Rebuilds the vocabulary of indexed stems with their counts of articles,
/// from the index itself (`fts5vocab`; PostgreSQL's `ts_stat`). Run in the
/// background: it reads the whole index. Returns the number of terms.
pub async fn refresh_vocabulary(db: &Db) -> Result<i64, sqlx::Error> {
    // Stems of words (letters, at least MIN_CORRECTED_CHARS of them), not
    // numbers or the edition tokens.
    let min_chars = words::MIN_CORRECTED_CHARS as i64;
    match db.engine() {
        Engine::Sqlite => {
            // SQLite has one writer: reading the whole index inside the
            // write transaction would hold every editor's save for as long
            // as the read takes (seconds at a million articles). The read
            // runs first, on its own (WAL: it blocks no one), and the
            // write that swaps the vocabulary takes a moment.
            let terms: Vec<(String, i64)> = sqlx::query_as(
                "SELECT term, doc FROM search_all_vocab \
                 WHERE doc >= $1 AND length(term) >= $2 AND term NOT GLOB '*[0-9]*' \
                 AND term NOT LIKE 'qqedition%'",
            )
            .bind(VOCABULARY_MIN_DOCS)
            .bind(min_chars)
            .fetch_all(&mut *db.conn().await?)
            .await?;
            let mut tx = db.begin().await?;
            sqlx::query("DELETE FROM search_terms")
                .execute(&mut *tx)
                .await?;
            for chunk in terms.chunks(VOCABULARY_ROWS_PER_INSERT) {
                let mut sql = Sql::new("INSERT INTO search_terms (term, docs) VALUES ");
                sql.values(chunk, |sql, (term, docs)| {
                    sql.bind(term.as_str()).push(", ").bind(*docs);
                });
                let (text, arguments) = sql.build()?;
                sqlx::query_with(&text, arguments).execute(&mut *tx).await?;
            }
            sqlx::query(
                "INSERT INTO search_terms_trigram (search_terms_trigram) VALUES ('rebuild')",
            )
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            Ok(terms.len() as i64)
        }
        Engine::Postgres => {
            // Readers and writers go on beside it (MVCC); it reads the
            // whole index, so no request's time limit applies.
            let mut tx = db.begin().await?;
            sqlx::query("SET LOCAL statement_timeout = 0")
                .execute(&mut *tx)
                .await?;
            sqlx::query("DELETE FROM search_terms")
                .execute(&mut *tx)
                .await?;
            let inserted = sqlx::query(
                "INSERT INTO search_terms (term, docs) SELECT word, ndoc FROM \
                 ts_stat('SELECT document FROM article_search') \
                 WHERE ndoc >= $1 AND length(word) >= $2 AND word !~ '[0-9]' \
                 AND word NOT LIKE 'qqedition%'",
            )
            .bind(VOCABULARY_MIN_DOCS)
            .bind(min_chars)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            Ok(inserted.rows_affected() as i64)
        }
    }
}

/// Rows per statement when the vocabulary is written (two parameters each,
/// well under SQLite's limit of 32,766).
const VOCABULARY_ROWS_PER_INSERT: usize = 5_000;

/// Merges some of SQLite's index segments (a few hundred pages' worth), so
/// that lookups read few segments however the index was written; a no-op
/// on PostgreSQL. Run in the background now and then.
pub async fn merge_some(db: &Db) -> Result<(), sqlx::Error> {
    // Negative: merge wherever more than one segment exists.
    fts5_command(db, Some("-200"), "'merge'").await
}

/// Merges every index segment into one (after an import or a bulk load).
pub async fn optimize(db: &Db) -> Result<(), sqlx::Error> {
    fts5_command(db, None, "'optimize'").await
}

/// Sets SQLite's FTS5 up for a bulk load, or back to its defaults after
/// one (the caller then runs [`optimize`]). Nothing on PostgreSQL.
/// - How much of a transaction's index FTS5 keeps in memory before it
///   writes a segment: a lot (with the load's big transactions, a few
///   large segments instead of one for every few hundred articles).
/// - Whether each new segment sets off merges of the ones before
///   (`automerge`): not during the load. Those merges rewrite the growing
///   index again and again; the `optimize` after the load merges
///   everything once.
pub async fn bulk_loading(db: &Db, loading: bool) -> Result<(), sqlx::Error> {
    // FTS5's defaults: 1 MB (a few hundred articles of 3,000 characters)
    // and merging once four segments of a size exist.
    let (bytes, automerge) = if loading {
        (512 << 20, 0)
    } else {
        (1 << 20, 4)
    };
    fts5_command(db, Some(&bytes.to_string()), "'hashsize'").await?;
    fts5_command(db, Some(&automerge.to_string()), "'automerge'").await
}

/// Runs FTS5 command `command` (with its `rank` argument, if any) on each
/// of SQLite's tables. Nothing on PostgreSQL.
async fn fts5_command(db: &Db, rank: Option<&str>, command: &str) -> Result<(), sqlx::Error> {
    if db.engine() == Engine::Sqlite {
        for tier in Tier::ORDER {
            let table = tier.sqlite_table();
            let sql = match rank {
                Some(rank) => {
                    format!("INSERT INTO {table} ({table}, rank) VALUES ({command}, {rank})")
                }
                None => format!("INSERT INTO {table} ({table}) VALUES ({command})"),
            };
            sqlx::query(&sql).execute(&mut *db.conn().await?).await?;
        }
    }
    Ok(())
}

/// The setting that says every published article has been indexed since
/// the index was (re)made.
const COMPLETE: &str = "SEARCH_INDEX_COMPLETE";

/// Indexes the published articles the index lacks, newest first, 500 at
/// a time: a database from before this index (its migration empties it),
/// or one restored without it. The site serves meanwhile, and the newest
/// news is searchable first. A node stopped midway leaves the rest to the
/// next start; nodes doing it at once write the same rows (PostgreSQL
/// upserts them). Once a pass finds nothing missing it says so, and later
/// starts skip the pass unless the index is empty. Returns how many were
/// indexed.
pub async fn index_missing(db: &Db) -> Result<u64, sqlx::Error> {
    let (any_indexed, missing) = match db.engine() {
        Engine::Sqlite => (
            "SELECT key FROM search_keys LIMIT 1",
            "SELECT a.id FROM articles a WHERE a.status = 'published' AND a.id < $1 \
             AND NOT EXISTS (SELECT 1 FROM search_keys k WHERE k.article_id = a.id) \
             ORDER BY a.id DESC LIMIT 500",
        ),
        Engine::Postgres => (
            "SELECT key FROM article_search LIMIT 1",
            "SELECT a.id FROM articles a WHERE a.status = 'published' AND a.id < $1 \
             AND NOT EXISTS (SELECT 1 FROM article_search s WHERE s.article_id = a.id) \
             ORDER BY a.id DESC LIMIT 500",
        ),
    };
    let indexed: Option<i64> = sqlx::query_scalar(any_indexed)
        .fetch_optional(&mut *db.conn().await?)
        .await?;
    if indexed.is_some() && crate::db::settings::get(db, COMPLETE).await?.is_some() {
        return Ok(0);
    }
    let mut below = i64::MAX;
    let mut done = 0u64;
    loop {
        let batch: Vec<i64> = sqlx::query_scalar(missing)
            .bind(below)
            .fetch_all(&mut *db.conn().await?)
            .await?;
        let Some(last) = batch.last() else {
            break;
        };
        below = *last;
        let mut tx = db.begin().await?;
        for id in &batch {
            index(&mut tx, *id).await?;
        }
        tx.commit().await?;
        done += batch.len() as u64;
    }
    if done > 0 {
        optimize(db).await?;
    }
    crate::db::settings::put(db, COMPLETE, "1", 0).await?;
    Ok(done)
}

/// Claims the vocabulary's refresh for this node when the last one is
/// older than `every_seconds` (or there was none): one node of several
/// does it. Returns whether this node should.
pub async fn claim_vocabulary_refresh(
    db: &Db,
    now: i64,
    every_seconds: i64,
) -> Result<bool, sqlx::Error> {
    let claimed: Option<String> = sqlx::query_scalar(
        "INSERT INTO site_settings (name, value, updated_at) VALUES ('SEARCH_TERMS_REFRESHED', '', $1) \
         ON CONFLICT (name) DO UPDATE SET updated_at = excluded.updated_at \
         WHERE site_settings.updated_at <= $2 RETURNING name",
    )
    .bind(now)
    .bind(now - every_seconds)
    .fetch_optional(&mut *db.conn().await?)
    .await?;
    Ok(claimed.is_some())
}
