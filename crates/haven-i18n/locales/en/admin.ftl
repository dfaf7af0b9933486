admin-title = Administration
admin-loading = Loading…
admin-back = Back

## The deployment's sign-in policy
admin-policy-title = Sign-in policy
# Follows the deployment's name; the code itself comes after it.
admin-enrolment-code = patient enrolment code
admin-two-step-required = Require two-step verification for everyone (clinicians always need it)
admin-allowed-methods = Second-step methods allowed
admin-code-length = Digits in a texted code (4–8)
admin-remember-days = Days a device may skip the second step (0 turns it off)
admin-biometric-required = Require biometric login on phones
admin-idle-max = Longest idle time before the app locks (seconds)
admin-save-policy = Save policy
admin-policy-saved = Policy saved. It applies from each user's next sign-in.

## Invitations
admin-invite-title = Invite someone
admin-email = Email
admin-role = Role
# The language the invitation email is written in, for the person invited.
admin-invite-language = Language of the invitation
admin-send-invite = Send invitation
# $expires: a date and time.
admin-invite-sent = Invitation sent to { $email }. It expires { $expires }.

## The people in the deployment
admin-users-title = People
# An account's state, beside the person's name and role.
admin-status-active = active
admin-status-unverified = unverified
# The email was not verified in time.
admin-status-blocked = blocked
# Locked after too many failed second steps.
admin-status-locked = locked
admin-unblock = Unblock
admin-unlock = Unlock
