//! The one path by which articles are written, whoever writes them: the
//! editors' form, status changes, revision restores, the command line
//! and the demo. Here an article gets its address (typed,
//! or the first free one made from its title), its rendered markup, its
//! tags and its search entry; nothing else inserts or updates articles.

pub use crate::db::articles::Content;
use crate::db::articles::NewArticle;
use crate::db::editorial::{self, Changes};
pub use crate::db::imports::Provenance;
use crate::db::{articles, authors, categories, images, Db};
use crate::domain::articles::Status;
use crate::domain::lang::Lang;
use crate::server::markup;
use crate::text::{slugify, translit::numbered_slug};
use std::future::Future;

/// Who writes, and when.
#[derive(Clone, Copy, Debug)]
pub struct Writer<'a> {
    /// The byline of a new article.
    pub author_id: i64,
    /// The signed-in user, when a person writes (not the command line).
    pub user_id: Option<i64>,
    pub at: i64,
    /// An article written elsewhere first (an import): when it last
    /// changed there, and where it came from.
    pub imported: Option<(i64, Provenance<'a>)>,
    /// The new article's edition, and the article it translates.
    pub edition: Lang,
    pub translation_of: Option<i64>,
    /// Writes that never leave the site (the demo): no Telegram post.
    pub quiet: bool,
}

impl Writer<'_> {
    /// A person or a command writing a new article now.
    pub fn new(author_id: i64, user_id: Option<i64>, at: i64) -> Writer<'static> {
        Writer {
            author_id,
            user_id,
            at,
            imported: None,
            edition: Lang::Ru,
            translation_of: None,
            quiet: false,
        }
    }

    /// The same writer, writing in `edition` (a translation of
    /// `translation_of`).
    pub fn in_edition(self, edition: Lang, translation_of: Option<i64>) -> Self {
        Writer {
            edition,
            translation_of,
            ..self
        }
    }
}

/// Writes a new article. `slug` is the typed address; `None` makes one
/// from the title. Returns the new id and the address taken.
pub async fn insert(
    db: &Db,
    content: &Content<'_>,
    slug: Option<&str>,
    writer: Writer<'_>,
) -> Result<(i64, String), sqlx::Error> {
    let body_html = &render_body(db, content.body).await?;
    let address = Address {
        lang: writer.edition,
        title: content.title,
        own_id: None,
        typed: slug,
    };
    with_address(db, address, |slug| async move {
        let article = NewArticle {
            slug: &slug,
            content: *content,
            body_html,
            author_id: writer.author_id,
            created_at: writer.at,
            updated_at: writer.imported.map_or(writer.at, |(modified, _)| modified),
            created_by: writer.user_id,
            imported: writer.imported.map(|(_, provenance)| provenance),
            lang: writer.edition,
            translation_of: writer.translation_of,
            quiet: writer.quiet,
        };
        articles::insert(db, &article).await
    })
    .await
}

/// Who changes a stored article, when, and with what correction note.
#[derive(Clone, Copy, Debug)]
pub struct Edit<'a> {
    /// The signed-in user; `None` for the command line and the demo.
    pub user_id: Option<i64>,
    pub at: i64,
    /// «Исправление»: kept with the new version, shown above the body.
    pub correction: Option<&'a str>,
    /// A new version from an import: where it came from.
    pub imported: Option<Provenance<'a>>,
    /// The edition an unpublished article moves to (its language chosen
    /// after autosave made the row); `None` keeps it.
    pub moves_to: Option<Lang>,
}

impl Edit<'_> {
    /// A change without a correction note.
    pub fn by(user_id: i64, at: i64) -> Edit<'static> {
        Edit {
            user_id: Some(user_id),
            at,
            correction: None,
            imported: None,
            moves_to: None,
        }
    }

    /// The same change, moving the article to `edition`'s edition.
    pub fn moving_to(self, edition: Option<Lang>) -> Self {
        Edit {
            moves_to: edition,
            ..self
        }
    }

    /// A change with a correction note; `user_id` is `None` for the demo.
    pub fn correcting(user_id: Option<i64>, at: i64, note: &str) -> Edit<'_> {
        Edit {
            user_id,
            at,
            correction: Some(note),
            imported: None,
            moves_to: None,
        }
    }
}

