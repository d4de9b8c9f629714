//! Invocation history in the database: one row per finished invocation,
//! kept within a count and a size, newest first.

use rusqlite::{Row, params};

use super::Store;
use crate::history::{AsyncEnd, HistoryBounds, HistoryEntry, HistoryOutcome, MAX_KEPT_BODY, MAX_KEPT_PAYLOAD};
use crate::model::InvokeType;

/// Text fields longer than this in a row are not trusted (a hand-edited file).
const MAX_FIELD_BYTES: usize = 64 * 1024;

pub(super) const CREATE: &str = "CREATE TABLE IF NOT EXISTS history (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    place TEXT NOT NULL,
    function TEXT NOT NULL,
    qualifier TEXT,
    invoke_type TEXT NOT NULL,
    sent_ms INTEGER NOT NULL,
    elapsed_ms INTEGER,
    log_group TEXT NOT NULL,
    payload BLOB,
    client_context TEXT,
    async_end TEXT,
    failed TEXT,
    status_code INTEGER,
    request_id TEXT,
    executed_version TEXT,
    function_error TEXT,
    body BLOB,
    body_bytes INTEGER NOT NULL DEFAULT 0,
    log_tail TEXT NOT NULL DEFAULT '',
    throttle_retries INTEGER NOT NULL DEFAULT 0,
    bytes INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS history_by_place ON history (place, id);";

impl Store {
    /// Adds a finished invocation, then lets go of the oldest beyond the
    /// bounds, all in one transaction.
    pub fn record_invocation(&mut self, entry: &HistoryEntry, bounds: HistoryBounds) -> Result<(), String> {
        let (failed, status_code, request_id, executed_version, function_error, body, body_bytes, log_tail, retries) =
            match &entry.outcome {
                HistoryOutcome::Failed(error) => (Some(error.as_str()), None, None, None, None, None, 0, "", 0),
                HistoryOutcome::Answered {
                    status_code,
                    request_id,
                    executed_version,
                    function_error,
                    body,
                    body_bytes,
                    log_tail,
                    throttle_retries,
                } => (
                    None,
                    Some(*status_code),
                    request_id.as_deref(),
                    executed_version.as_deref(),
                    function_error.as_deref(),
                    body.as_deref(),
                    *body_bytes,
                    log_tail.as_str(),
                    *throttle_retries,
                ),
            };
        let bytes = entry.payload.as_ref().map_or(0, Vec::len) + body.map_or(0, <[u8]>::len) + log_tail.len();
        let transaction = self.connection.transaction().map_err(|e| e.to_string())?;
        transaction
            .execute(
                "INSERT INTO history (place, function, qualifier, invoke_type, sent_ms, elapsed_ms, log_group,
                     payload, failed, status_code, request_id, executed_version, function_error, body,
                     body_bytes, log_tail, throttle_retries, bytes, client_context, async_end)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20)",
                params![
                    entry.place,
                    entry.function,
                    entry.qualifier,
                    entry.invoke_type.short_name(),
                    entry.sent_ms,
                    entry.elapsed_ms,
                    entry.log_group,
                    entry.payload,
                    failed,
                    status_code,
                    request_id,
                    executed_version,
                    function_error,
                    body,
                    body_bytes as i64,
                    log_tail,
                    retries,
                    bytes as i64,
                    entry.client_context,
                    entry.async_end.as_ref().and_then(|end| serde_json::to_string(end).ok())
                ],
            )
            .map_err(|e| e.to_string())?;
        // The newest within both bounds stay, whatever place they belong to:
        // the bound is on the file the user keeps.
        transaction
            .execute(
                "DELETE FROM history WHERE id IN (
                     SELECT id FROM (
                         SELECT id, SUM(bytes) OVER (ORDER BY id DESC) AS total,
                                ROW_NUMBER() OVER (ORDER BY id DESC) AS newest
                         FROM history)
                     WHERE total > ?1 OR newest > ?2)",
                params![bounds.max_bytes as i64, bounds.max_invocations as i64],
            )
            .map_err(|e| e.to_string())?;
        transaction.commit().map_err(|e| e.to_string())
    }

    /// Writes how an Event invocation ended into its row.
    pub fn record_async_end(&mut self, place: &str, request_id: &str, end: &AsyncEnd) -> Result<(), String> {
        let text = serde_json::to_string(end).map_err(|e| e.to_string())?;
        self.connection
            .execute(
                "UPDATE history SET async_end = ?3 WHERE place = ?1 AND request_id = ?2",
                params![place, request_id, text],
            )
            .map(|_| ())
            .map_err(|e| e.to_string())
    }

    /// The id of the newest row: a load that runs beside new writes reads
    /// up to it, so nothing this run records comes back as an earlier run.
    pub fn newest_history_id(&self) -> Result<i64, String> {
        self.connection
            .query_row("SELECT COALESCE(MAX(id), 0) FROM history", [], |row| row.get(0))
            .map_err(|e| e.to_string())
    }

    /// The place's newest `limit` invocations up to row `up_to`, oldest
    /// first. A row that does not read as one a save writes (a hand-edited
    /// file) is left out.
    pub fn load_history(&self, place: &str, limit: usize, up_to: i64) -> Result<Vec<HistoryEntry>, String> {
        let mut statement = self
            .connection
            .prepare(
                "SELECT place, function, qualifier, invoke_type, sent_ms, elapsed_ms, log_group, payload, failed,
                        status_code, request_id, executed_version, function_error, body, body_bytes, log_tail,
                        throttle_retries, client_context, async_end
                 FROM history WHERE place = ?1 AND id <= ?3 ORDER BY id DESC LIMIT ?2",
            )
            .map_err(|e| e.to_string())?;
        let rows = statement
            .query_map(params![place, limit as i64, up_to], |row| Ok(entry_of(row)))
            .map_err(|e| e.to_string())?;
        let mut entries = Vec::new();
        for row in rows {
            match row.map_err(|e| e.to_string())? {
                Some(entry) => entries.push(entry),
                None => tracing::warn!("a history row that does not read was left out"),
            }
        }
        entries.reverse();
        Ok(entries)
    }
}

