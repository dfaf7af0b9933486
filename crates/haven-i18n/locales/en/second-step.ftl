# The second step of signing in: a code from a text message, an authenticator app or a recovery code.

second-step-sign-in-first = Sign in first.
second-step-unexpected = Unexpected answer; sign in again.
second-step-title = Two-step verification
# The code texted at sign-in ($which is "first") or a new one asked for on this screen ($which is
# "new"); "sent" once the text gateway took it, "sending" before. $to is a phone number.
second-step-sent-to = We sent { $which ->
        [new] a new code
       *[first] a code
    } to { $to }.
second-step-sent = We sent { $which ->
        [new] a new code
       *[first] a code
    }.
second-step-sending-to = We are sending { $which ->
        [new] a new code
       *[first] a code
    } to { $to }.
second-step-sending = We are sending { $which ->
        [new] a new code
       *[first] a code
    }.
# After a new code was asked for: a text already on its way with the earlier code cannot be
# called back, and that code no longer works.
second-step-newest-only = Only the newest code works: if an earlier text still arrives, ignore it.
second-step-code = Code
second-step-remember = Remember this device for { $days ->
        [one] { $days } day
       *[other] { $days } days
    } (not on shared devices)
second-step-continue = Continue
