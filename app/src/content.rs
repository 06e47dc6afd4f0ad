//! Publishing operations shared by every way an article enters the site
//! (command line, demo content, later the editors' forms): slugs, markup
//! rendering and the insert, in one place.

use crate::db::{articles, authors, categories, Db};
use crate::markup;
use crate::text::{slugify, translit::numbered_slug};

/// An article to publish.
#[derive(Clone, Debug)]
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

/// The first free slug for `title`: "slug", "slug-2", "slug-3"… A slug
/// held by article `own_id` (the one being edited) counts as free.
pub async fn free_slug(db: &Db, title: &str, own_id: Option<i64>) -> Result<String, sqlx::Error> {
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
        let taken = articles::holders(db, &candidates).await?;
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

/// Publishes `story`; returns its slug.
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
    let slug = free_slug(db, title, None).await?;
    let body_html = markup::render(story.body);
    articles::insert(
        db,
        &articles::NewArticle {
            slug: &slug,
            title,
            lead: story.lead.trim(),
            body: story.body,
            body_html: &body_html,
            category_id: category.id,
            author_id: author.id,
            status: "published",
            breaking: story.breaking,
            published_at: Some(story.published_at),
            created_at: now.min(story.published_at),
            image_id: None,
            image_alt: "",
            created_by: None,
            tags: story.tags,
        },
    )
    .await?;
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
