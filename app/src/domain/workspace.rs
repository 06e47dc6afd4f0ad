//! What the editors' workspace shows, as it travels from the server to
//! the page: the article list, the form, revisions, categories, staff.

use super::accounts::Role;
use super::articles::{ArticleForm, Conflict, Status};
use super::refusal::FieldErrors;
use crate::domain::lang::Lang;
use serde::{Deserialize, Serialize};

/// The signed-in user, as the interface shows them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub name: String,
    pub login: String,
    pub role: Role,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub value: String,
    pub label: String,
}

/// A line of the editors' article list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleLine {
    pub id: i64,
    pub lang: Lang,
    pub title: String,
    pub slug: String,
    pub status: Status,
    pub category: String,
    pub author: String,
    pub published_at: Option<i64>,
    pub updated_at: i64,
    /// Who else has it open now.
    pub editing: Vec<Editing>,
}

/// An editor who has an article open (since when), or who took it over
/// (when).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Editing {
    pub name: String,
    pub since: i64,
}

impl Editing {
    /// «Әлия Сейітова редактирует эту статью (с 14:02)», seen at `now`.
    pub fn sentence(&self, now: i64) -> String {
        format!(
            "{} редактирует эту статью (с {})",
            self.name,
            crate::text::time::moment(self.since, now)
        )
    }
}

/// What a Word document became (`server::docx`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FromDocx {
    pub markup: String,
    /// Images the document had that could not be kept (not a JPEG, PNG or
    /// WebP, or too large): the editor is told how many.
    pub images_left_out: usize,
}

/// What the form's workspace stream tells it: who else has the article
/// open, and whether someone took it over from this tab.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PresenceNews {
    pub others: Vec<Editing>,
    pub taken_by: Option<Editing>,
}

/// The list's filters as typed in the query string.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleFilter {
    pub status: String,
    pub category: String,
    pub author: String,
    pub q: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleList {
    pub user: CurrentUser,
    pub now: i64,
    pub filter: ArticleFilter,
    pub items: Vec<ArticleLine>,
    pub total: i64,
    pub page: u32,
    pub pages: u32,
    pub categories: Vec<Choice>,
    /// Empty for authors (they see only their own articles).
    pub authors: Vec<Choice>,
}

/// Everything the article form shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleEditor {
    pub user: CurrentUser,
    pub form: ArticleForm,
    pub errors: FieldErrors,
    pub conflict: Option<Conflict>,
    /// A line above the form ("Сохранено", "Восстановлено из корзины"…).
    pub notice: Option<String>,
    /// The stored status (None for a new article).
    pub stored_status: Option<Status>,
    pub categories: Vec<Choice>,
    pub statuses: Vec<Choice>,
    pub image_url: Option<String>,
    /// The reader's address, once the article is public.
    pub public_url: Option<String>,
    pub updated_at: Option<i64>,
    pub updated_by: Option<String>,
    /// Every author's name, for the co-authors field.
    pub authors: Vec<String>,
    /// The article's corrections, oldest first.
    pub corrections: Vec<crate::domain::reader::CorrectionNote>,
    /// The newest uploads, to put one in the body without uploading it
    /// again.
    pub recent_images: Vec<UploadedImage>,
    /// A published article's live coverage (its updates, editable).
    pub live: Option<crate::domain::live::LiveDesk>,
    /// While the breaking bar is up: until when ("Снять плашку").
    pub breaking_until: Option<i64>,
    /// This editor's autosaved, unsaved version, if it differs.
    pub draft: Option<DraftOffer>,
    /// Other editors with the article open. When there are some and
    /// `tab` is None, the page warns instead of showing the form.
    pub others: Vec<Editing>,
    /// This open form's presence (its workspace stream keeps it alive).
    pub tab: Option<String>,
    /// The token of a form posted while signed out that is in the form
    /// now: saving it drops the stash.
    pub stash: Option<String>,
    /// The server's clock when the page was made.
    pub now: i64,
    /// A stored article in the other editions: its translation, or none
    /// yet (then the page offers to write one).
    pub translations: Vec<TranslationLink>,
    /// What went to Telegram, push services and search engines, and how
    /// it went, newest first.
    pub deliveries: Vec<DeliveryLine>,
    /// A published article whose breaking push this user may send: how
    /// many browsers follow its edition's breaking news.
    pub push_audience: Option<i64>,
}

/// One delivery of the article to a channel, as its page lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliveryLine {
    pub id: i64,
    /// "telegram", "push", "indexnow".
    pub peer: String,
    /// The chat ("@qalam_news"), the push topic ("breaking:ru"), the
    /// address pinged.
    pub target: String,
    /// "post", "edit", "delete".
    pub action: String,
    /// "pending", "sent", "failed", "skipped".
    pub state: String,
    /// The last error, or why it was skipped.
    pub outcome: String,
    /// When it was sent or given up; when it was queued while pending.
    pub at: i64,
}

