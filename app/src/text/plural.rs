//! Russian plural forms ("1 минута", "2 минуты", "5 минут").

/// The three forms of a Russian noun after a number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Plural {
    /// After 1, 21, 31 … (not 11): "минуту".
    pub one: &'static str,
    /// After 2–4, 22–24 … (not 12–14): "минуты".
    pub few: &'static str,
    /// Everything else, including 0 and the teens: "минут".
    pub many: &'static str,
}

/// Picks the form of `forms` that agrees with `n`.
pub fn plural(n: u64, forms: Plural) -> &'static str {
    let last_two = n % 100;
    let last = n % 10;
    if (11..=14).contains(&last_two) {
        forms.many
    } else if last == 1 {
        forms.one
    } else if (2..=4).contains(&last) {
        forms.few
    } else {
        forms.many
    }
}

pub const MINUTES_AGO: Plural = Plural {
    one: "минуту",
    few: "минуты",
    many: "минут",
};

pub const HOURS: Plural = Plural {
    one: "час",
    few: "часа",
    many: "часов",
};

pub const CHARACTERS: Plural = Plural {
    one: "знак",
    few: "знака",
    many: "знаков",
};

pub const IMAGES: Plural = Plural {
    one: "изображение",
    few: "изображения",
    many: "изображений",
};

pub const ARTICLES: Plural = Plural {
    one: "материал",
    few: "материала",
    many: "материалов",
};

/// Subscribed browsers (a push reaches browsers, not accounts).
pub const BROWSERS: Plural = Plural {
    one: "браузер",
    few: "браузера",
    many: "браузеров",
};

#[cfg(test)]
mod tests {
    use super::*;

    /// The rule written out independently, as a grammar book states it.
    fn expected(n: u64) -> &'static str {
        match (n % 10, n % 100) {
            (_, 11..=14) => "many",
            (1, _) => "one",
            (2..=4, _) => "few",
            _ => "many",
        }
    }

    const NAMES: Plural = Plural {
        one: "one",
        few: "few",
        many: "many",
    };

    #[test]
    fn every_number_from_0_to_200() {
        for n in 0..=200 {
            assert_eq!(plural(n, NAMES), expected(n), "n = {n}");
        }
    }

    #[test]
    fn teens_always_take_the_many_form() {
        for n in [11, 12, 13, 14, 111, 112, 113, 114, 211, 1012] {
            assert_eq!(plural(n, MINUTES_AGO), "минут", "n = {n}");
        }
    }

    #[test]
    fn known_phrases() {
        let cases = [
            (0, "минут"),
            (1, "минуту"),
            (2, "минуты"),
            (4, "минуты"),
            (5, "минут"),
            (10, "минут"),
            (20, "минут"),
            (21, "минуту"),
            (22, "минуты"),
            (25, "минут"),
            (101, "минуту"),
            (102, "минуты"),
        ];
        for (n, word) in cases {
            assert_eq!(plural(n, MINUTES_AGO), word, "n = {n}");
        }
        assert_eq!(plural(1, HOURS), "час");
        assert_eq!(plural(2, HOURS), "часа");
        assert_eq!(plural(11, HOURS), "часов");
        assert_eq!(plural(21, HOURS), "час");
        assert_eq!(plural(23, HOURS), "часа");
    }
}
