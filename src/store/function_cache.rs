//! The function list of each place, kept for the next start: shown at once
//! (marked as cached) while the live list loads. Environment values are not
//! kept (names only).

use rusqlite::{OptionalExtension, params};

use super::{Store, now_millis};
use crate::model::FunctionInfo;

/// A list larger than this is not kept (nor read back).
const MAX_CACHE_BYTES: usize = 64 * 1024 * 1024;

impl Store {
    pub fn save_function_cache(&mut self, place: &str, functions: &[FunctionInfo]) -> Result<(), String> {
        let list = serde_json::to_string(functions).map_err(|e| e.to_string())?;
        if list.len() > MAX_CACHE_BYTES {
            return Ok(());
        }
        self.connection
            .execute(
                "INSERT INTO function_cache (place, saved_ms, list) VALUES (?1, ?2, ?3)
                 ON CONFLICT (place) DO UPDATE SET saved_ms = excluded.saved_ms, list = excluded.list",
                params![place, now_millis(), list],
            )
            .map(|_| ())
            .map_err(|e| e.to_string())
    }

    /// The place's cached list and when it was saved; nothing when there is
    /// none or it does not read (a hand-edited file).
    pub fn load_function_cache(&self, place: &str) -> Result<Option<(i64, Vec<FunctionInfo>)>, String> {
        let row: Option<(i64, String)> = self
            .connection
            .query_row(
                "SELECT saved_ms, list FROM function_cache WHERE place = ?1 AND LENGTH(list) <= ?2",
                params![place, MAX_CACHE_BYTES as i64],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .optional()
            .map_err(|e| e.to_string())?;
        Ok(row.and_then(|(saved_ms, list)| Some((saved_ms, serde_json::from_str(&list).ok()?))))
    }
}
