//! The real binary in a pseudo-terminal, its screen parsed by vt100.

use std::io::{Read, Write};
use std::os::fd::{AsRawFd, FromRawFd};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, PtySize, native_pty_system};

pub const ROWS: u16 = 40;
pub const COLS: u16 = 140;

pub struct Console {
    child: Box<dyn Child + Send + Sync>,
    writer: Option<Box<dyn Write + Send>>,
    parser: Arc<Mutex<vt100::Parser>>,
    /// Every byte the console wrote, for checks on raw escape sequences.
    raw: Arc<Mutex<Vec<u8>>>,
    master: Option<Box<dyn portable_pty::MasterPty + Send>>,
    /// Tells the reader to close its end of the terminal.
    hung_up: Arc<AtomicBool>,
    /// Inside a synchronized update (a frame being written): the screen is
    /// read between frames, never half drawn.
    in_frame: Arc<AtomicBool>,
}

const FRAME_BEGINS: &[u8] = b"\x1b[?2026h";
const FRAME_ENDS: &[u8] = b"\x1b[?2026l";

impl Console {
    /// Starts `lambda-console` with only the environment given (plus TERM and
    /// an empty HOME, so no developer's AWS configuration leaks in).
    pub fn start(args: &[&str], env: &[(&str, &str)]) -> Console {
        Console::start_in(None, args, env)
    }

    /// As `start`, with HOME in `home` (to see what a previous run left there).
    pub fn start_in(home: Option<&std::path::Path>, args: &[&str], env: &[(&str, &str)]) -> Console {
        Console::start_program(env!("CARGO_BIN_EXE_lambda-console"), home, args, env, (ROWS, COLS))
    }

    /// As `start_in`, on a terminal of `rows` × `cols`.
    #[allow(dead_code)]
    pub fn start_sized(
        home: Option<&std::path::Path>,
        args: &[&str],
        env: &[(&str, &str)],
        (rows, cols): (u16, u16),
    ) -> Console {
        Console::start_program(env!("CARGO_BIN_EXE_lambda-console"), home, args, env, (rows, cols))
    }

    /// An interactive shell with job control, for what only a shell does
    /// (Ctrl-Z, fg); the console's path is in its environment as CONSOLE.
    pub fn start_shell(home: &std::path::Path) -> Console {
        Console::start_program(
            "bash",
            Some(home),
            &["--norc", "--noprofile", "-i"],
            &[("CONSOLE", env!("CARGO_BIN_EXE_lambda-console")), ("PS1", "shell$ ")],
            (ROWS, COLS),
        )
    }

    fn start_program(
        program: &str,
        home: Option<&std::path::Path>,
        args: &[&str],
        env: &[(&str, &str)],
        (rows, cols): (u16, u16),
    ) -> Console {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");
        let mut command = CommandBuilder::new(program);
        command.args(args);
        command.env_clear();
        // A HOME of its own per console: no drafts or settings shared between tests.
        static CONSOLES: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
        let n = CONSOLES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let home = home
            .map(std::path::Path::to_path_buf)
            .unwrap_or_else(|| std::env::temp_dir().join(format!("lambda-console-home-{}-{n}", std::process::id())));
        std::fs::create_dir_all(&home).unwrap();
        command.env("HOME", home.to_str().unwrap());
        command.env("TERM", "xterm-256color");
        command.env("PATH", std::env::var("PATH").unwrap_or_default());
        // Never let a test reach for the instance metadata service.
        command.env("AWS_EC2_METADATA_DISABLED", "true");
        for (key, value) in env {
            command.env(key, value);
        }
        let child = pty.slave.spawn_command(command).expect("spawn lambda-console");
        drop(pty.slave);
        // A writer of our own too: portable-pty's sends "\n" and EOF when
        // dropped, which a hang-up must not (they would arrive as keys).
        let master_fd = pty.master.as_raw_fd().expect("a unix pty");
        let writer_fd = unsafe { libc::dup(master_fd) };
        assert!(writer_fd >= 0, "dup the pty master");
        let writer: Box<dyn Write + Send> = Box::new(unsafe { std::fs::File::from_raw_fd(writer_fd) });
        let parser = Arc::new(Mutex::new(vt100::Parser::new(
            rows.try_into().unwrap(),
            cols.try_into().unwrap(),
            0,
        )));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let hung_up = Arc::new(AtomicBool::new(false));
        let in_frame = Arc::new(AtomicBool::new(false));
        {
            let in_frame = in_frame.clone();
            // A reader of our own that polls, so that a hang-up can close
            // it: the terminal is gone only when every master fd is closed.
            let fd = unsafe { libc::dup(master_fd) };
            assert!(fd >= 0, "dup the pty master");
            let mut reader = unsafe { std::fs::File::from_raw_fd(fd) };
            let parser = parser.clone();
            let raw = raw.clone();
            let hung_up = hung_up.clone();
            std::thread::spawn(move || {
                let mut buffer = [0u8; 65536];
                // The end of the last read, for a marker split across reads.
                let mut tail: Vec<u8> = Vec::new();
                while !hung_up.load(Ordering::Relaxed) {
                    let mut poll = libc::pollfd {
                        fd: reader.as_raw_fd(),
                        events: libc::POLLIN,
                        revents: 0,
                    };
                    if unsafe { libc::poll(&mut poll, 1, 50) } <= 0 {
                        continue;
                    }
                    match reader.read(&mut buffer) {
                        Ok(0) | Err(_) => break,
                        Ok(n) => {
                            let mut parser = parser.lock().unwrap();
                            parser.process(&buffer[..n]);
                            tail.extend_from_slice(&buffer[..n]);
                            let find = |marker: &[u8]| tail.windows(marker.len()).rposition(|w| w == marker);
                            match (find(FRAME_BEGINS), find(FRAME_ENDS)) {
                                (Some(begin), Some(end)) => in_frame.store(begin > end, Ordering::SeqCst),
                                (Some(_), None) => in_frame.store(true, Ordering::SeqCst),
                                (None, Some(_)) => in_frame.store(false, Ordering::SeqCst),
                                (None, None) => {}
                            }
                            let keep = tail.len().saturating_sub(FRAME_BEGINS.len());
                            tail.drain(..keep);
                            drop(parser);
                            raw.lock().unwrap().extend_from_slice(&buffer[..n]);
                        }
                    }
                }
            });
        }
        Console {
            child,
            writer: Some(writer),
            parser,
            raw,
            master: Some(pty.master),
            hung_up,
            in_frame,
        }
    }

