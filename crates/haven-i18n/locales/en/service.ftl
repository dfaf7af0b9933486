## The sync service's answers: the sentence of each error (`message`), the sentences under the
## fields of a 422 (`fields`), why a pushed value is refused, and the pages the emailed links open.
## Words written in lower_case (invite_token, enrolment_code, user_id, since, sms, totp…) are the
## interface's own names: keep them as they are.

## Errors of any request.
service-invalid-credentials = The email or password is incorrect.
# $minutes is 10.
service-reauth-required = Confirm it's you: enter your password or a code again (needed within { $minutes } minutes for this action).
service-method-not-allowed = This method is not allowed on this path.
service-consent-withdrawn = You have withdrawn your consent, so no new data is collected. Sign the consent form again to resume; your existing data stays available.
service-payload-too-large = The request body is too large.
service-unsupported-media-type = The request body must be JSON (Content-Type: application/json).
service-unprocessable = Some fields are not valid.
service-too-many-attempts = Too many attempts. Try again in { $seconds ->
        [one] { $seconds } second.
       *[other] { $seconds } seconds.
    }
service-internal = Something went wrong on the server. Please try again.
service-unavailable = The service is unavailable right now. Please try again in a moment.
service-storage-full = The service has run out of storage space right now, so nothing was saved or changed. Please try again later.
service-no-such-route = There is no such route.
service-no-such-record = No such record.
# $detail is a technical explanation in English (from the JSON reader), for developers.
service-malformed-json = Malformed JSON: { $detail }
service-invalid-body = Invalid request body: { $detail }
service-unreadable-body = Unreadable request body: { $detail }
service-nul-character = The request contains a character Haven cannot accept (U+0000, the NUL character).
service-push-nul-character = This value holds a character Haven cannot store (U+0000, the NUL character).
service-bad-path = Bad path: { $detail }
service-bad-query = Bad query string: { $detail }
# $choices lists the accepted values as they are sent: "csv, pdf, fhir".
service-choose-one-of = Choose one of: { $choices }.

## Who may do what.
service-sign-in-first = Sign in first: this needs a bearer access token.
service-access-token-invalid = The access token is invalid or has expired.
service-setup-token-invalid = The set-up token is invalid or has expired. Sign in again.
service-account-locked = This account is locked. Ask your administrator to unlock it.
service-account-locked-failures = This account is locked after too many failed attempts. Ask your administrator to unlock it.
# $hours is 24.
service-account-blocked = This account is blocked because its email was not verified within { $hours } hours. Ask your administrator to unblock it.
service-account-blocked-in-time = This account is blocked because its email was not verified in time. Ask your administrator to unblock it.
service-account-gone = This account no longer exists.
service-admin-only = Only an administrator can do this.
service-not-your-deployment = You do not manage this deployment.
service-no-such-deployment = No such deployment.
service-clinicians-only = Only clinicians see patients' data.
service-no-such-patient = There is no such patient.
service-outbox-key = The development outbox needs this run's key in X-Haven-Outbox-Key (printed when the service started).

## Sessions.
service-refresh-token-invalid = The refresh token is not valid. Sign in again.
service-session-ended = This session has ended. Sign in again.
service-refresh-token-reused = This refresh token was already used, so the session has been ended for safety. Sign in again.
service-session-expired = The session has expired. Sign in again.
service-printable-characters = Give { $min }–{ $max } printable characters.

## Invitations and new accounts.
service-invite-role-not-allowed = Your role cannot invite this kind of user.
service-invite-has-account = This person already has an account in this deployment.
service-invite-unknown = This invitation does not exist. Check the link or code.
service-invite-used = This invitation has already been used.
service-invite-expired = This invitation has expired. Ask for a new one.
service-invite-other-email = This invitation is for a different email address.
service-accept-terms = You must accept the terms to create an account.
service-account-invite-or-code = Give either invite_token or enrolment_code, not both.
service-account-invite-or-code-missing = Give invite_token, or enrolment_code with email.
service-email-missing = Enter your email address.
service-enrolment-code-unknown = This enrolment code is not known. Check it with your care provider.
service-account-exists = An account with this email already exists. Sign in instead.
service-verification-unknown = This verification link is not valid. Check that you copied all of it.
service-verification-used = This verification link has already been used.
# "Send a new link" is the button of the app's sign-in screen.
service-verification-expired = This verification link has run out. On Haven's sign-in screen, sign in and choose "Send a new link".

