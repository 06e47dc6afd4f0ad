//! Full-text search with Russian and Kazakh morphology, the parts both
//! engines share.
//!
//! Words are reduced to stems by the app, both when an article is indexed
//! and when a reader searches, so "выборы", "выборах" and "выборов" all
//! become "выбор", and «Қарағандыда» becomes «караганды». An article's
//! language picks its stemmer (Snowball's Russian, or [`kazakh::stem`]);
//! the Kazakh letters are then folded onto their Russian look-alikes, so
//! «Караганды» typed on a Russian keyboard finds «Қарағанды». A query's
//! word is read both ways, and also as written (capitalised words, names
//! mostly, are indexed unstemmed too), and any of them matches. Both
//! engines only match the app's stems (FTS5; PostgreSQL's `simple`
//! configuration). Highlighting is done here too, from the article's text,
//! so it looks the same on both engines.
//!
//! Past 500 lines with its tests: the query, highlighting and the typo
//! choice share the word rules above and are tested together.

use crate::domain::lang::Lang;
use crate::domain::reader::Piece;
use crate::server::kazakh;
use rust_stemmers::{Algorithm, Stemmer};
use std::collections::HashSet;
use std::ops::Range;

/// Longer queries are cut to this many characters.
pub const MAX_QUERY_CHARS: usize = 200;
/// Words beyond this many are ignored.
const MAX_TERMS: usize = 12;

/// Byte ranges of the words of `text`: runs of letters and digits.
/// Ranges always fall on character boundaries.
pub fn word_spans(text: &str) -> Vec<Range<usize>> {
    let mut spans = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                spans.push(s..i);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        spans.push(s..text.len());
    }
    spans
}

/// Lower case, "ё" read as "е".
fn lower(word: &str) -> String {
    word.chars()
        .flat_map(char::to_lowercase)
        .map(|c| if c == 'ё' { 'е' } else { c })
        .collect()
}

/// A word's stem in `lang`, folded ([`kazakh::fold`]): Cyrillic words
/// through that language's stemmer, Latin ones through the English one
/// (as PostgreSQL's `russian` configuration does), anything else
/// (numbers) as typed.
pub fn stem_in(word: &str, lang: Lang) -> String {
    let lower = lower(word);
    if lower.chars().any(|c| ('\u{400}'..='\u{4ff}').contains(&c)) {
        let stem = match lang {
            Lang::Ru => Stemmer::create(Algorithm::Russian)
                .stem(&lower)
                .into_owned(),
            Lang::Kk => kazakh::stem(&lower),
        };
        kazakh::fold(&stem)
    } else if lower.chars().any(|c| c.is_ascii_alphabetic()) {
        Stemmer::create(Algorithm::English)
            .stem(&lower)
            .into_owned()
    } else {
        lower
    }
}

/// A Russian word's stem (see [`stem_in`]).
pub fn stem(word: &str) -> String {
    stem_in(word, Lang::Ru)
}

/// A word as written, lower-cased and folded: how names are indexed
/// besides their stems.
pub fn surface(word: &str) -> String {
    kazakh::fold(&lower(word))
}

/// What the index stores for a text in `lang`: its stems, separated by
/// spaces.
pub fn index_text(text: &str, lang: Lang) -> String {
    let mut out = String::with_capacity(text.len());
    for span in word_spans(text) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&stem_in(&text[span], lang));
    }
    out
}

/// The capitalised words of `text` (names, mostly) as written, for the
/// index beside the stems: "Алматы" is found as "алматы" even where the
/// Russian stemmer makes it "алмат".
pub fn index_names(text: &str) -> String {
    let mut out = String::new();
    for span in word_spans(text) {
        let word = &text[span];
        if word.chars().next().is_some_and(char::is_uppercase) {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(&surface(word));
        }
    }
    out
}

/// Short words that carry no meaning on their own; a query made only of
/// them still searches for them.
const STOP_WORDS: [&str; 24] = [
    "и", "в", "во", "на", "с", "со", "к", "ко", "по", "о", "об", "от", "до", "за", "из", "у", "не",
    "а", "но", "что", "как", "для", "это", "или",
];

/// One thing a query asks for: a word or a quoted phrase, found through
/// any of its readings (Russian stems, Kazakh stems, a name as written).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Term {
    /// Each reading: a phrase of stems (one stem for a word).
    pub readings: Vec<Vec<String>>,
    /// The words as typed, separated by spaces.
    pub typed: String,
}

