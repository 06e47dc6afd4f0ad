//! The workspace's pages other than the article form.

use super::{field_error, QueryForm};
use crate::api::admin::{
    get_article_list, get_categories_admin, get_preview, get_revision, get_revisions,
    get_users_admin,
};
use crate::components::loaded::loaded;
use crate::domain::articles::{Status, LIST_COUNT_CAP};
use crate::domain::workspace::{
    ArticleList, CategoriesData, RevisionCompare, RevisionList, UsersData,
};
use crate::hooks::use_query;
use crate::pages::article::article_view;
use crate::text::{almaty_date_time, short_time};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

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
                <button type="submit" class="button">"Войти"</button>
            </form>
        </section>
    }
}

#[component]
pub fn ArticleListPage() -> impl IntoView {
    let query = use_query();
    let list = Resource::new(
        move || {
            let q = query.read();
            (
                q.get("status"),
                q.get("category"),
                q.get("author"),
                q.get("q"),
                q.get("page"),
            )
        },
        |(status, category, author, q, page)| get_article_list(status, category, author, q, page),
    );
    view! {
        <Title text="Статьи — редакция" />
        {move || notice(&query.read().get("notice").unwrap_or_default())}
        {loaded(list, list_view)}
    }
}

/// "10 000": thousands grouped with a (narrow no-break) space, as in Russian.
fn group_thousands(n: i64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('\u{202F}');
        }
        out.push(c);
    }
    out
}

/// The notice line for the code in `?notice=`, if it is one of ours.
fn notice(code: &str) -> Option<impl IntoView> {
    crate::messages::notice(code).map(|text| view! { <p class="notice" role="status">{text}</p> })
}

fn select(
    name: &'static str,
    label: &'static str,
    any: &'static str,
    current: String,
    options: Vec<(String, String)>,
) -> impl IntoView {
    view! {
        <div class="field field--inline">
            <label for=format!("filter-{name}")>{label}</label>
            <select id=format!("filter-{name}") name=name>
                <option value="" selected=current.is_empty()>{any}</option>
                {options
                    .into_iter()
                    .map(|(value, text)| {
                        let selected = value == current;
                        view! { <option value=value selected=selected>{text}</option> }
                    })
                    .collect_view()}
            </select>
        </div>
    }
}

