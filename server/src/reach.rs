//! The outbox's sender (docs/reach.md): every node claims due deliveries
//! (`db::outbox`) with a lease, sends them to Telegram's Bot API and
//! records the answer. At least once: a node killed after Telegram
//! answered but before the outbox committed leaves the lease to expire,
//! and the delivery is sent again (Telegram has no idempotency key).
//!
//! What is sent is read at send time: a post sends the article as it is
//! then, an edit the latest words, and a delivery whose article is gone or
//! unpublished is skipped. A sender looks for due deliveries every second,
//! and at once when the content version moves (a delivery is written with
//! the change that moves it), so a publish reaches the Bot API within the
//! time the node takes to learn of the change. A channel gets at most about one message a
//! second from a node; a 429 is honoured (`retry_after`, `Retry-After`),
//! other failures retry with a growing delay, and a refusal (a bad chat,
//! a bot that is not an admin there) stops at once with Telegram's words.

use app::db::outbox::{self, Claimed, Finished, Message};
use app::db::{corrections, editorial, Db};
use app::domain::articles::Status;
use app::domain::images::{variant_url, Format};
use app::domain::telegram::{self, Post, CAPTION_LIMIT, TEXT_LIMIT};
use app::server::site::Clock;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::time::{Duration, Instant};
use tokio_util::sync::CancellationToken;

/// How often due deliveries are looked for.
pub const SEND_EVERY: Duration = Duration::from_secs(1);
/// How long a claimed delivery is this node's: longer than any send
/// (the client's timeout is 20 s).
pub const LEASE_SECONDS: i64 = 60;
/// Deliveries claimed at once.
const BATCH: i64 = 8;
/// How long after its claim a delivery may still be started: the lease
/// less the client's timeout and a margin.
const SEND_WITHIN_LEASE: Duration = Duration::from_secs(LEASE_SECONDS as u64 - 25);
/// Failures before a delivery is given up (a 429 counts too).
pub const MAX_ATTEMPTS: i64 = 10;
/// The photo's width: Telegram previews a JPEG, not a WebP.
const PHOTO_WIDTH: i64 = 1200;

/// Telegram's Bot API: where it is (`--telegram-api-url`, a local fake
/// in tests) and the bot's token, which is never logged or shown.
#[derive(Clone)]
pub struct TelegramBot {
    api: String,
    token: String,
    http: reqwest::Client,
}

impl std::fmt::Debug for TelegramBot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TelegramBot")
            .field("api", &self.api)
            .finish_non_exhaustive()
    }
}

/// Why a call did not go through.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PeerError {
    /// 429: try again after this many seconds.
    RetryAfter(i64),
    /// The network, a timeout or a 5xx: try again later.
    Unavailable(String),
    /// Telegram refused it (4xx): its description.
    Refused(String),
}

impl TelegramBot {
    pub fn new(api: &str, token: &str) -> Result<TelegramBot, reqwest::Error> {
        // rustls' cryptography: ring, once per process (a second call
        // finds it installed). rustls deprecates it for lacking
        // post-quantum key exchange; the alternative, aws-lc, is a large
        // C build, and what goes to the Bot API is public a moment later.
        #[allow(deprecated)]
        let _ = rustls::crypto::ring::default_provider().install_default();
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(20))
            .connect_timeout(Duration::from_secs(5))
            .user_agent("Qalam")
            .build()?;
        Ok(TelegramBot {
            api: api.trim_end_matches('/').to_string(),
            token: token.to_string(),
            http,
        })
    }

    /// Calls `method` with `body`; Telegram's `result` on success.
    pub async fn call(&self, method: &str, body: &Value) -> Result<Value, PeerError> {
        let url = format!("{}/bot{}/{method}", self.api, self.token);
        let response = self
            .http
            .post(url)
            .json(body)
            .send()
            .await
            .map_err(|error| PeerError::Unavailable(network_failure(&error).into()))?;
        let status = response.status();
        let retry_header = response
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<i64>().ok());
        let answer: Value = match response.json().await {
            Ok(answer) => answer,
            Err(_) if status.is_server_error() || status.is_success() => {
                return Err(PeerError::Unavailable(format!("HTTP {}", status.as_u16())))
            }
            Err(_) if status.as_u16() == 429 => {
                return Err(PeerError::RetryAfter(retry_header.unwrap_or(5)))
            }
            Err(_) => return Err(PeerError::Refused(format!("HTTP {}", status.as_u16()))),
        };
        if answer["ok"].as_bool() == Some(true) {
            return Ok(answer["result"].clone());
        }
        let description = answer["description"]
            .as_str()
            .map_or_else(|| format!("HTTP {}", status.as_u16()), str::to_string);
        let retry_after = answer["parameters"]["retry_after"]
            .as_i64()
            .or(retry_header);
        Err(match (status.as_u16(), retry_after) {
            (429, after) => PeerError::RetryAfter(after.unwrap_or(5).clamp(1, 3600)),
            (500..=599, _) => PeerError::Unavailable(description),
            _ => PeerError::Refused(description),
        })
    }
}

