//! What readers load: the home page, an article, category, author and tag
//! pages, search results, and the category list for the navigation.

use crate::error::AppError;
use crate::model::{ArticlePage, CategoryRef, HomePage, ListPage, SearchPage};
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

/// Items on a category, author or tag page, and search results a page.
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

/// Which list page: its kind ("category", "author", "tag") and slug.
#[server(prefix = "/api", endpoint = "list", input = GetUrl)]
pub async fn get_list(
    kind: String,
    slug: String,
    page: Option<String>,
    after: Option<String>,
    before: Option<String>,
) -> Result<ListPage, AppError> {
    super::with_status(
        ssr::list(
            &kind,
            &slug,
            page.as_deref(),
            after.as_deref(),
            before.as_deref(),
        )
        .await,
    )
}

#[server(prefix = "/api", endpoint = "search", input = GetUrl)]
pub async fn get_search(q: Option<String>, page: Option<String>) -> Result<SearchPage, AppError> {
    super::with_status(ssr::search(q.as_deref().unwrap_or(""), page.as_deref()).await)
}

#[cfg(feature = "ssr")]
mod ssr {
    use super::*;
    use crate::db::articles::{self, Scope, Slice, SummaryRow};
    use crate::db::categories::Category;
    use crate::db::search as search_index;
    use crate::db::shared::{newest_of_category, take_of_category};
    use crate::db::{tags, Cursor};
    use crate::lists;
    use crate::model::{ArticleSummary, HomeSection, ImageRef, NamedLink, SearchHit};
    use crate::search::{self, Query};
    use crate::seo::{self, ArticleFacts};
    use crate::site::site;
    use crate::text::excerpt;
    use crate::SITE_NAME;
    use std::collections::HashSet;

    /// Excerpts in lists and meta descriptions, "…" included.
    const LIST_EXCERPT_CHARS: usize = 200;
    const DESCRIPTION_CHARS: usize = 160;
    /// A breaking story stays the lead for this long.
    const LEAD_WINDOW_SECONDS: i64 = 24 * 3600;
    /// Edits within this time after publishing do not show "Обновлено".
    const UPDATE_GRACE_SECONDS: i64 = 60;
    /// Articles under "Читайте также".
    const RELATED: usize = 4;
    /// Search ranks the newest this many matches (the count shown stops
    /// there too), so a query costs the same however common its words are.
    pub const SEARCH_CANDIDATES: usize = 1000;
    /// Words in a search result's quoted passage.
    const FRAGMENT_WORDS: usize = 30;

    fn category_ref(category: &Category) -> CategoryRef {
        CategoryRef {
            slug: category.slug.clone(),
            name: category.name.clone(),
        }
    }

    fn category_of(id: i64, categories: &[Category]) -> CategoryRef {
        categories
            .iter()
            .find(|c| c.id == id)
            .map(category_ref)
            .unwrap_or_else(|| CategoryRef {
                slug: String::new(),
                name: String::new(),
            })
    }

    fn summarize(row: SummaryRow, categories: &[Category]) -> ArticleSummary {
        ArticleSummary {
            image: row.image_id.map(|id| ImageRef {
                url: crate::editor::image_url(id),
                alt: row.image_alt.clone(),
                width: None,
                height: None,
            }),
            excerpt: excerpt(&row.lead, LIST_EXCERPT_CHARS),
            category: category_of(row.category_id, categories),
            slug: row.slug,
            title: row.title,
            published_at: row.published_at,
            breaking: row.breaking != 0,
        }
    }

    pub async fn categories() -> Result<Vec<CategoryRef>, AppError> {
        let site = site()?;
        let list = site.shared.categories(&site.db, site.now()).await?;
        Ok(list.iter().map(category_ref).collect())
    }

    pub async fn home() -> Result<HomePage, AppError> {
        let site = site()?;
        let db = &site.db;
        let now = site.now();
        let categories = site.shared.categories(db, now).await?;
        let newest = site.shared.newest_kept(db, now).await?;
        let lead = match articles::breaking_since(db, now, LEAD_WINDOW_SECONDS).await? {
            Some(breaking) => Some(breaking),
            None => newest.first().cloned(),
        };
        let mut shown: HashSet<i64> = lead.iter().map(|r| r.id).collect();
        let latest: Vec<SummaryRow> = newest
            .iter()
            .filter(|r| !shown.contains(&r.id))
            .take(HOME_LATEST)
            .cloned()
            .collect();
        shown.extend(latest.iter().map(|r| r.id));
        let blocks = home_blocks(db, &categories, &newest, &shown, now).await?;
        let sections: Vec<HomeSection> = categories
            .iter()
            .zip(blocks)
            .filter(|(_, items)| !items.is_empty())
            .map(|(category, items)| HomeSection {
                category: category_ref(category),
                items: items
                    .into_iter()
                    .map(|r| summarize(r, &categories))
                    .collect(),
            })
            .collect();
        Ok(HomePage {
            now,
            lead: lead.map(|r| summarize(r, &categories)),
            latest: latest
                .into_iter()
                .map(|r| summarize(r, &categories))
                .collect(),
            sections,
            seo: seo::page(
                &site.public_url,
                "",
                "Новости Казахстана и мира: политика, экономика, общество, спорт, \
                 происшествия и технологии. Последние события в Алматы, Астане и регионах.",
                "/",
            ),
        })
    }

