//! The outbox's senders (docs/reach.md): every node claims due
//! deliveries (`db::outbox`) with a lease, sends them to their peer —
//! Telegram's Bot API, an IndexNow endpoint, the browsers' push services
//! — and records the answer. At least once: a node killed after a peer
//! answered but before the outbox committed leaves the lease to expire,
//! and the delivery is sent again (Telegram has no idempotency key).
//!
//! What is sent is read at send time: a post sends the article as it is
//! then, an edit the latest words, and a delivery whose article is gone or
//! unpublished is skipped. A sender looks for due deliveries every second,
//! and at once when the content version moves (a delivery is written with
//! the change that moves it), so a publish reaches the Bot API within the
//! time the node takes to learn of the change. A channel gets at most
//! about one message a second from a node; a 429 is honoured
//! (`retry_after`, `Retry-After`), other failures retry with a growing
//! delay, and a refusal (a bad chat, a bot that is not an admin there)
//! stops at once with the peer's words.
//!
//! Each node runs two senders: one for messages (Telegram, IndexNow) and
//! one for push broadcasts, which may take a minute for a large audience
//! and must not hold a breaking post to Telegram back meanwhile.

mod broadcast;
mod indexnow;
mod telegram;
pub mod webpush;

pub use broadcast::WebPush;
pub use indexnow::IndexNow;
pub use telegram::TelegramBot;

use app::db::outbox::{self, Claimed, Finished};
use app::db::Db;
use app::server::site::Clock;
use std::collections::HashMap;
use std::time::{Duration, Instant};
use tokio_util::sync::CancellationToken;

/// The keys made at first start, as this node serves them.
#[derive(Clone, Default)]
pub struct ReachKeys {
    /// None until the server started (tests that build a bare state).
    pub vapid: Option<std::sync::Arc<webpush::Vapid>>,
    pub indexnow_key: Option<String>,
    /// A push service allowed besides the browsers' own (tests).
    pub push_service: Option<String>,
}

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

/// Why a call did not go through.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PeerError {
    /// 429: try again after this many seconds.
    RetryAfter(i64),
    /// The network, a timeout or a 5xx: try again later.
    Unavailable(String),
    /// The peer refused it (4xx): its words.
    Refused(String),
}

/// The peers one sender sends to: those configured on this node.
#[derive(Default)]
pub struct Peers {
    pub telegram: Option<TelegramBot>,
    pub indexnow: Option<IndexNow>,
    pub push: Option<WebPush>,
}

impl Peers {
    /// Their names, as `deliveries.peer` has them.
    fn names(&self) -> Vec<&'static str> {
        [
            self.telegram.as_ref().map(|_| outbox::TELEGRAM),
            self.indexnow.as_ref().map(|_| outbox::INDEXNOW),
            self.push.as_ref().map(|_| outbox::PUSH),
        ]
        .into_iter()
        .flatten()
        .collect()
    }
}

/// One of a node's senders.
pub struct Sender {
    pub db: Db,
    pub peers: Peers,
    /// The site's address, for the articles' and photos' links.
    pub public_url: String,
    /// This node, as leases name it.
    pub node: String,
    pub clock: Clock,
    /// At most one message per this long to one chat from this node.
    pub per_chat_gap: Duration,
    last_sent: HashMap<String, Instant>,
    /// The node is stopping: a broadcast hands back the rest after the
    /// page it is sending.
    stopping: CancellationToken,
    /// When the bot's token is the one admins enter in the workspace (no
    /// `QALAM_TELEGRAM_BOT_TOKEN`): the Bot API's address. The token is
    /// read again every [`TOKEN_EVERY`].
    pub stored_token_api: Option<String>,
    stored_token: Option<String>,
}

/// How often a sender looks for a token entered in the workspace.
pub const TOKEN_EVERY: Duration = Duration::from_secs(10);

impl Sender {
    pub fn new(db: Db, peers: Peers, public_url: &str, clock: Clock) -> Sender {
        Sender {
            db,
            peers,
            public_url: public_url.trim_end_matches('/').to_string(),
            node: node_name(),
            clock,
            per_chat_gap: Duration::from_secs(1),
            last_sent: HashMap::new(),
            stopping: CancellationToken::new(),
            stored_token_api: None,
            stored_token: None,
        }
    }

    /// Takes up the token entered in the workspace, a new one, or its
    /// removal (when the token is not the environment's).
    pub async fn refresh_token(&mut self) -> Result<(), sqlx::Error> {
        let Some(api) = &self.stored_token_api else {
            return Ok(());
        };
        let stored =
            app::db::settings::get(&self.db, app::db::settings::TELEGRAM_BOT_TOKEN).await?;
        if stored == self.stored_token {
            return Ok(());
        }
        self.peers.telegram = match &stored {
            Some(token) => match TelegramBot::new(api, token) {
                Ok(bot) => Some(bot),
                Err(error) => {
                    tracing::warn!(%error, "no HTTP client for the Bot API");
                    None
                }
            },
            None => None,
        };
        self.stored_token = stored;
        Ok(())
    }

