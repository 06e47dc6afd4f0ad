//! The site's categories, as admins keep them: added, renamed, ordered.

use crate::db::categories;
use crate::db::Db;
use crate::domain::articles::has_control_characters;
use crate::domain::refusal::Refusal;
use crate::domain::workspace::CategoryLine;
use crate::error::AppError;
use crate::server::accounts::User;
use crate::server::permissions::require_admin;
use crate::text::slugify;

pub async fn category_lines(db: &Db, user: &User) -> Result<Vec<CategoryLine>, AppError> {
    require_admin(user)?;
    let counts = categories::article_counts(db).await?;
    Ok(categories::list(db)
        .await?
        .into_iter()
        .map(|c| CategoryLine {
            articles: counts
                .iter()
                .find(|(id, _)| *id == c.id)
                .map_or(0, |(_, n)| *n),
            id: c.id,
            slug: c.slug,
            name: c.name,
            name_kk: c.name_kk,
            slug_kk: c.slug_kk,
        })
        .collect())
}

/// What is wrong with a (trimmed) category name, as a refusal.
fn category_name_problem(name: &str) -> Option<Refusal> {
    if !(1..=60).contains(&name.chars().count()) {
        Some(Refusal::CategoryName)
    } else if has_control_characters(name, false) {
        Some(Refusal::CategoryControl)
    } else {
        None
    }
}

/// Adds a category at the end; its address is the transliterated name.
/// `Ok(Some(refusal))` says what is wrong with the name.
pub async fn add_category(db: &Db, user: &User, name: &str) -> Result<Option<Refusal>, AppError> {
    require_admin(user)?;
    let name = name.trim();
    if let Some(code) = category_name_problem(name) {
        return Ok(Some(code));
    }
    let existing = categories::list(db).await?;
    let slug = slugify(name);
    if slug.is_empty() || existing.iter().any(|c| c.slug == slug || c.name == name) {
        return Ok(Some(Refusal::CategoryTaken));
    }
    let position = existing.iter().map(|c| c.position).max().unwrap_or(0) + 1;
    categories::insert(db, &slug, name, position).await?;
    Ok(None)
}

/// Renames a category; its address stays, so links keep working.
pub async fn rename_category(
    db: &Db,
    user: &User,
    id: i64,
    name: &str,
) -> Result<Option<Refusal>, AppError> {
    require_admin(user)?;
    let name = name.trim();
    if let Some(code) = category_name_problem(name) {
        return Ok(Some(code));
    }
    if !categories::rename(db, id, name).await? {
        return Err(AppError::NotFound);
    }
    Ok(None)
}

/// Names a category in Kazakh: it then appears on Kazakh pages, at
/// `/kk/category/{address}`. The address is made from the first Kazakh
/// name and stays when the name changes, as the Russian one does; an
/// empty name takes the category off Kazakh pages.
pub async fn name_category_in_kazakh(
    db: &Db,
    user: &User,
    id: i64,
    name: &str,
) -> Result<Option<Refusal>, AppError> {
    require_admin(user)?;
    let name = name.trim();
    let all = categories::list(db).await?;
    let category = all.iter().find(|c| c.id == id).ok_or(AppError::NotFound)?;
    if name.is_empty() {
        categories::name_in_kazakh(db, id, "", category.slug_kk.as_deref()).await?;
        return Ok(None);
    }
    if let Some(code) = category_name_problem(name) {
        return Ok(Some(code));
    }
    let slug = match &category.slug_kk {
        Some(kept) => kept.clone(),
        None => slugify(name),
    };
    let taken = all
        .iter()
        .any(|c| c.id != id && (c.slug_kk.as_deref() == Some(&slug) || c.name_kk == name));
    if slug.is_empty() || taken {
        return Ok(Some(Refusal::CategoryTaken));
    }
    categories::name_in_kazakh(db, id, name, Some(&slug)).await?;
    Ok(None)
}

/// Moves a category one place up (`-1`) or down (`1`).
pub async fn move_category(db: &Db, user: &User, id: i64, delta: i64) -> Result<(), AppError> {
    require_admin(user)?;
    let mut ids: Vec<i64> = categories::list(db).await?.iter().map(|c| c.id).collect();
    let from = ids
        .iter()
        .position(|c| *c == id)
        .ok_or(AppError::NotFound)?;
    let to = from as i64 + delta;
    if (0..ids.len() as i64).contains(&to) {
        ids.swap(from, to as usize);
        categories::reorder(db, &ids).await?;
    }
    Ok(())
}
