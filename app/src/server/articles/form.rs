//! The article form as the workspace shows it: a new article, a stored
//! one, or a refused submission shown again with everything typed.

use super::{choices, load};
use crate::db::categories::{self, Category};
use crate::db::editorial::EditorRow;
use crate::db::{authors, images, tags, Db};
use crate::domain::accounts::Role;
use crate::domain::articles::{ArticleForm, SaveOutcome, Status};
use crate::domain::lang::Lang;
use crate::domain::notifications::Topic;
use crate::domain::refusal::FieldErrors;
use crate::domain::workspace::{
    ArticleEditor, Choice, DeliveryLine, TranslationLink, UploadedImage,
};
use crate::error::AppError;
use crate::messages::NOT_SAVED;
use crate::server::accounts::User;
use crate::server::media::image_url;
use crate::server::permissions::{can_publish, can_view, require};
use crate::text::time::almaty_input_value;

/// A submission of the article form to show again, provided as context
/// when the server re-renders the form after a plain (JavaScript-off) post.
#[derive(Clone, Debug)]
pub struct ArticleReplay {
    pub form: ArticleForm,
    pub outcome: SaveOutcome,
    /// A line above the form instead of «не сохранена» (a Word document
    /// put in the body, not saved yet).
    pub notice: Option<String>,
}

fn status_choices(role: Role) -> Vec<Choice> {
    Status::choosable(role)
        .iter()
        .map(|s| Choice {
            value: s.as_str().to_string(),
            label: s.label().to_string(),
        })
        .collect()
}

fn form_from_row(
    row: &EditorRow,
    categories: &[Category],
    tags: &[String],
    coauthors: &[String],
) -> ArticleForm {
    ArticleForm {
        id: Some(row.id),
        version: row.version,
        title: row.title.clone(),
        slug: row.slug.clone(),
        category: categories
            .iter()
            .find(|c| c.id == row.category_id)
            .map(|c| c.slug.clone())
            .unwrap_or_default(),
        lead: row.lead.clone(),
        body: row.body.clone(),
        breaking: row.breaking,
        // A trashed article is edited as a draft once restored.
        status: match row.status {
            Status::Trashed => Status::Draft,
            other => other,
        }
        .as_str()
        .to_string(),
        publish_at: row.published_at.map(almaty_input_value).unwrap_or_default(),
        image_id: row.image_id,
        image_alt: row.image_alt.clone(),
        tags: tags.join(", "),
        image_caption: row.image_caption.clone(),
        image_credit: row.image_credit.clone(),
        credit_line: row.credit_line.clone(),
        seo_title: row.seo_title.clone(),
        seo_description: row.seo_description.clone(),
        coauthors: coauthors.join(", "),
        inline: Default::default(),
        breaking_hours: row.breaking_hours.to_string(),
        lang: row.lang.code().to_string(),
        translation_of: None,
        telegram_skip: row.telegram_skip,
        telegram_text: row.telegram_text.clone(),
    }
}

/// How the form is being opened, beyond which article.
#[derive(Clone, Debug, Default)]
pub struct Opening {
    /// A submission to show again (what was typed, and why it failed).
    pub replay: Option<(ArticleForm, SaveOutcome)>,
    /// Put this editor's autosaved version in the form (`?draft=restore`).
    pub restore_draft: bool,
    /// A form posted while signed out, kept until now (`?stash=`).
    pub stash: Option<String>,
    /// The line above the form, when the replay has its own.
    pub notice: Option<String>,
    /// A new article translating this one (`?translate=`).
    pub translate: Option<i64>,
}

