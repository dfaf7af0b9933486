## The sync service's answers: the sentence of each error (`message`), the sentences under the
## fields of a 422 (`fields`), why a pushed value is refused, and the pages the emailed links open.
## Words written in lower_case (invite_token, enrolment_code, user_id, since, sms, totp…) are the
## interface's own names: keep them as they are.

## Errors of any request.
service-invalid-credentials = El correo electrónico o la contraseña no son correctos.
# $minutes is 10.
service-reauth-required = Confirme que es usted: vuelva a introducir su contraseña o un código (esta acción requiere haberlo hecho en los últimos { $minutes } minutos).
service-method-not-allowed = Este método no está permitido en esta ruta.
service-consent-withdrawn = Ha retirado su consentimiento, por lo que no se recopilan datos nuevos. Vuelva a firmar el formulario de consentimiento para reanudarlo; sus datos existentes siguen disponibles.
service-payload-too-large = El cuerpo de la solicitud es demasiado grande.
service-unsupported-media-type = El cuerpo de la solicitud debe ser JSON (Content-Type: application/json).
service-unprocessable = Algunos campos no son válidos.
service-too-many-attempts = { $seconds ->
        [one] Demasiados intentos. Vuelva a intentarlo dentro de { $seconds } segundo.
       *[other] Demasiados intentos. Vuelva a intentarlo dentro de { $seconds } segundos.
    }
service-internal = Algo salió mal en el servidor. Vuelva a intentarlo.
service-unavailable = El servicio no está disponible en este momento. Vuelva a intentarlo dentro de un momento.
service-storage-full = El servicio se ha quedado sin espacio de almacenamiento en este momento, así que no se ha guardado ni cambiado nada. Vuelva a intentarlo más tarde.
service-no-such-route = Esa ruta no existe.
service-no-such-record = Ese registro no existe.
# $detail is a technical explanation in English (from the JSON reader), for developers.
service-malformed-json = JSON mal formado: { $detail }
service-invalid-body = Cuerpo de la solicitud no válido: { $detail }
service-unreadable-body = No se puede leer el cuerpo de la solicitud: { $detail }
service-nul-character = La solicitud contiene un carácter que Haven no puede aceptar (U+0000, el carácter nulo).
service-push-nul-character = Este valor contiene un carácter que Haven no puede guardar (U+0000, el carácter nulo).
service-bad-path = Ruta no válida: { $detail }
service-bad-query = Parámetros de consulta no válidos: { $detail }
# $choices lists the accepted values as they are sent: "csv, pdf, fhir".
service-choose-one-of = Elija uno de estos valores: { $choices }.

## Who may do what.
service-sign-in-first = Inicie sesión primero: esto requiere un token de acceso (bearer).
service-access-token-invalid = El token de acceso no es válido o ha caducado.
service-setup-token-invalid = El token de configuración no es válido o ha caducado. Vuelva a iniciar sesión.
service-account-locked = Esta cuenta está suspendida. Pida a su administrador que la reactive.
service-account-locked-failures = Esta cuenta se ha suspendido tras demasiados intentos fallidos. Pida a su administrador que la reactive.
# $hours is 24.
service-account-blocked = Esta cuenta está bloqueada porque su correo electrónico no se verificó en un plazo de { $hours } horas. Pida a su administrador que la desbloquee.
service-account-blocked-in-time = Esta cuenta está bloqueada porque su correo electrónico no se verificó a tiempo. Pida a su administrador que la desbloquee.
service-account-gone = Esta cuenta ya no existe.
service-admin-only = Solo un administrador puede hacer esto.
service-not-your-deployment = Usted no administra esta implementación.
service-no-such-deployment = Esa implementación no existe.
service-clinicians-only = Solo los profesionales clínicos pueden ver los datos de los pacientes.
service-no-such-patient = Ese paciente no existe.
service-outbox-key = El buzón de desarrollo necesita la clave de esta ejecución en X-Haven-Outbox-Key (se mostró al iniciar el servicio).

