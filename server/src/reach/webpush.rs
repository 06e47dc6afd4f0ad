//! Web Push on RustCrypto's primitives (docs/reach.md): a message for a
//! browser is encrypted for it alone (RFC 8291, `aes128gcm`), and the
//! push service is told who sends it (RFC 8292, VAPID). The crates that
//! do this wrap OpenSSL (`web-push` through `ece`); these two RFCs are a
//! page each on P-256, HKDF and AES-GCM, and the RFC's own example is
//! the test.

use aes_gcm::aead::{Aead, KeyInit};
use aes_gcm::{Aes128Gcm, Nonce};
use base64::engine::general_purpose::URL_SAFE_NO_PAD as BASE64URL;
use base64::Engine;
use hkdf::Hkdf;
use p256::ecdsa::signature::Signer;
use p256::ecdsa::{Signature, SigningKey};
use p256::elliptic_curve::sec1::ToEncodedPoint;
use p256::{PublicKey, SecretKey};
use rand_core::{OsRng, RngCore};
use sha2::Sha256;
use std::collections::HashMap;
use std::sync::Mutex;

/// The record size the header names: one record holds every message.
const RECORD_SIZE: u32 = 4096;
/// The header: salt (16), record size (4), key length (1), key (65).
const HEADER_LEN: usize = 16 + 4 + 1 + 65;
/// The most a message may carry: push services take a body of 4,096
/// bytes, less the header, the padding delimiter and the tag.
pub const MAX_PAYLOAD: usize = RECORD_SIZE as usize - HEADER_LEN - 1 - 16;
/// How long a VAPID token is good for (RFC 8292 allows 24 hours); made
/// again when less than an hour is left.
const TOKEN_LIFETIME: i64 = 12 * 3600;

/// Why a subscription's keys cannot be used.
#[derive(Debug, PartialEq, Eq)]
pub struct BadKeys;

/// A browser's subscription keys (`PushSubscription.getKey`), decoded
/// and checked: a point on P-256 and a 16-byte secret.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BrowserKeys {
    public: PublicKey,
    auth: [u8; 16],
}

impl BrowserKeys {
    /// From the base64url `p256dh` and `auth` a browser gives.
    pub fn parse(p256dh: &str, auth: &str) -> Result<BrowserKeys, BadKeys> {
        let public = decode(p256dh).ok_or(BadKeys)?;
        let public = PublicKey::from_sec1_bytes(&public).map_err(|_| BadKeys)?;
        let auth: [u8; 16] = decode(auth)
            .ok_or(BadKeys)?
            .try_into()
            .map_err(|_| BadKeys)?;
        Ok(BrowserKeys { public, auth })
    }
}

fn decode(text: &str) -> Option<Vec<u8>> {
    // Browsers give base64url without padding; some libraries pad it.
    BASE64URL.decode(text.trim().trim_end_matches('=')).ok()
}

/// `plaintext` encrypted for `to`: a fresh key pair and salt each time.
pub fn encrypt(plaintext: &[u8], to: &BrowserKeys) -> Vec<u8> {
    let mut salt = [0u8; 16];
    OsRng.fill_bytes(&mut salt);
    encrypt_with(plaintext, to, &SecretKey::random(&mut OsRng), &salt)
}

/// RFC 8291 §3–4 with the sender's key and salt given (the RFC's example
/// fixes both). Longer payloads than [`MAX_PAYLOAD`] are the caller's
/// to avoid: they would not fit a push service's one record.
pub fn encrypt_with(
    plaintext: &[u8],
    to: &BrowserKeys,
    sender: &SecretKey,
    salt: &[u8; 16],
) -> Vec<u8> {
    let sender_public = sender.public_key().to_encoded_point(false);
    let browser_public = to.public.to_encoded_point(false);
    let shared = p256::ecdh::diffie_hellman(sender.to_nonzero_scalar(), to.public.as_affine());
    // The input key: the shared secret bound to the browser's auth
    // secret and both public keys.
    let mut info = b"WebPush: info\0".to_vec();
    info.extend_from_slice(browser_public.as_bytes());
    info.extend_from_slice(sender_public.as_bytes());
    let mut input_key = [0u8; 32];
    expand(&to.auth, shared.raw_secret_bytes(), &info, &mut input_key);
    // The content key and nonce (RFC 8188 §2.2–2.3), from the salt.
    let mut key = [0u8; 16];
    let mut nonce = [0u8; 12];
    expand(salt, &input_key, b"Content-Encoding: aes128gcm\0", &mut key);
    expand(salt, &input_key, b"Content-Encoding: nonce\0", &mut nonce);
    // One record, the last: the text and the delimiter 0x02.
    let mut record = Vec::with_capacity(plaintext.len() + 1);
    record.extend_from_slice(plaintext);
    record.push(2);
    let cipher = Aes128Gcm::new(&key.into());
    let sealed = cipher
        .encrypt(Nonce::from_slice(&nonce), record.as_slice())
        .unwrap_or_default();
    let mut body = Vec::with_capacity(HEADER_LEN + sealed.len());
    body.extend_from_slice(salt);
    body.extend_from_slice(&RECORD_SIZE.to_be_bytes());
    body.push(65);
    body.extend_from_slice(sender_public.as_bytes());
    body.extend_from_slice(&sealed);
    body
}

