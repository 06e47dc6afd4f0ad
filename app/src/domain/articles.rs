//! Articles as editors handle them, shared by the server and the browser:
//! statuses, the article form, its fields and its validation. Validation runs
//! on the server for every save and again in the browser (when hydrated)
//! as the editor types, from this one definition.
// Past 500 lines: the article form, its one validation and its tests;
// the form's fields and their rules belong together.

use super::accounts::Role;
use super::refusal::{FieldErrors, Refusal};
use crate::domain::lang::Lang;
use crate::text::time::parse_almaty_input;
use serde::{Deserialize, Serialize};

pub const TITLE_MAX_CHARS: usize = 200;
pub const SLUG_MAX_CHARS: usize = 100;
pub const LEAD_MAX_CHARS: usize = 600;
pub const BODY_MAX_CHARS: usize = 200_000;
pub const ALT_MAX_CHARS: usize = 300;
/// An image's caption, its credit ("Фото: Reuters"), and the article's
/// credit line ("Фото: …; перевод: …").
pub const CAPTION_MAX_CHARS: usize = 300;
pub const CREDIT_MAX_CHARS: usize = 150;
pub const CREDIT_LINE_MAX_CHARS: usize = 200;
/// The search-result title and description: refused beyond these...
pub const SEO_TITLE_MAX_CHARS: usize = 120;
pub const SEO_DESCRIPTION_MAX_CHARS: usize = 320;
/// ...and counted against what a search result shows before it cuts.
pub const SEO_TITLE_SHOWN_CHARS: usize = 60;
pub const SEO_DESCRIPTION_SHOWN_CHARS: usize = 160;
/// Authors in one byline, the first included.
pub const MAX_AUTHORS: usize = 5;
/// A correction note.
pub const CORRECTION_MAX_CHARS: usize = 1000;
/// A breaking story's bar shows this long unless the editor chooses
/// otherwise (`domain::live` times it).
pub const BREAKING_HOURS_DEFAULT: i64 = 2;
/// The longest an editor may keep the bar up.
pub const BREAKING_HOURS_MAX: i64 = 24;
/// «Анонс для Telegram», at most: with the headline and the link it
/// still fits a photo's caption (1,024).
pub const TELEGRAM_TEXT_MAX_CHARS: usize = 700;
/// The editors' list counts matches up to this many ("более 10 000").
pub const LIST_COUNT_CAP: i64 = 10_000;
/// Uploaded images: JPEG, PNG or WebP up to this size.
pub const IMAGE_MAX_BYTES: usize = 8 * 1024 * 1024;

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
    #[serde(default)]
    pub image_caption: String,
    #[serde(default)]
    pub image_credit: String,
    /// Free text under the byline: "Фото: Данияр Ахметов".
    #[serde(default)]
    pub credit_line: String,
    /// Co-authors' names after the article's own author, comma-separated:
    /// "Әлия Сейітова, Данияр Ахметов".
    #[serde(default)]
    pub coauthors: String,
    /// The title and description search results and shared cards show;
    /// empty: the headline and the lead.
    #[serde(default)]
    pub seo_title: String,
    #[serde(default)]
    pub seo_description: String,
    /// The body image's description, caption and credit, as typed with
    /// its file (JavaScript off), kept when the form comes back.
    #[serde(default)]
    pub inline: InlineFields,
    /// How many hours the breaking-news bar shows ("2"), as typed.
    #[serde(default = "default_breaking_hours")]
    pub breaking_hours: String,
    /// The edition of a new article ("ru", "kk"; empty: Russian). A
    /// stored one keeps its own, except an unpublished draft with no
    /// translation, which moves.
    #[serde(default)]
    pub lang: String,
    /// A new article that translates this one joins its translation
    /// group.
    #[serde(default)]
    pub translation_of: Option<i64>,
    /// «Не публиковать в Telegram» (docs/reach.md).
    #[serde(default)]
    pub telegram_skip: bool,
    /// «Анонс для Telegram»: instead of the lead; empty: the lead.
    #[serde(default)]
    pub telegram_text: String,
}

fn default_breaking_hours() -> String {
    BREAKING_HOURS_DEFAULT.to_string()
}

