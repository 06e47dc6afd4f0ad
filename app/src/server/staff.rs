//! The newsroom's staff, as admins keep it: accounts, roles, passwords.

use crate::db::{authors, sessions, users, Db};
use crate::domain::accounts::{login_problem, password_problem, Role, BIO_MAX_CHARS};
use crate::domain::articles::{has_control_characters, normalize_multiline};
use crate::domain::refusal::{FieldErrors, Refusal};
use crate::domain::workspace::{Choice, ProfileData, UserLine};
use crate::error::AppError;
use crate::server::accounts::passwords::hash_password;
use crate::server::accounts::User;
use crate::server::media::{image_url, store_image};
use crate::server::permissions::require_admin;
use crate::text::translit::{numbered_slug, slugify};

/// A new account, with a byline (author) of the same name.
#[derive(Clone, Debug, Default)]
pub struct NewUser {
    pub login: String,
    pub name: String,
    pub role: String,
    pub password: String,
}

/// Creates an account after checking every field.
pub async fn create_user(db: &Db, new: &NewUser, now: i64) -> Result<i64, CreateUserError> {
    let login = new.login.trim().to_lowercase();
    let name = new.name.trim();
    let mut errors = FieldErrors::new();
    if let Some(problem) = login_problem(&login) {
        errors.insert("login".into(), problem);
    } else if users::by_login(db, &login).await?.is_some() {
        errors.insert("login".into(), Refusal::LoginTaken);
    }
    if name.is_empty() || name.chars().count() > 100 {
        errors.insert("name".into(), Refusal::Name);
    } else if has_control_characters(name, false) {
        errors.insert("name".into(), Refusal::NameControl);
    }
    let role = Role::parse(&new.role);
    if role.is_none() {
        errors.insert("role".into(), Refusal::Role);
    }
    if let Some(problem) = password_problem(&new.password) {
        errors.insert("password".into(), problem);
    }
    let Some(role) = role.filter(|_| errors.is_empty()) else {
        return Err(CreateUserError::Invalid(errors));
    };
    let hash = hash_password(&new.password).await?;
    let author_id = new_byline(db, name, &login).await?;
    Ok(users::insert(db, &login, name, role, &hash, author_id, now).await?)
}

/// A byline for a new account: its name, at the first free address made
/// from the name (or the login).
async fn new_byline(db: &Db, name: &str, login: &str) -> Result<i64, sqlx::Error> {
    let base = match slugify(name) {
        slug if slug.is_empty() => slugify(login),
        slug => slug,
    };
    let base = if base.is_empty() {
        "avtor".to_string()
    } else {
        base
    };
    let mut n = 1;
    loop {
        let slug = numbered_slug(&base, n);
        if authors::by_slug(db, &slug).await?.is_none() {
            return authors::insert(db, &slug, name, "").await;
        }
        n += 1;
    }
}

/// An author's account brought from another system (a WordPress import):
/// role author and no password, so nobody signs in with it until an admin
/// sets one (an empty hash matches no password). `login` is made fit for
/// our rules; an account that has it already is used as it is. Returns the
/// account's byline.
pub async fn imported_author(
    db: &Db,
    login: &str,
    name: &str,
    now: i64,
) -> Result<i64, sqlx::Error> {
    let login = importable_login(login);
    if let Some(existing) = users::by_login(db, &login).await? {
        return Ok(existing.author_id);
    }
    let name = match name.trim() {
        "" => login.as_str(),
        name => name,
    };
    let author_id = new_byline(db, name, &login).await?;
    users::insert(db, &login, name, Role::Author, "", author_id, now).await?;
    Ok(author_id)
}

/// A login from another system made fit for ours: lower case, Latin
/// letters, digits, `.`, `_` and `-` (anything else transliterated or
/// made a hyphen), 3 to 40 characters.
pub fn importable_login(login: &str) -> String {
    let lower = login.trim().to_lowercase();
    let mut fitted = if login_problem(&lower).is_none() {
        lower
    } else {
        let mut out = String::new();
        for c in lower.chars() {
            if c.is_ascii_lowercase() || c.is_ascii_digit() || "._-".contains(c) {
                out.push(c);
            } else {
                let latin = slugify(&c.to_string());
                out.push_str(if latin.is_empty() { "-" } else { &latin });
            }
        }
        out.trim_matches('-').to_string()
    };
    fitted.truncate(40);
    while fitted.len() < 3 {
        fitted.push('_');
    }
    fitted
}

