account-title = Cuenta
account-your-data = Sus datos
account-exports-link = Descargar sus datos
account-consent-link = Consentimiento informado
account-legal-link = Información legal
account-back = Volver

## Two-step verification
account-two-step-title = Verificación en dos pasos
account-two-step-hint = Después de su contraseña, Haven le pide un código de su teléfono.
account-two-step-on-sms = Activada — mensaje de texto
account-two-step-on-totp = Activada — aplicación de autenticación
account-two-step-off = Desactivada
account-two-step-mandatory = Su organización exige la verificación en dos pasos, por lo que permanece activada.
account-mobile-number = Número de móvil:
account-switch-to-sms = Cambiar a mensajes de texto
account-use-sms = Usar mensajes de texto
account-change-phone = Cambiar el número de móvil
account-switch-to-totp = Cambiar a una aplicación de autenticación
account-use-totp = Usar una aplicación de autenticación
account-new-codes = Nuevos códigos de recuperación
account-turn-off = Desactivar
account-send-code = Enviar código
account-sms-code = Código del mensaje de texto
account-totp-code = Código de la aplicación
account-turn-on = Activar
account-two-step-off-done = La verificación en dos pasos está desactivada. Se olvidaron los dispositivos recordados.
account-new-codes-done = Se generaron nuevos códigos de recuperación; los anteriores ya no funcionan.
account-two-step-on-sms-done = La verificación en dos pasos está activada: después de su contraseña, Haven le envía un código por mensaje de texto.
account-two-step-on-totp-done = La verificación en dos pasos está activada: después de su contraseña, Haven le pide un código de su aplicación de autenticación.

## Lock app when not in use
account-lock-title = Bloquear la aplicación cuando no se usa
account-lock-enabled = Bloquear Haven cuando no lo esté usando
account-lock-after = Bloquear después de
# An idle time in the "Lock after" list.
account-lock-minutes =
    { $n ->
        [one] { $n } minuto
       *[other] { $n } minutos
    }
account-lock-hours =
    { $n ->
        [one] { $n } hora
       *[other] { $n } horas
    }
account-lock-seconds =
    { $n ->
        [one] { $n } segundo
       *[other] { $n } segundos
    }
account-lock-cap =
    { $minutes ->
        [one] Su organización permite como máximo { $minutes } minuto.
       *[other] Su organización permite como máximo { $minutes } minutos.
    }
account-lock-status-on = Haven se bloquea tras { $seconds } s sin uso.
account-lock-status-off = Haven no se bloquea por sí solo.

## Password
account-password-title = Contraseña
account-current-password = Contraseña actual
account-new-password = Nueva contraseña (al menos 12 caracteres)
account-change-password = Cambiar la contraseña
account-password-changed = Su contraseña se ha cambiado. Se cerró la sesión en sus otros dispositivos.

## Biometric login
account-biometric-title = Inicio de sesión biométrico
account-biometric-enabled = Desbloquear Haven con mi huella digital
account-biometric-ready = Hay un lector de huellas digitales listo.
# $reason: why the device cannot read fingerprints, as the system says it.
account-biometric-unavailable-because = No disponible en este dispositivo: { $reason }.
account-biometric-unavailable = No disponible en este dispositivo.
account-biometric-required = Su organización exige el inicio de sesión biométrico.
account-biometric-on = Haven se abre con su huella digital cuando está bloqueado.
account-biometric-off = Haven ya no se abre con su huella digital; se abre con su contraseña.

## Notifications
account-notify-title = Notificaciones
account-notify-hint = Haven le avisa mediante las notificaciones del sistema cuando la descarga de sus datos está lista.
account-notify-test = Enviar una notificación de prueba
account-notify-sent = Enviada. Si no apareció nada, permita las notificaciones de Haven en la configuración del sistema.

## Remembered devices (skip the second step until a date)
account-devices-title = Dispositivos recordados
account-no-devices = Ningún dispositivo omite el segundo paso.
# $name: the device's name, $platform: its system (e.g. linux), $until: a date and time.
account-device = { $name } ({ $platform }), hasta el { $until }
account-forget = Olvidar