/// Writes a new version of article `id` over `expected_version`, keeping
/// the replaced one as a revision. `Ok(None)`: someone saved first, and
/// nothing was written. Returns the new version and the address.
pub async fn update(
    db: &Db,
    id: i64,
    expected_version: i64,
    content: &Content<'_>,
    slug: Option<&str>,
    edit: Edit<'_>,
) -> Result<Option<(i64, String)>, sqlx::Error> {
    let body_html = &render_body(db, content.body).await?;
    let lang = match edit.moves_to {
        Some(lang) => lang,
        None => articles::edition_of(db, id).await?.unwrap_or_default(),
    };
    let address = Address {
        lang,
        title: content.title,
        own_id: Some(id),
        typed: slug,
    };
    let (version, slug) = with_address(db, address, |slug| async move {
        let changes = Changes {
            slug: &slug,
            content: *content,
            body_html,
            updated_by: edit.user_id,
            updated_at: edit.at,
            correction: edit.correction,
            imported: edit.imported,
            moves_to: edit.moves_to,
        };
        editorial::update(db, id, expected_version, &changes).await
    })
    .await?;
    Ok(version.map(|version| (version, slug)))
}

/// The body's HTML, its figures sized from the stored images they show
/// (articles and static pages alike).
pub async fn render_body(db: &Db, body: &str) -> Result<String, sqlx::Error> {
    let sizes = images::sizes(db, &markup::media_ids(body)).await?;
    Ok(markup::render_with(body, &sizes))
}

/// Where an article is written: its edition, its title (for a made
/// address), itself (`None` when new) and the typed address, if any.
#[derive(Clone, Copy, Debug)]
struct Address<'a> {
    lang: Lang,
    title: &'a str,
    own_id: Option<i64>,
    typed: Option<&'a str>,
}

/// Runs `write` with the typed address, or with the first free one made
/// from the title. A made address may be taken by a save that ran at the
/// same moment (two "Погода на завтра"): then the next free one is tried.
async fn with_address<T, Write, Written>(
    db: &Db,
    address: Address<'_>,
    mut write: Write,
) -> Result<(T, String), sqlx::Error>
where
    Write: FnMut(String) -> Written,
    Written: Future<Output = Result<T, sqlx::Error>>,
{
    let Address {
        lang,
        title,
        own_id,
        typed,
    } = address;
    let mut slug = match typed {
        Some(slug) => slug.to_string(),
        None => free_slug(db, lang, title, own_id).await?,
    };
    let mut attempts = 0;
    loop {
        match write(slug.clone()).await {
            Err(error) if is_unique_violation(&error) && typed.is_none() && attempts < 3 => {
                attempts += 1;
                slug = free_slug(db, lang, title, own_id).await?;
            }
            result => return result.map(|written| (written, slug)),
        }
    }
}

/// Whether a write failed because an address (or another unique value)
/// is taken.
pub fn is_unique_violation(error: &sqlx::Error) -> bool {
    matches!(error, sqlx::Error::Database(e) if e.is_unique_violation())
}

/// The first free slug for `title` in `lang`'s edition: "slug",
/// "slug-2", "slug-3"… A slug held by article `own_id` (the one being
/// edited) counts as free; one held in the other edition is free too (a
/// translation may keep its original's address).
pub async fn free_slug(
    db: &Db,
    lang: Lang,
    title: &str,
    own_id: Option<i64>,
) -> Result<String, sqlx::Error> {
    let mut base = slugify(title);
    if base.is_empty() {
        base = "material".to_string();
    }
    // A hundred numbers a query, not one query per number tried: titles
    // repeat ("Погода на завтра" every day).
    const BATCH: u32 = 100;
    let mut from = 1;
    loop {
        let candidates: Vec<String> = (from..from + BATCH)
            .map(|n| numbered_slug(&base, n))
            .collect();
        let taken = articles::holders(db, lang, &candidates).await?;
        if let Some(free) = first_free(&candidates, &taken, own_id) {
            return Ok(free);
        }
        from += BATCH;
    }
}

/// The first of `candidates` that no article but `own_id` holds.
fn first_free(
    candidates: &[String],
    taken: &[(i64, String)],
    own_id: Option<i64>,
) -> Option<String> {
    candidates
        .iter()
        .find(|candidate| {
            !taken
                .iter()
                .any(|(id, slug)| slug == *candidate && Some(*id) != own_id)
        })
        .cloned()
}

