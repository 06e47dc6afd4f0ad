//! Every sentence Qalam says to a user when it refuses, fails or confirms
//! something, in Russian, in one place. Code elsewhere passes a
//! [`Refusal`], an [`AppError`] or a notice code and asks here for words.

use crate::domain::accounts::BIO_MAX_CHARS;
use crate::domain::articles::{
    ALT_MAX_CHARS, CORRECTION_MAX_CHARS, LEAD_MAX_CHARS, MAX_AUTHORS, MAX_TAGS, SLUG_MAX_CHARS,
    TAG_MAX_CHARS, TELEGRAM_TEXT_MAX_CHARS, TITLE_MAX_CHARS,
};
use crate::domain::refusal::Refusal;
use crate::error::AppError;
use crate::text::plural::{plural, Plural};

/// The notice above an article form that was not saved.
pub const NOT_SAVED: &str = "Статья не сохранена: исправьте отмеченные поля.";
pub const PAGE_NOT_SAVED: &str = "Страница не сохранена: исправьте отмеченные поля.";
pub const DRAFT_RESTORED: &str =
    "Несохранённая версия восстановлена в форме. Проверьте её и нажмите «Сохранить».";

/// After signing in again, a form posted while signed out is back.
pub const STASH_RESTORED: &str = "Вы снова вошли. Текст, отправленный после окончания сессии, \
     возвращён в форму — проверьте его и нажмите «Сохранить».";
/// The sign-in page, when a form posted while signed out was kept.
pub const SIGNED_OUT_KEPT: &str = "Сессия истекла, но набранный текст не потерян: \
     войдите снова, и он вернётся в форму.";
/// The sign-in page, when the posted form could not be kept (too large).
pub const SIGNED_OUT_LOST: &str = "Сессия истекла, и отправленный текст оказался слишком \
     большим, чтобы сохранить его до входа. Войдите и вернитесь на вкладку с формой, если она \
     ещё открыта.";
/// The article form, when another editor took the article over.
pub const TAKEN_OVER: &str = "Ваши изменения сохранены в черновике — их можно восстановить, \
     когда статья освободится.";
pub const TAKEN: &str = "Статья ваша: другие редакторы увидят, что вы её взяли.";

/// After a Word document joined the body (not saved yet).
pub fn docx_added(images_left_out: usize) -> String {
    let mut sentence =
        "Текст документа добавлен в конец статьи. Проверьте его и нажмите «Сохранить».".to_string();
    if images_left_out > 0 {
        let n = images_left_out as u64;
        sentence.push_str(&format!(
            " {n} {} из документа не удалось взять (подходят JPEG, PNG и WebP) — добавьте {} вручную.",
            plural(n, crate::text::plural::IMAGES),
            if n == 1 { "его" } else { "их" }
        ));
    }
    sentence
}

