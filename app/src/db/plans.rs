//! The hot queries: every statement a reader page, the ticker, the event
//! stream or a background loop runs, with the index it relies on, and the
//! rules its plan must keep whatever the planner's statistics say.
//!
//! At a million articles a query that reads every article costs seconds;
//! a new database has no planner statistics, and SQLite then guesses that
//! any equality on an indexed column is selective (a `status =
//! 'published'` looked like ten rows and cost 2.7 s a page). So each hot
//! query is written so that one index serves its filter and its order,
//! and this list is checked against real plans by the plan guard
//! (`server/tests/plans.rs`): on SQLite without statistics and with them,
//! on PostgreSQL with 100,000 generated articles. The guard also records
//! every statement the reader pages and loops send, so a new hot query
//! that is not listed here fails it.
//!
//! Search's statements are listed as the search issue's: their plans are
//! shown, not judged, here.
//!
//! Longer than most files: the list is one table, kept whole so that each
//! hot query is read beside the index it relies on, with the rules that
//! judge a plan and their tests after it.

use super::articles::{sql as article_sql, Keyset, Scope};
use super::{
    authors, categories, corrections, editorial, images, live, pages, presence, redirects,
};
use super::{sessions, tags, views, Engine};
use crate::domain::lang::Lang;

/// A value to bind for EXPLAIN.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Arg {
    Int(i64),
    Text(String),
}

/// Values from the database under test, for the queries' parameters.
#[derive(Clone, Debug, Default)]
pub struct Sample {
    pub now: i64,
    pub article_id: i64,
    pub article_slug: String,
    pub category_ids: Vec<i64>,
    pub author_id: i64,
    pub author_slug: String,
    pub tag_ids: Vec<i64>,
    pub tag_slug: String,
    /// A position inside a list: (published_at, id).
    pub cursor: (i64, i64),
    pub live_article_id: i64,
    pub update_id: i64,
    pub image_id: i64,
    pub page_slug: String,
}

/// Who answers for a query's plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Owner {
    /// This list: the guard fails on a bad plan.
    Checked,
    /// The search issue: shown, not judged.
    Search,
}

/// One hot query.
#[derive(Clone, Debug)]
pub struct HotQuery {
    pub name: String,
    /// The index (or key) that serves its filter and its order.
    pub index: &'static str,
    pub sql: String,
    pub args: Vec<Arg>,
    pub owner: Owner,
}

fn int(values: &[i64]) -> Vec<Arg> {
    values.iter().map(|v| Arg::Int(*v)).collect()
}

fn checked(name: impl Into<String>, index: &'static str, sql: String, args: Vec<Arg>) -> HotQuery {
    HotQuery {
        name: name.into(),
        index,
        sql,
        args,
        owner: Owner::Checked,
    }
}

