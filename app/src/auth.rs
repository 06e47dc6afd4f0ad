//! Accounts, passwords, server-side sessions and sign-in throttling.
//!
//! Passwords are hashed with argon2id. A session is a random 256-bit token
//! in an HttpOnly cookie; the database keeps only its SHA-256, with the
//! times that enforce the idle timeout and the absolute lifetime. Every
//! function takes the clock as `now` so tests can move time.

use crate::db::{authors, sessions, users, Db};
use crate::editing::{login_problem, password_problem, FieldErrors, Role};
use crate::error::AppError;
use crate::text::translit::{numbered_slug, slugify};
use argon2::password_hash::rand_core::{OsRng, RngCore};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use sha2::{Digest, Sha256};
use std::sync::OnceLock;

pub const SESSION_COOKIE: &str = "qalam_session";
/// Failures allowed per account and per address before delays start.
pub const FREE_FAILURES: i64 = 5;
/// The first delay after the free failures; it doubles with each failure.
const FIRST_DELAY_SECONDS: i64 = 30;
const LONGEST_DELAY_SECONDS: i64 = 3600;
/// How often `last_seen_at` is written (the idle clock's resolution).
const TOUCH_EVERY_SECONDS: i64 = 60;

/// How long sessions live.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SessionPolicy {
    /// A session unused for this long ends.
    pub idle_seconds: i64,
    /// A session ends this long after sign-in, however busy.
    pub lifetime_seconds: i64,
    /// Mark the cookie `Secure` (the site is served over HTTPS).
    pub secure_cookie: bool,
}

impl Default for SessionPolicy {
    fn default() -> Self {
        SessionPolicy {
            idle_seconds: 8 * 3600,
            lifetime_seconds: 7 * 24 * 3600,
            secure_cookie: false,
        }
    }
}

/// A signed-in user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct User {
    pub id: i64,
    pub login: String,
    pub name: String,
    pub role: Role,
    /// The byline of this user's articles.
    pub author_id: i64,
}

impl User {
    pub fn view(&self) -> crate::model::CurrentUser {
        crate::model::CurrentUser {
            name: self.name.clone(),
            login: self.login.clone(),
            role: self.role,
        }
    }
}

fn argon2() -> Argon2<'static> {
    // argon2id, version 0x13, OWASP's parameters (19 MiB, 2 passes).
    Argon2::default()
}

/// Hashes a password with argon2id off the async threads (it takes tens of
/// milliseconds on purpose).
pub async fn hash_password(password: &str) -> Result<String, AppError> {
    let password = password.to_string();
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        argon2()
            .hash_password(password.as_bytes(), &salt)
            .map(|hash| hash.to_string())
    })
    .await
    .map_err(|_| AppError::Internal)?
    .map_err(|error| {
        tracing::error!(%error, "password hashing failed");
        AppError::Internal
    })
}

/// Checks `password` against a stored hash (false for a malformed hash).
pub async fn verify_password(hash: &str, password: &str) -> bool {
    let hash = hash.to_string();
    let password = password.to_string();
    tokio::task::spawn_blocking(move || {
        PasswordHash::new(&hash)
            .map(|parsed| {
                argon2()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false)
    })
    .await
    .unwrap_or(false)
}

/// A hash to verify against when the login does not exist, so that a
/// wrong login takes as long as a wrong password.
async fn decoy_hash() -> &'static str {
    static DECOY: OnceLock<String> = OnceLock::new();
    if let Some(hash) = DECOY.get() {
        return hash;
    }
    let hash = hash_password("decoy password for unknown logins")
        .await
        .unwrap_or_default();
    DECOY.get_or_init(|| hash)
}

fn new_token() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    hex(&bytes)
}

