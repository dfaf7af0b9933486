//! The screen itself: when the webview's code stops working (a panic), it says so on screen and
//! reports it here, so the app's log has why (the webview's console is not kept anywhere).

use super::{cmd, Args, Reply};

/// Longest report logged: a panic's message and location fit easily; a screen stuck in a loop
/// of reports cannot flood the log with long ones.
const MOST: usize = 4096;

#[tauri::command]
pub fn report_crash(args: Args<cmd::ReportCrash>) -> Reply<cmd::ReportCrash> {
    let mut message = args.message;
    if message.len() > MOST {
        let cut = (0..=MOST).rev().find(|&i| message.is_char_boundary(i)).unwrap_or(0);
        message.truncate(cut);
    }
    // Debug: quoted, its line breaks escaped, so a report cannot pass for lines of the log.
    tracing::error!(?message, "the screen stopped working");
    Ok(())
}