/// Every hot query except search's, with arguments from `s`.
pub fn hot_queries(s: &Sample) -> Vec<HotQuery> {
    let now = s.now;
    let (cursor_time, cursor_id) = s.cursor;
    let text = |t: &str| Arg::Text(t.to_string());
    let first_category = s.category_ids.first().copied().unwrap_or(1);
    let mut list = vec![
        checked(
            "the breaking bar",
            "articles_breaking_bar",
            live::breaking_candidates_sql().to_string(),
            int(&[now]),
        ),
        checked(
            "an article page",
            "articles_slug_key",
            article_sql::published_by_slug(),
            vec![text(&s.article_slug), Arg::Int(now), text("ru")],
        ),
        checked(
            "an article's published translations",
            "articles_translation",
            article_sql::translations().to_string(),
            int(&[s.article_id, s.article_id, now]),
        ),
        checked(
            "an article's tags, byline and corrections",
            "the link tables' and article_corrections' keys",
            article_sql::attachments().to_string(),
            int(&[s.article_id]),
        ),
        checked(
            "bylines of a feed's articles",
            "article_authors primary key",
            authors::names_for_articles_sql(3),
            int(&[1, 2, 3]),
        ),
        checked(
            "an image's size (the featured image, a body image)",
            "images primary key",
            images::SIZE_SQL.to_string(),
            int(&[s.image_id]),
        ),
        checked(
            "«Читайте также»: articles sharing a tag",
            "article_tags_published",
            article_sql::sharing_tags(Lang::Ru, s.tag_ids.len().max(1)),
            [int(&[s.article_id, now, 4]), int(&s.tag_ids)].concat(),
        ),
        checked(
            "«Читайте также» of a Kazakh article",
            "article_tags_published",
            article_sql::sharing_tags(Lang::Kk, s.tag_ids.len().max(1)),
            [int(&[s.article_id, now, 4]), int(&s.tag_ids)].concat(),
        ),
        checked(
            "«Самое читаемое»: the most read ids",
            "article_views_hour",
            views::most_read_sql().to_string(),
            int(&[now - 86_400, 30]),
        ),
        checked(
            "«Самое читаемое»: those articles",
            "articles primary key",
            article_sql::visible_by_ids(5),
            int(&[now, 1, 2, 3, 4, 5]),
        ),
        checked(
            "a live story's updates",
            "live_updates_article",
            live::for_article_sql(),
            int(&[s.live_article_id]),
        ),
        checked(
            "the categories (navigation)",
            "a small table",
            categories::LIST_SQL.to_string(),
            Vec::new(),
        ),
        checked(
            "the footer's pages",
            "a small table",
            pages::FOOTER_SQL.to_string(),
            Vec::new(),
        ),
        checked(
            "a static page (and every unknown address)",
            "pages_slug_key",
            pages::by_slug_sql(),
            vec![text(&s.page_slug), text("ru")],
        ),
        checked(
            "an author page's author",
            "authors_slug_key",
            authors::by_slug_sql(),
            vec![text(&s.author_slug)],
        ),
        checked(
            "a tag page's tag",
            "tags_slug_key",
            tags::BY_SLUG_SQL.to_string(),
            vec![text(&s.tag_slug)],
        ),
        checked(
            "/corrections",
            "article_corrections_recent",
            corrections::recent_sql(Lang::Ru),
            int(&[now, 50]),
        ),
        checked(
            "/kk/corrections",
            "article_corrections_recent",
            corrections::recent_sql(Lang::Kk),
            int(&[now, 50]),
        ),
        checked(
            "an image's size (/media)",
            "image_variants primary key",
            images::VARIANT_SQL.to_string(),
            vec![Arg::Int(s.image_id), Arg::Int(800), text("webp")],
        ),
        checked(
            "an image's original (/media)",
            "images primary key",
            images::FILE_SQL.to_string(),
            int(&[s.image_id]),
        ),
        checked(
            "an old address (a 404's redirect)",
            "redirects primary key",
            redirects::TARGET_SQL.to_string(),
            vec![text("/2019/05/old-post")],
        ),
        checked(
            "search results' articles",
            "articles primary key",
            article_sql::by_ids(3),
            int(&[1, 2, 3]),
        ),
        // The event stream and the background loops.
        checked(
            "the content version (every 200 ms)",
            "content_version primary key",
            super::CONTENT_VERSION_SQL.to_string(),
            Vec::new(),
        ),
        checked(
            "live events since the last seen",
            "live_events primary key",
            live::EVENTS_AFTER_SQL.to_string(),
            int(&[0, 100]),
        ),
        checked(
            "the last live event (start of the push)",
            "live_events primary key",
            live::LAST_EVENT_SQL.to_string(),
            Vec::new(),
        ),
        checked(
            "a pushed live update",
            "live_updates primary key",
            live::by_id_sql(),
            int(&[s.update_id]),
        ),
        checked(
            "forgetting old live events (hourly)",
            "live_events_created",
            live::PRUNE_EVENTS_SQL.to_string(),
            int(&[now - 86_400]),
        ),
        checked(
            "publishing due scheduled articles (every second)",
            "articles_scheduled",
            editorial::PUBLISH_DUE_SQL.to_string(),
            int(&[now]),
        ),
        checked(
            "the outbox's due deliveries (every second, two senders a node)",
            "deliveries_due",
            super::outbox::CLAIM_SQL.to_string(),
            vec![
                Arg::Int(now + 60),
                text("node"),
                Arg::Int(now),
                Arg::Int(8),
                text(",telegram,indexnow,"),
            ],
        ),
        checked(
            "a push broadcast's next page of subscriptions",
            "push_subscriptions_topic",
            super::subscriptions::PAGE_SQL.to_string(),
            vec![text("breaking:ru"), Arg::Int(0), Arg::Int(500)],
        ),
        checked(
            "removing expired sessions (hourly)",
            "a small table",
            sessions::DELETE_EXPIRED_SQL.to_string(),
            int(&[now - 3600, now - 86_400]),
        ),
        checked(
            "counted reads: the articles by slug (every 10 s)",
            "articles_slug_key",
            super::articles::sql::holders(2),
            vec![text("ru"), text(&s.article_slug), text("material-1")],
        ),
        checked(
            "counted reads written (every 10 s)",
            "article_views primary key",
            views::ADD_SQL.to_string(),
            int(&[s.article_id, now - now % 3600, 3]),
        ),
        checked(
            "forgetting old reads (hourly)",
            "article_views_hour",
            views::FORGET_BEFORE_SQL.to_string(),
            int(&[now - 8 * 86_400]),
        ),
        // The workspace's streams: one per open article form.
        checked(
            "who has an article open (every 2 s per open form)",
            "article_presence_article",
            presence::of_article_sql(),
            int(&[s.article_id, now - 60]),
        ),
        checked(
            "an open form's heartbeat (every 20 s per open form)",
            "article_presence primary key",
            presence::SEEN_SQL.to_string(),
            vec![Arg::Int(now), text("tab")],
        ),
    ];
    for lang in Lang::ALL {
        list.extend([
            checked(
                format!("the newest articles (ticker, home, feed), {lang}"),
                "articles_lang_published",
                article_sql::latest(lang),
                int(&[now, 50]),
            ),
            checked(
                format!("the home page's lead: the newest breaking story of 24 hours, {lang}"),
                "articles_lang_published",
                article_sql::breaking_since(lang),
                int(&[now, now - 86_400]),
            ),
            checked(
                format!("the home page's category blocks, {lang}"),
                "articles_category_published",
                article_sql::newest_in_categories(lang, s.category_ids.len().max(1)),
                [vec![Arg::Int(now), Arg::Int(8)], int(&s.category_ids)].concat(),
            ),
        ]);
    }
    for (scope, what) in [
        (Scope::Category(first_category, Lang::Ru), "a category"),
        (
            Scope::Category(first_category, Lang::Kk),
            "a Kazakh category",
        ),
        (Scope::Author(s.author_id, Lang::Ru), "an author"),
        (Scope::Author(s.author_id, Lang::Kk), "an author in Kazakh"),
        (
            Scope::Tag(s.tag_ids.first().copied().unwrap_or(1), Lang::Ru),
            "a tag",
        ),
        (
            Scope::Tag(s.tag_ids.first().copied().unwrap_or(1), Lang::Kk),
            "a tag in Kazakh",
        ),
    ] {
        let (id, index) = match scope {
            Scope::Category(id, _) => (id, "articles_category_published"),
            Scope::Author(id, _) => (id, "article_authors_published"),
            Scope::Tag(id, _) => (id, "article_tags_published"),
        };
        for keyset in Keyset::ALL {
            let args = match keyset {
                Keyset::First => int(&[id, now, 21]),
                Keyset::Newer => int(&[id, now, cursor_time, cursor_id, 21]),
                Keyset::Older | Keyset::From => int(&[id, cursor_time, cursor_id, 21]),
            };
            list.push(checked(
                list_name(what, keyset),
                index,
                article_sql::in_scope(scope, keyset),
                args,
            ));
        }
        list.push(checked(
            format!("{what} page, where a typed page number starts"),
            index,
            article_sql::seek(scope),
            int(&[id, now, 9_980]),
        ));
    }
    list
}

