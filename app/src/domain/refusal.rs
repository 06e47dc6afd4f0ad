//! Why something was refused, as a code. Server validation, the browser's
//! recheck, the plain forms (whose refusals travel in the URL as
//! [`Refusal::code`]) and the command line all pass these around; the
//! Russian words for each live in [`crate::messages`], and only there.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One refusal: of a form field, or of a whole action.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Refusal {
    // The article form, field by field.
    TitleMissing,
    TitleTooLong,
    TitleControl,
    SlugMalformed,
    SlugTooLong,
    /// Another article has this address.
    SlugTaken,
    /// A page's address that a section of the site owns (`/search`).
    SlugReserved,
    /// Another page has this address.
    PageSlugTaken,
    CategoryMissing,
    /// The chosen category is not (or no longer) in the list.
    CategoryUnknown,
    StatusMissing,
    /// An author chose "published" or "scheduled".
    StatusNeedsEditor,
    LeadTooLong,
    LeadControl,
    /// «Анонс для Telegram»: longer than a photo's caption allows, or
    /// with control characters.
    TelegramTextTooLong,
    TelegramTextControl,
    /// A Telegram channel: not "@name" or a numeric id; already listed.
    TelegramChat,
    TelegramChannelTaken,
    /// A bot token that is not "123456789:AA…".
    TelegramToken,
    /// Published and scheduled articles need a lead.
    LeadMissing,
    BodyTooLong,
    BodyControl,
    BodyMissing,
    PublishAtMalformed,
    PublishAtMissing,
    PublishAtPast,
    TagsControl,
    TooManyTags,
    TagTooLong(String),
    TagWithoutLetters(String),
    ImageAltMissing,
    ImageAltTooLong,
    ImageAltControl,
    /// The form names an image that is not stored.
    ImageNotFound,
    /// A one-line text (caption, credit) longer than this many characters.
    TextTooLong(usize),
    /// Control characters in a one-line text.
    TextControl,
    /// A co-author's name that is no author of the site.
    CoauthorUnknown(String),
    /// A language that is no edition's.
    LangUnknown,
    /// The article to translate does not exist.
    TranslationUnknown,
    /// It is in the chosen language already, or already has a
    /// translation into it.
    TranslationTaken,
    TooManyAuthors,
    /// A correction with no text, or too long.
    CorrectionMissing,
    CorrectionTooLong,
    /// Corrections are for published articles.
    CorrectionNotPublished,
    /// The breaking bar's hours: a whole number from 1 to 24.
    BreakingHours,
    /// A live update without text, or too long.
    UpdateBodyMissing,
    UpdateBodyTooLong,
    UpdateHeadlineTooLong,
    /// Updates are for live stories.
    NotLive,
    /// Live coverage is for published articles.
    LiveNotPublished,

    // An image upload.
    ImageMissing,
    ImageTooLarge,
    ImageFormat,
    ImageDamaged,
    /// More pixels than an upload may have.
    ImagePixels,
    /// The multipart article form stopped early or its file was too big.
    FormIncomplete,

    // «Из файла Word (.docx)».
    DocxNotDocx,
    /// A Word 97–2003 `.doc`.
    DocxOldWord,
    /// Protected by a password.
    DocxEncrypted,
    /// A macro-enabled document (`.docm`).
    DocxMacros,
    /// Over the file's, the entries' or the expanded size's limits.
    DocxTooLarge,
    /// The upload (JavaScript on) stopped early or was too big.
    UploadIncomplete,
    /// The browser could not send the file.
    UploadNotSent,
    /// The server's answer to an upload did not decode.
    UploadUnreadable,
    /// No answer from the server.
    UploadOffline,
    /// The upload failed for a reason the server did not name.
    UploadFailed,
    /// The session ended meanwhile (an upload's 401).
    NotSignedIn,
    /// The role does not allow it (an upload's 403).
    NotAllowed,
    /// The site could not do it just now (an upload's 503).
    ServiceUnavailable,

    // The short forms: sign-in, staff, categories.
    SignIn,
    Login,
    LoginTaken,
    Name,
    NameControl,
    Role,
    PasswordShort,
    PasswordLong,
    /// An admin tried to change their own role.
    OwnRole,
    BioTooLong,
    CategoryName,
    CategoryControl,
    CategoryTaken,
    /// Too many failed sign-ins: wait this many seconds.
    Throttled(u64),

    // Actions.
    /// Deleting for good is for the trash only.
    DeleteOnlyTrashed,
    NotPublished,
    NotTrashed,
    /// A status change lost two races with saves.
    ChangedMeanwhile,
    /// A revision restore lost the race with a save.
    RevisionChangedMeanwhile,
    UnknownAction,
    /// The body is not the form it claims to be.
    BrokenForm,
    /// Server function arguments that do not decode.
    BadParameters,
    TickerLimit,
}

