//! The editors' plain form posts (they work without JavaScript), the image
//! upload and image serving, and the sign-in redirect for the workspace.
//!
//! Short forms answer with a 303 redirect (Post/Redirect/Get), carrying
//! error codes and typed values in the query when something is wrong. The
//! article form, too long for a URL, is rendered again on the spot with
//! everything typed. All rules live in `app::editor` and `app::auth`.

use crate::security::message_page;
use crate::state::AppState;
use app::auth::{self, User};
use app::editing::{ArticleForm, SaveOutcome, IMAGE_MAX_BYTES};
use app::editor::{self, Action, ArticleReplay};
use app::error::AppError;
use app::text::url::encode_component;
use axum::body::Body;
use axum::extract::{
    ConnectInfo, DefaultBodyLimit, FromRequest, FromRequestParts, Multipart, Path, Request, State,
};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Json, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use leptos::prelude::provide_context;
use std::collections::HashMap;
use std::net::SocketAddr;

/// The routes of this module, merged into the app's router.
/// Room for the largest image plus the form's text: the one exception to
/// the global body limit.
pub const UPLOAD_MAX_BYTES: usize = IMAGE_MAX_BYTES + 1024 * 1024;

/// The forms that carry images (the router gives them their own body
/// limit and timeout).
pub fn upload_routes() -> Router<AppState> {
    let upload_limit = DefaultBodyLimit::max(UPLOAD_MAX_BYTES);
    Router::new()
        .route(
            "/admin/articles/new",
            post(save_article_form).layer(upload_limit),
        )
        .route(
            "/admin/articles/{id}",
            post(save_article_form).layer(upload_limit),
        )
        .route("/admin/images", post(upload_image).layer(upload_limit))
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/login", post(sign_in))
        .route("/admin/logout", post(sign_out))
        .route("/admin/articles/{id}/action", post(article_action))
        .route(
            "/admin/articles/{id}/revisions/{revision}/restore",
            post(restore_revision),
        )
        .route("/admin/categories", post(add_category))
        .route("/admin/categories/{id}", post(change_category))
        .route("/admin/users", post(add_user))
        .route("/admin/users/{login}", post(change_user))
        .route("/media/{id}", get(image))
}

fn see_other(location: &str) -> Response {
    Redirect::to(location).into_response()
}

/// The request's user: the one the session middleware resolved, or else
/// a lookup of the session cookie.
async fn user_from(
    state: &AppState,
    parts: &axum::http::request::Parts,
) -> Result<Option<User>, AppError> {
    if let Some(auth::RequestUser(user)) = parts.extensions.get::<auth::RequestUser>() {
        return Ok(user.clone());
    }
    let Some(token) = auth::token_from_headers(&parts.headers) else {
        return Ok(None);
    };
    let site = &state.site;
    Ok(auth::user_for_token(&site.db, &token, site.now(), &site.sessions).await?)
}

/// The request's user, if signed in.
pub struct MaybeSignedIn(pub Option<User>);

impl FromRequestParts<AppState> for MaybeSignedIn {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &AppState,
    ) -> Result<Self, Response> {
        user_from(state, parts)
            .await
            .map(MaybeSignedIn)
            .map_err(error_response)
    }
}

/// The signed-in user, as an extractor: without a valid session the
/// request is answered with a redirect to the sign-in page.
pub struct SignedIn(pub User);

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &AppState,
    ) -> Result<Self, Response> {
        match MaybeSignedIn::from_request_parts(parts, state).await? {
            MaybeSignedIn(Some(user)) => Ok(SignedIn(user)),
            MaybeSignedIn(None) => Err(see_other("/admin/login")),
        }
    }
}

fn broken_form() -> AppError {
    AppError::BadRequest(
        "Форма пришла повреждённой. Обновите страницу и отправьте её ещё раз.".into(),
    )
}

/// The fields of a urlencoded form post; a body that is not one gets our
/// page with a 400, not the framework's English text.
pub struct FormFields(pub HashMap<String, String>);

impl<S: Send + Sync> FromRequest<S> for FormFields {
    type Rejection = Response;

    async fn from_request(request: Request<Body>, state: &S) -> Result<Self, Response> {
        match Form::<HashMap<String, String>>::from_request(request, state).await {
            Ok(Form(fields)) => Ok(FormFields(fields)),
            // Over the body limit while it was read (no Content-Length).
            Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                Err(crate::limits::too_large())
            }
            Err(_) => Err(error_response(broken_form())),
        }
    }
}

fn error_response(error: AppError) -> Response {
    let title = match error {
        AppError::Forbidden => "Недостаточно прав",
        AppError::NotFound => "Не найдено",
        _ => "Не получилось",
    };
    message_page(error.status(), title, &error.to_string())
}

