//! The lists readers can page through and follow by RSS: a category, an
//! author or a tag, found by kind and slug. Shared by the list pages and
//! the feeds, so both agree on what exists and what it is called.

use crate::db::articles::Scope;
use crate::db::categories::Category;
use crate::db::{authors, images, tags, Db};
use crate::domain::lang::Lang;
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

/// The list of `kind` ("category", "author", "tag") with `slug` in
/// `lang`'s edition, if any; `categories` is the site's category list
/// (usually from memory). The Kazakh edition has category lists only so
/// far: authors and tags are the Russian edition's.
pub async fn find(
    db: &Db,
    categories: &[Category],
    lang: Lang,
    kind: &str,
    slug: &str,
) -> Result<Option<ListTarget>, sqlx::Error> {
    let target = match (lang, kind) {
        (_, "category") => categories
            .iter()
            .find_map(|c| {
                let (own, name) = c.in_edition(lang)?;
                (own == slug).then(|| (c.id, own.to_string(), name.to_string()))
            })
            .map(|(id, slug, name)| ListTarget {
                scope: Scope::Category(id, lang),
                description: (lang.words().category_description)(&name),
                base: lang.category_path(&slug),
                name: name.clone(),
                heading: ListHeading::Category(CategoryRef { slug, name }),
            }),
        (Lang::Kk, _) => None,
        (Lang::Ru, "author") => match authors::by_slug(db, slug).await? {
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
        (Lang::Ru, "tag") => tags::by_slug(db, slug).await?.map(|tag| ListTarget {
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
