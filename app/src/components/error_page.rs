//! The 404 page and the page for other errors; both set the HTTP status.

use crate::error::AppError;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};

#[component]
pub fn NotFound() -> impl IntoView {
    AppError::NotFound.set_response_status();
    let lang = crate::hooks::use_lang();
    let words = lang.words();
    view! {
        <Title text=words.not_found />
        <Meta name="robots" content="noindex" />
        <section class="message-page">
            <p class="message-page__code">"404"</p>
            <h1>{words.not_found}</h1>
            <p>{words.not_found_hint}</p>
            <p>
                <a class="button" href=lang.home()>{words.to_home}</a>
            </p>
        </section>
    }
}

#[component]
pub fn ErrorPage(error: AppError) -> impl IntoView {
    if error == AppError::NotFound {
        return view! { <NotFound /> }.into_any();
    }
    error.set_response_status();
    let message = error.to_string();
    let way_on = if error == AppError::Unauthorized {
        view! { <a class="button" href="/admin/login">"Войти"</a> }.into_any()
    } else {
        view! { <a class="button" href="/">"На главную"</a> }.into_any()
    };
    let title = if error == AppError::Unavailable {
        "Сервис временно недоступен"
    } else {
        "Ошибка"
    };
    view! {
        <Title text=title />
        <Meta name="robots" content="noindex" />
        <section class="message-page">
            <p class="message-page__code">{error.status().as_u16()}</p>
            <h1>{message}</h1>
            <p>{way_on}</p>
        </section>
    }
    .into_any()
}
