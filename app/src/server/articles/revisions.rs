//! Revisions: every saved version of an article, compared line by line
//! with the current one, and put back as a new version.

use super::load;
use super::store::{self, Content, Edit};
use crate::db::editorial;
use crate::db::{authors, tags, Db};
use crate::domain::articles::split_tags;
use crate::domain::refusal::Refusal;
use crate::domain::workspace::{DiffLine, RevisionCompare, RevisionLine, RevisionList};
use crate::error::AppError;
use crate::server::accounts::User;
use crate::server::permissions::{can_edit, can_view, require};

fn revision_line(row: &editorial::RevisionRow) -> RevisionLine {
    RevisionLine {
        id: row.id,
        version: row.version,
        title: row.title.clone(),
        saved_at: row.saved_at,
        saved_by: row.saved_by_name.clone().unwrap_or_else(|| "—".to_string()),
    }
}

pub async fn revision_list(db: &Db, user: &User, id: i64) -> Result<RevisionList, AppError> {
    let row = load(db, id).await?;
    require(can_view(user, &row))?;
    let items = editorial::revisions(db, id).await?;
    Ok(RevisionList {
        article_id: id,
        title: row.title,
        version: row.version,
        items: items.iter().map(revision_line).collect(),
    })
}

/// The text an editor compares: headline, lead and body, line by line.
fn comparable(title: &str, lead: &str, body: &str, tags: &str) -> String {
    format!("{title}\n\n{lead}\n\n{}\n\nТеги: {tags}\n", body.trim_end())
}

/// A line diff from `old` to `new`.
pub fn diff_lines(old: &str, new: &str) -> Vec<DiffLine> {
    use similar::{ChangeTag, TextDiff};
    TextDiff::from_lines(old, new)
        .iter_all_changes()
        .map(|change| DiffLine {
            kind: match change.tag() {
                ChangeTag::Equal => ' ',
                ChangeTag::Delete => '-',
                ChangeTag::Insert => '+',
            },
            text: change.value().trim_end_matches('\n').to_string(),
        })
        .collect()
}

pub async fn compare_revision(
    db: &Db,
    user: &User,
    id: i64,
    revision_id: i64,
) -> Result<RevisionCompare, AppError> {
    let row = load(db, id).await?;
    require(can_view(user, &row))?;
    let revision = editorial::revision(db, id, revision_id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(RevisionCompare {
        article_id: id,
        version: row.version,
        lines: diff_lines(
            &comparable(
                &revision.title,
                &revision.lead,
                &revision.body,
                &revision.tags,
            ),
            &comparable(
                &row.title,
                &row.lead,
                &row.body,
                &tags::names(&mut *db.conn().await?, id).await?.join(", "),
            ),
        ),
        revision: revision_line(&revision),
    })
}

/// Puts a revision's text (headline, lead, body, category, image, tags) back as
/// a new version; status, address and publish time stay as they are.
pub async fn restore_revision(
    db: &Db,
    user: &User,
    id: i64,
    revision_id: i64,
    now: i64,
) -> Result<(), AppError> {
    let row = load(db, id).await?;
    require(can_edit(user, &row))?;
    let revision = editorial::revision(db, id, revision_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let tags = split_tags(&revision.tags);
    let coauthors = authors::ids_from_text(&revision.coauthors);
    // The revision's text; the article's status, address and time.
    let content = Content {
        title: &revision.title,
        lead: &revision.lead,
        body: &revision.body,
        category_id: revision.category_id,
        breaking: revision.breaking,
        image_id: revision.image_id,
        image_alt: &revision.image_alt,
        image_caption: &revision.image_caption,
        image_credit: &revision.image_credit,
        credit_line: &revision.credit_line,
        seo_title: &revision.seo_title,
        seo_description: &revision.seo_description,
        ..row.content(&tags, &coauthors)
    };
    let slug = Some(row.slug.as_str());
    match store::update(db, id, row.version, &content, slug, Edit::by(user.id, now)).await? {
        Some(_) => Ok(()),
        None => Err(Refusal::RevisionChangedMeanwhile.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comparisons_mark_removed_and_added_lines() {
        let lines = diff_lines("a\nb\nc\n", "a\nc\nd\n");
        let marked: Vec<String> = lines
            .iter()
            .map(|l| format!("{}{}", l.kind, l.text))
            .collect();
        assert_eq!(marked, [" a", "-b", " c", "+d"]);
    }
}