/// Resolves the session of workspace requests (pages, form posts and
/// `/api/admin/…`) once and passes it on in the request's extensions, for
/// the handler and every server function of the request. Every workspace
/// page but the sign-in page needs a session: without one, the browser is
/// sent to sign in.
pub async fn resolve_session(
    State(state): State<AppState>,
    request: Request<Body>,
    next: Next,
) -> Response {
    let path = request.uri().path();
    if !crate::security::is_workspace_path(path) {
        return next.run(request).await;
    }
    let workspace = !path.starts_with("/api/");
    let guarded = workspace && request.method() == Method::GET && path != "/admin/login";
    let (mut parts, body) = request.into_parts();
    let user = match user_from(&state, &parts).await {
        Ok(user) => user,
        Err(error) => return error_response(error),
    };
    if guarded && user.is_none() {
        return see_other("/admin/login");
    }
    parts.extensions.insert(auth::RequestUser(user));
    next.run(Request::from_parts(parts, body)).await
}

async fn sign_in(State(state): State<AppState>, request: Request<Body>) -> Response {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|info| info.0);
    let headers = request.headers().clone();
    let FormFields(fields) = match FormFields::from_request(request, &()).await {
        Ok(fields) => fields,
        Err(refusal) => return refusal,
    };
    let field = |name: &str| fields.get(name).cloned().unwrap_or_default();
    let login = field("login");
    let client = crate::client::client_address(state.client_ip_header.as_ref(), &headers, peer);
    let db = &state.site.db;
    match auth::sign_in(db, &login, &field("password"), &client, state.site.now()).await {
        Ok((user, token)) => {
            // A new session id at every sign-in; the old one (if any) ends.
            if let Some(old) = auth::token_from_headers(&headers) {
                if let Err(error) = auth::sign_out(db, &old).await {
                    tracing::warn!(%error, "could not end the previous session");
                }
            }
            tracing::info!(login = %user.login, "signed in");
            let mut response = see_other("/admin");
            if let Ok(cookie) =
                HeaderValue::from_str(&auth::session_cookie(&token, &state.site.sessions))
            {
                response.headers_mut().insert(header::SET_COOKIE, cookie);
            }
            response
        }
        Err(error) => match error.code() {
            Some(code) => {
                tracing::info!(%client, "sign-in refused: {code}");
                let counter = match error {
                    auth::SignInError::Throttled { .. } => "qalam_sign_in_throttled_total",
                    _ => "qalam_sign_in_failures_total",
                };
                metrics::counter!(counter).increment(1);
                see_other(&format!(
                    "/admin/login?login={}&e_login={code}",
                    encode_component(login.trim())
                ))
            }
            None => error_response(AppError::Unavailable),
        },
    }
}

async fn sign_out(State(state): State<AppState>, headers: HeaderMap) -> Response {
    if let Some(token) = auth::token_from_headers(&headers) {
        if let Err(error) = auth::sign_out(&state.site.db, &token).await {
            return error_response(error.into());
        }
    }
    let mut response = see_other("/admin/login?bye=1");
    if let Ok(cookie) = HeaderValue::from_str(&auth::cleared_cookie(&state.site.sessions)) {
        response.headers_mut().insert(header::SET_COOKIE, cookie);
    }
    response
}

/// An id from the path; anything but a number is a 404.
fn parse_id(text: &str) -> Option<i64> {
    text.parse::<i64>().ok()
}