/// "a tag page, older (the next page's link)" and so on; `what` is "a
/// tag".
fn list_name(what: &str, keyset: Keyset) -> String {
    let slice = match keyset {
        Keyset::First => "the first",
        Keyset::Older => "older (the next page's link)",
        Keyset::Newer => "newer (the previous page's link)",
        Keyset::From => "from a typed page number's start",
    };
    format!("{what} page, {slice}")
}

/// Whether a statement is search's (the search issue owns its plans).
pub fn is_search(sql: &str) -> bool {
    let sql = sql.to_ascii_lowercase();
    sql.contains("article_search") || sql.contains(" search_")
}

/// Statements that are not queries of the site: transactions, session
/// settings, statistics upkeep.
pub fn is_housekeeping(sql: &str) -> bool {
    let upper = sql.trim_start().to_ascii_uppercase();
    [
        "BEGIN",
        "COMMIT",
        "ROLLBACK",
        "SAVEPOINT",
        "RELEASE",
        "PRAGMA",
        "SET ",
        "ANALYZE",
    ]
    .iter()
    .any(|word| upper.starts_with(word))
        || upper == "SELECT 1"
}

/// A statement's shape, to match what ran against the list: blanks
/// folded, parameters unnumbered, an IN list as one item, and a UNION of
/// the same read (one per category or tag) as one read.
pub fn shape(sql: &str) -> String {
    let folded = sql.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut unnumbered = String::with_capacity(folded.len());
    let mut chars = folded.chars().peekable();
    while let Some(c) = chars.next() {
        unnumbered.push(c);
        if c == '$' {
            while chars.peek().is_some_and(char::is_ascii_digit) {
                chars.next();
            }
        }
    }
    let one_list = unnumbered.replace("$, ", "");
    let mut parts: Vec<String> = one_list
        .split(" UNION ALL ")
        .map(|part| {
            // "AS block3)" and "AS tag1)": the alias's number goes.
            part.trim_end_matches(|c: char| c.is_ascii_digit())
                .to_string()
        })
        .collect();
    parts.dedup();
    parts.join(" UNION ALL ")
}