## Sessions.
service-refresh-token-invalid = El token de actualización no es válido. Vuelva a iniciar sesión.
service-session-ended = Esta sesión ha finalizado. Vuelva a iniciar sesión.
service-refresh-token-reused = Este token de actualización ya se había usado, así que la sesión se ha cerrado por seguridad. Vuelva a iniciar sesión.
service-session-expired = La sesión ha caducado. Vuelva a iniciar sesión.
service-printable-characters = Escriba de { $min } a { $max } caracteres imprimibles.

## Invitations and new accounts.
service-invite-role-not-allowed = Su rol no puede invitar a este tipo de usuario.
service-invite-has-account = Esta persona ya tiene una cuenta en esta implementación.
service-invite-unknown = Esta invitación no existe. Revise el enlace o el código.
service-invite-used = Esta invitación ya se ha utilizado.
service-invite-expired = Esta invitación ha caducado. Solicite una nueva.
service-invite-other-email = Esta invitación es para otra dirección de correo electrónico.
service-accept-terms = Debe aceptar las condiciones para crear una cuenta.
service-account-invite-or-code = Indique invite_token o enrolment_code, no ambos.
service-account-invite-or-code-missing = Indique invite_token, o enrolment_code con email.
service-email-missing = Introduzca su dirección de correo electrónico.
service-enrolment-code-unknown = No se reconoce este código de inscripción. Compruébelo con su centro de salud.
service-account-exists = Ya existe una cuenta con este correo electrónico. Inicie sesión.
service-verification-unknown = Este enlace de verificación no es válido. Compruebe que lo copió completo.
service-verification-used = Este enlace de verificación ya se ha utilizado.
# "Send a new link" is the button of the app's sign-in screen.
service-verification-expired = Este enlace de verificación ha caducado. En la pantalla de inicio de sesión de Haven, inicie sesión y elija «Enviar un enlace nuevo».

## Account fields.
service-email-too-long = Una dirección de correo electrónico tiene como máximo { $max } caracteres.
service-email-invalid = No es una dirección de correo electrónico.
service-name-missing = Introduzca su nombre.
service-at-most-characters = Use como máximo { $max } caracteres.
service-name-control-characters = El nombre contiene caracteres de control.
service-password-too-short = Use al menos { $min } caracteres.
service-password-contains-email = La contraseña no debe contener su dirección de correo electrónico.
# A password too easy to guess: the same three sentences each time, the middle one saying why
# (as the password-strength checker words it); the last is the advice.
service-password-weak = Esta contraseña es demasiado fácil de adivinar. Pruebe con una frase más larga de palabras sin relación entre sí.
service-password-weak-straight-rows = Esta contraseña es demasiado fácil de adivinar. Las filas seguidas de teclas son fáciles de adivinar. Pruebe con una frase más larga de palabras sin relación entre sí.
service-password-weak-keyboard-patterns = Esta contraseña es demasiado fácil de adivinar. Los patrones cortos de teclado son fáciles de adivinar. Pruebe con una frase más larga de palabras sin relación entre sí.
service-password-weak-repeats = Esta contraseña es demasiado fácil de adivinar. Las repeticiones como «aaa» son fáciles de adivinar. Pruebe con una frase más larga de palabras sin relación entre sí.
service-password-weak-repeated-groups = Esta contraseña es demasiado fácil de adivinar. Las repeticiones como «abcabcabc» son solo un poco más difíciles de adivinar que «abc». Pruebe con una frase más larga de palabras sin relación entre sí.
service-password-weak-top-10 = Esta contraseña es demasiado fácil de adivinar. Es una de las 10 contraseñas más comunes. Pruebe con una frase más larga de palabras sin relación entre sí.
service-password-weak-top-100 = Esta contraseña es demasiado fácil de adivinar. Es una de las 100 contraseñas más comunes. Pruebe con una frase más larga de palabras sin relación entre sí.
service-password-weak-common = Esta contraseña es demasiado fácil de adivinar. Es una contraseña muy común. Pruebe con una frase más larga de palabras sin relación entre sí.
service-password-weak-similar-to-common = Esta contraseña es demasiado fácil de adivinar. Se parece a una contraseña de uso frecuente. Pruebe con una frase más larga de palabras sin relación entre sí.
service-password-weak-sequences = Esta contraseña es demasiado fácil de adivinar. Las secuencias como abc o 6543 son fáciles de adivinar. Pruebe con una frase más larga de palabras sin relación entre sí.
service-password-weak-recent-years = Esta contraseña es demasiado fácil de adivinar. Los años recientes son fáciles de adivinar. Pruebe con una frase más larga de palabras sin relación entre sí.
service-password-weak-single-word = Esta contraseña es demasiado fácil de adivinar. Una sola palabra es fácil de adivinar. Pruebe con una frase más larga de palabras sin relación entre sí.
service-password-weak-dates = Esta contraseña es demasiado fácil de adivinar. Las fechas suelen ser fáciles de adivinar. Pruebe con una frase más larga de palabras sin relación entre sí.
service-password-weak-names = Esta contraseña es demasiado fácil de adivinar. Los nombres y apellidos por sí solos son fáciles de adivinar. Pruebe con una frase más larga de palabras sin relación entre sí.
service-password-weak-common-names = Esta contraseña es demasiado fácil de adivinar. Los nombres y apellidos comunes son fáciles de adivinar. Pruebe con una frase más larga de palabras sin relación entre sí.

