//! The editors' vocabulary, shared by the server and the browser: roles,
//! article statuses, the article form and its validation. Validation runs
//! on the server for every save and again in the browser (when hydrated)
//! as the editor types, from this one definition.

use crate::text::time::parse_almaty_input;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub const TITLE_MAX_CHARS: usize = 200;
pub const SLUG_MAX_CHARS: usize = 100;
pub const LEAD_MAX_CHARS: usize = 600;
pub const BODY_MAX_CHARS: usize = 200_000;
pub const ALT_MAX_CHARS: usize = 300;
pub const PASSWORD_MIN_CHARS: usize = 8;
pub const PASSWORD_MAX_CHARS: usize = 256;
/// The editors' list counts matches up to this many ("более 10 000").
pub const LIST_COUNT_CAP: i64 = 10_000;
/// Uploaded images: JPEG, PNG or WebP up to this size.
pub const IMAGE_MAX_BYTES: usize = 8 * 1024 * 1024;

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

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Status {
    Draft,
    Review,
    Scheduled,
    Published,
    Trashed,
}

impl Status {
    pub const ALL: [Status; 5] = [
        Status::Draft,
        Status::Review,
        Status::Scheduled,
        Status::Published,
        Status::Trashed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Review => "review",
            Status::Scheduled => "scheduled",
            Status::Published => "published",
            Status::Trashed => "trashed",
        }
    }

    pub fn parse(text: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.as_str() == text)
    }

    pub fn label(self) -> &'static str {
        match self {
            Status::Draft => "Черновик",
            Status::Review => "На проверке",
            Status::Scheduled => "Запланировано",
            Status::Published => "Опубликовано",
            Status::Trashed => "В корзине",
        }
    }

    /// What a form may ask for: trash is an action of its own.
    pub fn choosable(role: Role) -> &'static [Status] {
        if role.can_publish() {
            &[
                Status::Draft,
                Status::Review,
                Status::Scheduled,
                Status::Published,
            ]
        } else {
            &[Status::Draft, Status::Review]
        }
    }

    /// Statuses that put the article in front of readers (now or later).
    pub fn is_public(self) -> bool {
        matches!(self, Status::Scheduled | Status::Published)
    }
}

/// The article form exactly as typed: every field a string (or flag), so
/// that an invalid submission can be shown again without losing anything.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleForm {
    /// None for a new article.
    pub id: Option<i64>,
    /// The version the editor started from (0 for a new article).
    pub version: i64,
    pub title: String,
    /// Empty: made from the title.
    pub slug: String,
    /// Category slug.
    pub category: String,
    pub lead: String,
    pub body: String,
    pub breaking: bool,
    pub status: String,
    /// Publish time typed in Asia/Almaty ("2026-11-24T14:05"); may be empty.
    pub publish_at: String,
    pub image_id: Option<i64>,
    pub image_alt: String,
    /// Comma-separated, as typed: "выборы, Мажилис". Optional in JSON,
    /// so a client that predates tags still saves.
    #[serde(default)]
    pub tags: String,
}

/// Most tags an article may have, and the longest tag.
pub const MAX_TAGS: usize = 10;
pub const TAG_MAX_CHARS: usize = 40;

/// The tags typed in the form: split at commas, spaces tidied, blanks and
/// repeats (same address, e.g. "Выборы" and "выборы") dropped.
pub fn split_tags(text: &str) -> Vec<String> {
    let mut tags: Vec<String> = Vec::new();
    for tag in text.split(',') {
        let tag = tag.split_whitespace().collect::<Vec<_>>().join(" ");
        let slug = crate::text::slugify(&tag);
        if !tag.is_empty() && !tags.iter().any(|t| crate::text::slugify(t) == slug) {
            tags.push(tag);
        }
    }
    tags
}

