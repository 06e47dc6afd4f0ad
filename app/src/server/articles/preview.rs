//! An article as a reader will see it, whatever its status, for its
//! author and the editors.

use super::load;
use crate::db::{articles, Db};
use crate::domain::reader::ArticleData;
use crate::error::AppError;
use crate::server::accounts::User;
use crate::server::permissions::{can_view, require};
use crate::server::reader::{assemble, attached, Shown};

/// The article as a reader will see it, whatever its status.
pub async fn preview(
    db: &Db,
    user: &User,
    id: i64,
    public_url: &str,
    now: i64,
) -> Result<ArticleData, AppError> {
    let row = load(db, id).await?;
    require(can_view(user, &row))?;
    let page = articles::any_by_id(db, id, now)
        .await?
        .ok_or(AppError::NotFound)?;
    let attached = attached(db, &page).await?;
    Ok(assemble(page, attached, public_url, now, Shown::InPreview))
}