## Password reset and change.
service-reset-unknown = No se reconoce este enlace para restablecer la contraseña. Solicite uno nuevo.
service-reset-used = Este enlace para restablecer la contraseña ya se ha utilizado. Solicite uno nuevo si lo necesita.
service-reset-dead = Este enlace para restablecer la contraseña ya no funciona (se envió uno más reciente, o se introdujeron demasiados códigos incorrectos). Solicite uno nuevo.
# $minutes is 30.
service-reset-expired = Este enlace para restablecer la contraseña ha caducado (los enlaces funcionan durante { $minutes } minutos). Solicite uno nuevo.
service-reset-code-needed = La verificación en dos pasos está activada: introduzca también un código de su teléfono.
service-reset-too-many-wrong = Demasiados códigos incorrectos para este enlace. Solicite uno nuevo.
service-current-password-wrong = Esa no es su contraseña actual.
service-new-password-same = Elija una contraseña distinta de la actual.

## The second step, and confirming it's you again.
service-challenge-unknown = Este intento de inicio de sesión no existe. Vuelva a iniciar sesión.
service-challenge-completed = Este intento de inicio de sesión ya se completó.
service-challenge-too-many-wrong = Demasiados códigos incorrectos. Vuelva a iniciar sesión para recibir un código nuevo.
service-challenge-expired = Este intento de inicio de sesión ha caducado. Vuelva a iniciar sesión.
service-challenge-email-unverified = La dirección de correo electrónico de esta cuenta no está verificada. Verifíquela o consulte a su administrador.
service-method-not-set-up-or-allowed = Este método no está configurado o no está permitido para esta cuenta.
service-method-not-set-up = Este método no está configurado para esta cuenta.
service-code-wrong = Ese código no es correcto.
# $left is how many tries are left (1 to 4).
service-code-wrong-tries-left = { $left ->
        [one] Ese código no es correcto. Le queda { $left } intento.
       *[other] Ese código no es correcto. Le quedan { $left } intentos.
    }
service-code-expired = Este código ha caducado o se ha sustituido. Envíe uno nuevo.
service-no-text-sent = No se envió ningún mensaje de texto para este inicio de sesión.
service-sms-not-set-up = Los códigos por mensaje de texto no están configurados para esta cuenta.
service-setup-completed = Esta configuración ya se completó. Vuelva a iniciar sesión.
service-password-wrong = Esa contraseña no es correcta.
service-reauth-method = Confirme con su contraseña, un código de la aplicación de autenticación o un código de recuperación.
service-reauth-method-set-up = Confirme con su contraseña, un código de la aplicación de autenticación o un código de recuperación que haya configurado.
service-reauth-password-or-code = Indique password, o method y code.
service-totp-not-set-up = No hay ninguna aplicación de autenticación configurada.

