//! Saved test events in the database, one row per event. Every change is one
//! transaction that checks and writes, so a save killed midway leaves the
//! events as they were, and two consoles never half-overwrite each other.

use rusqlite::{OptionalExtension, Transaction, params};

use super::{Store, now_millis};
use crate::saved_events::{
    EventOwner, EventsRefusal, EventsRequest, MAX_BYTES_PER_FUNCTION, MAX_EVENT_BYTES, MAX_EVENTS_PER_FUNCTION,
    MAX_NAME_CHARS, SavedEvent, check_body, check_name,
};

fn failed(error: rusqlite::Error) -> EventsRefusal {
    EventsRefusal::Failed(error.to_string())
}

impl Store {
    /// The function's events by name. A row that is not text or is over the
    /// bounds a save keeps to (a hand-edited file) is left out, not trusted.
    pub fn saved_events(&self, owner: &EventOwner) -> Result<Vec<SavedEvent>, String> {
        use rusqlite::types::Value;
        let mut statement = self
            .connection
            .prepare(
                "SELECT name, body, updated_ms FROM saved_events WHERE place = ?1 AND function = ?2
                 ORDER BY name LIMIT ?3",
            )
            .map_err(|e| e.to_string())?;
        let rows = statement
            .query_map(
                params![owner.place, owner.function, MAX_EVENTS_PER_FUNCTION as i64],
                |row| {
                    Ok((
                        row.get::<_, Value>(0)?,
                        row.get::<_, Value>(1)?,
                        row.get::<_, Value>(2)?,
                    ))
                },
            )
            .map_err(|e| e.to_string())?;
        let mut events = Vec::new();
        let mut bytes = 0;
        for row in rows {
            let (Value::Text(name), Value::Text(body), updated) = row.map_err(|e| e.to_string())? else {
                tracing::warn!("a saved event that is not text was left out");
                continue;
            };
            if name.chars().count() > MAX_NAME_CHARS || body.len() > MAX_EVENT_BYTES {
                tracing::warn!("a saved event over the bounds was left out");
                continue;
            }
            // A save keeps within this; a hand-edited file may not.
            bytes += body.len();
            if bytes > MAX_BYTES_PER_FUNCTION {
                tracing::warn!("saved events past {MAX_BYTES_PER_FUNCTION} bytes were left out");
                break;
            }
            let updated_ms = match updated {
                Value::Integer(ms) => ms,
                _ => 0,
            };
            events.push(SavedEvent { name, body, updated_ms });
        }
        Ok(events)
    }

    /// Applies one change in one transaction, then answers with the
    /// function's events as they are after it.
    pub fn change_events(&mut self, request: &EventsRequest) -> Result<Vec<SavedEvent>, EventsRefusal> {
        if request.owner().shared {
            return Err(EventsRefusal::Failed(
                "shareable events live in the Schemas registry, not the database".into(),
            ));
        }
        let transaction = self.connection.transaction().map_err(failed)?;
        match request {
            EventsRequest::Load { .. } => {}
            EventsRequest::Save {
                owner,
                name,
                body,
                replace,
            } => save(&transaction, owner, name, body, *replace)?,
            EventsRequest::Rename { owner, from, to } => rename(&transaction, owner, from, to)?,
            EventsRequest::Delete { owner, name } => {
                let deleted = transaction
                    .execute(
                        "DELETE FROM saved_events WHERE place = ?1 AND function = ?2 AND name = ?3",
                        params![owner.place, owner.function, name],
                    )
                    .map_err(failed)?;
                if deleted == 0 {
                    return Err(EventsRefusal::Missing(name.clone()));
                }
            }
        }
        transaction.commit().map_err(failed)?;
        self.saved_events(request.owner()).map_err(EventsRefusal::Failed)
    }
}

fn exists(transaction: &Transaction, owner: &EventOwner, name: &str) -> Result<bool, EventsRefusal> {
    transaction
        .query_row(
            "SELECT 1 FROM saved_events WHERE place = ?1 AND function = ?2 AND name = ?3",
            params![owner.place, owner.function, name],
            |_| Ok(()),
        )
        .optional()
        .map(|found| found.is_some())
        .map_err(failed)
}

fn save(
    transaction: &Transaction,
    owner: &EventOwner,
    name: &str,
    body: &str,
    replace: bool,
) -> Result<(), EventsRefusal> {
    check_name(name).map_err(EventsRefusal::Failed)?;
    check_body(body).map_err(EventsRefusal::Failed)?;
    let others: i64 = transaction
        .query_row(
            "SELECT COALESCE(SUM(LENGTH(CAST(body AS BLOB))), 0) FROM saved_events
             WHERE place = ?1 AND function = ?2 AND name != ?3",
            params![owner.place, owner.function, name],
            |row| row.get(0),
        )
        .map_err(failed)?;
    if others as usize + body.len() > MAX_BYTES_PER_FUNCTION {
        return Err(EventsRefusal::Failed(format!(
            "this function's events would hold more than {} MB: delete some first",
            MAX_BYTES_PER_FUNCTION / (1024 * 1024)
        )));
    }
    if exists(transaction, owner, name)? {
        if !replace {
            return Err(EventsRefusal::Exists(name.to_string()));
        }
    } else {
        let count: i64 = transaction
            .query_row(
                "SELECT COUNT(*) FROM saved_events WHERE place = ?1 AND function = ?2",
                params![owner.place, owner.function],
                |row| row.get(0),
            )
            .map_err(failed)?;
        if count >= MAX_EVENTS_PER_FUNCTION as i64 {
            return Err(EventsRefusal::Failed(format!(
                "this function already keeps {MAX_EVENTS_PER_FUNCTION} events, the most it may: delete one first"
            )));
        }
    }
    transaction
        .execute(
            "INSERT INTO saved_events (place, function, name, body, updated_ms) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (place, function, name) DO UPDATE SET body = excluded.body, updated_ms = excluded.updated_ms",
            params![owner.place, owner.function, name, body, now_millis()],
        )
        .map_err(failed)?;
    Ok(())
}

fn rename(transaction: &Transaction, owner: &EventOwner, from: &str, to: &str) -> Result<(), EventsRefusal> {
    check_name(to).map_err(EventsRefusal::Failed)?;
    if from == to {
        return Ok(());
    }
    if exists(transaction, owner, to)? {
        return Err(EventsRefusal::Exists(to.to_string()));
    }
    let renamed = transaction
        .execute(
            "UPDATE saved_events SET name = ?4 WHERE place = ?1 AND function = ?2 AND name = ?3",
            params![owner.place, owner.function, from, to],
        )
        .map_err(failed)?;
    if renamed == 0 {
        return Err(EventsRefusal::Missing(from.to_string()));
    }
    Ok(())
}
