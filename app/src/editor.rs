//! What editors do, in one place: load and save the article form, change
//! an article's status, revisions, images, categories and accounts.
//!
//! Every function takes the signed-in [`User`] and checks the role itself;
//! server functions (JavaScript on) and the plain form handlers
//! (JavaScript off) both call these, so the rules cannot drift apart.

use crate::auth::User;
use crate::content::free_slug;
use crate::db::categories::{self, Category};
use crate::db::editorial::{self, Changes, EditorRow, ListFilter};
use crate::db::{articles, authors, images, tags, users, Db};
use crate::editing::{
    normalize_multiline, split_tags, validate_article, ArticleForm, Conflict, FieldErrors, Role,
    SaveOutcome, Saved, Status, IMAGE_MAX_BYTES,
};
use crate::error::AppError;
use crate::markup;
use crate::model::{
    ArticleEditor, ArticleFilter, ArticleLine, ArticleList, ArticlePage, CategoryLine, CategoryRef,
    Choice, DiffLine, ImageRef, NamedLink, RevisionCompare, RevisionLine, RevisionList, Seo,
    UploadedImage, UserLine,
};
use crate::text::time::{almaty_input_value, parse_almaty_input};
use crate::text::{excerpt, slugify};

/// A submission of the article form to show again, provided as context
/// when the server re-renders the form after a plain (JavaScript-off) post.
#[derive(Clone, Debug)]
pub struct ArticleReplay {
    pub form: ArticleForm,
    pub outcome: SaveOutcome,
}

/// Lines on a page of the editors' list.
pub const LIST_PAGE_SIZE: i64 = 30;

/// The URL of a stored image. Images never change, so it is cacheable forever.
pub fn image_url(id: i64) -> String {
    format!("/media/{id}")
}

