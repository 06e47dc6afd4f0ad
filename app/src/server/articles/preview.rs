//! An article as a reader will see it, whatever its status, for its
//! author and the editors.

use super::load;
use crate::db::{authors, categories, images, tags, Db};
use crate::domain::reader::{ArticleData, CategoryRef, ImageRef, NamedLink, Seo};
use crate::error::AppError;
use crate::server::accounts::User;
use crate::server::markup;
use crate::server::media::image_url;
use crate::server::permissions::{can_view, require};
use crate::server::reader::{assemble, Shown};
use crate::text::excerpt;

/// The article as a reader will see it, whatever its status.
pub async fn preview(
    db: &Db,
    user: &User,
    id: i64,
    public_url: &str,
    now: i64,
) -> Result<ArticleData, AppError> {
    let row = load(db, id).await?;
    require(can_view(user, &row))?;
    let category = categories::list(db)
        .await?
        .into_iter()
        .find(|c| c.id == row.category_id)
        .ok_or(AppError::NotFound)?;
    let author = authors::list(db)
        .await?
        .into_iter()
        .find(|a| a.id == row.author_id)
        .map(|a| NamedLink {
            href: format!("/author/{}", a.slug),
            name: a.name,
        })
        .unwrap_or(NamedLink {
            name: String::new(),
            href: "/".into(),
        });
    let image = match row.image_id {
        Some(image_id) => {
            let size = images::size(db, image_id).await?;
            Some(ImageRef {
                url: image_url(image_id),
                alt: row.image_alt.clone(),
                width: size.map(|s| s.0),
                height: size.map(|s| s.1),
            })
        }
        None => None,
    };
    let tags = tags::for_article(db, id)
        .await?
        .into_iter()
        .map(|t| (t.slug, t.name))
        .collect();
    Ok(assemble(Shown {
        url: format!("{public_url}/news/{}", row.slug),
        // Nobody outside sees a preview: no cards, no structured data.
        seo: Seo {
            title: format!("Предпросмотр: {}", row.title),
            ..Seo::default()
        },
        json_ld: "{}".into(),
        author,
        tags,
        related: Vec::new(),
        now,
        description: excerpt(&row.lead, 160),
        body_html: markup::render(&row.body),
        slug: row.slug,
        title: row.title,
        lead: row.lead,
        category: CategoryRef {
            slug: category.slug,
            name: category.name,
        },
        published_at: row.published_at.unwrap_or(now),
        updated_at: None,
        breaking: row.breaking,
        image,
    }))
}