    /// The home page's block for each of `categories`: its newest
    /// articles not `shown` above, from the site's `newest` where they
    /// hold them; the database is asked only for the categories left.
    async fn home_blocks(
        db: &crate::db::Db,
        categories: &[Category],
        newest: &[SummaryRow],
        shown: &HashSet<i64>,
        now: i64,
    ) -> Result<Vec<Vec<SummaryRow>>, AppError> {
        let wanted = |r: &SummaryRow| !shown.contains(&r.id);
        let mut blocks: Vec<Option<Vec<SummaryRow>>> = categories
            .iter()
            .map(|c| newest_of_category(newest, c.id, HOME_SECTION_ITEMS, wanted))
            .collect();
        let short: Vec<i64> = categories
            .iter()
            .zip(&blocks)
            .filter(|(_, items)| items.is_none())
            .map(|(c, _)| c.id)
            .collect();
        if !short.is_empty() {
            // Enough per category to fill it after skipping what is shown.
            let per = (HOME_SECTION_ITEMS + shown.len()) as i64;
            let rows = articles::newest_in_categories(db, &short, now, per).await?;
            for (category, items) in categories.iter().zip(blocks.iter_mut()) {
                if items.is_none() {
                    *items = Some(take_of_category(
                        &rows,
                        category.id,
                        HOME_SECTION_ITEMS,
                        wanted,
                    ));
                }
            }
        }
        Ok(blocks.into_iter().map(Option::unwrap_or_default).collect())
    }

    pub async fn article(slug: &str) -> Result<ArticlePage, AppError> {
        if !plausible_slug(slug) {
            return Err(AppError::NotFound);
        }
        let site = site()?;
        let db = &site.db;
        let now = site.now();
        let row = articles::published_by_slug(db, slug, now)
            .await?
            .ok_or(AppError::NotFound)?;
        let updated_at =
            (row.updated_at > row.published_at + UPDATE_GRACE_SECONDS).then_some(row.updated_at);
        let article_tags = tags::for_article(db, row.id).await?;
        let categories = site.shared.categories(db, now).await?;
        let tag_ids: Vec<i64> = article_tags.iter().map(|t| t.id).collect();
        let newest = site.shared.newest_kept(db, now).await?;
        let related = related(db, row.id, &tag_ids, row.category_id, &newest, now).await?;
        let path = format!("/news/{}", row.slug);
        let author_path = format!("/author/{}", row.author_slug);
        let description = excerpt(&row.lead, DESCRIPTION_CHARS);
        let image = row.image_id.map(|id| ImageRef {
            url: crate::editor::image_url(id),
            alt: row.image_alt.clone(),
            width: row.image_width,
            height: row.image_height,
        });
        let facts = ArticleFacts {
            title: &row.title,
            description: &description,
            path: &path,
            image: image.as_ref(),
            published_at: row.published_at,
            modified_at: updated_at.unwrap_or(row.published_at),
            section: &row.category_name,
            author_name: &row.author_name,
            author_path: &author_path,
            tags: article_tags.iter().map(|t| t.name.clone()).collect(),
        };
        let seo = seo::article(&site.public_url, &facts);
        let json_ld = seo::news_article_json_ld(&site.public_url, &facts);
        Ok(ArticlePage {
            url: site.absolute(&path),
            description,
            author: NamedLink {
                name: row.author_name.clone(),
                href: author_path.clone(),
            },
            tags: article_tags
                .into_iter()
                .map(|t| NamedLink {
                    href: format!("/tag/{}", t.slug),
                    name: t.name,
                })
                .collect(),
            related: related
                .into_iter()
                .map(|r| summarize(r, &categories))
                .collect(),
            seo,
            json_ld,
            now,
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
            image,
        })
    }

    /// "Читайте также": articles sharing a tag first, then the category's
    /// newest; shown newest first, never the article itself.
    /// "Читайте также": the newest articles sharing a tag with article
    /// `id`, then the newest of its category. The site's newest articles
    /// (`newest`, in memory) hold the category's newest unless they leave
    /// it short; only then is the database asked.
    async fn related(
        db: &crate::db::Db,
        id: i64,
        tag_ids: &[i64],
        category_id: i64,
        newest: &[SummaryRow],
        now: i64,
    ) -> Result<Vec<SummaryRow>, sqlx::Error> {
        let mut rows = articles::sharing_tags(db, id, tag_ids, now, RELATED as i64).await?;
        rows.sort_by_key(|r| std::cmp::Reverse((r.published_at, r.id)));
        rows.dedup_by_key(|r| r.id);
        rows.truncate(RELATED);
        if rows.len() < RELATED {
            let missing = RELATED - rows.len();
            let tagged: HashSet<i64> = rows.iter().map(|r| r.id).collect();
            let wanted = |r: &SummaryRow| r.id != id && !tagged.contains(&r.id);
            let more = match newest_of_category(newest, category_id, missing, wanted) {
                Some(more) => more,
                None => {
                    let read = articles::in_scope(
                        db,
                        Scope::Category(category_id),
                        now,
                        Slice::First,
                        (RELATED * 2 + 1) as i64,
                    )
                    .await?;
                    take_of_category(&read, category_id, missing, wanted)
                }
            };
            rows.extend(more);
        }
        rows.sort_by_key(|r| std::cmp::Reverse((r.published_at, r.id)));
        Ok(rows)
    }

