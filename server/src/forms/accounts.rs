//! The admins' staff forms: add an account, change a role or a password.

use super::{see_other, FormFields};
use crate::error::HttpError;
use crate::session::SignedIn;
use crate::state::AppState;
use app::domain::accounts::BIO_MAX_CHARS;
use app::domain::refusal::Refusal;
use app::server::permissions::require_admin;
use app::server::staff::{
    change_account, create_user, set_profile, AccountChange, CreateUserError, NewUser, PhotoChange,
};
use app::text::url::encode_component;
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, Path, Request, State};
use axum::response::Response;
use axum::routing::post;
use axum::Router;

/// The author profile (bio and photo): multipart, with the upload limit.
pub fn upload_router() -> Router<AppState> {
    Router::new().route(
        "/admin/users/{login}/profile",
        post(profile).layer(DefaultBodyLimit::max(super::UPLOAD_MAX_BYTES)),
    )
}

/// An author's bio and photo, from the staff page (admins) or by the
/// person themself. Refused, the page comes back with the typed bio.
async fn profile(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(login): Path<String>,
    request: Request<Body>,
) -> Result<Response, HttpError> {
    let mut posted = super::articles::read_multipart(request).await?;
    let bio = posted.fields.get("bio").cloned().unwrap_or_default();
    let bio_kk = posted.fields.get("bio_kk").cloned();
    let photo = match posted.files.remove("photo") {
        Some(bytes) => PhotoChange::Upload(bytes),
        None if posted.fields.contains_key("remove_photo") => PhotoChange::Remove,
        None => PhotoChange::Keep,
    };
    let now = state.site.now();
    // Back to the page the form was on: one's own profile, or the staff.
    let own_page = posted.fields.get("back").is_some_and(|b| b == "profile");
    Ok(
        match set_profile(
            &state.site.db,
            &user,
            &login,
            (&bio, bio_kk.as_deref()),
            photo,
            now,
        )
        .await?
        {
            None if own_page => see_other("/admin/profile?notice=profile"),
            None => see_other("/admin/users?notice=profile"),
            Some(refusal) => {
                let keep = |text: &str| {
                    encode_component(&text.chars().take(BIO_MAX_CHARS + 100).collect::<String>())
                };
                let kept = format!(
                    "bio={}&bio_kk={}",
                    keep(&bio),
                    keep(bio_kk.as_deref().unwrap_or_default())
                );
                let login = encode_component(&login);
                let code = refusal.code();
                see_other(&if own_page {
                    format!("/admin/profile?{kept}&e_profile={code}")
                } else {
                    format!("/admin/users?profile={login}&{kept}&e_profile={code}#profile-{login}")
                })
            }
        },
    )
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/users", post(add))
        .route("/admin/users/{login}", post(change))
}

async fn add(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    fields: FormFields,
) -> Result<Response, HttpError> {
    require_admin(&user)?;
    let new = NewUser {
        login: fields.get("login"),
        name: fields.get("name"),
        role: fields.get("role"),
        password: fields.get("password"),
    };
    match create_user(&state.site.db, &new, state.site.now()).await {
        Ok(_) => Ok(see_other("/admin/users?notice=user")),
        Err(CreateUserError::Invalid(refusals)) => {
            // Typed values come back, except the password.
            let mut query = vec![
                format!("login={}", encode_component(&new.login)),
                format!("name={}", encode_component(&new.name)),
                format!("role={}", encode_component(&new.role)),
            ];
            for (field, refusal) in refusals {
                query.push(format!("e_{field}={}", refusal.code()));
            }
            Ok(see_other(&format!("/admin/users?{}", query.join("&"))))
        }
        Err(CreateUserError::App(error)) => Err(error.into()),
    }
}

/// An admin changes another account's role or password.
async fn change(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(login): Path<String>,
    fields: FormFields,
) -> Result<Response, HttpError> {
    let change = match fields.get("do").as_str() {
        "role" => AccountChange::Role(fields.get("role")),
        "password" => AccountChange::Password(fields.get("password")),
        _ => return Err(Refusal::UnknownAction.into()),
    };
    Ok(
        match change_account(&state.site.db, &user, &login, &change).await? {
            None => see_other("/admin/users?notice=account"),
            Some(refusal) => see_other(&format!(
                "/admin/users?account={}&e_account={}",
                encode_component(&login),
                refusal.code()
            )),
        },
    )
}
