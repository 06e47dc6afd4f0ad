//! What readers' pages show, as it travels from the server to the page:
//! lists, the article, search results, the ticker, SEO. Timestamps are
//! Unix seconds (UTC); the text module formats them in Asia/Almaty.

use crate::domain::lang::Lang;
use serde::{Deserialize, Serialize};

/// The ticker's length: 6 items unless asked, at most 50.
pub const TICKER_DEFAULT_LIMIT: u32 = 6;
pub const TICKER_MAX_LIMIT: u32 = 50;
/// The ticker's excerpts, "…" included.
pub const TICKER_EXCERPT_CHARS: usize = 100;

/// A category as a page names and links it; empty (shown without a
/// link) where the page's edition has no name for it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryRef {
    pub slug: String,
    pub name: String,
}

/// An article in a list: the home page, a category page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleSummary {
    pub slug: String,
    pub title: String,
    pub excerpt: String,
    pub category: CategoryRef,
    pub published_at: i64,
    pub breaking: bool,
    pub image: Option<ImageRef>,
}

/// An article's featured image.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImageRef {
    pub url: String,
    pub alt: String,
    /// The stored size, when known (the article page reserves the box).
    pub width: Option<i64>,
    pub height: Option<i64>,
    /// What the picture shows, and whose it is ("Фото: Reuters").
    #[serde(default)]
    pub caption: String,
    #[serde(default)]
    pub credit: String,
}

/// One line of the recent-news ticker.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TickerItem {
    pub slug: String,
    pub title: String,
    /// The lead cut to at most 100 characters at a word boundary.
    pub excerpt: String,
    pub published_at: i64,
    pub breaking: bool,
    /// A live story now: «Онлайн».
    #[serde(default)]
    pub live: bool,
}

/// The ticker with the server's clock, so the browser's first render of
/// "5 минут назад" matches the server's exactly.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ticker {
    pub now: i64,
    pub items: Vec<TickerItem>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HomeSection {
    pub category: CategoryRef,
    pub items: Vec<ArticleSummary>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HomeData {
    pub now: i64,
    pub lead: Option<ArticleSummary>,
    pub latest: Vec<ArticleSummary>,
    pub sections: Vec<HomeSection>,
    /// «Самое читаемое».
    pub most_read: Vec<ArticleSummary>,
    pub seo: Seo,
}

/// What a page tells search engines, feed readers and link previews:
/// built on the server (it knows the public URL), rendered into `<head>`
/// by `components::seo::SeoTags`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Seo {
    /// The page's own title; `<title>` adds the site's name.
    pub title: String,
    pub description: String,
    /// Absolute URL of the page's one address.
    pub canonical: String,
    /// The article's image, or the site's card image.
    pub image: SeoImage,
    /// Set on article pages.
    pub article: Option<SeoArticle>,
    /// This list's own RSS feed (the site's feed is linked on every page).
    pub feed: Option<FeedLink>,
    /// Search results and similar pages that should not be indexed.
    pub noindex: bool,
    /// The page's edition.
    pub lang: Lang,
    /// The same page in the other edition, where it is published: its
    /// absolute URL (`hreflang`, `og:locale:alternate`).
    pub translations: Vec<Translation>,
}

/// A published translation of a page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Translation {
    pub lang: Lang,
    /// Absolute URL.
    pub url: String,
}