    /// Claims and sends what is due; how many were claimed.
    pub async fn run_once(&mut self) -> Result<usize, sqlx::Error> {
        let now = self.clock.now();
        let names = self.peers.names();
        if names.is_empty() {
            return Ok(0);
        }
        let claimed = outbox::claim(
            &self.db,
            &self.node,
            &names,
            now,
            now + LEASE_SECONDS,
            BATCH,
        )
        .await?;
        // Search engines take every address due in one request.
        let (pings, messages): (Vec<Claimed>, Vec<Claimed>) = claimed
            .into_iter()
            .partition(|d| d.peer == outbox::INDEXNOW);
        let count = pings.len() + messages.len();
        if let (Some(indexnow), false) = (&self.peers.indexnow, pings.is_empty()) {
            let paths: Vec<&str> = pings.iter().map(|d| d.target.as_str()).collect();
            let sent = indexnow.ping(&self.public_url, &paths).await;
            for ping in &pings {
                let finished = match &sent {
                    Ok(()) => Finished::Sent { message: None },
                    Err(error) => {
                        failure("IndexNow", error.clone(), ping.attempts, self.clock.now())
                    }
                };
                self.record(ping, finished).await?;
            }
        }
        let claimed_at = Instant::now();
        for (i, delivery) in messages.iter().enumerate() {
            if delivery.peer == outbox::TELEGRAM {
                self.pace(&delivery.target).await;
            }
            // A send may take the client's whole timeout: one that could
            // outlast the lease is handed back now, so that no other node
            // takes it while this one still sends it.
            if claimed_at.elapsed() > SEND_WITHIN_LEASE {
                for rest in &messages[i..] {
                    let back = Finished::Retry {
                        at: self.clock.now(),
                        why: String::new(),
                    };
                    outbox::finish(&self.db, rest, &self.node, &back, self.clock.now()).await?;
                }
                break;
            }
            let finished = self.deliver(delivery).await?;
            self.record(delivery, finished).await?;
        }
        Ok(count)
    }

    async fn deliver(&self, d: &Claimed) -> Result<Finished, sqlx::Error> {
        match (d.peer.as_str(), &self.peers.telegram, &self.peers.push) {
            (outbox::TELEGRAM, Some(bot), _) => self.deliver_telegram(bot, d).await,
            (outbox::PUSH, _, Some(push)) => self.broadcast(push, d).await,
            (peer, _, _) => Ok(skipped(&format!("неизвестный получатель {peer}"))),
        }
    }

    /// Keeps what became of `delivery`, counted and (a failure) logged.
    async fn record(&self, delivery: &Claimed, finished: Finished) -> Result<(), sqlx::Error> {
        let state = match &finished {
            Finished::Sent { .. } | Finished::Broadcast { .. } => "sent",
            Finished::Retry { .. } => "retry",
            Finished::Failed { .. } => "failed",
            Finished::Skipped { .. } => "skipped",
        };
        metrics::counter!("qalam_outbox_deliveries_total", "peer" => delivery.peer.clone(), "result" => state)
            .increment(1);
        if let Finished::Failed { why } = &finished {
            tracing::warn!(delivery = delivery.id, peer = %delivery.peer, target = %delivery.target, %why, "a delivery failed");
        }
        outbox::finish(&self.db, delivery, &self.node, &finished, self.clock.now()).await
    }

    /// Waits until `chat` may get the next message.
    async fn pace(&mut self, chat: &str) {
        if let Some(last) = self.last_sent.get(chat) {
            let ready = *last + self.per_chat_gap;
            tokio::time::sleep_until(ready.into()).await;
        }
        self.last_sent.insert(chat.to_string(), Instant::now());
    }
}

fn skipped(why: &str) -> Finished {
    Finished::Skipped { why: why.into() }
}

/// What a failed call to `peer` becomes: a retry after the peer's wait
/// or a growing delay (5 s, 10 s, 20 s … up to an hour), or given up.
pub fn failure(peer: &str, error: PeerError, attempts: i64, now: i64) -> Finished {
    match error {
        PeerError::Refused(why) => Finished::Failed { why },
        _ if attempts >= MAX_ATTEMPTS => Finished::Failed {
            why: format!("не удалось за {MAX_ATTEMPTS} попыток"),
        },
        PeerError::RetryAfter(seconds) => Finished::Retry {
            at: now + seconds,
            why: format!("{peer} просит подождать {seconds} с"),
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

/// An HTTPS client for the peers, with a timeout shorter than a lease.
fn http_client() -> Result<reqwest::Client, reqwest::Error> {
    // rustls' cryptography: ring, once per process (a second call finds
    // it installed). rustls deprecates it for lacking post-quantum key
    // exchange; the alternative, aws-lc, is a large C build, and what
    // goes to the peers is public a moment later.
    #[allow(deprecated)]
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
        .timeout(Duration::from_secs(20))
        .connect_timeout(Duration::from_secs(5))
        .user_agent("Qalam")
        .build()
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
    sender.stopping = stop.clone();
    let mut token_read: Option<Instant> = None;
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
        if token_read.is_none_or(|at| at.elapsed() >= TOKEN_EVERY) {
            token_read = Some(Instant::now());
            if let Err(error) = sender.refresh_token().await {
                tracing::warn!(%error, "could not read the bot's token");
            }
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
            failure("Telegram", PeerError::RetryAfter(7), 1, 100),
            Finished::Retry {
                at: 107,
                why: "Telegram просит подождать 7 с".into()
            }
        );
        let delays: Vec<i64> = (1..=MAX_ATTEMPTS - 1)
            .map(
                |n| match failure("Telegram", PeerError::Unavailable("сеть".into()), n, 0) {
                    Finished::Retry { at, .. } => at,
                    other => panic!("{other:?}"),
                },
            )
            .collect();
        assert_eq!(delays[..4], [5, 10, 20, 40]);
        assert!(delays.windows(2).all(|w| w[0] <= w[1]));
        assert!(delays.iter().all(|d| *d <= 3600));
        assert!(matches!(
            failure(
                "Telegram",
                PeerError::Unavailable("сеть".into()),
                MAX_ATTEMPTS,
                0
            ),
            Finished::Failed { .. }
        ));
        assert_eq!(
            failure(
                "Telegram",
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
