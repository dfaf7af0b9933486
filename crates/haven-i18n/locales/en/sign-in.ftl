sign-in-title = Sign in to Haven
sign-in-email = Email
sign-in-password = Password
sign-in-submit = Sign in
sign-in-forgot = Forgot your password?
sign-in-join = Have an invitation? Create your account
sign-in-enrol = Patient with an enrolment code from your care provider? Sign up
sign-in-inbox = Development inbox (emails and texts this service sent)
