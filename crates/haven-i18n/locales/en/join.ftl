# Creating an account: by invitation (join), or as a patient with an enrolment code (sign up).

join-title = Create your Haven account
join-code = Invitation code or link
join-continue = Continue
# $deployment is the organisation's name for its Haven service; $role is "patient",
# "clinician" or "admin" (lower case, in the app's language).
join-invite-info = { $deployment } invites { $email } to join as { $role }.
join-create = Create account
join-back = Back to sign in
join-enrol-title = Sign up as a patient
join-enrol-code = Enrolment code
join-enrol-email = Email
join-enrol-submit = Sign up
