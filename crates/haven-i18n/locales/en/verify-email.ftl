# Verifying the email address after creating an account.

verify-email-verified = Your email is verified. Sign in to continue.
verify-email-resent = A new link is on its way to { $email }. It can take a minute; check your spam folder too.
verify-email-title = Verify your email
# Followed by verify-email-open.
verify-email-sent = We sent you an email with a link.
verify-email-sent-to = We sent a link to { $email }.
verify-email-open = Open it to confirm the address, then sign in.
verify-email-deadline = Do it within 24 hours of creating your account to keep it active. After that, your organisation's administrator can reactivate it.
verify-email-address = Your email
verify-email-resend = Send a new link
verify-email-inbox = Open the development inbox
verify-email-paste = Or paste the link (or the token) from the email
verify-email-submit = Verify email
verify-email-back = Back to sign in