## Account fields.
service-email-too-long = An email address has at most { $max } characters.
service-email-invalid = Not an email address.
service-name-missing = Enter your name.
service-at-most-characters = Use at most { $max } characters.
service-name-control-characters = The name contains control characters.
service-password-too-short = Use at least { $min } characters.
service-password-contains-email = The password must not contain your email address.
# A password too easy to guess: the same three sentences each time, the middle one saying why
# (as the password-strength checker words it); the last is the advice.
service-password-weak = This password is too easy to guess. Try a longer phrase of unrelated words.
service-password-weak-straight-rows = This password is too easy to guess. Straight rows of keys are easy to guess. Try a longer phrase of unrelated words.
service-password-weak-keyboard-patterns = This password is too easy to guess. Short keyboard patterns are easy to guess. Try a longer phrase of unrelated words.
service-password-weak-repeats = This password is too easy to guess. Repeats like "aaa" are easy to guess. Try a longer phrase of unrelated words.
service-password-weak-repeated-groups = This password is too easy to guess. Repeats like "abcabcabc" are only slightly harder to guess than "abc". Try a longer phrase of unrelated words.
service-password-weak-top-10 = This password is too easy to guess. This is a top-10 common password. Try a longer phrase of unrelated words.
service-password-weak-top-100 = This password is too easy to guess. This is a top-100 common password. Try a longer phrase of unrelated words.
service-password-weak-common = This password is too easy to guess. This is a very common password. Try a longer phrase of unrelated words.
service-password-weak-similar-to-common = This password is too easy to guess. This is similar to a commonly used password. Try a longer phrase of unrelated words.
service-password-weak-sequences = This password is too easy to guess. Sequences like abc or 6543 are easy to guess. Try a longer phrase of unrelated words.
service-password-weak-recent-years = This password is too easy to guess. Recent years are easy to guess. Try a longer phrase of unrelated words.
service-password-weak-single-word = This password is too easy to guess. A word by itself is easy to guess. Try a longer phrase of unrelated words.
service-password-weak-dates = This password is too easy to guess. Dates are often easy to guess. Try a longer phrase of unrelated words.
service-password-weak-names = This password is too easy to guess. Names and surnames by themselves are easy to guess. Try a longer phrase of unrelated words.
service-password-weak-common-names = This password is too easy to guess. Common names and surnames are easy to guess. Try a longer phrase of unrelated words.

## Password reset and change.
service-reset-unknown = This reset link is not known. Ask for a new one.
service-reset-used = This reset link has already been used. Ask for a new one if you need it.
service-reset-dead = This reset link no longer works (a newer one was sent, or too many wrong codes). Ask for a new one.
# $minutes is 30.
service-reset-expired = This reset link has expired (links work for { $minutes } minutes). Ask for a new one.
service-reset-code-needed = Two-step verification is on: enter a code from your phone too.
service-reset-too-many-wrong = Too many wrong codes for this reset link. Ask for a new one.
service-current-password-wrong = That is not your current password.
service-new-password-same = Choose a password different from the current one.

## The second step, and confirming it's you again.
service-challenge-unknown = This sign-in attempt does not exist. Sign in again.
service-challenge-completed = This sign-in attempt has already been completed.
service-challenge-too-many-wrong = Too many wrong codes. Sign in again to get a new code.
service-challenge-expired = This sign-in attempt has expired. Sign in again.
service-challenge-email-unverified = This account's email address is not verified. Verify it, or ask your administrator.
service-method-not-set-up-or-allowed = This method is not set up or not allowed for this account.
service-method-not-set-up = This method is not set up for this account.
service-code-wrong = That code is not right.
# $left is how many tries are left (1 to 4).
service-code-wrong-tries-left = That code is not right. { $left } { $left ->
        [one] try
       *[other] tries
    } left.
service-code-expired = This code has expired or was replaced. Send a new one.
service-no-text-sent = No text was sent for this sign-in.
service-sms-not-set-up = Text-message codes are not set up for this account.
service-setup-completed = This set-up has already been completed. Sign in again.
service-password-wrong = That password is not right.
service-reauth-method = Confirm with your password, an authenticator code or a recovery code.
service-reauth-method-set-up = Confirm with your password, an authenticator code or a recovery code you have set up.
service-reauth-password-or-code = Give either password, or method and code.
service-totp-not-set-up = No authenticator app is set up.

