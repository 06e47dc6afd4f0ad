//! What the article's page says about its Telegram deliveries, and
//! «Повторить» for a failed one (docs/reach.md).

use super::load;
use crate::db::{outbox, Db};
use crate::error::AppError;
use crate::server::accounts::User;
use crate::server::permissions::{can_edit, can_publish, require};

/// «Повторить»: failed delivery `delivery` of article `id` goes out
/// again. Editors and admins only (they publish). `NotFound` when there
/// is no such failed delivery (sent meanwhile, or another article's).
pub async fn retry_delivery(
    db: &Db,
    user: &User,
    id: i64,
    delivery: i64,
    now: i64,
) -> Result<(), AppError> {
    let row = load(db, id).await?;
    require(can_edit(user, &row) && can_publish(user))?;
    if outbox::retry(db, id, delivery, now).await? {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}
