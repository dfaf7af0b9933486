//! What a call answers in pieces: pages of observations read item by item, a file being
//! downloaded, and the server-sent event stream.

use crate::error::{ClientError, Result};
use haven_api::Observation;

/// A page of observations as this app reads it: an item it cannot read (a kind a newer service
/// knows and this app does not) is left out and counted, so a sync never stops on it.
#[derive(Clone, Debug, PartialEq)]
pub struct Pulled {
    pub observations: Vec<Observation>,
    pub unreadable: usize,
    pub cursor: String,
    pub more: bool,
}

/// `PullPage` with its items still as text.
#[derive(serde::Deserialize)]
pub(crate) struct RawPage {
    observations: Vec<Box<serde_json::value::RawValue>>,
    cursor: String,
    more: bool,
}

impl RawPage {
    pub(crate) fn read(self) -> Pulled {
        let items = self.observations.len();
        let observations: Vec<Observation> =
            self.observations.iter().filter_map(|o| serde_json::from_str(o.get()).ok()).collect();
        Pulled { unreadable: items - observations.len(), observations, cursor: self.cursor, more: self.more }
    }
}

/// A file being downloaded.
pub struct Download {
    pub(crate) resp: reqwest::Response,
}

impl Download {
    /// The next piece of the file (None at its end).
    pub async fn chunk(&mut self) -> Result<Option<Vec<u8>>> {
        let c = self.resp.chunk().await.map_err(|e| ClientError::Unreachable(e.without_url().to_string()))?;
        Ok(c.map(|b| b.to_vec()))
    }
}

/// A server-sent event stream; [`EventStream::next`] answers (event name, data) until the
/// service ends it (after `session_revoked`) or the connection drops.
pub struct EventStream {
    pub(crate) resp: reqwest::Response,
    pub(crate) buf: String,
}

impl EventStream {
    pub async fn next(&mut self) -> Result<Option<(String, String)>> {
        loop {
            // One event is the lines up to a blank line; comments (keep-alives) are skipped.
            if let Some(end) = self.buf.find("\n\n") {
                let block: String = self.buf.drain(..end + 2).collect();
                let mut name = String::from("message");
                let mut data = Vec::new();
                for line in block.lines() {
                    if let Some(v) = line.strip_prefix("event:") {
                        name = v.trim().to_owned();
                    } else if let Some(v) = line.strip_prefix("data:") {
                        data.push(v.strip_prefix(' ').unwrap_or(v).to_owned());
                    }
                }
                if data.is_empty() {
                    continue;
                }
                return Ok(Some((name, data.join("\n"))));
            }
            match self.resp.chunk().await.map_err(|e| ClientError::Unreachable(e.without_url().to_string()))? {
                Some(c) => self.buf.push_str(&String::from_utf8_lossy(&c).replace("\r\n", "\n")),
                None => return Ok(None),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn pulled_pages_leave_out_what_this_app_cannot_read() {
        let page: super::RawPage = serde_json::from_str(
            r#"{"observations": [
                {"id": "a", "kind": "heart_rate", "value": 72, "unit": "bpm", "recorded_at": "2026-11-20T08:00:00Z"},
                {"id": "b", "kind": "mood", "value": 3, "unit": "points", "recorded_at": "2026-11-20T08:01:00Z"}
            ], "cursor": "c2", "more": false}"#,
        )
        .expect("page");
        let p = page.read();
        assert_eq!(p.observations.iter().map(|o| o.id.as_str()).collect::<Vec<_>>(), ["a"]);
        assert_eq!((p.unreadable, p.cursor.as_str(), p.more), (1, "c2", false));
    }
}
