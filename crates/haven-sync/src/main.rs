//! `haven-sync`: the Haven sync service.
//!
//! * `haven-sync serve [--demo [--demo-language …]]` — run the HTTP service (with a demo
//!   deployment made on its first start).
//! * `haven-sync bootstrap --deployment-name … --admin-email … [--language …]` — create a
//!   deployment and an invite for its first admin; prints the invite link and code.
//! * `haven-sync migrate-data --from sqlite://… --to postgres://…` — move everything from the
//!   embedded database to PostgreSQL.

use clap::{Parser, Subcommand};
use haven_api::Role;
use haven_i18n::Lang;
use haven_sync::clock::{rfc3339, SystemClock};
use haven_sync::config::ConfigArgs;
use haven_sync::invites::Invitee;
use haven_sync::model;
use haven_sync::password::normalise_email;
use std::io::Write;
use std::sync::Arc;

#[derive(Parser)]
#[command(name = "haven-sync", version, about = "Haven sync service")]
struct Cli {
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Serve the HTTP API.
    Serve {
        #[command(flatten)]
        config: ConfigArgs,
        /// On first start (empty database), create a demo deployment and print its admin
        /// password, clinician invite and patient enrolment code. Development delivery only.
        #[arg(long)]
        demo: bool,
        /// The language the demo deployment is created in (its name, the clinician's
        /// invitation): en, es or ar. Default: the system's, else English.
        #[arg(long, requires = "demo", value_parser = language)]
        demo_language: Option<Lang>,
    },
    /// Create a deployment and an invite for its first administrator.
    Bootstrap {
        #[command(flatten)]
        config: ConfigArgs,
        /// Name of the new deployment.
        #[arg(long)]
        deployment_name: String,
        /// Email of its first administrator.
        #[arg(long)]
        admin_email: String,
        /// The language the invitation is written in: en, es or ar (the administrator's own
        /// language is known only once they use the app).
        #[arg(long, default_value = "en", value_parser = language)]
        language: Lang,
    },
    /// Copy every row of a SQLite database into an empty PostgreSQL database (stop the service
    /// first; run it afterwards with the same server key).
    MigrateData {
        /// The SQLite database, e.g. sqlite:///var/lib/haven/haven.db
        #[arg(long)]
        from: String,
        /// The PostgreSQL database, e.g. postgres://haven@db/haven (created by you, empty)
        #[arg(long)]
        to: String,
    },
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("HAVEN_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .init();
    match run(Cli::parse()).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("haven-sync: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.cmd {
        Cmd::Serve { config, demo, demo_language } => {
            let config = config.load()?;
            anyhow::ensure!(
                config.delivery_explicit,
                "choose how email and SMS leave the service: --delivery dev (development outbox, loopback only) or --delivery smtp"
            );
            anyhow::ensure!(
                !demo || config.delivery == haven_sync::config::Delivery::Dev,
                "--demo needs development delivery (--delivery dev)"
            );
            let state = haven_sync::AppState::new(config, Arc::new(SystemClock)).await?;
            // What serving prints is for whoever started it; a closed stdout (`| head -1`) must
            // not stop the service, so write errors are ignored (println! would panic).
            let say = |line: String| {
                let _ = writeln!(std::io::stdout(), "{line}");
            };
            if demo {
                if let Some(info) =
                    haven_sync::demo::ensure(&state, demo_language.or_else(Lang::system).unwrap_or_default()).await?
                {
                    say(info.to_string());
                }
            }
            let running = haven_sync::start_with_state(state).await?;
            // The listening line comes last: whoever waits for it has everything printed before.
            if running.state.config.delivery == haven_sync::config::Delivery::Dev {
                let key = running.state.config.outbox_key.expose();
                say(format!("development inbox: {}/v1/dev/outbox (send X-Haven-Outbox-Key: {key})", running.url()));
            }
            say(format!("haven-sync {} listening on {}", haven_sync::VERSION, running.url()));
            shutdown_signal().await;
            running.stop().await;
            Ok(())
        }
        Cmd::Bootstrap { config, deployment_name, admin_email, language } => {
            let config = config.load()?;
            let email = normalise_email(&admin_email)
                .map_err(|m| anyhow::anyhow!("--admin-email: {}", m.render(haven_i18n::Lang::En)))?;
            let name = deployment_name.trim();
            anyhow::ensure!(
                !name.is_empty() && name.chars().count() <= 200,
                "--deployment-name: give 1–200 characters"
            );
            let state = haven_sync::AppState::new(config, Arc::new(SystemClock)).await?;
            if model::UserRow::by_email(&state.db, &email).await?.is_some() {
                anyhow::bail!("an account with {email} already exists");
            }
            let now = state.now();
            let open: Option<i64> = haven_sync::fetch_optional!(&state.db, sqlx::query_scalar("SELECT expires_at FROM invites WHERE email = $1 AND used_at IS NULL AND expires_at > $2 ORDER BY expires_at DESC")
                .bind(&email)
                .bind(now))?;
            if let Some(exp) = open {
                anyhow::bail!(
                    "an unused invite for {email} is still open until {}; use it, or wait for it to expire",
                    rfc3339(exp)
                );
            }
            let mut tx = state.db.begin().await?;
            let dep = haven_sync::invites::insert_deployment(&mut tx, name, None, now)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            let inv = haven_sync::invites::issue_invite(
                &mut tx,
                &state,
                &dep,
                Invitee { email: &email, role: Role::Admin, lang: language },
                None,
                None,
            )
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
            tx.commit().await?;
            println!("deployment_id:  {}", dep.id);
            println!("deployment:     {}", dep.name);
            println!("enrolment_code: {}", dep.enrolment_code);
            println!("admin invite:   {}", inv.link);
            println!("invite code:    {}-{}", &inv.code[..5], &inv.code[5..]);
            println!("expires_at:     {}", rfc3339(inv.expires_at));
            println!("(the invite email is queued and goes out when `haven-sync serve` runs)");
            state.db.close().await;
            Ok(())
        }
        Cmd::MigrateData { from, to } => {
            let report = haven_sync::migrate::sqlite_to_postgres(&from, &to).await?;
            let total: u64 = report.iter().map(|(_, n)| n).sum();
            for (table, n) in report {
                println!("{table:<20} {n:>9} rows");
            }
            println!("copied {total} rows from {} to {}", haven_sync::db::redact(&from), haven_sync::db::redact(&to));
            Ok(())
        }
    }
}

async fn shutdown_signal() {
    #[cfg(unix)]
    {
        let mut term = match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(s) => s,
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
                return;
            }
        };
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    let _ = tokio::signal::ctrl_c().await;
}

/// `--language`: a language Haven speaks, by its code.
fn language(code: &str) -> Result<Lang, String> {
    Lang::ALL.into_iter().find(|l| l.code() == code).ok_or_else(|| {
        let codes: Vec<&str> = Lang::ALL.iter().map(|l| l.code()).collect();
        format!("choose one of: {}", codes.join(", "))
    })
}
