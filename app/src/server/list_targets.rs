//! The lists readers can page through and follow by RSS: a category, an
//! author or a tag, found by kind and slug. Shared by the list pages and
//! the feeds, so both agree on what exists and what it is called.

use crate::db::articles::Scope;
use crate::db::categories::Category;
use crate::db::{authors, images, tags, Db};
use crate::domain::lang::Lang;
use crate::domain::reader::{CategoryRef, ImageRef, ListHeading};

/// A category, author or tag: its articles' scope, heading and address.
pub struct ListTarget {
    pub scope: Scope,
    pub heading: ListHeading,
    pub name: String,
    /// Site-relative path of its first page, e.g. "/tag/vybory".
    pub base: String,
    pub description: String,
    /// Its first page in the other edition, where it has one (`hreflang`).
    pub translation: Option<(Lang, String)>,
}

/// The list of `kind` ("category", "author", "tag") with `slug` in
/// `lang`'s edition, if any; `categories` is the site's category list
/// (usually from memory). Authors and tags are shared by the editions,
/// and each edition's page lists that edition's articles.
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
                let other = lang.other();
                let translation = c
                    .in_edition(other)
                    .map(|(slug, _)| (other, other.category_path(slug)));
                (own == slug).then(|| (c.id, own.to_string(), name.to_string(), translation))
            })
            .map(|(id, slug, name, translation)| ListTarget {
                scope: Scope::Category(id, lang),
                translation,
                description: (lang.words().category_description)(&name),
                base: lang.category_path(&slug),
                name: name.clone(),
                heading: ListHeading::Category(CategoryRef { slug, name }),
            }),
        (_, "author") => match authors::by_slug(db, slug).await? {
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
                let bio = author.bio_in(lang).to_string();
                let description = if bio.is_empty() {
                    (lang.words().author_description)(&author.name)
                } else {
                    format!("{}. {bio}", author.name)
                };
                Some(ListTarget {
                    scope: Scope::Author(author.id, lang),
                    heading: ListHeading::Author {
                        name: author.name.clone(),
                        bio,
                        photo,
                    },
                    name: author.name,
                    base: lang.path(&format!("/author/{}", author.slug)),
                    description,
                    translation: None,
                })
            }
        },
        (_, "tag") => tags::by_slug(db, slug).await?.map(|tag| ListTarget {
            scope: Scope::Tag(tag.id, lang),
            heading: ListHeading::Tag(tag.name.clone()),
            description: (lang.words().tag_description)(&tag.name),
            name: tag.name,
            base: lang.path(&format!("/tag/{}", tag.slug)),
            translation: None,
        }),
        _ => None,
    };
    Ok(target)
}