/// The article form, posted as multipart (the image file rides along).
async fn save_article_form(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    id: Option<Path<String>>,
    request: Request<Body>,
) -> Response {
    let (parts, body) = request.into_parts();
    let id = match id.map(|Path(id)| parse_id(&id)) {
        None => None,
        Some(Some(id)) => Some(id),
        Some(None) => return error_response(AppError::NotFound),
    };
    let request = Request::from_parts(parts.clone(), body);
    let mut multipart = match Multipart::from_request(request, &()).await {
        Ok(multipart) => multipart,
        Err(_) => return error_response(broken_form()),
    };
    let mut fields: HashMap<String, String> = HashMap::new();
    let mut file: Option<Vec<u8>> = None;
    loop {
        match multipart.next_field().await {
            Ok(Some(field)) => {
                let name = field.name().unwrap_or_default().to_string();
                let is_file = field.file_name().is_some();
                match field.bytes().await {
                    Ok(bytes) if is_file => {
                        if !bytes.is_empty() {
                            file = Some(bytes.to_vec());
                        }
                    }
                    Ok(bytes) => match String::from_utf8(bytes.to_vec()) {
                        Ok(text) => {
                            fields.insert(name, text);
                        }
                        // Browsers send UTF-8; anything else is not a typed form.
                        Err(_) => return error_response(broken_form()),
                    },
                    Err(_) => {
                        return error_response(AppError::BadRequest(
                            "Файл больше 8 МБ или форма пришла не полностью.".into(),
                        ))
                    }
                }
            }
            Ok(None) => break,
            Err(_) => {
                return error_response(AppError::BadRequest(
                    "Файл больше 8 МБ или форма пришла не полностью.".into(),
                ))
            }
        }
    }
    let field = |name: &str| fields.get(name).cloned().unwrap_or_default();
    let mut form = ArticleForm {
        id,
        version: field("version").parse().unwrap_or(0),
        title: field("title"),
        slug: field("slug"),
        category: field("category"),
        lead: field("lead"),
        body: field("body"),
        breaking: fields.contains_key("breaking"),
        status: field("status"),
        publish_at: field("publish_at"),
        image_id: field("image_id").parse().ok(),
        image_alt: field("image_alt"),
        tags: field("tags"),
    };
    if fields.contains_key("remove_image") {
        form.image_id = None;
    }
    let db = &state.site.db;
    let now = state.site.now();
    if let Some(bytes) = file {
        match editor::store_image(db, &user, &bytes, now).await {
            Ok(image) => form.image_id = Some(image.id),
            Err(AppError::BadRequest(message)) => {
                let outcome = SaveOutcome::Invalid([("image".to_string(), message)].into());
                return render_again(&state, parts, form, outcome).await;
            }
            Err(error) => return error_response(error),
        }
    }
    match editor::save_article(db, &user, &form, now).await {
        Ok(SaveOutcome::Saved(saved)) => {
            see_other(&format!("/admin/articles/{}?notice=saved", saved.id))
        }
        Ok(outcome) => render_again(&state, parts, form, outcome).await,
        Err(error) => error_response(error),
    }
}

/// Renders the article form again with what was typed and what was wrong:
/// 422 for field errors, 409 for a conflict.
async fn render_again(
    state: &AppState,
    parts: axum::http::request::Parts,
    form: ArticleForm,
    outcome: SaveOutcome,
) -> Response {
    let status = match outcome {
        SaveOutcome::Conflict(_) => StatusCode::CONFLICT,
        _ => StatusCode::UNPROCESSABLE_ENTITY,
    };
    let replay = ArticleReplay { form, outcome };
    let site = state.site.clone();
    let options = state.leptos_options.clone();
    let render = leptos_axum::render_app_async_with_context(
        move || {
            provide_context(site.clone());
            provide_context(replay.clone());
        },
        move || app::shell(options.clone()),
    );
    let mut parts = parts;
    parts.method = Method::GET;
    parts.headers.remove(header::CONTENT_TYPE);
    parts.headers.remove(header::CONTENT_LENGTH);
    let mut response = render(Request::from_parts(parts, Body::empty())).await;
    if response.status() == StatusCode::OK {
        *response.status_mut() = status;
    }
    response
}

async fn article_action(
    State(state): State<AppState>,
    Path(id): Path<String>,
    SignedIn(user): SignedIn,
    FormFields(fields): FormFields,
) -> Response {
    let Some(id) = parse_id(&id) else {
        return error_response(AppError::NotFound);
    };
    let Some(action) = fields.get("do").and_then(|a| Action::parse(a)) else {
        return error_response(AppError::BadRequest("Неизвестное действие.".into()));
    };
    match editor::article_action(&state.site.db, &user, id, action, state.site.now()).await {
        Ok(()) if action == Action::Delete => see_other("/admin?notice=delete"),
        Ok(()) => {
            let code = fields.get("do").map(String::as_str).unwrap_or_default();
            see_other(&format!("/admin/articles/{id}?notice={code}"))
        }
        Err(error) => error_response(error),
    }
}

async fn restore_revision(
    State(state): State<AppState>,
    Path((id, revision)): Path<(String, String)>,
    SignedIn(user): SignedIn,
) -> Response {
    let (Ok(id), Ok(revision)) = (id.parse::<i64>(), revision.parse::<i64>()) else {
        return error_response(AppError::NotFound);
    };
    match editor::restore_revision(&state.site.db, &user, id, revision, state.site.now()).await {
        Ok(()) => see_other(&format!("/admin/articles/{id}?notice=revision")),
        Err(error) => error_response(error),
    }
}

async fn add_category(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    FormFields(fields): FormFields,
) -> Response {
    let name = fields.get("name").cloned().unwrap_or_default();
    match editor::add_category(&state.site.db, &user, &name).await {
        Ok(None) => see_other("/admin/categories?notice=category"),
        Ok(Some(code)) => see_other(&format!(
            "/admin/categories?name={}&e_name={code}",
            encode_component(&name)
        )),
        Err(error) => error_response(error),
    }
}