/// One node's sender.
pub struct Sender {
    pub db: Db,
    pub bot: TelegramBot,
    /// The site's address, for the articles' and photos' links.
    pub public_url: String,
    /// This node, as leases name it.
    pub node: String,
    pub clock: Clock,
    /// At most one message per this long to one chat from this node.
    pub per_chat_gap: Duration,
    last_sent: HashMap<String, Instant>,
}

impl Sender {
    pub fn new(db: Db, bot: TelegramBot, public_url: &str, clock: Clock) -> Sender {
        Sender {
            db,
            bot,
            public_url: public_url.trim_end_matches('/').to_string(),
            node: node_name(),
            clock,
            per_chat_gap: Duration::from_secs(1),
            last_sent: HashMap::new(),
        }
    }

    /// Claims and sends what is due; how many were claimed.
    pub async fn run_once(&mut self) -> Result<usize, sqlx::Error> {
        let now = self.clock.now();
        let claimed = outbox::claim(&self.db, &self.node, now, now + LEASE_SECONDS, BATCH).await?;
        let claimed_at = Instant::now();
        for (i, delivery) in claimed.iter().enumerate() {
            self.pace(&delivery.target).await;
            // A send may take the client's whole timeout: one that could
            // outlast the lease is handed back now, so that no other node
            // takes it while this one still sends it.
            if claimed_at.elapsed() > SEND_WITHIN_LEASE {
                for rest in &claimed[i..] {
                    let back = Finished::Retry {
                        at: self.clock.now(),
                        why: String::new(),
                    };
                    outbox::finish(&self.db, rest, &self.node, &back, self.clock.now()).await?;
                }
                break;
            }
            let started = Instant::now();
            let finished = self.deliver(delivery).await?;
            metrics::histogram!("qalam_outbox_send_seconds").record(started.elapsed());
            let state = match &finished {
                Finished::Sent { .. } => "sent",
                Finished::Retry { .. } => "retry",
                Finished::Failed { .. } => "failed",
                Finished::Skipped { .. } => "skipped",
            };
            metrics::counter!("qalam_outbox_deliveries_total", "result" => state).increment(1);
            if let Finished::Failed { why } = &finished {
                tracing::warn!(delivery = delivery.id, chat = %delivery.target, %why, "a Telegram delivery failed");
            }
            outbox::finish(&self.db, delivery, &self.node, &finished, self.clock.now()).await?;
        }
        Ok(claimed.len())
    }

    /// Waits until `chat` may get the next message.
    async fn pace(&mut self, chat: &str) {
        if let Some(last) = self.last_sent.get(chat) {
            let ready = *last + self.per_chat_gap;
            tokio::time::sleep_until(ready.into()).await;
        }
        self.last_sent.insert(chat.to_string(), Instant::now());
    }