#[derive(Debug, thiserror::Error)]
pub enum CreateUserError {
    #[error("{0:?}")]
    Invalid(FieldErrors),
    #[error(transparent)]
    App(#[from] AppError),
}

impl From<sqlx::Error> for CreateUserError {
    fn from(error: sqlx::Error) -> Self {
        CreateUserError::App(error.into())
    }
}

pub async fn user_lines(db: &Db, user: &User) -> Result<Vec<UserLine>, AppError> {
    require_admin(user)?;
    let bylines = authors::list(db).await?;
    Ok(users::list(db)
        .await?
        .into_iter()
        .map(|u| {
            let byline = bylines.iter().find(|a| a.id == u.author_id);
            UserLine {
                login: u.login,
                name: u.name,
                role: u.role,
                bio: byline.map(|a| a.bio.clone()).unwrap_or_default(),
                photo_url: byline.and_then(|a| a.photo_id).map(image_url),
                bio_kk: byline.map(|a| a.bio_kk.clone()).unwrap_or_default(),
            }
        })
        .collect())
}

/// The signed-in person's own profile, whatever their role.
pub async fn own_profile(db: &Db, user: &User) -> Result<ProfileData, AppError> {
    let byline = authors::by_id(db, user.author_id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(ProfileData {
        user: user.view(),
        author_url: format!("/author/{}", byline.slug),
        line: UserLine {
            login: user.login.clone(),
            name: user.name.clone(),
            role: user.role,
            bio: byline.bio,
            photo_url: byline.photo_id.map(image_url),
            bio_kk: byline.bio_kk,
        },
    })
}

/// What happens to an author's photo.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PhotoChange {
    Keep,
    Remove,
    /// A new upload, checked like any image.
    Upload(Vec<u8>),
}

/// A bio as typed, checked: normalised, or why it is refused.
fn checked_bio(typed: &str) -> Result<String, Refusal> {
    let bio = normalize_multiline(typed);
    if has_control_characters(&bio, true) {
        return Err(Refusal::TextControl);
    }
    if bio.chars().count() > BIO_MAX_CHARS {
        return Err(Refusal::BioTooLong);
    }
    Ok(bio)
}

/// Sets the bios (Russian; Kazakh, kept when not sent) and photo of
/// account `login`'s byline: admins for anyone, everyone for themselves.
/// Returns the refusal the form shows, if any; then nothing is changed.
pub async fn set_profile(
    db: &Db,
    user: &User,
    login: &str,
    (bio, bio_kk): (&str, Option<&str>),
    photo: PhotoChange,
    now: i64,
) -> Result<Option<Refusal>, AppError> {
    let account = users::by_login(db, login)
        .await?
        .ok_or(AppError::NotFound)?;
    if account.id != user.id {
        require_admin(user)?;
    }
    let byline = authors::by_id(db, account.author_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let bio_kk = bio_kk.unwrap_or(&byline.bio_kk);
    let (bio, bio_kk) = match (checked_bio(bio), checked_bio(bio_kk)) {
        (Ok(bio), Ok(bio_kk)) => (bio, bio_kk),
        (Err(refusal), _) | (_, Err(refusal)) => return Ok(Some(refusal)),
    };
    let photo_id = match photo {
        PhotoChange::Keep => byline.photo_id,
        PhotoChange::Remove => None,
        PhotoChange::Upload(bytes) => match store_image(db, user, &bytes, now).await {
            Ok(image) => Some(image.id),
            Err(AppError::Refused(refusal)) => return Ok(Some(refusal)),
            Err(error) => return Err(error),
        },
    };
    authors::set_profile(db, byline.id, &bio, &bio_kk, photo_id).await?;
    Ok(None)
}

/// What an admin changes about an account.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AccountChange {
    Role(String),
    /// A new password; the account's sessions end.
    Password(String),
}

/// Changes another account's role or password. Returns the refusal the
/// form shows when the input is refused. An
/// admin cannot change their own role, so the site always keeps one.
pub async fn change_account(
    db: &Db,
    user: &User,
    login: &str,
    change: &AccountChange,
) -> Result<Option<Refusal>, AppError> {
    require_admin(user)?;
    if login_problem(login).is_some() {
        return Err(AppError::NotFound);
    }
    let account = users::by_login(db, login)
        .await?
        .ok_or(AppError::NotFound)?;
    match change {
        AccountChange::Role(role) => {
            let Some(role) = Role::parse(role) else {
                return Ok(Some(Refusal::Role));
            };
            if account.id == user.id {
                return Ok(Some(Refusal::OwnRole));
            }
            users::set_role(db, account.id, role).await?;
        }
        AccountChange::Password(password) => {
            if let Err(refusal) = set_password(db, account.id, password).await? {
                return Ok(Some(refusal));
            }
        }
    }
    Ok(None)
}

/// Sets account `user_id`'s password, if it passes the rule, and ends
/// the account's sessions. `Ok(Ok(n))`: `n` sessions ended. The admins'
/// form and `qalam user password` both come here.
pub async fn set_password(
    db: &Db,
    user_id: i64,
    password: &str,
) -> Result<Result<u64, Refusal>, AppError> {
    if let Some(refusal) = password_problem(password) {
        return Ok(Err(refusal));
    }
    let hash = hash_password(password).await?;
    users::set_password(db, user_id, &hash).await?;
    Ok(Ok(sessions::delete_for_user(db, user_id).await?))
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
    use super::importable_login;
    use crate::domain::accounts::login_problem;

    #[test]
    fn logins_from_another_system_are_made_fit_for_ours() {
        assert_eq!(importable_login("themedemos"), "themedemos");
        assert_eq!(importable_login("Aliya.Seitova"), "aliya.seitova");
        assert_eq!(importable_login("Әлия Сейітова"), "aliya-seyitova");
        assert_eq!(importable_login("ab"), "ab_");
        assert_eq!(importable_login("a@b.kz"), "a-b.kz");
        for login in ["Әлия Сейітова", "x", "a@b.kz", &"ы".repeat(60), "  "] {
            let fitted = importable_login(login);
            assert_eq!(login_problem(&fitted), None, "{login:?} → {fitted:?}");
        }
    }
}
