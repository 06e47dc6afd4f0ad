//! A list page (category, author or tag): paged by cursor, with links to
//! newer and older pages and its own feed.

use super::{summarize, CATEGORY_PAGE_SIZE};
use crate::db::articles::{self, Slice};
use crate::db::Cursor;
use crate::domain::lang::Lang;
use crate::domain::reader::ListData;
use crate::domain::SITE_NAME;
use crate::error::AppError;
use crate::server::list_targets;
use crate::server::seo;
use crate::server::site::Site;

/// The `page`th page of the list of `kind` with `slug`; `after` and
/// `before` are the cursors of the links that led here.
pub async fn list(
    site: &Site,
    lang: Lang,
    kind: &str,
    slug: &str,
    page: u32,
    after: Option<&str>,
    before: Option<&str>,
) -> Result<ListData, AppError> {
    let db = &site.db;
    let now = site.now();
    let categories = site.shared.categories(db, now).await?;
    let target = list_targets::find(db, &categories, lang, kind, slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let cursor = |text: &str| Cursor::parse(text).ok_or(AppError::NotFound);
    let size = CATEGORY_PAGE_SIZE;
    let slice = match (after, before) {
        (Some(c), None) => Slice::OlderThan(cursor(c)?),
        (None, Some(c)) => Slice::NewerThan(cursor(c)?),
        (None, None) if page == 1 => Slice::First,
        (None, None) => Slice::Skip(i64::from(page - 1) * size as i64),
        (Some(_), Some(_)) => return Err(AppError::NotFound),
    };
    // One extra row tells whether there is more beyond this page.
    let mut rows = articles::in_scope(db, target.scope, now, slice, size as i64 + 1).await?;
    let has_more = rows.len() > size;
    if has_more {
        match slice {
            Slice::NewerThan(_) => {
                rows.remove(0);
            }
            _ => rows.truncate(size),
        }
    }
    // A page past the end is not there; nor is an author's or a tag's
    // page in an edition they have nothing in (every author and tag
    // exists in both).
    let nothing_here = lang == Lang::Kk && kind != "category";
    if rows.is_empty() && (slice != Slice::First || nothing_here) {
        return Err(AppError::NotFound);
    }
    let base = &target.base;
    let newer = (page > 1).then(|| match (page - 1, rows.first()) {
        (1, _) | (_, None) => base.clone(),
        (p, Some(first)) => format!("{base}?page={p}&before={}", first.cursor()),
    });
    let older_exists = match slice {
        Slice::NewerThan(_) => true,
        _ => has_more,
    };
    let older = match rows.last() {
        Some(last) if older_exists => {
            Some(format!("{base}?page={}&after={}", page + 1, last.cursor()))
        }
        _ => None,
    };
    let (title, path) = if page > 1 {
        (
            (lang.words().numbered_page)(&target.name, page),
            format!("{base}?page={page}"),
        )
    } else {
        (target.name.clone(), base.clone())
    };
    let mut seo = seo::page(&site.public_url, &title, &target.description, &path, lang);
    // Only the first page has the same page in the other edition.
    if page == 1 {
        seo.translations = seo::translations(&site.public_url, target.translation.as_slice());
    }
    let seo = seo::with_feed(
        seo,
        format!("{SITE_NAME} — {}", target.name),
        format!("{base}/feed.xml"),
    );
    Ok(ListData {
        now,
        heading: target.heading,
        page,
        seo,
        items: rows
            .into_iter()
            .map(|r| summarize(r, &categories))
            .collect(),
        newer,
        older,
    })
}
