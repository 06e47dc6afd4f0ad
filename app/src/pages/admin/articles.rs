//! The editors' list of articles (`/admin`): filters, title search, pages.

use super::notice;
use crate::api::admin::get_article_list;
use crate::components::loaded::loaded;
use crate::domain::articles::{Status, LIST_COUNT_CAP};
use crate::domain::lang::Lang;
use crate::domain::workspace::ArticleList;
use crate::hooks::use_query;
use crate::text::short_time;
use leptos::prelude::*;
use leptos_meta::Title;

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
                                        {(line.lang == Lang::Kk).then(|| view! {
                                            " " <abbr class="badge badge--lang" title="Казахская версия">"kk"</abbr>
                                        })}
                                        {line
                                            .editing
                                            .iter()
                                            .map(|editing| {
                                                view! { <span class="presence__listed">{editing.sentence(now)}</span> }
                                            })
                                            .collect_view()}
                                    </td>
                                    <td>
                                        <span class=format!("status status--{}", line.status.as_str())>
                                            {line.status.label()}
                                        </span>
                                    </td>
                                    <td>{line.category}</td>
                                    <td>{line.author}</td>
                                    <td>{line.published_at.map(|ts| short_time(ts, now, Lang::Ru))}</td>
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