/// HKDF-SHA-256: extract with `salt`, expand `info` into `out`.
fn expand(salt: &[u8], secret: &[u8], info: &[u8], out: &mut [u8]) {
    // Lengths of 12, 16 and 32 bytes are far below HKDF's limit.
    let _ = Hkdf::<Sha256>::new(Some(salt), secret).expand(info, out);
}

/// The site's VAPID identity (RFC 8292): the key pair made at first
/// start and kept in the database, and who to contact.
pub struct Vapid {
    key: SigningKey,
    public: String,
    subject: String,
    /// Tokens by audience (a push service's origin), with their expiry.
    tokens: Mutex<HashMap<String, (String, i64)>>,
}

impl Vapid {
    /// A new private key, as it is stored (base64url).
    pub fn generate() -> String {
        BASE64URL.encode(SecretKey::random(&mut OsRng).to_bytes())
    }

    /// The stored key; `subject` a `mailto:` or `https:` address the push
    /// services may write to.
    pub fn from_stored(stored: &str, subject: &str) -> Option<Vapid> {
        let secret = SecretKey::from_slice(&decode(stored)?).ok()?;
        let public = BASE64URL.encode(secret.public_key().to_encoded_point(false).as_bytes());
        Some(Vapid {
            key: SigningKey::from(secret),
            public,
            subject: subject.to_string(),
            tokens: Mutex::new(HashMap::new()),
        })
    }

    /// The public key, base64url: `applicationServerKey` for browsers.
    pub fn public_key(&self) -> &str {
        &self.public
    }

    /// The `Authorization` header for a message to `endpoint`; `None`
    /// for an address without an origin.
    pub fn authorization(&self, endpoint: &str, now: i64) -> Option<String> {
        let audience = origin(endpoint)?;
        let mut tokens = self.tokens.lock().ok()?;
        let fresh = tokens
            .get(&audience)
            .filter(|(_, expires)| *expires - 3600 > now)
            .map(|(token, _)| token.clone());
        let token = match fresh {
            Some(token) => token,
            None => {
                let expires = now + TOKEN_LIFETIME;
                let token = self.token(&audience, expires);
                tokens.insert(audience, (token.clone(), expires));
                token
            }
        };
        Some(format!("vapid t={token}, k={}", self.public))
    }

