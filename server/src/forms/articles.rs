//! The article form (multipart: the image file rides along), its status
//! actions, revision restores, and the image upload of the hydrated form.

use super::{parse_id, see_other, FormFields};
use crate::error::HttpError;
use crate::session::{MaybeSignedIn, SignedIn};
use crate::state::AppState;
use app::domain::articles::CORRECTION_MAX_CHARS;
use app::domain::articles::{
    append_to_body, field, figure_line, ArticleForm, SaveOutcome, IMAGE_MAX_BYTES,
};
use app::domain::refusal::Refusal;
use app::error::AppError;
use app::server::articles::corrections::add_correction;
use app::server::articles::drafts::discard;
use app::server::articles::form::ArticleReplay;
use app::server::articles::preview::preview_form;
use app::server::articles::revisions::restore_revision;
use app::server::articles::save::save_article;
use app::server::articles::stash::{forget as forget_stash, keep as keep_stash};
use app::server::articles::status::{article_action, Action};
use app::server::docx::import::from_docx;
use app::server::media::{store_image, stored_image_url};
use app::server::presence::take_over;
use app::text::url::encode_component;
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, FromRequest, Multipart, Path, Request, State};
use axum::http::{request::Parts, StatusCode};
use axum::response::{IntoResponse, Json, Response};
use axum::routing::post;
use axum::Router;
use std::collections::HashMap;

/// Room for the largest image plus the form's text: the one exception to
/// the global body limit.
pub const UPLOAD_MAX_BYTES: usize = IMAGE_MAX_BYTES + 1024 * 1024;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/articles/{id}/action", post(action))
        .route("/admin/articles/{id}/corrections", post(correct))
        .route(
            "/admin/articles/{id}/deliveries/{delivery}/retry",
            post(retry_delivery),
        )
        .route("/admin/articles/{id}/push", post(send_breaking_push))
        .route(
            "/admin/articles/{id}/revisions/{revision}/restore",
            post(restore),
        )
        .route("/admin/articles/{id}/draft/discard", post(discard_draft))
        .route("/admin/articles/{id}/take", post(take))
}

/// «Из файла Word (.docx)» from the hydrated form: a document may weigh
/// more than an image (its own limit, set in `http.rs`).
pub fn docx_router() -> Router<AppState> {
    Router::new().route(
        "/admin/docx",
        post(upload_docx).layer(DefaultBodyLimit::max(DOCX_UPLOAD_MAX_BYTES)),
    )
}

/// The largest document plus the multipart envelope.
pub const DOCX_UPLOAD_MAX_BYTES: usize = app::server::docx::MAX_FILE_BYTES + 64 * 1024;

/// The forms that carry images, with their own body limit.
pub fn upload_router() -> Router<AppState> {
    let upload_limit = DefaultBodyLimit::max(UPLOAD_MAX_BYTES);
    Router::new()
        .route("/admin/articles/new", post(save).layer(upload_limit))
        .route("/admin/articles/{id}", post(save).layer(upload_limit))
        .route("/admin/images", post(upload_image).layer(upload_limit))
        .route("/admin/preview", post(preview_unsaved).layer(upload_limit))
}

/// A correction note. Refused, the form comes back with the typed note
/// (cut to a length a URL can carry) and the reason.
async fn correct(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<String>,
    fields: FormFields,
) -> Result<Response, HttpError> {
    let id = parse_id(&id)?;
    let note = fields.get("note");
    let now = state.site.now();
    Ok(
        match add_correction(&state.site.db, &user, id, &note, now).await? {
            None => see_other(&format!(
                "/admin/articles/{id}?notice=corrected#corrections"
            )),
            Some(refusal) => {
                let kept: String = note.chars().take(CORRECTION_MAX_CHARS + 100).collect();
                see_other(&format!(
                    "/admin/articles/{id}?correction={}&e_correction={}#corrections",
                    encode_component(&kept),
                    refusal.code()
                ))
            }
        },
    )
}

/// «Повторить» a failed Telegram delivery.
async fn retry_delivery(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path((id, delivery)): Path<(String, String)>,
) -> Result<Response, HttpError> {
    let (id, delivery) = (parse_id(&id)?, parse_id(&delivery)?);
    app::server::articles::deliveries::retry_delivery(
        &state.site.db,
        &user,
        id,
        delivery,
        state.site.now(),
    )
    .await?;
    Ok(see_other(&format!(
        "/admin/articles/{id}?notice=retrying#deliveries"
    )))
}

