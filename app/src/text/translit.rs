//! Latin slugs from Russian and Kazakh titles ("Қазақстан" → "qazaqstan").

/// The Latin spelling of one lower-case Cyrillic letter, or `None` when the
/// character is not a Russian or Kazakh letter.
fn latin(c: char) -> Option<&'static str> {
    Some(match c {
        'а' => "a",
        'б' => "b",
        'в' => "v",
        'г' => "g",
        'д' => "d",
        'е' | 'ё' | 'э' => "e",
        'ж' => "zh",
        'з' => "z",
        'и' => "i",
        'й' => "y",
        'к' => "k",
        'л' => "l",
        'м' => "m",
        'н' => "n",
        'о' => "o",
        'п' => "p",
        'р' => "r",
        'с' => "s",
        'т' => "t",
        'у' => "u",
        'ф' => "f",
        'х' => "kh",
        'ц' => "ts",
        'ч' => "ch",
        'ш' => "sh",
        'щ' => "shch",
        'ъ' | 'ь' => "",
        'ы' => "y",
        'ю' => "yu",
        'я' => "ya",
        // Kazakh letters, after the Latin alphabet of 2021 without diacritics.
        'ә' => "a",
        'ғ' => "g",
        'қ' => "q",
        'ң' => "n",
        'ө' => "o",
        'ұ' | 'ү' => "u",
        'һ' => "h",
        'і' => "i",
        _ => return None,
    })
}

/// Longest slug we generate, in characters; cut at a hyphen.
pub const MAX_SLUG_CHARS: usize = 80;

/// Lower-case Latin letters, digits and single hyphens from any Russian,
/// Kazakh or Latin text. Other characters separate words. May be empty
/// (a title of only emoji or another script); callers pick a fallback.
pub fn slugify(text: &str) -> String {
    let mut slug = String::new();
    let mut pending_hyphen = false;
    for c in text.chars().flat_map(char::to_lowercase) {
        let piece: Option<std::borrow::Cow<str>> = if c.is_ascii_alphanumeric() {
            Some(c.to_string().into())
        } else {
            latin(c).map(Into::into)
        };
        match piece {
            Some(p) if p.is_empty() => {} // hard and soft signs vanish inside a word
            Some(p) => {
                if pending_hyphen && !slug.is_empty() {
                    slug.push('-');
                }
                pending_hyphen = false;
                slug.push_str(&p);
            }
            None if c == '\'' || c == '’' => {} // "д'Артаньян" stays one word
            None => pending_hyphen = true,
        }
    }
    if slug.len() > MAX_SLUG_CHARS {
        let cut = slug[..MAX_SLUG_CHARS].rfind('-').unwrap_or(MAX_SLUG_CHARS);
        slug.truncate(cut);
    }
    slug
}

/// The `n`-th candidate for a slug that is already taken: "slug", "slug-2", …
pub fn numbered_slug(base: &str, n: u32) -> String {
    if n <= 1 {
        base.to_string()
    } else {
        format!("{base}-{n}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_russian_letter() {
        let lower = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя";
        assert_eq!(slugify(lower), "abvgdeezhziyklmnoprstufkhtschshshchyeyuya");
        assert_eq!(slugify(&lower.to_uppercase()), slugify(lower));
    }

    #[test]
    fn every_kazakh_letter() {
        assert_eq!(slugify("әғқңөұүһі"), "agqnouuhi");
        assert_eq!(slugify("ӘҒҚҢӨҰҮҺІ"), "agqnouuhi");
        assert_eq!(slugify("Қазақстан Республикасы"), "qazaqstan-respublikasy");
        assert_eq!(slugify("Өскемен мен Түркістан"), "oskemen-men-turkistan");
    }

    #[test]
    fn mixed_scripts_digits_and_punctuation() {
        assert_eq!(
            slugify("Tengri Bank: «выплаты» — 2026 год!"),
            "tengri-bank-vyplaty-2026-god"
        );
        assert_eq!(slugify("  ...Алматы???  "), "almaty");
        assert_eq!(slugify("COVID-19 в Астане"), "covid-19-v-astane");
        assert_eq!(slugify("Подъезд и объём"), "podezd-i-obem");
        assert_eq!(slugify("Жан-Клод д’Арк"), "zhan-klod-dark");
    }

    #[test]
    fn nothing_transliterable_gives_an_empty_slug() {
        assert_eq!(slugify("🙂 🙂"), "");
        assert_eq!(slugify("北京"), "");
        assert_eq!(slugify(""), "");
    }

    #[test]
    fn long_titles_are_cut_at_a_hyphen() {
        let title = "Очень длинный заголовок ".repeat(10);
        let slug = slugify(&title);
        assert!(slug.len() <= MAX_SLUG_CHARS);
        assert!(!slug.ends_with('-'));
        assert!(slug.starts_with("ochen-dlinnyy-zagolovok-ochen"));
    }

    #[test]
    fn collisions_get_a_number() {
        assert_eq!(numbered_slug("novosti", 1), "novosti");
        assert_eq!(numbered_slug("novosti", 2), "novosti-2");
        assert_eq!(numbered_slug("novosti", 10), "novosti-10");
    }
}
