//! Saving the article form: the role, every field, the category, the
//! address and the image are checked; then a new article goes in through
//! [`store::insert`](super::store::insert), and a stored one gets a new
//! version unless someone else saved first (a conflict).

use super::load;
use super::store::{self, is_unique_violation, Content, Edit, Writer};
use crate::db::articles::TelegramChoice;
use crate::db::editorial::EditorRow;
use crate::db::{articles, authors, categories, images, Db};
use crate::domain::articles::{
    field, normalize_multiline, split_names, split_tags, validate_article, ArticleForm, Conflict,
    SaveOutcome, Saved, Status,
};
use crate::domain::refusal::Refusal;
use crate::error::AppError;
use crate::server::accounts::User;
use crate::server::permissions::{can_choose, can_edit, require};
use crate::text::time::parse_almaty_input;

/// Where an article stands after a save: its status and publish time.
/// "Published" with a future time becomes "scheduled"; "published" with no
/// time keeps the original publish time (or takes now).
fn publication(
    status: Status,
    typed_time: Option<i64>,
    existing: Option<&EditorRow>,
    now: i64,
) -> (Status, Option<i64>) {
    match status {
        Status::Published => {
            let kept = existing
                .filter(|r| r.status == Status::Published)
                .and_then(|r| r.published_at);
            let at = typed_time.or(kept).unwrap_or(now);
            if at > now {
                (Status::Scheduled, Some(at))
            } else {
                (Status::Published, Some(at))
            }
        }
        other => (other, typed_time),
    }
}

/// The authors the form names after the article's own (`own_author`),
/// matched by name or address regardless of case, or the first name that
/// matches nobody.
async fn coauthors(
    db: &Db,
    typed: &str,
    own_author: i64,
) -> Result<Result<Vec<i64>, Refusal>, sqlx::Error> {
    let names = split_names(typed);
    if names.is_empty() {
        return Ok(Ok(Vec::new()));
    }
    let staff = authors::list(db).await?;
    let mut ids = Vec::new();
    for name in names {
        let wanted = name.to_lowercase();
        let Some(author) = staff
            .iter()
            .find(|a| a.name.to_lowercase() == wanted || a.slug == wanted)
        else {
            return Ok(Err(Refusal::CoauthorUnknown(name)));
        };
        if author.id != own_author && !ids.contains(&author.id) {
            ids.push(author.id);
        }
    }
    Ok(Ok(ids))
}

