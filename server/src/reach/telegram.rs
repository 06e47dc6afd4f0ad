//! Telegram's Bot API: the bot, and what a post, an edit and a delete
//! of an article send (docs/reach.md).

use super::{failure, skipped, PeerError, Sender};
use app::db::outbox::{self, Claimed, Finished, Message};
use app::db::{corrections, editorial};
use app::domain::articles::Status;
use app::domain::images::{variant_url, Format};
use app::domain::telegram::{self, Post, CAPTION_LIMIT, TEXT_LIMIT};
use serde_json::{json, Value};

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

impl TelegramBot {
    pub fn new(api: &str, token: &str) -> Result<TelegramBot, reqwest::Error> {
        let http = super::http_client()?;
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

impl Sender {
    pub(super) async fn deliver_telegram(
        &self,
        bot: &TelegramBot,
        d: &Claimed,
    ) -> Result<Finished, sqlx::Error> {
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
            ("post", Some(row), None) => self.post(bot, row, correction, &d.target).await.map(Some),
            ("post" | "edit", None, _) => return Ok(skipped("статья не опубликована")),
            ("edit", Some(row), Some(message)) => self
                .edit(bot, row, correction, &d.target, message)
                .await
                .map(|()| Some(message)),
            ("delete", Some(_), _) => return Ok(skipped("статья снова опубликована")),
            ("delete", None, Some(message)) => {
                self.delete(bot, &d.target, message).await.map(|()| None)
            }
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
            Err(error) => failure("Telegram", error, d.attempts, now),
        })
    }

    /// The article's address.
    fn url_of(&self, row: &editorial::EditorRow) -> String {
        format!("{}{}", self.public_url, row.lang.article_path(&row.slug))
    }

    async fn post(
        &self,
        bot: &TelegramBot,
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
        let result = bot.call(method, &body).await?;
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
        bot: &TelegramBot,
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
        match bot.call(method, &body).await {
            // The same words again (an edit that changed only the body).
            Err(PeerError::Refused(why)) if why.contains("message is not modified") => Ok(()),
            other => other.map(|_| ()),
        }
    }

    async fn delete(
        &self,
        bot: &TelegramBot,
        chat: &str,
        message: Message,
    ) -> Result<(), PeerError> {
        let body = json!({ "chat_id": chat, "message_id": message.message_id });
        match bot.call("deleteMessage", &body).await {
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
