//! What readers load: the home page, an article, category, author and tag
//! pages, search results, and the category list for the navigation.
//! Each server function decodes its parameters (a page number, a slug
//! that could exist), calls `server::reader`, and sets the error's status.

use crate::domain::lang::Lang;
use crate::domain::pages::{PageData, PageLink};
use crate::domain::reader::{
    ArticleData, CategoryRef, CorrectionsData, HomeData, ListData, SearchData,
};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

#[cfg(feature = "ssr")]
use crate::server::{reader, site::site};

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

#[server(prefix = "/api", endpoint = "page", input = GetUrl)]
pub async fn get_page(slug: String, #[server(default)] lang: Lang) -> Result<PageData, AppError> {
    super::with_status(
        async {
            if !plausible_slug(&slug) {
                return Err(AppError::NotFound);
            }
            crate::server::pages::for_readers(&site()?, lang, &slug).await
        }
        .await,
    )
}

/// The story `lang`'s breaking-news bar shows now, if any.
#[server(prefix = "/api", endpoint = "breaking", input = GetUrl)]
pub async fn get_breaking(
    #[server(default)] lang: Lang,
) -> Result<Option<crate::domain::live::BreakingNews>, AppError> {
    super::with_status(
        async {
            let site = site()?;
            Ok((*site.shared.breaking(&site.db, lang, site.now()).await?).clone())
        }
        .await,
    )
}

#[server(prefix = "/api", endpoint = "footer", input = GetUrl)]
pub async fn get_footer_pages() -> Result<Vec<PageLink>, AppError> {
    super::with_status(
        async {
            let site = site()?;
            Ok((*site.shared.footer(&site.db, site.now()).await?).clone())
        }
        .await,
    )
}

#[server(prefix = "/api", endpoint = "categories", input = GetUrl)]
pub async fn get_categories(#[server(default)] lang: Lang) -> Result<Vec<CategoryRef>, AppError> {
    super::with_status(async { reader::categories(&site()?, lang).await }.await)
}

#[server(prefix = "/api", endpoint = "home", input = GetUrl)]
pub async fn get_home(#[server(default)] lang: Lang) -> Result<HomeData, AppError> {
    super::with_status(async { reader::home(&site()?, lang).await }.await)
}

#[server(prefix = "/api", endpoint = "corrections", input = GetUrl)]
pub async fn get_corrections(#[server(default)] lang: Lang) -> Result<CorrectionsData, AppError> {
    super::with_status(async { reader::corrections(&site()?, lang).await }.await)
}

#[server(prefix = "/api", endpoint = "article", input = GetUrl)]
pub async fn get_article(
    slug: String,
    #[server(default)] lang: Lang,
) -> Result<ArticleData, AppError> {
    super::with_status(
        async {
            if !plausible_slug(&slug) {
                return Err(AppError::NotFound);
            }
            reader::article(&site()?, lang, &slug).await
        }
        .await,
    )
}

/// Which list page: its kind ("category", "author", "tag") and slug.
#[server(prefix = "/api", endpoint = "list", input = GetUrl)]
pub async fn get_list(
    kind: String,
    slug: String,
    page: Option<String>,
    after: Option<String>,
    before: Option<String>,
    #[server(default)] lang: Lang,
) -> Result<ListData, AppError> {
    super::with_status(
        async {
            let page = parse_page(page.as_deref())?;
            if !plausible_slug(&slug) {
                return Err(AppError::NotFound);
            }
            let (after, before) = (after.as_deref(), before.as_deref());
            reader::list(&site()?, lang, &kind, &slug, page, after, before).await
        }
        .await,
    )
}

#[server(prefix = "/api", endpoint = "search", input = GetUrl)]
pub async fn get_search(
    q: Option<String>,
    order: Option<String>,
    after: Option<String>,
    exact: Option<String>,
    #[server(default)] lang: Lang,
) -> Result<SearchData, AppError> {
    super::with_status(
        async {
            use crate::domain::reader::SearchOrder;
            let order = match order.as_deref() {
                None | Some("") | Some("newest") => SearchOrder::Newest,
                Some("relevance") => SearchOrder::Relevance,
                Some(_) => return Err(AppError::NotFound),
            };
            let request = reader::SearchRequest {
                order,
                after: after.filter(|a| !a.is_empty()),
                exact: exact.as_deref() == Some("1"),
            };
            reader::search(&site()?, lang, q.as_deref().unwrap_or(""), request).await
        }
        .await,
    )
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
