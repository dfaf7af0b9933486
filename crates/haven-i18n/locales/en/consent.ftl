consent-title = Informed consent
consent-loading = Loading…
consent-back = Back
consent-to-health = My health

## Where the patient stands ($date: a day, e.g. 29 Nov 2026)
consent-signed-on = You signed this on { $date }.
consent-signed-earlier = You signed an earlier version. Read the new text and sign it.
consent-withdrawn-on = You withdrew your consent on { $date }. Haven does not collect new data; your existing data stays available to you.
consent-not-signed = You have not signed yet. Haven records nothing until you do.

# $version: the consent text's version (e.g. 2).
consent-version = Version { $version }
consent-sign = I agree — sign

## Withdrawing
consent-withdraw = Withdraw your consent
consent-withdraw-title = Withdraw your consent?
consent-withdraw-explained = Haven stops recording new values at once, on all your devices. What you recorded stays available to you and your care team, and you can still download it. You can sign again later.
# The button that confirms the withdrawal.
consent-withdraw-confirm = Withdraw
consent-keep = Keep my consent
