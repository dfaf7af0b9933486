//! Haven UI entry point (wasm32). See app.rs.

mod app;
mod components;
mod ipc;
mod language;
mod routes;
mod state;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
