# The sentence the app shows for each error code (UiError::text). Where the service sends its own,
# more specific sentence, that one is shown instead.
errors-invalid-request = The app sent something the service could not read. Try again; if it keeps happening, update Haven.
errors-invalid-credentials = That is not right. Check it and try again.
errors-unauthenticated = Your session has ended. Sign in again.
errors-reauth-required = For your security, confirm your password first.
errors-forbidden = You are not allowed to do this.
errors-not-found = That was not found. It may have been removed.
errors-method-not-allowed = The service does not offer this here. Update Haven.
errors-conflict = This cannot be done right now because of a change made elsewhere. Reload and try again.
errors-consent-withdrawn = You have withdrawn your consent, so Haven no longer collects new data. Your existing data is still yours to download.
# "one": a new link or code (an invitation, a password reset).
errors-gone = This has expired. Ask for a new one.
errors-payload-too-large = That is too large to send.
errors-unsupported-media-type = The app sent data in a form the service does not accept. Update Haven.
errors-unprocessable = Some details are not valid. Check them and try again.
# $minutes is 2 or more.
errors-too-many-attempts-minutes = Too many attempts. Try again in { $minutes ->
        [one] { $minutes } minute.
       *[other] { $minutes } minutes.
    }
# $seconds is under 120.
errors-too-many-attempts-seconds = Too many attempts. Try again in { $seconds ->
        [one] { $seconds } second.
       *[other] { $seconds } seconds.
    }
errors-too-many-attempts = Too many attempts. Try again later.
errors-internal = Something went wrong on Haven's service. Nothing you entered was lost; try again in a moment.
errors-unavailable = Haven's service is busy or under maintenance. Try again in a few minutes.
errors-unreachable = Haven's service cannot be reached. Check your connection and try again.
errors-untrusted = Haven's service could not prove it is the real one (its security certificate is not trusted), so nothing was sent. Check the service's address with your administrator.
errors-protocol = Haven's service answered in a way this app does not understand. Update Haven.
errors-keychain = The system keychain could not be used, so you will need to sign in again next time.
errors-locked = Haven is locked. Unlock it to continue.
errors-not-available = This is not available here.
errors-local-storage = Haven could not use its storage on this device. Check that the disk is not full, then try again.
errors-not-started = Haven could not start. Quit it and open it again.
errors-signed-out = Haven signed you out. Sign in again.
