//! What the article form counts as the editor types: the words and
//! characters readers will read, and the reading time. Counted from the
//! markup itself (the same on the server's first paint and in the
//! browser): link addresses, image lines and the markup's own signs are
//! not text.

use super::plural::{plural, Plural, CHARACTERS};

/// Words and characters of a text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TextCounts {
    pub words: u64,
    pub characters: u64,
}

/// Words a minute for a reader of Russian news.
const WORDS_PER_MINUTE: u64 = 180;

const WORDS: Plural = Plural {
    one: "слово",
    few: "слова",
    many: "слов",
};

/// The visible text of a markup line: no image lines, no link addresses,
/// no markup signs at the start of a line or around words.
fn visible(line: &str) -> String {
    let line = line.trim();
    if line.starts_with("![") || line.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ')) {
        return String::new();
    }
    let mut out = String::with_capacity(line.len());
    let mut rest = line.trim_start_matches(['#', '>', ' ']);
    rest = rest
        .strip_prefix("- ")
        .or_else(|| rest.strip_prefix("* "))
        .unwrap_or(rest);
    let mut chars = rest.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            // `](address "title")`: the address is not read.
            ']' if chars.peek() == Some(&'(') => {
                for skipped in chars.by_ref() {
                    if skipped == ')' {
                        break;
                    }
                }
            }
            '[' | ']' | '*' | '_' | '~' | '`' | '|' | '\\' => {}
            c => out.push(c),
        }
    }
    out
}

/// Counts the words and characters readers get from `markup`.
pub fn of_markup(markup: &str) -> TextCounts {
    let mut counts = TextCounts::default();
    for line in markup.lines() {
        let text = visible(line);
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if text.is_empty() {
            continue;
        }
        counts.characters += text.chars().count() as u64;
        counts.words += text
            .split(|c: char| !c.is_alphanumeric() && c != '-' && c != '’' && c != '\'')
            .filter(|w| w.chars().any(char::is_alphanumeric))
            .count() as u64;
    }
    counts
}

/// «412 слов · 2870 знаков · 3 мин чтения».
pub fn describe(counts: TextCounts) -> String {
    let minutes = counts.words.div_ceil(WORDS_PER_MINUTE).max(1);
    format!(
        "{} {} · {} {} · {minutes} мин чтения",
        counts.words,
        plural(counts.words, WORDS),
        counts.characters,
        plural(counts.characters, CHARACTERS),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_signs_addresses_and_images_are_not_text() {
        let markup = "## Итоги выборов\n\nЯвка — **54%**, сообщил [ЦИК](https://election.gov.kz/news \"ЦИК\").\n\n\
                      ![Участок](/media/3 \"Подпись | Фото\")\n\n- Алматы\n- Астана\n\n| Округ | Явка |\n|--|--|\n| Қарағанды | 61% |";
        let counts = of_markup(markup);
        // Итоги выборов / Явка 54 сообщил ЦИК / Алматы / Астана / Округ Явка / Қарағанды 61
        assert_eq!(counts.words, 12, "{counts:?}");
        assert_eq!(
            counts.characters,
            [
                "Итоги выборов",
                "Явка — 54%, сообщил ЦИК.",
                "Алматы",
                "Астана",
                "Округ Явка",
                "Қарағанды 61%"
            ]
            .iter()
            .map(|t| t.chars().count() as u64)
            .sum::<u64>()
        );
    }

    #[test]
    fn the_line_agrees_with_its_numbers() {
        let line = |words, characters| describe(TextCounts { words, characters });
        assert_eq!(line(1, 1), "1 слово · 1 знак · 1 мин чтения");
        assert_eq!(line(22, 23), "22 слова · 23 знака · 1 мин чтения");
        assert_eq!(line(412, 2870), "412 слов · 2870 знаков · 3 мин чтения");
        assert_eq!(line(0, 0), "0 слов · 0 знаков · 1 мин чтения");
    }
}