impl Term {
    fn word(typed: &str) -> Term {
        let mut term = Term {
            readings: Vec::new(),
            typed: typed.to_string(),
        };
        for reading in [
            stem_in(typed, Lang::Ru),
            stem_in(typed, Lang::Kk),
            surface(typed),
        ] {
            term.add(vec![reading]);
        }
        term
    }

    fn phrase(typed: &[&str]) -> Term {
        let mut term = Term {
            readings: Vec::new(),
            typed: typed.join(" "),
        };
        for lang in Lang::ALL {
            term.add(typed.iter().map(|w| stem_in(w, lang)).collect());
        }
        term
    }

    fn add(&mut self, reading: Vec<String>) {
        if !self.readings.contains(&reading) {
            self.readings.push(reading);
        }
    }

    /// Whether this is one word (not a phrase).
    pub fn is_word(&self) -> bool {
        !self.typed.contains(' ')
    }
}

/// A reader's query: terms that must all occur.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Query {
    pub terms: Vec<Term>,
}

impl Query {
    /// Reads what was typed. Never fails: punctuation is ignored, an
    /// unpaired quote is ignored, and anything beyond
    /// [`MAX_QUERY_CHARS`] characters or [`MAX_TERMS`] words is dropped.
    pub fn parse(input: &str) -> Query {
        let mut cut: String = input.chars().take(MAX_QUERY_CHARS).collect();
        // A word split by the cut is dropped rather than searched half.
        if input[cut.len()..].starts_with(char::is_alphanumeric) {
            let keep = cut.trim_end_matches(char::is_alphanumeric).len();
            cut.truncate(keep);
        }
        let normalised = cut.replace(['«', '»', '“', '”', '„'], "\"");
        let segments: Vec<&str> = normalised.split('"').collect();
        // Segments at odd positions are quoted, unless the last quote is
        // unpaired (then the text after it is read as plain words).
        let paired = segments.len() % 2 == 1;
        let mut phrases: Vec<Term> = Vec::new();
        // (term, is a stop word)
        let mut words: Vec<(Term, bool)> = Vec::new();
        for (i, segment) in segments.iter().enumerate() {
            let quoted = i % 2 == 1 && (paired || i + 1 < segments.len());
            let spans = word_spans(segment);
            if quoted && spans.len() > 1 {
                let typed: Vec<&str> = spans.iter().map(|s| &segment[s.clone()]).collect();
                phrases.push(Term::phrase(&typed));
                continue;
            }
            for span in spans {
                let word = &segment[span];
                let stop = STOP_WORDS.contains(&word.to_lowercase().as_str());
                words.push((Term::word(word), stop));
            }
        }
        let only_stop_words = phrases.is_empty() && words.iter().all(|(_, stop)| *stop);
        let mut query = Query::default();
        let wanted = words
            .into_iter()
            .filter(|(_, stop)| only_stop_words || !stop)
            .map(|(term, _)| term);
        for term in phrases.into_iter().chain(wanted) {
            let known = query.terms.iter().any(|t| t.readings == term.readings);
            if !known && query.terms.len() < MAX_TERMS {
                query.terms.push(term);
            }
        }
        query
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// The FTS5 MATCH expression: every term's readings in parentheses,
    /// joined by OR, each quoted (stems hold only letters and digits, so
    /// nothing typed can change the syntax); every term required (an
    /// explicit AND: FTS5 takes an implicit one between phrases only).
    pub fn fts5(&self) -> String {
        self.written(|stems| format!("\"{}\"", stems.join(" ")), " OR ", " AND ")
    }

    /// PostgreSQL's `tsquery` in its text form: readings joined by `|`, a
    /// phrase's stems by `<->`, terms by `&`; lexemes quoted (they hold
    /// only letters and digits).
    pub fn tsquery(&self) -> String {
        self.written(
            |stems| {
                let lexemes: Vec<String> = stems.iter().map(|s| format!("'{s}'")).collect();
                lexemes.join(" <-> ")
            },
            " | ",
            " & ",
        )
    }

    /// The query in an engine's syntax: each reading written by `reading`,
    /// a term's readings in parentheses joined by `or`, terms by `and`.
    fn written(&self, reading: impl Fn(&[String]) -> String, or: &str, and: &str) -> String {
        self.terms
            .iter()
            .map(|term| {
                let readings: Vec<String> = term.readings.iter().map(|r| reading(r)).collect();
                format!("({})", readings.join(or))
            })
            .collect::<Vec<_>>()
            .join(and)
    }

    /// Every stem of the query, for highlighting.
    pub fn stems(&self) -> HashSet<String> {
        self.terms
            .iter()
            .flat_map(|t| t.readings.iter().flatten())
            .cloned()
            .collect()
    }

    /// The same query with `term`'s word replaced by `word`.
    pub fn with_word(&self, term: usize, word: &str) -> Query {
        let mut query = self.clone();
        if let Some(slot) = query.terms.get_mut(term) {
            *slot = Term::word(word);
        }
        query
    }

    /// The query as typed, each term's words separated by spaces and
    /// phrases in «ёлочки».
    pub fn typed(&self) -> String {
        self.terms
            .iter()
            .map(|t| {
                if t.is_word() {
                    t.typed.clone()
                } else {
                    format!("«{}»", t.typed)
                }
            })
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// Whether `word` has a reading in `stems`. Stemmers only change a word's
/// ending (the Kazakh one its last letter too), so a word can match a stem
/// only if it starts with that stem less its last letter; checking that
/// first skips stemming almost every word.
fn matches(word: &str, stems: &HashSet<String>) -> bool {
    // Most words of a long text start with a letter no stem starts with:
    // they are passed over before anything is allocated.
    let Some(first) = word.chars().next().and_then(|c| c.to_lowercase().next()) else {
        return false;
    };
    let first = crate::server::kazakh::fold_char(if first == 'ё' { 'е' } else { first });
    if !stems.iter().any(|stem| stem.starts_with(first)) {
        return false;
    }
    let folded = surface(word);
    let possible = stems.iter().any(|stem| {
        let cut = stem.char_indices().last().map_or(0, |(i, _)| i);
        folded.starts_with(&stem[..cut])
    });
    possible
        && (stems.contains(&folded)
            || stems.contains(&stem_in(word, Lang::Ru))
            || stems.contains(&stem_in(word, Lang::Kk)))
}

/// The most edits a typed stem may be from its correction: 1, or 2 for
/// words of 9 letters or more.
pub fn typo_distance(stem: &str) -> usize {
    if stem.chars().count() >= 9 {
        2
    } else {
        1
    }
}

/// Stems shorter than this are never corrected (too many neighbours).
pub const MIN_CORRECTED_CHARS: usize = 4;

/// Edits (insertions, deletions, substitutions, swaps of neighbours) from
/// `a` to `b`, or `None` beyond `limit`.
pub fn edit_distance(a: &str, b: &str, limit: usize) -> Option<usize> {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > limit {
        return None;
    }
    // Optimal string alignment over three rows.
    let mut before: Vec<usize> = Vec::new();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut current = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            current[j] = (previous[j] + 1)
                .min(current[j - 1] + 1)
                .min(previous[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                current[j] = current[j].min(before[j - 2] + 1);
            }
        }
        before = std::mem::replace(&mut previous, current);
    }
    let distance = previous[b.len()];
    (distance <= limit).then_some(distance)
}

/// The correction for a typed stem found in `typed_docs` articles, among
/// `candidates` (stem, articles): the most frequent within
/// [`typo_distance`], only when the typed stem is absent or ten times
/// rarer than it. Ties go to the nearer, then the first in alphabet.
pub fn pick_correction(
    typed: &str,
    typed_docs: i64,
    candidates: &[(String, i64)],
) -> Option<String> {
    if typed.chars().count() < MIN_CORRECTED_CHARS {
        return None;
    }
    let limit = typo_distance(typed);
    candidates
        .iter()
        .filter(|(stem, docs)| {
            stem != typed && *docs > 0 && *docs >= typed_docs.saturating_mul(10).max(1)
        })
        .filter_map(|(stem, docs)| Some((edit_distance(typed, stem, limit)?, stem, *docs)))
        .filter(|(distance, _, _)| *distance > 0)
        .min_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(&b.0)).then(a.1.cmp(b.1)))
        .map(|(_, stem, _)| stem.clone())
}

