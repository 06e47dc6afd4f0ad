//! Percent-encoding for query strings (share links), and decoding for
//! checks on request paths.

/// Encodes `text` for use as a URL query value (RFC 3986 unreserved kept).
pub fn encode_component(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3);
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// Where signing in may return to: a workspace page of this site
/// (`/admin/…`, not the sign-in page itself), never another site
/// (`//evil.example`, `/admin\\…`) — else the article list.
pub fn workspace_return(next: &str) -> &str {
    let path = next.split(['?', '#']).next().unwrap_or("");
    let safe = (path == "/admin" || path.starts_with("/admin/"))
        && !path.starts_with("/admin/login")
        && !next.contains(['\\', '\r', '\n'])
        && !next.contains("//")
        && next.bytes().all(|b| b.is_ascii_graphic());
    if safe {
        next
    } else {
        "/admin"
    }
}

/// The bytes `text` percent-decodes to; a `%` not followed by two hex
/// digits stays as it is (as browsers and tower-http read it).
pub fn decode_bytes(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |at: usize| bytes.get(at).and_then(|b| (*b as char).to_digit(16));
        if bytes[i] == b'%' {
            if let (Some(high), Some(low)) = (hex(i + 1), hex(i + 2)) {
                out.push((high * 16 + low) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    out
}

/// A query string ("a=1&b=%D3%98"), decoded once: `+` is a space, `%XX`
/// a byte, and bytes that are not UTF-8 become U+FFFD.
///
/// leptos_router 0.8's `use_query_map` decodes every value twice, so a
/// typed "100%25" or "%D0%B0" reached our pages altered; pages read the
/// query through this instead (`crate::hooks::use_query`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Query(Vec<(String, String)>);

impl Query {
    pub fn parse(search: &str) -> Query {
        let decode = |text: &str| {
            String::from_utf8_lossy(&decode_bytes(&text.replace('+', " "))).into_owned()
        };
        Query(
            search
                .trim_start_matches('?')
                .split('&')
                .filter(|pair| !pair.is_empty())
                .map(|pair| {
                    let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
                    (decode(key), decode(value))
                })
                .collect(),
        )
    }

    /// The last value given for `key`, as most servers read a repeated key.
    pub fn get(&self, key: &str) -> Option<String> {
        self.0
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn signing_in_returns_only_to_the_workspace() {
        use super::workspace_return;
        for good in [
            "/admin",
            "/admin/articles/12",
            "/admin/articles/new?draft=restore",
        ] {
            assert_eq!(workspace_return(good), good);
        }
        for bad in [
            "https://evil.example/admin",
            "//evil.example/admin",
            "/admin//evil.example",
            "/administrator",
            "/admin\\evil",
            "/admin/login",
            "/admin/articles/1\r\nSet-Cookie: x",
            "/news/x",
            "",
        ] {
            assert_eq!(workspace_return(bad), "/admin", "{bad}");
        }
    }

    use super::{decode_bytes, encode_component, Query};

    #[test]
    fn queries_are_decoded_exactly_once() {
        let query = Query::parse("?q=http%3A%2F%2Fa%2F%25%2530%2530&x=a+b&x=2&flag&e=%ZZ");
        assert_eq!(query.get("q").as_deref(), Some("http://a/%%30%30"));
        assert_eq!(query.get("x").as_deref(), Some("2"));
        assert_eq!(query.get("flag").as_deref(), Some(""));
        assert_eq!(query.get("e").as_deref(), Some("%ZZ"));
        assert_eq!(query.get("none"), None);
        let typed = "Әл-Фараби & «100%» + ещё";
        let query = Query::parse(&format!("q={}", encode_component(typed)));
        assert_eq!(query.get("q").as_deref(), Some(typed));
        assert_eq!(Query::parse("q=%FF").get("q").as_deref(), Some("\u{FFFD}"));
    }

    #[test]
    fn decodes_what_it_encodes_and_keeps_stray_percents() {
        for text in ["Әл-Фараби 100%", "a b&c=d/e?", "", "ж"] {
            assert_eq!(decode_bytes(&encode_component(text)), text.as_bytes());
        }
        assert_eq!(decode_bytes("%zz%4"), b"%zz%4");
        assert_eq!(decode_bytes("%4a%4A"), b"JJ");
        assert_eq!(decode_bytes("%"), b"%");
    }

    #[test]
    fn encodes_cyrillic_spaces_and_reserved_characters() {
        assert_eq!(encode_component("abc-1_2.3~"), "abc-1_2.3~");
        assert_eq!(encode_component("a b&c=d/e?"), "a%20b%26c%3Dd%2Fe%3F");
        assert_eq!(encode_component("Әл"), "%D3%98%D0%BB");
        assert_eq!(
            encode_component("https://qalam.kz/news/x?a=1"),
            "https%3A%2F%2Fqalam.kz%2Fnews%2Fx%3Fa%3D1"
        );
    }
}
