//! Records the git commit the binary is built from, for `--version`
//! (`unknown` outside a git checkout, as in a crate from the registry).

use std::process::Command;

fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git").args(args).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

fn main() {
    let commit = git(&["rev-parse", "--short=12", "HEAD"]).filter(|c| !c.is_empty());
    let dirty = git(&["status", "--porcelain", "--untracked-files=no"]).is_some_and(|s| !s.is_empty());
    let text = match commit {
        Some(commit) if dirty => format!("{commit}, with uncommitted changes"),
        Some(commit) => commit,
        None => "unknown".into(),
    };
    println!("cargo:rustc-env=LAMBDA_CONSOLE_COMMIT={text}");
    // A new commit moves HEAD or its branch; an edit changes the index or
    // the sources.
    if let Some(git_dir) = git(&["rev-parse", "--git-dir"]) {
        for path in ["HEAD", "index", "packed-refs"] {
            println!("cargo:rerun-if-changed={git_dir}/{path}");
        }
        if let Some(branch) = git(&["symbolic-ref", "-q", "HEAD"]) {
            println!("cargo:rerun-if-changed={git_dir}/{branch}");
        }
    }
    for path in ["src", "assets", "Cargo.toml", "Cargo.lock", "benches", "tests"] {
        println!("cargo:rerun-if-changed={path}");
    }
}
