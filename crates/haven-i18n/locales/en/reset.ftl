# A forgotten password: asking for a reset link, then choosing a new password.

reset-forgot-title = Forgot your password?
reset-forgot-hint = Enter the email address of your Haven account. We send it a link to choose a new password.
reset-email = Email
reset-send = Send the link
reset-sent = If { $email } has a Haven account, a link is on its way. It works once, for 30 minutes.
reset-have-link = I have the link
reset-inbox = Development inbox (emails and texts this service sent)
reset-back = Back to sign in
reset-done = Your password is changed, and every device was signed out. Sign in with the new password.
reset-title = Choose a new password
reset-link = Reset link or code from the email
reset-continue = Continue
# Followed by the account's email address (in bold): whose password is being reset.
reset-for = For
reset-new-password = New password (at least 12 characters)
reset-two-step = Two-step verification is on, so a code from your phone is needed too.
# Until the text service has taken the code, then reset-sent-code; $to is a phone number.
reset-sending-code = We are sending a code to { $to }.
reset-sent-code = We sent a code to { $to }.
reset-code = Code
reset-submit = Set the new password
reset-new-link = Ask for a new link
