//! Server functions of the editors' workspace. Each one finds the signed-in
//! user (401 without one), decodes its parameters and hands over to
//! `crate::server`, which asks `server::permissions`. Reads are GET; every change is a POST, which the server also
//! checks for same origin before it gets here.

use crate::domain::articles::{ArticleForm, SaveOutcome};
use crate::domain::pages::{PageEditor, PagesAdmin};
use crate::domain::reader::ArticleData;
use crate::domain::workspace::{
    ArticleEditor, ArticleList, Autosaved, CategoriesData, ChannelsData, CurrentUser, ProfileData,
    RevisionCompare, RevisionList, UsersData,
};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::{GetUrl, Json};

#[server(prefix = "/api", endpoint = "admin/me", input = GetUrl)]
pub async fn get_me() -> Result<Option<CurrentUser>, AppError> {
    let user = crate::server::accounts::current_user().await?;
    Ok(user.map(|u| u.view()))
}

#[server(prefix = "/api", endpoint = "admin/articles", input = GetUrl)]
pub async fn get_article_list(
    status: Option<String>,
    category: Option<String>,
    author: Option<String>,
    q: Option<String>,
    page: Option<String>,
) -> Result<ArticleList, AppError> {
    super::with_status(
        async {
            let (site, user) = ssr::signed_in().await?;
            let filter = crate::domain::workspace::ArticleFilter {
                status: status.unwrap_or_default(),
                category: category.unwrap_or_default(),
                author: author.unwrap_or_default(),
                q: q.unwrap_or_default(),
            };
            let page = crate::api::reader::parse_page(page.as_deref().filter(|p| !p.is_empty()))?;
            crate::server::articles::listing::list_articles(
                &site.db,
                &user,
                &filter,
                page,
                site.now(),
            )
            .await
        }
        .await,
    )
}

/// The article form: a new article without `id`. During a server render
/// after a plain post, shows that submission again.
#[server(prefix = "/api", endpoint = "admin/editor", input = GetUrl)]
pub async fn get_article_editor(
    id: Option<i64>,
    restore_draft: bool,
    stash: Option<String>,
    translate: Option<i64>,
) -> Result<ArticleEditor, AppError> {
    super::with_status(
        async {
            let (site, user) = ssr::signed_in().await?;
            let replay = use_context::<crate::server::articles::form::ArticleReplay>();
            let notice = replay.as_ref().and_then(|r| r.notice.clone());
            let opening = crate::server::articles::form::Opening {
                replay: replay.map(|r| (r.form, r.outcome)),
                restore_draft,
                stash,
                notice,
                translate: translate.filter(|_| id.is_none()),
            };
            crate::server::articles::form::editor_page(
                &site.db,
                &user,
                id,
                opening,
                &site.public_url,
                site.now(),
            )
            .await
        }
        .await,
    )
}

/// Keeps the form as typed in the editor's autosave slot (a new article
/// gets its draft row); never changes what readers see.
#[server(prefix = "/api", endpoint = "admin/autosave", input = Json)]
pub async fn autosave_article(form: ArticleForm) -> Result<Autosaved, AppError> {
    super::with_status(
        async {
            let (site, user) = ssr::signed_in().await?;
            crate::server::articles::drafts::autosave(&site.db, &user, &form, site.now()).await
        }
        .await,
    )
}

/// Empties the editor's autosave slot for the article (declined).
#[server(prefix = "/api", endpoint = "admin/discard_draft", input = Json)]
pub async fn discard_draft(id: i64) -> Result<(), AppError> {
    super::with_status(
        async {
            let (site, user) = ssr::signed_in().await?;
            crate::server::articles::drafts::discard(&site.db, &user, id).await
        }
        .await,
    )
}

#[server(prefix = "/api", endpoint = "admin/save_article", input = Json)]
pub async fn save_article(form: ArticleForm) -> Result<SaveOutcome, AppError> {
    super::with_status(
        async {
            let (site, user) = ssr::signed_in().await?;
            crate::server::articles::save::save_article(&site.db, &user, &form, site.now()).await
        }
        .await,
    )
}

#[server(prefix = "/api", endpoint = "admin/preview", input = GetUrl)]
pub async fn get_preview(id: i64) -> Result<ArticleData, AppError> {
    super::with_status(
        async {
            let (site, user) = ssr::signed_in().await?;
            crate::server::articles::preview::preview(
                &site.db,
                &user,
                id,
                &site.public_url,
                site.now(),
            )
            .await
        }
        .await,
    )
}