    /// An ES256 JWT for `audience` until `expires`.
    fn token(&self, audience: &str, expires: i64) -> String {
        let header = BASE64URL.encode(br#"{"typ":"JWT","alg":"ES256"}"#);
        let claims = serde_json::json!({ "aud": audience, "exp": expires, "sub": self.subject });
        let claims = BASE64URL.encode(claims.to_string());
        let signed = format!("{header}.{claims}");
        let signature: Signature = self.key.sign(signed.as_bytes());
        format!("{signed}.{}", BASE64URL.encode(signature.to_bytes()))
    }
}

/// The push services browsers subscribe with (Chrome, Edge, Firefox,
/// Safari, Windows): a subscription names its endpoint, and the server
/// writes to it, so an endpoint anywhere else (an address inside the
/// newsroom's network) is refused.
const PUSH_SERVICES: [&str; 3] = [
    "fcm.googleapis.com",
    "updates.push.services.mozilla.com",
    "web.push.apple.com",
];
const PUSH_SERVICE_DOMAINS: [&str; 2] = [".notify.windows.com", ".push.apple.com"];

/// Whether `endpoint` is an HTTPS address of a known push service, or
/// starts with `extra` (a local push service in tests).
pub fn allowed_endpoint(endpoint: &str, extra: Option<&str>) -> bool {
    if endpoint.len() > 1000
        || endpoint
            .chars()
            .any(|c| c.is_whitespace() || c.is_control())
    {
        return false;
    }
    if let Some(extra) = extra.filter(|e| !e.is_empty()) {
        if endpoint.starts_with(extra) {
            return true;
        }
    }
    let Some(rest) = endpoint.strip_prefix("https://") else {
        return false;
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    // No user, no port: the services listen on 443.
    if host.contains(['@', ':']) {
        return false;
    }
    let host = host.to_ascii_lowercase();
    PUSH_SERVICES.contains(&host.as_str())
        || PUSH_SERVICE_DOMAINS
            .iter()
            .any(|domain| host.ends_with(domain) && host.len() > domain.len())
}

/// "https://fcm.googleapis.com" of "https://fcm.googleapis.com/fcm/send/…".
fn origin(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let host = rest
        .split(['/', '?', '#'])
        .next()
        .filter(|h| !h.is_empty())?;
    Some(format!("{scheme}://{host}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bytes(text: &str) -> Vec<u8> {
        decode(text).expect("base64url")
    }

    /// RFC 8291 Appendix A: the same key, salt and text give the RFC's
    /// bytes exactly.
    #[test]
    fn encrypts_the_rfc_8291_example_byte_for_byte() {
        let browser = BrowserKeys::parse(
            "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4",
            "BTBZMqHH6r4Tts7J_aSIgg",
        )
        .expect("the RFC's keys");
        let sender = SecretKey::from_slice(&bytes("yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw"))
            .expect("the RFC's key");
        let salt: [u8; 16] = bytes("DGv6ra1nlYgDCS1FRnbzlw")
            .try_into()
            .expect("16 bytes");
        let body = encrypt_with(
            b"When I grow up, I want to be a watermelon",
            &browser,
            &sender,
            &salt,
        );
        assert_eq!(
            BASE64URL.encode(body),
            "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN"
        );
    }

    #[test]
    fn keys_that_are_not_a_point_or_sixteen_bytes_are_refused() {
        let good = "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4";
        assert!(BrowserKeys::parse(good, "BTBZMqHH6r4Tts7J_aSIgg").is_ok());
        assert_eq!(BrowserKeys::parse(good, "BTBZMqHH"), Err(BadKeys));
        assert_eq!(
            BrowserKeys::parse("AAAA", "BTBZMqHH6r4Tts7J_aSIgg"),
            Err(BadKeys)
        );
        assert_eq!(
            BrowserKeys::parse("не ключ", "BTBZMqHH6r4Tts7J_aSIgg"),
            Err(BadKeys)
        );
        // A point off the curve: the RFC's key with one byte changed.
        let mut off = bytes(good);
        off[40] ^= 1;
        assert_eq!(
            BrowserKeys::parse(&BASE64URL.encode(off), "BTBZMqHH6r4Tts7J_aSIgg"),
            Err(BadKeys)
        );
    }

    #[test]
    fn only_the_push_services_endpoints_are_written_to() {
        for good in [
            "https://fcm.googleapis.com/fcm/send/abc:APA91b",
            "https://updates.push.services.mozilla.com/wpush/v2/gAAAA",
            "https://web.push.apple.com/QGZ7",
            "https://wns2-db5p.notify.windows.com/w/?token=BQYAAA",
        ] {
            assert!(allowed_endpoint(good, None), "{good}");
        }
        for bad in [
            "http://fcm.googleapis.com/fcm/send/abc",
            "https://fcm.googleapis.com.evil.example/x",
            "https://evil.example/fcm.googleapis.com",
            "https://user@fcm.googleapis.com/x",
            "https://fcm.googleapis.com:8443/x",
            "https://127.0.0.1/x",
            "https://localhost/x",
            "https://notify.windows.com/x",
            "https://fcm.googleapis.com/a b",
            "",
        ] {
            assert!(!allowed_endpoint(bad, None), "{bad}");
        }
        assert!(allowed_endpoint(
            "http://127.0.0.1:9/push/1",
            Some("http://127.0.0.1:9/push/")
        ));
        assert!(!allowed_endpoint(
            "http://127.0.0.1:9/other",
            Some("http://127.0.0.1:9/push/")
        ));
    }

    /// The token verifies with the public key the header names, for the
    /// push service's origin, and is reused until near its expiry.
    #[test]
    fn vapid_tokens_are_signed_for_the_push_services_origin() {
        use p256::ecdsa::signature::Verifier;
        use p256::ecdsa::VerifyingKey;
        let vapid = Vapid::from_stored(&Vapid::generate(), "https://qalam.example").expect("key");
        let header = vapid
            .authorization("https://fcm.googleapis.com/fcm/send/abc", 1_000)
            .expect("header");
        let (token, key) = header
            .strip_prefix("vapid t=")
            .and_then(|rest| rest.split_once(", k="))
            .expect("t and k");
        assert_eq!(key, vapid.public_key());
        let (signed, signature) = token.rsplit_once('.').expect("three parts");
        let claims: serde_json::Value =
            serde_json::from_slice(&bytes(signed.split('.').nth(1).expect("claims")))
                .expect("JSON");
        assert_eq!(claims["aud"], "https://fcm.googleapis.com");
        assert_eq!(claims["exp"], 1_000 + TOKEN_LIFETIME);
        assert_eq!(claims["sub"], "https://qalam.example");
        let verifying = VerifyingKey::from_sec1_bytes(&bytes(key)).expect("point");
        let signature = Signature::from_slice(&bytes(signature)).expect("64 bytes");
        assert!(verifying.verify(signed.as_bytes(), &signature).is_ok());
        // The same token until an hour before it expires, then a new one.
        assert_eq!(
            vapid.authorization("https://fcm.googleapis.com/x", 2_000),
            Some(header.clone())
        );
        assert_ne!(
            vapid.authorization("https://fcm.googleapis.com/x", 1_000 + TOKEN_LIFETIME - 60),
            Some(header)
        );
        assert_eq!(vapid.authorization("no origin", 0), None);
    }
}
