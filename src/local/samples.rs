//! The sample functions, embedded so that an installed binary has them too.

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

/// Writes the samples under `dir` (replacing older copies) and returns it.
/// The folder is its owner's only: what runs from it must be what the
/// binary carries, not what another user put there.
pub fn write_to(dir: &Path) -> io::Result<PathBuf> {
    std::fs::create_dir_all(dir)?;
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
    }
    for (path, text) in SAMPLES {
        let target = dir.join(path);
        std::fs::create_dir_all(target.parent().unwrap_or(dir))?;
        std::fs::write(&target, text)?;
        if path.ends_with("bootstrap") {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o755))?;
        }
    }
    Ok(dir.to_path_buf())
}