/// What is wrong with a SQLite plan (`EXPLAIN QUERY PLAN`'s detail
/// lines) of `sql`: a whole scan of a large table, or a sort of rows
/// read from articles.
pub fn sqlite_problems(sql: &str, plan: &[String]) -> Vec<String> {
    let names = table_names(sql);
    let large = |name: &str| {
        let table = names
            .iter()
            .find(|(_, alias)| alias == name)
            .map_or(name, |(table, _)| table.as_str());
        LARGE_TABLES.contains(&table)
    };
    let reads_articles = plan.iter().any(|line| {
        let mut words = line.split_whitespace();
        matches!(words.next(), Some("SCAN" | "SEARCH"))
            && words.next().is_some_and(|name| {
                names
                    .iter()
                    .any(|(table, alias)| table == "articles" && alias == name)
                    || name == "articles"
            })
    });
    let mut problems = Vec::new();
    for line in plan {
        let mut words = line.split_whitespace();
        if words.next() == Some("SCAN") {
            if let Some(name) = words.next() {
                if large(name) {
                    problems.push(format!("reads the whole table: {line}"));
                }
            }
        }
        if line.starts_with("USE TEMP B-TREE") && reads_articles {
            problems.push(format!("sorts what it read from articles: {line}"));
        }
    }
    problems
}

/// Tables that grow with the archive or the audience.
const LARGE_TABLES: [&str; 9] = [
    "articles",
    "article_tags",
    "article_authors",
    "article_views",
    "article_revisions",
    "live_updates",
    "live_events",
    "image_variants",
    "redirects",
];

