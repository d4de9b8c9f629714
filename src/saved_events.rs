//! Saved test events: named payloads kept per function, as the web console's
//! Test tab keeps them. Plain data and the rules every saved event obeys,
//! shared by the state side, the store and its worker.

/// The largest event kept: what the web console and the Schemas registry
/// accept, a little under the 6 MB a synchronous invoke takes.
pub const MAX_EVENT_BYTES: usize = 6_144_000;
/// Events one function keeps; a save past this is refused with a message.
pub const MAX_EVENTS_PER_FUNCTION: usize = 1_000;
/// All of one function's private events together: what the picker holds
/// in memory at once.
pub const MAX_BYTES_PER_FUNCTION: usize = 64 * 1024 * 1024;
/// A shareable events schema larger than this is not read.
pub const MAX_SHARED_SCHEMA_BYTES: usize = 16 * 1024 * 1024;
/// The web console's rule for names, so a private event can be shared as is.
pub const MAX_NAME_CHARS: usize = 25;

/// Whose events: the place (the embedded endpoint, another endpoint, or
/// AWS) and the function's unqualified ARN, which names account and region;
/// and which collection: private (the database) or shareable (the account's
/// EventBridge Schemas registry, as the web console keeps them).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct EventOwner {
    pub place: String,
    pub function: String,
    pub shared: bool,
}

/// Names the place saved events belong to: the account is in the ARN, so
/// on AWS the place is only where the API answers.
pub fn events_place(info: &crate::model::ConnectionInfo, local: bool) -> String {
    match (&info.endpoint, local) {
        // The embedded endpoint's port changes between runs; its functions do not.
        (_, true) => "local".into(),
        (Some(endpoint), false) => format!("endpoint={endpoint}"),
        (None, false) => "aws".into(),
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct SavedEvent {
    pub name: String,
    pub body: String,
    pub updated_ms: i64,
}

/// Work for the store's worker; each answer is the function's events after it.
#[derive(Debug, Clone, PartialEq)]
pub enum EventsRequest {
    Load {
        owner: EventOwner,
    },
    /// `replace` is false when the user did not agree to replace an event
    /// of that name: one saved meanwhile (by another console) is kept.
    Save {
        owner: EventOwner,
        name: String,
        body: String,
        replace: bool,
    },
    Rename {
        owner: EventOwner,
        from: String,
        to: String,
    },
    Delete {
        owner: EventOwner,
        name: String,
    },
}

impl EventsRequest {
    pub fn owner(&self) -> &EventOwner {
        match self {
            EventsRequest::Load { owner }
            | EventsRequest::Save { owner, .. }
            | EventsRequest::Rename { owner, .. }
            | EventsRequest::Delete { owner, .. } => owner,
        }
    }

    /// What was asked, without the body, to say what came of it.
    pub fn change(&self) -> EventsChange {
        match self {
            EventsRequest::Load { .. } => EventsChange::Loaded,
            EventsRequest::Save { name, replace, .. } => EventsChange::Saved {
                name: name.clone(),
                replaced: *replace,
            },
            EventsRequest::Rename { from, to, .. } => EventsChange::Renamed {
                from: from.clone(),
                to: to.clone(),
            },
            EventsRequest::Delete { name, .. } => EventsChange::Deleted { name: name.clone() },
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum EventsChange {
    Loaded,
    Saved { name: String, replaced: bool },
    Renamed { from: String, to: String },
    Deleted { name: String },
}

/// Why the store refused a change.
#[derive(Debug, Clone, PartialEq)]
pub enum EventsRefusal {
    /// An event of that name exists (and replacing it was not agreed).
    Exists(String),
    /// The event to rename or delete is gone (another console deleted it).
    Missing(String),
    /// No permission to use the Schemas registry.
    Forbidden(String),
    /// The endpoint has no EventBridge Schemas API (moto, for one).
    Unavailable(String),
    /// Anything else: a bound, a full disk, a damaged database.
    Failed(String),
}

impl std::fmt::Display for EventsRefusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EventsRefusal::Exists(name) => write!(f, "an event named {name} exists"),
            EventsRefusal::Missing(name) => write!(f, "there is no event named {name} any more"),
            EventsRefusal::Forbidden(why) => write!(
                f,
                "you lack EventBridge Schemas permissions ({why}); private events still work"
            ),
            EventsRefusal::Unavailable(why) => {
                write!(
                    f,
                    "this endpoint has no EventBridge Schemas API ({why}); private events still work"
                )
            }
            EventsRefusal::Failed(why) => f.write_str(why),
        }
    }
}

/// Names are 1 to 25 letters, digits, dots, hyphens and underscores: the
/// web console's rule, which also keeps them one clean word on screen.
pub fn check_name(name: &str) -> Result<(), String> {
    if name.is_empty() {
        return Err("a name is needed".into());
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(format!("a name has at most {MAX_NAME_CHARS} characters"));
    }
    if let Some(bad) = name
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_')))
    {
        return Err(format!(
            "{} cannot be in a name: use ASCII letters, digits, dots, hyphens and underscores",
            crate::sanitize::one_line(&format!("`{bad}`"))
        ));
    }
    Ok(())
}

/// The body's size, refused over the bound with the figures.
pub fn check_body(body: &str) -> Result<(), String> {
    if body.len() > MAX_EVENT_BYTES {
        return Err(format!(
            "the payload is {} bytes; a saved event holds at most {MAX_EVENT_BYTES}",
            body.len()
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_the_web_consoles_rule() {
        assert!(check_name("order-created_2.v1").is_ok());
        assert!(check_name("").is_err());
        assert!(check_name(&"a".repeat(26)).unwrap_err().contains("25"));
        assert!(check_name("two words").unwrap_err().contains("` `"));
        assert!(check_name("x\u{1b}[2J").unwrap_err().contains("cannot be in a name"));
        assert!(check_body(&"x".repeat(MAX_EVENT_BYTES)).is_ok());
        assert!(
            check_body(&"x".repeat(MAX_EVENT_BYTES + 1))
                .unwrap_err()
                .contains("6144001 bytes")
        );
    }
}