/// Whether `text` holds control characters (NUL, escape, C1 codes…) that
/// have no place in an article; line breaks and tabs are allowed where the
/// field is multi-line. Invisible formatting characters (zero-width
/// joiners, direction marks) are real text and stay.
pub fn has_control_characters(text: &str, multiline: bool) -> bool {
    text.chars()
        .any(|c| c.is_control() && !(multiline && matches!(c, '\n' | '\r' | '\t')))
}

/// The message for a field holding control characters.
fn control_message(what: &str) -> String {
    format!("Уберите из {what} невидимые управляющие символы.")
}

/// A multi-line field (lead, body) as stored: line breaks as browsers send
/// them (CRLF) become "\n", and blank space at either end is dropped.
pub fn normalize_multiline(text: &str) -> String {
    text.replace("\r\n", "\n")
        .replace('\r', "\n")
        .trim()
        .to_string()
}

/// What is wrong with the typed tags, if anything.
fn tags_problem(text: &str) -> Option<String> {
    if has_control_characters(text, false) {
        return Some(control_message("тегов"));
    }
    let tags = split_tags(text);
    if tags.len() > MAX_TAGS {
        return Some(format!("Не больше {MAX_TAGS} тегов."));
    }
    for tag in &tags {
        if too_long(tag, TAG_MAX_CHARS) {
            return Some(format!("Тег «{tag}» длиннее {TAG_MAX_CHARS} символов."));
        }
        if crate::text::slugify(tag).is_empty() {
            return Some(format!("Тег «{tag}» должен содержать буквы или цифры."));
        }
    }
    None
}

/// The notice above an article form that was not saved.
pub const NOT_SAVED: &str = "Статья не сохранена: исправьте отмеченные поля.";

/// Messages per field name, in Russian.
pub type FieldErrors = BTreeMap<String, String>;

fn too_long(text: &str, max: usize) -> bool {
    text.chars().count() > max
}

/// Slugs are lower-case Latin letters, digits and single hyphens.
pub fn valid_slug(slug: &str) -> bool {
    !slug.is_empty()
        && !slug.starts_with('-')
        && !slug.ends_with('-')
        && !slug.contains("--")
        && slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Checks everything that needs no database, at the clock `now`.
pub fn validate_article(form: &ArticleForm, now: i64) -> FieldErrors {
    let mut errors = FieldErrors::new();
    let mut error = |field: &str, message: &str| {
        errors.insert(field.to_string(), message.to_string());
    };
    let title = form.title.trim();
    if title.is_empty() {
        error("title", "Введите заголовок.");
    } else if has_control_characters(title, false) {
        error("title", &control_message("заголовка"));
    } else if too_long(title, TITLE_MAX_CHARS) {
        error(
            "title",
            &format!("Заголовок длиннее {TITLE_MAX_CHARS} символов."),
        );
    }
    let slug = form.slug.trim();
    if !slug.is_empty() && !valid_slug(slug) {
        error(
            "slug",
            "Адрес может содержать только строчные латинские буквы, цифры и дефисы.",
        );
    } else if too_long(slug, SLUG_MAX_CHARS) {
        error("slug", &format!("Адрес длиннее {SLUG_MAX_CHARS} символов."));
    }
    if form.category.trim().is_empty() {
        error("category", "Выберите рубрику.");
    }
    let status = Status::parse(&form.status);
    match status {
        None | Some(Status::Trashed) => error("status", "Выберите статус."),
        Some(_) => {}
    }
    let public = status.is_some_and(Status::is_public);
    if has_control_characters(&form.lead, true) {
        error("lead", &control_message("лида"));
    } else if too_long(form.lead.trim(), LEAD_MAX_CHARS) {
        error("lead", &format!("Лид длиннее {LEAD_MAX_CHARS} символов."));
    } else if public && form.lead.trim().is_empty() {
        error("lead", "Перед публикацией напишите лид.");
    }
    if has_control_characters(&form.body, true) {
        error("body", &control_message("текста"));
    } else if too_long(&form.body, BODY_MAX_CHARS) {
        error("body", "Текст слишком длинный.");
    } else if public && form.body.trim().is_empty() {
        error("body", "Перед публикацией напишите текст статьи.");
    }
    let typed_time = form.publish_at.trim();
    let publish_at = parse_almaty_input(typed_time);
    if !typed_time.is_empty() && publish_at.is_none() {
        error(
            "publish_at",
            "Укажите дату и время в виде 24.11.2026 14:05.",
        );
    } else if status == Some(Status::Scheduled) {
        match publish_at {
            None => error("publish_at", "Укажите, когда опубликовать статью."),
            Some(ts) if ts <= now => error("publish_at", "Время публикации должно быть в будущем."),
            Some(_) => {}
        }
    }
    if let Some(problem) = tags_problem(&form.tags) {
        error("tags", &problem);
    }
    if has_control_characters(&form.image_alt, false) {
        error("image_alt", &control_message("описания изображения"));
    } else if form.image_id.is_some() && form.image_alt.trim().is_empty() {
        error(
            "image_alt",
            "Опишите изображение для читателей, которые его не видят.",
        );
    } else if too_long(form.image_alt.trim(), ALT_MAX_CHARS) {
        error(
            "image_alt",
            &format!("Описание длиннее {ALT_MAX_CHARS} символов."),
        );
    }
    errors
}

/// The password rule: length only (no composition rules), counted in
/// characters so that a Cyrillic passphrase is measured fairly. Returns the
/// error code (see [`form_message`]).
pub fn password_problem(password: &str) -> Option<&'static str> {
    let chars = password.chars().count();
    if chars < PASSWORD_MIN_CHARS {
        Some("password-short")
    } else if chars > PASSWORD_MAX_CHARS {
        Some("password-long")
    } else {
        None
    }
}