fn entry_of(row: &Row) -> Option<HistoryEntry> {
    let text = |i: usize| -> Option<String> { row.get::<_, String>(i).ok().filter(|t| t.len() <= MAX_FIELD_BYTES) };
    let optional_text = |i: usize| -> Option<Option<String>> {
        match row.get::<_, Option<String>>(i).ok()? {
            Some(t) if t.len() > MAX_FIELD_BYTES => None,
            other => Some(other),
        }
    };
    let blob = |i: usize, max: usize| -> Option<Option<Vec<u8>>> {
        match row.get::<_, Option<Vec<u8>>>(i).ok()? {
            Some(b) if b.len() > max => None,
            other => Some(other),
        }
    };
    let outcome = match optional_text(8)? {
        Some(error) => HistoryOutcome::Failed(error),
        None => HistoryOutcome::Answered {
            status_code: row.get(9).ok()?,
            request_id: optional_text(10)?,
            executed_version: optional_text(11)?,
            function_error: optional_text(12)?,
            body: blob(13, MAX_KEPT_BODY)?,
            body_bytes: row.get::<_, i64>(14).ok()?.max(0) as usize,
            log_tail: text(15)?,
            throttle_retries: row.get(16).ok()?,
        },
    };
    Some(HistoryEntry {
        place: text(0)?,
        function: text(1)?,
        qualifier: optional_text(2)?,
        invoke_type: InvokeType::parse_kept(&text(3)?)?,
        sent_ms: row.get(4).ok()?,
        elapsed_ms: row.get(5).ok()?,
        log_group: text(6)?,
        payload: blob(7, MAX_KEPT_PAYLOAD)?,
        client_context: optional_text(17)?,
        // An end that does not read is left out; the row still is one.
        async_end: optional_text(18)?.and_then(|text| serde_json::from_str(&text).ok()),
        outcome,
    })
}