fn hash_token(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The delay owed after `failures` failed attempts.
pub fn throttle_delay(failures: i64) -> i64 {
    if failures < FREE_FAILURES {
        return 0;
    }
    let doublings = (failures - FREE_FAILURES).min(10) as u32;
    (FIRST_DELAY_SECONDS << doublings).min(LONGEST_DELAY_SECONDS)
}

#[derive(Debug, thiserror::Error)]
pub enum SignInError {
    /// Wrong login or password; which one is never said.
    #[error("Неверный логин или пароль.")]
    Invalid,
    #[error("{}", crate::editing::throttle_message(*.wait_seconds as u64))]
    Throttled { wait_seconds: i64 },
    #[error(transparent)]
    App(#[from] AppError),
}

impl From<sqlx::Error> for SignInError {
    fn from(error: sqlx::Error) -> Self {
        SignInError::App(error.into())
    }
}

impl SignInError {
    /// The code the sign-in page shows (see `editing::form_message`).
    pub fn code(&self) -> Option<String> {
        match self {
            SignInError::Invalid => Some("sign-in".into()),
            SignInError::Throttled { wait_seconds } => Some(format!("wait-{wait_seconds}")),
            SignInError::App(_) => None,
        }
    }
}

/// The throttling counters a sign-in attempt counts against: the login's
/// (when it is one an account could have; others cannot be guessed at)
/// and the address's.
fn throttle_keys(login: &str, client: &str) -> Vec<String> {
    let mut keys = vec![format!("ip:{client}")];
    if login_problem(login).is_none() {
        keys.push(format!("login:{login}"));
    }
    keys
}

/// Checks a login and password and opens a new session. `client` is the
/// caller's address. Failures are counted per login (existing or not) and
/// per address; past [`FREE_FAILURES`] each must wait, longer every time.
pub async fn sign_in(
    db: &Db,
    login: &str,
    password: &str,
    client: &str,
    now: i64,
) -> Result<(User, String), SignInError> {
    let login = login.trim().to_lowercase();
    let keys = throttle_keys(&login, client);
    let mut wait = 0;
    for key in &keys {
        if let Some((failures, last)) = sessions::failures(db, key).await? {
            wait = wait.max(last + throttle_delay(failures) - now);
        }
    }
    if wait > 0 {
        return Err(SignInError::Throttled { wait_seconds: wait });
    }
    // A login no account can have (PostgreSQL would even refuse a NUL in
    // it) is looked up nowhere, but checked against the decoy all the same.
    let row = match login_problem(&login) {
        None => users::by_login(db, &login).await?,
        Some(_) => None,
    };
    let hash = match &row {
        Some(row) => row.password_hash.as_str(),
        None => decoy_hash().await,
    };
    let valid = verify_password(hash, password).await && row.is_some();
    let Some(row) = row.filter(|_| valid) else {
        for key in &keys {
            sessions::record_failure(db, key, now).await?;
        }
        return Err(SignInError::Invalid);
    };
    // Only the account's counter is cleared: one valid account must not
    // reset the count of an address that is guessing others.
    sessions::clear_failures(db, &format!("login:{login}")).await?;
    let token = new_token();
    sessions::insert(db, &hash_token(&token), row.id, now).await?;
    let user = User {
        id: row.id,
        login: row.login,
        name: row.name,
        role: Role::parse(&row.role).unwrap_or(Role::Author),
        author_id: row.author_id,
    };
    Ok((user, token))
}

/// The user of a session token, if the session exists and has neither been
/// idle too long nor outlived its lifetime. Expired sessions are deleted.
pub async fn user_for_token(
    db: &Db,
    token: &str,
    now: i64,
    policy: &SessionPolicy,
) -> Result<Option<User>, sqlx::Error> {
    let token_hash = hash_token(token);
    let Some(row) = sessions::find(db, &token_hash).await? else {
        return Ok(None);
    };
    let idle = now - row.last_seen_at > policy.idle_seconds;
    let too_old = now - row.created_at > policy.lifetime_seconds;
    if idle || too_old {
        sessions::delete(db, &token_hash).await?;
        return Ok(None);
    }
    if now - row.last_seen_at >= TOUCH_EVERY_SECONDS {
        sessions::touch(db, &token_hash, now).await?;
    }
    Ok(Some(User {
        id: row.user_id,
        login: row.login,
        name: row.name,
        role: Role::parse(&row.role).unwrap_or(Role::Author),
        author_id: row.author_id,
    }))
}

/// Ends a session on the server.
pub async fn sign_out(db: &Db, token: &str) -> Result<(), sqlx::Error> {
    sessions::delete(db, &hash_token(token)).await
}

/// The `Set-Cookie` value that carries a new session.
pub fn session_cookie(token: &str, policy: &SessionPolicy) -> String {
    let secure = if policy.secure_cookie { "; Secure" } else { "" };
    format!(
        "{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{secure}",
        policy.lifetime_seconds
    )
}

/// The `Set-Cookie` value that removes the session cookie.
pub fn cleared_cookie(policy: &SessionPolicy) -> String {
    let secure = if policy.secure_cookie { "; Secure" } else { "" };
    format!("{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{secure}")
}

/// The session token from a request's `Cookie` headers.
pub fn token_from_headers(headers: &http::HeaderMap) -> Option<String> {
    headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, value)| *name == SESSION_COOKIE && !value.is_empty())
        .map(|(_, value)| value.to_string())
}

/// The request's user, looked up once by the server's session middleware
/// and carried in the request's extensions, so that the guard, the
/// handler and every server function of one request share one lookup.
#[derive(Clone, Debug)]
pub struct RequestUser(pub Option<User>);

/// The signed-in user of the request being handled (server functions and
/// server-rendered pages), if any.
pub async fn current_user() -> Result<Option<User>, AppError> {
    let site = crate::site::site()?;
    let Some(parts) = leptos::prelude::use_context::<http::request::Parts>() else {
        return Ok(None);
    };
    if let Some(RequestUser(user)) = parts.extensions.get::<RequestUser>() {
        return Ok(user.clone());
    }
    let Some(token) = token_from_headers(&parts.headers) else {
        return Ok(None);
    };
    Ok(user_for_token(&site.db, &token, site.now(), &site.sessions).await?)
}

