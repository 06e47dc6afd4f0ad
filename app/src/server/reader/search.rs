//! Search results: the newest matches ranked by where the words stand,
//! with the passage that holds the most of them.

use super::{category_of, CATEGORY_PAGE_SIZE, FRAGMENT_WORDS, LIST_EXCERPT_CHARS};
use crate::db::articles;
use crate::db::search as search_index;
use crate::domain::lang::Lang;
use crate::domain::reader::{Piece, SearchData, SearchHit};
use crate::error::AppError;
use crate::server::markup;
use crate::server::seo;
use crate::server::site::Site;
use crate::server::words::{self, Query};
use crate::text::excerpt;

/// Search ranks the newest this many matches (the count shown stops
/// there too), so a query costs the same however common its words are.
pub const SEARCH_CANDIDATES: usize = 1000;

fn marks(pieces: &[Piece]) -> usize {
    pieces.iter().filter(|p| p.marked).count()
}

/// `lang`'s edition's search results for `typed`, page `page`.
pub async fn search(
    site: &Site,
    lang: Lang,
    typed: &str,
    page: u32,
) -> Result<SearchData, AppError> {
    let words_of = lang.words();
    let now = site.now();
    let shortened = typed.chars().count() > words::MAX_QUERY_CHARS;
    let shown: String = typed.chars().take(words::MAX_QUERY_CHARS).collect();
    let shown = shown.trim().to_string();
    let query = Query::parse(&shown);
    let path = if shown.is_empty() {
        lang.path("/search")
    } else {
        lang.path(&format!(
            "/search?q={}",
            crate::text::url::encode_component(&shown)
        ))
    };
    let title = if shown.is_empty() {
        words_of.search_heading.to_string()
    } else {
        format!("{}: {shown}", words_of.search_heading)
    };
    let mut seo = seo::page(
        &site.public_url,
        &title,
        words_of.search_description,
        &path,
        lang,
    );
    seo.noindex = true;
    let mut result = SearchData {
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
        search_index::candidates(db, lang, &query, now, SEARCH_CANDIDATES as i64 + 1).await?;
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
            let body = markup::plain_text(&row.body);
            let fragment = words::fragment(&row.lead, &stems, FRAGMENT_WORDS)
                .into_iter()
                .chain(words::fragment(&body, &stems, FRAGMENT_WORDS))
                // The passage with the most matches; the lead on a tie.
                .reduce(|best, next| {
                    if marks(&next) > marks(&best) {
                        next
                    } else {
                        best
                    }
                })
                .unwrap_or_else(|| {
                    words::highlight(&excerpt(&row.lead, LIST_EXCERPT_CHARS), &stems)
                });
            SearchHit {
                slug: row.slug.clone(),
                title: words::highlight(&row.title, &stems),
                fragment,
                category: category_of(row.category_id, &categories, row.lang),
                lang: row.lang,
                published_at: row.published_at,
            }
        })
        .collect();
    Ok(result)
}
