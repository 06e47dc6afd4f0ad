//! Who else has an article open, WordPress's post lock done for a
//! newsroom: the form says «Әлия Сейітова редактирует эту статью (с
//! 14:02)», the list says it too, opening an article someone is editing
//! warns first, and anyone who may edit it may take it over (the other
//! editor is told within seconds).
//!
//! One row per open form (`article_presence`), written when the form
//! page is rendered and kept alive by the tab's workspace stream
//! (`server/src/presence.rs`, never the readers' `/events`). Nodes share
//! nothing but the table, so it works behind a balancer as live coverage
//! does. A tab closed cleanly leaves at once; one that vanished (a crash,
//! a dropped network) stops being counted [`EXPIRES_SECONDS`] after it
//! was last seen. The version check on save stays the last guard.

use crate::db::presence::{self, PresenceRow};
use crate::db::Db;
use crate::domain::workspace::{Editing, PresenceNews};
use crate::error::AppError;
use crate::server::accounts::sessions::new_token;
use crate::server::accounts::User;
use crate::server::articles::load;
use crate::server::permissions::{can_edit, can_view, require};
use std::collections::HashMap;

/// A form not seen for this long is no longer open.
pub const EXPIRES_SECONDS: i64 = 60;
/// How often an open tab's stream says it is still open: well inside
/// [`EXPIRES_SECONDS`], so one late heartbeat loses nothing.
pub const HEARTBEAT_SECONDS: i64 = 20;

/// Other editors' open forms among `rows`, one line per editor (their
/// earliest), oldest first; taken-over tabs do not count.
fn others(rows: &[PresenceRow], viewer: i64) -> Vec<Editing> {
    let mut seen: Vec<Editing> = Vec::new();
    let mut ids: Vec<i64> = Vec::new();
    for row in rows {
        if row.user_id == viewer || row.taken_by.is_some() || ids.contains(&row.user_id) {
            continue;
        }
        ids.push(row.user_id);
        seen.push(Editing {
            name: row.name.clone(),
            since: row.since,
        });
    }
    seen
}

/// Who else has `article` open, as `viewer` sees it.
pub async fn editing(
    db: &Db,
    article: i64,
    viewer: &User,
    now: i64,
) -> Result<Vec<Editing>, AppError> {
    let rows = presence::of_article(db, article, now - EXPIRES_SECONDS).await?;
    Ok(others(&rows, viewer.id))
}

/// Who else has each listed article open.
pub async fn editing_listed(
    db: &Db,
    viewer: &User,
    now: i64,
) -> Result<HashMap<i64, Vec<Editing>>, AppError> {
    let rows = presence::seen_since(db, now - EXPIRES_SECONDS).await?;
    let mut by_article: HashMap<i64, Vec<PresenceRow>> = HashMap::new();
    for row in rows {
        by_article.entry(row.article_id).or_default().push(row);
    }
    Ok(by_article
        .into_iter()
        .map(|(article, rows)| (article, others(&rows, viewer.id)))
        .filter(|(_, editing)| !editing.is_empty())
        .collect())
}

/// Records a form of `article` opened by `user`; its tab's id.
pub async fn open_form(db: &Db, user: &User, article: i64, now: i64) -> Result<String, AppError> {
    // Someone has to forget the tabs that vanished; opening a form is
    // frequent enough and costs one small delete.
    presence::sweep(db, now - EXPIRES_SECONDS).await?;
    let tab = new_token();
    presence::open(db, &tab, article, user.id, now).await?;
    Ok(tab)
}

/// `user` takes `article` over: every other editor's open form is told
/// so and stops counting as open.
pub async fn take_over(db: &Db, user: &User, article: i64, now: i64) -> Result<(), AppError> {
    let row = load(db, article).await?;
    require(can_edit(user, &row))?;
    presence::take_over(db, article, user.id, now).await?;
    Ok(())
}

/// What the tab's stream tells its form now: the others, and whether
/// someone took the article over from this tab. `None`: the tab is not
/// `user`'s form of `article` (or expired long ago and was swept).
pub async fn news(
    db: &Db,
    user: &User,
    article: i64,
    tab: &str,
    now: i64,
) -> Result<Option<PresenceNews>, AppError> {
    let rows = presence::of_article(db, article, now - EXPIRES_SECONDS).await?;
    let Some(own) = rows.iter().find(|r| r.tab == tab && r.user_id == user.id) else {
        return Ok(None);
    };
    let taken_by = match (&own.taken_by, own.taken_at) {
        (Some(name), Some(at)) => Some(Editing {
            name: name.clone(),
            since: at,
        }),
        _ => None,
    };
    Ok(Some(PresenceNews {
        others: others(&rows, user.id),
        taken_by,
    }))
}

/// The tab's heartbeat. A tab whose row expired while its stream lived
/// (the database was away longer than a minute) is opened again under
/// the same id; one taken over is not.
pub async fn still_open(
    db: &Db,
    user: &User,
    article: i64,
    tab: &str,
    now: i64,
) -> Result<(), AppError> {
    // `open` leaves a row that is there (taken over) as it is.
    if !presence::seen(db, tab, now).await? {
        presence::open(db, tab, article, user.id, now).await?;
    }
    Ok(())
}

/// A stream that reconnects (its node stopped, the network came back)
/// after its tab's row was removed or expired opens it again, for an
/// article the editor may see.
pub async fn reopen(
    db: &Db,
    user: &User,
    article: i64,
    tab: &str,
    now: i64,
) -> Result<(), AppError> {
    let row = load(db, article).await?;
    require(can_view(user, &row))?;
    presence::open(db, tab, article, user.id, now).await?;
    Ok(())
}

/// The tab closed.
pub async fn close(db: &Db, tab: &str) -> Result<(), AppError> {
    presence::leave(db, tab).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(tab: &str, user_id: i64, name: &str, since: i64, taken: bool) -> PresenceRow {
        PresenceRow {
            tab: tab.into(),
            article_id: 1,
            user_id,
            name: name.into(),
            since,
            taken_by: taken.then(|| "Кто-то".to_string()),
            taken_at: taken.then_some(since + 1),
        }
    }

    #[test]
    fn others_are_one_line_per_editor_without_the_viewer_or_taken_tabs() {
        let rows = [
            row("a", 1, "Әлия Сейітова", 100, false),
            row("b", 2, "Ерлан", 110, false),
            row("c", 1, "Әлия Сейітова", 120, false),
            row("d", 3, "Дана", 130, true),
        ];
        assert_eq!(
            others(&rows, 2),
            vec![Editing {
                name: "Әлия Сейітова".into(),
                since: 100
            }]
        );
        assert_eq!(others(&rows, 1).len(), 1);
        assert!(others(&rows[3..], 2).is_empty());
    }
}
