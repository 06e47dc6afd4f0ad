//! An expired session loses nothing, even without JavaScript: an article
//! form posted after its session ended is kept on the server side of the
//! sign-in for at most [`STASH_KEEPS_SECONDS`] and [`STASH_MAX_BYTES`],
//! under a random token that travels only in the sign-in redirect (the
//! database keeps its SHA-256). Signing in again opens the form with it.
//!
//! Whoever posts may be signed out, so the stash is bounded as a whole
//! too ([`STASH_TOTAL_MAX_BYTES`]); a post beyond any limit is not kept
//! and the sign-in page says so. With JavaScript the form keeps its text
//! in the browser instead (`pages/admin/autosave.rs`).

use super::load;
use crate::db::{stash, Db};
use crate::domain::articles::ArticleForm;
use crate::error::AppError;
use crate::server::accounts::sessions::{hash_token, new_token};
use crate::server::accounts::User;
use crate::server::permissions::can_edit;

pub const STASH_MAX_BYTES: usize = 2 * 1024 * 1024;
pub const STASH_KEEPS_SECONDS: i64 = 24 * 3600;
/// Every stash together: 32 of the largest.
pub const STASH_TOTAL_MAX_BYTES: i64 = 64 * 1024 * 1024;

/// Keeps `form`; the token that finds it again, or None when it is over
/// the limits.
pub async fn keep(db: &Db, form: &ArticleForm, now: i64) -> Result<Option<String>, AppError> {
    let json = serde_json::to_string(form).map_err(|_| AppError::Internal)?;
    if json.len() > STASH_MAX_BYTES {
        return Ok(None);
    }
    let kept = stash::sweep(db, now - STASH_KEEPS_SECONDS).await?;
    if kept + json.len() as i64 > STASH_TOTAL_MAX_BYTES {
        tracing::warn!(kept, "form stash full: a signed-out post was not kept");
        return Ok(None);
    }
    let token = new_token();
    stash::put(db, &hash_token(&token), form.id, &json, now).await?;
    Ok(Some(token))
}

/// Whether `token` could be one of ours (64 hex digits): anything else
/// is not looked up.
fn well_formed(token: &str) -> bool {
    token.len() == 64 && token.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The form kept under `token`, for `user`: only while it keeps, and for
/// an existing article only if `user` may edit it.
pub async fn find(
    db: &Db,
    user: &User,
    token: &str,
    now: i64,
) -> Result<Option<ArticleForm>, AppError> {
    if !well_formed(token) {
        return Ok(None);
    }
    let Some(row) = stash::get(db, &hash_token(token), now - STASH_KEEPS_SECONDS).await? else {
        return Ok(None);
    };
    let Ok(mut form) = serde_json::from_str::<ArticleForm>(&row.form) else {
        return Ok(None);
    };
    form.id = row.article_id;
    if let Some(id) = row.article_id {
        let article = load(db, id).await?;
        if !can_edit(user, &article) {
            return Ok(None);
        }
    }
    Ok(Some(form))
}

/// Drops the stash once its form is saved.
pub async fn forget(db: &Db, token: &str) -> Result<(), AppError> {
    if well_formed(token) {
        stash::delete(db, &hash_token(token)).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::well_formed;

    #[test]
    fn only_tokens_of_our_shape_are_looked_up() {
        assert!(well_formed(&"ab".repeat(32)));
        assert!(!well_formed("ab"));
        assert!(!well_formed(&"zz".repeat(32)));
        assert!(!well_formed(&format!("{}'", "a".repeat(63))));
    }
}
