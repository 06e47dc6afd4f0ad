//! Status changes that are not a form save: unpublish, trash, restore
//! from the trash, delete for good; and a published story's live coverage
//! starting and ending, and its breaking-news bar coming down.

use super::load;
use super::store::{self, Content, Edit};
use crate::db::editorial;
use crate::db::{authors, live, tags, Db};
use crate::domain::articles::Status;
use crate::domain::refusal::Refusal;
use crate::error::AppError;
use crate::server::accounts::User;
use crate::server::permissions::{can_edit, can_publish, can_view, require, require_admin};

/// Status changes that are not a form save.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// Back to draft: readers no longer see it.
    Unpublish,
    Trash,
    /// From the trash, as a draft.
    Restore,
    /// For good; admins only, and only from the trash.
    Delete,
    /// Live coverage begins (editors; published articles only).
    LiveStart,
    /// «Трансляция завершена».
    LiveEnd,
    /// The breaking-news bar comes down now.
    TakeDownBreaking,
}

impl Action {
    pub fn parse(text: &str) -> Option<Action> {
        match text {
            "unpublish" => Some(Action::Unpublish),
            "trash" => Some(Action::Trash),
            "restore" => Some(Action::Restore),
            "delete" => Some(Action::Delete),
            "live-start" => Some(Action::LiveStart),
            "live-end" => Some(Action::LiveEnd),
            "unbreak" => Some(Action::TakeDownBreaking),
            _ => None,
        }
    }
}

/// Applies `action` to article `id`.
pub async fn article_action(
    db: &Db,
    user: &User,
    id: i64,
    action: Action,
    now: i64,
) -> Result<(), AppError> {
    let row = load(db, id).await?;
    let new_status = match action {
        Action::LiveStart | Action::LiveEnd | Action::TakeDownBreaking => {
            require(can_publish(user))?;
            if row.status != Status::Published {
                return Err(Refusal::LiveNotPublished.into());
            }
            match action {
                Action::LiveStart => live::start(db, id, now).await?,
                Action::LiveEnd => live::end(db, id, now).await?,
                _ => live::take_down_breaking(db, id, now).await?,
            };
            return Ok(());
        }
        Action::Delete => {
            require_admin(user)?;
            if row.status != Status::Trashed {
                return Err(Refusal::DeleteOnlyTrashed.into());
            }
            editorial::delete_trashed(db, id).await?;
            return Ok(());
        }
        Action::Unpublish => {
            require(can_publish(user))?;
            if !row.status.is_public() {
                return Err(Refusal::NotPublished.into());
            }
            Status::Draft
        }
        Action::Trash => {
            require(can_edit(user, &row))?;
            Status::Trashed
        }
        Action::Restore => {
            if row.status != Status::Trashed {
                return Err(Refusal::NotTrashed.into());
            }
            require(can_view(user, &row))?;
            Status::Draft
        }
    };
    // A status change applies to whatever version is current: after a race
    // with a save it is made once more, on top of that save.
    let mut row = row;
    for _attempt in 0..2 {
        let tags = tags::names(&mut *db.conn().await?, id).await?;
        let coauthors = authors::coauthor_ids(&mut *db.conn().await?, id).await?;
        let content = Content {
            status: new_status,
            ..row.content(&tags, &coauthors)
        };
        let slug = Some(row.slug.as_str());
        if store::update(db, id, row.version, &content, slug, Edit::by(user.id, now))
            .await?
            .is_some()
        {
            return Ok(());
        }
        row = load(db, id).await?;
    }
    Err(Refusal::ChangedMeanwhile.into())
}