/// Saves the article form: checks the role, validates every field, and
/// either stores a new version or says why not (field errors, or a
/// conflict with a version someone else saved meanwhile).
pub async fn save_article(
    db: &Db,
    user: &User,
    form: &ArticleForm,
    now: i64,
) -> Result<SaveOutcome, AppError> {
    let existing = match form.id {
        Some(id) => {
            let row = load(db, id).await?;
            require(can_edit(user, &row))?;
            Some(row)
        }
        None => None,
    };
    let mut errors = validate_article(form, now);
    let status = Status::parse(&form.status);
    if status.is_some_and(|status| !can_choose(user, status)) {
        errors.insert("status".into(), Refusal::StatusNeedsEditor);
    }
    let categories = categories::list(db).await?;
    let category = categories.iter().find(|c| c.slug == form.category.trim());
    if category.is_none() && !errors.contains_key("category") {
        errors.insert("category".into(), Refusal::CategoryUnknown);
    }
    // The edition the article is written in: a new one's, or the one a
    // stored article moves to (its language chosen after the first
    // autosave made the draft row: it moves while it is unpublished and
    // no translation is linked to it), or the one it has.
    let edition = form.edition().unwrap_or_default();
    let moves_to = existing.as_ref().and_then(|row| {
        let movable = !row.status.is_public() && row.translation_group.is_none();
        (movable && edition != row.lang && !form.lang.trim().is_empty()).then_some(edition)
    });
    let written_in = match &existing {
        Some(row) => moves_to.unwrap_or(row.lang),
        None => edition,
    };
    let typed_slug = Some(form.slug.trim()).filter(|slug| !slug.is_empty());
    if let (Some(typed), false) = (typed_slug, errors.contains_key("slug")) {
        if let Some(other) = articles::id_by_slug(db, written_in, typed).await? {
            if Some(other) != form.id {
                errors.insert("slug".into(), Refusal::SlugTaken);
            }
        }
    }
    if let Some(image_id) = form.image_id {
        if images::size(db, image_id).await?.is_none() {
            errors.insert("image".into(), Refusal::ImageNotFound);
        }
    }
    // A new article's translation: one of the same group in its language
    // must not exist yet.
    if let (None, Some(original)) = (&existing, form.translation_of) {
        let refusal = match crate::db::editorial::by_id(db, original).await? {
            None => Some(Refusal::TranslationUnknown),
            Some(row) if row.lang == edition => Some(Refusal::TranslationTaken),
            Some(row) => match row.translation_group {
                Some(group) => articles::in_group(db, group, edition)
                    .await?
                    .map(|_| Refusal::TranslationTaken),
                None => None,
            },
        };
        if let Some(refusal) = refusal {
            errors.entry(field::LANG.into()).or_insert(refusal);
        }
    }
    let own_author = existing
        .as_ref()
        .map_or(user.author_id, |row| row.author_id);
    let coauthor_ids = match coauthors(db, &form.coauthors, own_author).await? {
        Ok(ids) => ids,
        Err(refusal) => {
            errors.entry(field::COAUTHORS.into()).or_insert(refusal);
            Vec::new()
        }
    };
    let (Some(status), Some(category), true) = (status, category, errors.is_empty()) else {
        return Ok(SaveOutcome::Invalid(errors));
    };
    let typed_time = parse_almaty_input(&form.publish_at);
    let (status, published_at) = publication(status, typed_time, existing.as_ref(), now);
    let lead = normalize_multiline(&form.lead);
    let body = normalize_multiline(&form.body);
    let tags = split_tags(&form.tags);
    let telegram_text = normalize_multiline(&form.telegram_text);
    let content = Content {
        title: form.title.trim(),
        lead: &lead,
        body: &body,
        category_id: category.id,
        status,
        breaking: form.breaking,
        breaking_hours: form
            .breaking_hours()
            .unwrap_or(crate::domain::live::BREAKING_HOURS_DEFAULT),
        published_at,
        image_id: form.image_id,
        image_alt: if form.image_id.is_some() {
            form.image_alt.trim()
        } else {
            ""
        },
        image_caption: form.image_caption.trim(),
        image_credit: form.image_credit.trim(),
        credit_line: form.credit_line.trim(),
        seo_title: form.seo_title.trim(),
        seo_description: form.seo_description.trim(),
        tags: &tags,
        coauthor_ids: &coauthor_ids,
        telegram: TelegramChoice {
            skip: form.telegram_skip,
            text: &telegram_text,
        },
    };
    let written = match &existing {
        None => {
            let writer = Writer::new(user.author_id, Some(user.id), now)
                .in_edition(edition, form.translation_of);
            store::insert(db, &content, typed_slug, writer)
                .await
                .map(|(id, slug)| Some((id, 1, slug)))
        }
        Some(row) => {
            let edit = Edit::by(user.id, now).moving_to(moves_to);
            store::update(db, row.id, form.version, &content, typed_slug, edit)
                .await
                .map(|version| version.map(|(version, slug)| (row.id, version, slug)))
        }
    };
    match written {
        Ok(Some((id, version, slug))) => {
            // The save supersedes what autosave kept for this editor.
            crate::db::drafts::discard(db, id, user.id).await?;
            Ok(SaveOutcome::Saved(Saved {
                id,
                version,
                slug,
                status,
                published_at,
            }))
        }
        Ok(None) => {
            let current = load(db, form.id.unwrap_or_default()).await?;
            Ok(SaveOutcome::Conflict(Conflict {
                version: current.version,
                title: current.title,
                lead: current.lead,
                body: current.body,
                saved_by: current
                    .updated_by_name
                    .unwrap_or_else(|| "другой сотрудник".to_string()),
                saved_at: current.updated_at,
            }))
        }
        // Another save took the typed address between the check and the write.
        Err(error) if is_unique_violation(&error) => Ok(SaveOutcome::Invalid(
            [("slug".to_string(), Refusal::SlugTaken)].into(),
        )),
        Err(error) => Err(error.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn publishing_in_the_future_schedules() {
        let now = 1000;
        assert_eq!(
            publication(Status::Published, None, None, now),
            (Status::Published, Some(now))
        );
        assert_eq!(
            publication(Status::Published, Some(2000), None, now),
            (Status::Scheduled, Some(2000))
        );
        assert_eq!(
            publication(Status::Published, Some(500), None, now),
            (Status::Published, Some(500))
        );
        // Editing a published article keeps its original time.
        let published = EditorRow::sample(Status::Published, 1, Some(700));
        assert_eq!(
            publication(Status::Published, None, Some(&published), now),
            (Status::Published, Some(700))
        );
        assert_eq!(
            publication(Status::Draft, None, Some(&published), now),
            (Status::Draft, None)
        );
    }
}
