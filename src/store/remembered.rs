//! What the console remembers of where the user was, per place (an AWS
//! profile, region and endpoint, or the local endpoint): the selected
//! function, the invocation type, each function's qualifier, and the logs'
//! range and pattern. Saved with the drafts; two consoles on one place keep
//! whichever saved last.

use std::collections::BTreeMap;

use rusqlite::params;

use super::Store;

/// Names the place the remembered state belongs to.
pub fn place_of(info: &crate::model::ConnectionInfo, local: bool) -> String {
    if local {
        // The local endpoint's port changes between runs; its functions do not.
        return "local".into();
    }
    format!(
        "profile={} region={} endpoint={}",
        info.profile.as_deref().unwrap_or(""),
        info.region.as_deref().unwrap_or(""),
        info.endpoint.as_deref().unwrap_or("")
    )
}

/// A place as a person reads it: `profile prod in eu-west-1`.
pub fn describe_place(place: &str) -> String {
    if place == "local" {
        return "the embedded endpoint".into();
    }
    let field = |name: &str| {
        place
            .split(' ')
            .find_map(|part| part.strip_prefix(name))
            .filter(|v| !v.is_empty())
    };
    let mut text = format!(
        "profile {} in {}",
        field("profile=").unwrap_or("default"),
        field("region=").unwrap_or("its region")
    );
    if let Some(endpoint) = field("endpoint=") {
        text.push_str(&format!(" at {endpoint}"));
    }
    crate::sanitize::one_line(&text)
}

#[derive(Debug, Default, Clone, PartialEq)]
pub struct Remembered {
    pub selected_function: Option<String>,
    /// As `InvokeType::short_name` writes it.
    pub invoke_type: Option<String>,
    /// Function name to qualifier, for those not on $LATEST.
    pub qualifiers: BTreeMap<String, String>,
    /// Function name to its client context (JSON as typed).
    pub client_contexts: BTreeMap<String, String>,
    /// As `TimeRange::as_typed` writes it.
    pub logs_range: Option<String>,
    pub logs_pattern: String,
}

/// Bounds on what one place keeps, whatever the app hands over.
const MAX_QUALIFIERS: usize = 10_000;
const MAX_VALUE_BYTES: usize = 4_096;

const QUALIFIER_PREFIX: &str = "qualifier:";
const CLIENT_CONTEXT_PREFIX: &str = "client_context:";

impl Store {
    /// What `place` remembers. A row that is not text, or is over the bound
    /// a save keeps to (a hand-edited file), is left out, not trusted.
    pub fn load_remembered(&self, place: &str) -> Result<Remembered, String> {
        use rusqlite::types::Value;
        let mut statement = self
            .connection
            .prepare("SELECT key, value FROM remembered WHERE place = ?1")
            .map_err(|e| e.to_string())?;
        let rows = statement
            .query_map(params![place], |row| {
                Ok((row.get::<_, Value>(0)?, row.get::<_, Value>(1)?))
            })
            .map_err(|e| e.to_string())?;
        let mut remembered = Remembered::default();
        for row in rows {
            let (Value::Text(key), Value::Text(value)) = row.map_err(|e| e.to_string())? else {
                tracing::warn!("a remembered row that is not text was left out");
                continue;
            };
            if key.len() > MAX_VALUE_BYTES || value.len() > MAX_VALUE_BYTES {
                tracing::warn!("a remembered row over {MAX_VALUE_BYTES} bytes was left out");
                continue;
            }
            match key.as_str() {
                "selected_function" => remembered.selected_function = Some(value),
                "invoke_type" => remembered.invoke_type = Some(value),
                "logs_range" => remembered.logs_range = Some(value),
                "logs_pattern" => remembered.logs_pattern = value,
                _ => {
                    if let Some(function) = key.strip_prefix(QUALIFIER_PREFIX)
                        && remembered.qualifiers.len() < MAX_QUALIFIERS
                    {
                        remembered.qualifiers.insert(function.to_string(), value);
                    } else if let Some(function) = key.strip_prefix(CLIENT_CONTEXT_PREFIX)
                        && remembered.client_contexts.len() < MAX_QUALIFIERS
                    {
                        remembered.client_contexts.insert(function.to_string(), value);
                    }
                }
            }
        }
        Ok(remembered)
    }

    /// Replaces what `place` remembers, in one transaction.
    pub fn save_remembered(&mut self, place: &str, remembered: &Remembered) -> Result<(), String> {
        let mut rows: Vec<(String, String)> = Vec::new();
        let mut put = |key: String, value: &str| {
            if value.len() <= MAX_VALUE_BYTES && key.len() <= MAX_VALUE_BYTES {
                rows.push((key, value.to_string()));
            }
        };
        if let Some(function) = &remembered.selected_function {
            put("selected_function".into(), function);
        }
        if let Some(kind) = &remembered.invoke_type {
            put("invoke_type".into(), kind);
        }
        if let Some(range) = &remembered.logs_range {
            put("logs_range".into(), range);
        }
        if !remembered.logs_pattern.is_empty() {
            put("logs_pattern".into(), &remembered.logs_pattern);
        }
        for (function, qualifier) in remembered.qualifiers.iter().take(MAX_QUALIFIERS) {
            put(format!("{QUALIFIER_PREFIX}{function}"), qualifier);
        }
        for (function, context) in remembered.client_contexts.iter().take(MAX_QUALIFIERS) {
            put(format!("{CLIENT_CONTEXT_PREFIX}{function}"), context);
        }
        let transaction = self.connection.transaction().map_err(|e| e.to_string())?;
        transaction
            .execute("DELETE FROM remembered WHERE place = ?1", params![place])
            .map_err(|e| e.to_string())?;
        for (key, value) in rows {
            transaction
                .execute(
                    "INSERT INTO remembered (place, key, value) VALUES (?1, ?2, ?3)",
                    params![place, key, value],
                )
                .map_err(|e| e.to_string())?;
        }
        transaction.commit().map_err(|e| e.to_string())
    }
}
