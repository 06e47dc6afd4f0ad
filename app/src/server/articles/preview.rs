//! An article as a reader will see it, whatever its status, for its
//! author and the editors.

use super::load;
use super::store::render_body;
use crate::db::articles::ArticleRow;
use crate::db::authors::{self, Author};
use crate::db::tags::Tag;
use crate::db::{articles, categories, corrections, images, Db};
use crate::domain::articles::{normalize_multiline, split_names, split_tags, ArticleForm};
use crate::domain::reader::ArticleData;
use crate::error::AppError;
use crate::server::accounts::User;
use crate::server::permissions::{can_view, require};
use crate::server::reader::{assemble, attached, Attached, Shown};
use crate::text::slugify;
use crate::text::time::parse_almaty_input;

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
    let page = articles::any_by_id(db, id, now)
        .await?
        .ok_or(AppError::NotFound)?;
    let attached = attached(db, &page).await?;
    Ok(assemble(page, attached, public_url, now, Shown::InPreview))
}

/// The form as it stands, saved or not, as a reader will see it: the
/// same render (`store::render_body`) and the same page assembly as
/// readers' pages, with nothing written. Fields that would not save yet
/// show as they would after a save (an empty address: made from the
/// title; an unknown category or co-author: left out).
pub async fn preview_form(
    db: &Db,
    user: &User,
    form: &ArticleForm,
    public_url: &str,
    now: i64,
) -> Result<ArticleData, AppError> {
    let existing = match form.id {
        Some(id) => {
            let row = load(db, id).await?;
            require(can_view(user, &row))?;
            Some(row)
        }
        None => None,
    };
    let categories = categories::list(db).await?;
    let category = categories
        .iter()
        .find(|c| c.slug == form.category.trim())
        .or(categories.first());
    let staff = authors::list(db).await?;
    let own_author = existing.as_ref().map_or(user.author_id, |r| r.author_id);
    let mut byline: Vec<Author> = staff
        .iter()
        .filter(|a| a.id == own_author)
        .cloned()
        .collect();
    for name in split_names(&form.coauthors) {
        let wanted = name.to_lowercase();
        if let Some(author) = staff
            .iter()
            .find(|a| a.name.to_lowercase() == wanted || a.slug == wanted)
        {
            if !byline.iter().any(|b| b.id == author.id) {
                byline.push(author.clone());
            }
        }
    }
    let image_size = match form.image_id {
        Some(id) => images::size(db, id).await?,
        None => None,
    };
    let slug = match form.slug.trim() {
        "" => slugify(&form.title),
        typed => typed.to_string(),
    };
    let row = ArticleRow {
        id: form.id.unwrap_or(0),
        lang: existing
            .as_ref()
            .map_or(form.edition().unwrap_or_default(), |r| r.lang),
        translation_group: None,
        category_slug_kk: category.and_then(|c| c.slug_kk.clone()),
        category_name_kk: category.map(|c| c.name_kk.clone()).unwrap_or_default(),
        category_id: category.map_or(0, |c| c.id),
        author_slug: byline.first().map(|a| a.slug.clone()).unwrap_or_default(),
        slug,
        title: form.title.trim().to_string(),
        lead: form.lead.trim().to_string(),
        body_html: render_body(db, &normalize_multiline(&form.body)).await?,
        category_slug: category.map(|c| c.slug.clone()).unwrap_or_default(),
        category_name: category.map(|c| c.name.clone()).unwrap_or_default(),
        author_name: byline.first().map(|a| a.name.clone()).unwrap_or_default(),
        published_at: parse_almaty_input(form.publish_at.trim())
            .or(existing.as_ref().and_then(|r| r.published_at))
            .unwrap_or(now),
        updated_at: now,
        breaking: form.breaking,
        image_id: form.image_id,
        image_alt: form.image_alt.trim().to_string(),
        image_width: image_size.map(|(w, _)| w),
        image_height: image_size.map(|(_, h)| h),
        image_caption: form.image_caption.trim().to_string(),
        image_credit: form.image_credit.trim().to_string(),
        credit_line: form.credit_line.trim().to_string(),
        live_started_at: existing.as_ref().and_then(|r| r.live_started_at),
        live_ended_at: existing.as_ref().and_then(|r| r.live_ended_at),
        seo_title: form.seo_title.trim().to_string(),
        seo_description: form.seo_description.trim().to_string(),
    };
    let tags = split_tags(&form.tags)
        .into_iter()
        .map(|name| Tag {
            id: 0,
            slug: slugify(&name),
            name,
        })
        .collect();
    let attached = Attached {
        tags,
        byline,
        corrections: match form.id {
            Some(id) => corrections::for_article(db, id).await?,
            None => Vec::new(),
        },
        live: None,
    };
    Ok(assemble(row, attached, public_url, now, Shown::InPreview))
}
