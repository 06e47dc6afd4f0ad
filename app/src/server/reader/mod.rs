//! What readers read: the home page, an article, the lists (category,
//! author, tag), search results, the ticker and the navigation's categories. Each
//! function takes the [`Site`] and typed parameters (the server functions
//! in `api::reader` decode the request) and returns what the page shows.

mod article;
mod corrections;
mod home;
mod lists;
pub mod most_read;
mod search;
mod ticker;

pub use article::article;
pub use article::{assemble, attached, Attached, Shown};
pub use corrections::corrections;
pub use home::home;
pub use lists::list;
pub use search::{search, SearchRequest};
pub use ticker::ticker;

use crate::db::articles::SummaryRow;
use crate::db::categories::Category;
use crate::domain::lang::Lang;
use crate::domain::reader::{ArticleSummary, CategoryRef, ImageRef};
use crate::error::AppError;
use crate::server::media::image_url;
use crate::server::site::Site;
use crate::text::excerpt;

/// Items on a category, author or tag page, and search results a page.
pub const CATEGORY_PAGE_SIZE: usize = 20;
/// Items in the home page's "latest news" list (after the lead story).
pub const HOME_LATEST: usize = 10;
/// Items in each category block on the home page.
pub const HOME_SECTION_ITEMS: usize = 4;

/// Excerpts in lists and meta descriptions, "…" included.
const LIST_EXCERPT_CHARS: usize = 200;
const DESCRIPTION_CHARS: usize = 160;
/// A breaking story stays the lead for this long.
const LEAD_WINDOW_SECONDS: i64 = 24 * 3600;
/// Edits within this time after publishing do not show "Обновлено".
const UPDATE_GRACE_SECONDS: i64 = 60;
/// Articles under "Читайте также".
const RELATED: usize = 4;
/// Words in a search result's quoted passage.
const FRAGMENT_WORDS: usize = 30;

/// `category` as `lang`'s edition names it, if it has a name there.
/// `category` as `lang`'s edition names it (`Category::in_edition`);
/// `None` where that edition has no name for it.
fn category_ref(category: &Category, lang: Lang) -> Option<CategoryRef> {
    let (slug, name) = category.in_edition(lang)?;
    Some(CategoryRef {
        slug: slug.to_string(),
        name: name.to_string(),
    })
}

/// Category `id` of `categories` as `lang`'s edition names it; empty
/// (shown without a link) where that edition has no name for it.
fn category_of(id: i64, categories: &[Category], lang: Lang) -> CategoryRef {
    categories
        .iter()
        .find(|c| c.id == id)
        .and_then(|c| category_ref(c, lang))
        .unwrap_or_default()
}

fn summarize(row: SummaryRow, categories: &[Category]) -> ArticleSummary {
    let category = category_of(row.category_id, categories, row.lang);
    ArticleSummary {
        image: row.image_id.map(|id| ImageRef {
            url: image_url(id),
            alt: row.image_alt.clone(),
            width: None,
            height: None,
            ..ImageRef::default()
        }),
        excerpt: excerpt(&row.lead, LIST_EXCERPT_CHARS),
        category,
        slug: row.slug,
        title: row.title,
        published_at: row.published_at,
        breaking: row.breaking,
    }
}

/// The categories `lang`'s edition names, in the navigation's order.
pub async fn categories(site: &Site, lang: Lang) -> Result<Vec<CategoryRef>, AppError> {
    let list = site.shared.categories(&site.db, site.now()).await?;
    Ok(list.iter().filter_map(|c| category_ref(c, lang)).collect())
}
