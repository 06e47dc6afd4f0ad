//! The editors' list of articles: filtered, searched by title, paged.
//! Authors see only their own.

use super::choices;
use crate::db::editorial::{self, ListFilter};
use crate::db::{authors, categories, Db};
use crate::domain::articles::Status;
use crate::domain::workspace::{ArticleFilter, ArticleLine, ArticleList, Choice};
use crate::error::AppError;
use crate::server::accounts::User;
use crate::server::permissions::can_publish;

/// Lines on a page of the editors' list.
pub const LIST_PAGE_SIZE: i64 = 30;

/// Case variants of a title search for LIKE (SQLite folds only ASCII case):
/// as typed, lower case, and with a capital first letter.
fn title_patterns(query: &str) -> Vec<String> {
    // Control characters are in no title (the form refuses them), and
    // PostgreSQL refuses a NUL in any text it is sent.
    let query: String = query
        .trim()
        .chars()
        .filter(|c| !c.is_control())
        .take(100)
        .collect();
    if query.is_empty() {
        return Vec::new();
    }
    let escape = |s: &str| {
        let escaped = s
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        format!("%{escaped}%")
    };
    let lower = query.to_lowercase();
    let mut chars = lower.chars();
    let capital: String = chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default();
    let mut patterns = vec![escape(&query), escape(&lower), escape(&capital)];
    patterns.sort();
    patterns.dedup();
    patterns
}

/// The editors' list. Authors see only their own articles.
pub async fn list_articles(
    db: &Db,
    user: &User,
    filter: &ArticleFilter,
    page: u32,
    now: i64,
) -> Result<ArticleList, AppError> {
    let categories = categories::list(db).await?;
    let authors = authors::list(db).await?;
    let author_id = if can_publish(user) {
        filter.author.parse::<i64>().ok()
    } else {
        Some(user.author_id)
    };
    let list_filter = ListFilter {
        status: Status::parse(&filter.status),
        category_id: categories
            .iter()
            .find(|c| c.slug == filter.category)
            .map(|c| c.id),
        author_id,
        title_patterns: title_patterns(&filter.q),
    };
    let page = page.max(1);
    let offset = i64::from(page - 1) * LIST_PAGE_SIZE;
    let (rows, total) = editorial::list(db, &list_filter, LIST_PAGE_SIZE, offset).await?;
    let name_of = |id: i64| {
        authors
            .iter()
            .find(|a| a.id == id)
            .map(|a| a.name.clone())
            .unwrap_or_default()
    };
    let mut editing = crate::server::presence::editing_listed(db, user, now).await?;
    let items = rows
        .into_iter()
        .map(|row| ArticleLine {
            editing: editing.remove(&row.id).unwrap_or_default(),
            id: row.id,
            lang: row.lang,
            title: row.title,
            slug: row.slug,
            status: row.status,
            category: categories
                .iter()
                .find(|c| c.id == row.category_id)
                .map(|c| c.name.clone())
                .unwrap_or_default(),
            author: name_of(row.author_id),
            published_at: row.published_at,
            updated_at: row.updated_at,
        })
        .collect();
    Ok(ArticleList {
        user: user.view(),
        now,
        filter: filter.clone(),
        items,
        total,
        page,
        pages: ((total + LIST_PAGE_SIZE - 1) / LIST_PAGE_SIZE).max(1) as u32,
        categories: choices(&categories),
        authors: if can_publish(user) {
            authors
                .iter()
                .map(|a| Choice {
                    value: a.id.to_string(),
                    label: a.name.clone(),
                })
                .collect()
        } else {
            Vec::new()
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_search_covers_cyrillic_case() {
        let patterns = title_patterns("  выборы ");
        assert!(patterns.contains(&"%выборы%".to_string()));
        assert!(patterns.contains(&"%Выборы%".to_string()));
        assert_eq!(title_patterns("   "), Vec::<String>::new());
        assert_eq!(title_patterns("100%_"), vec!["%100\\%\\_%".to_string()]);
        assert_eq!(
            title_patterns("a\u{0}b"),
            vec!["%Ab%".to_string(), "%ab%".to_string()]
        );
    }
}
