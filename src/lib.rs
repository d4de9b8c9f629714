//! lambda-console: a terminal console for invoking AWS Lambda functions.
//!
//! `app` holds all state and changes it in response to events; `ui` draws it;
//! `aws` runs the SDK calls in the background; `run` ties them to a terminal.

pub mod app;
pub mod aws;
pub mod local;
pub mod model;
pub mod payload;
pub mod report;
pub mod run;
pub mod sanitize;
pub mod store;
pub mod tail;
pub mod templates;
pub mod ui;
