//! Records the git commit the binary is built from, for `--version`
//! (`unknown` outside its own git checkout, as in a crate from the
//! registry or a copy vendored inside another repository).

use std::path::Path;
use std::process::Command;

fn git(args: &[&str]) -> Option<String> {
    // No optional locks: a build must not hold the index while the user
    // runs git.
    let out = Command::new("git")
        .arg("--no-optional-locks")
        .args(args)
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

fn main() {
    let manifest = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default();
    let own_checkout = git(&["rev-parse", "--show-toplevel"])
        .and_then(|top| Path::new(&top).canonicalize().ok())
        .zip(Path::new(&manifest).canonicalize().ok())
        .is_some_and(|(top, manifest)| top == manifest);
    let commit = own_checkout
        .then(|| git(&["rev-parse", "--short=12", "HEAD"]))
        .flatten()
        .filter(|c| !c.is_empty());
    let dirty = git(&["status", "--porcelain"]).is_some_and(|s| !s.is_empty());
    let text = match commit {
        Some(commit) if dirty => format!("{commit}, with uncommitted changes"),
        Some(commit) => commit,
        None => "unknown".into(),
    };
    println!("cargo:rustc-env=LAMBDA_CONSOLE_COMMIT={text}");
    // Watched: what moves with a commit or an edit. Only paths that exist,
    // for cargo runs the script on every build while one is missing.
    let mut watched = vec![
        "src".to_string(),
        "assets".into(),
        "Cargo.toml".into(),
        "Cargo.lock".into(),
    ];
    if own_checkout {
        for name in ["HEAD", "index", "packed-refs"] {
            if let Some(path) = git(&["rev-parse", "--git-path", name]) {
                watched.push(path);
            }
        }
        if let Some(path) = git(&["symbolic-ref", "-q", "HEAD"]).and_then(|r| git(&["rev-parse", "--git-path", &r])) {
            watched.push(path);
        }
    }
    for path in watched.iter().filter(|p| Path::new(p).exists()) {
        println!("cargo:rerun-if-changed={path}");
    }
}
