//! The admins' Telegram channels page (docs/reach.md).

use super::{field_error, notice, QueryForm};
use crate::components::loaded::loaded;
use crate::hooks::use_query;
use leptos::prelude::*;
use leptos_meta::Title;

/// The admins' Telegram channels (docs/reach.md): each edition's and a
/// category's, plain forms (the same with JavaScript off).
#[component]
pub fn TelegramAdminPage() -> impl IntoView {
    let query = use_query();
    let page = Resource::new(
        move || query.get(),
        |_| crate::api::admin::get_telegram_admin(),
    );
    view! {
        <Title text="Telegram — редакция" />
        {loaded(page, move |data| channels_view(data, QueryForm::new(query.get_untracked())))}
    }
}

/// The bot: where its token comes from, and a form for it unless the
/// server's environment sets it. The token is never shown back.
fn bot_section(token: crate::domain::workspace::BotToken, error: Option<String>) -> impl IntoView {
    use crate::domain::workspace::BotToken;
    let invalid = error.is_some().then_some("true");
    let (said, can_enter) = match token {
        BotToken::FromServer => (
            "Токен бота задан в настройках сервера (QALAM_TELEGRAM_BOT_TOKEN).",
            false,
        ),
        BotToken::Entered => ("Токен бота задан.", true),
        BotToken::Missing => (
            "Токен бота не задан: опубликованные статьи ждут отправки.",
            true,
        ),
    };
    let form = can_enter.then(|| {
        view! {
            <form method="post" action="/admin/telegram/token">
                <div class="field">
                    <label for="bot-token">
                        {if token == BotToken::Entered { "Новый токен бота" } else { "Токен бота" }}
                    </label>
                    <input
                        id="bot-token"
                        name="token"
                        type="password"
                        autocomplete="off"
                        required
                        maxlength="80"
                        placeholder="123456789:AAE…"
                        aria-invalid=invalid
                        aria-describedby=invalid.map(|_| "token-error")
                    />
                    {field_error("token", error)}
                    <p class="hint">"Токен даёт @BotFather. После сохранения его не показывают."</p>
                </div>
                <button type="submit" class="button">"Сохранить токен"</button>
            </form>
        }
    });
    let remove = (token == BotToken::Entered).then(|| {
        view! {
            <form method="post" action="/admin/telegram/token/delete">
                <button type="submit" class="link-button">"Удалить токен"</button>
            </form>
        }
    });
    view! {
        <h2 id="bot">"Бот"</h2>
        <p>{said}</p>
        {form}
        {remove}
    }
}

/// Search engines: IndexNow's key, and whether AI training crawlers may
/// read the site (`robots.txt`).
fn search_engines(refuse_ai_crawlers: bool, indexnow_key: String) -> impl IntoView {
    let indexnow = if indexnow_key.is_empty() {
        "IndexNow: ключ появится при первом запуске сервера.".to_string()
    } else {
        format!("IndexNow: Яндекс и Bing узнают о каждой публикации сразу. Ключ: {indexnow_key}")
    };
    view! {
        <h2 id="search-engines">"Поисковые системы и ИИ"</h2>
        <p class="hint">{indexnow}</p>
        <form method="post" action="/admin/telegram/ai-crawlers">
            <fieldset>
                <legend>"Краулеры, собирающие тексты для обучения ИИ (GPTBot, ClaudeBot, Google-Extended, PerplexityBot, CCBot и другие)"</legend>
                <label class="checkbox">
                    <input type="radio" name="policy" value="allow" checked=!refuse_ai_crawlers />
                    " Разрешить"
                </label>
                <label class="checkbox">
                    <input type="radio" name="policy" value="refuse" checked=refuse_ai_crawlers />
                    " Запретить в robots.txt"
                </label>
                <p class="hint">"Поисковики (Яндекс, Google, Bing) индексируют сайт в обоих случаях."</p>
            </fieldset>
            <button type="submit" class="button">"Сохранить"</button>
        </form>
    }
}

fn channels_view(data: crate::domain::workspace::ChannelsData, form: QueryForm) -> impl IntoView {
    use crate::domain::lang::Lang;
    let error = form.error("chat");
    let invalid = error.is_some().then_some("true");
    let typed_lang = form.value("lang");
    let typed_category = form.value("category");
    let edition = |lang: Lang| match lang {
        Lang::Ru => "Русская версия",
        Lang::Kk => "Казахская версия",
    };
    let rows = data
        .channels
        .into_iter()
        .map(|c| {
            let scope = match &c.category {
                Some(name) => format!("{}, рубрика «{name}»", edition(c.lang)),
                None => format!("{}, все статьи", edition(c.lang)),
            };
            let remove = if c.from_env {
                view! { <span class="hint">"из настроек сервера (QALAM_TELEGRAM_CHANNELS)"</span> }
                    .into_any()
            } else {
                view! {
                    <form method="post" action=format!("/admin/telegram/{}/delete", c.id)>
                        <button type="submit" class="link-button">"Убрать"</button>
                    </form>
                }
                .into_any()
            };
            view! {
                <li>
                    <strong>{c.chat}</strong>
                    " — "
                    {scope}
                    " "
                    {remove}
                </li>
            }
        })
        .collect_view();
    let categories = data
        .categories
        .into_iter()
        .map(|c| {
            let selected = c.value == typed_category;
            view! { <option value=c.value selected=selected>{c.label}</option> }
        })
        .collect_view();
    view! {
        <section class="admin">
            {notice(&form.value("notice"))}
            <h1>"Telegram"</h1>
            <p class="hint">
                "Опубликованная статья уходит в каналы своей версии сайта и своей рубрики. Бот должен быть администратором канала."
            </p>
            {bot_section(data.bot_token, form.error("token"))}
            <ul class="channels-admin">{rows}</ul>
            <h2>"Добавить канал"</h2>
            <form method="post" action="/admin/telegram">
                <div class="field">
                    <label for="channel-lang">"Версия сайта"</label>
                    <select id="channel-lang" name="lang">
                        <option value="ru" selected=typed_lang != "kk">"Русская"</option>
                        <option value="kk" selected=typed_lang == "kk">"Казахская"</option>
                    </select>
                </div>
                <div class="field">
                    <label for="channel-category">"Рубрика"</label>
                    <select id="channel-category" name="category">
                        <option value="">"Все статьи"</option>
                        {categories}
                    </select>
                </div>
                <div class="field">
                    <label for="chat">"Канал"</label>
                    <input
                        id="chat"
                        name="chat"
                        required
                        maxlength="40"
                        placeholder="@qalam_news"
                        value=form.value("chat")
                        aria-invalid=invalid
                        aria-describedby=invalid.map(|_| "chat-error")
                    />
                    {field_error("chat", error)}
                </div>
                <button type="submit" class="button">"Добавить канал"</button>
            </form>
            {search_engines(data.refuse_ai_crawlers, data.indexnow_key)}
        </section>
    }
    .into_any()
}
