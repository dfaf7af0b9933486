# Shared pieces of several screens: account fields, phone number, codes, sign-in helpers.

# Creating an account (joining by invitation, or signing up with an enrolment code).
common-your-name = Your name
common-new-password = Password (at least 12 characters)
common-accept-terms = I accept the terms of use and the privacy notice
# Opens the document in place, below the checkbox.
common-read-terms = Read the terms of use
common-read-privacy = Read the privacy notice

# A mobile number field: a country list (names as the data gives them) and the number.
common-phone-country = Country
common-phone-number = Mobile number
# $example is a United Kingdom number as dialled there (07911 123456).
common-phone-hint = As you dial it at home (for example { $example }), or with + and the country code.

# The legend above the radio buttons that choose which code to enter (text message code,
# authenticator app code, recovery code).
common-method-use = Use
# $wait is a wait in words (common-wait-seconds or common-wait-minutes); $others is
# common-other-methods-totp or common-other-methods-recovery.
common-sms-held = We could not text you a code now: texts are limited to five an hour. You can ask for a new one in { $wait }, or use { $others } now.
# What became of a texted code that has not arrived; $wait and $others as above.
common-sms-retrying = We could not send the text yet. We will try again in { $wait }. You can also use { $others } now.
common-sms-failed-wait = We could not send the text. Ask for a new code in { $wait }, or use { $others }.
common-sms-failed = We could not send the text. Ask for a new code, or use { $others }.
# A button, disabled during the wait.
common-sms-resend-in = Send a new code in { $wait }
common-sms-resend = Send a new code
# Put into sentences as $others ("… or use { $others } now").
common-other-methods-totp = your authenticator app or a recovery code
common-other-methods-recovery = a recovery code
# A short wait, put into sentences as $wait ("… in { $wait }").
common-wait-seconds = { $seconds } s
common-wait-minutes = { $minutes } min

# Authenticator app set-up.
common-qr-failed = The QR code cannot be drawn: enter the key below by hand.
common-qr-label = QR code for your authenticator app
common-totp-scan = Scan this code with your authenticator app, or enter the key by hand.
# Followed by the secret key itself.
common-totp-key = Key:

# Recovery codes, shown once.
common-codes-copied = Copied. Paste them somewhere safe.
common-codes-copy-failed = They could not be copied here: save or print them instead.
# $path is where the file was saved.
common-codes-saved = Saved to { $path }
common-codes-title = Save your recovery codes
common-codes-hint = Each works once, if you cannot get a code from your phone. They are shown only now.
common-codes-copy = Copy
common-codes-print = Print
common-codes-save = Save as a file

# The password prompt before a sensitive action: a bold sentence, then the hint.
common-reauth-title = Confirm it is you.
common-reauth-hint = Enter your password to continue.
common-reauth-password = Password
common-reauth-confirm = Confirm
common-reauth-cancel = Cancel

# $problem is the system's own description of the problem (may be in English).
common-keychain-problem = Haven cannot use this computer's keychain ({ $problem }), so you will stay signed in only until you quit, and health values not sent by then cannot be read again.

# The demo deployment's panel (sign-in details for trying Haven out).
common-demo-label = Demo deployment
common-demo-hint = This is Haven's demo deployment, on this computer only.
# Followed by the admin's email address and password.
common-demo-admin = Admin:
# In place of the admin password once it is no longer shown.
common-demo-password-gone = the password shown before the first sign-in
# Each followed by the code.
common-demo-invite = Clinician invite code:
common-demo-enrolment = Patient enrolment code:
# A link, followed by common-demo-inbox-rest.
common-demo-inbox-link = Development inbox
common-demo-inbox-rest = — the codes and emails this demo sends arrive there, not on a phone.

# A patient's tab bar.
common-tabs-label = Main
common-tab-home = Home
common-tab-health = My health
common-tab-profile = Profile

# The page shown for an unknown address in the app.
common-not-found = Not found.

# The banner on every screen when the app uses a development service.
common-dev-banner = Development service: no email or text message is really sent.
# One sentence in three messages, so the link stays a link:
# common-dev-banner-inbox-before, then the link common-dev-banner-inbox-link, then
# common-dev-banner-inbox-after (the end of the sentence: its full stop here).
common-dev-banner-inbox-before = Codes and links are in the
common-dev-banner-inbox-link = development inbox
common-dev-banner-inbox-after = {"."}
# Said instead when there is no development inbox to link to.
common-dev-banner-outbox = Codes and links are in its development outbox.

# When the screen's own code stopped working: said instead of a blank window.
common-crash-title = This screen stopped working
common-crash-what = Nothing you saved is lost. Open the app's screen again to carry on.
common-crash-reopen = Open the screen again
common-crash-details = Details for support
