//! Push broadcasts (docs/reach.md): one outbox delivery sends a story to
//! every browser following its topic, page by page. After each page the
//! delivery keeps how far it got and renews its lease, so a node killed
//! mid-broadcast leaves the rest to the next (at most that page is sent
//! twice), and 100,000 subscriptions take a bounded amount of memory: one
//! page of messages. Encryption (an ECDH per browser) runs off the async
//! workers, so pages keep being served meanwhile.

use super::webpush::{encrypt, BrowserKeys, Vapid};
use super::{skipped, Sender, LEASE_SECONDS};
use app::db::outbox::{self, Claimed, Finished};
use app::db::subscriptions::{self, Subscription};
use app::db::{editorial, live};
use app::domain::articles::Status;
use app::domain::notifications::{parse_delivery_target, Notification, Topic, BODY_CHARS};
use app::server::markup::plain_text;
use app::text::excerpt;
use futures_util::StreamExt;
use std::sync::Arc;

/// Subscriptions read, encrypted and sent at a time.
const PAGE: i64 = 500;
/// Messages in flight at once.
const IN_FLIGHT: usize = 64;
/// How long a push service keeps a message for a browser that is
/// offline: breaking news stays news for hours, a live update for one.
const BREAKING_TTL: u32 = 6 * 3600;
const LIVE_TTL: u32 = 3600;

/// The push services' peer: the site's VAPID identity and the addresses
/// messages may go to.
pub struct WebPush {
    vapid: Arc<Vapid>,
    /// Endpoints allowed besides the known push services': a local push
    /// service in tests (`--push-service-url`).
    extra_service: Option<String>,
    http: reqwest::Client,
}

/// What a push service said to one message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Answer {
    Delivered,
    /// 404 or 410: the browser unsubscribed; the row goes.
    Gone,
    Failed,
}

impl WebPush {
    pub fn new(
        vapid: Arc<Vapid>,
        extra_service: Option<String>,
    ) -> Result<WebPush, reqwest::Error> {
        Ok(WebPush {
            vapid,
            extra_service,
            http: super::http_client()?,
        })
    }

    /// Whether a browser's endpoint may be written to (`webpush::allowed_endpoint`).
    pub fn allows(&self, endpoint: &str) -> bool {
        super::webpush::allowed_endpoint(endpoint, self.extra_service.as_deref())
    }

    async fn send(&self, endpoint: &str, body: Vec<u8>, urgent: bool, now: i64) -> Answer {
        let Some(authorization) = self.vapid.authorization(endpoint, now) else {
            return Answer::Failed;
        };
        let sent = self
            .http
            .post(endpoint)
            .header("TTL", if urgent { BREAKING_TTL } else { LIVE_TTL })
            .header("Urgency", if urgent { "high" } else { "normal" })
            .header("Content-Encoding", "aes128gcm")
            .header("Content-Type", "application/octet-stream")
            .header("Authorization", authorization)
            .body(body)
            .send()
            .await;
        match sent.map(|r| r.status().as_u16()) {
            Ok(200..=299) => Answer::Delivered,
            Ok(404 | 410) => Answer::Gone,
            _ => Answer::Failed,
        }
    }

    /// One page: encrypted on a blocking thread, sent `IN_FLIGHT` at a
    /// time. Subscriptions with keys that are not keys count as gone.
    async fn send_page(
        &self,
        page: Vec<Subscription>,
        payload: Arc<Vec<u8>>,
        urgent: bool,
        now: i64,
    ) -> Vec<(i64, Answer)> {
        let allowed: Vec<Subscription> = page
            .into_iter()
            .filter(|s| {
                self.allows(&s.endpoint) || {
                    tracing::warn!(
                        subscription = s.id,
                        "a push endpoint not of a known push service"
                    );
                    false
                }
            })
            .collect();
        let sealed = tokio::task::spawn_blocking(move || {
            allowed
                .into_iter()
                .map(|s| {
                    let body = BrowserKeys::parse(&s.p256dh, &s.auth)
                        .ok()
                        .map(|keys| encrypt(&payload, &keys));
                    (s.id, s.endpoint, body)
                })
                .collect::<Vec<_>>()
        })
        .await
        .unwrap_or_default();
        futures_util::stream::iter(sealed)
            .map(|(id, endpoint, body)| async move {
                match body {
                    Some(body) => (id, self.send(&endpoint, body, urgent, now).await),
                    None => (id, Answer::Gone),
                }
            })
            .buffer_unordered(IN_FLIGHT)
            .collect()
            .await
    }
}

/// How far a broadcast got: kept in the delivery (`peer_ref`) as
/// "after:delivered:gone:failed".
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Progress {
    after: i64,
    delivered: u64,
    gone: u64,
    failed: u64,
}

