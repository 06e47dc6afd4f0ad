//! The reader site in Kazakh.
//!
//! Nobody on the team is a native speaker: docs/editions.md lists these
//! sentences for review before launch. They are kept short and plain, and
//! written so that no ending has to agree with a number or a date.

use super::{PushWords, ShareWords, Words};

/// The share buttons' words (see `ShareWords`).
pub const SHARE_BUTTONS: ShareWords = ShareWords {
    copy_link: "Сілтемені көшіру",
    share_more: "Бөлісу…",
    link_copied: "Сілтеме көшірілді",
    copy_failed: "Көшіру мүмкін болмады — жоғарыдағы өрістегі сілтемені белгілеңіз",
};

/// The push controls' words (see `PushWords`).
pub const PUSH_CONTROLS: PushWords = PushWords {
    breaking: "Шұғыл жаңалықтарды алу",
    breaking_on: "Шұғыл жаңалықтардан бас тарту",
    live: "Тікелей эфирді бақылау",
    live_on: "Тікелей эфирді бақыламау",
    subscribed: "Дайын: хабарландырулар келеді.",
    unsubscribed: "Хабарландырулар өшірілді.",
    denied: "Хабарландыруларға браузер баптауларында тыйым салынған.",
    failed: "Болмады, кейінірек қайталап көріңіз.",
};

pub const WORDS: Words = Words {
    tagline: "Қазақстан жаңалықтары",
    site_title: "Qalam — Қазақстан жаңалықтары",
    skip_to_content: "Негізгі мазмұнға өту",
    search_site: "Сайттан іздеу",
    search_button: "Іздеу",
    categories_label: "Айдарлар",
    footer_about: " — тәуелсіз ақпарат басылымы. Сайттағы материалдар платформаны көрсету \
                   үшін берілген.",
    footer_links_label: "Сайт туралы",
    footer_time_zone: "Сайттағы уақыт — Алматы уақыты (UTC+5).",
    corrections: "Түзетулер",
    corrections_description: "Редакция жарияланған материалдарда түзеткен қателер.",
    corrections_intro: "Қателессек, материалды түзетеміз және бұл туралы мәтіннің үстінде жазамыз. Мұнда — соңғы түзетулер.",
    corrections_none: "Әзірге түзету жоқ.",
    all_news_feed: "Qalam — барлық жаңалықтар",
    other_edition: "Русский",
    other_edition_label: "Версия на русском языке",
    language_label: "Тіл",
    loading: "Жүктелуде…",
    ticker_heading: "Соңғы жаңалықтар",
    ticker_failed: "Жаңалықтарды жүктеу мүмкін болмады.",
    breaking_badge: "Шұғыл",
    breaking_label: "Шұғыл: ",
    breaking_region: "Шұғыл жаңалық",
    hide: "Жасыру",
    live_badge: "Онлайн",
    home_heading: "Qalam — Қазақстан жаңалықтары",
    home_description: "Қазақстан мен әлем жаңалықтары: саясат, экономика, қоғам, спорт, оқиғалар \
                       және технология. Алматы, Астана және өңірлердегі соңғы оқиғалар.",
    latest_heading: "Басты жаңалықтар",
    no_news: "Әзірге жаңалық жоқ.",
    most_read: "Ең көп оқылғандар",
    updated: "Жаңартылды: ",
    tags_label: "Тегтер",
    related: "Тақырыпқа қатысты",
    correction: "Түзету, ",
    and: " және ",
    live_now: "Тікелей трансляция",
    live_ended: "Трансляция аяқталды",
    pinned: "Бекітілген",
    new_update: "Жаңа жазба: ",
    share: "Бөлісу",
    share_link_label: "Материалға сілтеме",
    share_buttons: SHARE_BUTTONS,
    page: "Бет: ",
    pages_label: "Беттер",
    newer: "← Жаңарақ",
    older: "Ескірек →",
    feed: "RSS арнасы",
    list_empty: "Мұнда әзірге материал жоқ.",
    category_description: |name| format!("{name}: айдардың соңғы жаңалықтары, Qalam."),
    author_description: |name| format!("{name}: Qalam авторының материалдары."),
    tag_description: |name| format!("«{name}» тақырыбы бойынша жаңалықтар, Qalam."),
    numbered_page: |name, page| format!("{name}, {page}-бет"),
    author_kicker: "Автор",
    tag_kicker: "Тег",
    search_heading: "Іздеу",
    search_form_label: "Материалдардан іздеу",
    search_field_label: "Не іздейсіз",
    search_description: "Материалдардан іздеу.",
    search_prompt: "Іздеген сөздеріңізді жазыңыз: мысалы, «сайлау» немесе «Алматы тарифтері».",
    search_nothing: |query| {
        format!(
            "«{query}» сұрауы бойынша ештеңе табылмады. Жазылуын тексеріңіз немесе басқа \
             сөздерді қолданып көріңіз."
        )
    },
    search_found: |n| format!("Табылған материалдар: {n}."),
    search_more_than: |n| format!("{n} материалдан көп табылды, жаңалары алдымен."),
    search_more_by_relevance: |n| format!("{n} материалдан көп табылды, ең сәйкестері алдымен."),
    search_continued: |query| format!("«{query}» сұрауы бойынша тағы материалдар."),
    search_show_more: "Тағы көрсету",
    search_back_to_start: "Басына",
    search_order_label: "Реті",
    search_order_newest: "Алдымен жаңалары",
    search_order_relevance: "Сәйкестігі бойынша",
    search_corrected: "Мына сұрау бойынша нәтижелер: ",
    search_instead: "Іздеу: ",
    search_other_edition: "Орыс тіліндегі нұсқадан іздеу",
    search_shortened: "Сұрау тым ұзын: алғашқы 200 таңба бойынша іздедік.",
    search_pages_label: "Нәтиже беттері",
    back: "← Артқа",
    forward: "Әрі қарай →",
    not_found: "Бет табылмады",
    not_found_hint: "Материал басқа мекенжайға көшірілген болуы немесе мекенжайда қате бар \
                     болуы мүмкін.",
    to_home: "Басты бетке",
    #[cfg(feature = "ssr")]
    breaking_flash: "⚡️ Шұғыл",
    #[cfg(feature = "ssr")]
    telegram_read_more: "Толығырақ",
};
