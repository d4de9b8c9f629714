//! The sample functions, embedded so that an installed binary has them too.
//! Their bootstraps run the binary itself as each sample (`native`), so
//! that `--local` needs no python; the python versions, a hand-written
//! runtime on the standard library, are written beside them as examples.

mod native;
mod runtime_client;

pub use native::{NATIVE_SAMPLES, run as run_native};

use std::io;
use std::path::{Path, PathBuf};

macro_rules! sample {
    ($path:literal) => {
        (
            $path,
            include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/functions/", $path)),
        )
    };
}

const SAMPLES: &[(&str, &str)] = &[
    sample!("_runtime/lambda_runtime.py"),
    sample!("echo/function.toml"),
    sample!("echo/bootstrap"),
    sample!("slow/function.toml"),
    sample!("slow/bootstrap"),
    sample!("flaky/function.toml"),
    sample!("flaky/bootstrap"),
    sample!("crash/function.toml"),
    sample!("crash/bootstrap"),
    sample!("chatty/function.toml"),
    sample!("chatty/bootstrap"),
    sample!("streamer/function.toml"),
    sample!("streamer/bootstrap"),
    sample!("web-api/function.toml"),
    sample!("web-api/bootstrap"),
];

/// How the samples' bootstraps run them.
#[derive(Debug, Clone, Copy)]
pub enum Bootstraps<'a> {
    /// `exec BINARY sample NAME`: no python needed. The binary is the
    /// console's own (LAMBDA_CONSOLE_EXE, set by the endpoint), else this
    /// path.
    Native(&'a Path),
    /// The python scripts in `assets/functions`.
    Python,
}

/// The running binary, as functions can exec it even after it has been
/// moved, replaced or deleted: `/proc/PID/exe`. None where there is no /proc.
pub fn running_binary() -> Option<PathBuf> {
    let path = PathBuf::from(format!("/proc/{}/exe", std::process::id()));
    path.exists().then_some(path)
}

/// A bootstrap that runs the console as sample `name`: the one given in
/// LAMBDA_CONSOLE_EXE, else `binary`. /bin/sh and the binary are named by
/// path, so nothing is looked up on PATH (nor python needed).
fn native_bootstrap(binary: &Path, name: &str) -> String {
    // The path is single-quoted, its own quotes as '\''; a path that is not
    // UTF-8 leaves the fallback to PATH.
    let fallback = match binary.to_str() {
        Some(path) if !path.ends_with(" (deleted)") => format!("'{}'", path.replace('\'', "'\\''")),
        _ => "lambda-console".to_string(),
    };
    format!(
        "#!/bin/sh\n\
         # The {name} sample, run natively by lambda-console. Rewritten at each\n\
         # start: copy the folder elsewhere (--functions DIR) to change it. Its\n\
         # python twin is {name}.py beside it, on the runtime in ../_runtime.\n\
         exe=${{LAMBDA_CONSOLE_EXE:-{fallback}}}\n\
         exec \"$exe\" sample {name}\n"
    )
}

/// Writes the samples under `dir` (replacing older copies) and returns it.
/// The folder is its owner's only: what runs from it must be what the
/// binary carries, not what another user put there. Each file goes in
/// through a new file and a rename, so a link planted in its place is
/// replaced, never followed.
pub fn write_to(dir: &Path, bootstraps: Bootstraps) -> io::Result<PathBuf> {
    let context = |path: &Path, e: io::Error| io::Error::new(e.kind(), format!("{}: {e}", path.display()));
    real_dir(dir).map_err(|e| context(dir, e))?;
    for (path, text) in SAMPLES {
        let target = dir.join(path);
        let folder = target.parent().unwrap_or(dir);
        real_dir(folder).map_err(|e| context(folder, e))?;
        let name = path.strip_suffix("/bootstrap");
        let written = match (name, bootstraps) {
            (Some(name), Bootstraps::Native(binary)) => {
                // The python twin, runnable by hand or as a bootstrap.
                let twin = target.with_file_name(format!("{name}.py"));
                replace_file(&twin, text, 0o755).map_err(|e| context(&twin, e))?;
                replace_file(&target, &native_bootstrap(binary, name), 0o755)
            }
            (Some(_), Bootstraps::Python) => replace_file(&target, text, 0o755),
            (None, _) => replace_file(&target, text, 0o644),
        };
        written.map_err(|e| context(&target, e))?;
    }
    Ok(dir.to_path_buf())
}

/// `dir` as a real folder of ours, 0700: a link in its place is removed.
fn real_dir(dir: &Path) -> io::Result<()> {
    use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
    if std::fs::symlink_metadata(dir).is_ok_and(|m| m.file_type().is_symlink()) {
        std::fs::remove_file(dir)?;
    }
    std::fs::DirBuilder::new().recursive(true).mode(0o700).create(dir)?;
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
}

/// Writes `text` to a new file beside `path` (never following a link),
/// then renames it over `path`.
fn replace_file(path: &Path, text: &str, mode: u32) -> io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
    // Most starts find the samples as they were: nothing is written then.
    let unchanged = std::fs::symlink_metadata(path)
        .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o7777 == mode)
        && std::fs::read(path).is_ok_and(|bytes| bytes == text.as_bytes());
    if unchanged {
        return Ok(());
    }
    let temporary = path.with_file_name(format!(
        ".{}.{}.new",
        path.file_name().and_then(|n| n.to_str()).unwrap_or("sample"),
        uuid::Uuid::new_v4().simple()
    ));
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(mode)
        .custom_flags(libc::O_NOFOLLOW)
        .open(&temporary)?;
    // No fsync: the folder is rewritten at each start, so a file cut short
    // by a crash is replaced by the next.
    if let Err(e) = file
        .write_all(text.as_bytes())
        .and_then(|()| std::fs::rename(&temporary, path))
    {
        let _ = std::fs::remove_file(&temporary);
        return Err(e);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_native_bootstrap_quotes_the_binarys_path_and_prefers_the_consoles_own() {
        let text = native_bootstrap(Path::new("/opt/it's here/$(x)/lambda-console"), "echo");
        assert!(text.starts_with("#!/bin/sh\n"), "{text}");
        assert!(
            text.contains("exe=${LAMBDA_CONSOLE_EXE:-'/opt/it'\\''s here/$(x)/lambda-console'}\n"),
            "{text}"
        );
        assert!(text.ends_with("exec \"$exe\" sample echo\n"), "{text}");
        let gone = native_bootstrap(Path::new("/opt/lambda-console (deleted)"), "echo");
        assert!(gone.contains("exe=${LAMBDA_CONSOLE_EXE:-lambda-console}"), "{gone}");
    }

    #[test]
    fn writing_the_samples_replaces_a_planted_link_instead_of_following_it() {
        let dir = std::env::temp_dir().join(format!("samples-links-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("echo")).unwrap();
        let victim = dir.join("victim");
        std::fs::write(&victim, "precious").unwrap();
        std::os::unix::fs::symlink(&victim, dir.join("echo/bootstrap")).unwrap();
        let elsewhere = dir.join("elsewhere");
        std::fs::create_dir_all(&elsewhere).unwrap();
        std::os::unix::fs::symlink(&elsewhere, dir.join("slow")).unwrap();
        write_to(&dir, Bootstraps::Native(Path::new("/bin/lambda-console"))).unwrap();
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
        assert!(
            !std::fs::symlink_metadata(dir.join("echo/bootstrap"))
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert!(
            std::fs::read_dir(&elsewhere).unwrap().next().is_none(),
            "nothing written through the link"
        );
        assert!(std::fs::symlink_metadata(dir.join("slow")).unwrap().is_dir());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
