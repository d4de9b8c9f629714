//! The user's own data: one SQLite database in the data directory, mode
//! 0600, written in transactions, so a save killed midway leaves the last
//! good state. A damaged database is moved aside and reported, never lost
//! silently and never in the way of a new one.

mod drafts;
mod events;
mod function_cache;
mod history;
mod remembered;
mod worker;

pub use drafts::Drafts;
pub use remembered::{Remembered, describe_place, place_of};
pub use worker::{StoreRequest, spawn_worker};

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

/// Another console may be writing: wait this long for its transaction.
const BUSY_TIMEOUT: Duration = Duration::from_secs(3);
const FILE_NAME: &str = "lambda-console.db";
/// Bumped with each change of the tables below.
const SCHEMA_VERSION: i64 = 5;

/// Where drafts, logs, crash reports and extracted samples live: the user's
/// local data directory.
pub fn data_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "lambda-console").map(|dirs| dirs.data_local_dir().to_path_buf())
}

pub struct Store {
    connection: Connection,
    path: PathBuf,
}

/// What opening the store found worth telling the user.
pub type Notices = Vec<String>;

impl Store {
    /// Opens (or creates) the database in `dir`. A damaged one is moved
    /// aside and a new one made, with a notice saying where the old one went.
    pub fn open(dir: &Path) -> Result<(Store, Notices), String> {
        create_private_dir(dir)?;
        let path = dir.join(FILE_NAME);
        let mut notices = Vec::new();
        let connection = match Store::connect(&path) {
            Ok(connection) => connection,
            // Only a damaged file is moved aside: a newer schema, a full disk
            // or a permission error is said as it is, and the file left be.
            Err(Opening::Damaged(reason)) if path.exists() => {
                let aside = move_aside(&path)?;
                notices.push(format!(
                    "Database damaged, moved to {} ({reason}); started anew.",
                    aside.display()
                ));
                Store::connect(&path).map_err(|e| format!("cannot create {}: {}", path.display(), e.reason()))?
            }
            Err(error) => return Err(format!("cannot open {}: {}", path.display(), error.reason())),
        };
        let mut store = Store { connection, path };
        notices.extend(store.import_drafts_file(dir));
        Ok((store, notices))
    }

    /// Opens, checks and migrates the database at `path`.
    fn connect(path: &Path) -> Result<Connection, Opening> {
        let existed = path.exists();
        let connection = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(Opening::from)?;
        if !existed {
            make_private(path).map_err(Opening::Other)?;
        }
        connection.busy_timeout(BUSY_TIMEOUT).map_err(Opening::from)?;
        let check: String = connection
            .query_row("PRAGMA quick_check", [], |row| row.get(0))
            .map_err(Opening::from)?;
        if check != "ok" {
            return Err(Opening::Damaged(check));
        }
        // WAL lets a second console read while one writes; FULL syncs each
        // transaction, so a saved draft survives a power cut.
        connection
            .execute_batch("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;")
            .map_err(Opening::from)?;
        migrate(&connection).map_err(Opening::Other)?;
        Ok(connection)
    }

    /// A second connection to a database `open` has already checked and
    /// migrated, for the worker that saves events off the UI thread.
    pub fn reopen(path: &Path) -> Result<Store, String> {
        let connection = Store::connect(path).map_err(|e| format!("cannot open {}: {}", path.display(), e.reason()))?;
        Ok(Store {
            connection,
            path: path.to_path_buf(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

pub(crate) fn now_millis() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

/// Why a database did not open: damaged (moved aside), or anything else
/// (left alone).
enum Opening {
    Damaged(String),
    Other(String),
}

impl Opening {
    fn reason(&self) -> &str {
        match self {
            Opening::Damaged(reason) | Opening::Other(reason) => reason,
        }
    }
}

impl From<rusqlite::Error> for Opening {
    fn from(error: rusqlite::Error) -> Opening {
        use rusqlite::ErrorCode::{DatabaseCorrupt, NotADatabase};
        match error.sqlite_error_code() {
            Some(DatabaseCorrupt | NotADatabase) => Opening::Damaged(error.to_string()),
            _ => Opening::Other(error.to_string()),
        }
    }
}

const DRAFTS: &str = "CREATE TABLE IF NOT EXISTS drafts (
                     function_key TEXT PRIMARY KEY,
                     text TEXT NOT NULL,
                     updated_ms INTEGER NOT NULL
                 );";
const REMEMBERED: &str = "CREATE TABLE IF NOT EXISTS remembered (
                     place TEXT NOT NULL,
                     key TEXT NOT NULL,
                     value TEXT NOT NULL,
                     PRIMARY KEY (place, key)
                 );";
const SAVED_EVENTS: &str = "CREATE TABLE IF NOT EXISTS saved_events (
                     place TEXT NOT NULL,
                     function TEXT NOT NULL,
                     name TEXT NOT NULL,
                     body TEXT NOT NULL,
                     updated_ms INTEGER NOT NULL,
                     PRIMARY KEY (place, function, name)
                 );";
const FUNCTION_CACHE: &str = "CREATE TABLE IF NOT EXISTS function_cache (
                     place TEXT PRIMARY KEY,
                     saved_ms INTEGER NOT NULL,
                     list TEXT NOT NULL
                 );";

fn migrate(connection: &Connection) -> Result<(), String> {
    let version: i64 = connection
        .query_row("PRAGMA user_version", [], |row| row.get(0))
        .map_err(|e| e.to_string())?;
    if version > SCHEMA_VERSION {
        return Err(format!(
            "it was written by a newer lambda-console (schema {version}, this one knows {SCHEMA_VERSION})"
        ));
    }
    // Each step, in order, in a transaction that also records it.
    let steps: [(i64, String); 5] = [
        (1, DRAFTS.to_string()),
        (2, REMEMBERED.to_string()),
        (3, SAVED_EVENTS.to_string()),
        (4, history::CREATE.to_string()),
        (5, FUNCTION_CACHE.to_string()),
    ];
    for (step, sql) in steps {
        if version < step {
            connection
                .execute_batch(&format!("BEGIN; {sql} PRAGMA user_version = {step}; COMMIT;"))
                .map_err(|e| e.to_string())?;
        }
    }
    Ok(())
}

/// The data directory, readable by its owner only.
fn create_private_dir(dir: &Path) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
            .map_err(|e| format!("cannot protect {}: {e}", dir.display()))?;
    }
    Ok(())
}

fn make_private(path: &Path) -> Result<(), String> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))
            .map_err(|e| format!("cannot protect {}: {e}", path.display()))?;
    }
    Ok(())
}

/// Renames a damaged file out of the way, to a name of its own.
pub(crate) fn move_aside(path: &Path) -> Result<PathBuf, String> {
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
    let aside = path.with_file_name(format!("{name}.damaged-{stamp}-{}", std::process::id()));
    std::fs::rename(path, &aside).map_err(|e| format!("cannot move {} aside: {e}", path.display()))?;
    // Whatever mode the damaged file had, it holds the user's drafts.
    let _ = make_private(&aside);
    for suffix in ["-wal", "-shm"] {
        let side = path.with_file_name(format!("{name}{suffix}"));
        if side.exists() {
            let side_aside = aside.with_file_name(format!("{name}{suffix}.damaged-{stamp}"));
            if std::fs::rename(&side, &side_aside).is_ok() {
                let _ = make_private(&side_aside);
            }
        }
    }
    Ok(aside)
}

#[cfg(test)]
mod tests;