/// The article form: a new article (`id` None) or a stored one. Opening
/// a stored one records that this editor has it open, unless someone
/// else has: then the page warns first (`others`, and no `tab`).
pub async fn editor_page(
    db: &Db,
    user: &User,
    id: Option<i64>,
    opening: Opening,
    public_url: &str,
    now: i64,
) -> Result<ArticleEditor, AppError> {
    let Opening {
        replay,
        restore_draft,
        stash,
        notice: replay_notice,
        translate,
    } = opening;
    let categories = categories::list(db).await?;
    let row = match id {
        Some(id) => {
            let row = load(db, id).await?;
            require(can_view(user, &row))?;
            Some(row)
        }
        None => None,
    };
    let mut form = match &row {
        Some(row) => {
            let byline = authors::for_article(db, row.id).await?;
            let coauthors: Vec<String> = byline.into_iter().skip(1).map(|a| a.name).collect();
            let tags = tags::names(&mut *db.conn().await?, row.id).await?;
            form_from_row(row, &categories, &tags, &coauthors)
        }
        None => {
            let blank = ArticleForm {
                status: Status::Draft.as_str().to_string(),
                category: categories
                    .first()
                    .map(|c| c.slug.clone())
                    .unwrap_or_default(),
                ..ArticleForm::default()
            };
            match translate {
                Some(original) => translation_form(db, user, original, &categories, blank).await?,
                None => blank,
            }
        }
    };
    let (mut errors, mut conflict, mut notice) = (FieldErrors::new(), None, None);
    let replaying = replay.is_some();
    // This editor's unsaved version: offered, or put in the form when asked.
    let mut draft = match (&row, &replay) {
        (Some(row), None) => super::drafts::offer(db, user, &form, row.version).await?,
        _ => None,
    };
    if restore_draft {
        if let Some(offer) = draft.take() {
            form = offer.form;
            notice = Some(crate::messages::DRAFT_RESTORED.to_string());
        }
    }
    let stashed = match &stash {
        Some(token) => super::stash::find(db, user, token, now)
            .await?
            .filter(|kept| kept.id == id),
        None => None,
    };
    let stash = stashed.is_some().then_some(stash).flatten();
    if let Some(kept) = stashed {
        form = kept;
        draft = None;
        notice = Some(crate::messages::STASH_RESTORED.to_string());
    }
    if let Some((typed, outcome)) = replay {
        form = typed;
        match outcome {
            SaveOutcome::Invalid(e) => {
                errors = e;
                notice = Some(NOT_SAVED.to_string());
            }
            SaveOutcome::Conflict(c) => {
                // Saving again from here overwrites knowingly: the other
                // version is kept in the revisions.
                form.version = c.version;
                conflict = Some(c);
            }
            SaveOutcome::Saved(_) => {}
        }
    }
    if replay_notice.is_some() {
        notice = replay_notice;
    }
    let stored_status = row.as_ref().map(|r| r.status);
    let (others, tab) = match &row {
        Some(row) => {
            let others = crate::server::presence::editing(db, row.id, user, now).await?;
            // A form shown again after a post is the same editor's open
            // form: no warning between them and their own text.
            let tab = if others.is_empty() || replaying {
                Some(crate::server::presence::open_form(db, user, row.id, now).await?)
            } else {
                None
            };
            (others, tab)
        }
        None => (Vec::new(), None),
    };
    Ok(ArticleEditor {
        user: user.view(),
        image_url: form.image_id.map(image_url),
        public_url: row
            .as_ref()
            .filter(|r| r.status == Status::Published)
            .map(|r| format!("{public_url}{}", r.lang.article_path(&r.slug))),
        updated_at: row.as_ref().map(|r| r.updated_at),
        updated_by: row.as_ref().and_then(|r| r.updated_by_name.clone()),
        form,
        errors,
        conflict,
        notice,
        stored_status,
        categories: choices(&categories),
        statuses: status_choices(user.role),
        authors: authors::list(db)
            .await?
            .into_iter()
            .map(|a| a.name)
            .collect(),
        corrections: match &row {
            Some(row) => super::corrections::of_article(db, row.id).await?,
            None => Vec::new(),
        },
        live: match &row {
            Some(row) => crate::server::live::desk(db, user, row).await?,
            None => None,
        },
        breaking_until: row
            .as_ref()
            .filter(|r| r.status == Status::Published && r.breaking)
            .and_then(|r| r.breaking_until)
            .filter(|until| *until > now),
        recent_images: images::recent(db, RECENT_IMAGES)
            .await?
            .into_iter()
            .map(|(id, width, height)| UploadedImage {
                id,
                url: image_url(id),
                width,
                height,
            })
            .collect(),
        draft,
        others,
        tab,
        stash,
        now,
        translations: match &row {
            Some(row) => translations(db, row).await?,
            None => Vec::new(),
        },
        deliveries: match &row {
            Some(row) => crate::db::outbox::for_article(db, row.id)
                .await?
                .into_iter()
                .map(|d| DeliveryLine {
                    id: d.id,
                    peer: d.peer,
                    target: d.target,
                    action: d.action,
                    state: d.state,
                    outcome: d.outcome,
                    at: d.done_at.unwrap_or(d.created_at),
                })
                .collect(),
            None => Vec::new(),
        },
        push_audience: match &row {
            Some(row) if row.status == Status::Published && can_publish(user) => {
                Some(crate::db::subscriptions::count(db, &Topic::Breaking(row.lang).key()).await?)
            }
            _ => None,
        },
    })
}

/// A new article translating article `original`: the other edition, the
/// same category and featured image; the text is the translator's.
async fn translation_form(
    db: &Db,
    user: &User,
    original: i64,
    categories: &[Category],
    blank: ArticleForm,
) -> Result<ArticleForm, AppError> {
    let row = load(db, original).await?;
    require(can_view(user, &row))?;
    Ok(ArticleForm {
        lang: row.lang.other().code().to_string(),
        translation_of: Some(row.id),
        category: categories
            .iter()
            .find(|c| c.id == row.category_id)
            .map_or(blank.category.clone(), |c| c.slug.clone()),
        image_id: row.image_id,
        image_alt: row.image_alt.clone(),
        image_caption: row.image_caption.clone(),
        image_credit: row.image_credit.clone(),
        ..blank
    })
}

/// Article `row` in the other editions: its translations, or none yet.
async fn translations(db: &Db, row: &EditorRow) -> Result<Vec<TranslationLink>, sqlx::Error> {
    let members = match row.translation_group {
        Some(group) => crate::db::articles::group_members(db, group, row.id).await?,
        None => Vec::new(),
    };
    Ok(Lang::ALL
        .into_iter()
        .filter(|lang| *lang != row.lang)
        .map(|lang| TranslationLink {
            lang,
            article: members
                .iter()
                .find(|(_, l, ..)| *l == lang)
                .map(|(id, _, title, status)| (*id, title.clone(), *status)),
        })
        .collect())
}

/// How many of the newest uploads the form offers for the body.
const RECENT_IMAGES: i64 = 12;
