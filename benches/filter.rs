//! The cost of one filter keystroke over 10,000 functions: the state update and
//! a full render of the screen, as the loop does it.

use criterion::{Criterion, criterion_group, criterion_main};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use lambda_console::app::App;
use lambda_console::message::{BackendEvent, Command, Event};
use lambda_console::model::ConnectionInfo;
use lambda_console::model::FunctionInfo;

const FUNCTIONS: usize = 10_000;

fn loaded_app() -> App {
    let mut app = App::new(ConnectionInfo::default());
    let Command::LoadFunctions { id } = app.start()[0] else {
        unreachable!()
    };
    let teams = ["orders", "billing", "search", "Payments", "identity", "Reports"];
    let functions = (0..FUNCTIONS)
        .map(|i| FunctionInfo {
            name: format!("{}-service-{i:05}-handler", teams[i % teams.len()]),
            runtime: "python3.12".into(),
            memory_mb: Some(128),
            timeout_s: Some(30),
            last_modified: "2026-11-02T10:00:00.000+0000".into(),
            log_group: String::new(),
            ..Default::default()
        })
        .collect();
    app.update(Event::Backend(BackendEvent::FunctionsPage {
        id,
        functions,
        first: true,
        last: true,
    }));
    app.update(key(KeyCode::Char('/')));
    app
}

fn key(code: KeyCode) -> Event {
    Event::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn keystroke(c: &mut Criterion) {
    let mut terminal = Terminal::new(TestBackend::new(200, 50)).unwrap();
    let mut group = c.benchmark_group("filter keystroke over 10,000 functions");
    // Typing one more letter narrows the list; Backspace widens it again.
    group.bench_function("type a letter, then erase it, each followed by a full render", |b| {
        let mut app = loaded_app();
        for ch in "pay".chars() {
            app.update(key(KeyCode::Char(ch)));
        }
        b.iter(|| {
            app.update(key(KeyCode::Char('m')));
            terminal.draw(|f| lambda_console::ui::draw(f, &app)).unwrap();
            app.update(key(KeyCode::Backspace));
            terminal.draw(|f| lambda_console::ui::draw(f, &app)).unwrap();
        });
    });
    group.bench_function("first letter on the full list, then clear, with renders", |b| {
        let mut app = loaded_app();
        b.iter(|| {
            app.update(key(KeyCode::Char('s')));
            terminal.draw(|f| lambda_console::ui::draw(f, &app)).unwrap();
            app.update(key(KeyCode::Backspace));
            terminal.draw(|f| lambda_console::ui::draw(f, &app)).unwrap();
        });
    });
    group.finish();
}

criterion_group!(benches, keystroke);
criterion_main!(benches);
