//! Server-side sessions and sign-in throttling.
//!
//! A session is a random 256-bit token in an HttpOnly cookie; the
//! database keeps only its SHA-256, with the times that enforce the idle
//! timeout and the absolute lifetime. Every function takes the clock as
//! `now` so tests can move time.

use super::passwords::{decoy_hash, verify_password};
use super::User;
use crate::db::{sessions, users, Db};
use crate::domain::accounts::login_problem;
use crate::domain::refusal::Refusal;
use crate::error::AppError;
use crate::messages;
use crate::server::site::SessionPolicy;
use argon2::password_hash::rand_core::{OsRng, RngCore};
use sha2::{Digest, Sha256};

pub const SESSION_COOKIE: &str = "qalam_session";
/// Failures allowed per account and per address before delays start.
pub const FREE_FAILURES: i64 = 5;
/// The first delay after the free failures; it doubles with each failure.
const FIRST_DELAY_SECONDS: i64 = 30;
const LONGEST_DELAY_SECONDS: i64 = 3600;
/// How often `last_seen_at` is written (the idle clock's resolution).
const TOUCH_EVERY_SECONDS: i64 = 60;

/// A random 256-bit token, as hex (sessions, form stashes, open tabs).
pub(crate) fn new_token() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    hex(&bytes)
}

/// What the database keeps of a token: its SHA-256, as hex.
pub(crate) fn hash_token(token: &str) -> String {
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
    #[error("{}", messages::refusal(&Refusal::SignIn))]
    Invalid,
    #[error("{}", messages::refusal(&Refusal::Throttled(*.wait_seconds as u64)))]
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
    /// What the sign-in page says; `None` when the site failed instead.
    pub fn refusal(&self) -> Option<Refusal> {
        match self {
            SignInError::Invalid => Some(Refusal::SignIn),
            SignInError::Throttled { wait_seconds } => {
                Some(Refusal::Throttled(*wait_seconds as u64))
            }
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
        role: row.role,
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
        role: row.role,
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
}
