//! Live stories: who may post updates, what a valid one is, writing them
//! (each change recorded for the pages readers have open, `db::live`),
//! the coverage as readers and editors see it, the breaking-news bar, and
//! what a node pushes for each recorded change.

use crate::db::editorial::EditorRow;
use crate::db::live::{self, EventRow, UpdateContent, UpdateRow};
use crate::db::Db;
use crate::domain::articles::{normalize_multiline, Status};
use crate::domain::live::{
    reading_order, validate_update, DeskUpdate, LiveCoverage, LiveDesk, LiveUpdate, Push,
    UpdateForm,
};
use crate::domain::refusal::{FieldErrors, Refusal};
use crate::error::AppError;
use crate::server::accounts::User;
use crate::server::articles::load;
use crate::server::articles::store::render_body;
use crate::server::permissions::{can_post_updates, require};
use crate::text::excerpt;

/// An update's summary (announced, listed in structured data).
const SUMMARY_CHARS: usize = 110;

/// An update as readers see it.
pub fn reader_update(row: UpdateRow) -> LiveUpdate {
    let summary = if row.headline.trim().is_empty() {
        excerpt(&crate::server::markup::plain_text(&row.body), SUMMARY_CHARS)
    } else {
        row.headline.clone()
    };
    LiveUpdate {
        summary,
        edited_at: (row.updated_at > row.created_at + 60).then_some(row.updated_at),
        id: row.id,
        headline: row.headline,
        body_html: row.body_html,
        author_href: row.lang.path(&format!("/author/{}", row.author_slug)),
        author: row.author_name,
        pinned: row.pinned,
        at: row.created_at,
    }
}

/// Article `id`'s coverage for its page, if it ever went live.
pub async fn coverage(
    db: &Db,
    id: i64,
    started_at: Option<i64>,
    ended_at: Option<i64>,
) -> Result<Option<LiveCoverage>, sqlx::Error> {
    let Some(started_at) = started_at else {
        return Ok(None);
    };
    let mut updates: Vec<LiveUpdate> = live::for_article(db, id)
        .await?
        .into_iter()
        .map(reader_update)
        .collect();
    reading_order(&mut updates);
    Ok(Some(LiveCoverage {
        article_id: id,
        started_at,
        ended_at,
        updates,
    }))
}

/// The workspace's view of a published article's coverage.
pub async fn desk(db: &Db, user: &User, row: &EditorRow) -> Result<Option<LiveDesk>, sqlx::Error> {
    if row.status != Status::Published {
        return Ok(None);
    }
    let updates = live::for_article(db, row.id)
        .await?
        .into_iter()
        .map(|u| DeskUpdate {
            id: u.id,
            form: UpdateForm {
                headline: u.headline,
                body: u.body,
                pinned: u.pinned,
                important: u.important,
            },
            author: u.author_name,
            at: u.created_at,
        })
        .collect();
    Ok(Some(LiveDesk {
        started_at: row.live_started_at,
        ended_at: row.live_ended_at,
        updates,
        may_post: can_post_updates(user, row),
    }))
}

/// The article, if `user` may post to its coverage and it is live now.
async fn live_story(db: &Db, user: &User, article_id: i64) -> Result<EditorRow, AppError> {
    let row = load(db, article_id).await?;
    require(can_post_updates(user, &row))?;
    if row.status != Status::Published
        || row.live_started_at.is_none()
        || row.live_ended_at.is_some()
    {
        return Err(Refusal::NotLive.into());
    }
    Ok(row)
}

/// The form's text as stored, and its HTML.
async fn written(db: &Db, form: &UpdateForm) -> Result<(String, String, String), sqlx::Error> {
    let headline = form
        .headline
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let body = normalize_multiline(&form.body);
    let html = render_body(db, &body).await?;
    Ok((headline, body, html))
}

/// Adds an update to live story `article_id`, bylined to `user`.
pub async fn add_update(
    db: &Db,
    user: &User,
    article_id: i64,
    form: &UpdateForm,
    now: i64,
) -> Result<Result<LiveUpdate, FieldErrors>, AppError> {
    live_story(db, user, article_id).await?;
    let errors = validate_update(form);
    if !errors.is_empty() {
        return Ok(Err(errors));
    }
    let (headline, body, body_html) = written(db, form).await?;
    let content = UpdateContent {
        headline: &headline,
        body: &body,
        body_html: &body_html,
        pinned: form.pinned,
        important: form.important,
    };
    let id = live::insert(db, article_id, &content, user.author_id, Some(user.id), now).await?;
    let row = live::by_id(db, id).await?.ok_or(AppError::NotFound)?;
    Ok(Ok(reader_update(row)))
}

/// Changes update `id` of `article_id` (during or after the coverage).
pub async fn edit_update(
    db: &Db,
    user: &User,
    article_id: i64,
    id: i64,
    form: &UpdateForm,
    now: i64,
) -> Result<Option<FieldErrors>, AppError> {
    let row = load(db, article_id).await?;
    require(can_post_updates(user, &row))?;
    let errors = validate_update(form);
    if !errors.is_empty() {
        return Ok(Some(errors));
    }
    let (headline, body, body_html) = written(db, form).await?;
    let content = UpdateContent {
        headline: &headline,
        body: &body,
        body_html: &body_html,
        pinned: form.pinned,
        important: form.important,
    };
    if !live::update(db, article_id, id, &content, now).await? {
        return Err(AppError::NotFound);
    }
    Ok(None)
}

pub async fn delete_update(
    db: &Db,
    user: &User,
    article_id: i64,
    id: i64,
    now: i64,
) -> Result<(), AppError> {
    let row = load(db, article_id).await?;
    require(can_post_updates(user, &row))?;
    if !live::delete(db, article_id, id, now).await? {
        return Err(AppError::NotFound);
    }
    Ok(())
}

/// What open pages are told about a recorded change, at `now` (`None`:
/// the update is gone already, and its own removal event follows).
pub async fn push_of(db: &Db, event: &EventRow, now: i64) -> Result<Option<Push>, sqlx::Error> {
    let article = event.article_id;
    Ok(match (event.kind.as_str(), event.update_id) {
        ("update", Some(id)) => live::by_id(db, id).await?.map(|row| {
            let lang = row.lang;
            Push::Update {
                article,
                update: crate::components::live::pushed_update(reader_update(row), now, lang),
            }
        }),
        ("remove", Some(id)) => Some(Push::Remove { article, id }),
        ("ended", _) => Some(Push::Ended {
            article,
            at: event.created_at,
        }),
        // A story that goes live (again) is read anew by its readers.
        _ => None,
    })
}