/// The sentence for `refusal`.
pub fn refusal(refusal: &Refusal) -> String {
    use Refusal::*;
    let control = |what: &str| format!("Уберите из {what} невидимые управляющие символы.");
    let text = match refusal {
        TitleMissing => "Введите заголовок.",
        TitleTooLong => return format!("Заголовок длиннее {TITLE_MAX_CHARS} символов."),
        TitleControl => return control("заголовка"),
        SlugMalformed => "Адрес может содержать только строчные латинские буквы, цифры и дефисы.",
        SlugTooLong => return format!("Адрес длиннее {SLUG_MAX_CHARS} символов."),
        SlugTaken => "Этот адрес уже занят другой статьёй. Измените его.",
        SlugReserved => "Этот адрес занят разделом сайта. Выберите другой.",
        PageSlugTaken => "Этот адрес уже занят другой страницей. Измените его.",
        CategoryMissing => "Выберите рубрику.",
        CategoryUnknown => "Выберите рубрику из списка.",
        StatusMissing => "Выберите статус.",
        StatusNeedsEditor => {
            "Публиковать и планировать могут только редакторы. Отправьте статью на проверку."
        }
        LeadTooLong => return format!("Лид длиннее {LEAD_MAX_CHARS} символов."),
        LeadControl => return control("лида"),
        TelegramTextTooLong => {
            return format!("Анонс для Telegram длиннее {TELEGRAM_TEXT_MAX_CHARS} символов.")
        }
        TelegramTextControl => return control("анонса для Telegram"),
        TelegramChat => {
            "Укажите канал как @имя (от 5 до 32 латинских букв, цифр и _) или числом, например -1001234567890."
        }
        TelegramChannelTaken => "Этот канал уже в списке.",
        TelegramToken => {
            "Токен бота выглядит как 123456789:AAE…: число, двоеточие и 30–50 латинских букв, цифр, _ и -. Его даёт @BotFather."
        }
        LeadMissing => "Перед публикацией напишите лид.",
        BodyTooLong => "Текст слишком длинный.",
        BodyControl => return control("текста"),
        BodyMissing => "Перед публикацией напишите текст статьи.",
        PublishAtMalformed => "Укажите дату и время в виде 24.11.2026 14:05.",
        PublishAtMissing => "Укажите, когда опубликовать статью.",
        PublishAtPast => "Время публикации должно быть в будущем.",
        TagsControl => return control("тегов"),
        TooManyTags => return format!("Не больше {MAX_TAGS} тегов."),
        TagTooLong(tag) => return format!("Тег «{tag}» длиннее {TAG_MAX_CHARS} символов."),
        TagWithoutLetters(tag) => return format!("Тег «{tag}» должен содержать буквы или цифры."),
        ImageAltMissing => "Опишите изображение для читателей, которые его не видят.",
        ImageAltTooLong => return format!("Описание длиннее {ALT_MAX_CHARS} символов."),
        ImageAltControl => return control("описания изображения"),
        ImageNotFound => "Изображение не найдено. Загрузите его ещё раз.",
        TextTooLong(max) => return format!("Не длиннее {max} символов."),
        TextControl => "Уберите невидимые управляющие символы.",
        LangUnknown => "Выберите язык: русский или казахский.",
        TranslationUnknown => "Статья, которую вы переводите, не найдена.",
        TranslationTaken => {
            "У этой статьи уже есть версия на выбранном языке. Откройте её или выберите другой язык."
        }
        CoauthorUnknown(name) => {
            return format!(
                "Автора «{name}» нет в редакции. Проверьте имя или добавьте сотрудника."
            )
        }
        TooManyAuthors => return format!("Не больше {MAX_AUTHORS} авторов вместе с вами."),
        CorrectionMissing => "Напишите текст исправления.",
        BreakingHours => {
            return format!(
                "Укажите, сколько часов показывать плашку: от 1 до {}.",
                crate::domain::live::BREAKING_HOURS_MAX
            )
        }
        UpdateBodyMissing => "Напишите текст записи.",
        UpdateBodyTooLong => "Запись слишком длинная.",
        UpdateHeadlineTooLong => {
            return format!(
                "Заголовок записи длиннее {} символов.",
                crate::domain::live::UPDATE_HEADLINE_MAX_CHARS
            )
        }
        NotLive => "Эта статья сейчас не ведёт трансляцию.",
        LiveNotPublished => "Трансляцию можно вести только в опубликованной статье.",
        CorrectionTooLong => {
            return format!("Исправление длиннее {CORRECTION_MAX_CHARS} символов.")
        }
        CorrectionNotPublished => "Исправления добавляют к опубликованным статьям.",
        ImageMissing => "Выберите файл изображения.",
        ImageTooLarge => "Файл больше 8 МБ. Уменьшите изображение.",
        ImageFormat => "Загрузите изображение в формате JPEG, PNG или WebP.",
        ImageDamaged => "Файл изображения повреждён.",
        ImagePixels => "Изображение больше 50 мегапикселей. Уменьшите его.",
        FormIncomplete => "Файл больше 8 МБ или форма пришла не полностью.",
        DocxNotDocx => "Это не документ Word (.docx). Откройте файл в Word или LibreOffice и сохраните как .docx.",
        DocxOldWord => "Это документ старого формата (.doc). Сохраните его в Word или LibreOffice как .docx.",
        DocxEncrypted => "Документ защищён паролем. Снимите защиту и загрузите его снова.",
        DocxMacros => "В документе есть макросы (.docm) — такие файлы не принимаются. Сохраните его как обычный .docx.",
        DocxTooLarge => "Документ слишком большой (больше 32 МБ или слишком много данных внутри).",
        UploadIncomplete => "Файл больше 8 МБ или пришёл не полностью.",
        UploadNotSent => "Браузер не смог отправить файл.",
        UploadUnreadable => "Сервер ответил непонятно. Попробуйте ещё раз.",
        UploadOffline => "Нет связи с сервером. Попробуйте ещё раз.",
        UploadFailed => "Не удалось загрузить изображение.",
        NotSignedIn => return error_text(&AppError::Unauthorized),
        NotAllowed => return error_text(&AppError::Forbidden),
        ServiceUnavailable => return error_text(&AppError::Unavailable),
        SignIn => "Неверный логин или пароль.",
        Login => "Логин: от 3 до 40 строчных латинских букв, цифр, точек, дефисов.",
        LoginTaken => "Этот логин уже занят.",
        Name => "Введите имя (до 100 символов).",
        NameControl => return control("имени"),
        Role => "Выберите роль.",
        PasswordShort => "Пароль должен быть не короче 8 символов.",
        PasswordLong => "Пароль должен быть не длиннее 256 символов.",
        OwnRole => "Свою роль изменить нельзя: попросите другого администратора.",
        BioTooLong => return format!("Биография длиннее {BIO_MAX_CHARS} символов."),
        CategoryName => "Введите название рубрики (до 60 символов).",
        CategoryControl => return control("названия"),
        CategoryTaken => "Рубрика с таким названием или адресом уже есть.",
        Throttled(seconds) => return throttle_message(*seconds),
        DeleteOnlyTrashed => "Удалить навсегда можно только статью из корзины.",
        NotPublished => "Статья не опубликована.",
        NotTrashed => "Статья не в корзине.",
        ChangedMeanwhile => "Статью только что изменили. Попробуйте ещё раз.",
        RevisionChangedMeanwhile => "Статью только что изменили. Откройте сравнение ещё раз.",
        UnknownAction => "Неизвестное действие.",
        BrokenForm => "Форма пришла повреждённой. Обновите страницу и отправьте её ещё раз.",
        BadParameters => "Неверные параметры запроса",
        TickerLimit => {
            return format!(
                "Параметр limit должен быть числом от 1 до {}",
                crate::domain::reader::TICKER_MAX_LIMIT
            )
        }
    };
    text.to_string()
}