#[server(prefix = "/api", endpoint = "admin/revisions", input = GetUrl)]
pub async fn get_revisions(id: i64) -> Result<RevisionList, AppError> {
    super::with_status(
        async {
            let (site, user) = ssr::signed_in().await?;
            crate::server::articles::revisions::revision_list(&site.db, &user, id).await
        }
        .await,
    )
}

#[server(prefix = "/api", endpoint = "admin/revision", input = GetUrl)]
pub async fn get_revision(id: i64, revision: i64) -> Result<RevisionCompare, AppError> {
    super::with_status(
        async {
            let (site, user) = ssr::signed_in().await?;
            crate::server::articles::revisions::compare_revision(&site.db, &user, id, revision)
                .await
        }
        .await,
    )
}

#[server(prefix = "/api", endpoint = "admin/categories", input = GetUrl)]
pub async fn get_categories_admin() -> Result<CategoriesData, AppError> {
    super::with_status(
        async {
            let (site, user) = ssr::signed_in().await?;
            Ok(CategoriesData {
                items: crate::server::categories::category_lines(&site.db, &user).await?,
                user: user.view(),
            })
        }
        .await,
    )
}

#[server(prefix = "/api", endpoint = "admin/telegram", input = GetUrl)]
pub async fn get_telegram_admin() -> Result<ChannelsData, AppError> {
    super::with_status(
        async {
            let (site, user) = ssr::signed_in().await?;
            let (channels, categories) =
                crate::server::telegram::channel_lines(&site.db, &user).await?;
            let search = crate::server::telegram::search_engine_settings(&site.db).await?;
            Ok(ChannelsData {
                user: user.view(),
                channels,
                categories,
                refuse_ai_crawlers: search.refuse_ai_crawlers,
                bot_token: crate::server::telegram::bot_token(&site.db).await?,
                indexnow_key: search.indexnow_key,
            })
        }
        .await,
    )
}

#[server(prefix = "/api", endpoint = "admin/users", input = GetUrl)]
pub async fn get_users_admin() -> Result<UsersData, AppError> {
    super::with_status(
        async {
            let (site, user) = ssr::signed_in().await?;
            Ok(UsersData {
                items: crate::server::staff::user_lines(&site.db, &user).await?,
                user: user.view(),
                roles: crate::server::staff::role_choices(),
            })
        }
        .await,
    )
}

#[server(prefix = "/api", endpoint = "admin/profile", input = GetUrl)]
pub async fn get_profile() -> Result<ProfileData, AppError> {
    super::with_status(
        async {
            let (site, user) = ssr::signed_in().await?;
            crate::server::staff::own_profile(&site.db, &user).await
        }
        .await,
    )
}

/// A live update, posted from the hydrated form without a reload.
#[server(prefix = "/api", endpoint = "admin/live_update", input = Json)]
pub async fn post_live_update(
    article: i64,
    form: crate::domain::live::UpdateForm,
) -> Result<crate::domain::live::UpdateOutcome, AppError> {
    use crate::domain::live::UpdateOutcome;
    super::with_status(
        async {
            let (site, user) = ssr::signed_in().await?;
            Ok(
                match crate::server::live::add_update(&site.db, &user, article, &form, site.now())
                    .await?
                {
                    Ok(update) => UpdateOutcome::Posted(update),
                    Err(errors) => UpdateOutcome::Invalid(errors),
                },
            )
        }
        .await,
    )
}

#[server(prefix = "/api", endpoint = "admin/pages", input = GetUrl)]
pub async fn get_pages_admin() -> Result<PagesAdmin, AppError> {
    super::with_status(
        async {
            let (site, user) = ssr::signed_in().await?;
            crate::server::pages::pages_admin(&site.db, &user).await
        }
        .await,
    )
}

/// The page form: a new page (`id` None) or page `id`.
#[server(prefix = "/api", endpoint = "admin/page", input = GetUrl)]
pub async fn get_page_editor(id: Option<i64>) -> Result<PageEditor, AppError> {
    super::with_status(
        async {
            let (site, user) = ssr::signed_in().await?;
            let replay =
                use_context::<crate::server::pages::PageReplay>().map(|r| (r.form, r.errors));
            crate::server::pages::page_editor(&site.db, &user, id, replay).await
        }
        .await,
    )
}

#[cfg(feature = "ssr")]
mod ssr {
    use crate::error::AppError;
    use crate::server::accounts::{require_user, User};
    use crate::server::site::{site, Site};

    pub async fn signed_in() -> Result<(Site, User), AppError> {
        let site = site()?;
        let user = require_user().await?;
        Ok((site, user))
    }
}
