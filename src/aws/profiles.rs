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

/// The region the SDK will use for `profile` (None: the default profile),
/// worked out without the network: asked for, else AWS_REGION, else
/// AWS_DEFAULT_REGION, else the profile's `region` in the config file. It
/// names the place a profile's state is kept under, whichever way it was
/// reached.
pub fn effective_region(profile: Option<&str>, requested: Option<&str>) -> Option<String> {
    let env = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    if let Some(region) = requested {
        return Some(region.to_string());
    }
    env("AWS_REGION").or_else(|| env("AWS_DEFAULT_REGION")).or_else(|| {
        let path = home_file("AWS_CONFIG_FILE", "config")?;
        if std::fs::metadata(&path).ok()?.len() > MAX_FILE_BYTES {
            return None;
        }
        region_in(&std::fs::read_to_string(path).ok()?, profile.unwrap_or("default"))
    })
}

/// The `region` of one profile's section in a config file's text.
fn region_in(text: &str, profile: &str) -> Option<String> {
    let mut inside = false;
    for line in text.lines() {
        let line = line.trim();
        if let Some(inner) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            let inner = inner.trim();
            let name = inner.strip_prefix("profile ").map(str::trim).unwrap_or(inner);
            inside = name == profile && (inner.starts_with("profile ") || inner == "default");
            continue;
        }
        if inside
            && let Some((key, value)) = line.split_once('=')
            && key.trim() == "region"
        {
            let value = value.trim();
            return (!value.is_empty() && value.len() <= 32).then(|| value.to_string());
        }
    }
    None
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
        assert_eq!(region_in(config, "default").as_deref(), Some("eu-west-1"));
        assert_eq!(
            region_in("[profile prod]\nregion = us-east-2\n", "prod").as_deref(),
            Some("us-east-2")
        );
        assert_eq!(region_in(config, "prod"), None);
    }
}
