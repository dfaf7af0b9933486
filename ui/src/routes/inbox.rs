//! The development inbox: the emails and text messages a development service "sent" (it sends
//! nothing for real), newest first — so invitations, verification links and codes can be used
//! in the demo deployment.

use crate::components::time_of;
use crate::ipc::invoke;
use haven_api::shell::cmd;
use haven_api::Channel;
use haven_i18n::tr;
use leptos::prelude::*;

#[component]
pub fn Inbox() -> impl IntoView {
    let messages = LocalResource::new(|| async { invoke::<cmd::DevInbox>(&()).await });
    view! {
        <h1>{tr!("inbox-title")}</h1>
        <p class="hint">{tr!("inbox-hint")}</p>
        <div class="actions">
            <button id="refresh-inbox" class="secondary" on:click=move |_| messages.refetch()>{tr!("inbox-refresh")}</button>
            <a id="back-link" href="/">{tr!("inbox-sign-in")}</a>
            <a href="/home">{tr!("inbox-home")}</a>
        </div>
        <Suspense fallback=|| view! { <p>{tr!("inbox-loading")}</p> }>
            {move || messages.get().map(|r| match r {
                Ok(list) if list.is_empty() => view! { <p id="inbox-empty">{tr!("inbox-empty")}</p> }.into_any(),
                Ok(list) => view! {
                    <ul id="inbox" class="rows">{list.into_iter().map(|m| view! {
                        <li class="panel">
                            <p class="hint">{if m.channel == Channel::Sms { tr!("inbox-text-to") } else { tr!("inbox-email-to") }} " " <span class="wrap">{m.to}</span> " · " {time_of(&m.sent_at)}</p>
                            {m.subject.map(|s| view! { <p><strong>{s}</strong></p> })}
                            <pre class="wrap">{m.body}</pre>
                        </li>
                    }).collect_view()}</ul>
                }.into_any(),
                Err(e) => view! { <p id="error" class="error" role="alert">{e.text()}</p> }.into_any(),
            })}
        </Suspense>
    }
}
