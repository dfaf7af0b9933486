## The lock screen: Haven locked itself after a while unused.

lock-title = Haven is locked
lock-why = It locked because it was not in use. Enter your password to carry on.
lock-fingerprint = Unlock with fingerprint
# Under the fingerprint button.
lock-or-password = Or enter your password:
lock-password = Password
lock-unlock = Unlock
lock-sign-out = Sign out instead
