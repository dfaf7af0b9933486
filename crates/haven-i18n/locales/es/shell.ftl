## Start-up (shown in the window when the app cannot start)

# $reason: why, e.g. shell-url-plain-http.
shell-not-started = Haven no pudo iniciarse: { $reason }
shell-still-starting = Haven todavía se está iniciando. Inténtelo de nuevo.
shell-closing = Haven se está cerrando.
# $url: the address as it was given, in quotes; $error: the technical reason.
shell-url-invalid = { $url } no es una dirección de servicio ({ $error }); indique, por ejemplo, https://haven.example.org
shell-url-plain-http = Haven se comunica con un servicio de otro equipo solo mediante HTTPS, por lo que no se conectó a { $url }. Pida a su administrador la dirección https:// del servicio.
# $scheme: the address's scheme, e.g. ftp.
shell-url-scheme = { $url } no es una dirección de servicio (es una URL { $scheme }:); indique su dirección https://
shell-ca-unreadable = no se puede leer la autoridad de certificación del servicio { $path } ({ $error })
shell-ca-not-pem = el archivo de la autoridad de certificación del servicio no está en formato PEM: { $error }
shell-ca-empty = el archivo de la autoridad de certificación del servicio no contiene ningún certificado

## Why the system keychain cannot be used: shown in brackets inside common-keychain-problem and
## the sign-out notices, so they start in lower case and have no full stop.

shell-keychain-call-failed = la llamada al llavero falló
shell-keychain-refused = el llavero está bloqueado o denegó el acceso ({ $error })
shell-keychain-no-secret-service = no hay ningún Secret Service en el bus de sesión ({ $error })
shell-keychain-macos = no se puede abrir el llavero de macOS ({ $error })
shell-keychain-ios = no se puede abrir el llavero de iOS ({ $error })
shell-keychain-windows = no se puede abrir el Administrador de credenciales de Windows ({ $error })
shell-keychain-android = no se puede abrir el almacén de claves de Android ({ $error })
shell-keychain-none = Haven aún no tiene un almacén de llavero para esta plataforma, así que los tokens se conservan solo durante esta sesión
shell-keychain-timeout = el llavero no respondió a tiempo (puede que esté bloqueado)

## Signing out

# $error: shell-keychain-… (why the keychain kept it).
shell-signed-out-keychain-kept = Ha cerrado sesión. Haven no pudo eliminar su inicio de sesión del llavero del sistema ({ $error }), pero el servicio lo ha finalizado, así que ya no funciona.
# $service: why the service did not end it (an error sentence without its full stop); $keychain: shell-keychain-….
shell-sign-out-incomplete = Haven no pudo terminar de cerrar su sesión. El servicio no finalizó su sesión ({ $service }) y el llavero del sistema conservó su inicio de sesión ({ $keychain }), así que Haven volverá a tener la sesión iniciada la próxima vez que se abra: cierre sesión de nuevo entonces.

## The lock screen

shell-locked = Haven está bloqueado.
shell-unlock-count-failed = Haven no puede llevar la cuenta de los intentos de desbloqueo en este dispositivo.
shell-unlock-wrong-password = { $left ->
        [one] Esa contraseña no es correcta. Le queda { $left } intento antes de que Haven cierre su sesión.
       *[other] Esa contraseña no es correcta. Le quedan { $left } intentos antes de que Haven cierre su sesión.
    }
shell-unlock-signed-out = Demasiadas contraseñas incorrectas, así que Haven cerró su sesión. Vuelva a iniciar sesión.
shell-bio-too-many = Demasiados intentos con la huella digital. Use su contraseña.
shell-bio-off = El inicio de sesión con huella digital está desactivado. Actívelo en Perfil → Cuenta.
shell-bio-timed-out = No se escaneó ningún dedo a tiempo. Inténtelo de nuevo o use su contraseña.
shell-bio-cancelled = Cancelado. Inténtelo de nuevo o use su contraseña.
shell-bio-locked-out = Demasiados intentos: su dispositivo ha desactivado esta comprobación por ahora. Use su contraseña.
shell-bio-not-enrolled-here = No hay ninguna huella digital registrada para usted en este equipo. Use su contraseña.
shell-bio-did-not-work = El lector de huellas digitales no funcionó. Inténtelo de nuevo o use su contraseña.
shell-bio-no-match = { $left ->
        [one] Esa huella digital no coincide. Le queda { $left } intento.
       *[other] Esa huella digital no coincide. Le quedan { $left } intentos.
    }
shell-bio-last-no-match = Esa huella digital no coincide y era el último intento. Use su contraseña.
# The phone's system prompt for a fingerprint or face: its title, its cancel button, and the reason it gives.
shell-bio-prompt-title = Desbloquear Haven
shell-bio-prompt-cancel = Usar mi contraseña
shell-bio-prompt-reason = Desbloquear Haven

