//! Per-user events for `GET /v1/me/events` (server-sent events): an in-process broadcast, so
//! subscribers of this service process see what its export worker finishes. One service
//! process per database (SQLite) makes that complete.

use tokio::sync::broadcast;

#[derive(Clone, Debug)]
pub struct UserEvent {
    pub user_id: String,
    /// `export_ready`, `export_failed`.
    pub name: &'static str,
    /// JSON text of the event's data.
    pub data: String,
}

/// Cheap to clone; a send with no subscriber is dropped (the app also polls the job).
#[derive(Clone)]
pub struct Bus(broadcast::Sender<UserEvent>);

impl Default for Bus {
    fn default() -> Self {
        Bus(broadcast::channel(256).0)
    }
}

impl Bus {
    pub fn send(&self, e: UserEvent) {
        let _ = self.0.send(e);
    }
    pub fn subscribe(&self) -> broadcast::Receiver<UserEvent> {
        self.0.subscribe()
    }
}