## Two-step verification, phone, authenticator app, settings.
service-factor-sms-not-allowed = Your organisation does not allow text-message codes.
service-factor-totp-not-allowed = Your organisation does not allow authenticator apps.
service-totp-not-started = Start authenticator set-up first.
service-totp-code-wrong = That code is not right. Check the time on your phone and try the current code.
service-totp-changed = The authenticator set-up changed meanwhile. Start again.
service-two-step-required = Your organisation requires two-step verification, so it cannot be turned off.
# sms and totp are the values to send.
service-two-step-choose = Choose sms or totp.
service-two-step-phone-first = Add and verify a mobile number first.
service-two-step-totp-first = Set up the authenticator app first.
service-two-step-off = Turn on two-step verification first.
service-no-such-device = No such remembered device.
service-biometric-required = Your organisation requires biometric login, so it cannot be turned off.
# $seconds is 1, $hours 24.
service-lock-timeout = Choose between { $seconds } second and { $hours } hours.
service-disclaimer = Tick the box to accept the disclaimer.
# $zone is the name sent, in quotes.
service-time-zone-unknown = { $zone } is not a time zone we know. Use a name like Europe/Berlin.
service-phone-missing = Enter your mobile number.
service-phone-characters = A phone number has only digits, spaces and + - ( ).
service-phone-choose-country = Choose your country.
service-phone-country-code = Start with + and the country code (+44 for the United Kingdom), or choose your country.
# $country is the number's country as an ISO code (GB, FR, …), or empty when it is not known.
service-phone-wrong-for-country = That number doesn't look right for { $country ->
        [AU] Australia
        [AT] Austria
        [BE] Belgium
        [CA] Canada
        [DK] Denmark
        [FI] Finland
        [FR] France
        [DE] Germany
        [IN] India
        [IE] Ireland
        [IT] Italy
        [NL] the Netherlands
        [NZ] New Zealand
        [NO] Norway
        [PL] Poland
        [PT] Portugal
        [ZA] South Africa
        [ES] Spain
        [SE] Sweden
        [CH] Switzerland
        [GB] the United Kingdom
        [US] the United States
       *[other] its country
    }. Check the digits.
service-phone-landline = That looks like a landline. Haven sends codes by text message: use a mobile number.
service-phone-not-mobile = That is not a mobile number. Haven sends codes by text message: use a mobile number.

## Administration.
service-deployment-name = Give the deployment a name of { $min }–{ $max } printable characters.
service-no-such-user = No such user.
# $status is the account's status as the interface names it (active, unverified, locked).
service-not-blocked-status = This account is not blocked (it is { $status }).
service-not-blocked = This account is not blocked.
service-not-locked = This account is not locked.
service-reinvite-not-blocked = Only a blocked (never verified) account can be re-invited, once.
service-audit-since = since must be an RFC 3339 time, e.g. 2026-11-23T00:00:00Z
service-audit-user-id = user_id must be a UUID
# $method is the value sent, in quotes.
service-policy-unknown-method = Unknown method { $method }: use sms and/or totp.
service-policy-no-method = Allow at least one of sms, totp.
service-policy-code-length = Use { $min } to { $max } digits.
service-policy-remember-days = Use 0 (off) to { $max } days.
# $seconds is 30, $hours 24.
service-policy-idle-timeout = Use { $seconds } seconds to { $hours } hours.

## Consent and health data.
# "Profile → Informed consent" is where the app shows the form.
service-consent-not-signed = Read and sign the informed consent form (Profile → Informed consent) before recording data.
service-no-such-document = There is no such document.
service-consent-patients-only = Informed consent is for patients.
# $version is the version of the text in force.
service-consent-not-current = That is not the consent text in force (version { $version }). Read it again and sign that.
service-consent-nothing-to-withdraw = There is no signed consent to withdraw.
service-push-patients-only = Only patients record observations.
service-push-needs-id = Every observation needs one id, a string.
service-push-value-too-large = The value is too large.
# $kind is the kind sent, in quotes.
service-push-unknown-kind = Unknown kind { $kind }.
# $detail is a technical explanation in English (from the JSON reader), for developers.
service-push-unreadable = This observation cannot be read: { $detail }.
service-pull-bad-cursor = Not a cursor this service gave out.
service-pull-limit = Use { $min } to { $max }.

## Data downloads.
service-no-such-export = There is no such export.
service-export-patients-only = Only patients have health data to download.
service-export-needs-disk = Data downloads need the service's database on disk.
# $max is the most values a PDF holds, $count how many the patient has.
service-export-pdf-too-many = A PDF holds at most { $max } values and you have { $count }. Download CSV or FHIR instead.
# $count is 3 or more.
service-export-too-many-open = { $count } downloads are already being prepared. Wait for them to finish.
# $days is 7.
service-export-expired = This download has expired (files are kept for { $days } days). Request a new one.
service-export-failed = This download could not be prepared. Request a new one.
service-export-not-ready = This download is not ready yet.

