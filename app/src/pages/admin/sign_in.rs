//! The sign-in page (`/admin/login`).

use super::{field_error, QueryForm};
use crate::hooks::use_query;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn SignInPage() -> impl IntoView {
    let query = use_query();
    let form = move || QueryForm::new(query.get());
    view! {
        <Title text="Вход для редакции" />
        <section class="admin admin--narrow">
            <h1>"Вход для редакции"</h1>
            {move || {
                (form().value("bye") == "1")
                    .then(|| view! { <p class="notice" role="status">"Вы вышли из редакции."</p> })
            }}
            // A form posted after the session ended: kept for the sign-in, or not.
            {move || {
                match form().value("kept").as_str() {
                    "1" => Some(crate::messages::SIGNED_OUT_KEPT),
                    "0" => Some(crate::messages::SIGNED_OUT_LOST),
                    _ => None,
                }
                    .map(|sentence| view! { <p class="notice" role="status">{sentence}</p> })
            }}
            <form method="post" action="/admin/login">
                {move || {
                    let form = form();
                    let error = form.error("login");
                    let invalid = error.is_some().then_some("true");
                    view! {
                        {field_error("login", error)}
                        <div class="field">
                            <label for="login">"Логин"</label>
                            <input
                                id="login"
                                name="login"
                                autocomplete="username"
                                required
                                value=form.value("login")
                                aria-invalid=invalid
                                aria-describedby=invalid.map(|_| "login-error")
                            />
                        </div>
                        <div class="field">
                            <label for="password">"Пароль"</label>
                            <input
                                id="password"
                                name="password"
                                type="password"
                                autocomplete="current-password"
                                required
                            />
                        </div>
                    }
                }}
                <input type="hidden" name="next" value=move || form().value("next") />
                <button type="submit" class="button">"Войти"</button>
            </form>
        </section>
    }
}