fn list_view(data: ArticleList) -> impl IntoView {
    let now = data.now;
    let filter = data.filter.clone();
    let statuses = Status::ALL
        .iter()
        .map(|s| (s.as_str().to_string(), s.label().to_string()))
        .collect();
    let categories = data
        .categories
        .iter()
        .map(|c| (c.value.clone(), c.label.clone()))
        .collect();
    let authors: Vec<(String, String)> = data
        .authors
        .iter()
        .map(|a| (a.value.clone(), a.label.clone()))
        .collect();
    let page_link = {
        let filter = filter.clone();
        move |page: u32| {
            let mut query = vec![];
            for (key, value) in [
                ("status", &filter.status),
                ("category", &filter.category),
                ("author", &filter.author),
                ("q", &filter.q),
            ] {
                if !value.is_empty() {
                    query.push(format!(
                        "{key}={}",
                        crate::text::url::encode_component(value)
                    ));
                }
            }
            query.push(format!("page={page}"));
            format!("/admin?{}", query.join("&"))
        }
    };
    let (page, pages) = (data.page, data.pages);
    view! {
        <section class="admin">
            <header class="admin__header">
                <h1>"Статьи"</h1>
                <a class="button" href="/admin/articles/new">"Новая статья"</a>
            </header>
            <form method="get" action="/admin">
                <div class="filters">
                    <div class="field field--inline">
                        <label for="filter-q">"Заголовок"</label>
                        <input id="filter-q" name="q" type="search" value=filter.q.clone() />
                    </div>
                    {select("status", "Статус", "Все, кроме корзины", filter.status.clone(), statuses)}
                    {select("category", "Рубрика", "Все рубрики", filter.category.clone(), categories)}
                    {(!authors.is_empty())
                        .then(|| select("author", "Автор", "Все авторы", filter.author.clone(), authors))}
                    <button type="submit" class="button button--secondary">"Показать"</button>
                </div>
            </form>
            <p class="admin__count">
                {if data.total > LIST_COUNT_CAP {
                    format!("Найдено: более {}", group_thousands(LIST_COUNT_CAP))
                } else {
                    format!("Найдено: {}", group_thousands(data.total))
                }}
            </p>
            <table class="admin-table">
                <thead>
                    <tr>
                        <th scope="col">"Заголовок"</th>
                        <th scope="col">"Статус"</th>
                        <th scope="col">"Рубрика"</th>
                        <th scope="col">"Автор"</th>
                        <th scope="col">"Публикация"</th>
                    </tr>
                </thead>
                <tbody>
                    {data
                        .items
                        .into_iter()
                        .map(|line| {
                            view! {
                                <tr>
                                    <td>
                                        <a href=format!("/admin/articles/{}", line.id)>{line.title}</a>
                                    </td>
                                    <td>
                                        <span class=format!("status status--{}", line.status.as_str())>
                                            {line.status.label()}
                                        </span>
                                    </td>
                                    <td>{line.category}</td>
                                    <td>{line.author}</td>
                                    <td>{line.published_at.map(|ts| short_time(ts, now))}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
            <nav class="pagination" aria-label="Страницы списка">
                {(page > 1).then(|| view! { <a class="button" href=page_link(page - 1)>"← Назад"</a> })}
                <span>"Страница " {page} " из " {pages}</span>
                {(page < pages).then(|| view! { <a class="button" href=page_link(page + 1)>"Дальше →"</a> })}
            </nav>
        </section>
    }
    .into_any()
}

fn article_id() -> Memo<i64> {
    let params = use_params_map();
    Memo::new(move |_| {
        params
            .read()
            .get("id")
            .and_then(|id| id.parse().ok())
            .unwrap_or(0)
    })
}

#[component]
pub fn PreviewPage() -> impl IntoView {
    let id = article_id();
    let article = Resource::new(move || id.get(), get_preview);
    view! {
        <p class="preview-banner" role="status">
            "Предпросмотр: так статью увидят читатели. "
            <a href=move || format!("/admin/articles/{}", id.get())>"Вернуться к редактированию"</a>
        </p>
        {loaded(article, article_view)}
    }
}

#[component]
pub fn RevisionsPage() -> impl IntoView {
    let id = article_id();
    let list = Resource::new(move || id.get(), get_revisions);
    view! {
        <Title text="История правок" />
        {loaded(list, revisions_view)}
    }
}

fn revisions_view(data: RevisionList) -> impl IntoView {
    let id = data.article_id;
    let empty = data.items.is_empty();
    view! {
        <section class="admin">
            <p>
                <a href=format!("/admin/articles/{id}")>"← К статье «" {data.title} "»"</a>
            </p>
            <h1>"История правок"</h1>
            <p>"Текущая версия: " {data.version}</p>
            {empty.then(|| view! { <p class="empty">"Статью ещё не меняли после первого сохранения."</p> })}
            <ol class="revisions">
                {data
                    .items
                    .into_iter()
                    .map(|r| {
                        view! {
                            <li>
                                <a href=format!("/admin/articles/{id}/revisions/{}", r.id)>
                                    "Версия " {r.version} ": " {r.title}
                                </a>
                                " — " {r.saved_by} ", "
                                <time>{almaty_date_time(r.saved_at)}</time>
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        </section>
    }
    .into_any()
}

#[component]
pub fn RevisionPage() -> impl IntoView {
    let id = article_id();
    let params = use_params_map();
    let compare = Resource::new(
        move || {
            let revision = params.read().get("revision").and_then(|r| r.parse().ok());
            (id.get(), revision.unwrap_or(0))
        },
        |(id, revision)| get_revision(id, revision),
    );
    view! {
        <Title text="Сравнение версий" />
        {loaded(compare, compare_view)}
    }
}

fn compare_view(data: RevisionCompare) -> impl IntoView {
    let id = data.article_id;
    let revision = data.revision;
    view! {
        <section class="admin">
            <p>
                <a href=format!("/admin/articles/{id}/revisions")>"← Все версии"</a>
            </p>
            <h1>"Версия " {revision.version} " и текущий текст"</h1>
            <p>
                "Сохранил(а) " {revision.saved_by} ", " {almaty_date_time(revision.saved_at)}
                ". Строки со знаком «−» есть только в этой версии, со знаком «+» — только в текущей."
            </p>
            <pre class="diff">
                {data
                    .lines
                    .into_iter()
                    .map(|line| {
                        let (class, mark) = match line.kind {
                            '-' => ("diff__line diff__line--old", "− "),
                            '+' => ("diff__line diff__line--new", "+ "),
                            _ => ("diff__line", "  "),
                        };
                        view! { <span class=class>{mark} {line.text} "\n"</span> }
                    })
                    .collect_view()}
            </pre>
            <form method="post" action=format!("/admin/articles/{id}/revisions/{}/restore", revision.id)>
                <button type="submit" class="button">"Восстановить эту версию"</button>
            </form>
        </section>
    }
    .into_any()
}

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
                                <span class="hint">"/category/" {c.slug} " · материалов: " {c.articles}</span>
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

fn users_view(data: UsersData, form: QueryForm) -> impl IntoView {
    // Least privilege unless the admin picked otherwise.
    let chosen_role = match form.value("role") {
        role if role.is_empty() => "author".to_string(),
        role => role,
    };
    let roles = data.roles.clone();
    let account_login = form.value("account");
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
                                </tr>
                            }
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

#[cfg(test)]
mod tests {
    use super::group_thousands;

    #[test]
    fn thousands_are_grouped_the_russian_way() {
        assert_eq!(group_thousands(7), "7");
        assert_eq!(group_thousands(999), "999");
        assert_eq!(group_thousands(10_000), "10\u{202F}000");
        assert_eq!(group_thousands(1_234_567), "1\u{202F}234\u{202F}567");
    }
}
