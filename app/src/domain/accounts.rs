//! Accounts: the roles of the newsroom and the rules for logins and
//! passwords, shared by the server, the browser and the command line.

use super::refusal::Refusal;
use serde::{Deserialize, Serialize};

pub const PASSWORD_MIN_CHARS: usize = 8;
pub const PASSWORD_MAX_CHARS: usize = 256;
/// An author's bio on their page.
pub const BIO_MAX_CHARS: usize = 600;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Role {
    Admin,
    Editor,
    Author,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Admin, Role::Editor, Role::Author];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Editor => "editor",
            Role::Author => "author",
        }
    }

    pub fn parse(text: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == text)
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::Admin => "Администратор",
            Role::Editor => "Редактор",
            Role::Author => "Автор",
        }
    }

    /// Editors and admins publish, schedule, unpublish and edit anyone's work.
    pub fn can_publish(self) -> bool {
        matches!(self, Role::Admin | Role::Editor)
    }

    /// Users, categories and deleting for good.
    pub fn is_admin(self) -> bool {
        self == Role::Admin
    }
}

/// The password rule: length only (no composition rules), counted in
/// characters so that a Cyrillic passphrase is measured fairly.
pub fn password_problem(password: &str) -> Option<Refusal> {
    let chars = password.chars().count();
    if chars < PASSWORD_MIN_CHARS {
        Some(Refusal::PasswordShort)
    } else if chars > PASSWORD_MAX_CHARS {
        Some(Refusal::PasswordLong)
    } else {
        None
    }
}

/// Logins: 3–40 lower-case Latin letters, digits, dots, hyphens, underscores.
pub fn login_problem(login: &str) -> Option<Refusal> {
    let ok_chars = login
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b));
    if !(3..=40).contains(&login.len()) || !ok_chars {
        Some(Refusal::Login)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_checked_by_length_only() {
        assert!(password_problem("1234567").is_some());
        assert!(password_problem("12345678").is_none());
        // Eight Cyrillic letters are 16 bytes but 8 characters.
        assert!(password_problem("пароль12").is_none());
        assert!(password_problem("құпиясө").is_some());
        assert!(
            password_problem("aaaaaaaa").is_none(),
            "no composition rules"
        );
        assert!(password_problem(&"x".repeat(PASSWORD_MAX_CHARS)).is_none());
        assert!(password_problem(&"x".repeat(PASSWORD_MAX_CHARS + 1)).is_some());
        assert!(password_problem(&"ы".repeat(128)).is_none());
    }

    #[test]
    fn logins_are_plain() {
        assert!(login_problem("aigerim.n").is_none());
        for bad in ["ab", "Айгерим", "with space", "UPPER", &"a".repeat(41)] {
            assert!(login_problem(bad).is_some(), "{bad}");
        }
    }

    #[test]
    fn roles_round_trip() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert!(!Role::Author.can_publish());
        assert!(Role::Editor.can_publish() && !Role::Editor.is_admin());
    }
}
