//! What the operating system reports that the lock cares about: on Linux, logind's
//! `PrepareForSleep(true)` on the system bus, just before the machine suspends.

use futures_util::StreamExt;

/// Calls `on_sleep` each time the system is about to sleep, until the bus goes away. `address`
/// overrides the system bus (tests); errors mean "the OS does not report sleep here".
pub async fn watch_sleep(address: Option<String>, on_sleep: impl Fn() + Send + 'static) -> Result<(), String> {
    let conn = match address {
        Some(a) => zbus::connection::Builder::address(a.as_str()).map_err(|e| e.to_string())?.build().await,
        None => zbus::Connection::system().await,
    }
    .map_err(|e| format!("no system bus: {e}"))?;
    let login =
        zbus::Proxy::new(&conn, "org.freedesktop.login1", "/org/freedesktop/login1", "org.freedesktop.login1.Manager")
            .await
            .map_err(|e| e.to_string())?;
    let mut signals = login.receive_signal("PrepareForSleep").await.map_err(|e| e.to_string())?;
    while let Some(msg) = signals.next().await {
        if let Ok(true) = msg.body().deserialize::<bool>() {
            on_sleep();
        }
    }
    Ok(())
}