/// The `hreflang` set of a page published in `lang` at `url` with
/// `translations` (absolute URLs): every language, itself included, by
/// code, then `x-default` on the Russian one. Google asks for the whole
/// set on each member, so every member lists the same links. Empty when
/// the page has no published translation. The page's `<head>` and the
/// sitemaps both write it from here.
pub fn hreflang_set(
    lang: Lang,
    url: &str,
    translations: &[Translation],
) -> Vec<(&'static str, String)> {
    if translations.is_empty() {
        return Vec::new();
    }
    let mut all: Vec<(Lang, &str)> = translations
        .iter()
        .map(|t| (t.lang, t.url.as_str()))
        .collect();
    all.push((lang, url));
    all.sort_by_key(|(lang, _)| lang.code());
    let x_default = all
        .iter()
        .find(|(lang, _)| *lang == Lang::Ru)
        .map(|(_, url)| ("x-default", url.to_string()));
    all.into_iter()
        .map(|(lang, url)| (lang.code(), url.to_string()))
        .chain(x_default)
        .collect()
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeoImage {
    /// Absolute URL.
    pub url: String,
    pub width: i64,
    pub height: i64,
    pub alt: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeoArticle {
    /// ISO 8601 with the Almaty offset.
    pub published_time: String,
    pub modified_time: String,
    pub section: String,
    /// Absolute URLs of the authors' pages, in byline order.
    pub author_urls: Vec<String>,
    pub tags: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedLink {
    pub title: String,
    /// Site-relative path.
    pub href: String,
}

/// A link to an author's or a tag's page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NamedLink {
    pub name: String,
    pub href: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleData {
    pub slug: String,
    pub title: String,
    pub lead: String,
    /// Sanitised HTML rendered from the editor's markup when it was saved.
    pub body_html: String,
    pub category: CategoryRef,
    pub published_at: i64,
    /// Set when the article was edited after it was published.
    pub updated_at: Option<i64>,
    pub breaking: bool,
    pub image: Option<ImageRef>,
    /// Absolute URL, for sharing and the canonical link.
    pub url: String,
    /// The lead, shortened (meta description).
    pub description: String,
    /// The byline, in order.
    pub authors: Vec<NamedLink>,
    /// Free text under the byline: "Фото: …".
    pub credit_line: String,
    /// Correction notes, oldest first.
    pub corrections: Vec<CorrectionNote>,
    pub tags: Vec<NamedLink>,
    /// Same tags or category, newest first.
    pub related: Vec<ArticleSummary>,
    /// «Самое читаемое» (without this article).
    pub most_read: Vec<ArticleSummary>,
    /// Reads are counted by a beacon from the page (behind a CDN), not
    /// by the server.
    pub view_beacon: bool,
    pub seo: Seo,
    /// The `NewsArticle` JSON-LD, ready for a `<script>` element.
    pub json_ld: String,
    /// The server's clock (for "5 минут назад" in the related list).
    pub now: i64,
    /// A live story's coverage: its updates, pinned first, then newest.
    #[serde(default)]
    pub live: Option<crate::domain::live::LiveCoverage>,
    /// Its published translation's path, where the header's language
    /// switch leads.
    #[serde(default)]
    pub translation_path: Option<String>,
}

/// «Исправление, 24 ноября: …».
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CorrectionNote {
    pub at: i64,
    pub note: String,
}

/// The `/corrections` page: recent corrections, newest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CorrectionsData {
    pub now: i64,
    pub seo: Seo,
    pub items: Vec<CorrectedArticle>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CorrectedArticle {
    pub title: String,
    pub href: String,
    pub at: i64,
    pub note: String,
}

/// A list page: a category, an author or a tag.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListData {
    pub now: i64,
    pub heading: ListHeading,
    pub page: u32,
    pub seo: Seo,
    pub items: Vec<ArticleSummary>,
    /// Link to the newer page, if any (carries a keyset cursor).
    pub newer: Option<String>,
    /// Link to the older page, if any (carries a keyset cursor).
    pub older: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ListHeading {
    Category(CategoryRef),
    Author {
        name: String,
        bio: String,
        /// The author's photo, when they have one.
        photo: Option<ImageRef>,
    },
    Tag(String),
}

/// A piece of highlighted text: search results mark the matched words.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Piece {
    pub text: String,
    pub marked: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchHit {
    pub slug: String,
    pub title: Vec<Piece>,
    pub fragment: Vec<Piece>,
    pub category: CategoryRef,
    pub published_at: i64,
    /// The article's edition (search covers both so far).
    pub lang: Lang,
}

/// How search results are ordered: `?order=relevance` or the default.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum SearchOrder {
    /// Newest published first.
    #[default]
    Newest,
    /// Headline matches first, then lead, then anywhere; newest first
    /// within each.
    Relevance,
}

impl SearchOrder {
    /// The `order` parameter's value (`None` for the default).
    pub fn param(self) -> Option<&'static str> {
        match self {
            SearchOrder::Newest => None,
            SearchOrder::Relevance => Some("relevance"),
        }
    }
}

/// A query searched in place of the typed one, which found nothing or
/// far less.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchCorrection {
    /// What was searched instead.
    pub searched: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchData {
    pub now: i64,
    /// As typed (cut to the longest query searched).
    pub query: String,
    /// The query was longer and was cut.
    pub shortened: bool,
    pub order: SearchOrder,
    /// The typed query was corrected (a typo); `query` stays as typed.
    pub correction: Option<SearchCorrection>,
    /// `?exact=1`: the query as typed, never corrected.
    pub exact: bool,
    pub hits: Vec<SearchHit>,
    /// Set on a page after «Показать ещё» (a cursor was given).
    pub continued: bool,
    /// The cursor of the next page, when there are more results.
    pub next: Option<String>,
    pub seo: Seo,
}
