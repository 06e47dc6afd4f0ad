//! Articles: the readers' lists and pages, lookups, sitemaps, and writing
//! new ones.
//!
//! "Visible to readers" means status 'published' and a publish time not in
//! the future. Every query that a reader page, the ticker, the event
//! stream or a background loop runs is in `db::plans`' list with the index
//! that serves its filter and its order; the plan guard
//! (`server/tests/plans.rs`) fails when one would scan or sort the table.
//! Such a query builds its SQL in one function here, which the list calls
//! too.

mod lists;
mod lookups;
mod page;
mod sitemaps;
mod write;

pub use lists::{
    breaking_since, in_scope, latest, lead, newest_in_categories, sharing_tags, visible_by_ids,
    Keyset, Scope, Slice,
};
pub use lookups::{bodies, by_ids, count, edition_of, holders, id_by_slug};
pub use page::{
    any_by_id, attachments, group_members, in_group, published_by_slug, translations, Attachments,
};
pub use sitemaps::{published_since, sitemap_block, sitemap_blocks};
pub use write::{
    insert, insert_many, set_edition, BulkArticle, Content, NewArticle, TelegramChoice,
};

pub use lists::sql::edition as edition_literal;

/// The SQL of the hot queries, for the plan guard's list (`db::plans`).
pub(super) mod sql {
    pub use super::lists::sql::*;
    pub use super::lookups::{by_ids_sql as by_ids, holders_sql as holders};
    pub use super::page::attachments_sql as attachments;
    pub use super::page::published_by_slug_sql as published_by_slug;
    pub use super::page::translations_sql as translations;
}

use super::{Cursor, Flag};
use crate::domain::lang::Lang;

/// Columns of a list item; kept in one place for every list query.
/// Qualified, since lists join `article_tags` or `article_authors`.
const SUMMARY_COLUMNS: &str =
    "articles.id, articles.lang, articles.slug, articles.title, articles.lead, \
     articles.category_id, articles.author_id, articles.published_at, articles.updated_at, \
     articles.breaking, articles.image_id, articles.image_alt, \
     CAST(CASE WHEN articles.live_started_at IS NOT NULL AND articles.live_ended_at IS NULL \
          THEN 1 ELSE 0 END AS BIGINT) AS live";

#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct SummaryRow {
    pub id: i64,
    #[sqlx(try_from = "String")]
    pub lang: Lang,
    pub slug: String,
    pub title: String,
    pub lead: String,
    pub category_id: i64,
    pub author_id: i64,
    pub published_at: i64,
    pub updated_at: i64,
    #[sqlx(try_from = "Flag")]
    pub breaking: bool,
    pub image_id: Option<i64>,
    pub image_alt: String,
    /// A live story now («Онлайн»).
    #[sqlx(try_from = "Flag")]
    pub live: bool,
}

impl SummaryRow {
    pub fn cursor(&self) -> Cursor {
        Cursor {
            published_at: self.published_at,
            id: self.id,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct ArticleRow {
    pub id: i64,
    #[sqlx(try_from = "String")]
    pub lang: Lang,
    pub translation_group: Option<i64>,
    pub category_id: i64,
    pub author_slug: String,
    pub slug: String,
    pub title: String,
    pub lead: String,
    pub body_html: String,
    pub category_slug: String,
    pub category_name: String,
    pub category_slug_kk: Option<String>,
    pub category_name_kk: String,
    pub author_name: String,
    pub published_at: i64,
    pub updated_at: i64,
    #[sqlx(try_from = "Flag")]
    pub breaking: bool,
    pub image_id: Option<i64>,
    pub image_alt: String,
    pub image_width: Option<i64>,
    pub image_height: Option<i64>,
    pub image_caption: String,
    pub image_credit: String,
    pub credit_line: String,
    pub live_started_at: Option<i64>,
    pub live_ended_at: Option<i64>,
    /// The editors' own search-result title and description (may be empty).
    pub seo_title: String,
    pub seo_description: String,
}

/// A search result's article, with the body to quote from.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct FoundRow {
    pub id: i64,
    #[sqlx(try_from = "String")]
    pub lang: Lang,
    pub slug: String,
    pub title: String,
    pub lead: String,
    pub body: String,
    pub category_id: i64,
    pub published_at: i64,
    pub image_id: Option<i64>,
    pub image_alt: String,
}

/// An article's address and dates, for sitemaps.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct SitemapRow {
    #[sqlx(try_from = "String")]
    pub lang: Lang,
    pub slug: String,
    pub title: String,
    pub published_at: i64,
    pub updated_at: i64,
    /// The slug of its published translation, if it has one.
    pub translation_slug: Option<String>,
}
