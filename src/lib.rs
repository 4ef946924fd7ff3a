//! cognito-wizard: create Amazon Cognito user pools and onboard their users.
//!
//! Layers, from the inside out: [`model`] (requests as pure data) and
//! [`validate`] (the API's rules) know nothing of terminals or the SDK; [`aws`]
//! is the only place that touches SDK types.

pub mod api;
pub mod app;
pub mod aws;
pub mod cli;
pub mod event_loop;
pub mod files;
pub mod headless;
pub mod hints;
pub mod import;
pub mod invite;
pub mod model;
pub mod problem;
pub mod run;
pub mod sanitize;
pub mod sign_in;
pub mod text;
pub mod tui;
pub mod ui;
pub mod update;
pub mod validate;
pub mod wizard;