    async fn deliver(&self, d: &Claimed) -> Result<Finished, sqlx::Error> {
        let now = self.clock.now();
        let row = editorial::by_id(&self.db, d.article_id).await?;
        let visible = row.as_ref().filter(|row| {
            row.status == Status::Published && row.published_at.is_some_and(|at| at <= now)
        });
        let message = outbox::message(&self.db, d.article_id, &d.target).await?;
        // The latest correction shows in the channel as on the page.
        let correction = match visible {
            Some(row) => corrections::for_article(&self.db, row.id)
                .await?
                .pop()
                .map(|c| c.note),
            None => None,
        };
        let correction = correction.as_deref();
        let sent = match (d.action.as_str(), visible, message) {
            // Posted already (a resend after a lease ran out): done.
            ("post", Some(_), Some(message)) => Ok(Some(message)),
            ("post", Some(row), None) => self.post(row, correction, &d.target).await.map(Some),
            ("post" | "edit", None, _) => return Ok(skipped("статья не опубликована")),
            ("edit", Some(row), Some(message)) => self
                .edit(row, correction, &d.target, message)
                .await
                .map(|()| Some(message)),
            ("delete", Some(_), _) => return Ok(skipped("статья снова опубликована")),
            ("delete", None, Some(message)) => self.delete(&d.target, message).await.map(|()| None),
            // Nothing in the chat yet: wait for the post on its way.
            (_, _, None) => {
                return Ok(
                    if outbox::post_pending(&self.db, d.article_id, &d.target).await? {
                        Finished::Retry {
                            at: now + 5,
                            why: "ждёт, пока уйдёт публикация".into(),
                        }
                    } else {
                        skipped("в канале нет сообщения")
                    },
                );
            }
            (action, _, _) => return Ok(skipped(&format!("неизвестное действие {action}"))),
        };
        Ok(match sent {
            Ok(message) => Finished::Sent { message },
            Err(error) => failure(error, d.attempts, now),
        })
    }

    /// The article's address.
    fn url_of(&self, row: &editorial::EditorRow) -> String {
        format!("{}{}", self.public_url, row.lang.article_path(&row.slug))
    }

    async fn post(
        &self,
        row: &editorial::EditorRow,
        correction: Option<&str>,
        chat: &str,
    ) -> Result<Message, PeerError> {
        let url = self.url_of(row);
        let post = post_of(row, &url, correction);
        let (method, body) = match row.image_id {
            Some(image) => (
                "sendPhoto",
                json!({
                    "chat_id": chat,
                    "photo": format!("{}{}", self.public_url, variant_url(image, PHOTO_WIDTH, Format::Jpeg)),
                    "caption": telegram::message(&post, CAPTION_LIMIT),
                    "parse_mode": "HTML",
                }),
            ),
            None => (
                "sendMessage",
                json!({
                    "chat_id": chat,
                    "text": telegram::message(&post, TEXT_LIMIT),
                    "parse_mode": "HTML",
                }),
            ),
        };
        let result = self.bot.call(method, &body).await?;
        let message_id = result["message_id"]
            .as_i64()
            .ok_or_else(|| PeerError::Unavailable("ответ без message_id".into()))?;
        Ok(Message {
            message_id,
            with_photo: row.image_id.is_some(),
        })
    }

    async fn edit(
        &self,
        row: &editorial::EditorRow,
        correction: Option<&str>,
        chat: &str,
        message: Message,
    ) -> Result<(), PeerError> {
        let url = self.url_of(row);
        let post = post_of(row, &url, correction);
        let (method, body) = if message.with_photo {
            (
                "editMessageCaption",
                json!({
                    "chat_id": chat,
                    "message_id": message.message_id,
                    "caption": telegram::message(&post, CAPTION_LIMIT),
                    "parse_mode": "HTML",
                }),
            )
        } else {
            (
                "editMessageText",
                json!({
                    "chat_id": chat,
                    "message_id": message.message_id,
                    "text": telegram::message(&post, TEXT_LIMIT),
                    "parse_mode": "HTML",
                }),
            )
        };
        match self.bot.call(method, &body).await {
            // The same words again (an edit that changed only the body).
            Err(PeerError::Refused(why)) if why.contains("message is not modified") => Ok(()),
            other => other.map(|_| ()),
        }
    }

