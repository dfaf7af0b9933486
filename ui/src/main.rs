//! Haven UI entry point (wasm32). See app.rs.

mod app;
mod components;
mod crash;
mod ipc;
mod language;
mod routes;
mod state;

fn main() {
    crash::install();
    leptos::mount::mount_to_body(app::App);
}