async fn change_category(
    State(state): State<AppState>,
    Path(id): Path<String>,
    SignedIn(user): SignedIn,
    FormFields(fields): FormFields,
) -> Response {
    let Some(id) = parse_id(&id) else {
        return error_response(AppError::NotFound);
    };
    let db = &state.site.db;
    let name = fields.get("name").cloned().unwrap_or_default();
    let result = match fields.get("do").map(String::as_str) {
        Some("up") => editor::move_category(db, &user, id, -1).await.map(|_| None),
        Some("down") => editor::move_category(db, &user, id, 1).await.map(|_| None),
        Some("rename") => editor::rename_category(db, &user, id, &name).await,
        _ => Err(AppError::BadRequest("Неизвестное действие.".into())),
    };
    match result {
        Ok(None) => see_other("/admin/categories?notice=category"),
        // The refused name comes back in its own row.
        Ok(Some(code)) => see_other(&format!(
            "/admin/categories?rename={id}&rename_name={}&e_rename={code}",
            encode_component(&name)
        )),
        Err(error) => error_response(error),
    }
}

async fn add_user(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    FormFields(fields): FormFields,
) -> Response {
    if !user.role.is_admin() {
        return error_response(AppError::Forbidden);
    }
    let field = |name: &str| fields.get(name).cloned().unwrap_or_default();
    let new = auth::NewUser {
        login: field("login"),
        name: field("name"),
        role: field("role"),
        password: field("password"),
    };
    match auth::create_user(&state.site.db, &new, state.site.now()).await {
        Ok(_) => see_other("/admin/users?notice=user"),
        Err(auth::CreateUserError::Invalid(errors)) => {
            // Typed values come back, except the password.
            let mut query = vec![
                format!("login={}", encode_component(&new.login)),
                format!("name={}", encode_component(&new.name)),
                format!("role={}", encode_component(&new.role)),
            ];
            for (field, code) in errors {
                query.push(format!("e_{field}={code}"));
            }
            see_other(&format!("/admin/users?{}", query.join("&")))
        }
        Err(auth::CreateUserError::App(error)) => error_response(error),
    }
}

/// An admin changes another account's role or password.
async fn change_user(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(login): Path<String>,
    FormFields(fields): FormFields,
) -> Response {
    let field = |name: &str| fields.get(name).cloned().unwrap_or_default();
    let change = match field("do").as_str() {
        "role" => editor::AccountChange::Role(field("role")),
        "password" => editor::AccountChange::Password(field("password")),
        _ => return error_response(AppError::BadRequest("Неизвестное действие.".into())),
    };
    match editor::change_account(&state.site.db, &user, &login, &change).await {
        Ok(None) => see_other("/admin/users?notice=account"),
        Ok(Some(code)) => see_other(&format!(
            "/admin/users?account={}&e_account={code}",
            encode_component(&login)
        )),
        Err(error) => error_response(error),
    }
}

/// `POST /admin/images` (multipart, field `image`), from the hydrated
/// form: JSON with the stored image, or `{"error": "…"}` with 400.
async fn upload_image(
    State(state): State<AppState>,
    MaybeSignedIn(user): MaybeSignedIn,
    mut multipart: Multipart,
) -> Response {
    let json_error = |status: StatusCode, message: String| {
        (status, Json(serde_json::json!({ "error": message }))).into_response()
    };
    let Some(user) = user else {
        return json_error(StatusCode::UNAUTHORIZED, AppError::Unauthorized.to_string());
    };
    let mut bytes = None;
    loop {
        match multipart.next_field().await {
            Ok(Some(field)) if field.name() == Some("image") => match field.bytes().await {
                Ok(data) => bytes = Some(data),
                Err(_) => {
                    return json_error(
                        StatusCode::PAYLOAD_TOO_LARGE,
                        "Файл больше 8 МБ. Уменьшите изображение.".into(),
                    )
                }
            },
            Ok(Some(_)) => {}
            Ok(None) => break,
            Err(_) => {
                return json_error(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "Файл больше 8 МБ или пришёл не полностью.".into(),
                )
            }
        }
    }
    let bytes = bytes.unwrap_or_default();
    match editor::store_image(&state.site.db, &user, &bytes, state.site.now()).await {
        Ok(image) => Json(image).into_response(),
        Err(error) => json_error(error.status(), error.to_string()),
    }
}

/// `GET /media/{id}`: a stored image. Images never change, so browsers and
/// CDNs may keep them for a year.
async fn image(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    let Ok(id) = id.parse::<i64>() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    match app::db::images::file(&state.site.db, id).await {
        Ok(Some(file)) => {
            let mut response = file.bytes.into_response();
            let headers = response.headers_mut();
            if let Ok(content_type) = HeaderValue::from_str(&file.content_type) {
                headers.insert(header::CONTENT_TYPE, content_type);
            }
            headers.insert(
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=31536000, immutable"),
            );
            response
        }
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(error) => {
            tracing::error!(%error, "image read failed");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}
