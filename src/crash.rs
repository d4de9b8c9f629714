//! What a crash leaves behind: a short report in the data directory, with
//! the panic's message and place, and nothing of the user's payloads,
//! responses or credentials.

use std::path::{Path, PathBuf};

/// The report's text: where the panic happened and this build. Not the
/// panic's message: Rust's messages can quote the data in hand (a payload,
/// a response), so the message goes only to the terminal that saw the crash.
pub fn report(location: Option<String>) -> String {
    format!(
        "lambda-console {} crashed at {} (Unix seconds).\nAt: {}\n\
         The panic's message was shown on the terminal only: it may quote your data.\n\
         Drafts are saved a few seconds after typing stops; the last seconds of typing may be missing.\n",
        env!("CARGO_PKG_VERSION"),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0),
        crate::sanitize::one_line(&location.unwrap_or_else(|| "unknown".into())),
    )
}

/// Writes `report` to a new file in `dir`, readable by its owner only.
pub fn write(dir: &Path, report: &str) -> Option<PathBuf> {
    use std::io::Write;
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis())
        .unwrap_or(0);
    let path = dir.join(format!("crash-{stamp}-{}.txt", std::process::id()));
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = std::fs::create_dir_all(dir)
        .ok()
        .and_then(|_| options.open(&path).ok())?;
    file.write_all(report.as_bytes()).ok()?;
    Some(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_is_short_safe_and_private() {
        let text = report(Some("src/app/mod.rs:10:5".into()));
        assert!(text.len() < 800, "{}", text.len());
        assert!(text.contains("src/app/mod.rs:10:5"));
        assert!(text.contains("message was shown on the terminal only"));
        let dir = std::env::temp_dir().join(format!("lambda-console-crash-{}", std::process::id()));
        let path = write(&dir, &text).unwrap();
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
