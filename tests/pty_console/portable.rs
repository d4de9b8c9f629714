//! `--local` on a host without python: the samples run as the binary itself.

use std::time::Duration;

use super::filter_to_sample;
use super::support::pty::Console;

/// PATH names an empty folder, so `/usr/bin/env python3` finds nothing: the
/// samples answer only if their bootstraps need nothing but /bin/sh and the
/// binary.
#[test]
fn local_needs_no_python_on_path() {
    let empty = std::env::temp_dir().join(format!("lambda-console-empty-path-{}", std::process::id()));
    std::fs::create_dir_all(&empty).unwrap();
    let path = empty.to_str().unwrap();
    let status = std::process::Command::new("/usr/bin/env")
        .arg("python3")
        .arg("--version")
        .env("PATH", path)
        .status();
    assert!(
        !status.is_ok_and(|s| s.success()),
        "python3 must not be found on this PATH"
    );
    let mut console = Console::start(&["--local"], &[("PATH", path)]);
    filter_to_sample(&mut console, "echo");
    console.send("2");
    console.type_text(r#"{"no": "python"}"#);
    console.send("\x12");
    let screen = console.wait_for("Billed");
    assert!(screen.contains(r#""no": "python""#), "{screen}");
    assert!(screen.contains("echo: 16 bytes for"), "echo's own line: {screen}");
    console.send_esc();
    console.send("1");
    console.send("/");
    console.send("\x15");
    console.type_text("flaky");
    console.wait_for("Functions 1/7");
    console.send("\r");
    console.send("2");
    console.send("\x01\x0b");
    console.type_text(r#"{"fail": true}"#);
    console.send("\x12");
    let screen = console.wait_for("FlakyError");
    assert!(screen.contains("failed as asked"), "{screen}");
    console.send_esc();
    console.send("q");
    assert_eq!(console.wait_exit(Duration::from_secs(10)), 0);
}

/// `--version` names the commit the binary was built from, and the manual
/// page the release carries renders from the same definitions as `--help`.
#[test]
fn version_names_the_commit_and_the_manual_page_renders() {
    let binary = env!("CARGO_BIN_EXE_lambda-console");
    let run = |args: &[&str]| {
        let out = std::process::Command::new(binary).args(args).output().unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let version = run(&["--version"]);
    assert!(
        version.starts_with(&format!("lambda-console {} (commit ", env!("CARGO_PKG_VERSION"))),
        "{version}"
    );
    let head = std::process::Command::new("git")
        .args(["rev-parse", "--short=12", "HEAD"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output();
    match head {
        Ok(head) if head.status.success() => {
            let head = String::from_utf8_lossy(&head.stdout).trim().to_string();
            assert!(version.contains(&head), "{version} names {head}");
        }
        _ => eprintln!("NOTE: not a git checkout here; only the version's shape was checked"),
    }
    let manual = run(&["manpage"]);
    assert!(manual.contains(".TH lambda-console 1"), "{manual}");
    assert!(manual.contains("serve\\-local"), "the subcommands are in it: {manual}");
    let serve = run(&["manpage", "serve-local"]);
    assert!(serve.contains(".TH lambda-console-serve-local 1"), "{serve}");
    assert!(serve.contains("\\-\\-port"), "its flags are documented: {serve}");
}