fn may_edit(user: &User, row: &EditorRow) -> Result<(), AppError> {
    if user.role.can_publish() {
        return Ok(());
    }
    let own = row.author_id == user.author_id;
    let unpublished = matches!(
        Status::parse(&row.status),
        Some(Status::Draft | Status::Review)
    );
    if own && unpublished {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

async fn load(db: &Db, id: i64) -> Result<EditorRow, AppError> {
    editorial::by_id(db, id).await?.ok_or(AppError::NotFound)
}

fn choices(categories: &[Category]) -> Vec<Choice> {
    categories
        .iter()
        .map(|c| Choice {
            value: c.slug.clone(),
            label: c.name.clone(),
        })
        .collect()
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

fn form_from_row(row: &EditorRow, categories: &[Category], tags: &[String]) -> ArticleForm {
    let status = Status::parse(&row.status).unwrap_or(Status::Draft);
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
        breaking: row.breaking != 0,
        // A trashed article is edited as a draft once restored.
        status: match status {
            Status::Trashed => Status::Draft,
            other => other,
        }
        .as_str()
        .to_string(),
        publish_at: row.published_at.map(almaty_input_value).unwrap_or_default(),
        image_id: row.image_id,
        image_alt: row.image_alt.clone(),
        tags: tags.join(", "),
    }
}

/// The article form: a new article (`id` None) or a stored one. `replay`
/// is a submission to show again (what was typed, and why it failed).
pub async fn editor_page(
    db: &Db,
    user: &User,
    id: Option<i64>,
    replay: Option<(ArticleForm, SaveOutcome)>,
    public_url: &str,
) -> Result<ArticleEditor, AppError> {
    let categories = categories::list(db).await?;
    let row = match id {
        Some(id) => {
            let row = load(db, id).await?;
            if !user.role.can_publish() && row.author_id != user.author_id {
                return Err(AppError::Forbidden);
            }
            Some(row)
        }
        None => None,
    };
    let mut form = match &row {
        Some(row) => form_from_row(
            row,
            &categories,
            &tags::names(&mut *db.conn().await?, row.id).await?,
        ),
        None => ArticleForm {
            status: Status::Draft.as_str().to_string(),
            category: categories
                .first()
                .map(|c| c.slug.clone())
                .unwrap_or_default(),
            ..ArticleForm::default()
        },
    };
    let (mut errors, mut conflict, mut notice) = (FieldErrors::new(), None, None);
    if let Some((typed, outcome)) = replay {
        form = typed;
        match outcome {
            SaveOutcome::Invalid(e) => {
                errors = e;
                notice = Some(crate::editing::NOT_SAVED.to_string());
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
    let stored_status = row.as_ref().and_then(|r| Status::parse(&r.status));
    Ok(ArticleEditor {
        user: user.view(),
        image_url: form.image_id.map(image_url),
        public_url: row
            .as_ref()
            .filter(|r| r.status == "published")
            .map(|r| format!("{public_url}/news/{}", r.slug)),
        updated_at: row.as_ref().map(|r| r.updated_at),
        updated_by: row.as_ref().and_then(|r| r.updated_by_name.clone()),
        form,
        errors,
        conflict,
        notice,
        stored_status,
        categories: choices(&categories),
        statuses: status_choices(user.role),
    })
}

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
                .filter(|r| r.status == "published")
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

fn is_unique_violation(error: &sqlx::Error) -> bool {
    matches!(error, sqlx::Error::Database(e) if e.is_unique_violation())
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
            may_edit(user, &row)?;
            Some(row)
        }
        None => None,
    };
    let mut errors = validate_article(form, now);
    let status = Status::parse(&form.status);
    if let Some(status) = status {
        if !Status::choosable(user.role).contains(&status) {
            errors.insert(
                "status".into(),
                "Публиковать и планировать могут только редакторы. Отправьте статью на проверку."
                    .into(),
            );
        }
    }
    let categories = categories::list(db).await?;
    let category = categories.iter().find(|c| c.slug == form.category.trim());
    if category.is_none() && !errors.contains_key("category") {
        errors.insert("category".into(), "Выберите рубрику из списка.".into());
    }
    let typed_slug = form.slug.trim();
    if !typed_slug.is_empty() && !errors.contains_key("slug") {
        if let Some(other) = articles::id_by_slug(db, typed_slug).await? {
            if Some(other) != form.id {
                errors.insert("slug".into(), SLUG_TAKEN.into());
            }
        }
    }
    if let Some(image_id) = form.image_id {
        if images::size(db, image_id).await?.is_none() {
            errors.insert(
                "image".into(),
                "Изображение не найдено. Загрузите его ещё раз.".into(),
            );
        }
    }
    let (Some(status), Some(category), true) = (status, category, errors.is_empty()) else {
        return Ok(SaveOutcome::Invalid(errors));
    };
    let title = form.title.trim();
    let mut slug = if typed_slug.is_empty() {
        free_slug(db, title, form.id).await?
    } else {
        typed_slug.to_string()
    };
    let typed_time = parse_almaty_input(&form.publish_at);
    let (status, published_at) = publication(status, typed_time, existing.as_ref(), now);
    let lead = normalize_multiline(&form.lead);
    let body = normalize_multiline(&form.body);
    let body_html = markup::render(&body);
    let image_alt = if form.image_id.is_some() {
        form.image_alt.trim()
    } else {
        ""
    };
    let tags = split_tags(&form.tags);
    // A slug made from the title may be taken by a save that ran at the
    // same moment (two "Погода на завтра"): then take the next free one.
    let mut attempts = 0;
    let result = loop {
        let result = match &existing {
            None => articles::insert(
                db,
                &articles::NewArticle {
                    slug: &slug,
                    title,
                    lead: &lead,
                    body: &body,
                    body_html: &body_html,
                    category_id: category.id,
                    author_id: user.author_id,
                    status: status.as_str(),
                    breaking: form.breaking,
                    published_at,
                    created_at: now,
                    image_id: form.image_id,
                    image_alt,
                    created_by: Some(user.id),
                    tags: &tags,
                },
            )
            .await
            .map(|id| Some((id, 1))),
            Some(row) => editorial::update(
                db,
                row.id,
                form.version,
                &Changes {
                    slug: &slug,
                    title,
                    lead: &lead,
                    body: &body,
                    body_html: &body_html,
                    category_id: category.id,
                    status: status.as_str(),
                    breaking: form.breaking,
                    published_at,
                    image_id: form.image_id,
                    image_alt,
                    updated_by: user.id,
                    updated_at: now,
                    tags: &tags,
                },
            )
            .await
            .map(|version| version.map(|v| (row.id, v))),
        };
        match result {
            Err(error) if is_unique_violation(&error) && typed_slug.is_empty() && attempts < 3 => {
                attempts += 1;
                slug = free_slug(db, title, form.id).await?;
            }
            result => break result,
        }
    };
    match result {
        Ok(Some((id, version))) => Ok(SaveOutcome::Saved(Saved {
            id,
            version,
            slug,
            status,
            published_at,
        })),
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
        // Another save took the slug between the check and the write.
        Err(error) if is_unique_violation(&error) => Ok(SaveOutcome::Invalid(
            [("slug".to_string(), SLUG_TAKEN.to_string())].into(),
        )),
        Err(error) => Err(error.into()),
    }
}

const SLUG_TAKEN: &str = "Этот адрес уже занят другой статьёй. Измените его.";

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
}

impl Action {
    pub fn parse(text: &str) -> Option<Action> {
        match text {
            "unpublish" => Some(Action::Unpublish),
            "trash" => Some(Action::Trash),
            "restore" => Some(Action::Restore),
            "delete" => Some(Action::Delete),
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
    let status = Status::parse(&row.status).unwrap_or(Status::Draft);
    let new_status = match action {
        Action::Delete => {
            if !user.role.is_admin() {
                return Err(AppError::Forbidden);
            }
            if status != Status::Trashed {
                return Err(AppError::BadRequest(
                    "Удалить навсегда можно только статью из корзины.".into(),
                ));
            }
            editorial::delete_trashed(db, id).await?;
            return Ok(());
        }
        Action::Unpublish => {
            if !user.role.can_publish() {
                return Err(AppError::Forbidden);
            }
            if !status.is_public() {
                return Err(AppError::BadRequest("Статья не опубликована.".into()));
            }
            Status::Draft
        }
        Action::Trash => {
            may_edit(user, &row)?;
            Status::Trashed
        }
        Action::Restore => {
            if status != Status::Trashed {
                return Err(AppError::BadRequest("Статья не в корзине.".into()));
            }
            if !user.role.can_publish() && row.author_id != user.author_id {
                return Err(AppError::Forbidden);
            }
            Status::Draft
        }
    };
    // A status change applies to whatever version is current: after a race
    // with a save it is made once more, on top of that save.
    let mut row = row;
    for _attempt in 0..2 {
        let tags = tags::names(&mut *db.conn().await?, id).await?;
        let body_html = markup::render(&row.body);
        let changes = Changes {
            slug: &row.slug,
            title: &row.title,
            lead: &row.lead,
            body: &row.body,
            body_html: &body_html,
            category_id: row.category_id,
            status: new_status.as_str(),
            breaking: row.breaking != 0,
            published_at: row.published_at,
            image_id: row.image_id,
            image_alt: &row.image_alt,
            updated_by: user.id,
            updated_at: now,
            tags: &tags,
        };
        if editorial::update(db, id, row.version, &changes)
            .await?
            .is_some()
        {
            return Ok(());
        }
        row = load(db, id).await?;
    }
    Err(AppError::BadRequest(
        "Статью только что изменили. Попробуйте ещё раз.".into(),
    ))
}

/// Case variants of a title search for LIKE (SQLite folds only ASCII case):
/// as typed, lower case, and with a capital first letter.
fn title_patterns(query: &str) -> Vec<String> {
    // Control characters are in no title (the form refuses them), and
    // PostgreSQL refuses a NUL in any text it is sent.
    let query: String = query
        .trim()
        .chars()
        .filter(|c| !c.is_control())
        .take(100)
        .collect();
    if query.is_empty() {
        return Vec::new();
    }
    let escape = |s: &str| {
        let escaped = s
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        format!("%{escaped}%")
    };
    let lower = query.to_lowercase();
    let mut chars = lower.chars();
    let capital: String = chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default();
    let mut patterns = vec![escape(&query), escape(&lower), escape(&capital)];
    patterns.sort();
    patterns.dedup();
    patterns
}

/// The editors' list. Authors see only their own articles.
pub async fn list_articles(
    db: &Db,
    user: &User,
    filter: &ArticleFilter,
    page: u32,
    now: i64,
) -> Result<ArticleList, AppError> {
    let categories = categories::list(db).await?;
    let authors = authors::list(db).await?;
    let author_id = if user.role.can_publish() {
        filter.author.parse::<i64>().ok()
    } else {
        Some(user.author_id)
    };
    let list_filter = ListFilter {
        status: Status::parse(&filter.status).map(|s| s.as_str().to_string()),
        category_id: categories
            .iter()
            .find(|c| c.slug == filter.category)
            .map(|c| c.id),
        author_id,
        title_patterns: title_patterns(&filter.q),
    };
    let page = page.max(1);
    let offset = i64::from(page - 1) * LIST_PAGE_SIZE;
    let (rows, total) = editorial::list(db, &list_filter, LIST_PAGE_SIZE, offset).await?;
    let name_of = |id: i64| {
        authors
            .iter()
            .find(|a| a.id == id)
            .map(|a| a.name.clone())
            .unwrap_or_default()
    };
    let items = rows
        .into_iter()
        .map(|row| ArticleLine {
            id: row.id,
            title: row.title,
            slug: row.slug,
            status: Status::parse(&row.status).unwrap_or(Status::Draft),
            category: categories
                .iter()
                .find(|c| c.id == row.category_id)
                .map(|c| c.name.clone())
                .unwrap_or_default(),
            author: name_of(row.author_id),
            published_at: row.published_at,
            updated_at: row.updated_at,
        })
        .collect();
    Ok(ArticleList {
        user: user.view(),
        now,
        filter: filter.clone(),
        items,
        total,
        page,
        pages: ((total + LIST_PAGE_SIZE - 1) / LIST_PAGE_SIZE).max(1) as u32,
        categories: choices(&categories),
        authors: if user.role.can_publish() {
            authors
                .iter()
                .map(|a| Choice {
                    value: a.id.to_string(),
                    label: a.name.clone(),
                })
                .collect()
        } else {
            Vec::new()
        },
    })
}

/// The article as a reader will see it, whatever its status.
pub async fn preview(
    db: &Db,
    user: &User,
    id: i64,
    public_url: &str,
    now: i64,
) -> Result<ArticlePage, AppError> {
    let row = load(db, id).await?;
    if !user.role.can_publish() && row.author_id != user.author_id {
        return Err(AppError::Forbidden);
    }
    let category = categories::list(db)
        .await?
        .into_iter()
        .find(|c| c.id == row.category_id)
        .ok_or(AppError::NotFound)?;
    let author = authors::list(db)
        .await?
        .into_iter()
        .find(|a| a.id == row.author_id)
        .map(|a| NamedLink {
            href: format!("/author/{}", a.slug),
            name: a.name,
        })
        .unwrap_or(NamedLink {
            name: String::new(),
            href: "/".into(),
        });
    let image = match row.image_id {
        Some(image_id) => {
            let size = images::size(db, image_id).await?;
            Some(ImageRef {
                url: image_url(image_id),
                alt: row.image_alt.clone(),
                width: size.map(|s| s.0),
                height: size.map(|s| s.1),
            })
        }
        None => None,
    };
    let tags: Vec<NamedLink> = tags::for_article(db, id)
        .await?
        .into_iter()
        .map(|t| NamedLink {
            href: format!("/tag/{}", t.slug),
            name: t.name,
        })
        .collect();
    let description = excerpt(&row.lead, 160);
    Ok(ArticlePage {
        url: format!("{public_url}/news/{}", row.slug),
        // Nobody outside sees a preview: no cards, no structured data.
        seo: Seo {
            title: format!("Предпросмотр: {}", row.title),
            ..Seo::default()
        },
        json_ld: "{}".into(),
        related: Vec::new(),
        now,
        tags,
        author_name: author.name.clone(),
        author,
        description,
        body_html: markup::render(&row.body),
        slug: row.slug,
        title: row.title,
        lead: row.lead,
        category: CategoryRef {
            slug: category.slug,
            name: category.name,
        },
        published_at: row.published_at.unwrap_or(now),
        updated_at: None,
        breaking: row.breaking != 0,
        image,
    })
}

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
    if !user.role.can_publish() && row.author_id != user.author_id {
        return Err(AppError::Forbidden);
    }
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
    if !user.role.can_publish() && row.author_id != user.author_id {
        return Err(AppError::Forbidden);
    }
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
    may_edit(user, &row)?;
    let revision = editorial::revision(db, id, revision_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let body_html = markup::render(&revision.body);
    let tags = split_tags(&revision.tags);
    let changes = Changes {
        slug: &row.slug,
        title: &revision.title,
        lead: &revision.lead,
        body: &revision.body,
        body_html: &body_html,
        category_id: revision.category_id,
        status: &row.status,
        breaking: revision.breaking != 0,
        published_at: row.published_at,
        image_id: revision.image_id,
        image_alt: &revision.image_alt,
        updated_by: user.id,
        updated_at: now,
        tags: &tags,
    };
    match editorial::update(db, id, row.version, &changes).await? {
        Some(_) => Ok(()),
        None => Err(AppError::BadRequest(
            "Статью только что изменили. Откройте сравнение ещё раз.".into(),
        )),
    }
}

/// The image type from its first bytes (never from the file name).
pub fn sniff_image(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.starts_with(b"RIFF") && bytes.get(8..12) == Some(b"WEBP".as_slice()) {
        Some("image/webp")
    } else {
        None
    }
}

/// Checks and stores an uploaded image.
pub async fn store_image(
    db: &Db,
    user: &User,
    bytes: &[u8],
    now: i64,
) -> Result<UploadedImage, AppError> {
    let bad = |message: &str| Err(AppError::BadRequest(message.to_string()));
    if bytes.is_empty() {
        return bad("Выберите файл изображения.");
    }
    if bytes.len() > IMAGE_MAX_BYTES {
        return bad("Файл больше 8 МБ. Уменьшите изображение.");
    }
    let Some(content_type) = sniff_image(bytes) else {
        return bad("Загрузите изображение в формате JPEG, PNG или WebP.");
    };
    let Ok(size) = imagesize::blob_size(bytes) else {
        return bad("Файл изображения повреждён.");
    };
    let (width, height) = (size.width as i64, size.height as i64);
    if width == 0 || height == 0 {
        return bad("Файл изображения повреждён.");
    }
    let id = images::insert(db, content_type, width, height, bytes, user.id, now).await?;
    Ok(UploadedImage {
        id,
        url: image_url(id),
        width,
        height,
    })
}

fn admin_only(user: &User) -> Result<(), AppError> {
    if user.role.is_admin() {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

pub async fn category_lines(db: &Db, user: &User) -> Result<Vec<CategoryLine>, AppError> {
    admin_only(user)?;
    let counts = categories::article_counts(db).await?;
    Ok(categories::list(db)
        .await?
        .into_iter()
        .map(|c| CategoryLine {
            articles: counts
                .iter()
                .find(|(id, _)| *id == c.id)
                .map_or(0, |(_, n)| *n),
            id: c.id,
            slug: c.slug,
            name: c.name,
        })
        .collect())
}

/// What is wrong with a (trimmed) category name, as a form code.
fn category_name_problem(name: &str) -> Option<&'static str> {
    if !(1..=60).contains(&name.chars().count()) {
        Some("category-name")
    } else if crate::editing::has_control_characters(name, false) {
        Some("category-control")
    } else {
        None
    }
}

/// Adds a category at the end; its address is the transliterated name.
/// `Ok(Some(code))` names what is wrong with the name.
pub async fn add_category(
    db: &Db,
    user: &User,
    name: &str,
) -> Result<Option<&'static str>, AppError> {
    admin_only(user)?;
    let name = name.trim();
    if let Some(code) = category_name_problem(name) {
        return Ok(Some(code));
    }
    let existing = categories::list(db).await?;
    let slug = slugify(name);
    if slug.is_empty() || existing.iter().any(|c| c.slug == slug || c.name == name) {
        return Ok(Some("category-taken"));
    }
    let position = existing.iter().map(|c| c.position).max().unwrap_or(0) + 1;
    categories::insert(db, &slug, name, position).await?;
    Ok(None)
}

/// Renames a category; its address stays, so links keep working.
pub async fn rename_category(
    db: &Db,
    user: &User,
    id: i64,
    name: &str,
) -> Result<Option<&'static str>, AppError> {
    admin_only(user)?;
    let name = name.trim();
    if let Some(code) = category_name_problem(name) {
        return Ok(Some(code));
    }
    if !categories::rename(db, id, name).await? {
        return Err(AppError::NotFound);
    }
    Ok(None)
}

/// Moves a category one place up (`-1`) or down (`1`).
pub async fn move_category(db: &Db, user: &User, id: i64, delta: i64) -> Result<(), AppError> {
    admin_only(user)?;
    let mut ids: Vec<i64> = categories::list(db).await?.iter().map(|c| c.id).collect();
    let from = ids
        .iter()
        .position(|c| *c == id)
        .ok_or(AppError::NotFound)?;
    let to = from as i64 + delta;
    if (0..ids.len() as i64).contains(&to) {
        ids.swap(from, to as usize);
        categories::reorder(db, &ids).await?;
    }
    Ok(())
}

pub async fn user_lines(db: &Db, user: &User) -> Result<Vec<UserLine>, AppError> {
    admin_only(user)?;
    Ok(users::list(db)
        .await?
        .into_iter()
        .map(|u| UserLine {
            login: u.login,
            name: u.name,
            role: Role::parse(&u.role).unwrap_or(Role::Author),
        })
        .collect())
}

/// What an admin changes about an account.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AccountChange {
    Role(String),
    /// A new password; the account's sessions end.
    Password(String),
}

/// Changes another account's role or password. Returns an error code for
/// the form (see `editing::form_message`) when the input is refused. An
/// admin cannot change their own role, so the site always keeps one.
pub async fn change_account(
    db: &Db,
    user: &User,
    login: &str,
    change: &AccountChange,
) -> Result<Option<&'static str>, AppError> {
    admin_only(user)?;
    if crate::editing::login_problem(login).is_some() {
        return Err(AppError::NotFound);
    }
    let account = users::by_login(db, login)
        .await?
        .ok_or(AppError::NotFound)?;
    match change {
        AccountChange::Role(role) => {
            let Some(role) = Role::parse(role) else {
                return Ok(Some("role"));
            };
            if account.id == user.id {
                return Ok(Some("own-role"));
            }
            users::set_role(db, account.id, role.as_str()).await?;
        }
        AccountChange::Password(password) => {
            if let Some(code) = crate::editing::password_problem(password) {
                return Ok(Some(code));
            }
            let hash = crate::auth::hash_password(password).await?;
            users::set_password(db, account.id, &hash).await?;
            crate::db::sessions::delete_for_user(db, account.id).await?;
        }
    }
    Ok(None)
}

pub fn role_choices() -> Vec<Choice> {
    Role::ALL
        .iter()
        .map(|r| Choice {
            value: r.as_str().to_string(),
            label: r.label().to_string(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_are_recognised_by_their_bytes() {
        assert_eq!(sniff_image(&[0xFF, 0xD8, 0xFF, 0xE0]), Some("image/jpeg"));
        assert_eq!(sniff_image(b"\x89PNG\r\n\x1a\n...."), Some("image/png"));
        assert_eq!(sniff_image(b"RIFF\0\0\0\0WEBPVP8 "), Some("image/webp"));
        assert_eq!(sniff_image(b"GIF89a"), None);
        assert_eq!(sniff_image(b"<svg xmlns="), None);
        assert_eq!(sniff_image(b"<html>.png"), None);
        assert_eq!(sniff_image(b""), None);
    }

    #[test]
    fn title_search_covers_cyrillic_case() {
        let patterns = title_patterns("  выборы ");
        assert!(patterns.contains(&"%выборы%".to_string()));
        assert!(patterns.contains(&"%Выборы%".to_string()));
        assert_eq!(title_patterns("   "), Vec::<String>::new());
        assert_eq!(title_patterns("100%_"), vec!["%100\\%\\_%".to_string()]);
        assert_eq!(
            title_patterns("a\u{0}b"),
            vec!["%Ab%".to_string(), "%ab%".to_string()]
        );
    }

    #[test]
    fn comparisons_mark_removed_and_added_lines() {
        let lines = diff_lines("a\nb\nc\n", "a\nc\nd\n");
        let marked: Vec<String> = lines
            .iter()
            .map(|l| format!("{}{}", l.kind, l.text))
            .collect();
        assert_eq!(marked, [" a", "-b", " c", "+d"]);
    }

    fn row(status: &str, published_at: Option<i64>) -> EditorRow {
        EditorRow {
            id: 1,
            slug: "s".into(),
            title: "t".into(),
            lead: String::new(),
            body: String::new(),
            category_id: 1,
            author_id: 1,
            status: status.into(),
            breaking: 0,
            published_at,
            created_at: 0,
            updated_at: 0,
            version: 1,
            image_id: None,
            image_alt: String::new(),
            updated_by_name: None,
        }
    }

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
        let published = row("published", Some(700));
        assert_eq!(
            publication(Status::Published, None, Some(&published), now),
            (Status::Published, Some(700))
        );
        assert_eq!(
            publication(Status::Draft, None, Some(&published), now),
            (Status::Draft, None)
        );
    }

    #[test]
    fn authors_edit_only_their_own_unpublished_work() {
        let author = User {
            id: 5,
            login: "a".into(),
            name: "A".into(),
            role: Role::Author,
            author_id: 1,
        };
        assert!(may_edit(&author, &row("draft", None)).is_ok());
        assert!(may_edit(&author, &row("review", None)).is_ok());
        assert_eq!(
            may_edit(&author, &row("published", Some(1))),
            Err(AppError::Forbidden)
        );
        let mut others = row("draft", None);
        others.author_id = 2;
        assert_eq!(may_edit(&author, &others), Err(AppError::Forbidden));
        let editor = User {
            role: Role::Editor,
            ..author
        };
        assert!(may_edit(&editor, &others).is_ok());
    }
}