    pub fn process_id(&self) -> Option<u32> {
        self.child.process_id()
    }

    pub fn screen(&self) -> String {
        self.between_frames();
        self.parser.lock().unwrap().screen().contents()
    }

    /// Waits (a little) for the frame being written to end.
    fn between_frames(&self) {
        let deadline = Instant::now() + Duration::from_millis(200);
        while self.in_frame.load(Ordering::SeqCst) && Instant::now() < deadline {
            std::thread::sleep(Duration::from_micros(100));
        }
    }

    /// Where `needle` starts on screen, as (row, column), every place; the
    /// screen's characters are one column wide each, box drawing included.
    pub fn positions_of(&self, needle: &str) -> Vec<(u16, u16)> {
        self.between_frames();
        let parser = self.parser.lock().unwrap();
        parser
            .screen()
            .rows(0, u16::MAX)
            .enumerate()
            .flat_map(|(row, text)| {
                text.match_indices(needle)
                    .map(|(byte, _)| (row as u16, text[..byte].chars().count() as u16))
                    .collect::<Vec<_>>()
            })
            .collect()
    }

    pub fn position_of(&self, needle: &str) -> Option<(u16, u16)> {
        self.positions_of(needle).first().copied()
    }

    /// The cell's attributes: (inverse, bold).
    pub fn attributes_at(&self, row: u16, column: u16) -> (bool, bool) {
        let parser = self.parser.lock().unwrap();
        let cell = parser.screen().cell(row, column).expect("a cell on screen");
        (cell.inverse(), cell.bold())
    }

    pub fn in_alternate_screen(&self) -> bool {
        self.parser.lock().unwrap().screen().alternate_screen()
    }

    pub fn raw_output(&self) -> Vec<u8> {
        self.raw.lock().unwrap().clone()
    }

    pub fn send(&mut self, text: &str) {
        self.send_bytes(text.as_bytes());
    }

    /// Esc, then a pause: a terminal reads Esc followed at once by a key
    /// as Alt and that key.
    pub fn send_esc(&mut self) {
        self.send("\x1b");
        std::thread::sleep(std::time::Duration::from_millis(150));
    }

    pub fn send_bytes(&mut self, bytes: &[u8]) {
        let writer = self.writer.as_mut().expect("the terminal is still there");
        writer.write_all(bytes).unwrap();
        writer.flush().unwrap();
    }

    /// Closes the terminal under the console, as a dropped SSH session does:
    /// the console gets SIGHUP and its terminal is gone.
    pub fn hang_up(&mut self) {
        self.hung_up.store(true, Ordering::Relaxed);
        self.writer = None;
        self.master = None;
    }

    /// Sends a signal (libc::SIGTERM...) to the console.
    pub fn signal(&self, signal: i32) {
        let pid = self.process_id().expect("a running console") as i32;
        // SAFETY: kill(2) on our own child's pid.
        assert_eq!(unsafe { libc::kill(pid, signal) }, 0, "the signal was sent");
    }

    /// Types text one key at a time, as a person would (no bracketed paste).
    pub fn type_text(&mut self, text: &str) {
        for c in text.chars() {
            self.send(&c.to_string());
        }
    }

    /// As `wait_until`, looking every 200 µs: for benches that time a frame.
    #[allow(dead_code)]
    pub fn wait_closely(&self, what: &str, timeout: Duration, check: impl Fn(&str) -> bool) -> String {
        self.wait_every(Duration::from_micros(200), what, timeout, check)
    }

    /// Waits until `check` holds for the screen; panics with the screen if not.
    pub fn wait_until(&self, what: &str, timeout: Duration, check: impl Fn(&str) -> bool) -> String {
        // Fine enough for the benches' figures; a parse costs microseconds.
        self.wait_every(Duration::from_millis(10), what, timeout, check)
    }

    fn wait_every(&self, step: Duration, what: &str, timeout: Duration, check: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + timeout;
        loop {
            let screen = self.screen();
            if check(&screen) {
                return screen;
            }
            if Instant::now() > deadline {
                panic!("timed out waiting for {what}; the screen was:\n{screen}");
            }
            std::thread::sleep(step);
        }
    }

    pub fn wait_for(&self, text: &str) -> String {
        self.wait_until(&format!("{text:?} on screen"), Duration::from_secs(30), |s| {
            s.contains(text)
        })
    }

    /// Waits for the process to end and returns its exit code.
    pub fn wait_exit(&mut self, timeout: Duration) -> u32 {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                // Let the reader thread take the last bytes.
                std::thread::sleep(Duration::from_millis(100));
                return status.exit_code();
            }
            if Instant::now() > deadline {
                let screen = self.screen();
                let _ = self.child.kill();
                panic!("lambda-console did not exit; the screen was:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Console {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}