    pub async fn list(
        kind: &str,
        slug: &str,
        page: Option<&str>,
        after: Option<&str>,
        before: Option<&str>,
    ) -> Result<ListPage, AppError> {
        let page = parse_page(page)?;
        if !plausible_slug(slug) {
            return Err(AppError::NotFound);
        }
        let site = site()?;
        let db = &site.db;
        let now = site.now();
        let categories = site.shared.categories(db, now).await?;
        let target = lists::find(db, &categories, kind, slug)
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
        if rows.is_empty() && slice != Slice::First {
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
                format!("{}, страница {page}", target.name),
                format!("{base}?page={page}"),
            )
        } else {
            (target.name.clone(), base.clone())
        };
        let seo = seo::with_feed(
            seo::page(&site.public_url, &title, &target.description, &path),
            format!("{SITE_NAME} — {}", target.name),
            format!("{base}/feed.xml"),
        );
        Ok(ListPage {
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

    fn marks(pieces: &[crate::model::Piece]) -> usize {
        pieces.iter().filter(|p| p.marked).count()
    }

    pub async fn search(typed: &str, page: Option<&str>) -> Result<SearchPage, AppError> {
        let page = parse_page(page)?;
        let site = site()?;
        let now = site.now();
        let shortened = typed.chars().count() > search::MAX_QUERY_CHARS;
        let shown: String = typed.chars().take(search::MAX_QUERY_CHARS).collect();
        let shown = shown.trim().to_string();
        let query = Query::parse(&shown);
        let path = if shown.is_empty() {
            "/search".to_string()
        } else {
            format!("/search?q={}", crate::text::url::encode_component(&shown))
        };
        let title = if shown.is_empty() {
            "Поиск".to_string()
        } else {
            format!("Поиск: {shown}")
        };
        let mut seo = seo::page(&site.public_url, &title, "Поиск по материалам.", &path);
        seo.noindex = true;
        let mut result = SearchPage {
            now,
            query: shown,
            shortened,
            hits: Vec::new(),
            total: 0,
            more_than: false,
            page,
            pages: 0,
            seo,
        };
        if query.is_empty() {
            return if page == 1 {
                Ok(result)
            } else {
                Err(AppError::NotFound)
            };
        }
        let db = &site.db;
        let mut candidates =
            search_index::candidates(db, &query, now, SEARCH_CANDIDATES as i64 + 1).await?;
        result.more_than = candidates.len() > SEARCH_CANDIDATES;
        candidates.truncate(SEARCH_CANDIDATES);
        result.total = candidates.len();
        result.pages = result.total.div_ceil(CATEGORY_PAGE_SIZE) as u32;
        if result.total == 0 && page == 1 {
            return Ok(result);
        }
        if page > result.pages {
            return Err(AppError::NotFound);
        }
        // Ranked: every word in the headline first, then in the headline or
        // lead, then anywhere; newest first within each.
        candidates.sort_by_key(|c| std::cmp::Reverse((c.tier, c.published_at, c.id)));
        let ids: Vec<i64> = candidates
            .iter()
            .skip((page as usize - 1) * CATEGORY_PAGE_SIZE)
            .take(CATEGORY_PAGE_SIZE)
            .map(|c| c.id)
            .collect();
        let found = articles::by_ids(db, &ids).await?;
        let categories = site.shared.categories(db, now).await?;
        let stems = query.stems();
        result.hits = ids
            .iter()
            .filter_map(|id| found.iter().find(|row| row.id == *id))
            .map(|row| {
                let body = crate::markup::plain_text(&row.body);
                let fragment = search::fragment(&row.lead, &stems, FRAGMENT_WORDS)
                    .into_iter()
                    .chain(search::fragment(&body, &stems, FRAGMENT_WORDS))
                    // The passage with the most matches; the lead on a tie.
                    .reduce(|best, next| {
                        if marks(&next) > marks(&best) {
                            next
                        } else {
                            best
                        }
                    })
                    .unwrap_or_else(|| {
                        search::highlight(&excerpt(&row.lead, LIST_EXCERPT_CHARS), &stems)
                    });
                SearchHit {
                    slug: row.slug.clone(),
                    title: search::highlight(&row.title, &stems),
                    fragment,
                    category: category_of(row.category_id, &categories),
                    published_at: row.published_at,
                }
            })
            .collect();
        Ok(result)
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
