//! Escaping for the one place Leptos does not escape: `<textarea>`.
//!
//! tachys 0.2 renders a textarea's children unescaped (it lists textarea
//! with script and style as raw-text elements), but browsers parse
//! textarea content as RCDATA: typed `</textarea><script>` would end the
//! field and run. Textarea content is therefore escaped here first.

/// `text` with `&`, `<` and `>` as entities, for a textarea's content.
pub fn escape_textarea(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape_textarea;

    #[test]
    fn a_typed_closing_tag_cannot_end_the_textarea() {
        let typed = "Текст </textarea><script>alert(1)</script> &amp; ә";
        let escaped = escape_textarea(typed);
        assert!(!escaped.contains('<') && !escaped.contains('>'));
        assert_eq!(
            escaped,
            "Текст &lt;/textarea&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp;amp; ә"
        );
    }
}