    async fn delete(&self, chat: &str, message: Message) -> Result<(), PeerError> {
        let body = json!({ "chat_id": chat, "message_id": message.message_id });
        match self.bot.call("deleteMessage", &body).await {
            // Deleted by hand in the channel already.
            Err(PeerError::Refused(why)) if why.contains("not found") => Ok(()),
            other => other.map(|_| ()),
        }
    }
}

/// What the workspace says of a call that got no answer, in Russian
/// (and never the error's own text: its address holds the token).
fn network_failure(error: &reqwest::Error) -> &'static str {
    if error.is_timeout() {
        "Telegram не ответил вовремя"
    } else if error.is_connect() {
        "нет связи с Telegram"
    } else {
        "ошибка сети при обращении к Telegram"
    }
}

fn post_of<'a>(
    row: &'a editorial::EditorRow,
    url: &'a str,
    correction: Option<&'a str>,
) -> Post<'a> {
    Post {
        title: &row.title,
        lead: &row.lead,
        custom_text: &row.telegram_text,
        url,
        breaking: row.breaking,
        correction,
        lang: row.lang,
    }
}

fn skipped(why: &str) -> Finished {
    Finished::Skipped { why: why.into() }
}

/// What a failed call becomes: a retry after Telegram's wait or a
/// growing delay (5 s, 10 s, 20 s … up to an hour), or given up.
pub fn failure(error: PeerError, attempts: i64, now: i64) -> Finished {
    match error {
        PeerError::Refused(why) => Finished::Failed { why },
        _ if attempts >= MAX_ATTEMPTS => Finished::Failed {
            why: format!("не удалось за {MAX_ATTEMPTS} попыток"),
        },
        PeerError::RetryAfter(seconds) => Finished::Retry {
            at: now + seconds,
            why: format!("Telegram просит подождать {seconds} с"),
        },
        PeerError::Unavailable(why) => {
            let delay = (5_i64 << attempts.clamp(1, 10).saturating_sub(1)).min(3600);
            Finished::Retry {
                at: now + delay,
                why,
            }
        }
    }
}

/// This node's name in leases: the host and the process, unique enough
/// for a lease (it only has to differ between live nodes).
fn node_name() -> String {
    let host = std::env::var("HOSTNAME").unwrap_or_else(|_| "node".into());
    format!("{host}:{}", std::process::id())
}

/// Sends every [`SEND_EVERY`], and as soon as the content version moves
/// (`version`), until `stop`; a run in progress finishes first.
pub async fn run(
    mut sender: Sender,
    mut version: tokio::sync::watch::Receiver<i64>,
    stop: CancellationToken,
) {
    let mut ticks = tokio::time::interval(SEND_EVERY);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = ticks.tick() => {}
            changed = version.changed() => {
                // The version's follower ended: the node is stopping.
                if changed.is_err() {
                    return;
                }
            }
            () = stop.cancelled() => return,
        }
        if let Err(error) = sender.run_once().await {
            tracing::warn!(%error, "the outbox sender failed; will retry");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_back_off_and_refusals_stop() {
        assert_eq!(
            failure(PeerError::RetryAfter(7), 1, 100),
            Finished::Retry {
                at: 107,
                why: "Telegram просит подождать 7 с".into()
            }
        );
        let delays: Vec<i64> = (1..=MAX_ATTEMPTS - 1)
            .map(
                |n| match failure(PeerError::Unavailable("сеть".into()), n, 0) {
                    Finished::Retry { at, .. } => at,
                    other => panic!("{other:?}"),
                },
            )
            .collect();
        assert_eq!(delays[..4], [5, 10, 20, 40]);
        assert!(delays.windows(2).all(|w| w[0] <= w[1]));
        assert!(delays.iter().all(|d| *d <= 3600));
        assert!(matches!(
            failure(PeerError::Unavailable("сеть".into()), MAX_ATTEMPTS, 0),
            Finished::Failed { .. }
        ));
        assert_eq!(
            failure(
                PeerError::Refused("Bad Request: chat not found".into()),
                1,
                0
            ),
            Finished::Failed {
                why: "Bad Request: chat not found".into()
            }
        );
    }
}
