//! The start-up bench's anchor: a bare Tauri 2 "hello world" window — no service, no state, no
//! plugins, one static page served by the webview's own protocol handler — built with the same
//! profile and opened by the bench the same way as the app.

use tauri::http::Response;
use tauri::{WebviewUrl, WebviewWindowBuilder};

const PAGE: &str = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Hello</title></head>\
    <body><h1>Hello, world</h1></body></html>";

fn main() {
    let mut context = tauri::generate_context!();
    // The app's own window (from tauri.conf.json) is not wanted here: only the bare one below.
    context.config_mut().app.windows.clear();
    tauri::Builder::default()
        .register_uri_scheme_protocol("hello", |_, _| {
            Response::builder().header("Content-Type", "text/html").body(PAGE.as_bytes().to_vec()).unwrap_or_default()
        })
        .setup(|app| {
            let url = WebviewUrl::CustomProtocol("hello://localhost/".parse()?);
            WebviewWindowBuilder::new(app, "main", url).title("Hello").inner_size(800.0, 600.0).build()?;
            Ok(())
        })
        .run(context)
        .expect("hello window");
}