/// A published article from the command line or the demo content.
#[derive(Clone, Debug, Default)]
pub struct Story<'a> {
    pub title: &'a str,
    pub lead: &'a str,
    pub body: &'a str,
    pub category_slug: &'a str,
    /// The first author when `None`.
    pub author_slug: Option<&'a str>,
    pub breaking: bool,
    pub published_at: i64,
    pub tags: &'a [String],
    /// Further authors' slugs, in byline order.
    pub coauthor_slugs: &'a [&'a str],
    pub credit_line: &'a str,
    /// A featured image already stored, with its alt text, caption and
    /// credit.
    pub image: Option<StoryImage<'a>>,
    /// Its edition (Russian by default).
    pub lang: Lang,
    /// Kept on the site: no Telegram post (the demo's articles).
    pub quiet: bool,
}

#[derive(Clone, Copy, Debug)]
pub struct StoryImage<'a> {
    pub id: i64,
    pub alt: &'a str,
    pub caption: &'a str,
    pub credit: &'a str,
}

#[derive(Debug, thiserror::Error)]
pub enum PublishError {
    #[error("the title is empty")]
    EmptyTitle,
    #[error("no category with slug {0:?}")]
    UnknownCategory(String),
    #[error("no author with slug {0:?}")]
    UnknownAuthor(String),
    #[error("the database has no authors")]
    NoAuthors,
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// Publishes `story` by [`insert`]; returns its address.
pub async fn publish(db: &Db, story: &Story<'_>, now: i64) -> Result<String, PublishError> {
    let title = story.title.trim();
    if title.is_empty() {
        return Err(PublishError::EmptyTitle);
    }
    let category = categories::list(db)
        .await?
        .into_iter()
        .find(|c| c.slug == story.category_slug)
        .ok_or_else(|| PublishError::UnknownCategory(story.category_slug.to_string()))?;
    let author = match story.author_slug {
        Some(slug) => authors::by_slug(db, slug)
            .await?
            .ok_or_else(|| PublishError::UnknownAuthor(slug.to_string()))?,
        None => authors::list(db)
            .await?
            .into_iter()
            .next()
            .ok_or(PublishError::NoAuthors)?,
    };
    let mut coauthor_ids = Vec::new();
    for slug in story.coauthor_slugs {
        let coauthor = authors::by_slug(db, slug)
            .await?
            .ok_or_else(|| PublishError::UnknownAuthor(slug.to_string()))?;
        coauthor_ids.push(coauthor.id);
    }
    let image = story.image;
    let content = Content {
        title,
        lead: story.lead.trim(),
        body: story.body,
        category_id: category.id,
        status: Status::Published,
        breaking: story.breaking,
        breaking_hours: crate::domain::live::BREAKING_HOURS_DEFAULT,
        published_at: Some(story.published_at),
        image_id: image.map(|i| i.id),
        image_alt: image.map_or("", |i| i.alt),
        image_caption: image.map_or("", |i| i.caption),
        image_credit: image.map_or("", |i| i.credit),
        credit_line: story.credit_line,
        seo_title: "",
        seo_description: "",
        tags: story.tags,
        coauthor_ids: &coauthor_ids,
        telegram: Default::default(),
    };
    // A back-dated story was not made after it appeared.
    let writer = Writer {
        quiet: story.quiet,
        ..Writer::new(author.id, None, now.min(story.published_at)).in_edition(story.lang, None)
    };
    let (_, slug) = insert(db, &content, None, writer).await?;
    Ok(slug)
}

#[cfg(test)]
mod tests {
    use super::first_free;

    #[test]
    fn the_first_free_candidate_is_taken() {
        let candidates: Vec<String> = ["pogoda", "pogoda-2", "pogoda-3"]
            .map(String::from)
            .to_vec();
        let held = |slugs: &[&str]| -> Vec<(i64, String)> {
            slugs
                .iter()
                .enumerate()
                .map(|(i, s)| (i as i64 + 1, s.to_string()))
                .collect()
        };
        assert_eq!(
            first_free(&candidates, &[], None).as_deref(),
            Some("pogoda")
        );
        let taken = held(&["pogoda", "pogoda-2"]);
        assert_eq!(
            first_free(&candidates, &taken, None).as_deref(),
            Some("pogoda-3")
        );
        // The article being edited keeps its own address.
        assert_eq!(
            first_free(&candidates, &taken, Some(1)).as_deref(),
            Some("pogoda")
        );
        let all = held(&["pogoda", "pogoda-2", "pogoda-3"]);
        assert_eq!(first_free(&candidates, &all, None), None);
    }
}
