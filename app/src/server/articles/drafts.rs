//! Autosave: what an editor types is kept within seconds in the editor's
//! own slot for the article (`article_drafts`), never as a revision and
//! never where readers look. A new article gets its draft row (status
//! «Черновик») at its first autosave, once it has a title, as WordPress's
//! auto-drafts do. Reopening the form offers the unsaved version back.

use super::{load, save};
use crate::db::{categories, drafts, Db};
use crate::domain::articles::{ArticleForm, SaveOutcome, Status};
use crate::domain::refusal::Refusal;
use crate::domain::workspace::{Autosaved, DraftOffer};
use crate::error::AppError;
use crate::server::accounts::User;
use crate::server::permissions::{can_edit, require};

/// The most an autosaved form may weigh, as JSON (the body's own limit
/// is 200,000 characters; this leaves room for Cyrillic's two bytes).
pub const DRAFT_MAX_BYTES: usize = 2 * 1024 * 1024;

/// Keeps `form` in `user`'s slot for its article; a new article (no id)
/// is first written as a draft row holding its title.
pub async fn autosave(
    db: &Db,
    user: &User,
    form: &ArticleForm,
    now: i64,
) -> Result<Autosaved, AppError> {
    let json = serde_json::to_string(form).map_err(|_| AppError::Internal)?;
    if json.len() > DRAFT_MAX_BYTES {
        return Err(Refusal::BodyTooLong.into());
    }
    let mut kept = form.clone();
    match form.id {
        Some(id) => {
            let row = load(db, id).await?;
            require(can_edit(user, &row))?;
        }
        None => {
            let (id, version, slug) = create_draft_row(db, user, form, now).await?;
            kept.id = Some(id);
            kept.version = version;
            // An address left empty was made from the title: it is the
            // article's now.
            if kept.slug.trim().is_empty() {
                kept.slug = slug;
            }
        }
    }
    let (Some(id), version) = (kept.id, kept.version) else {
        return Err(AppError::Internal);
    };
    let json = serde_json::to_string(&kept).map_err(|_| AppError::Internal)?;
    drafts::put(db, id, user.id, &json, version, now).await?;
    Ok(Autosaved {
        id,
        version,
        saved_at: now,
    })
}

/// A new article's draft row: its title (and category, when it names
/// one), nothing public; the rest waits in the autosave slot until the
/// editor saves. Its id, version and address.
async fn create_draft_row(
    db: &Db,
    user: &User,
    form: &ArticleForm,
    now: i64,
) -> Result<(i64, i64, String), AppError> {
    if form.title.trim().is_empty() {
        return Err(Refusal::TitleMissing.into());
    }
    let known = categories::list(db).await?;
    let category = known
        .iter()
        .find(|c| c.slug == form.category.trim())
        .or(known.first())
        .map(|c| c.slug.clone())
        .unwrap_or_default();
    let row = ArticleForm {
        title: form.title.clone(),
        category,
        status: Status::Draft.as_str().to_string(),
        // A translation is one from its first autosave.
        lang: form.lang.clone(),
        translation_of: form.translation_of,
        ..ArticleForm::default()
    };
    match save::save_article(db, user, &row, now).await? {
        SaveOutcome::Saved(saved) => Ok((saved.id, saved.version, saved.slug)),
        // Only the title can be wrong here (too long, control characters).
        SaveOutcome::Invalid(errors) => Err(errors
            .into_values()
            .next()
            .unwrap_or(Refusal::TitleMissing)
            .into()),
        SaveOutcome::Conflict(_) => Err(AppError::Internal),
    }
}

/// `user`'s unsaved version of the article whose stored form is
/// `stored`, when it differs (an identical slot is emptied).
pub async fn offer(
    db: &Db,
    user: &User,
    stored: &ArticleForm,
    stored_version: i64,
) -> Result<Option<DraftOffer>, AppError> {
    let Some(id) = stored.id else {
        return Ok(None);
    };
    let Some(slot) = drafts::get(db, id, user.id).await? else {
        return Ok(None);
    };
    let Ok(form) = serde_json::from_str::<ArticleForm>(&slot.form) else {
        drafts::discard(db, id, user.id).await?;
        return Ok(None);
    };
    let changed = form.changed_fields(stored);
    if changed.is_empty() {
        drafts::discard(db, id, user.id).await?;
        return Ok(None);
    }
    Ok(Some(DraftOffer {
        saved_at: slot.saved_at,
        body_lines: super::revisions::diff_lines(&stored.body, &form.body),
        changed: changed.into_iter().map(str::to_string).collect(),
        stale: slot.base_version != stored_version,
        form: ArticleForm {
            version: slot.base_version,
            ..form
        },
    }))
}

/// Empties `user`'s slot for article `id` (declined, or saved).
pub async fn discard(db: &Db, user: &User, id: i64) -> Result<(), AppError> {
    drafts::discard(db, id, user.id).await?;
    Ok(())
}
