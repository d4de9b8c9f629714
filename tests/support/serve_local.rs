//! `serve-local` in a process of its own: for tests where the endpoint goes
//! away mid-session, and for benches that time it as a user would run it.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

pub struct ServeLocal(pub Child);

impl ServeLocal {
    /// Started with HOME at `home` (its samples go there) and `extra` flags;
    /// back once it listens on `port`.
    pub fn start(port: u16, home: &Path, extra: &[&str]) -> ServeLocal {
        let child = Command::new(env!("CARGO_BIN_EXE_lambda-console"))
            .args(["serve-local", "--port", &port.to_string()])
            .args(extra)
            .env("HOME", home)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Thousands of function folders take a moment to read.
        let up = (0..600).any(|_| {
            std::thread::sleep(Duration::from_millis(50));
            std::net::TcpStream::connect(("127.0.0.1", port)).is_ok()
        });
        assert!(up, "serve-local listens on {port}");
        ServeLocal(child)
    }
}

impl Drop for ServeLocal {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}