impl ArticleForm {
    /// The bar's hours as typed, if they are a whole number in bounds
    /// (left empty: the default).
    pub fn breaking_hours(&self) -> Option<i64> {
        let typed = self.breaking_hours.trim();
        if typed.is_empty() {
            return Some(BREAKING_HOURS_DEFAULT);
        }
        typed
            .parse::<i64>()
            .ok()
            .filter(|h| (1..=BREAKING_HOURS_MAX).contains(h))
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InlineFields {
    pub alt: String,
    pub caption: String,
    pub credit: String,
    /// An image already stored, chosen from the recent uploads instead of
    /// a new file: its id as the radio button sent it.
    #[serde(default)]
    pub stored: String,
}

/// The article form's field names: the names of the page's inputs, the
/// keys of [`FieldErrors`], and what [`ArticleForm::from_fields`] reads.
pub mod field {
    pub const VERSION: &str = "version";
    /// The article's id (the form's address says it too; «Предпросмотр»
    /// posts elsewhere and needs it).
    pub const ID: &str = "id";
    /// A form posted while signed out, back in the form (its token).
    pub const STASH: &str = "stash";
    pub const TITLE: &str = "title";
    pub const SLUG: &str = "slug";
    pub const CATEGORY: &str = "category";
    pub const LEAD: &str = "lead";
    pub const BODY: &str = "body";
    /// A checkbox: present means on.
    pub const BREAKING: &str = "breaking";
    pub const BREAKING_HOURS: &str = "breaking_hours";
    pub const STATUS: &str = "status";
    pub const PUBLISH_AT: &str = "publish_at";
    pub const IMAGE_ID: &str = "image_id";
    pub const IMAGE_ALT: &str = "image_alt";
    pub const TAGS: &str = "tags";
    pub const IMAGE_CAPTION: &str = "image_caption";
    pub const IMAGE_CREDIT: &str = "image_credit";
    pub const CREDIT_LINE: &str = "credit_line";
    pub const COAUTHORS: &str = "coauthors";
    pub const SEO_TITLE: &str = "seo_title";
    pub const SEO_DESCRIPTION: &str = "seo_description";
    /// A new article's edition, and the article it translates.
    pub const LANG: &str = "lang";
    pub const TRANSLATION_OF: &str = "translation_of";
    /// A checkbox: «Не публиковать в Telegram»; and the text there.
    pub const TELEGRAM_SKIP: &str = "telegram_skip";
    pub const TELEGRAM_TEXT: &str = "telegram_text";
    /// A checkbox: drop the featured image.
    pub const REMOVE_IMAGE: &str = "remove_image";
    /// The image file itself (multipart only).
    pub const IMAGE: &str = "image";
    /// «Из файла Word (.docx)»: a document whose text joins the body.
    pub const DOCX: &str = "docx";
    /// An image for the body: its file (multipart only; the hydrated
    /// form uploads it at once), description, caption and credit. Saved,
    /// it becomes a figure line at the end of the body.
    pub const INLINE_IMAGE: &str = "inline_image";
    pub const INLINE_ALT: &str = "inline_alt";
    pub const INLINE_CAPTION: &str = "inline_caption";
    pub const INLINE_CREDIT: &str = "inline_credit";
    /// A stored image for the body, chosen instead of a file.
    pub const INLINE_STORED: &str = "inline_stored";
}

impl ArticleForm {
    /// The labels of the fields whose content differs from `other`'s
    /// (what an unsaved version changed; ids and versions aside).
    pub fn changed_fields(&self, other: &ArticleForm) -> Vec<&'static str> {
        let same = |a: &str, b: &str| a.trim() == b.trim();
        let mut changed = Vec::new();
        // An address left empty means "made from the title": no change.
        let slug = if self.slug.trim().is_empty() {
            &other.slug
        } else {
            &self.slug
        };
        let text_fields: [(&str, &str, &'static str); 13] = [
            (&self.title, &other.title, "Заголовок"),
            (slug, &other.slug, "Адрес"),
            (&self.category, &other.category, "Рубрика"),
            (&self.lead, &other.lead, "Лид"),
            (&self.body, &other.body, "Текст"),
            (&self.tags, &other.tags, "Теги"),
            (&self.coauthors, &other.coauthors, "Соавторы"),
            (&self.credit_line, &other.credit_line, "Строка под подписью"),
            (&self.status, &other.status, "Статус"),
            (&self.publish_at, &other.publish_at, "Время публикации"),
            (&self.seo_title, &other.seo_title, "Заголовок для поиска"),
            (
                &self.seo_description,
                &other.seo_description,
                "Описание для поиска",
            ),
            (
                &self.telegram_text,
                &other.telegram_text,
                "Анонс для Telegram",
            ),
        ];
        for (mine, theirs, label) in text_fields {
            if !same(mine, theirs) {
                changed.push(label);
            }
        }
        if self.image_id != other.image_id
            || !same(&self.image_alt, &other.image_alt)
            || !same(&self.image_caption, &other.image_caption)
            || !same(&self.image_credit, &other.image_credit)
        {
            changed.push("Изображение");
        }
        // Hours left empty mean the default: compared as numbers.
        if self.breaking != other.breaking || self.breaking_hours() != other.breaking_hours() {
            changed.push("Срочная новость");
        }
        if self.telegram_skip != other.telegram_skip {
            changed.push("Не публиковать в Telegram");
        }
        changed
    }

    /// The edition the form names: `None` for anything but "", "ru"
    /// and "kk".
    pub fn edition(&self) -> Option<Lang> {
        Lang::from_form(&self.lang)
    }

    /// The form as a browser posts it, by field name (`field` returns what
    /// was sent, `None` when absent): the one decoder of a posted article
    /// form, whether the body was urlencoded or multipart.
    pub fn from_fields(id: Option<i64>, field: impl Fn(&str) -> Option<String>) -> ArticleForm {
        let text = |name: &str| field(name).unwrap_or_default();
        let removed = field(field::REMOVE_IMAGE).is_some();
        ArticleForm {
            id,
            version: text(field::VERSION).parse().unwrap_or(0),
            title: text(field::TITLE),
            slug: text(field::SLUG),
            category: text(field::CATEGORY),
            lead: text(field::LEAD),
            body: text(field::BODY),
            breaking: field(field::BREAKING).is_some(),
            breaking_hours: field(field::BREAKING_HOURS).unwrap_or_else(default_breaking_hours),
            status: text(field::STATUS),
            publish_at: text(field::PUBLISH_AT),
            image_id: text(field::IMAGE_ID).parse().ok().filter(|_| !removed),
            image_alt: text(field::IMAGE_ALT),
            tags: text(field::TAGS),
            image_caption: text(field::IMAGE_CAPTION),
            image_credit: text(field::IMAGE_CREDIT),
            credit_line: text(field::CREDIT_LINE),
            coauthors: text(field::COAUTHORS),
            seo_title: text(field::SEO_TITLE),
            seo_description: text(field::SEO_DESCRIPTION),
            lang: text(field::LANG),
            translation_of: text(field::TRANSLATION_OF).parse().ok(),
            telegram_skip: field(field::TELEGRAM_SKIP).is_some(),
            telegram_text: text(field::TELEGRAM_TEXT),
            inline: InlineFields {
                alt: text(field::INLINE_ALT),
                caption: text(field::INLINE_CAPTION),
                credit: text(field::INLINE_CREDIT),
                stored: text(field::INLINE_STORED),
            },
        }
    }
}

/// Adds `markup` at the end of `body` as blocks of their own.
pub fn append_to_body(body: &mut String, markup: &str) {
    let markup = markup.trim();
    if markup.is_empty() {
        return;
    }
    let kept = body.trim_end().len();
    body.truncate(kept);
    if !body.is_empty() {
        body.push_str("\n\n");
    }
    body.push_str(markup);
}

/// The markup of a figure (`server::markup` reads it back):
/// `![описание](/media/12 "Подпись | Фото: Автор")`.
pub fn figure_line(url: &str, alt: &str, caption: &str, credit: &str) -> String {
    let one_line = |text: &str| text.split_whitespace().collect::<Vec<_>>().join(" ");
    let escape = |text: &str, special: &[char]| {
        let mut out = String::with_capacity(text.len());
        for c in one_line(text).chars() {
            if c == '\\' || special.contains(&c) {
                out.push('\\');
            }
            out.push(c);
        }
        out
    };
    let alt = escape(alt, &['[', ']']);
    // `|` parts the caption from the credit, so a caption cannot hold one.
    let caption = escape(&caption.replace('|', "/"), &['"']);
    let credit = escape(credit, &['"']);
    let title = match (caption.is_empty(), credit.is_empty()) {
        (true, true) => String::new(),
        (_, true) => format!(" \"{caption}\""),
        _ => format!(" \"{caption} | {credit}\""),
    };
    format!("![{alt}]({url}{title})")
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

/// A multi-line field (lead, body) as stored: line breaks as browsers send
/// them (CRLF) become "\n", and blank space at either end is dropped.
pub fn normalize_multiline(text: &str) -> String {
    text.replace("\r\n", "\n")
        .replace('\r', "\n")
        .trim()
        .to_string()
}

/// The co-authors' names typed in the form, tidied, blanks and repeats
/// dropped.
pub fn split_names(text: &str) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for name in text.split(',') {
        let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
        if !name.is_empty()
            && !names
                .iter()
                .any(|n| n.to_lowercase() == name.to_lowercase())
        {
            names.push(name);
        }
    }
    names
}

/// What is wrong with a one-line optional text (caption, credit), if
/// anything.
pub fn line_problem(text: &str, max: usize) -> Option<Refusal> {
    if has_control_characters(text, false) {
        Some(Refusal::TextControl)
    } else if too_long(text.trim(), max) {
        Some(Refusal::TextTooLong(max))
    } else {
        None
    }
}

/// What is wrong with the typed tags, if anything.
fn tags_problem(text: &str) -> Option<Refusal> {
    if has_control_characters(text, false) {
        return Some(Refusal::TagsControl);
    }
    let tags = split_tags(text);
    if tags.len() > MAX_TAGS {
        return Some(Refusal::TooManyTags);
    }
    for tag in tags {
        if too_long(&tag, TAG_MAX_CHARS) {
            return Some(Refusal::TagTooLong(tag));
        }
        if crate::text::slugify(&tag).is_empty() {
            return Some(Refusal::TagWithoutLetters(tag));
        }
    }
    None
}

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
    use Refusal::*;
    let mut errors = FieldErrors::new();
    let mut error = |field: &str, refusal: Refusal| {
        errors.insert(field.to_string(), refusal);
    };
    if form.breaking_hours().is_none() {
        error(field::BREAKING_HOURS, BreakingHours);
    }
    let title = form.title.trim();
    if title.is_empty() {
        error("title", TitleMissing);
    } else if has_control_characters(title, false) {
        error("title", TitleControl);
    } else if too_long(title, TITLE_MAX_CHARS) {
        error("title", TitleTooLong);
    }
    let slug = form.slug.trim();
    if !slug.is_empty() && !valid_slug(slug) {
        error("slug", SlugMalformed);
    } else if too_long(slug, SLUG_MAX_CHARS) {
        error("slug", SlugTooLong);
    }
    if form.category.trim().is_empty() {
        error("category", CategoryMissing);
    }
    if form.edition().is_none() {
        error(field::LANG, LangUnknown);
    }
    let status = Status::parse(&form.status);
    match status {
        None | Some(Status::Trashed) => error("status", StatusMissing),
        Some(_) => {}
    }
    let public = status.is_some_and(Status::is_public);
    if has_control_characters(&form.lead, true) {
        error("lead", LeadControl);
    } else if too_long(form.lead.trim(), LEAD_MAX_CHARS) {
        error("lead", LeadTooLong);
    } else if public && form.lead.trim().is_empty() {
        error("lead", LeadMissing);
    }
    if has_control_characters(&form.telegram_text, true) {
        error(field::TELEGRAM_TEXT, TelegramTextControl);
    } else if too_long(form.telegram_text.trim(), TELEGRAM_TEXT_MAX_CHARS) {
        error(field::TELEGRAM_TEXT, TelegramTextTooLong);
    }
    if has_control_characters(&form.body, true) {
        error("body", BodyControl);
    } else if too_long(&form.body, BODY_MAX_CHARS) {
        error("body", BodyTooLong);
    } else if public && form.body.trim().is_empty() {
        error("body", BodyMissing);
    }
    let typed_time = form.publish_at.trim();
    let publish_at = parse_almaty_input(typed_time);
    if !typed_time.is_empty() && publish_at.is_none() {
        error("publish_at", PublishAtMalformed);
    } else if status == Some(Status::Scheduled) {
        match publish_at {
            None => error("publish_at", PublishAtMissing),
            Some(ts) if ts <= now => error("publish_at", PublishAtPast),
            Some(_) => {}
        }
    }
    if let Some(problem) = tags_problem(&form.tags) {
        error("tags", problem);
    }
    if has_control_characters(&form.image_alt, false) {
        error("image_alt", ImageAltControl);
    } else if form.image_id.is_some() && form.image_alt.trim().is_empty() {
        error("image_alt", ImageAltMissing);
    } else if too_long(form.image_alt.trim(), ALT_MAX_CHARS) {
        error("image_alt", ImageAltTooLong);
    }
    for (name, text, max) in [
        (field::IMAGE_CAPTION, &form.image_caption, CAPTION_MAX_CHARS),
        (field::IMAGE_CREDIT, &form.image_credit, CREDIT_MAX_CHARS),
        (field::CREDIT_LINE, &form.credit_line, CREDIT_LINE_MAX_CHARS),
        (field::SEO_TITLE, &form.seo_title, SEO_TITLE_MAX_CHARS),
        (
            field::SEO_DESCRIPTION,
            &form.seo_description,
            SEO_DESCRIPTION_MAX_CHARS,
        ),
    ] {
        if let Some(problem) = line_problem(text, max) {
            error(name, problem);
        }
    }
    if has_control_characters(&form.coauthors, false) {
        error(field::COAUTHORS, TextControl);
    } else if split_names(&form.coauthors).len() >= MAX_AUTHORS {
        error(field::COAUTHORS, TooManyAuthors);
    }
    errors
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
    use crate::messages;

    fn said(errors: &FieldErrors, field: &str) -> String {
        messages::refusal(&errors[field])
    }

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
        assert_eq!(said(&errors, "title"), "Введите заголовок.");
        assert_eq!(said(&errors, "category"), "Выберите рубрику.");
        assert_eq!(said(&errors, "status"), "Выберите статус.");
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
            said(&validate_article(&form, NOW), "publish_at"),
            "Укажите, когда опубликовать статью."
        );
        let past = ArticleForm {
            publish_at: "01.01.2020 10:00".into(),
            ..form.clone()
        };
        assert_eq!(
            said(&validate_article(&past, NOW), "publish_at"),
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
        assert!(said(&validate_article(&garbage, NOW), "publish_at").contains("24.11.2026"));
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
            said(&errors, "title"),
            "Уберите из заголовка невидимые управляющие символы."
        );
        for field in ["lead", "body", "tags", "image_alt"] {
            assert!(
                said(&errors, field).contains("управляющие символы"),
                "{field}"
            );
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
    fn statuses_round_trip() {
        for status in Status::ALL {
            assert_eq!(Status::parse(status.as_str()), Some(status));
        }
    }

    #[test]
    fn a_posted_form_decodes_field_by_field() {
        let posted: std::collections::HashMap<&str, &str> = [
            ("version", "3"),
            ("title", "Выборы"),
            ("breaking", "on"),
            ("image_id", "7"),
            ("image_alt", "Фото"),
        ]
        .into();
        let get = |name: &str| posted.get(name).map(|v| v.to_string());
        let form = ArticleForm::from_fields(Some(5), get);
        assert_eq!((form.id, form.version), (Some(5), 3));
        assert_eq!(form.title, "Выборы");
        assert!(form.breaking);
        assert_eq!(form.image_id, Some(7));
        assert_eq!(form.slug, "");
        let mut removed = posted.clone();
        removed.insert("remove_image", "1");
        removed.insert("version", "x");
        let form = ArticleForm::from_fields(None, |name| removed.get(name).map(|v| v.to_string()));
        assert_eq!(
            (form.image_id, form.version, form.breaking),
            (None, 0, true)
        );
    }
}