/// «Отправить уведомление», confirmed: the breaking push goes out.
async fn send_breaking_push(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<String>,
) -> Result<Response, HttpError> {
    let id = parse_id(&id)?;
    let queued = app::server::articles::deliveries::send_breaking_push(
        &state.site.db,
        &user,
        id,
        state.site.now(),
    )
    .await?;
    let notice = if queued {
        "push-queued"
    } else {
        "push-sent-before"
    };
    Ok(see_other(&format!(
        "/admin/articles/{id}?notice={notice}#deliveries"
    )))
}

/// A multipart body read whole: its text fields and its files by field
/// name (the featured image, the body's image).
pub(super) struct Posted {
    pub(super) fields: HashMap<String, String>,
    pub(super) files: HashMap<String, Vec<u8>>,
}

pub(super) async fn read_multipart(request: Request<Body>) -> Result<Posted, HttpError> {
    let mut multipart = Multipart::from_request(request, &())
        .await
        .map_err(|_| HttpError::from(Refusal::BrokenForm))?;
    let mut posted = Posted {
        fields: HashMap::new(),
        files: HashMap::new(),
    };
    while let Some(part) = multipart
        .next_field()
        .await
        .map_err(|_| HttpError::from(Refusal::FormIncomplete))?
    {
        let name = part.name().unwrap_or_default().to_string();
        let is_file = part.file_name().is_some();
        let bytes = part
            .bytes()
            .await
            .map_err(|_| HttpError::from(Refusal::FormIncomplete))?;
        if is_file {
            if !bytes.is_empty() {
                posted.files.insert(name, bytes.to_vec());
            }
        } else {
            // Browsers send UTF-8; anything else is not a typed form.
            let text = String::from_utf8(bytes.to_vec())
                .map_err(|_| HttpError::from(Refusal::BrokenForm))?;
            posted.fields.insert(name, text);
        }
    }
    Ok(posted)
}

/// The article form, posted as multipart. Posted after the session ended,
/// what was typed is kept for the sign-in (`stash`).
async fn save(
    State(state): State<AppState>,
    MaybeSignedIn(user): MaybeSignedIn,
    id: Option<Path<String>>,
    request: Request<Body>,
) -> Result<Response, HttpError> {
    let (parts, body) = request.into_parts();
    let id = id.map(|Path(id)| parse_id(&id)).transpose()?;
    let mut posted = read_multipart(Request::from_parts(parts.clone(), body)).await?;
    let mut form = ArticleForm::from_fields(id, |name| posted.fields.get(name).cloned());
    let db = &state.site.db;
    let now = state.site.now();
    let Some(user) = user else {
        return keep_for_sign_in(&state, &form, now).await;
    };
    let stash_token = posted.fields.remove(field::STASH);
    let refused =
        |field: &str, refusal: Refusal| SaveOutcome::Invalid([(field.to_string(), refusal)].into());
    if let Some(bytes) = posted.files.remove(field::IMAGE) {
        match store_image(db, &user, &bytes, now).await {
            Ok(image) => form.image_id = Some(image.id),
            Err(AppError::Refused(refusal)) => {
                let outcome = refused(field::IMAGE, refusal);
                return Ok(render_again(&state, parts, form, outcome).await);
            }
            Err(error) => return Err(error.into()),
        }
    }
    // A Word document: its text joins the body, and the form comes back
    // to be checked before anything is saved.
    if let Some(bytes) = posted.files.remove(field::DOCX) {
        return Ok(match from_docx(db, &user, &bytes, now).await {
            Ok(converted) => {
                append_to_body(&mut form.body, &converted.markup);
                let replay = ArticleReplay {
                    form,
                    outcome: SaveOutcome::Invalid(Default::default()),
                    notice: Some(app::messages::docx_added(converted.images_left_out)),
                };
                super::render_again(&state, parts, StatusCode::OK, replay).await
            }
            Err(AppError::Refused(refusal)) => {
                render_again(&state, parts, form, refused(field::DOCX, refusal)).await
            }
            Err(error) => return Err(error.into()),
        });
    }
    // The body image: a new file, or else one of the stored uploads.
    let inline_file = posted.files.remove(field::INLINE_IMAGE);
    let inline_stored = form.inline.stored.trim().parse::<i64>().ok();
    if inline_file.is_some() || inline_stored.is_some() {
        if form.inline.alt.trim().is_empty() {
            let outcome = refused(field::INLINE_ALT, Refusal::ImageAltMissing);
            return Ok(render_again(&state, parts, form, outcome).await);
        }
        let (stored, field) = match (inline_file, inline_stored) {
            (Some(bytes), _) => (
                store_image(db, &user, &bytes, now).await.map(|i| i.url),
                field::INLINE_IMAGE,
            ),
            (None, id) => (
                stored_image_url(db, id.unwrap_or(0)).await,
                field::INLINE_STORED,
            ),
        };
        let url = match stored {
            Ok(url) => url,
            Err(AppError::Refused(refusal)) => {
                let outcome = refused(field, refusal);
                return Ok(render_again(&state, parts, form, outcome).await);
            }
            Err(error) => return Err(error.into()),
        };
        let typed = std::mem::take(&mut form.inline);
        let line = figure_line(&url, typed.alt.trim(), &typed.caption, &typed.credit);
        append_to_body(&mut form.body, &line);
    }
    match save_article(db, &user, &form, now).await? {
        SaveOutcome::Saved(saved) => {
            if let Some(token) = stash_token {
                forget_stash(db, &token).await?;
            }
            Ok(see_other(&format!(
                "/admin/articles/{}?notice=saved",
                saved.id
            )))
        }
        outcome => Ok(render_again(&state, parts, form, outcome).await),
    }
}

