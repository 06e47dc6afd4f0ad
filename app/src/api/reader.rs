//! What readers load: the home page, an article, a category page, and the
//! category list for the navigation.

use crate::error::AppError;
use crate::model::{ArticlePage, CategoryPage, CategoryRef, HomePage};
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

/// Items on a category page.
pub const CATEGORY_PAGE_SIZE: usize = 20;
/// Items in the home page's "latest news" list (after the lead story).
pub const HOME_LATEST: usize = 10;
/// Items in each category block on the home page.
pub const HOME_SECTION_ITEMS: usize = 4;
/// Highest page number we look for; anything above is a 404.
pub const MAX_PAGE: u32 = 100_000;

/// `?page=` as typed: absent is page 1; anything but 1..=MAX_PAGE is a 404.
pub fn parse_page(page: Option<&str>) -> Result<u32, AppError> {
    match page {
        None => Ok(1),
        Some(text) => match text.parse::<u32>() {
            Ok(n) if (1..=MAX_PAGE).contains(&n) && !text.starts_with('+') => Ok(n),
            _ => Err(AppError::NotFound),
        },
    }
}

/// Slugs are lower-case Latin letters, digits and hyphens; anything else
/// cannot exist and is answered without asking the database.
pub fn plausible_slug(slug: &str) -> bool {
    !slug.is_empty()
        && slug.len() <= 200
        && slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

#[server(prefix = "/api", endpoint = "categories", input = GetUrl)]
pub async fn get_categories() -> Result<Vec<CategoryRef>, AppError> {
    super::with_status(ssr::categories().await)
}

#[server(prefix = "/api", endpoint = "home", input = GetUrl)]
pub async fn get_home() -> Result<HomePage, AppError> {
    super::with_status(ssr::home().await)
}

#[server(prefix = "/api", endpoint = "article", input = GetUrl)]
pub async fn get_article(slug: String) -> Result<ArticlePage, AppError> {
    super::with_status(ssr::article(&slug).await)
}

#[server(prefix = "/api", endpoint = "category", input = GetUrl)]
pub async fn get_category(
    slug: String,
    page: Option<String>,
    after: Option<String>,
    before: Option<String>,
) -> Result<CategoryPage, AppError> {
    super::with_status(
        ssr::category(&slug, page.as_deref(), after.as_deref(), before.as_deref()).await,
    )
}

#[cfg(feature = "ssr")]
mod ssr {
    use super::*;
    use crate::db::articles::{self, Slice, SummaryRow};
    use crate::db::categories::{self, Category};
    use crate::db::Cursor;
    use crate::model::{ArticleSummary, HomeSection, ImageRef};
    use crate::site::{now, site};
    use crate::text::excerpt;
    use std::collections::HashSet;

    /// Excerpts in lists and meta descriptions, "…" included.
    const LIST_EXCERPT_CHARS: usize = 200;
    const DESCRIPTION_CHARS: usize = 160;
    /// A breaking story stays the lead for this long.
    const LEAD_WINDOW_SECONDS: i64 = 24 * 3600;
    /// Edits within this time after publishing do not show "Обновлено".
    const UPDATE_GRACE_SECONDS: i64 = 60;

    fn category_ref(category: &Category) -> CategoryRef {
        CategoryRef {
            slug: category.slug.clone(),
            name: category.name.clone(),
        }
    }

    fn summarize(row: SummaryRow, categories: &[Category]) -> ArticleSummary {
        let category = categories
            .iter()
            .find(|c| c.id == row.category_id)
            .map(category_ref)
            .unwrap_or_else(|| CategoryRef {
                slug: String::new(),
                name: String::new(),
            });
        ArticleSummary {
            image: row.image_id.map(|id| ImageRef {
                url: crate::editor::image_url(id),
                alt: row.image_alt.clone(),
                width: None,
                height: None,
            }),
            excerpt: excerpt(&row.lead, LIST_EXCERPT_CHARS),
            slug: row.slug,
            title: row.title,
            category,
            published_at: row.published_at,
            breaking: row.breaking != 0,
        }
    }

    pub async fn categories() -> Result<Vec<CategoryRef>, AppError> {
        let site = site()?;
        let list = categories::list(&site.db).await?;
        Ok(list.iter().map(category_ref).collect())
    }

    pub async fn home() -> Result<HomePage, AppError> {
        let site = site()?;
        let db = &site.db;
        let now = now();
        let categories = categories::list(db).await?;
        let lead = articles::lead(db, now, LEAD_WINDOW_SECONDS).await?;
        let mut shown: HashSet<i64> = lead.iter().map(|r| r.id).collect();
        let latest: Vec<SummaryRow> = articles::latest(db, now, HOME_LATEST as i64 + 1, None)
            .await?
            .into_iter()
            .filter(|r| !shown.contains(&r.id))
            .take(HOME_LATEST)
            .collect();
        shown.extend(latest.iter().map(|r| r.id));
        let mut sections = Vec::with_capacity(categories.len());
        for category in &categories {
            // Fetch a few extra so the block is full after skipping the
            // stories already shown above it.
            let fetch = (HOME_SECTION_ITEMS + HOME_LATEST + 1) as i64;
            let rows = articles::in_category(db, category.id, now, Slice::First, fetch).await?;
            let items: Vec<ArticleSummary> = rows
                .into_iter()
                .filter(|r| !shown.contains(&r.id))
                .take(HOME_SECTION_ITEMS)
                .map(|r| summarize(r, &categories))
                .collect();
            if !items.is_empty() {
                sections.push(HomeSection {
                    category: category_ref(category),
                    items,
                });
            }
        }
        Ok(HomePage {
            now,
            lead: lead.map(|r| summarize(r, &categories)),
            latest: latest
                .into_iter()
                .map(|r| summarize(r, &categories))
                .collect(),
            sections,
        })
    }

    pub async fn article(slug: &str) -> Result<ArticlePage, AppError> {
        if !plausible_slug(slug) {
            return Err(AppError::NotFound);
        }
        let site = site()?;
        let db = &site.db;
        let row = articles::published_by_slug(db, slug, now())
            .await?
            .ok_or(AppError::NotFound)?;
        let updated_at =
            (row.updated_at > row.published_at + UPDATE_GRACE_SECONDS).then_some(row.updated_at);
        Ok(ArticlePage {
            url: site.absolute(&format!("/news/{}", row.slug)),
            description: excerpt(&row.lead, DESCRIPTION_CHARS),
            slug: row.slug,
            title: row.title,
            lead: row.lead,
            body_html: row.body_html,
            category: CategoryRef {
                slug: row.category_slug,
                name: row.category_name,
            },
            author_name: row.author_name,
            published_at: row.published_at,
            updated_at,
            breaking: row.breaking != 0,
            image: row.image_id.map(|id| ImageRef {
                url: crate::editor::image_url(id),
                alt: row.image_alt,
                width: row.image_width,
                height: row.image_height,
            }),
        })
    }

    pub async fn category(
        slug: &str,
        page: Option<&str>,
        after: Option<&str>,
        before: Option<&str>,
    ) -> Result<CategoryPage, AppError> {
        let page = parse_page(page)?;
        if !plausible_slug(slug) {
            return Err(AppError::NotFound);
        }
        let site = site()?;
        let db = &site.db;
        let now = now();
        let categories = categories::list(db).await?;
        let category = categories
            .iter()
            .find(|c| c.slug == slug)
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
        let mut rows = articles::in_category(db, category.id, now, slice, size as i64 + 1).await?;
        let has_more = rows.len() > size;
        if has_more {
            match slice {
                Slice::NewerThan(_) => {
                    rows.remove(0);
                }
                _ => rows.truncate(size),
            }
        }
        if rows.is_empty() && slice != Slice::First {
            return Err(AppError::NotFound);
        }
        let base = format!("/category/{}", category.slug);
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
        Ok(CategoryPage {
            now,
            category: category_ref(category),
            page,
            items: rows
                .into_iter()
                .map(|r| summarize(r, &categories))
                .collect(),
            newer,
            older,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_numbers() {
        assert_eq!(parse_page(None), Ok(1));
        assert_eq!(parse_page(Some("1")), Ok(1));
        assert_eq!(parse_page(Some("42")), Ok(42));
        for bad in [
            "",
            "0",
            "-1",
            "+2",
            "1.5",
            "abc",
            "99999999999",
            "100001",
            " 2",
        ] {
            assert_eq!(parse_page(Some(bad)), Err(AppError::NotFound), "{bad:?}");
        }
    }

    #[test]
    fn slugs() {
        assert!(plausible_slug("novaya-stantsiya-2026"));
        for bad in [
            "",
            "Кириллица",
            "UPPER",
            "a/b",
            "a b",
            "%00",
            &"a".repeat(201),
        ] {
            assert!(!plausible_slug(bad), "{bad:?}");
        }
    }
}
