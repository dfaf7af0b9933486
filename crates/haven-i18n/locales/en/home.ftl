## The signed-in landing screen, and the clinician's list of patients and patient page.

home-title = Home
home-codes-saved = I have saved them
home-loading = Loading…
home-disclaimer-title = Before you start
home-disclaimer = Haven shows what patients record. It does not replace clinical judgement, and it is not monitored around the clock: patients are told to contact emergency services when they need urgent help.
home-disclaimer-ok = I have read and understood this
home-start = Start using Haven
home-biometric-title = Turn on fingerprint login
home-biometric-required = Your organisation requires biometric login: Haven will open with your fingerprint when it is locked.
home-biometric-on = Turn on
home-biometric-later = Later
home-dashboard = Clinician dashboard
# $role is the account's role (Patient, Clinician, Administrator).
home-signed-in-as = Signed in as { $name } · { $role }
home-your-patients = Your patients
home-health-link = My health: record and see your values
# $method is how the second step is done, in lower case (e.g. "authenticator app").
home-two-step-on = Two-step verification: on — { $method }
home-two-step-off = Two-step verification: off
home-account = Account
home-admin = Administration
home-sign-out = Sign out

## The clinician's patients.

home-loading-patients = Loading patients…
home-no-patients = No patients yet.
# A patient in the list: how many values they recorded ($last: when the last was; then their consent
# when it is not signed).
home-patient-values = { $count ->
        [one] { $count } value
       *[other] { $count } values
    }
home-patient-values-withdrawn = { $count ->
        [one] { $count } value
       *[other] { $count } values
    }, consent withdrawn
home-patient-values-not-signed = { $count ->
        [one] { $count } value
       *[other] { $count } values
    }, consent not signed
home-patient-values-last = { $count ->
        [one] { $count } value
       *[other] { $count } values
    }, last { $last }
home-patient-values-last-withdrawn = { $count ->
        [one] { $count } value
       *[other] { $count } values
    }, last { $last }, consent withdrawn
home-patient-values-last-not-signed = { $count ->
        [one] { $count } value
       *[other] { $count } values
    }, last { $last }, consent not signed
home-patient = Patient
home-patient-withdrew = { $name } withdrew their consent: nothing new is collected.
home-patient-not-signed = { $name } has not signed the informed consent yet.
home-over-time = Over time
home-nothing-yet = Nothing recorded yet.
home-back-to-patients = Back to your patients
