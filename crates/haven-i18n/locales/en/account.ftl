account-title = Account
account-your-data = Your data
account-exports-link = Download your data
account-consent-link = Informed consent
account-legal-link = Legal
account-back = Back

## Two-step verification
account-two-step-title = Two-step verification
account-two-step-hint = After your password, Haven asks for a code from your phone.
account-two-step-on-sms = On — text message
account-two-step-on-totp = On — authenticator app
account-two-step-off = Off
account-two-step-mandatory = Your organisation requires two-step verification, so it stays on.
account-mobile-number = Mobile number:
account-switch-to-sms = Switch to text messages
account-use-sms = Use text messages
account-change-phone = Change mobile number
account-switch-to-totp = Switch to an authenticator app
account-use-totp = Use an authenticator app
account-new-codes = New recovery codes
account-turn-off = Turn off
account-send-code = Send code
account-sms-code = Code from the text message
account-totp-code = Code from the app
account-turn-on = Turn on
account-two-step-off-done = Two-step verification is off. Remembered devices were forgotten.
account-new-codes-done = New recovery codes made; the old ones no longer work.
account-two-step-on-sms-done = Two-step verification is on: after your password, Haven texts you a code.
account-two-step-on-totp-done = Two-step verification is on: after your password, Haven asks for a code from your authenticator app.

## Lock app when not in use
account-lock-title = Lock app when not in use
account-lock-enabled = Lock Haven when I am not using it
account-lock-after = Lock after
# An idle time in the "Lock after" list.
account-lock-minutes =
    { $n ->
        [one] { $n } minute
       *[other] { $n } minutes
    }
account-lock-hours =
    { $n ->
        [one] { $n } hour
       *[other] { $n } hours
    }
account-lock-seconds = { $n ->
        [one] { $n } second
       *[other] { $n } seconds
    }
account-lock-cap = Your organisation allows at most { $minutes } minutes.
account-lock-status-on = Haven locks after { $seconds } s without use.
account-lock-status-off = Haven does not lock by itself.

## Password
account-password-title = Password
account-current-password = Current password
account-new-password = New password (at least 12 characters)
account-change-password = Change password
account-password-changed = Your password is changed. Your other devices were signed out.

## Biometric login
account-biometric-title = Biometric login
account-biometric-enabled = Unlock Haven with my fingerprint
account-biometric-ready = A fingerprint reader is ready.
# $reason: why the device cannot read fingerprints, as the system says it.
account-biometric-unavailable-because = Not available on this device: { $reason }.
account-biometric-unavailable = Not available on this device.
account-biometric-required = Your organisation requires biometric login.
account-biometric-on = Haven opens with your fingerprint when it is locked.
account-biometric-off = Haven no longer opens with your fingerprint; your password opens it.

## Notifications
account-notify-title = Notifications
account-notify-hint = Haven tells you through your system's notifications when your data download is ready.
account-notify-test = Send a test notification
account-notify-sent = Sent. If nothing appeared, allow notifications for Haven in your system settings.

## Remembered devices (skip the second step until a date)
account-devices-title = Remembered devices
account-no-devices = No device skips the second step.
# $name: the device's name, $platform: its system (e.g. linux), $until: a date and time.
account-device = { $name } ({ $platform }), until { $until }
account-forget = Forget
