//! The reader site in Russian.

use super::{PushWords, ShareWords, Words};
use crate::text::plural::{plural, ARTICLES};

/// The share buttons' words (see `ShareWords`).
pub const SHARE_BUTTONS: ShareWords = ShareWords {
    copy_link: "Скопировать ссылку",
    share_more: "Поделиться…",
    link_copied: "Ссылка скопирована",
    copy_failed: "Не удалось скопировать — выделите ссылку в поле выше",
};

/// The push controls' words (see `PushWords`).
pub const PUSH_CONTROLS: PushWords = PushWords {
    breaking: "Получать срочные новости",
    breaking_on: "Отписаться от срочных новостей",
    live: "Следить за трансляцией",
    live_on: "Не следить за трансляцией",
    subscribed: "Готово: уведомления будут приходить.",
    unsubscribed: "Уведомления отключены.",
    denied: "Уведомления запрещены в настройках браузера.",
    failed: "Не получилось, попробуйте позже.",
};

pub const WORDS: Words = Words {
    tagline: "Новости Казахстана",
    site_title: "Qalam — новости Казахстана",
    skip_to_content: "Перейти к содержанию",
    search_site: "Поиск по сайту",
    search_button: "Найти",
    categories_label: "Рубрики",
    footer_about: " — независимое информационное издание. Материалы сайта приведены для \
                   демонстрации платформы.",
    footer_links_label: "О сайте",
    footer_time_zone: "Время на сайте — Алматы (UTC+5).",
    corrections: "Исправления",
    corrections_description: "Ошибки, которые редакция исправила в опубликованных материалах.",
    corrections_intro: "Когда мы ошибаемся, мы исправляем материал и пишем об этом над его текстом. Здесь — последние исправления.",
    corrections_none: "Исправлений пока нет.",
    all_news_feed: "Qalam — все новости",
    other_edition: "Қазақша",
    other_edition_label: "Қазақ тіліндегі нұсқа",
    language_label: "Язык",
    loading: "Загрузка…",
    ticker_heading: "Последние новости",
    ticker_failed: "Не удалось загрузить новости.",
    breaking_badge: "Срочно",
    breaking_label: "Срочно: ",
    breaking_region: "Срочная новость",
    hide: "Скрыть",
    live_badge: "Онлайн",
    home_heading: "Qalam — новости Казахстана",
    home_description: "Новости Казахстана и мира: политика, экономика, общество, спорт, \
                       происшествия и технологии. Последние события в Алматы, Астане и регионах.",
    latest_heading: "Главное сейчас",
    no_news: "Новостей пока нет.",
    most_read: "Самое читаемое",
    updated: "Обновлено ",
    tags_label: "Теги",
    related: "Читайте также",
    correction: "Исправление, ",
    and: " и ",
    live_now: "Прямая трансляция",
    live_ended: "Трансляция завершена",
    pinned: "Закреплено",
    new_update: "Новая запись: ",
    share: "Поделиться",
    share_link_label: "Ссылка на материал",
    share_buttons: SHARE_BUTTONS,
    page: "Страница ",
    pages_label: "Страницы",
    newer: "← Новее",
    older: "Старее →",
    feed: "RSS-лента",
    list_empty: "Здесь пока нет материалов.",
    category_description: |name| format!("{name}: последние новости рубрики на Qalam."),
    author_description: |name| format!("Материалы автора Qalam: {name}."),
    tag_description: |name| format!("Новости по теме «{name}» на Qalam."),
    numbered_page: |name, page| format!("{name}, страница {page}"),
    author_kicker: "Автор",
    tag_kicker: "Тег",
    search_heading: "Поиск",
    search_form_label: "Поиск по материалам",
    search_field_label: "Что искать",
    search_description: "Поиск по материалам.",
    search_prompt: "Введите слова, которые ищете: например, «выборы» или «тарифы Алматы».",
    search_nothing: |query| {
        format!(
            "По запросу «{query}» ничего не найдено. Проверьте написание или попробуйте \
             другие слова."
        )
    },
    search_found: |n| format!("Найдено {n} {}.", plural(n as u64, ARTICLES)),
    search_more_than: |n| format!("Найдено больше {n} материалов, новые первыми."),
    search_more_by_relevance: |n| format!("Найдено больше {n} материалов, самые подходящие первыми."),
    search_continued: |query| format!("Ещё материалы по запросу «{query}»."),
    search_show_more: "Показать ещё",
    search_back_to_start: "К началу",
    search_order_label: "Порядок",
    search_order_newest: "Сначала новые",
    search_order_relevance: "По релевантности",
    search_corrected: "Показаны результаты по запросу ",
    search_instead: "Искать ",
    search_other_edition: "Искать то же в казахской версии",
    search_shortened: "Запрос слишком длинный: искали по первым 200 символам.",
    search_pages_label: "Страницы результатов",
    back: "← Назад",
    forward: "Дальше →",
    not_found: "Страница не найдена",
    not_found_hint: "Возможно, материал перенесли или в адресе опечатка.",
    to_home: "На главную",
    #[cfg(feature = "ssr")]
    breaking_flash: "⚡️ Срочно",
    #[cfg(feature = "ssr")]
    telegram_read_more: "Читать на сайте",
};
