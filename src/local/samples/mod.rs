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
];

/// How the samples' bootstraps run them.
#[derive(Debug, Clone, Copy)]
pub enum Bootstraps<'a> {
    /// `exec BINARY sample NAME`: no python needed.
    Native(&'a Path),
    /// The python scripts in `assets/functions`.
    Python,
}

/// A bootstrap that runs `binary` as sample `name`. /bin/sh is named by
/// path and the binary too, so nothing is looked up on PATH.
/// None when the path is not UTF-8 (its python twin serves then).
fn native_bootstrap(binary: &Path, name: &str) -> Option<String> {
    let quoted = binary.to_str()?.replace('\'', "'\\''");
    Some(format!(
        "#!/bin/sh\n# The {name} sample, run natively by lambda-console; its python twin is\n\
         # {name}.py beside it, on the python runtime in ../_runtime.\n\
         exec '{quoted}' sample {name}\n"
    ))
}

/// Writes the samples under `dir` (replacing older copies) and returns it.
/// The folder is its owner's only: what runs from it must be what the
/// binary carries, not what another user put there.
pub fn write_to(dir: &Path, bootstraps: Bootstraps) -> io::Result<PathBuf> {
    std::fs::create_dir_all(dir)?;
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
    }
    for (path, text) in SAMPLES {
        let target = dir.join(path);
        std::fs::create_dir_all(target.parent().unwrap_or(dir))?;
        let name = path.strip_suffix("/bootstrap");
        let native = match (name, bootstraps) {
            (Some(name), Bootstraps::Native(binary)) => native_bootstrap(binary, name),
            _ => None,
        };
        match (name, native) {
            (Some(name), Some(native)) => {
                std::fs::write(&target, native)?;
                // The python twin, runnable by hand or as a bootstrap.
                write_executable(&target.with_file_name(format!("{name}.py")), text)?;
            }
            _ => std::fs::write(&target, text)?,
        }
        if name.is_some() {
            set_executable(&target)?;
        }
    }
    Ok(dir.to_path_buf())
}

fn write_executable(path: &Path, text: &str) -> io::Result<()> {
    std::fs::write(path, text)?;
    set_executable(path)
}

fn set_executable(path: &Path) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_native_bootstrap_quotes_the_binarys_path() {
        let text = native_bootstrap(Path::new("/opt/it's here/lambda-console"), "echo").unwrap();
        assert!(text.starts_with("#!/bin/sh\n"), "{text}");
        assert!(
            text.ends_with("exec '/opt/it'\\''s here/lambda-console' sample echo\n"),
            "{text}"
        );
    }
}
