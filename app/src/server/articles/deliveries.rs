//! What the article's page says about its deliveries, «Повторить» for a
//! failed one, and the breaking push editors send (docs/reach.md).

use super::load;
use crate::db::{outbox, Db};
use crate::domain::articles::Status;
use crate::domain::notifications::{delivery_target, Topic};
use crate::domain::refusal::Refusal;
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

/// «Отправить уведомление»: published article `id` goes to every browser
/// following its edition's breaking news, ahead of the queue. Editors and
/// admins only, after the page showed them how many it reaches. `false`:
/// it went (or is going) already, and nothing more is sent.
pub async fn send_breaking_push(db: &Db, user: &User, id: i64, now: i64) -> Result<bool, AppError> {
    let row = load(db, id).await?;
    require(can_publish(user))?;
    let visible = row.status == Status::Published && row.published_at.is_some_and(|at| at <= now);
    if !visible {
        return Err(Refusal::UnknownAction.into());
    }
    let mut tx = db.begin().await?;
    let target = delivery_target(Topic::Breaking(row.lang), None);
    let queued = outbox::push(&mut tx, id, &target, true, now).await?;
    tx.commit().await?;
    Ok(queued)
}
