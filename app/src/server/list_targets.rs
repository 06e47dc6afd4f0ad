//! The lists readers can page through and follow by RSS: a category, an
//! author or a tag, found by kind and slug. Shared by the list pages and
//! the feeds, so both agree on what exists and what it is called.

use crate::db::articles::Scope;
use crate::db::categories::Category;
use crate::db::{authors, images, tags, Db};
use crate::domain::reader::{CategoryRef, ImageRef, ListHeading};
use crate::domain::SITE_NAME;

/// A category, author or tag: its articles' scope, heading and address.
pub struct ListTarget {
    pub scope: Scope,
    pub heading: ListHeading,
    pub name: String,
    /// Site-relative path of its first page, e.g. "/tag/vybory".
    pub base: String,
    pub description: String,
}

/// The list of `kind` ("category", "author", "tag") with `slug`, if any;
/// `categories` is the site's category list (usually from memory).
pub async fn find(
    db: &Db,
    categories: &[Category],
    kind: &str,
    slug: &str,
) -> Result<Option<ListTarget>, sqlx::Error> {
    let target = match kind {
        "category" => categories
            .iter()
            .find(|c| c.slug == slug)
            .cloned()
            .map(|category| ListTarget {
                scope: Scope::Category(category.id),
                description: format!(
                    "{}: последние новости рубрики на {SITE_NAME}.",
                    category.name
                ),
                base: format!("/category/{}", category.slug),
                name: category.name.clone(),
                heading: ListHeading::Category(CategoryRef {
                    slug: category.slug,
                    name: category.name,
                }),
            }),
        "author" => match authors::by_slug(db, slug).await? {
            None => None,
            Some(author) => {
                let photo = match author.photo_id {
                    Some(id) => {
                        let size = images::size(db, id).await?;
                        Some(ImageRef {
                            url: crate::server::media::image_url(id),
                            alt: author.name.clone(),
                            width: size.map(|s| s.0),
                            height: size.map(|s| s.1),
                            ..ImageRef::default()
                        })
                    }
                    None => None,
                };
                let description = if author.bio.is_empty() {
                    format!("Материалы автора {SITE_NAME}: {}.", author.name)
                } else {
                    format!("{}. {}", author.name, author.bio)
                };
                Some(ListTarget {
                    scope: Scope::Author(author.id),
                    heading: ListHeading::Author {
                        name: author.name.clone(),
                        bio: author.bio,
                        photo,
                    },
                    name: author.name,
                    base: format!("/author/{}", author.slug),
                    description,
                })
            }
        },
        "tag" => tags::by_slug(db, slug).await?.map(|tag| ListTarget {
            scope: Scope::Tag(tag.id),
            heading: ListHeading::Tag(tag.name.clone()),
            description: format!("Новости по теме «{}» на {SITE_NAME}.", tag.name),
            name: tag.name,
            base: format!("/tag/{}", tag.slug),
        }),
        _ => None,
    };
    Ok(target)
}