/// A form posted without a session: kept (when within the limits) under a
/// token the sign-in page passes on, so that signing in again opens the
/// form with it. A file that came with it is not kept: the form says so
/// by what is missing, and the notice asks to check.
async fn keep_for_sign_in(
    state: &AppState,
    form: &ArticleForm,
    now: i64,
) -> Result<Response, HttpError> {
    let back = match form.id {
        Some(id) => format!("/admin/articles/{id}"),
        None => "/admin/articles/new".to_string(),
    };
    let location = match keep_stash(&state.site.db, form, now).await? {
        Some(token) => format!(
            "/admin/login?kept=1&next={}",
            encode_component(&format!("{back}?stash={token}"))
        ),
        None => format!("/admin/login?kept=0&next={}", encode_component(&back)),
    };
    Ok(see_other(&location))
}

/// «Предпросмотр»: the form as posted (a file that came with it aside),
/// as readers would get it, through the same render as their pages.
/// Nothing is written.
async fn preview_unsaved(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    request: Request<Body>,
) -> Result<Response, HttpError> {
    let (parts, body) = request.into_parts();
    let posted = read_multipart(Request::from_parts(parts.clone(), body)).await?;
    let id = posted
        .fields
        .get(field::ID)
        .and_then(|id| id.parse::<i64>().ok());
    let form = ArticleForm::from_fields(id, |name| posted.fields.get(name).cloned());
    let site = &state.site;
    let article = preview_form(&site.db, &user, &form, &site.public_url, site.now()).await?;
    let preview = app::pages::admin::UnsavedPreview { article, back: id };
    Ok(super::render_again(&state, parts, StatusCode::OK, preview).await)
}

/// Someone else has the article open: this editor takes it over (they
/// are told at once), then the form opens.
async fn take(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<String>,
) -> Result<Response, HttpError> {
    let id = parse_id(&id)?;
    take_over(&state.site.db, &user, id, state.site.now()).await?;
    Ok(see_other(&format!("/admin/articles/{id}?notice=taken")))
}

/// Renders the article form again with what was typed and what was wrong:
/// 422 for field errors, 409 for a conflict.
async fn render_again(
    state: &AppState,
    parts: Parts,
    form: ArticleForm,
    outcome: SaveOutcome,
) -> Response {
    let status = match outcome {
        SaveOutcome::Conflict(_) => StatusCode::CONFLICT,
        _ => StatusCode::UNPROCESSABLE_ENTITY,
    };
    let replay = ArticleReplay {
        form,
        outcome,
        notice: None,
    };
    super::render_again(state, parts, status, replay).await
}

async fn action(
    State(state): State<AppState>,
    Path(id): Path<String>,
    SignedIn(user): SignedIn,
    fields: FormFields,
) -> Result<Response, HttpError> {
    let id = parse_id(&id)?;
    let code = fields.get("do");
    let action = Action::parse(&code).ok_or(Refusal::UnknownAction)?;
    article_action(&state.site.db, &user, id, action, state.site.now()).await?;
    Ok(match action {
        Action::Delete => see_other("/admin?notice=delete"),
        _ => see_other(&format!("/admin/articles/{id}?notice={code}")),
    })
}

