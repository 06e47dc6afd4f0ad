//! The admins' pages: categories and staff accounts.

use super::{field_error, notice, QueryForm};
use crate::api::admin::{get_categories_admin, get_profile, get_users_admin};
use crate::components::loaded::loaded;
use crate::domain::workspace::{CategoriesData, CategoryLine, ProfileData, UsersData};
use crate::hooks::use_query;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn CategoriesAdminPage() -> impl IntoView {
    let query = use_query();
    let page = Resource::new(move || query.get(), |_| get_categories_admin());
    view! {
        <Title text="Рубрики — редакция" />
        {loaded(page, move |data| categories_view(data, QueryForm::new(query.get_untracked())))}
    }
}

fn categories_view(data: CategoriesData, form: QueryForm) -> impl IntoView {
    let count = data.items.len();
    let error = form.error("name");
    let invalid = error.is_some().then_some("true");
    // A refused rename: which row, what was typed, and why.
    let renamed: Option<i64> = form.value("rename").parse().ok();
    let rename_name = form.value("rename_name");
    let rename_error = form.error("rename");
    let named_kk: Option<i64> = form.value("kazakh").parse().ok();
    let kazakh_name = form.value("kazakh_name");
    let kazakh_error = form.error("kazakh");
    view! {
        <section class="admin">
            {notice(&form.value("notice"))}
            <h1>"Рубрики"</h1>
            <p class="hint">"Адрес рубрики не меняется при переименовании, чтобы ссылки продолжали работать."</p>
            <ol class="category-admin">
                {data
                    .items
                    .into_iter()
                    .enumerate()
                    .map(|(index, c)| {
                        let action = format!("/admin/categories/{}", c.id);
                        let input_id = format!("category-{}", c.id);
                        let label = format!("Название рубрики /category/{}", c.slug);
                        let refused = renamed == Some(c.id);
                        let name = if refused { rename_name.clone() } else { c.name.clone() };
                        let error = if refused { rename_error.clone() } else { None };
                        let invalid = error.is_some().then_some("true");
                        let described = invalid.map(|_| format!("{input_id}-error"));
                        let kazakh = kazakh_form(
                            &c,
                            &action,
                            (named_kk == Some(c.id)).then(|| (kazakh_name.clone(), kazakh_error.clone())),
                        );
                        view! {
                            <li>
                                <form method="post" action=action.clone()>
                                    <label for=input_id.clone() class="visually-hidden">{label}</label>
                                    <input
                                        id=input_id.clone()
                                        name="name"
                                        value=name
                                        required
                                        maxlength="60"
                                        aria-invalid=invalid
                                        aria-describedby=described
                                    />
                                    <input type="hidden" name="do" value="rename" />
                                    <button type="submit" class="button button--secondary">"Переименовать"</button>
                                    {field_error(&input_id, error)}
                                </form>
                                <span class="hint">"/category/" {c.slug.clone()} " · материалов: " {c.articles}</span>
                                {kazakh}
                                <form method="post" action=action.clone()>
                                    <input type="hidden" name="do" value="up" />
                                    <button type="submit" class="link-button" disabled=index == 0>
                                        "Выше"
                                    </button>
                                </form>
                                <form method="post" action=action>
                                    <input type="hidden" name="do" value="down" />
                                    <button type="submit" class="link-button" disabled=index + 1 == count>
                                        "Ниже"
                                    </button>
                                </form>
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
            <h2>"Новая рубрика"</h2>
            <form method="post" action="/admin/categories">
                {field_error("new-category", error)}
                <div class="field">
                    <label for="new-category">"Название"</label>
                    <input
                        id="new-category"
                        name="name"
                        required
                        maxlength="60"
                        value=form.value("name")
                        aria-invalid=invalid
                        aria-describedby=invalid.map(|_| "new-category-error")
                    />
                </div>
                <button type="submit" class="button">"Добавить рубрику"</button>
            </form>
        </section>
    }
    .into_any()
}

/// A category's Kazakh name: without one it is not on Kazakh pages, and
/// the page says so. `refused`: what was typed and why it was refused.
fn kazakh_form(
    c: &CategoryLine,
    action: &str,
    refused: Option<(String, Option<String>)>,
) -> impl IntoView {
    let input_id = format!("category-{}-kk", c.id);
    let (name, error) = refused.unwrap_or_else(|| (c.name_kk.clone(), None));
    let invalid = error.is_some().then_some("true");
    let described = invalid.map(|_| format!("{input_id}-error"));
    let place = match &c.slug_kk {
        Some(slug) if !c.name_kk.is_empty() => format!("/kk/category/{slug}"),
        _ => "нет казахского названия: рубрика не видна в казахской версии".to_string(),
    };
    view! {
        <form method="post" action=action.to_string() lang="kk">
            <label for=input_id.clone()>"По-казахски"</label>
            <input
                id=input_id.clone()
                name="name"
                value=name
                maxlength="60"
                aria-invalid=invalid
                aria-describedby=described
            />
            <input type="hidden" name="do" value="kazakh" />
            <button type="submit" class="button button--secondary" lang="ru">"Сохранить"</button>
            <span class="hint" lang="ru">{place}</span>
            {field_error(&input_id, error)}
        </form>
    }
}

#[component]
pub fn UsersAdminPage() -> impl IntoView {
    let query = use_query();
    let page = Resource::new(move || query.get(), |_| get_users_admin());
    view! {
        <Title text="Сотрудники — редакция" />
        {loaded(page, move |data| users_view(data, QueryForm::new(query.get_untracked())))}
    }
}

fn text_field(
    form: &QueryForm,
    name: &'static str,
    label: &'static str,
    kind: &'static str,
    autocomplete: &'static str,
) -> impl IntoView {
    let id = format!("user-{name}");
    let error = form.error(name);
    let invalid = error.is_some().then_some("true");
    let value = if kind == "password" {
        String::new()
    } else {
        form.value(name)
    };
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <input
                id=id.clone()
                name=name
                type=kind
                value=value
                required
                autocomplete=autocomplete
                aria-invalid=invalid
                aria-describedby=invalid.map(|_| format!("{id}-error"))
            />
            {field_error(&id, error)}
        </div>
    }
}

/// Where a profile form is: a row of the staff table, or the person's
/// own profile page (the answer to a save goes back there).
#[derive(Clone, Copy, PartialEq, Eq)]
enum ProfilePlace {
    StaffRow,
    OwnPage,
}

/// The bio and photo of one person's byline (their author page shows
/// them); open when the last save of it was refused, or on one's own page.
fn profile_form(
    u: &crate::domain::workspace::UserLine,
    (bio, bio_kk): (String, String),
    error: Option<String>,
    place: ProfilePlace,
) -> impl IntoView {
    let bio_id = format!("bio-{}", u.login);
    let bio_kk_id = format!("bio-kk-{}", u.login);
    let photo_id = format!("photo-{}", u.login);
    let error_id = format!("profile-{}-error", u.login);
    let invalid = error.is_some().then_some("true");
    let described = error.is_some().then(|| error_id.clone());
    let own_page = place == ProfilePlace::OwnPage;
    let back = own_page.then(|| view! { <input type="hidden" name="back" value="profile" /> });
    let photo = u.photo_url.clone().map(|url| {
        view! {
            <img class="page-header__photo" src=url alt="" width="96" height="96" />
            <label class="checkbox">
                <input type="checkbox" name="remove_photo" />
                "Убрать фото"
            </label>
        }
    });
    let (rows, button) = if own_page {
        (6, "button")
    } else {
        (3, "link-button")
    };
    let form = view! {
        <form
            method="post"
            action=format!("/admin/users/{}/profile", u.login)
            enctype="multipart/form-data"
            class="profile-form"
        >
            {back}
            <label for=bio_id.clone()>{format!("Биография: {}", u.name)}</label>
            {super::fields::plain_text_area("bio", bio_id, rows, &bio, invalid, described.clone())}
            <label for=bio_kk_id.clone()>{format!("Биография по-казахски (для казахской версии): {}", u.name)}</label>
            {super::fields::plain_text_area("bio_kk", bio_kk_id, rows, &bio_kk, invalid, described)}
            {photo}
            <label for=photo_id.clone()>"Фото (JPEG, PNG или WebP)"</label>
            <input id=photo_id name="photo" type="file" accept="image/jpeg,image/png,image/webp" />
            {error.clone().map(|text| view! { <p class="field__error" id=error_id role="alert">{text}</p> })}
            <button type="submit" class=button>"Сохранить профиль"</button>
        </form>
    };
    // Erased: the staff table nests it in every row, and the full type
    // gets too deep for the compiler (the wasm release build).
    if own_page {
        form.into_any()
    } else {
        view! {
            <details id=format!("profile-{}", u.login) open=error.is_some()>
                <summary>"Биография и фото"</summary>
                {form}
            </details>
        }
        .into_any()
    }
}

/// `/admin/profile`: anyone's own bio and photo, whatever their role.
#[component]
pub fn ProfilePage() -> impl IntoView {
    let query = use_query();
    let page = Resource::new(move || query.get(), |_| get_profile());
    view! {
        <Title text="Мой профиль — редакция" />
        {loaded(page, move |data| profile_view(data, QueryForm::new(query.get_untracked())))}
    }
}

fn profile_view(data: ProfileData, form: QueryForm) -> impl IntoView {
    let refused = form.error("profile");
    let bios = if refused.is_some() {
        (form.value("bio"), form.value("bio_kk"))
    } else {
        (data.line.bio.clone(), data.line.bio_kk.clone())
    };
    view! {
        <section class="admin">
            {notice(&form.value("notice"))}
            <h1>"Мой профиль"</h1>
            <p class="hint">
                "Биография и фото видны читателям на "
                <a href=data.author_url.clone()>"вашей авторской странице"</a>
                ", куда ведёт подпись под вашими статьями."
            </p>
            {profile_form(&data.line, bios, refused, ProfilePlace::OwnPage)}
        </section>
    }
}

fn users_view(data: UsersData, form: QueryForm) -> impl IntoView {
    // Least privilege unless the admin picked otherwise.
    let chosen_role = match form.value("role") {
        role if role.is_empty() => "author".to_string(),
        role => role,
    };
    let roles = data.roles.clone();
    let account_login = form.value("account");
    let profile_login = form.value("profile");
    let profile_bios = (form.value("bio"), form.value("bio_kk"));
    let profile_error = form.error("profile");
    let account_error = form.error("account");
    let role_error = form.error("role");
    view! {
        <section class="admin">
            {notice(&form.value("notice"))}
            <h1>"Сотрудники"</h1>
            <table class="admin-table">
                <thead>
                    <tr>
                        <th scope="col">"Имя"</th>
                        <th scope="col">"Логин"</th>
                        <th scope="col">"Роль"</th>
                        <th scope="col">"Пароль"</th>
                        <th scope="col">"Профиль автора"</th>
                    </tr>
                </thead>
                <tbody>
                    {data
                        .items
                        .into_iter()
                        .map(|u| {
                            let action = format!("/admin/users/{}", u.login);
                            let role_id = format!("role-{}", u.login);
                            let password_id = format!("password-{}", u.login);
                            let role_label = format!("Роль: {}", u.name);
                            let password_label = format!("Новый пароль: {}", u.name);
                            let current = u.role;
                            let roles = roles.clone();
                            let error = (account_login == u.login).then(|| account_error.clone()).flatten();
                            let refused = profile_login == u.login;
                            let profile = profile_form(
                                &u,
                                if refused { profile_bios.clone() } else { (u.bio.clone(), u.bio_kk.clone()) },
                                if refused { profile_error.clone() } else { None },
                                ProfilePlace::StaffRow,
                            );
                            view! {
                                <tr>
                                    <td>{u.name}</td>
                                    <td>{u.login}</td>
                                    <td>
                                        <form method="post" action=action.clone()>
                                            <input type="hidden" name="do" value="role" />
                                            <label for=role_id.clone() class="visually-hidden">{role_label}</label>
                                            <select id=role_id name="role">
                                                {roles
                                                    .into_iter()
                                                    .map(|r| {
                                                        let selected = r.value == current.as_str();
                                                        view! { <option value=r.value selected=selected>{r.label}</option> }
                                                    })
                                                    .collect_view()}
                                            </select>
                                            <button type="submit" class="link-button">"Изменить роль"</button>
                                        </form>
                                    </td>
                                    <td>
                                        <form method="post" action=action>
                                            <input type="hidden" name="do" value="password" />
                                            <label for=password_id.clone() class="visually-hidden">{password_label}</label>
                                            <input id=password_id name="password" type="password" autocomplete="new-password" required />
                                            <button type="submit" class="link-button">"Сменить пароль"</button>
                                        </form>
                                        {error.map(|text| view! { <p class="field__error" role="alert">{text}</p> })}
                                    </td>
                                    <td>{profile}</td>
                                </tr>
                            }
                            .into_any()
                        })
                        .collect_view()}
                </tbody>
            </table>
            <h2>"Новый сотрудник"</h2>
            <p class="hint">
                "Администратор управляет сотрудниками и рубриками; редактор публикует любые статьи; автор пишет свои и отправляет на проверку."
            </p>
            <form method="post" action="/admin/users">
                {text_field(&form, "name", "Имя и фамилия", "text", "name")}
                {text_field(&form, "login", "Логин", "text", "off")}
                <div class="field">
                    <label for="user-role">"Роль"</label>
                    <select id="user-role" name="role">
                        {data
                            .roles
                            .into_iter()
                            .map(|r| {
                                let selected = r.value == chosen_role;
                                view! { <option value=r.value selected=selected>{r.label}</option> }
                            })
                            .collect_view()}
                    </select>
                    {field_error("user-role", role_error)}
                </div>
                {text_field(&form, "password", "Пароль (не короче 8 символов)", "password", "new-password")}
                <button type="submit" class="button">"Добавить сотрудника"</button>
            </form>
        </section>
    }
    .into_any()
}