## Why fingerprint login cannot be used here: shown after "Not available on this device:" and
## "Fingerprint login cannot be turned on here:", so they start in lower case and have no full stop.

shell-bio-no-answer = el lector de huellas digitales no respondió
shell-bio-not-enrolled = no hay ninguna huella digital registrada para este usuario; añada una en la configuración del sistema
# $error: the technical reason.
shell-bio-failed = el lector de huellas digitales falló: { $error }
shell-bio-no-reader = no hay ningún lector de huellas digitales
shell-bio-no-fprintd = el servicio de huellas digitales (fprintd) no está instalado o no se está ejecutando
shell-bio-unreachable = no se puede conectar con el servicio de huellas digitales del sistema
shell-bio-unsupported = el inicio de sesión con huella digital aún no está disponible en Haven para esta plataforma
shell-bio-none-on-device = este dispositivo no ofrece desbloqueo con huella digital ni con el rostro
# $reason: one of the sentences above.
shell-biometric-cannot-enable = No se puede activar aquí el inicio de sesión con huella digital: { $reason }.

## Notifications

shell-export-ready-title = Sus datos están listos
shell-export-ready-body = Abra Haven → Descargar sus datos para guardarlos.
shell-export-failed-title = No se pudo preparar la descarga de sus datos
shell-export-failed-body = Abra Haven → Descargar sus datos para volver a intentarlo.
shell-test-notification-body = Las notificaciones de Haven le llegan aquí.
shell-notifications-unavailable = No se pueden mostrar notificaciones: { $error }.

## The recovery codes file (a text file: the codes follow, one a line)

shell-recovery-file-title = Códigos de recuperación de Haven para { $email }
shell-recovery-file-once = Cada código funciona una sola vez, cuando no pueda recibir un código en su teléfono.
shell-recovery-file-safe = Guárdelos en un lugar seguro.

## Health data on this device

shell-sign-consent-first = Firme el formulario de consentimiento informado (Perfil → Consentimiento informado) para empezar a registrar datos.
shell-sync-consent-withdrawn = Retiró su consentimiento, así que no se envía nada nuevo. Lo que registre se queda en este dispositivo.
shell-value-changed-outside = No se pudo leer este valor en este dispositivo: se modificó fuera de Haven.
shell-unreadable-not-sent = No se pudo leer este valor en este dispositivo (se modificó fuera de Haven), así que no se envió.
shell-value-gone = Ese valor ya no está en este dispositivo.
# $id: the value's id.
shell-stored-value-unreadable = No se puede leer el valor guardado de { $id }.
shell-stored-kind-unreadable = No se puede leer el tipo guardado de { $id }.
shell-stored-state-unreadable = No se puede leer el estado guardado de { $id }.
shell-time-not-rfc3339 = La hora debe estar en formato RFC 3339, p. ej., 2026-11-24T08:30:00Z.
shell-keychain-not-asked = No se pudo consultar el llavero: { $error }
shell-store-key-unavailable = Haven no puede usar el llavero del sistema en este momento, así que no puede abrir los registros de salud guardados en este dispositivo. No se eliminó nada: desbloquee el llavero y, después, cierre Haven y vuelva a abrirlo.
# $unsent: how many values recorded on this device had not been sent.
shell-store-lost = No se pudieron leer sus registros de salud en este dispositivo: la clave que los protege ya no está en el llavero del sistema. { $unsent ->
        [0] Ninguno estaba pendiente de envío, así que no se ha perdido nada
        [1] 1 valor registrado aquí aún no había llegado al servicio y se ha perdido
       *[other] { $unsent } valores registrados aquí aún no habían llegado al servicio y se han perdido
    }; todo lo que tiene el servicio se vuelve a descargar.

## Saving files, and the rest

# $path: where; $error: the system's reason.
shell-cannot-write = No se puede escribir { $path }: { $error }.
shell-cannot-save = No se puede guardar { $path }: { $error }.
# $count is 999.
shell-too-many-same-name = Ya hay { $count } archivos con este nombre
# Choosing the app's language failed (src-tauri/src/commands/language.rs); the language stays as it was.
shell-language-not-kept = Haven no pudo guardar el idioma que eligió en este dispositivo, así que el idioma no ha cambiado. Compruebe que el disco no esté lleno y vuelva a intentarlo.
shell-no-dev-inbox = No hay buzón de desarrollo: este servicio envía correos electrónicos y mensajes de texto reales.
shell-patient-not-found = Ese paciente no pertenece a su implementación.
shell-setup-sign-in-again = Vuelva a iniciar sesión para configurar la verificación en dos pasos.
