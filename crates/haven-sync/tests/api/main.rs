//! Server integration tests: the real service over real HTTP on port 0, on SQLite or (with
//! HAVEN_TEST_BACKEND=postgres) PostgreSQL, real SMTP; instances.rs runs several services on one
//! PostgreSQL.

mod accounts;
mod admin;
mod auth;
mod bad_input;
mod cli;
mod common;
mod faults;
mod health;
mod i18n;
mod instances;
mod pages;
mod password;
mod pg;
mod sync;
mod tls;
mod two_step;
