//! Web Push for readers (docs/reach.md): what a browser may follow — an
//! edition's breaking news, or one live story's key updates — and the
//! notification it then gets.

use crate::domain::lang::Lang;
use serde::{Deserialize, Serialize};

/// What a subscription follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Topic {
    /// The edition's breaking news, sent by editors.
    Breaking(Lang),
    /// Live story `id`'s pinned and «Важное» updates.
    Live(i64),
}

impl Topic {
    /// "breaking:ru", "live:42": as stored and as the page's control says.
    pub fn key(self) -> String {
        match self {
            Topic::Breaking(lang) => format!("breaking:{}", lang.code()),
            Topic::Live(id) => format!("live:{id}"),
        }
    }

    pub fn parse(key: &str) -> Option<Topic> {
        match key.split_once(':')? {
            ("breaking", code) => Lang::from_code(code).map(Topic::Breaking),
            ("live", id) => {
                // Digits only: "+5" and " 5" are not an id here.
                let valid =
                    !id.is_empty() && id.len() <= 18 && id.bytes().all(|b| b.is_ascii_digit());
                valid
                    .then(|| id.parse().ok())
                    .flatten()
                    .filter(|id| *id > 0)
                    .map(Topic::Live)
            }
            _ => None,
        }
    }
}

/// A push delivery's target in the outbox: the topic, and for a live
/// story the update ("live:42/7").
pub fn delivery_target(topic: Topic, update_id: Option<i64>) -> String {
    match update_id {
        Some(update) => format!("{}/{update}", topic.key()),
        None => topic.key(),
    }
}

/// The topic and update of a delivery's target.
pub fn parse_delivery_target(target: &str) -> Option<(Topic, Option<i64>)> {
    match target.split_once('/') {
        Some((topic, update)) => Some((Topic::parse(topic)?, Some(update.parse().ok()?))),
        None => Some((Topic::parse(target)?, None)),
    }
}

/// What the service worker shows: a title, a line, and where a tap goes.
/// `tag` makes a newer notification of the same story replace the older.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notification {
    pub title: String,
    pub body: String,
    /// The page's path on the site.
    pub url: String,
    pub tag: String,
}

/// The most characters of a notification's line (`text::excerpt`):
/// phones show two or three lines, and the whole message must stay under
/// the push services' 4 KB.
pub const BODY_CHARS: usize = 240;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn topics_round_trip_and_strangers_are_refused() {
        for topic in [
            Topic::Breaking(Lang::Ru),
            Topic::Breaking(Lang::Kk),
            Topic::Live(42),
        ] {
            assert_eq!(Topic::parse(&topic.key()), Some(topic));
        }
        for bad in [
            "",
            "breaking",
            "breaking:en",
            "live:",
            "live:0",
            "live:-1",
            "live:+5",
            "live: 5",
            "live:99999999999999999999",
            "news:ru",
            "breaking:ru:x",
            "live:5'--",
        ] {
            assert_eq!(Topic::parse(bad), None, "{bad:?}");
        }
        assert_eq!(
            parse_delivery_target(&delivery_target(Topic::Live(42), Some(7))),
            Some((Topic::Live(42), Some(7)))
        );
        assert_eq!(
            parse_delivery_target("breaking:kk"),
            Some((Topic::Breaking(Lang::Kk), None))
        );
        assert_eq!(parse_delivery_target("live:42/x"), None);
    }
}
