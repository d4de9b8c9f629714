//! Payload drafts kept on disk between runs, one per function.

use std::collections::BTreeMap;
use std::io;
use std::path::Path;

/// Drafts by function ARN (so the same name in two accounts or on the local
/// endpoint keeps two drafts).
#[derive(Debug, Default, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Drafts {
    pub by_function: BTreeMap<String, String>,
}

impl Drafts {
    /// Reads the drafts; a missing file is no drafts, an unreadable one is
    /// reported and left in place for the user to look at.
    pub fn load(path: &Path) -> Result<Drafts, String> {
        match std::fs::read_to_string(path) {
            Ok(text) => serde_json::from_str(&text).map_err(|e| format!("{} is not readable: {e}", path.display())),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Drafts::default()),
            Err(e) => Err(format!("cannot read {}: {e}", path.display())),
        }
    }

    /// Writes atomically: a crash mid-write never leaves half a file.
    pub fn save(&self, path: &Path) -> io::Result<()> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let temporary = path.with_extension("json.tmp");
        std::fs::write(&temporary, serde_json::to_vec_pretty(self)?)?;
        std::fs::rename(&temporary, path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drafts_survive_a_round_trip_and_bad_files_are_reported() {
        let dir = std::env::temp_dir().join(format!("lambda-console-store-{}", std::process::id()));
        let path = dir.join("drafts.json");
        assert_eq!(Drafts::load(&path).unwrap(), Drafts::default());
        let mut drafts = Drafts::default();
        drafts.by_function.insert(
            "arn:aws:lambda:us-east-1:1:function:a".into(),
            "{\n  \"x\": 1\n}".into(),
        );
        drafts.save(&path).unwrap();
        assert_eq!(Drafts::load(&path).unwrap(), drafts);
        std::fs::write(&path, "{ not json").unwrap();
        assert!(Drafts::load(&path).unwrap_err().contains("not readable"));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
