//! lambda-console: a terminal console for invoking AWS Lambda functions.
//!
//! `app` holds all state and changes it in response to events; `ui` draws it;
//! `aws` runs the SDK calls in the background; `message` is what passes
//! between them; `action` maps keys to what they do; `config` and `cli` say
//! how it is set up; `run` ties it all to a terminal.

pub mod action;
pub mod app;
pub mod aws;
pub mod cli;
pub mod client_context;
pub mod config;
pub mod cost;
pub mod crash;
pub mod editor;
pub mod find;
pub mod history;
pub mod layout;
pub mod local;
pub mod message;
pub mod model;
pub mod payload;
pub mod report;
pub mod run;
pub mod sanitize;
pub mod save;
pub mod saved_events;
pub mod store;
pub mod stream_view;
pub mod tail;
pub mod templates;
pub mod theme;
pub mod ui;