/// Logins: 3–40 lower-case Latin letters, digits, dots, hyphens, underscores.
pub fn login_problem(login: &str) -> Option<&'static str> {
    let ok_chars = login
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b));
    if !(3..=40).contains(&login.len()) || !ok_chars {
        Some("login")
    } else {
        None
    }
}

/// The message of a short form's error code. Codes, not texts, travel in
/// the URL after a plain post, so a link cannot put words on our pages.
pub fn form_message(code: &str) -> Option<String> {
    let text = match code {
        "sign-in" => "Неверный логин или пароль.",
        "login" => "Логин: от 3 до 40 строчных латинских букв, цифр, точек, дефисов.",
        "login-taken" => "Этот логин уже занят.",
        "name" => "Введите имя (до 100 символов).",
        "role" => "Выберите роль.",
        "password-short" => "Пароль должен быть не короче 8 символов.",
        "password-long" => "Пароль должен быть не длиннее 256 символов.",
        "own-role" => "Свою роль изменить нельзя: попросите другого администратора.",
        "name-control" => "Уберите из имени невидимые управляющие символы.",
        "category-name" => "Введите название рубрики (до 60 символов).",
        "category-control" => "Уберите из названия невидимые управляющие символы.",
        "category-taken" => "Рубрика с таким названием или адресом уже есть.",
        other => {
            let seconds: u64 = other.strip_prefix("wait-")?.parse().ok()?;
            return Some(throttle_message(seconds));
        }
    };
    Some(text.to_string())
}

/// "Попробуйте снова через 30 секунд / 2 минуты."
pub fn throttle_message(seconds: u64) -> String {
    format!(
        "Слишком много неудачных попыток входа. Попробуйте снова через {}.",
        wait_phrase(seconds)
    )
}

/// A wait, as it follows «через»: "30 секунд", "21 секунду", "2 минуты".
pub fn wait_phrase(seconds: u64) -> String {
    use crate::text::plural::{plural, Plural};
    const SECONDS: Plural = Plural {
        one: "секунду",
        few: "секунды",
        many: "секунд",
    };
    const MINUTES: Plural = Plural {
        one: "минуту",
        few: "минуты",
        many: "минут",
    };
    if seconds < 60 {
        format!("{seconds} {}", plural(seconds, SECONDS))
    } else {
        let minutes = seconds.div_ceil(60);
        format!("{minutes} {}", plural(minutes, MINUTES))
    }
}

