//! Types that travel between the server and the browser. Timestamps are Unix
//! seconds (UTC); the text module formats them in Asia/Almaty.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
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
pub struct HomePage {
    pub now: i64,
    pub lead: Option<ArticleSummary>,
    pub latest: Vec<ArticleSummary>,
    pub sections: Vec<HomeSection>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticlePage {
    pub slug: String,
    pub title: String,
    pub lead: String,
    /// Sanitised HTML rendered from the editor's markup when it was saved.
    pub body_html: String,
    pub category: CategoryRef,
    pub author_name: String,
    pub published_at: i64,
    /// Set when the article was edited after it was published.
    pub updated_at: Option<i64>,
    pub breaking: bool,
    /// Absolute URL, for sharing and the canonical link.
    pub url: String,
    /// For `<meta name="description">`: the lead, shortened.
    pub description: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryPage {
    pub now: i64,
    pub category: CategoryRef,
    pub page: u32,
    pub items: Vec<ArticleSummary>,
    /// Link to the newer page, if any (carries a keyset cursor).
    pub newer: Option<String>,
    /// Link to the older page, if any (carries a keyset cursor).
    pub older: Option<String>,
}