## Two-step verification, phone, authenticator app, settings.
service-factor-sms-not-allowed = Su organización no permite los códigos por mensaje de texto.
service-factor-totp-not-allowed = Su organización no permite las aplicaciones de autenticación.
service-totp-not-started = Primero inicie la configuración de la aplicación de autenticación.
service-totp-code-wrong = Ese código no es correcto. Compruebe la hora de su teléfono y pruebe con el código actual.
service-totp-changed = La configuración de la aplicación de autenticación cambió mientras tanto. Vuelva a empezar.
service-two-step-required = Su organización exige la verificación en dos pasos, así que no se puede desactivar.
# sms and totp are the values to send.
service-two-step-choose = Elija sms o totp.
service-two-step-phone-first = Primero añada y verifique un número de móvil.
service-two-step-totp-first = Primero configure la aplicación de autenticación.
service-two-step-off = Primero active la verificación en dos pasos.
service-no-such-device = Ese dispositivo recordado no existe.
service-biometric-required = Su organización exige el inicio de sesión biométrico, así que no se puede desactivar.
# $seconds is 1, $hours 24.
service-lock-timeout = Elija entre { $seconds } segundo y { $hours } horas.
service-disclaimer = Marque la casilla para aceptar el aviso.
# $zone is the name sent, in quotes.
service-time-zone-unknown = { $zone } no es una zona horaria que conozcamos. Use un nombre como Europe/Madrid.
service-phone-missing = Introduzca su número de móvil.
service-phone-characters = Un número de teléfono solo tiene dígitos, espacios y + - ( ).
service-phone-choose-country = Elija su país.
service-phone-country-code = Empiece por + y el prefijo del país (+34 para España), o elija su país.
# $country is the number's country as an ISO code (GB, FR, …), or empty when it is not known.
service-phone-wrong-for-country = Ese número no parece correcto para { $country ->
        [AU] Australia
        [AT] Austria
        [BE] Bélgica
        [CA] Canadá
        [DK] Dinamarca
        [FI] Finlandia
        [FR] Francia
        [DE] Alemania
        [IN] la India
        [IE] Irlanda
        [IT] Italia
        [NL] los Países Bajos
        [NZ] Nueva Zelanda
        [NO] Noruega
        [PL] Polonia
        [PT] Portugal
        [ZA] Sudáfrica
        [ES] España
        [SE] Suecia
        [CH] Suiza
        [GB] el Reino Unido
        [US] los Estados Unidos
       *[other] su país
    }. Revise los dígitos.
service-phone-landline = Parece un teléfono fijo. Haven envía los códigos por mensaje de texto: use un número de móvil.
service-phone-not-mobile = No es un número de móvil. Haven envía los códigos por mensaje de texto: use un número de móvil.

## Administration.
service-deployment-name = Dé a la implementación un nombre de { $min } a { $max } caracteres imprimibles.
service-no-such-user = Ese usuario no existe.
# $status is the account's status as the interface names it (active, unverified, locked).
service-not-blocked-status = Esta cuenta no está bloqueada (su estado es { $status }).
service-not-blocked = Esta cuenta no está bloqueada.
service-not-locked = Esta cuenta no está suspendida.
service-reinvite-not-blocked = Solo se puede volver a invitar a una cuenta bloqueada (nunca verificada), y una sola vez.
service-audit-since = since debe ser una hora en formato RFC 3339, por ejemplo 2026-11-23T00:00:00Z
service-audit-user-id = user_id debe ser un UUID
# $method is the value sent, in quotes.
service-policy-unknown-method = Método desconocido { $method }: use sms o totp, o ambos.
service-policy-no-method = Permita al menos uno de estos: sms, totp.
service-policy-code-length = Use de { $min } a { $max } dígitos.
service-policy-remember-days = Use de 0 (desactivado) a { $max } días.
# $seconds is 30, $hours 24.
service-policy-idle-timeout = Use de { $seconds } segundos a { $hours } horas.

