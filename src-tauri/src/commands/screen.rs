//! The screen itself: when the webview's code stops working (a panic or another trap) or leaves
//! an error unhandled, it reports it here, so the app's log has why (the webview's console is
//! kept nowhere). A report holds the panic's or error's own text: the UI's own code puts no
//! value into a panic message, but a library's panic or a script error's text is logged as it
//! comes.

use super::{cmd, Args, Reply};
use haven_api::shell::SCREEN_STOPPED;
use std::sync::atomic::{AtomicU32, Ordering};

/// Longest report logged: a panic's message and location fit easily.
const LONGEST: usize = 4096;

/// Stray errors logged in a run at most: the screen caps its own, but any script of the page
/// could call this in a loop. A stopped screen is always logged (it stops once per page).
const MOST_STRAYS: u32 = 100;

static STRAYS: AtomicU32 = AtomicU32::new(0);

#[tauri::command]
pub fn report_crash(args: Args<cmd::ReportCrash>) -> Reply<cmd::ReportCrash> {
    let stopped = args.kind.stops_the_screen();
    if !stopped && STRAYS.fetch_add(1, Ordering::Relaxed) >= MOST_STRAYS {
        return Ok(());
    }
    let mut report = args.message;
    if report.len() > LONGEST {
        let cut = (0..=LONGEST).rev().find(|&i| report.is_char_boundary(i)).unwrap_or(0);
        report.truncate(cut);
    }
    // Debug: quoted, its line breaks escaped, so a report cannot pass for lines of the log.
    if stopped {
        tracing::error!(kind = ?args.kind, report = ?report, "{SCREEN_STOPPED}");
    } else {
        tracing::warn!(kind = ?args.kind, report = ?report, "the screen left an error unhandled");
    }
    Ok(())
}
