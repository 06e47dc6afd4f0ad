//! Passwords: argon2id hashes, checked in constant time against a decoy
//! when the account does not exist, so timing tells nothing.

use crate::error::AppError;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use std::sync::OnceLock;

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
pub(super) async fn decoy_hash() -> &'static str {
    static DECOY: OnceLock<String> = OnceLock::new();
    if let Some(hash) = DECOY.get() {
        return hash;
    }
    let hash = hash_password("decoy password for unknown logins")
        .await
        .unwrap_or_default();
    DECOY.get_or_init(|| hash)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn passwords_hash_with_argon2id_and_verify() {
        let hash = hash_password("пароль қазақша").await.unwrap();
        assert!(hash.starts_with("$argon2id$"), "{hash}");
        assert!(verify_password(&hash, "пароль қазақша").await);
        assert!(!verify_password(&hash, "пароль казакша").await);
        assert!(!verify_password("not a hash", "x").await);
    }
}
