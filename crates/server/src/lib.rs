//! The `fenxiao` server: configuration, start-up ("build, then run"), background work and shutdown.
//! `main.rs` only parses the command line and calls into here, so tests start the very same
//! application on port 0.

pub mod bench;
pub mod config;
pub mod startup;
pub mod telemetry;

pub use config::{Config, ConfigError, Secret};
pub use startup::Application;
