//! Writing new articles: one from the editors' path (`server::articles::
//! store`), or many at once for benchmarks (`qalam generate`).

use crate::db::Db;
use crate::domain::articles::Status;
use crate::domain::lang::Lang;
use crate::domain::live::{breaking_window, BREAKING_HOURS_DEFAULT};

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
    /// For search results and shared cards; empty: the title and the lead.
    pub seo_title: &'a str,
    pub seo_description: &'a str,
    pub tags: &'a [String],
    /// Authors after the article's own (`author_id`), in byline order.
    pub coauthor_ids: &'a [i64],
    /// What its Telegram channels get (docs/reach.md).
    pub telegram: TelegramChoice<'a>,
}

/// An article's own choices for its Telegram channels.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TelegramChoice<'a> {
    /// «Не публиковать в Telegram».
    pub skip: bool,
    /// A text of its own instead of the lead; empty: the lead.
    pub text: &'a str,
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
    pub imported: Option<crate::db::imports::Provenance<'a>>,
    /// Its edition, and the article it translates (its group).
    pub lang: Lang,
    pub translation_of: Option<i64>,
    /// Never leaves the site, even published (the demo's articles): no
    /// Telegram post.
    pub quiet: bool,
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
                               credit_line, breaking_hours, breaking_since, breaking_until, \
                               seo_title, seo_description, lang, telegram_skip, telegram_text) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $18, $12, $13, $14, $15, $16, $17, \
                 $19, $20, $21, $22, $23, $24, $25, $26) \
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
    .bind(content.seo_title)
    .bind(content.seo_description)
    // In its edition from the start: its address is unique there.
    .bind(article.lang.code())
    .bind(i64::from(content.telegram.skip))
    .bind(content.telegram.text)
    .fetch_one(&mut *tx)
    .await?;
    crate::db::authors::set_for_article(&mut tx, id, article.author_id, content.coauthor_ids)
        .await?;
    crate::db::tags::set_for_article(&mut tx, id, content.tags).await?;
    crate::db::search::index(&mut tx, id).await?;
    if let Some(imported) = &article.imported {
        imported.record(&mut tx, id, 1).await?;
    }
    if article.translation_of.is_some() {
        place_in_edition(&mut tx, id, article.lang, article.translation_of).await?;
    }
    // A new article published at once reaches its channels; what an
    // import or the demo writes never leaves the site.
    if content.status == Status::Published && article.imported.is_none() && !article.quiet {
        crate::db::outbox::article_changed(
            &mut tx,
            id,
            crate::db::outbox::ArticleChange::Published,
            article.created_at,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(id)
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
    pub lang: Lang,
}

/// Inserts published articles with their search index and tags, on
/// `conn` (the caller's transaction: a bulk load commits many calls at
/// once): a few multi-row statements per call, whatever its size.
pub async fn insert_many<'q>(
    conn: &mut sqlx::AnyConnection,
    rows: &'q [BulkArticle<'q>],
) -> Result<(), sqlx::Error> {
    let mut insert = crate::db::Sql::new(
        "INSERT INTO articles (id, slug, title, lead, body, body_html, lang, category_id, \
         author_id, status, breaking, published_at, created_at, updated_at, breaking_since, \
         breaking_until) \
         VALUES ",
    );
    insert.values(rows, |sql, a| {
        sql.bind(a.id);
        for text in [a.slug, a.title, a.lead, a.body, a.body_html, a.lang.code()] {
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
        // A breaking story's bar, for the default hours from its publishing
        // (as the editors' path opens it).
        let window = breaking_window(
            None,
            Status::Published,
            a.breaking,
            Some(a.published_at),
            BREAKING_HOURS_DEFAULT,
            a.published_at,
        );
        sql.push(", ")
            .bind(window.since)
            .push(", ")
            .bind(window.until);
    });
    let (text, arguments) = insert.build()?;
    sqlx::query_with(&text, arguments)
        .execute(&mut *conn)
        .await?;

    let documents: Vec<crate::db::search::Document> = rows
        .iter()
        .map(|a| crate::db::search::Document {
            id: a.id,
            published_at: a.published_at,
            lang: a.lang,
            title: a.title,
            lead: a.lead,
            body_text: a.body_text,
            body_stems: a.body_stems,
        })
        .collect();
    crate::db::search::index_many(&mut *conn, &documents).await?;

    // (article, tag or author, position, publish time, edition): the
    // links carry the publish time (migration 0009) and the edition (0013).
    let tagging: Vec<Link> = rows
        .iter()
        .flat_map(|a| {
            a.tag_ids
                .iter()
                .enumerate()
                .map(|(position, tag)| (a.id, *tag, position as i64, a.published_at, a.lang))
        })
        .collect();
    insert_links(&mut *conn, "article_tags (article_id, tag_id", &tagging).await?;
    let bylines: Vec<Link> = rows
        .iter()
        .map(|a| (a.id, a.author_id, 0, a.published_at, a.lang))
        .collect();
    insert_links(
        &mut *conn,
        "article_authors (article_id, author_id",
        &bylines,
    )
    .await?;
    Ok(())
}

/// A link row: (article, tag or author, position, publish time, edition).
type Link = (i64, i64, i64, i64, Lang);

/// Inserts link rows into `table_and_columns` ("article_tags (article_id,
/// tag_id"), in one statement.
async fn insert_links(
    conn: &mut sqlx::AnyConnection,
    table_and_columns: &str,
    links: &[Link],
) -> Result<(), sqlx::Error> {
    if links.is_empty() {
        return Ok(());
    }
    let mut insert = crate::db::Sql::new(&format!(
        "INSERT INTO {table_and_columns}, position, published_at, lang) VALUES "
    ));
    insert.values(
        links,
        |sql, (article, other, position, published_at, lang)| {
            sql.bind(*article)
                .push(", ")
                .bind(*other)
                .push(", ")
                .bind(*position)
                .push(", ")
                .bind(*published_at)
                .push(", ")
                .bind(lang.code());
        },
    );
    let (text, arguments) = insert.build()?;
    sqlx::query_with(&text, arguments).execute(conn).await?;
    Ok(())
}

/// Puts article `id` in `lang`'s edition and, with `translation_of`, in
/// that article's translation group (made on the first translation: the
/// group is named by its first article's id). A second translation into
/// the same language breaks `articles_translation`'s uniqueness: the
/// database refuses it.
pub async fn set_edition(
    db: &Db,
    id: i64,
    lang: Lang,
    translation_of: Option<i64>,
) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    place_in_edition(&mut tx, id, lang, translation_of).await?;
    tx.commit().await
}

/// [`set_edition`] inside the caller's transaction.
async fn place_in_edition(
    tx: &mut sqlx::AnyConnection,
    id: i64,
    lang: Lang,
    translation_of: Option<i64>,
) -> Result<(), sqlx::Error> {
    let group = match translation_of {
        Some(original) => {
            let group: i64 = sqlx::query_scalar(
                "SELECT COALESCE(translation_group, id) FROM articles WHERE id = $1",
            )
            .bind(original)
            .fetch_one(&mut *tx)
            .await?;
            sqlx::query(
                "UPDATE articles SET translation_group = $1 \
                 WHERE id = $2 AND translation_group IS NULL",
            )
            .bind(group)
            .bind(original)
            .execute(&mut *tx)
            .await?;
            Some(group)
        }
        None => None,
    };
    sqlx::query("UPDATE articles SET lang = $1, translation_group = $2 WHERE id = $3")
        .bind(lang.code())
        .bind(group)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    Ok(())
}
