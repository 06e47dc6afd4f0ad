//! IndexNow (docs/reach.md): search engines that take it (Yandex, Bing,
//! Seznam, Naver) learn of a published, changed or withdrawn address at
//! once instead of at their next crawl. The key is made at first start
//! and kept in the database; its file is served at `/{key}.txt`, which
//! proves the site sent the ping.

use super::PeerError;
use rand_core::{OsRng, RngCore};
use serde_json::json;

/// The most addresses one request may carry (the protocol's limit).
pub const MAX_URLS: usize = 10_000;

/// The configured endpoint (`--indexnow-url`) and the site's key.
#[derive(Clone, Debug)]
pub struct IndexNow {
    endpoint: String,
    key: String,
    http: reqwest::Client,
}

impl IndexNow {
    pub fn new(endpoint: &str, key: &str) -> Result<IndexNow, reqwest::Error> {
        Ok(IndexNow {
            endpoint: endpoint.to_string(),
            key: key.to_string(),
            http: super::http_client()?,
        })
    }

    /// A new key: 32 hexadecimal digits (the protocol takes 8 to 128 of
    /// letters, digits and dashes).
    pub fn generate_key() -> String {
        let mut bytes = [0u8; 16];
        OsRng.fill_bytes(&mut bytes);
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    /// Whether `key` is one this site would make or accept: what the key
    /// file's route answers for.
    pub fn valid_key(key: &str) -> bool {
        (8..=128).contains(&key.len())
            && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    }

    /// Tells the endpoint that `paths` on `public_url` changed.
    pub async fn ping(&self, public_url: &str, paths: &[&str]) -> Result<(), PeerError> {
        let host = public_url
            .split_once("://")
            .map_or(public_url, |(_, rest)| rest)
            .split('/')
            .next()
            .unwrap_or_default();
        let urls: Vec<String> = paths
            .iter()
            .take(MAX_URLS)
            .map(|path| format!("{public_url}{path}"))
            .collect();
        let body = json!({
            "host": host,
            "key": self.key,
            "keyLocation": format!("{public_url}/{}.txt", self.key),
            "urlList": urls,
        });
        let response = self
            .http
            .post(&self.endpoint)
            .json(&body)
            .send()
            .await
            .map_err(|error| {
                PeerError::Unavailable(if error.is_timeout() {
                    "IndexNow не ответил вовремя".into()
                } else {
                    "нет связи с IndexNow".into()
                })
            })?;
        let status = response.status().as_u16();
        let retry_after = response
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<i64>().ok());
        match status {
            200..=299 => Ok(()),
            429 => Err(PeerError::RetryAfter(
                retry_after.unwrap_or(60).clamp(1, 3600),
            )),
            500..=599 => Err(PeerError::Unavailable(format!("IndexNow: HTTP {status}"))),
            // 403: the key file was not found or does not match; 422: an
            // address is not on the host.
            _ => Err(PeerError::Refused(format!(
                "IndexNow отказал: HTTP {status}"
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_made_and_checked_as_the_protocol_says() {
        let key = IndexNow::generate_key();
        assert_eq!(key.len(), 32);
        assert!(IndexNow::valid_key(&key));
        assert_ne!(key, IndexNow::generate_key());
        for bad in [
            "",
            "short",
            "ключ-ключ-ключ",
            "a/b/c/d/e/f",
            &"a".repeat(129),
            "abc.defgh",
        ] {
            assert!(!IndexNow::valid_key(bad), "{bad:?}");
        }
    }
}
