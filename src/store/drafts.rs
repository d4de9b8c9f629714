//! Payload drafts, one per function (by ARN, so the same name in two accounts
//! keeps two). Each console writes only the drafts it changed, so two
//! consoles open at once keep each other's work, function by function.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use rusqlite::params;

use super::{Store, move_aside, now_millis};

#[derive(Debug, Default, Clone, PartialEq)]
pub struct Drafts {
    pub by_function: BTreeMap<String, String>,
    /// Functions whose draft changed since the last save.
    changed: BTreeSet<String>,
}

impl Drafts {
    pub fn get(&self, key: &str) -> Option<&String> {
        self.by_function.get(key)
    }

    /// Keeps `text` as the draft of `key`; blank text removes the draft.
    pub fn set(&mut self, key: &str, text: &str) {
        let before = self.by_function.get(key).map(String::as_str);
        let after = Some(text).filter(|t| !t.trim().is_empty());
        if before == after {
            return;
        }
        match after {
            Some(text) => self.by_function.insert(key.to_string(), text.to_string()),
            None => self.by_function.remove(key),
        };
        self.changed.insert(key.to_string());
    }

    pub fn has_unsaved(&self) -> bool {
        !self.changed.is_empty()
    }
}

impl Store {
    pub fn load_drafts(&self) -> Result<Drafts, String> {
        let mut statement = self
            .connection
            .prepare("SELECT function_key, text FROM drafts")
            .map_err(|e| e.to_string())?;
        let rows = statement
            .query_map([], |row| Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?)))
            .map_err(|e| e.to_string())?;
        let by_function = rows.collect::<Result<_, _>>().map_err(|e| e.to_string())?;
        Ok(Drafts {
            by_function,
            changed: BTreeSet::new(),
        })
    }

    /// Writes the drafts that changed since the last save, in one
    /// transaction; on success they count as saved.
    pub fn save_drafts(&mut self, drafts: &mut Drafts) -> Result<(), String> {
        if drafts.changed.is_empty() {
            return Ok(());
        }
        let now = now_millis();
        let transaction = self.connection.transaction().map_err(|e| e.to_string())?;
        for key in &drafts.changed {
            match drafts.by_function.get(key) {
                Some(text) => transaction.execute(
                    "INSERT INTO drafts (function_key, text, updated_ms) VALUES (?1, ?2, ?3)
                     ON CONFLICT (function_key) DO UPDATE SET text = excluded.text, updated_ms = excluded.updated_ms",
                    params![key, text, now],
                ),
                None => transaction.execute("DELETE FROM drafts WHERE function_key = ?1", params![key]),
            }
            .map_err(|e| e.to_string())?;
        }
        transaction.commit().map_err(|e| e.to_string())?;
        drafts.changed.clear();
        Ok(())
    }

    /// Brings in the drafts.json of earlier versions once, without
    /// overwriting drafts already in the database; a file that cannot be
    /// read is moved aside and reported.
    pub(super) fn import_drafts_file(&mut self, dir: &Path) -> Vec<String> {
        let path = dir.join("drafts.json");
        let Ok(text) = std::fs::read_to_string(&path) else {
            return Vec::new();
        };
        #[derive(serde::Deserialize)]
        struct Old {
            by_function: BTreeMap<String, String>,
        }
        let old = match serde_json::from_str::<Old>(&text) {
            Ok(old) => old,
            Err(e) => {
                return vec![match move_aside(&path) {
                    Ok(aside) => format!(
                        "The old drafts file could not be read ({e}) and was moved to {}.",
                        aside.display()
                    ),
                    Err(why) => format!("The old drafts file could not be read ({e}) and {why}."),
                }];
            }
        };
        let now = now_millis();
        let imported = (|| {
            let transaction = self.connection.transaction()?;
            for (key, text) in &old.by_function {
                transaction.execute(
                    "INSERT OR IGNORE INTO drafts (function_key, text, updated_ms) VALUES (?1, ?2, ?3)",
                    params![key, text, now],
                )?;
            }
            transaction.commit()
        })();
        match imported {
            Ok(()) => {
                let _ = std::fs::rename(&path, dir.join("drafts.json.imported"));
                Vec::new()
            }
            Err(e) => vec![format!("The old drafts file was not imported: {e}")],
        }
    }
}
