//! Search results: a page of the newest matches (or the most relevant
//! first), with the passage that holds the most of the searched words,
//! and a correction when the typed word looks like a typo.

use super::{category_of, FRAGMENT_WORDS, LIST_EXCERPT_CHARS};
use crate::db::articles;
use crate::db::search::{self as search_index, Cursor, Order, Tier, PAGE};
use crate::domain::lang::Lang;
use crate::domain::reader::{Piece, SearchCorrection, SearchData, SearchHit, SearchOrder};
use crate::error::AppError;
use crate::server::markup;
use crate::server::seo;
use crate::server::site::Site;
use crate::server::words::{self, Query};
use crate::text::excerpt;

fn marks(pieces: &[Piece]) -> usize {
    pieces.iter().filter(|p| p.marked).count()
}

/// What a reader asked for besides the words.
#[derive(Clone, Debug, Default)]
pub struct SearchRequest {
    pub order: SearchOrder,
    /// `after`: where «Показать ещё» goes on from.
    pub after: Option<String>,
    /// `exact=1`: search the words as typed, never a correction.
    pub exact: bool,
}

/// Reads the `after` parameter: an order key, with its tier before a dot
/// in relevance order ("2.28147...").
pub fn parse_cursor(text: &str, order: SearchOrder) -> Option<Cursor> {
    let plain_number = |t: &str| {
        (!t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()))
            .then(|| t.parse::<i64>().ok())
            .flatten()
    };
    match order {
        SearchOrder::Newest => Some(Cursor {
            tier: Tier::All,
            key: plain_number(text)?,
        }),
        SearchOrder::Relevance => {
            let (tier, key) = text.split_once('.')?;
            Some(Cursor {
                tier: Tier::from_number(plain_number(tier)?)?,
                key: plain_number(key)?,
            })
        }
    }
}

fn cursor_text(cursor: Cursor, order: SearchOrder) -> String {
    match order {
        SearchOrder::Newest => cursor.key.to_string(),
        SearchOrder::Relevance => format!("{}.{}", cursor.tier as i64, cursor.key),
    }
}

/// A typed word is corrected only when the vocabulary has it in fewer
/// articles than this (the common case costs one lookup).
const CORRECT_BELOW_DOCS: i64 = 100;

/// `query` with its first typo corrected, and the corrected words; `None`
/// when no word needs it. A word is corrected when the vocabulary has a
/// word within one edit (two from 9 letters) found in at least ten times
/// as many articles (see [`words::pick_correction`]).
async fn corrected(
    site: &Site,
    lang: Lang,
    query: &Query,
    now: i64,
) -> Result<Option<Query>, AppError> {
    let db = &site.db;
    for (i, term) in query.terms.iter().enumerate() {
        if !term.is_word() {
            continue;
        }
        let stem = words::stem_in(&term.typed, lang);
        if stem.chars().count() < words::MIN_CORRECTED_CHARS
            || search_index::term_docs(db, &stem).await? >= CORRECT_BELOW_DOCS
        {
            continue;
        }
        let alone = Query {
            terms: vec![term.clone()],
        };
        let typed_docs =
            search_index::count_up_to(db, lang, &alone, now, CORRECT_BELOW_DOCS).await?;
        let candidates = search_index::similar_terms(db, &stem).await?;
        let Some(better) = words::pick_correction(&stem, typed_docs, &candidates) else {
            continue;
        };
        if let Some(word) = words::respelled(&term.typed, &stem, &better) {
            return Ok(Some(query.with_word(i, &word)));
        }
    }
    Ok(None)
}

/// `lang`'s edition's search results for `typed`.
pub async fn search(
    site: &Site,
    lang: Lang,
    typed: &str,
    request: SearchRequest,
) -> Result<SearchData, AppError> {
    let words_of = lang.words();
    let now = site.now();
    let shortened = typed.chars().count() > words::MAX_QUERY_CHARS;
    let shown: String = typed.chars().take(words::MAX_QUERY_CHARS).collect();
    let shown = shown.trim().to_string();
    let mut query = Query::parse(&shown);
    let after = match &request.after {
        None => None,
        Some(text) => Some(parse_cursor(text, request.order).ok_or(AppError::NotFound)?),
    };
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
        order: request.order,
        correction: None,
        exact: request.exact,
        hits: Vec::new(),
        continued: after.is_some(),
        next: None,
        seo,
    };
    if query.is_empty() {
        return if after.is_none() {
            Ok(result)
        } else {
            Err(AppError::NotFound)
        };
    }
    let db = &site.db;
    // A typo is looked for on the first page only: «Показать ещё» goes on
    // with the corrected words.
    if after.is_none() && !request.exact {
        if let Some(better) = corrected(site, lang, &query, now).await? {
            result.correction = Some(SearchCorrection {
                searched: better.typed(),
            });
            query = better;
        }
    }
    let order = match request.order {
        SearchOrder::Newest => Order::Newest,
        SearchOrder::Relevance => Order::Relevance,
    };
    let mut found = search_index::find(db, lang, &query, now, order, after, PAGE + 1).await?;
    if found.len() > PAGE {
        found.truncate(PAGE);
        result.next = found
            .last()
            .map(|hit| cursor_text(hit.cursor, request.order));
    }
    let ids: Vec<i64> = found.iter().map(|hit| hit.id).collect();
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
