//! Accounts: who works in the newsroom and how they sign in.
//!
//! - [`passwords`]: argon2id hashing;
//! - [`sessions`]: sign-in, throttling, session tokens and cookies;
//! - [`request`]: the user of the request being handled.
//!
//! Accounts as admins manage them are `server::staff`.

pub mod passwords;
pub mod request;
pub mod sessions;

pub use crate::server::site::SessionPolicy;
pub use request::{current_user, require_user};
pub use sessions::RequestUser;

use crate::domain::accounts::Role;
use crate::domain::workspace::CurrentUser;

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
    pub fn view(&self) -> CurrentUser {
        CurrentUser {
            name: self.name.clone(),
            login: self.login.clone(),
            role: self.role,
        }
    }
}