/// `typed` with its stem `from` replaced by `to`, keeping the ending:
/// "выбрах" (stem "выбр") → "выборах". `None` when the typed word does not
/// start with its stem (the Kazakh stemmer may have changed its last
/// letter).
pub fn respelled(typed: &str, from: &str, to: &str) -> Option<String> {
    let folded = surface(typed);
    let ending = folded.strip_prefix(from)?;
    let word = format!("{to}{ending}");
    // A capital stays: «Алмты» → «Алматы».
    if typed.chars().next().is_some_and(char::is_uppercase) {
        let mut chars = word.chars();
        return Some(chars.next().map_or_else(String::new, |first| {
            first.to_uppercase().chain(chars).collect()
        }));
    }
    Some(word)
}

/// `text` in pieces, the words whose stem is in `stems` marked.
pub fn highlight(text: &str, stems: &HashSet<String>) -> Vec<Piece> {
    let mut pieces: Vec<Piece> = Vec::new();
    let mut push = |text: &str, marked: bool| {
        if text.is_empty() {
            return;
        }
        match pieces.last_mut() {
            Some(last) if last.marked == marked => last.text.push_str(text),
            _ => pieces.push(Piece {
                text: text.to_string(),
                marked,
            }),
        }
    };
    let mut at = 0;
    for span in word_spans(text) {
        if matches(&text[span.clone()], stems) {
            push(&text[at..span.start], false);
            push(&text[span.clone()], true);
            at = span.end;
        }
    }
    push(&text[at..], false);
    pieces
}

