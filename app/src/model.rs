//! Types that travel between the server and the browser. Timestamps are Unix
//! seconds (UTC); the text module formats them in Asia/Almaty.

use crate::editing::{ArticleForm, Conflict, FieldErrors, Role, Status};
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
    pub image: Option<ImageRef>,
}

/// An article's featured image.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImageRef {
    pub url: String,
    pub alt: String,
    /// The stored size, when known (the article page reserves the box).
    pub width: Option<i64>,
    pub height: Option<i64>,
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
    /// Absolute URL of the author's page.
    pub author_url: String,
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
    pub image: Option<ImageRef>,
    /// Absolute URL, for sharing and the canonical link.
    pub url: String,
    /// The lead, shortened (meta description).
    pub description: String,
    pub author: NamedLink,
    pub tags: Vec<NamedLink>,
    /// Same tags or category, newest first.
    pub related: Vec<ArticleSummary>,
    pub seo: Seo,
    /// The `NewsArticle` JSON-LD, ready for a `<script>` element.
    pub json_ld: String,
    /// The server's clock (for "5 минут назад" in the related list).
    pub now: i64,
}

/// A list page: a category, an author or a tag.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListPage {
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
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchPage {
    pub now: i64,
    /// As typed (cut to the longest query searched).
    pub query: String,
    /// The query was longer and was cut.
    pub shortened: bool,
    pub hits: Vec<SearchHit>,
    /// Matches found, at most `more_than`.
    pub total: usize,
    /// Set when there are more matches than were counted.
    pub more_than: bool,
    pub page: u32,
    pub pages: u32,
    pub seo: Seo,
}

// ---- The editors' workspace ----

/// The signed-in user, as the interface shows them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub name: String,
    pub login: String,
    pub role: Role,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub value: String,
    pub label: String,
}

/// A line of the editors' article list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleLine {
    pub id: i64,
    pub title: String,
    pub slug: String,
    pub status: Status,
    pub category: String,
    pub author: String,
    pub published_at: Option<i64>,
    pub updated_at: i64,
}

/// The list's filters as typed in the query string.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleFilter {
    pub status: String,
    pub category: String,
    pub author: String,
    pub q: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleList {
    pub user: CurrentUser,
    pub now: i64,
    pub filter: ArticleFilter,
    pub items: Vec<ArticleLine>,
    pub total: i64,
    pub page: u32,
    pub pages: u32,
    pub categories: Vec<Choice>,
    /// Empty for authors (they see only their own articles).
    pub authors: Vec<Choice>,
}

/// Everything the article form shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleEditor {
    pub user: CurrentUser,
    pub form: ArticleForm,
    pub errors: FieldErrors,
    pub conflict: Option<Conflict>,
    /// A line above the form ("Сохранено", "Восстановлено из корзины"…).
    pub notice: Option<String>,
    /// The stored status (None for a new article).
    pub stored_status: Option<Status>,
    pub categories: Vec<Choice>,
    pub statuses: Vec<Choice>,
    pub image_url: Option<String>,
    /// The reader's address, once the article is public.
    pub public_url: Option<String>,
    pub updated_at: Option<i64>,
    pub updated_by: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevisionLine {
    pub id: i64,
    pub version: i64,
    pub title: String,
    pub saved_at: i64,
    pub saved_by: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevisionList {
    pub article_id: i64,
    pub title: String,
    pub version: i64,
    pub items: Vec<RevisionLine>,
}

/// One line of a comparison: ' ' same, '-' only in the old version, '+'
/// only in the current one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiffLine {
    pub kind: char,
    pub text: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevisionCompare {
    pub article_id: i64,
    pub revision: RevisionLine,
    /// The article's current version (restoring names it).
    pub version: i64,
    pub lines: Vec<DiffLine>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryLine {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub articles: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserLine {
    pub login: String,
    pub name: String,
    pub role: Role,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoriesPage {
    pub user: CurrentUser,
    pub items: Vec<CategoryLine>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UsersPage {
    pub user: CurrentUser,
    pub items: Vec<UserLine>,
    pub roles: Vec<Choice>,
}

/// A stored upload, as the upload endpoint answers it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UploadedImage {
    pub id: i64,
    pub url: String,
    pub width: i64,
    pub height: i64,
}
