//! What a crash leaves behind: a short report in the data directory, with
//! the panic's message and place, and nothing of the user's payloads,
//! responses or credentials.

use std::path::{Path, PathBuf};

/// A panic message is cut to this: enough to find the bug, too little to
/// carry a payload along.
const MESSAGE_LIMIT: usize = 300;

/// The report's text, from the panic's message and source location.
pub fn report(message: &str, location: Option<String>) -> String {
    let message: String = crate::sanitize::one_line(message).chars().take(MESSAGE_LIMIT).collect();
    format!(
        "lambda-console {} crashed at {} (Unix seconds).\nPanic: {message}\nAt: {}\n\
         Drafts are saved a few seconds after typing stops; the last seconds of typing may be missing.\n",
        env!("CARGO_PKG_VERSION"),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0),
        location.unwrap_or_else(|| "unknown".into()),
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
        let secret = format!("\x1b]0;x\x07{}", "AKIA-SECRET-PAYLOAD ".repeat(100));
        let text = report(&secret, Some("src/app/mod.rs:10:5".into()));
        assert!(!text.contains('\x1b') && !text.contains('\x07'));
        assert!(text.len() < 800, "the message is cut: {}", text.len());
        assert!(text.contains("src/app/mod.rs:10:5"));
        let dir = std::env::temp_dir().join(format!("lambda-console-crash-{}", std::process::id()));
        let path = write(&dir, &text).unwrap();
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