/// The passage of `text` (at most `max_words` words) with the most words
/// from `stems`, highlighted, with "…" where it was cut; `None` when no
/// word matches.
pub fn fragment(text: &str, stems: &HashSet<String>, max_words: usize) -> Option<Vec<Piece>> {
    let spans = word_spans(text);
    let hits: Vec<bool> = spans
        .iter()
        .map(|span| matches(&text[span.clone()], stems))
        .collect();
    let first_hit = hits.iter().position(|&h| h)?;
    let window = max_words.max(1).min(spans.len());
    // The window with the most hits; among equals the earliest.
    let mut count = hits[..window].iter().filter(|&&h| h).count();
    let (mut best_count, mut best_start) = (count, 0);
    for start in 1..=spans.len() - window {
        count = count - usize::from(hits[start - 1]) + usize::from(hits[start + window - 1]);
        if count > best_count {
            (best_count, best_start) = (count, start);
        }
    }
    // Begin a few words before the first hit in the window, for context.
    let first_in_window = (best_start..best_start + window)
        .find(|&i| hits[i])
        .unwrap_or(first_hit);
    let start = first_in_window
        .saturating_sub(window / 4)
        .min(spans.len() - window);
    let end = start + window - 1;
    let from = if start == 0 { 0 } else { spans[start].start };
    let to = if end + 1 == spans.len() {
        text.len()
    } else {
        spans[end].end
    };
    let mut pieces = Vec::new();
    if start > 0 {
        pieces.push(Piece {
            text: "…".into(),
            marked: false,
        });
    }
    pieces.extend(highlight(text[from..to].trim(), stems));
    if to < text.len() {
        pieces.push(Piece {
            text: "…".into(),
            marked: false,
        });
    }
    Some(pieces)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marked(pieces: &[Piece]) -> Vec<&str> {
        pieces
            .iter()
            .filter(|p| p.marked)
            .map(|p| p.text.as_str())
            .collect()
    }

    fn joined(pieces: &[Piece]) -> String {
        pieces.iter().map(|p| p.text.as_str()).collect()
    }

    #[test]
    fn word_forms_share_a_stem() {
        let forms = ["выборы", "выборах", "выборов", "Выборами", "ВЫБОРЫ"];
        for form in forms {
            assert_eq!(stem(form), stem("выбор"), "{form}");
        }
        assert_eq!(stem("ёлка"), stem("елка"));
        assert_eq!(stem("Elections"), stem("election"));
        assert_eq!(stem("2026"), "2026");
        assert_ne!(stem("выборы"), stem("выход"));
    }

    #[test]
    fn words_are_split_on_anything_but_letters_and_digits() {
        let text = "Өскемен—Алматы: 14,75% «ставка» Қарағанды-2026";
        let words: Vec<&str> = word_spans(text).into_iter().map(|s| &text[s]).collect();
        assert_eq!(
            words,
            [
                "Өскемен",
                "Алматы",
                "14",
                "75",
                "ставка",
                "Қарағанды",
                "2026"
            ]
        );
        assert_eq!(index_text("Выборы в Мажилис", Lang::Ru), "выбор в мажилис");
        // Kazakh articles through the Kazakh stemmer; both folded.
        assert_eq!(
            index_text("Қарағандыда мектептер ашылды", Lang::Kk),
            "караганды мектеп ашыл"
        );
        assert_eq!(index_text("Қарағанды", Lang::Ru), "караганд");
        // Names as written, beside the stems.
        assert_eq!(
            index_names("Аким Алматы и «Қазақтелеком» в Өскемене"),
            "аким алматы казактелеком оскемене"
        );
    }

    #[test]
    fn queries_become_required_terms_of_quoted_readings() {
        let q = Query::parse("выборах в Мажилис");
        assert_eq!(q.fts5(), r#"("выбор" OR "выборах") AND ("мажилис")"#);
        assert_eq!(q.tsquery(), "('выбор' | 'выборах') & ('мажилис')");
        let q = Query::parse(r#"итоги "базовая ставка" нацбанка"#);
        assert_eq!(
            q.fts5(),
            r#"("базов ставк" OR "базовая ставка") AND ("итог" OR "итоги") AND ("нацбанк" OR "нацбанка")"#
        );
        assert_eq!(
            q.tsquery(),
            "('базов' <-> 'ставк' | 'базовая' <-> 'ставка') & ('итог' | 'итоги') & ('нацбанк' | 'нацбанка')"
        );
        // A Kazakh word: Russian stem, Kazakh stem, as written; folded.
        let q = Query::parse("Қарағандыда");
        assert_eq!(
            q.fts5(),
            r#"("карагандыд" OR "караганды" OR "карагандыда")"#
        );
        // A query of stop words only still searches for them.
        assert_eq!(Query::parse("и в").fts5(), r#"("и") AND ("в")"#);
    }

    #[test]
    fn typos_are_corrected_to_the_most_frequent_near_word() {
        assert_eq!(edit_distance("выбр", "выбор", 1), Some(1));
        assert_eq!(
            edit_distance("выбор", "вбыор", 1),
            Some(1),
            "a swap is one edit"
        );
        assert_eq!(edit_distance("выбор", "выход", 1), None);
        assert_eq!(edit_distance("голосавал", "голосовал", 2), Some(1));
        let vocabulary = vec![
            ("выбор".to_string(), 5_000),
            ("выбег".to_string(), 9_000),
            ("выдор".to_string(), 40),
            ("забор".to_string(), 900),
        ];
        assert_eq!(
            pick_correction("выбр", 0, &vocabulary).as_deref(),
            Some("выбор")
        );
        // Only when the typed word is absent or ten times rarer.
        assert_eq!(
            pick_correction("выбр", 400, &vocabulary).as_deref(),
            Some("выбор")
        );
        assert_eq!(pick_correction("выбр", 600, &vocabulary), None);
        // Among near words the most frequent; "выбег" is two edits away.
        assert_eq!(
            pick_correction("выдор", 3, &vocabulary).as_deref(),
            Some("выбор")
        );
        // Short words are left alone; 9 letters allow two edits.
        assert_eq!(pick_correction("выб", 0, &vocabulary), None);
        let long = vec![("голосовал".to_string(), 300)];
        assert_eq!(
            pick_correction("галосавал", 0, &long).as_deref(),
            Some("голосовал")
        );
        assert_eq!(typo_distance("голосовал"), 2);
        assert_eq!(typo_distance("выбор"), 1);
        // The typed word's ending stays.
        assert_eq!(
            respelled("выбрах", "выбр", "выбор").as_deref(),
            Some("выборах")
        );
    }

    #[test]
    fn highlighting_marks_every_form_of_the_query_words() {
        let stems = Query::parse("выборы").stems();
        let pieces = highlight("О выборах и выборов — «Выборы-2026»", &stems);
        assert_eq!(marked(&pieces), ["выборах", "выборов", "Выборы"]);
        assert_eq!(joined(&pieces), "О выборах и выборов — «Выборы-2026»");
    }

    #[test]
    fn fragments_centre_on_the_matches_and_show_cuts() {
        let stems = Query::parse("тарифы").stems();
        let text = format!(
            "{} Акимат обсудил тарифы на тепло. {}",
            "слово ".repeat(50),
            "конец ".repeat(50)
        );
        let pieces = fragment(&text, &stems, 12).expect("a match");
        let shown = joined(&pieces);
        assert!(shown.starts_with('…') && shown.ends_with('…'), "{shown}");
        assert!(shown.contains("обсудил тарифы на тепло"), "{shown}");
        assert_eq!(marked(&pieces), ["тарифы"]);
        // Short text: whole, no ellipses.
        let pieces = fragment("Тарифы растут", &stems, 12).expect("a match");
        assert_eq!(joined(&pieces), "Тарифы растут");
        assert!(fragment("Ничего общего", &stems, 12).is_none());
    }
}