/// (table, name in the plan) of every table `sql` reads: its alias, or
/// its own name.
fn table_names(sql: &str) -> Vec<(String, String)> {
    let words: Vec<&str> = sql
        .split(|c: char| c.is_whitespace() || c == ',' || c == '(' || c == ')')
        .filter(|w| !w.is_empty())
        .collect();
    let mut names = Vec::new();
    for (i, word) in words.iter().enumerate() {
        let upper = word.to_ascii_uppercase();
        if upper != "FROM" && upper != "JOIN" {
            continue;
        }
        let Some(table) = words.get(i + 1) else {
            continue;
        };
        if table.eq_ignore_ascii_case("SELECT") {
            continue;
        }
        let mut alias = words.get(i + 2).copied().unwrap_or(table);
        if alias.eq_ignore_ascii_case("AS") {
            alias = words.get(i + 3).copied().unwrap_or(table);
        }
        let keyword = [
            "WHERE", "JOIN", "CROSS", "LEFT", "INNER", "ON", "ORDER", "GROUP", "LIMIT", "UNION",
        ]
        .iter()
        .any(|k| alias.eq_ignore_ascii_case(k));
        let alias = if keyword { table } else { alias };
        names.push((table.to_string(), alias.to_string()));
    }
    names
}

/// One node of a PostgreSQL plan, as much as the rules read.
#[derive(Clone, Debug, PartialEq)]
pub struct PgNode {
    pub node_type: String,
    pub relation: Option<String>,
    pub rows: f64,
}

/// The nodes of a PostgreSQL plan in `EXPLAIN`'s text, top down:
/// "->  Index Scan using articles_slug_key on articles a  (cost=0.42..8.44
/// rows=1 width=300)".
pub fn pg_nodes(plan: &[String]) -> Vec<PgNode> {
    plan.iter()
        .filter_map(|line| {
            let (head, cost) = line.split_once("  (cost=")?;
            let head = head.trim_start().trim_start_matches("->").trim();
            let (node_type, relation) = match head.split_once(" on ") {
                Some((scan, rest)) => (
                    scan.split(" using ").next().unwrap_or(scan),
                    rest.split_whitespace().next().map(str::to_string),
                ),
                None => (head, None),
            };
            let rows = cost
                .split("rows=")
                .nth(1)?
                .split(|c: char| !c.is_ascii_digit() && c != '.')
                .next()?
                .parse()
                .ok()?;
            Some(PgNode {
                node_type: node_type.to_string(),
                relation,
                rows,
            })
        })
        .collect()
}

/// What is wrong with a PostgreSQL plan: a sequential scan of a table of
/// `large_rows` rows or more (`rows_of` tells a table's size), or a sort
/// of that many rows.
pub fn pg_problems(
    nodes: &[PgNode],
    rows_of: impl Fn(&str) -> f64,
    large_rows: f64,
) -> Vec<String> {
    let mut problems = Vec::new();
    for node in nodes {
        match (node.node_type.as_str(), &node.relation) {
            ("Seq Scan", Some(table)) if rows_of(table) >= large_rows => {
                problems.push(format!("Seq Scan on {table} ({} rows)", rows_of(table)))
            }
            ("Sort", _) if node.rows >= large_rows => {
                problems.push(format!("Sort of about {} rows", node.rows))
            }
            _ => {}
        }
    }
    problems
}