impl DeliveryLine {
    /// «Telegram @qalam_news, публикация: отправлено», without the time.
    pub fn summary(&self) -> String {
        // A broadcast's outcome says what it reached; a post's says
        // nothing once sent.
        let state = match self.state.as_str() {
            "sent" if self.outcome.is_empty() => "отправлено".to_string(),
            "sent" => format!("отправлено ({})", self.outcome),
            "failed" => format!("ошибка: {}", self.outcome),
            "skipped" => format!("не отправлено: {}", self.outcome),
            _ if self.outcome.is_empty() => "в очереди".to_string(),
            _ => format!("в очереди ({})", self.outcome),
        };
        match self.peer.as_str() {
            "push" if self.target.starts_with("live:") => {
                format!("Push-уведомление, важная запись трансляции: {state}")
            }
            "push" => format!("Push-уведомление, срочная новость: {state}"),
            "indexnow" => format!("Поисковики (IndexNow), {}: {state}", self.target),
            _ => {
                let action = match self.action.as_str() {
                    "edit" => "правка",
                    "delete" => "удаление",
                    _ => "публикация",
                };
                format!("Telegram {}, {action}: {state}", self.target)
            }
        }
    }
}

/// An article's version in another edition, for the article's page in
/// the workspace.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TranslationLink {
    pub lang: Lang,
    /// The translation, if written: its id, title and status.
    pub article: Option<(i64, String, Status)>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevisionLine {
    pub id: i64,
    pub version: i64,
    pub title: String,
    pub saved_at: i64,
    pub saved_by: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevisionList {
    pub article_id: i64,
    pub title: String,
    pub version: i64,
    pub items: Vec<RevisionLine>,
}

/// One line of a comparison: ' ' same, '-' only in the old version, '+'
/// only in the current one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiffLine {
    pub kind: char,
    pub text: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevisionCompare {
    pub article_id: i64,
    pub revision: RevisionLine,
    /// The article's current version (restoring names it).
    pub version: i64,
    pub lines: Vec<DiffLine>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryLine {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub articles: i64,
    /// Its name and address in the Kazakh edition ("" and None: it is
    /// not shown there).
    pub name_kk: String,
    pub slug_kk: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserLine {
    pub login: String,
    pub name: String,
    pub role: Role,
    /// The byline's bio and photo (the author page shows them), and the
    /// bio of the Kazakh author page.
    pub bio: String,
    pub photo_url: Option<String>,
    pub bio_kk: String,
}

/// The admins' Telegram channels page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelsData {
    pub user: CurrentUser,
    pub channels: Vec<ChannelLine>,
    /// The categories a channel may be for.
    pub categories: Vec<Choice>,
    /// `robots.txt` shuts out AI training crawlers.
    pub refuse_ai_crawlers: bool,
    /// Where the bot's token comes from (never the token itself).
    pub bot_token: BotToken,
    /// IndexNow's key (public: its file is served at `/{key}.txt`);
    /// empty until the server first started.
    pub indexnow_key: String,
}

/// The Telegram bot's token, as the workspace may tell of it: never the
/// token itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum BotToken {
    /// `QALAM_TELEGRAM_BOT_TOKEN`: the server's, not changed here.
    FromServer,
    /// Entered in the workspace.
    Entered,
    Missing,
}

/// A Telegram channel an edition (or a category in it) posts to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelLine {
    pub id: i64,
    pub lang: Lang,
    /// The category's name; `None`: every article of the edition.
    pub category: Option<String>,
    pub chat: String,
    /// Named by `QALAM_TELEGRAM_CHANNELS`: not removable here.
    pub from_env: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoriesData {
    pub user: CurrentUser,
    pub items: Vec<CategoryLine>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UsersData {
    pub user: CurrentUser,
    pub items: Vec<UserLine>,
    pub roles: Vec<Choice>,
}

/// The signed-in person's own profile page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileData {
    pub user: CurrentUser,
    pub line: UserLine,
    /// Their author page ("/author/aliya-seytova").
    pub author_url: String,
}

/// A stored upload, as the upload endpoint answers it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UploadedImage {
    pub id: i64,
    pub url: String,
    pub width: i64,
    pub height: i64,
}

/// What an autosave did: the article (new ones get their draft row at the
/// first autosave), the version typed over, and when it was kept.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Autosaved {
    pub id: i64,
    pub version: i64,
    pub saved_at: i64,
}

/// An unsaved version waiting for its editor when the form opens:
/// «Восстановить несохранённую версию от 14:05?», with what differs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftOffer {
    pub saved_at: i64,
    /// The form as it was typed (its `version` is the one it was typed
    /// over, so a save after restoring still meets the version check).
    pub form: crate::domain::articles::ArticleForm,
    /// The labels of the fields that differ from the stored article.
    pub changed: Vec<String>,
    /// The body, stored → unsaved, line by line.
    pub body_lines: Vec<DiffLine>,
    /// Someone saved the article after this version was typed.
    pub stale: bool,
}
