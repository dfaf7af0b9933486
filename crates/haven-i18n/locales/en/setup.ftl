# Setting up two-step verification when the organisation requires it.

setup-title = Set up two-step verification
setup-hint = Your organisation requires a second step at sign-in: a code from your phone.
# Two buttons: how the codes will come.
setup-choose-label = How to get codes
setup-choose-sms = Text message
setup-choose-authenticator = Authenticator app
setup-code-app = Code from the app
setup-next = Next
setup-send-code = Send code
setup-texted = We texted you a code.
setup-code-sms = Code from the text message
