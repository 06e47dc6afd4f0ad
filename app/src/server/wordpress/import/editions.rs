//! A Polylang site's translations (`wordpress::polylang`): each post went
//! into its own edition as it was written; once all are written, the
//! members of each translation group are linked, the Russian one as the
//! group's original. Linking is idempotent, so a second run of the same
//! export changes nothing.

use super::summary::Kind;
use super::writer::Importer;
use super::ImportError;
use crate::db::articles;
use crate::domain::lang::Lang;
use std::collections::BTreeMap;

impl Importer<'_> {
    /// Remembers article `id`, written for `plan`, if it is in a group.
    pub(super) fn note_translation(&mut self, plan: &super::scan::Planned, id: i64) {
        if let Some(group) = &plan.group {
            self.translations.push((group.clone(), plan.lang, id));
        }
    }

    /// Links each group's members to its original.
    pub(super) async fn link_translations(&mut self) -> Result<(), ImportError> {
        let mut groups: BTreeMap<&str, Vec<(Lang, i64)>> = BTreeMap::new();
        for (group, lang, id) in &self.translations {
            groups.entry(group).or_default().push((*lang, *id));
        }
        for members in groups.values() {
            let original = members
                .iter()
                .find(|(lang, _)| *lang == Lang::Ru)
                .unwrap_or(&members[0]);
            for (lang, id) in members {
                if id == &original.1 {
                    continue;
                }
                if *lang == original.0 {
                    // Polylang allows one post per language in a group.
                    self.summary.remark(
                        Kind::Post,
                        &format!("id {id}"),
                        "вторая запись того же языка в группе переводов: не связана",
                    );
                    continue;
                }
                articles::set_edition(self.db, *id, *lang, Some(original.1)).await?;
                self.summary.translations += 1;
            }
        }
        Ok(())
    }
}