async fn restore(
    State(state): State<AppState>,
    Path((id, revision)): Path<(String, String)>,
    SignedIn(user): SignedIn,
) -> Result<Response, HttpError> {
    let (id, revision) = (parse_id(&id)?, parse_id(&revision)?);
    restore_revision(&state.site.db, &user, id, revision, state.site.now()).await?;
    Ok(see_other(&format!("/admin/articles/{id}?notice=revision")))
}

/// «Не восстанавливать»: the editor's autosaved version is dropped.
async fn discard_draft(
    State(state): State<AppState>,
    Path(id): Path<String>,
    SignedIn(user): SignedIn,
) -> Result<Response, HttpError> {
    let id = parse_id(&id)?;
    discard(&state.site.db, &user, id).await?;
    Ok(see_other(&format!(
        "/admin/articles/{id}?notice=draft-discarded"
    )))
}

/// `POST /admin/docx` (multipart, field `docx`), from the hydrated form:
/// JSON with the document's markup (`FromDocx`), or the refusal as
/// `upload_image` gives it. Nothing is saved but the document's images.
async fn upload_docx(
    State(state): State<AppState>,
    MaybeSignedIn(user): MaybeSignedIn,
    multipart: Multipart,
) -> Response {
    let file = FileUpload {
        part: field::DOCX,
        too_large: Refusal::DocxTooLarge,
        incomplete: Refusal::DocxTooLarge,
    };
    let (user, bytes) = match file.read(user, multipart).await {
        Ok(read) => read,
        Err(refused) => return refused,
    };
    match from_docx(&state.site.db, &user, &bytes, state.site.now()).await {
        Ok(converted) => Json(converted).into_response(),
        Err(error) => json_refusal(error.status(), error),
    }
}

/// `POST /admin/images` (multipart, field `image`), from the hydrated
/// form: JSON with the stored image, or `{"error": "…", "refusal": …}`
/// (the words, and the refusal the form shows) with the error's status.
async fn upload_image(
    State(state): State<AppState>,
    MaybeSignedIn(user): MaybeSignedIn,
    multipart: Multipart,
) -> Response {
    let file = FileUpload {
        part: field::IMAGE,
        too_large: Refusal::ImageTooLarge,
        incomplete: Refusal::UploadIncomplete,
    };
    let (user, bytes) = match file.read(user, multipart).await {
        Ok(read) => read,
        Err(refused) => return refused,
    };
    match store_image(&state.site.db, &user, &bytes, state.site.now()).await {
        Ok(image) => Json(image).into_response(),
        Err(error) => json_refusal(error.status(), error),
    }
}

/// A refusal as the hydrated form reads it: `{"error": "…", "refusal": …}`.
fn json_refusal(status: StatusCode, error: AppError) -> Response {
    let body = serde_json::json!({ "error": error.to_string(), "refusal": error.refusal() });
    (status, Json(body)).into_response()
}

/// One file sent at once by the hydrated form, and what refuses it.
struct FileUpload {
    part: &'static str,
    /// The file's part could not be read whole (over the limit).
    too_large: Refusal,
    /// The body stopped early.
    incomplete: Refusal,
}

impl FileUpload {
    /// The signed-in user and the file's bytes (empty when none came), or
    /// the JSON refusal.
    async fn read(
        &self,
        user: Option<app::server::accounts::User>,
        mut multipart: Multipart,
    ) -> Result<(app::server::accounts::User, Vec<u8>), Response> {
        let Some(user) = user else {
            return Err(json_refusal(
                StatusCode::UNAUTHORIZED,
                AppError::Unauthorized,
            ));
        };
        let refused =
            |refusal: &Refusal| json_refusal(StatusCode::PAYLOAD_TOO_LARGE, refusal.clone().into());
        let mut bytes = Vec::new();
        loop {
            match multipart.next_field().await {
                Ok(Some(part)) if part.name() == Some(self.part) => match part.bytes().await {
                    Ok(data) => bytes = data.to_vec(),
                    Err(_) => return Err(refused(&self.too_large)),
                },
                Ok(Some(_)) => {}
                Ok(None) => return Ok((user, bytes)),
                Err(_) => return Err(refused(&self.incomplete)),
            }
        }
    }
}
