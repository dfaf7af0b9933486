inbox-title = Development inbox
inbox-hint = Emails and text messages this development service would have sent.
inbox-refresh = Refresh
inbox-sign-in = Sign in
inbox-home = Home
inbox-loading = Loading…
inbox-empty = Nothing sent yet.
# Before the address a message went to (then a dot and when it was sent).
inbox-text-to = Text to
inbox-email-to = Email to