/// The sentence for a short form's URL code (`?e_login=login-taken`), if
/// the code is one of ours.
pub fn for_code(code: &str) -> Option<String> {
    Refusal::from_code(code).map(|r| refusal(&r))
}

/// What an error says to the person who met it.
impl std::fmt::Display for AppError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&error_text(self))
    }
}

fn error_text(error: &AppError) -> String {
    match error {
        AppError::NotFound => "Страница не найдена".into(),
        AppError::Refused(why) => refusal(why),
        AppError::Unauthorized => "Войдите, чтобы продолжить.".into(),
        AppError::Forbidden => "Недостаточно прав для этого действия.".into(),
        AppError::Unavailable => {
            "Сервис временно недоступен. Попробуйте обновить страницу через минуту.".into()
        }
        AppError::Internal => "Что-то пошло не так. Мы уже разбираемся.".into(),
    }
}

/// The heading of the page that shows an error.
pub fn error_title(error: &AppError) -> &'static str {
    match error {
        AppError::Forbidden => "Недостаточно прав",
        AppError::NotFound => "Не найдено",
        _ => "Не получилось",
    }
}

/// Notices after an action, by the code in `?notice=`.
pub fn notice(code: &str) -> Option<&'static str> {
    Some(match code {
        "saved" => "Сохранено.",
        "corrected" => "Исправление добавлено.",
        "profile" => "Профиль автора сохранён.",
        "unpublish" => "Статья снята с публикации и стала черновиком.",
        "trash" => "Статья перемещена в корзину.",
        "restore" => "Статья восстановлена из корзины как черновик.",
        "delete" => "Статья удалена навсегда.",
        "revision" => "Версия восстановлена. Предыдущий текст сохранён в истории правок.",
        "category" => "Рубрики сохранены.",
        "user" => "Сотрудник добавлен.",
        "account" => "Изменения сохранены.",
        "page" => "Страница сохранена.",
        "page-deleted" => "Страница удалена.",
        "live-start" => "Трансляция началась: добавляйте записи ниже.",
        "live-end" => "Трансляция завершена.",
        "unbreak" => "Плашка «Срочно» снята.",
        "update" => "Запись добавлена.",
        "update-saved" => "Запись сохранена.",
        "update-deleted" => "Запись удалена.",
        "draft-discarded" => "Несохранённая версия удалена.",
        "taken" => TAKEN,
        "channel" => "Канал добавлен.",
        "channel-removed" => "Канал убран.",
        "push-queued" => "Уведомление отправляется подписчикам.",
        "push-sent-before" => {
            "Уведомление об этой статье уже отправлено: второй раз оно не уходит."
        }
        "bot-token" => "Токен бота сохранён: статьи пойдут в каналы в течение 10 секунд.",
        "bot-token-removed" => "Токен бота удалён: статьи ждут отправки, пока не задан новый.",
        "ai-crawlers" => "Правила для ИИ-краулеров сохранены: robots.txt уже отдаёт их.",
        "retrying" => "Отправим ещё раз в ближайшие секунды.",
        _ => return None,
    })
}