## Consent and health data.
# "Profile → Informed consent" is where the app shows the form.
service-consent-not-signed = Lea y firme el formulario de consentimiento informado (Perfil → Consentimiento informado) antes de registrar datos.
service-no-such-document = Ese documento no existe.
service-consent-patients-only = El consentimiento informado es para pacientes.
# $version is the version of the text in force.
service-consent-not-current = Ese no es el texto de consentimiento vigente (versión { $version }). Vuelva a leerlo y firme ese.
service-consent-nothing-to-withdraw = No hay ningún consentimiento firmado que retirar.
service-push-patients-only = Solo los pacientes registran observaciones.
service-push-needs-id = Cada observación necesita un id, que debe ser una cadena de texto.
service-push-value-too-large = El valor es demasiado grande.
# $kind is the kind sent, in quotes.
service-push-unknown-kind = Tipo desconocido: { $kind }.
# $detail is a technical explanation in English (from the JSON reader), for developers.
service-push-unreadable = No se puede leer esta observación: { $detail }.
service-pull-bad-cursor = No es un cursor proporcionado por este servicio.
service-pull-limit = Use de { $min } a { $max }.

## Data downloads.
service-no-such-export = Esa descarga no existe.
service-export-patients-only = Solo los pacientes tienen datos de salud que descargar.
service-export-needs-disk = Las descargas de datos necesitan que la base de datos del servicio esté en disco.
# $max is the most values a PDF holds, $count how many the patient has.
service-export-pdf-too-many = Un PDF admite como máximo { $max } valores y usted tiene { $count }. Descargue CSV o FHIR en su lugar.
# $count is 3 or more.
service-export-too-many-open = { $count ->
        [one] Ya se está preparando { $count } descarga. Espere a que termine.
       *[other] Ya se están preparando { $count } descargas. Espere a que terminen.
    }
# $days is 7.
service-export-expired = Esta descarga ha caducado (los archivos se guardan durante { $days } días). Solicite una nueva.
service-export-failed = No se pudo preparar esta descarga. Solicite una nueva.
service-export-not-ready = Esta descarga aún no está lista.

## The pages the links in emails open (in a browser).
service-page-internal = Algo salió mal en el servidor. Vuelva a intentarlo dentro de un minuto.
service-page-link-incomplete = Este enlace está incompleto.
service-page-link-incomplete-hint = Vuelva a abrir el enlace desde el correo electrónico, o cópielo completo en Haven.
service-page-verify-title = Verifique su correo electrónico
service-page-verify-intro = Confirme que esta es su dirección de correo electrónico para Haven.
service-page-verify-button = Verificar mi correo electrónico
service-page-verified-title = Su correo electrónico está verificado
service-page-verified = Gracias. Vuelva a Haven e inicie sesión.
service-page-not-verified-title = Su correo electrónico aún no está verificado
# $action is the app's button "Send a new link", in the page's language.
service-page-not-verified = Si aún necesita verificarlo, inicie sesión en Haven y elija «{ $action }».
service-page-invite-title = Le han invitado a Haven
# $deployment is the organisation's name, $email the address invited (shown in bold).
service-page-invite-who = { $deployment } invita a { $email } a unirse a Haven.
# $action is the app's button "Have an invitation? Create your account" (shown in bold).
service-page-invite-how = Abra Haven, elija { $action } y pegue este enlace o el código del correo electrónico:
# $until is a date and time.
service-page-invite-until = La invitación es válida hasta el { $until }.
service-page-invite-refused-title = Esta invitación no se puede utilizar
service-page-invite-refused = Pida a la persona que le invitó que le envíe una nueva.
service-page-reset-title = Elija una contraseña nueva
# $forgot and $have_link are the app's buttons "Forgot your password?" and "I have the link" (in bold).
service-page-reset-how = Abra Haven, elija { $forgot }, luego { $have_link }, y pegue este código:
# $minutes is 30.
service-page-reset-once = Funciona una sola vez, durante { $minutes } minutos desde que se envió.
service-sms-code = Su código de Haven es { $code }. Caduca en { $minutes } minutos. No lo comparta nunca.

