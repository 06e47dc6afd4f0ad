//! Articles in the newsroom: the form, saving, status changes, the
//! editors' list, previews, revisions, and the one path by which a new
//! article is written ([`store`]).
//!
//! Every function takes the signed-in [`User`] and asks
//! [`permissions`](crate::server::permissions) before it acts; server
//! functions (JavaScript on) and the plain form handlers (JavaScript off)
//! both call these, so the rules cannot drift apart.
//!
//! [`User`]: crate::server::accounts::User

pub mod corrections;
pub mod deliveries;
pub mod drafts;
pub mod form;
pub mod listing;
pub mod preview;
pub mod revisions;
pub mod save;
pub mod stash;
pub mod status;
pub mod store;

use crate::db::categories::Category;
use crate::db::editorial::{self, EditorRow};
use crate::db::Db;
use crate::domain::workspace::Choice;
use crate::error::AppError;

/// An article as the workspace sees it, or 404.
pub(crate) async fn load(db: &Db, id: i64) -> Result<EditorRow, AppError> {
    editorial::by_id(db, id).await?.ok_or(AppError::NotFound)
}

/// The categories as the form's and the list's choices.
fn choices(categories: &[Category]) -> Vec<Choice> {
    categories
        .iter()
        .map(|c| Choice {
            value: c.slug.clone(),
            label: c.name.clone(),
        })
        .collect()
}
