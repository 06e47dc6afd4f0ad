//! Who may do what: every permission Qalam decides, decided here.
//!
//! A role's powers in general ([`Role::can_publish`], [`Role::is_admin`])
//! are part of the shared vocabulary, because the browser shows or hides
//! buttons by them. Whether *this* user may act on *this* article is
//! decided only here, on the server, by the functions below; every
//! server function and plain form handler goes through them.
//!
//! [`Role::can_publish`]: crate::domain::accounts::Role::can_publish
//! [`Role::is_admin`]: crate::domain::accounts::Role::is_admin

use crate::db::editorial::EditorRow;
use crate::domain::articles::Status;
use crate::error::AppError;
use crate::server::accounts::User;

/// Editors and admins see every article in the workspace; authors see
/// their own (in any status: their drafts, their published work).
pub fn can_view(user: &User, article: &EditorRow) -> bool {
    user.role.can_publish() || article.author_id == user.author_id
}

/// Editors and admins change any article; authors change their own while
/// it is a draft or in review (published work is the editors' to change).
pub fn can_edit(user: &User, article: &EditorRow) -> bool {
    user.role.can_publish()
        || (article.author_id == user.author_id
            && matches!(article.status, Status::Draft | Status::Review))
}

/// Publishing, scheduling, unpublishing, and seeing everyone's articles.
pub fn can_publish(user: &User) -> bool {
    user.role.can_publish()
}

/// Updates of a live story: editors and admins, and the story's own
/// author (whose published article is otherwise the editors' to change).
pub fn can_post_updates(user: &User, article: &EditorRow) -> bool {
    user.role.can_publish() || article.author_id == user.author_id
}

/// Static pages ("О редакции"): editors and admins.
pub fn can_edit_pages(user: &User) -> bool {
    user.role.can_publish()
}

/// Whether `user` may give an article `status` from the form.
pub fn can_choose(user: &User, status: Status) -> bool {
    Status::choosable(user.role).contains(&status)
}

/// Users, categories and deleting for good.
pub fn require_admin(user: &User) -> Result<(), AppError> {
    require(user.role.is_admin())
}

/// `Forbidden` unless `allowed`: `require(can_edit(&user, &row))?`.
pub fn require(allowed: bool) -> Result<(), AppError> {
    if allowed {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::accounts::Role;

    fn row(status: Status, author_id: i64) -> EditorRow {
        EditorRow::sample(status, author_id, None)
    }

    fn author() -> User {
        User {
            id: 5,
            login: "a".into(),
            name: "A".into(),
            role: Role::Author,
            author_id: 1,
        }
    }

    #[test]
    fn authors_edit_only_their_own_unpublished_work() {
        let author = author();
        assert!(can_edit(&author, &row(Status::Draft, 1)));
        assert!(can_edit(&author, &row(Status::Review, 1)));
        assert!(!can_edit(&author, &row(Status::Published, 1)));
        let others = row(Status::Draft, 2);
        assert!(!can_edit(&author, &others));
        let editor = User {
            role: Role::Editor,
            ..author.clone()
        };
        assert!(can_edit(&editor, &others));
        assert_eq!(
            require(can_edit(&author, &others)),
            Err(AppError::Forbidden)
        );
    }

    #[test]
    fn authors_see_their_own_work_in_any_status() {
        let author = author();
        assert!(can_view(&author, &row(Status::Published, 1)));
        assert!(!can_view(&author, &row(Status::Draft, 2)));
        assert!(!can_publish(&author));
        assert!(!can_choose(&author, Status::Scheduled));
        assert!(can_choose(&author, Status::Review));
        assert_eq!(require_admin(&author), Err(AppError::Forbidden));
        let admin = User {
            role: Role::Admin,
            ..author
        };
        assert!(require_admin(&admin).is_ok() && can_view(&admin, &row(Status::Draft, 2)));
    }
}
