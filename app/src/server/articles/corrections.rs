//! Corrections: a dated note an editor adds to a published article
//! («Исправление, 24 ноября: …»). Adding one writes a new version of the
//! article through [`store::update`] (so the replaced version is kept in
//! the revisions, and the article reads as updated), with the note stored
//! beside that version. Notes are never edited or removed.

use super::load;
use super::store::{self, Content, Edit};
use crate::db::editorial::EditorRow;
use crate::db::{authors, corrections, tags, Db};
use crate::domain::articles::{
    has_control_characters, normalize_multiline, Status, CORRECTION_MAX_CHARS,
};
use crate::domain::lang::Lang;
use crate::domain::reader::{CorrectedArticle, CorrectionNote};
use crate::domain::refusal::Refusal;
use crate::error::AppError;
use crate::server::accounts::User;
use crate::server::permissions::{can_edit, require};

/// How many corrections the `/corrections` page lists.
pub const RECENT_CORRECTIONS: i64 = 50;

/// What is wrong with a typed correction note, if anything.
pub fn note_problem(note: &str) -> Option<Refusal> {
    let note = note.trim();
    if note.is_empty() {
        Some(Refusal::CorrectionMissing)
    } else if has_control_characters(note, true) {
        Some(Refusal::TextControl)
    } else if note.chars().count() > CORRECTION_MAX_CHARS {
        Some(Refusal::CorrectionTooLong)
    } else {
        None
    }
}

/// Adds `note` to published article `id`. `Ok(Some(refusal))`: the note
/// was not added, and why (the form shows it with the typed text).
pub async fn add_correction(
    db: &Db,
    user: &User,
    id: i64,
    note: &str,
    now: i64,
) -> Result<Option<Refusal>, AppError> {
    let row = load(db, id).await?;
    require(can_edit(user, &row))?;
    if row.status != Status::Published {
        return Ok(Some(Refusal::CorrectionNotPublished));
    }
    let note = normalize_multiline(note);
    if let Some(problem) = note_problem(&note) {
        return Ok(Some(problem));
    }
    let edit = Edit::correcting(Some(user.id), now, &note);
    append(db, row, edit).await?;
    Ok(None)
}

/// Writes the current version of `row`'s article again with `edit`'s
/// correction note. Like a status change, the note goes on whatever
/// version is current: after a race with a save it is made once more.
pub async fn append(db: &Db, mut row: EditorRow, edit: Edit<'_>) -> Result<(), AppError> {
    for _attempt in 0..2 {
        let tags = tags::names(&mut *db.conn().await?, row.id).await?;
        let coauthors = authors::coauthor_ids(&mut *db.conn().await?, row.id).await?;
        let content: Content<'_> = row.content(&tags, &coauthors);
        let slug = Some(row.slug.as_str());
        if store::update(db, row.id, row.version, &content, slug, edit)
            .await?
            .is_some()
        {
            return Ok(());
        }
        row = load(db, row.id).await?;
    }
    Err(Refusal::ChangedMeanwhile.into())
}

/// An article's corrections, oldest first (the editor page lists them).
pub async fn of_article(db: &Db, id: i64) -> Result<Vec<CorrectionNote>, AppError> {
    Ok(corrections::for_article(db, id)
        .await?
        .into_iter()
        .map(|c| CorrectionNote {
            at: c.created_at,
            note: c.note,
        })
        .collect())
}

/// The newest corrections of `lang`'s articles readers can see, for its
/// `/corrections` page.
pub async fn recent(db: &Db, lang: Lang, now: i64) -> Result<Vec<CorrectedArticle>, AppError> {
    Ok(corrections::recent(db, lang, now, RECENT_CORRECTIONS)
        .await?
        .into_iter()
        .map(|c| CorrectedArticle {
            href: lang.article_path(&c.slug),
            title: c.title,
            at: c.created_at,
            note: c.note,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_note_needs_words_within_the_limit() {
        assert_eq!(note_problem("  \n "), Some(Refusal::CorrectionMissing));
        assert_eq!(
            note_problem("Фамилия — Қасымов\u{7}"),
            Some(Refusal::TextControl)
        );
        let long = "ә".repeat(CORRECTION_MAX_CHARS + 1);
        assert_eq!(note_problem(&long), Some(Refusal::CorrectionTooLong));
        let exact = "ә".repeat(CORRECTION_MAX_CHARS);
        assert_eq!(note_problem(&exact), None);
        assert_eq!(
            note_problem("В первой версии неверно указана фамилия акима."),
            None
        );
    }
}
