//! Percent-encoding for query strings (share links).

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

#[cfg(test)]
mod tests {
    use super::encode_component;

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
