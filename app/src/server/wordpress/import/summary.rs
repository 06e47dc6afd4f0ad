//! What an import did, for the newsroom: counts per kind, what was
//! skipped and why, what could not be imported, and remarks per item.

use std::collections::BTreeMap;
use std::fmt;

/// What kind of thing a line of the summary counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Post,
    Page,
    Image,
    Author,
    Category,
    Tag,
    Other,
}

impl Kind {
    pub fn label(self) -> &'static str {
        match self {
            Kind::Post => "записи",
            Kind::Page => "страницы",
            Kind::Image => "изображения",
            Kind::Author => "авторы",
            Kind::Category => "рубрики",
            Kind::Tag => "теги",
            Kind::Other => "прочее",
        }
    }
}

/// How many of one kind went which way.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub imported: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub skipped: usize,
    pub failed: usize,
}

/// One item the newsroom should hear about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Remark {
    pub kind: Kind,
    pub title: String,
    pub text: String,
}

/// What an import did (or, dry, would do).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub dry_run: bool,
    pub site: String,
    pub counts: BTreeMap<Kind, Counts>,
    /// Skipped by rule (trash, menus…): how many for each reason.
    pub skipped: BTreeMap<(Kind, String), usize>,
    /// Items that could not be imported, each with why.
    pub failed: Vec<Remark>,
    /// Items imported with something to know (content dropped, an image
    /// not found, further categories).
    pub remarks: Vec<Remark>,
    pub comments: usize,
    pub sticky: usize,
    pub redirects: usize,
    /// Translations linked to their original (a Polylang site).
    pub translations: usize,
}

impl Summary {
    pub(super) fn count(&mut self, kind: Kind) -> &mut Counts {
        self.counts.entry(kind).or_default()
    }

    pub(super) fn skip(&mut self, kind: Kind, reason: &str) {
        self.count(kind).skipped += 1;
        *self.skipped.entry((kind, reason.to_string())).or_default() += 1;
    }

    pub(super) fn remark(&mut self, kind: Kind, title: &str, text: impl Into<String>) {
        self.remarks.push(Remark {
            kind,
            title: title.to_string(),
            text: text.into(),
        });
    }

    pub(super) fn fail(&mut self, kind: Kind, title: &str, text: impl Into<String>) {
        self.count(kind).failed += 1;
        self.failed.push(Remark {
            kind,
            title: title.to_string(),
            text: text.into(),
        });
    }
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let verb = if self.dry_run {
            "Пробный прогон (--dry-run): в базе ничего не изменено. Было бы:"
        } else {
            "Импорт завершён."
        };
        writeln!(f, "{verb} Источник: {}", self.site)?;
        writeln!(
            f,
            "{:<12} {:>9} {:>9} {:>12} {:>10} {:>8}",
            "", "новые", "обновлены", "без изменений", "пропущены", "ошибки"
        )?;
        for (kind, c) in &self.counts {
            writeln!(
                f,
                "{:<12} {:>9} {:>9} {:>12} {:>10} {:>8}",
                kind.label(),
                c.imported,
                c.updated,
                c.unchanged,
                c.skipped,
                c.failed
            )?;
        }
        if !self.skipped.is_empty() {
            writeln!(f, "\nПропущено по правилам:")?;
            for ((kind, reason), n) in &self.skipped {
                writeln!(f, "  {}: {reason} — {n}", kind.label())?;
            }
        }
        writeln!(
            f,
            "\nКомментарии не переносятся (в Qalam их нет): {} в файле.",
            self.comments
        )?;
        if self.sticky > 0 {
            writeln!(
                f,
                "Закреплённые записи: {} (в Qalam нет закрепления; главная показывает срочное или свежее).",
                self.sticky
            )?;
        }
        if self.translations > 0 {
            writeln!(
                f,
                "Переводы (Polylang) связаны с оригиналами: {}.",
                self.translations
            )?;
        }
        writeln!(f, "Переадресаций со старых адресов: {}.", self.redirects)?;
        if !self.failed.is_empty() {
            writeln!(f, "\nНе импортировано ({}):", self.failed.len())?;
            for r in &self.failed {
                writeln!(f, "  [{}] «{}»: {}", r.kind.label(), r.title, r.text)?;
            }
        }
        if !self.remarks.is_empty() {
            writeln!(f, "\nЗамечания ({}):", self.remarks.len())?;
            for r in &self.remarks {
                writeln!(f, "  [{}] «{}»: {}", r.kind.label(), r.title, r.text)?;
            }
        }
        Ok(())
    }
}
