//! Short ids for listings: each as long as it must be to name one story in
//! this library (as git abbreviates commits), so it can be typed back.

use std::collections::HashMap;

use kintsugi_core::{Library, Result};
use uuid::Uuid;

/// The abbreviations of the ids one listing shows.
pub struct ShortIds(HashMap<Uuid, String>);

impl ShortIds {
    /// Abbreviates `ids` against every story in `library`.
    pub fn of(library: &Library, ids: impl IntoIterator<Item = Uuid>) -> Result<ShortIds> {
        let ids: Vec<Uuid> = ids.into_iter().collect();
        let short = library.abbreviate_ids(&ids)?;
        Ok(ShortIds(ids.into_iter().zip(short).collect()))
    }

    /// The short form of `id` (its first group if it was not listed).
    pub fn get(&self, id: &Uuid) -> String {
        self.0
            .get(id)
            .cloned()
            .unwrap_or_else(|| id.to_string()[..kintsugi_core::story::MIN_ABBREVIATION].to_string())
    }
}
