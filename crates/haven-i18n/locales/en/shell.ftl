## Start-up (shown in the window when the app cannot start)

# $reason: why, e.g. shell-url-plain-http.
shell-not-started = Haven could not start: { $reason }
shell-still-starting = Haven is still starting. Try again.
shell-closing = Haven is closing.
# $url: the address as it was given, in quotes; $error: the technical reason.
shell-url-invalid = { $url } is not a service address ({ $error }); give e.g. https://haven.example.org
shell-url-plain-http = Haven talks to a service on another machine only over HTTPS, so it did not connect to { $url }. Ask your administrator for the service's https:// address.
# $scheme: the address's scheme, e.g. ftp.
shell-url-scheme = { $url } is not a service address (a { $scheme }: URL); give its https:// address
shell-ca-unreadable = cannot read the service's certificate authority { $path } ({ $error })
shell-ca-not-pem = the service's certificate authority file is not PEM: { $error }
shell-ca-empty = the service's certificate authority file holds no certificate

## Why the system keychain cannot be used: shown in brackets inside common-keychain-problem and
## the sign-out notices, so they start in lower case and have no full stop.

shell-keychain-call-failed = the keychain call failed
shell-keychain-refused = the keychain is locked or refused access ({ $error })
shell-keychain-no-secret-service = no Secret Service on the session bus ({ $error })
shell-keychain-macos = the macOS keychain cannot be opened ({ $error })
shell-keychain-ios = the iOS keychain cannot be opened ({ $error })
shell-keychain-windows = the Windows Credential Manager cannot be opened ({ $error })
shell-keychain-android = the Android keystore cannot be opened ({ $error })
shell-keychain-none = this platform has no keychain store in Haven yet, so tokens are kept for this run only
shell-keychain-timeout = the keychain did not answer in time (it may be locked)

## Signing out

# $error: shell-keychain-… (why the keychain kept it).
shell-signed-out-keychain-kept = You are signed out. Haven could not remove your sign-in from the system keychain ({ $error }), but the service has ended it, so it no longer works.
# $service: why the service did not end it (an error sentence without its full stop); $keychain: shell-keychain-….
shell-sign-out-incomplete = Haven could not finish signing you out. The service did not end your session ({ $service }), and the system keychain kept your sign-in ({ $keychain }), so Haven will be signed in again when it next starts: sign out again then.

## The lock screen

shell-locked = Haven is locked.
shell-unlock-count-failed = Haven cannot keep count of unlock attempts on this device.
shell-unlock-wrong-password = That password is not right. { $left ->
        [one] { $left } try left
       *[other] { $left } tries left
    } before Haven signs you out.
shell-unlock-signed-out = Too many wrong passwords, so Haven signed you out. Sign in again.
shell-bio-too-many = Too many fingerprint tries. Use your password.
shell-bio-off = Fingerprint login is off. Turn it on in Profile → Account.
shell-bio-timed-out = No finger was scanned in time. Try again or use your password.
shell-bio-cancelled = Cancelled. Try again or use your password.
shell-bio-locked-out = Too many tries: your device has turned this check off for now. Use your password.
shell-bio-not-enrolled-here = No fingerprint is enrolled for you on this computer. Use your password.
shell-bio-did-not-work = The fingerprint reader did not work. Try again or use your password.
shell-bio-no-match = That fingerprint does not match. { $left ->
        [one] { $left } try left.
       *[other] { $left } tries left.
    }
shell-bio-last-no-match = That fingerprint does not match, and that was the last try. Use your password.
# The phone's system prompt for a fingerprint or face: its title, its cancel button, and the reason it gives.
shell-bio-prompt-title = Unlock Haven
shell-bio-prompt-cancel = Use my password
shell-bio-prompt-reason = Unlock Haven

## Why fingerprint login cannot be used here: shown after "Not available on this device:" and
## "Fingerprint login cannot be turned on here:", so they start in lower case and have no full stop.

shell-bio-no-answer = the fingerprint reader did not answer
shell-bio-not-enrolled = no fingerprint is enrolled for this user; add one in the system settings
# $error: the technical reason.
shell-bio-failed = the fingerprint reader failed: { $error }
shell-bio-no-reader = there is no fingerprint reader
shell-bio-no-fprintd = the fingerprint service (fprintd) is not installed or not running
shell-bio-unreachable = the system's fingerprint service cannot be reached
shell-bio-unsupported = fingerprint login is not available in Haven on this platform yet
shell-bio-none-on-device = this device offers no fingerprint or face unlock
# $reason: one of the sentences above.
shell-biometric-cannot-enable = Fingerprint login cannot be turned on here: { $reason }.

## Notifications

shell-export-ready-title = Your data is ready
shell-export-ready-body = Open Haven → Download your data to save it.
shell-export-failed-title = Your data download failed
shell-export-failed-body = Open Haven → Download your data to try again.
shell-test-notification-body = Notifications from Haven reach you here.
shell-notifications-unavailable = Notifications cannot be shown: { $error }.

## The recovery codes file (a text file: the codes follow, one a line)

shell-recovery-file-title = Haven recovery codes for { $email }
shell-recovery-file-once = Each code works once, when you cannot get a code from your phone.
shell-recovery-file-safe = Keep them somewhere safe.

## Health data on this device

shell-sign-consent-first = Sign the informed consent form (Profile → Informed consent) to start recording.
shell-sync-consent-withdrawn = You withdrew your consent, so nothing new is sent. What you record stays on this device.
shell-value-changed-outside = This value on this device could not be read: it was changed outside Haven.
shell-unreadable-not-sent = This value could not be read on this device (it was changed outside Haven), so it was not sent.
shell-value-gone = That value is no longer on this device.
# $id: the value's id.
shell-stored-value-unreadable = The stored value of { $id } cannot be read.
shell-stored-kind-unreadable = The stored kind of { $id } cannot be read.
shell-stored-state-unreadable = The stored state of { $id } cannot be read.
shell-time-not-rfc3339 = The time must be an RFC 3339 time, e.g. 2026-11-24T08:30:00Z.
shell-keychain-not-asked = The keychain could not be asked: { $error }
shell-store-key-unavailable = Haven cannot use the system keychain now, so it cannot open the health records kept on this device. Nothing was deleted: unlock the keychain, then quit Haven and open it again.
# $unsent: how many values recorded on this device had not been sent.
shell-store-lost = Your health records on this device could not be read: the key that protects them is no longer in the system keychain. { $unsent ->
        [0] None of them were waiting to be sent, so nothing is lost
        [1] 1 value recorded here had not reached the service yet and is lost
       *[other] { $unsent } values recorded here had not reached the service yet and are lost
    }; everything the service has is downloaded again.

## Saving files, and the rest

# $path: where; $error: the system's reason.
shell-cannot-write = Cannot write { $path }: { $error }.
shell-cannot-save = Cannot save { $path }: { $error }.
# $count is 999.
shell-too-many-same-name = { $count } files already have this name
# Choosing the app's language failed (src-tauri/src/commands/language.rs); the language stays as it was.
shell-language-not-kept = Haven could not save your choice of language on this device, so the language was not changed. Check that the disk is not full, then try again.
shell-no-dev-inbox = There is no development inbox: this service sends real email and text messages.
shell-patient-not-found = That patient is not in your deployment.
shell-setup-sign-in-again = Sign in again to set up two-step verification.