/// The signed-in user, or 401.
pub async fn require_user() -> Result<User, AppError> {
    current_user().await?.ok_or(AppError::Unauthorized)
}

/// A new account, with a byline (author) of the same name.
#[derive(Clone, Debug, Default)]
pub struct NewUser {
    pub login: String,
    pub name: String,
    pub role: String,
    pub password: String,
}

/// Creates an account after checking every field; field errors are codes
/// (see `editing::form_message`).
pub async fn create_user(db: &Db, new: &NewUser, now: i64) -> Result<i64, CreateUserError> {
    let login = new.login.trim().to_lowercase();
    let name = new.name.trim();
    let mut errors = FieldErrors::new();
    if let Some(problem) = login_problem(&login) {
        errors.insert("login".into(), problem.into());
    } else if users::by_login(db, &login).await?.is_some() {
        errors.insert("login".into(), "login-taken".into());
    }
    if name.is_empty() || name.chars().count() > 100 {
        errors.insert("name".into(), "name".into());
    } else if crate::editing::has_control_characters(name, false) {
        errors.insert("name".into(), "name-control".into());
    }
    let role = Role::parse(&new.role);
    if role.is_none() {
        errors.insert("role".into(), "role".into());
    }
    if let Some(problem) = password_problem(&new.password) {
        errors.insert("password".into(), problem.into());
    }
    let Some(role) = role.filter(|_| errors.is_empty()) else {
        return Err(CreateUserError::Invalid(errors));
    };
    let hash = hash_password(&new.password).await?;
    let base = match slugify(name) {
        slug if slug.is_empty() => login.replace(['.', '_'], "-"),
        slug => slug,
    };
    let mut n = 1;
    let author_id = loop {
        let slug = numbered_slug(&base, n);
        if authors::by_slug(db, &slug).await?.is_none() {
            break authors::insert(db, &slug, name, "").await?;
        }
        n += 1;
    };
    Ok(users::insert(db, &login, name, role.as_str(), &hash, author_id, now).await?)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_start_after_five_failures_and_grow() {
        assert_eq!(throttle_delay(0), 0);
        assert_eq!(throttle_delay(4), 0);
        assert_eq!(throttle_delay(5), 30);
        assert_eq!(throttle_delay(6), 60);
        assert_eq!(throttle_delay(7), 120);
        assert_eq!(throttle_delay(12), 3600);
        assert_eq!(throttle_delay(1000), 3600);
    }

    #[test]
    fn throttle_messages_are_grammatical() {
        let text = |s| SignInError::Throttled { wait_seconds: s }.to_string();
        assert!(text(30).ends_with("через 30 секунд."));
        assert!(text(21).ends_with("через 21 секунду."));
        assert!(text(120).ends_with("через 2 минуты."));
        assert!(text(3600).ends_with("через 60 минут."));
    }

    #[test]
    fn tokens_are_random_and_stored_hashed() {
        let a = new_token();
        assert_eq!(a.len(), 64);
        assert_ne!(a, new_token());
        assert_ne!(hash_token(&a), a);
        assert_eq!(hash_token(&a), hash_token(&a));
    }

    #[test]
    fn cookies_are_http_only_lax_and_secure_over_https() {
        let mut policy = SessionPolicy::default();
        let cookie = session_cookie("abc", &policy);
        assert!(cookie.starts_with("qalam_session=abc; Path=/; HttpOnly; SameSite=Lax"));
        assert!(!cookie.contains("Secure"));
        policy.secure_cookie = true;
        assert!(session_cookie("abc", &policy).ends_with("; Secure"));
        assert!(cleared_cookie(&policy).contains("Max-Age=0"));
    }

    #[test]
    fn the_session_token_is_read_from_any_cookie_header() {
        let mut headers = http::HeaderMap::new();
        headers.append(http::header::COOKIE, "theme=dark".parse().unwrap());
        headers.append(
            http::header::COOKIE,
            "a=1; qalam_session=tok; b=2".parse().unwrap(),
        );
        assert_eq!(token_from_headers(&headers).as_deref(), Some("tok"));
        let mut empty = http::HeaderMap::new();
        empty.append(http::header::COOKIE, "qalam_session=".parse().unwrap());
        assert_eq!(token_from_headers(&empty), None);
    }

    #[tokio::test]
    async fn passwords_hash_with_argon2id_and_verify() {
        let hash = hash_password("пароль қазақша").await.unwrap();
        assert!(hash.starts_with("$argon2id$"), "{hash}");
        assert!(verify_password(&hash, "пароль қазақша").await);
        assert!(!verify_password(&hash, "пароль казакша").await);
        assert!(!verify_password("not a hash", "x").await);
    }
}
