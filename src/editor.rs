//! The user's own editor for the payload: `$VISUAL`, then `$EDITOR`, then
//! `vi`, on a private temporary `.json` file. The caller gives the terminal
//! up first and takes it back after.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// A file over this is not loaded: no payload Lambda takes is larger.
pub const MAX_FILE_BYTES: u64 = 6 * 1024 * 1024;

/// What came back from the editor.
#[derive(Debug, Clone, PartialEq)]
pub enum Edited {
    Changed(String),
    Unchanged,
}

/// The editor command the user chose, as the shell will run it.
pub fn editor_command() -> String {
    ["VISUAL", "EDITOR"]
        .iter()
        .filter_map(|name| std::env::var(name).ok())
        .find(|value| !value.trim().is_empty())
        .unwrap_or_else(|| "vi".into())
}

/// Writes `text` to a new private file, runs the editor on it, and reads it
/// back. An editor that fails, or a file that is gone, too big or not
/// UTF-8, is an error that says so; the file is removed either way.
pub fn edit(text: &str, function: Option<&str>) -> Result<Edited, String> {
    let path = new_private_file(function, text)?;
    let result = run_editor(&path).and_then(|()| read_back(&path));
    let _ = std::fs::remove_file(&path);
    let edited = result?;
    // Editors end a file with a newline the payload did not have.
    let edited = edited.strip_suffix('\n').unwrap_or(&edited);
    Ok(if edited == text {
        Edited::Unchanged
    } else {
        Edited::Changed(edited.to_string())
    })
}

fn run_editor(path: &Path) -> Result<(), String> {
    let editor = editor_command();
    // Through the shell, as git does: EDITOR may carry arguments ("code -w").
    let mut child = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$1\""))
        .arg("lambda-console-editor")
        .arg(path)
        .spawn()
        .map_err(|e| format!("the editor could not be started ({e})"))?;
    // Ctrl-C in an editor that leaves the terminal cooked reaches the whole
    // process group: it is the editor's to answer, not a reason for the
    // console to die. (Ignored only after the spawn, so the editor keeps
    // the default.)
    let ignored = IgnoredInterrupts::new();
    let status = child.wait();
    drop(ignored);
    let status = status.map_err(|e| format!("the editor could not be waited for ({e})"))?;
    match status.code() {
        Some(0) => Ok(()),
        Some(127) => Err(format!("the editor `{editor}` was not found (status 127)")),
        Some(code) => Err(format!("the editor `{editor}` exited with status {code}")),
        None => Err(format!("the editor `{editor}` was ended by a signal")),
    }
}

/// Reads what the editor left, if it is still a regular file: a symlink to
/// /dev/zero or a FIFO put in its place is refused, and no more than the
/// bound is read whatever the file claims.
fn read_back(path: &Path) -> Result<String, String> {
    use std::io::Read;
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NOFOLLOW | libc::O_NONBLOCK);
    let file = options
        .open(path)
        .map_err(|e| format!("the edited file could not be opened ({e}; a link is not followed)"))?;
    let metadata = file
        .metadata()
        .map_err(|e| format!("the edited file could not be read ({e})"))?;
    if !metadata.is_file() {
        return Err("the editor left something other than a file in its place".into());
    }
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("the edited file could not be read ({e})"))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(format!(
            "the edited file is over {MAX_FILE_BYTES} bytes, the most a payload can be"
        ));
    }
    String::from_utf8(bytes)
        .map_err(|e| format!("the edited file is not UTF-8 (byte {})", e.utf8_error().valid_up_to()))
}

/// A new file only this user can read, named for the function, so the
/// editor's title says whose payload it is.
fn new_private_file(function: Option<&str>, text: &str) -> Result<PathBuf, String> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let name: String = function
        .unwrap_or("payload")
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
        .take(64)
        .collect();
    // Random, so another local user cannot take the name first.
    let path = std::env::temp_dir().join(format!(
        "lambda-console-{}-{}-{}-{name}.json",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed),
        uuid::Uuid::new_v4().simple()
    ));
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options
        .open(&path)
        .map_err(|e| format!("cannot create {} ({e})", path.display()))?;
    let written = file.write_all(text.as_bytes()).and_then(|()| file.write_all(b"\n"));
    if let Err(e) = written {
        let _ = std::fs::remove_file(&path);
        return Err(format!("cannot write {} ({e})", path.display()));
    }
    Ok(path)
}

/// SIGINT and SIGQUIT ignored while it lives, as they were after.
struct IgnoredInterrupts {
    #[cfg(unix)]
    previous: [libc::sighandler_t; 2],
}

impl IgnoredInterrupts {
    fn new() -> IgnoredInterrupts {
        // SAFETY: signal(2) with SIG_IGN installs no code; the previous
        // dispositions are put back on drop.
        #[cfg(unix)]
        unsafe {
            IgnoredInterrupts {
                previous: [
                    libc::signal(libc::SIGINT, libc::SIG_IGN),
                    libc::signal(libc::SIGQUIT, libc::SIG_IGN),
                ],
            }
        }
        #[cfg(not(unix))]
        IgnoredInterrupts {}
    }
}

impl Drop for IgnoredInterrupts {
    fn drop(&mut self) {
        // SAFETY: puts back the dispositions `new` found.
        #[cfg(unix)]
        unsafe {
            libc::signal(libc::SIGINT, self.previous[0]);
            libc::signal(libc::SIGQUIT, self.previous[1]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_regular_file_within_the_bound_is_read_back() {
        let dir = std::env::temp_dir().join(format!("lambda-console-editor-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let link = dir.join("link.json");
        let _ = std::fs::remove_file(&link);
        std::os::unix::fs::symlink("/dev/zero", &link).unwrap();
        assert!(read_back(&link).unwrap_err().contains("link is not followed"));
        let fifo = dir.join("fifo.json");
        let _ = std::fs::remove_file(&fifo);
        let name = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        // SAFETY: mkfifo(3) on a path we own.
        assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o600) }, 0);
        assert!(
            read_back(&fifo).unwrap_err().contains("other than a file"),
            "no hang on a FIFO"
        );
        let big = dir.join("big.json");
        std::fs::write(&big, vec![b' '; MAX_FILE_BYTES as usize + 1]).unwrap();
        assert!(read_back(&big).unwrap_err().contains("over"));
        std::fs::write(&big, "{\"ok\": 1}").unwrap();
        assert_eq!(read_back(&big).unwrap(), "{\"ok\": 1}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