/// What a save came to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SaveOutcome {
    Saved(Saved),
    /// Nothing was saved; the form comes back with a message per field.
    Invalid(FieldErrors),
    /// Someone else saved first; nothing was saved. The editor's text stays
    /// in the form, the other version is shown beside it.
    Conflict(Conflict),
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Saved {
    pub id: i64,
    pub version: i64,
    pub slug: String,
    pub status: Status,
    pub published_at: Option<i64>,
}

/// The version that won.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conflict {
    pub version: i64,
    pub title: String,
    pub lead: String,
    pub body: String,
    pub saved_by: String,
    pub saved_at: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_795_000_000;

    fn draft() -> ArticleForm {
        ArticleForm {
            title: "Выборы в маслихат".into(),
            category: "politika".into(),
            status: "draft".into(),
            ..ArticleForm::default()
        }
    }

    #[test]
    fn a_draft_needs_only_a_title_and_a_category() {
        assert!(validate_article(&draft(), NOW).is_empty());
        let empty = ArticleForm::default();
        let errors = validate_article(&empty, NOW);
        assert_eq!(errors["title"], "Введите заголовок.");
        assert_eq!(errors["category"], "Выберите рубрику.");
        assert_eq!(errors["status"], "Выберите статус.");
    }

    #[test]
    fn publishing_needs_a_lead_and_a_body() {
        let form = ArticleForm {
            status: "published".into(),
            ..draft()
        };
        let errors = validate_article(&form, NOW);
        assert!(errors.contains_key("lead") && errors.contains_key("body"));
        let form = ArticleForm {
            lead: "Лид".into(),
            body: "Текст".into(),
            ..form
        };
        assert!(validate_article(&form, NOW).is_empty());
    }

    #[test]
    fn lengths_are_counted_in_characters() {
        let exactly = "ж".repeat(TITLE_MAX_CHARS);
        let form = ArticleForm {
            title: exactly.clone(),
            ..draft()
        };
        assert!(validate_article(&form, NOW).is_empty());
        let form = ArticleForm {
            title: exactly + "ә",
            ..draft()
        };
        assert!(validate_article(&form, NOW).contains_key("title"));
    }

    #[test]
    fn slugs_must_be_latin_lower_case_with_single_hyphens() {
        for good in ["vybory-2026", "a", "qazaqstan"] {
            assert!(valid_slug(good), "{good}");
        }
        for bad in [
            "",
            "Vybory",
            "выборы",
            "a--b",
            "-a",
            "a-",
            "a b",
            "a/b",
            "a_b",
        ] {
            assert!(!valid_slug(bad), "{bad}");
        }
        let form = ArticleForm {
            slug: "Выборы".into(),
            ..draft()
        };
        assert!(validate_article(&form, NOW).contains_key("slug"));
    }

    #[test]
    fn scheduling_needs_a_future_time() {
        let form = ArticleForm {
            status: "scheduled".into(),
            lead: "Лид".into(),
            body: "Текст".into(),
            ..draft()
        };
        assert_eq!(
            validate_article(&form, NOW)["publish_at"],
            "Укажите, когда опубликовать статью."
        );
        let past = ArticleForm {
            publish_at: "01.01.2020 10:00".into(),
            ..form.clone()
        };
        assert_eq!(
            validate_article(&past, NOW)["publish_at"],
            "Время публикации должно быть в будущем."
        );
        let future = ArticleForm {
            publish_at: "01.01.2031 10:00".into(),
            ..form.clone()
        };
        assert!(validate_article(&future, NOW).is_empty());
        let garbage = ArticleForm {
            publish_at: "завтра утром".into(),
            ..form
        };
        assert!(validate_article(&garbage, NOW)["publish_at"].contains("24.11.2026"));
    }

    #[test]
    fn an_image_needs_alt_text() {
        let form = ArticleForm {
            image_id: Some(3),
            ..draft()
        };
        assert!(validate_article(&form, NOW).contains_key("image_alt"));
        let form = ArticleForm {
            image_alt: "Здание акимата".into(),
            ..form
        };
        assert!(validate_article(&form, NOW).is_empty());
    }

    #[test]
    fn trash_is_not_a_form_status() {
        let form = ArticleForm {
            status: "trashed".into(),
            ..draft()
        };
        assert!(validate_article(&form, NOW).contains_key("status"));
        assert!(!Status::choosable(Role::Admin).contains(&Status::Trashed));
        assert_eq!(
            Status::choosable(Role::Author),
            &[Status::Draft, Status::Review]
        );
    }

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
    fn every_code_has_a_message_and_texts_are_not_codes() {
        for code in [
            "sign-in",
            "login",
            "login-taken",
            "name",
            "role",
            "password-short",
            "password-long",
            "category-name",
            "category-taken",
            "name-control",
            "category-control",
        ] {
            assert!(form_message(code).is_some(), "{code}");
        }
        assert_eq!(form_message("Позвоните нам"), None);
        assert_eq!(form_message("wait-x"), None);
        assert!(form_message("wait-30")
            .unwrap()
            .ends_with("через 30 секунд."));
        assert!(form_message("wait-21")
            .unwrap()
            .ends_with("через 21 секунду."));
        assert!(form_message("wait-120")
            .unwrap()
            .ends_with("через 2 минуты."));
        assert!(form_message("wait-3600")
            .unwrap()
            .ends_with("через 60 минут."));
        assert_eq!(
            form_message(password_problem("short").unwrap()).unwrap(),
            "Пароль должен быть не короче 8 символов."
        );
    }

    #[test]
    fn control_characters_are_refused_with_a_message_per_field() {
        let form = ArticleForm {
            title: "Выборы\u{0}".into(),
            lead: "Лид\u{1b}[31m".into(),
            body: "Абзац\r\n\tвторой\u{7f}".into(),
            tags: "выборы, \u{85}".into(),
            image_alt: "Фото\n".into(),
            ..draft()
        };
        let errors = validate_article(&form, NOW);
        assert_eq!(
            errors["title"],
            "Уберите из заголовка невидимые управляющие символы."
        );
        for field in ["lead", "body", "tags", "image_alt"] {
            assert!(errors[field].contains("управляющие символы"), "{field}");
        }
        // Line breaks and tabs are text in multi-line fields; zero-width
        // joiners and direction marks are text everywhere.
        let form = ArticleForm {
            title: "Қазақстан\u{200d}\u{200f}".into(),
            lead: "Лид\r\nдалее".into(),
            body: "Абзац\r\n\tвторой".into(),
            ..draft()
        };
        assert!(validate_article(&form, NOW).is_empty());
    }

    #[test]
    fn bodies_are_stored_with_plain_line_breaks_and_no_blank_ends() {
        assert_eq!(
            normalize_multiline("\r\n  Абзац\r\n\r\nещё\rконец \n"),
            "Абзац\n\nещё\nконец"
        );
    }

    #[test]
    fn logins_are_plain() {
        assert!(login_problem("aigerim.n").is_none());
        for bad in ["ab", "Айгерим", "with space", "UPPER", &"a".repeat(41)] {
            assert!(login_problem(bad).is_some(), "{bad}");
        }
    }

    #[test]
    fn roles_and_statuses_round_trip() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        for status in Status::ALL {
            assert_eq!(Status::parse(status.as_str()), Some(status));
        }
        assert!(!Role::Author.can_publish());
        assert!(Role::Editor.can_publish() && !Role::Editor.is_admin());
    }
}