/// Refusals per form field name.
pub type FieldErrors = BTreeMap<String, Refusal>;

/// The codes that travel in URLs (`?e_login=login-taken`), for refusals
/// without data. A code is never text: a link cannot put words on our pages.
const CODES: [(Refusal, &str); 31] = [
    (Refusal::SignIn, "sign-in"),
    (Refusal::Login, "login"),
    (Refusal::LoginTaken, "login-taken"),
    (Refusal::Name, "name"),
    (Refusal::NameControl, "name-control"),
    (Refusal::Role, "role"),
    (Refusal::PasswordShort, "password-short"),
    (Refusal::PasswordLong, "password-long"),
    (Refusal::OwnRole, "own-role"),
    (Refusal::CategoryName, "category-name"),
    (Refusal::CategoryControl, "category-control"),
    (Refusal::CategoryTaken, "category-taken"),
    (Refusal::CorrectionMissing, "correction-missing"),
    (Refusal::CorrectionTooLong, "correction-long"),
    (Refusal::CorrectionNotPublished, "correction-unpublished"),
    (Refusal::TextControl, "control"),
    (Refusal::BioTooLong, "bio-long"),
    (Refusal::ImageFormat, "image-format"),
    (Refusal::ImageTooLarge, "image-large"),
    (Refusal::ImageDamaged, "image-damaged"),
    (Refusal::ImagePixels, "image-pixels"),
    (Refusal::DocxNotDocx, "docx-not"),
    (Refusal::DocxOldWord, "docx-doc"),
    (Refusal::DocxEncrypted, "docx-encrypted"),
    (Refusal::DocxMacros, "docx-macros"),
    (Refusal::DocxTooLarge, "docx-large"),
    (Refusal::TelegramChat, "telegram-chat"),
    (Refusal::TelegramChannelTaken, "telegram-taken"),
    (Refusal::TelegramToken, "telegram-token"),
    (Refusal::CategoryUnknown, "category-unknown"),
    (Refusal::UnknownAction, "unknown-action"),
];

impl Refusal {
    /// The URL code of a short form's refusal ("wait-30" for a throttle).
    pub fn code(&self) -> String {
        if let Refusal::Throttled(seconds) = self {
            return format!("wait-{seconds}");
        }
        CODES
            .iter()
            .find(|(refusal, _)| refusal == self)
            .map_or("refused", |(_, code)| code)
            .to_string()
    }

    /// The refusal a URL code names, if it names one.
    pub fn from_code(code: &str) -> Option<Refusal> {
        if let Some(seconds) = code.strip_prefix("wait-") {
            return seconds.parse().ok().map(Refusal::Throttled);
        }
        CODES
            .iter()
            .find(|(_, known)| *known == code)
            .map(|(refusal, _)| refusal.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_unknown_codes_name_nothing() {
        for (refusal, code) in CODES {
            assert_eq!(refusal.code(), code);
            assert_eq!(Refusal::from_code(code), Some(refusal));
        }
        assert_eq!(Refusal::Throttled(30).code(), "wait-30");
        assert_eq!(Refusal::from_code("wait-30"), Some(Refusal::Throttled(30)));
        assert_eq!(Refusal::from_code("wait-x"), None);
        assert_eq!(Refusal::from_code("Позвоните нам"), None);
    }
}