service-demo-deployment = Implementación de demostración
service-demo-admin-name = Administrador de demostración

## The emails the service sends, in the language of the request that caused them. The link, token
## or code of a mail is not in these messages: the service puts it after the message that ends
## with a colon (on the same line), or on its own line, as the English mail has it.
# $deployment is the organisation's name.
service-mail-invite-subject = Le han invitado a { $deployment } en Haven
# $role is the role invited to, as the interface names it: admin, clinician or patient.
service-mail-invite-intro = Le han invitado a unirse a { $deployment } en Haven con el rol de { $role ->
        [admin] administrador
        [clinician] profesional clínico
       *[patient] paciente
    }.
# Followed by the link.
service-mail-invite-create = Cree su cuenta:
# Followed by the invitation code (XXXXX-XXXXX).
service-mail-invite-code = O introduzca este código en la aplicación Haven:
# $expires is a UTC date and time as RFC 3339 (2026-11-30T09:00:00Z).
service-mail-invite-expiry =
    La invitación solo se puede usar una vez y caduca el { $expires }.
    Si no esperaba este correo electrónico, puede ignorarlo.
# To an address that already has an account in another deployment, instead of the invitation.
service-mail-invited-elsewhere-subject = Le han invitado a { $deployment } en Haven
service-mail-invited-elsewhere =
    Le han invitado a unirse a otra implementación de Haven, pero esta dirección de correo electrónico ya tiene una cuenta de Haven.
    Inicie sesión con su cuenta actual, o pida a quien le invitó que utilice otra dirección de correo electrónico.
service-mail-verify-subject = Verifique su correo electrónico para Haven
# Followed by the link, on the next line.
service-mail-verify-open = Abra este enlace para confirmar su dirección de correo electrónico para Haven:
# $hours is 24; $action is the app's button "Send a new link", in the mail's language.
service-mail-verify-deadline =
    Hágalo en un plazo de { $hours } horas desde la creación de su cuenta. Si no lo hace a tiempo, el
    administrador de su organización puede reactivar la cuenta. ¿Ha perdido este correo? Inicie sesión
    en Haven y elija «{ $action }».
# Followed by the code.
service-mail-verify-code = O pegue este código en Haven:
# To the owner of an address someone tried to enrol again.
service-mail-account-exists-subject = Alguien intentó crear una cuenta de Haven con su correo electrónico
service-mail-account-exists =
    Alguien intentó crear una cuenta nueva de Haven con esta dirección de correo electrónico, que ya tiene una.
    Si fue usted, inicie sesión con su cuenta. Si no fue usted, puede ignorar este correo electrónico.
service-mail-reset-subject = Restablezca su contraseña de Haven
# Followed by the link, on the same line.
service-mail-reset-intro =
    Alguien solicitó restablecer la contraseña de su cuenta de Haven. Si fue usted, elija una
    contraseña nueva aquí:
# Followed by the code.
service-mail-reset-code = O pegue este código en la aplicación Haven:
# $minutes is 30.
service-mail-reset-once =
    Funciona una sola vez, durante { $minutes } minutos. Si no fue usted, ignore este correo electrónico:
    su contraseña no ha cambiado.
service-mail-password-reset-subject = Se ha restablecido su contraseña de Haven
# $time is a UTC date and time as RFC 3339 (2026-11-23T10:00:00Z).
service-mail-password-reset = La contraseña de su cuenta de Haven se restableció el { $time } (UTC) y se cerró la sesión en todos los dispositivos.
service-mail-password-reset-advice = Si no fue usted, póngase en contacto de inmediato con su centro de salud o con su administrador.
service-mail-password-changed-subject = Se ha cambiado su contraseña de Haven
# $time is a UTC date and time as RFC 3339 (2026-11-23T10:00:00Z).
service-mail-password-changed = La contraseña de su cuenta de Haven se cambió el { $time } (UTC); se cerró la sesión en sus otros dispositivos.
service-mail-password-changed-advice = Si no fue usted, restablezca su contraseña desde la pantalla de inicio de sesión y póngase en contacto con su administrador.
