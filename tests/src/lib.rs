//! Helpers for Haven's system tests (the test binaries are beside this: `e2e/`, `client/`,
//! `system/`): a service to test against and onboarding people ([`world`]), the desktop app under
//! WebDriver ([`app`]), what every screen must be on a phone and for everyone ([`audit`]), and D-Bus rigs for the keychain, fprintd, logind and notifications
//! ([`rig`]).

pub mod app;
pub mod audit;
pub mod rig;
pub mod world;
