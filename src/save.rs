//! Writing a response body to a file the user asked for: always a new file,
//! never through a link, never over an earlier one.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Tries `name.ext`, then `name-1.ext`, `name-2.ext`... up to this many.
const MAX_SUFFIX: u32 = 999;

/// Writes `bytes` to `path`, or to the first free `stem-N.ext` beside it.
/// The file is created new (O_EXCL), so an existing file or a symlink
/// planted at the name is never written through.
pub fn write_new_file(path: &Path, bytes: &[u8]) -> Result<PathBuf, String> {
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("response")
        .to_string();
    let extension = path
        .extension()
        .and_then(|s| s.to_str())
        .map(|e| format!(".{e}"))
        .unwrap_or_default();
    for n in 0..=MAX_SUFFIX {
        let candidate = if n == 0 {
            path.to_path_buf()
        } else {
            path.with_file_name(format!("{stem}-{n}{extension}"))
        };
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        // A response can hold anything: its owner's only, like the log.
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        match options.open(&candidate) {
            Ok(mut file) => {
                return file
                    .write_all(bytes)
                    .and_then(|()| file.sync_all())
                    .map(|()| candidate)
                    .map_err(|e| e.to_string());
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e.to_string()),
        }
    }
    Err(format!(
        "{} and {MAX_SUFFIX} others like it exist already",
        path.display()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_existing_file_or_a_planted_link_is_never_written_through() {
        let dir = std::env::temp_dir().join(format!("lambda-console-save-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("response-abc.json");
        assert_eq!(write_new_file(&path, b"one").unwrap(), path);
        let second = write_new_file(&path, b"two").unwrap();
        assert_eq!(second, dir.join("response-abc-1.json"));
        assert_eq!(std::fs::read(&path).unwrap(), b"one", "the first is not overwritten");
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        let target = dir.join("victim");
        std::fs::write(&target, "keep me").unwrap();
        let link = dir.join("response-def.json");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let saved = write_new_file(&link, b"attack").unwrap();
        assert_eq!(saved, dir.join("response-def-1.json"));
        assert_eq!(
            std::fs::read_to_string(&target).unwrap(),
            "keep me",
            "the link is not followed"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