impl Progress {
    fn parse(kept: Option<&str>) -> Progress {
        let numbers: Vec<i64> = kept
            .unwrap_or_default()
            .split(':')
            .filter_map(|n| n.parse().ok())
            .collect();
        match numbers[..] {
            [after, delivered, gone, failed] => Progress {
                after,
                delivered: delivered.max(0) as u64,
                gone: gone.max(0) as u64,
                failed: failed.max(0) as u64,
            },
            _ => Progress::default(),
        }
    }

    fn kept(&self) -> String {
        format!(
            "{}:{}:{}:{}",
            self.after, self.delivered, self.gone, self.failed
        )
    }

    /// What the workspace shows.
    fn summary(&self) -> String {
        format!(
            "доставлено: {}, отписались: {}, ошибок: {}",
            self.delivered, self.gone, self.failed
        )
    }
}

impl Sender {
    /// Sends delivery `d`'s notification to every subscription of its
    /// topic not yet reached.
    pub(super) async fn broadcast(
        &self,
        push: &WebPush,
        d: &Claimed,
    ) -> Result<Finished, sqlx::Error> {
        let now = self.clock.now();
        let Some((topic, update)) = parse_delivery_target(&d.target) else {
            return Ok(skipped("неизвестная подписка"));
        };
        let Some(notification) = self.notification(topic, update, d.article_id, now).await? else {
            return Ok(skipped("статья не опубликована"));
        };
        let payload = Arc::new(serde_json::to_vec(&notification).unwrap_or_default());
        let urgent = matches!(topic, Topic::Breaking(_));
        let mut progress = Progress::parse(d.peer_ref.as_deref());
        loop {
            if self.stopping.is_cancelled() {
                // The rest is the next node's, from the page kept.
                return Ok(Finished::Retry {
                    at: now,
                    why: progress.summary(),
                });
            }
            let page = subscriptions::page(&self.db, &topic.key(), progress.after, PAGE).await?;
            let Some(last) = page.last().map(|s| s.id) else {
                break;
            };
            let answers = push.send_page(page, payload.clone(), urgent, now).await;
            let gone: Vec<i64> = answers
                .iter()
                .filter(|(_, a)| *a == Answer::Gone)
                .map(|(id, _)| *id)
                .collect();
            subscriptions::forget(&self.db, &gone).await?;
            for (_, answer) in &answers {
                match answer {
                    Answer::Delivered => progress.delivered += 1,
                    Answer::Gone => progress.gone += 1,
                    Answer::Failed => progress.failed += 1,
                }
            }
            metrics::counter!("qalam_push_messages_total").increment(answers.len() as u64);
            progress.after = last;
            let lease_until = self.clock.now() + LEASE_SECONDS;
            let summary = progress.summary();
            if !outbox::renew(
                &self.db,
                d,
                &self.node,
                &progress.kept(),
                &summary,
                lease_until,
            )
            .await?
            {
                // Another node holds it now (this one stalled past its
                // lease); it goes on from the page kept.
                return Ok(Finished::Retry {
                    at: now,
                    why: summary,
                });
            }
        }
        Ok(Finished::Broadcast {
            summary: progress.summary(),
        })
    }

    /// What the browsers show; `None` when the story is not visible.
    async fn notification(
        &self,
        topic: Topic,
        update: Option<i64>,
        article_id: i64,
        now: i64,
    ) -> Result<Option<Notification>, sqlx::Error> {
        let Some(row) = editorial::by_id(&self.db, article_id).await? else {
            return Ok(None);
        };
        let visible =
            row.status == Status::Published && row.published_at.is_some_and(|at| at <= now);
        if !visible {
            return Ok(None);
        }
        let path = row.lang.article_path(&row.slug);
        Ok(match (topic, update) {
            (Topic::Breaking(_), _) => Some(Notification {
                title: row.lang.words().breaking_flash.to_string(),
                body: excerpt(&row.title, BODY_CHARS),
                url: path,
                tag: format!("article-{article_id}"),
            }),
            (Topic::Live(_), Some(update)) => live::by_id(&self.db, update)
                .await?
                .filter(|u| u.article_id == article_id)
                .map(|u| {
                    let line = if u.headline.trim().is_empty() {
                        plain_text(&u.body)
                    } else {
                        u.headline.clone()
                    };
                    Notification {
                        title: excerpt(&row.title, 120),
                        body: excerpt(&line, BODY_CHARS),
                        url: format!("{path}#update-{update}"),
                        tag: format!("live-{article_id}"),
                    }
                }),
            (Topic::Live(_), None) => None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_is_kept_and_read_back() {
        let progress = Progress {
            after: 1500,
            delivered: 1480,
            gone: 15,
            failed: 5,
        };
        assert_eq!(Progress::parse(Some(&progress.kept())), progress);
        assert_eq!(Progress::parse(None), Progress::default());
        // A Telegram message id or anything else: from the start.
        assert_eq!(Progress::parse(Some("12345")), Progress::default());
        assert_eq!(
            progress.summary(),
            "доставлено: 1480, отписались: 15, ошибок: 5"
        );
    }
}
