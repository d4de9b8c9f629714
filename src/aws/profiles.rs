//! The profile names in the AWS config and credentials files, for the
//! command line's completion (the SDK resolves the profile itself).

use std::path::PathBuf;

/// Profiles listed at most: a file is the user's own, but bounded all the same.
const MAX_PROFILES: usize = 1_000;
/// A config file over this is not read for names.
const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

fn home_file(variable: &str, name: &str) -> Option<PathBuf> {
    std::env::var_os(variable)
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".aws").join(name)))
}

/// Names from `[profile NAME]` (and `[default]`) in the config file and
/// `[NAME]` in the credentials file, sorted, without repeats.
pub fn profile_names() -> Vec<String> {
    let mut names = Vec::new();
    for (variable, name, prefixed) in [
        ("AWS_CONFIG_FILE", "config", true),
        ("AWS_SHARED_CREDENTIALS_FILE", "credentials", false),
    ] {
        let Some(path) = home_file(variable, name) else {
            continue;
        };
        if std::fs::metadata(&path)
            .map(|m| m.len() > MAX_FILE_BYTES)
            .unwrap_or(true)
        {
            continue;
        }
        if let Ok(text) = std::fs::read_to_string(&path) {
            names.extend(sections(&text, prefixed));
        }
    }
    names.sort();
    names.dedup();
    names.truncate(MAX_PROFILES);
    names
}

/// Profile sections of one file: in the config file `[profile NAME]` and
/// `[default]` (not `[sso-session …]` or `[services …]`).
fn sections(text: &str, config_file: bool) -> Vec<String> {
    text.lines()
        .filter_map(|line| {
            let inner = line.trim().strip_prefix('[')?.strip_suffix(']')?.trim();
            let name = if config_file {
                match inner.strip_prefix("profile ") {
                    Some(name) => name.trim(),
                    None if inner == "default" => inner,
                    None => return None,
                }
            } else {
                inner
            };
            let usable = !name.is_empty() && name.len() <= 128 && name.chars().all(|c| c.is_ascii_graphic());
            usable.then(|| name.to_string())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profile_sections_are_found_in_both_files() {
        let config = "[default]\nregion = eu-west-1\n[profile prod]\n[sso-session corp]\n[services local]\n[profile  staging ]\n";
        assert_eq!(sections(config, true), ["default", "prod", "staging"]);
        let credentials = "[default]\naws_access_key_id = x\n[ci]\n[bad name]\n";
        assert_eq!(sections(credentials, false), ["default", "ci"]);
    }
}
