//! A page's data as a page: a loading note, then the page or its error page.

use crate::components::error_page::ErrorPage;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{de::DeserializeOwned, Serialize};

/// Renders `resource` with `view` once loaded, or the matching error page
/// (which also sets the HTTP status during server rendering).
pub fn loaded<T, V>(
    resource: Resource<Result<T, AppError>>,
    view: impl Fn(T) -> V + Copy + Send + Sync + 'static,
) -> impl IntoView
where
    T: Clone + Send + Sync + Serialize + DeserializeOwned + 'static,
    V: IntoView + 'static,
{
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Загрузка…"</p> }>
            {move || Suspend::new(async move {
                match resource.await {
                    Ok(data) => view(data).into_any(),
                    Err(error) => view! { <ErrorPage error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
