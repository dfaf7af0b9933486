//! What a call answers in pieces: a file being downloaded, and the server-sent event stream.

use crate::error::{unreachable, Result};

/// A file being downloaded.
pub struct Download {
    pub(crate) resp: reqwest::Response,
}

impl Download {
    /// The next piece of the file (None at its end).
    pub async fn chunk(&mut self) -> Result<Option<Vec<u8>>> {
        let c = self.resp.chunk().await.map_err(unreachable)?;
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
            match self.resp.chunk().await.map_err(unreachable)? {
                Some(c) => self.buf.push_str(&String::from_utf8_lossy(&c).replace("\r\n", "\n")),
                None => return Ok(None),
            }
        }
    }
}