/// Refusals the HTTP layer makes before any page is rendered (middleware
/// and limits), each answered with a small page of its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HttpRefusal {
    /// A state-changing request not from the site's own pages.
    CrossOrigin,
    /// Over the body limit.
    TooLarge,
    /// The handler ran out of time.
    TooSlow,
    /// The body did not arrive in time.
    BodyTooSlow,
    /// Any other bare refusal.
    Failed,
    /// Searches from one address, over the rate limit: wait this long.
    TooManySearches(u64),
    /// A path that exists only for someone else (`/metrics` without a token).
    NoSuchPage,
    /// A feed or sitemap file that does not exist.
    NoSuchFeed,
    /// A 5xx that reached the reader without a page.
    ServerError,
}

/// The heading and the sentence of an HTTP refusal's page.
pub fn http_refusal(refusal: HttpRefusal) -> (&'static str, String) {
    use HttpRefusal::*;
    let (title, text) = match refusal {
        CrossOrigin => (
            "Запрос отклонён",
            "Запрос пришёл не со страниц этого сайта. Откройте редакцию и повторите действие там.",
        ),
        TooLarge => (
            "Слишком большой запрос",
            "Запрос больше, чем сайт принимает. Изображения загружаются через форму статьи.",
        ),
        TooSlow => (
            "Сервер не успел ответить",
            "Страница готовилась слишком долго. Обновите её через минуту.",
        ),
        BodyTooSlow => (
            "Запрос шёл слишком долго",
            "Сервер не дождался запроса целиком. Попробуйте ещё раз.",
        ),
        Failed => ("Ошибка", "Запрос не удалось выполнить."),
        TooManySearches(seconds) => {
            return (
                "Слишком много запросов",
                format!(
                    "С вашего адреса ищут слишком часто. Повторите поиск через {}.",
                    wait_phrase(seconds)
                ),
            )
        }
        NoSuchPage => ("Страница не найдена", "Такой страницы нет."),
        NoSuchFeed => ("Не найдено", "Такой ленты или карты сайта нет."),
        ServerError => return ("Ошибка", error_text(&AppError::Internal)),
    };
    (title, text.to_string())
}

/// "Слишком много неудачных попыток входа. Попробуйте снова через 2 минуты."
pub fn throttle_message(seconds: u64) -> String {
    format!(
        "Слишком много неудачных попыток входа. Попробуйте снова через {}.",
        wait_phrase(seconds)
    )
}

/// A wait, as it follows «через»: "30 секунд", "21 секунду", "2 минуты".
pub fn wait_phrase(seconds: u64) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

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
            assert!(for_code(code).is_some(), "{code}");
        }
        assert_eq!(for_code("Позвоните нам"), None);
        assert_eq!(for_code("wait-x"), None);
        assert!(for_code("wait-30").unwrap().ends_with("через 30 секунд."));
        assert!(for_code("wait-21").unwrap().ends_with("через 21 секунду."));
        assert!(for_code("wait-120").unwrap().ends_with("через 2 минуты."));
        assert!(for_code("wait-3600").unwrap().ends_with("через 60 минут."));
        assert_eq!(
            for_code(
                &crate::domain::accounts::password_problem("short")
                    .unwrap()
                    .code()
            )
            .unwrap(),
            "Пароль должен быть не короче 8 символов."
        );
    }

    #[test]
    fn the_short_forms_name_their_control_characters() {
        assert_eq!(
            refusal(&Refusal::NameControl),
            "Уберите из имени невидимые управляющие символы."
        );
        assert_eq!(
            refusal(&Refusal::CategoryControl),
            "Уберите из названия невидимые управляющие символы."
        );
    }

    #[test]
    fn http_refusals_say_what_happened_and_how_long_to_wait() {
        let (title, text) = http_refusal(HttpRefusal::TooManySearches(2));
        assert_eq!(title, "Слишком много запросов");
        assert!(text.ends_with("через 2 секунды."), "{text}");
        assert!(http_refusal(HttpRefusal::TooManySearches(21))
            .1
            .ends_with("через 21 секунду."));
        assert_eq!(
            http_refusal(HttpRefusal::ServerError).1,
            AppError::Internal.to_string()
        );
    }
}
