//! The workspace's own stream (`GET /admin/articles/{id}/presence?tab=`),
//! one per open article form, for signed-in editors only: never the
//! readers' `/events`. While it is open its tab counts as open
//! (`app::server::presence` has the rules); it tells the form who else
//! has the article open and whether someone took it over.
//!
//! Across nodes through the database alone: each stream looks at its
//! article's rows every [`LOOK_EVERY`] (a handful of rows by primary key
//! and index; a newsroom has tens of forms open, not thousands) and says
//! its tab is still open every `HEARTBEAT_SECONDS`. A tab that closes
//! ends its stream at the next write and its row is removed then; one
//! that vanishes expires within a minute.

use crate::error::HttpError;
use crate::session::SignedIn;
use crate::state::AppState;
use app::domain::workspace::PresenceNews;
use app::server::accounts::User;
use app::server::presence::{self, HEARTBEAT_SECONDS};
use app::server::site::Site;
use axum::extract::{Path, State};
use axum::http::{header, HeaderValue, Uri};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use std::convert::Infallible;
use std::time::Duration;
use tokio_util::sync::CancellationToken;

/// How soon a form hears of a change (someone opened, left, took over).
const LOOK_EVERY: Duration = Duration::from_secs(2);

pub fn router() -> Router<AppState> {
    Router::new().route("/admin/articles/{id}/presence", get(stream))
}

/// One open form's stream; its row is removed when the stream ends.
struct OpenTab {
    site: Site,
    user: User,
    article: i64,
    tab: String,
    closing: CancellationToken,
    last: Option<PresenceNews>,
    last_heartbeat: i64,
}

impl Drop for OpenTab {
    fn drop(&mut self) {
        let (db, tab) = (self.site.db.clone(), std::mem::take(&mut self.tab));
        // Without a runtime (the node is gone) the row simply expires.
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            return;
        };
        runtime.spawn(async move {
            if let Err(error) = presence::close(&db, &tab).await {
                tracing::warn!(%error, "presence: a closed tab was not removed; it expires");
            }
        });
    }
}

impl OpenTab {
    /// The next news worth sending; None when the stream should end
    /// (the node stops, or the tab is not this editor's).
    async fn next(&mut self) -> Option<PresenceNews> {
        let mut first = self.last.is_none();
        loop {
            if !first {
                tokio::select! {
                    () = self.closing.cancelled() => return None,
                    () = tokio::time::sleep(LOOK_EVERY) => {}
                }
            }
            first = false;
            let now = self.site.now();
            if now - self.last_heartbeat >= HEARTBEAT_SECONDS {
                let kept =
                    presence::still_open(&self.site.db, &self.user, self.article, &self.tab, now)
                        .await;
                match kept {
                    Ok(()) => self.last_heartbeat = now,
                    Err(error) => tracing::warn!(%error, "presence: heartbeat failed; will retry"),
                }
            }
            let news = match presence::news(&self.site.db, &self.user, self.article, &self.tab, now)
                .await
            {
                Ok(Some(news)) => news,
                Ok(None) => return None,
                Err(error) => {
                    tracing::warn!(%error, "presence: cannot read; will retry");
                    continue;
                }
            };
            if self.last.as_ref() != Some(&news) {
                self.last = Some(news.clone());
                return Some(news);
            }
        }
    }
}

/// The tab id from the query: 64 hex digits, else none.
fn tab_of(uri: &Uri) -> Option<String> {
    app::text::url::Query::parse(uri.query().unwrap_or(""))
        .get("tab")
        .filter(|tab| tab.len() == 64 && tab.bytes().all(|b| b.is_ascii_hexdigit()))
}

async fn stream(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(article): Path<String>,
    uri: Uri,
) -> Result<Response, HttpError> {
    let article = super::forms::parse_id(&article)?;
    let tab = tab_of(&uri).ok_or(HttpError(app::error::AppError::NotFound))?;
    let site = state.site.clone();
    // Only the editor's own open form: a tab whose row went (a node
    // stopped and removed it, or it expired) is opened again; one that is
    // someone else's is not found.
    if presence::news(&site.db, &user, article, &tab, site.now())
        .await?
        .is_none()
    {
        presence::reopen(&site.db, &user, article, &tab, site.now()).await?;
        if presence::news(&site.db, &user, article, &tab, site.now())
            .await?
            .is_none()
        {
            return Err(HttpError(app::error::AppError::NotFound));
        }
    }
    let open = OpenTab {
        last_heartbeat: site.now(),
        site,
        user,
        article,
        tab,
        closing: state.push.closing.clone(),
        last: None,
    };
    let events = futures_util::stream::unfold(open, |mut open| async move {
        let news = open.next().await?;
        let data = serde_json::to_string(&news).ok()?;
        let event = Event::default().event("presence").data(data);
        Some((Ok::<_, Infallible>(event), open))
    });
    let mut response = Sse::new(events)
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
        .into_response();
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert("x-accel-buffering", HeaderValue::from_static("no"));
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::tab_of;

    #[test]
    fn a_tab_is_64_hex_digits_or_nothing() {
        let tab = "a1".repeat(32);
        let uri: axum::http::Uri = format!("/x?tab={tab}").parse().expect("uri");
        assert_eq!(tab_of(&uri), Some(tab));
        for bad in ["/x", "/x?tab=", "/x?tab=zz", "/x?tab=%27%20OR%201"] {
            assert_eq!(tab_of(&bad.parse().expect("uri")), None, "{bad}");
        }
    }
}