## The pages the links in emails open (in a browser).
service-page-internal = Something went wrong on the server. Please try again in a minute.
service-page-link-incomplete = This link is incomplete.
service-page-link-incomplete-hint = Open the link from the email again, or copy all of it into Haven.
service-page-verify-title = Verify your email
service-page-verify-intro = Confirm that this is your email address for Haven.
service-page-verify-button = Verify my email
service-page-verified-title = Your email is verified
service-page-verified = Thank you. Go back to Haven and sign in.
service-page-not-verified-title = Your email is not verified yet
# $action is the app's button "Send a new link", in the page's language.
service-page-not-verified = If it still needs verifying, sign in to Haven and choose "{ $action }".
service-page-invite-title = You are invited to Haven
# $deployment is the organisation's name, $email the address invited (shown in bold).
service-page-invite-who = { $deployment } invites { $email } to join Haven.
# $action is the app's button "Have an invitation? Create your account" (shown in bold).
service-page-invite-how = Open Haven, choose { $action }, and paste this link or the code from the email:
# $until is a date and time.
service-page-invite-until = The invitation works until { $until }.
service-page-invite-refused-title = This invitation cannot be used
service-page-invite-refused = Ask the person who invited you to send a new one.
service-page-reset-title = Choose a new password
# $forgot and $have_link are the app's buttons "Forgot your password?" and "I have the link" (in bold).
service-page-reset-how = Open Haven, choose { $forgot }, then { $have_link }, and paste this code:
# $minutes is 30.
service-page-reset-once = It works once, for { $minutes } minutes after it was sent.
# The text message carrying a sign-in or phone code; $code is digits, $minutes how long it works.
service-sms-code = Your Haven code is { $code }. It expires in { $minutes } minutes. Never share it.

## The demo deployment (`serve --demo`, the app's bundled service), made in the language of whoever
## starts it first.
service-demo-deployment = Demo deployment
# Its administrator's name.
service-demo-admin-name = Demo Admin

## The emails the service sends, in the language of the request that caused them. The link, token
## or code of a mail is not in these messages: the service puts it after the message that ends
## with a colon (on the same line), or on its own line, as the English mail has it.
# $deployment is the organisation's name.
service-mail-invite-subject = You're invited to { $deployment } on Haven
# $role is the role invited to, as the interface names it: admin, clinician or patient.
service-mail-invite-intro = You have been invited to join { $deployment } on Haven as { $role ->
        [admin] an admin
        [clinician] a clinician
       *[patient] a patient
    }.
# Followed by the link.
service-mail-invite-create = Create your account:
# Followed by the invitation code (XXXXX-XXXXX).
service-mail-invite-code = Or enter this code in the Haven app:
# $expires is a UTC date and time as RFC 3339 (2026-11-30T09:00:00Z).
service-mail-invite-expiry =
    The invitation can be used once and expires on { $expires }.
    If you did not expect this email, you can ignore it.
# To an address that already has an account in another deployment, instead of the invitation.
service-mail-invited-elsewhere-subject = You were invited to { $deployment } on Haven
service-mail-invited-elsewhere =
    You were invited to join another Haven deployment, but this email address already has a Haven account.
    Sign in with your existing account, or ask whoever invited you to use a different email address.
service-mail-verify-subject = Verify your email for Haven
# Followed by the link, on the next line.
service-mail-verify-open = Open this link to confirm your email address for Haven:
# $hours is 24; $action is the app's button "Send a new link", in the mail's language.
service-mail-verify-deadline =
    Please do it within { $hours } hours of creating your account. If you miss that, your
    organisation's administrator can reactivate the account. Lost this email? Sign in to
    Haven and choose "{ $action }".
# Followed by the code.
service-mail-verify-code = Or paste this code into Haven:
# To the owner of an address someone tried to enrol again.
service-mail-account-exists-subject = Someone tried to create a Haven account with your email
service-mail-account-exists =
    Someone tried to create a new Haven account with this email address, which already has one.
    If it was you, sign in instead. If it was not you, you can ignore this email.
service-mail-reset-subject = Reset your Haven password
# Followed by the link, on the same line.
service-mail-reset-intro =
    Someone asked to reset the password of your Haven account. If it was you, choose a new
    password here:
# Followed by the code.
service-mail-reset-code = Or paste this code into the Haven app:
# $minutes is 30.
service-mail-reset-once =
    It works once, for { $minutes } minutes. If it was not you, ignore this email: your password has not
    changed.
service-mail-password-reset-subject = Your Haven password was reset
# $time is a UTC date and time as RFC 3339 (2026-11-23T10:00:00Z).
service-mail-password-reset = The password of your Haven account was reset on { $time } (UTC), and every device was signed out.
service-mail-password-reset-advice = If this was not you, contact your care provider or administrator at once.
service-mail-password-changed-subject = Your Haven password was changed
# $time is a UTC date and time as RFC 3339 (2026-11-23T10:00:00Z).
service-mail-password-changed = The password of your Haven account was changed on { $time } (UTC); your other devices were signed out.
service-mail-password-changed-advice = If this was not you, reset your password from the sign-in screen and contact your administrator.
