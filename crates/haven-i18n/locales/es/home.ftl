## The signed-in landing screen, and the clinician's list of patients and patient page.

home-title = Inicio
home-codes-saved = Ya los he guardado
home-loading = Cargando…
home-disclaimer-title = Antes de empezar
home-disclaimer = Haven muestra lo que registran los pacientes. No sustituye el criterio clínico y no se supervisa las 24 horas: a los pacientes se les indica que contacten con los servicios de emergencia cuando necesiten ayuda urgente.
home-disclaimer-ok = He leído y entendido esto
home-start = Empezar a usar Haven
home-biometric-title = Active el inicio de sesión con huella digital
home-biometric-required = Su organización exige el inicio de sesión biométrico: Haven se abrirá con su huella digital cuando esté bloqueado.
home-biometric-on = Activar
home-biometric-later = Más tarde
home-dashboard = Panel del profesional sanitario
# $role is the account's role (Patient, Clinician, Administrator).
home-signed-in-as = Sesión iniciada como { $name } · { $role }
home-your-patients = Sus pacientes
home-health-link = Mi salud: registre y consulte sus valores
# $method is how the second step is done, in lower case (e.g. "authenticator app").
home-two-step-on = Verificación en dos pasos: activada — { $method }
home-two-step-off = Verificación en dos pasos: desactivada
home-account = Cuenta
home-admin = Administración
home-sign-out = Cerrar sesión

## The clinician's patients.

home-loading-patients = Cargando pacientes…
home-no-patients = Aún no hay pacientes.
# A patient in the list: how many values they recorded ($last: when the last was; then their consent
# when it is not signed).
home-patient-values =
    { $count ->
        [one] { $count } valor
       *[other] { $count } valores
    }
home-patient-values-withdrawn =
    { $count ->
        [one] { $count } valor, consentimiento retirado
       *[other] { $count } valores, consentimiento retirado
    }
home-patient-values-not-signed =
    { $count ->
        [one] { $count } valor, consentimiento sin firmar
       *[other] { $count } valores, consentimiento sin firmar
    }
home-patient-values-last =
    { $count ->
        [one] { $count } valor, el último el { $last }
       *[other] { $count } valores, el último el { $last }
    }
home-patient-values-last-withdrawn =
    { $count ->
        [one] { $count } valor, el último el { $last }, consentimiento retirado
       *[other] { $count } valores, el último el { $last }, consentimiento retirado
    }
home-patient-values-last-not-signed =
    { $count ->
        [one] { $count } valor, el último el { $last }, consentimiento sin firmar
       *[other] { $count } valores, el último el { $last }, consentimiento sin firmar
    }
home-patient = Paciente
home-patient-withdrew = { $name } retiró su consentimiento: no se recoge nada nuevo.
home-patient-not-signed = { $name } aún no ha firmado el consentimiento informado.
home-over-time = A lo largo del tiempo
home-nothing-yet = Aún no hay nada registrado.
home-back-to-patients = Volver a sus pacientes