/// The engine's own EXPLAIN of a statement.
pub fn explain_prefix(engine: Engine) -> &'static str {
    match engine {
        Engine::Sqlite => "EXPLAIN QUERY PLAN ",
        Engine::Postgres => "EXPLAIN ",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The highest `$N` in `sql`.
    fn placeholders(sql: &str) -> usize {
        sql.split('$')
            .skip(1)
            .filter_map(|rest| {
                let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
                digits.parse::<usize>().ok()
            })
            .max()
            .unwrap_or(0)
    }

    fn lines(plan: &[&str]) -> Vec<String> {
        plan.iter().map(|l| l.to_string()).collect()
    }

    #[test]
    fn the_breaking_bar_of_a_new_database_is_caught() {
        // What SQLite chose for the old breaking-bar query without
        // statistics, at a million articles: 2.7 s a page.
        let sql = "SELECT id FROM articles WHERE breaking_until > $1 AND status = 'published' \
                   ORDER BY breaking_since DESC LIMIT 1";
        let plan = lines(&[
            "SEARCH articles USING INDEX articles_status_published (status=?)",
            "USE TEMP B-TREE FOR ORDER BY",
        ]);
        assert_eq!(sqlite_problems(sql, &plan).len(), 1);
        let scan = lines(&["SCAN a"]);
        let aliased = "SELECT a.id FROM articles a WHERE a.breaking = 1";
        assert_eq!(
            sqlite_problems(aliased, &scan).len(),
            1,
            "an alias is the table"
        );
    }

    #[test]
    fn indexed_reads_and_small_sorts_pass() {
        let sql = "SELECT t.id FROM article_tags atg JOIN tags t ON t.id = atg.tag_id \
                   WHERE atg.article_id = $1 ORDER BY atg.position";
        let plan = lines(&[
            "SEARCH atg USING PRIMARY KEY (article_id=?)",
            "SEARCH t USING INTEGER PRIMARY KEY (rowid=?)",
            "USE TEMP B-TREE FOR ORDER BY",
        ]);
        assert!(
            sqlite_problems(sql, &plan).is_empty(),
            "an article's few tags"
        );
        let categories = lines(&["SCAN categories", "USE TEMP B-TREE FOR ORDER BY"]);
        assert!(sqlite_problems("SELECT id FROM categories", &categories).is_empty());
    }

    #[test]
    fn postgres_scans_and_sorts_of_many_rows_fail() {
        let plan = lines(&[
            "Limit  (cost=9000.00..9000.01 rows=1 width=40)",
            "  ->  Sort  (cost=9000.00..9247.50 rows=99000 width=40)",
            "        Sort Key: breaking_since DESC",
            "        ->  Seq Scan on articles  (cost=0.00..8505.00 rows=99000 width=40)",
            "              Filter: (status = 'published'::text)",
        ]);
        let nodes = pg_nodes(&plan);
        assert_eq!(nodes.len(), 3);
        assert_eq!(nodes[2].relation.as_deref(), Some("articles"));
        let rows_of = |table: &str| if table == "articles" { 100_000.0 } else { 3.0 };
        assert_eq!(pg_problems(&nodes, rows_of, 10_000.0).len(), 2);
        let good = lines(&[
            "Limit  (cost=0.42..3.1 rows=21 width=300)",
            "  ->  Index Scan Backward using article_tags_published on article_tags l  (cost=0.42..900.1 rows=16000 width=300)",
            "  ->  Seq Scan on categories  (cost=0.00..1.06 rows=6 width=40)",
        ]);
        let nodes = pg_nodes(&good);
        assert_eq!(nodes[1].node_type, "Index Scan Backward");
        assert!(pg_problems(&nodes, rows_of, 10_000.0).is_empty());
    }

    #[test]
    fn shapes_ignore_numbering_lists_and_repeated_reads() {
        assert_eq!(
            shape("SELECT a FROM t WHERE id IN ($1, $2,  $3)"),
            shape("SELECT a FROM t WHERE id IN ($4)")
        );
        assert_eq!(
            shape(&article_sql::newest_in_categories(Lang::Ru, 6)),
            shape(&article_sql::newest_in_categories(Lang::Ru, 1))
        );
        assert_ne!(
            shape(&article_sql::latest(Lang::Ru)),
            shape(&article_sql::breaking_since(Lang::Ru))
        );
        assert_ne!(
            shape(&article_sql::latest(Lang::Ru)),
            shape(&article_sql::latest(Lang::Kk)),
            "each edition is listed"
        );
    }

    #[test]
    fn every_listed_query_is_named_once() {
        let list = hot_queries(&Sample {
            category_ids: vec![1, 2],
            tag_ids: vec![3, 4],
            ..Sample::default()
        });
        let mut shapes: Vec<String> = list.iter().map(|q| shape(&q.sql)).collect();
        shapes.sort();
        let before = shapes.len();
        shapes.dedup();
        assert_eq!(before, shapes.len(), "a query listed twice");
        for query in &list {
            assert_eq!(placeholders(&query.sql), query.args.len(), "{}", query.name);
        }
    }
}
