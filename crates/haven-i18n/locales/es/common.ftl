# Piezas compartidas por varias pantallas.

common-your-name = Su nombre
common-new-password = Contraseña (al menos 12 caracteres)
common-accept-terms = Acepto las condiciones de uso y el aviso de privacidad
common-read-terms = Leer las condiciones de uso
common-read-privacy = Leer el aviso de privacidad

common-phone-country = País
common-phone-number = Número de móvil
common-phone-hint = Tal como lo marca en su país (por ejemplo, { $example }) o con + y el código del país.

common-method-use = Usar
common-sms-held = No hemos podido enviarle un código por SMS ahora: se permiten cinco mensajes por hora. Puede solicitar uno nuevo dentro de { $wait } o usar ahora { $others }.
# What became of a texted code that has not arrived; $wait and $others as above.
common-sms-retrying = Todavía no hemos podido enviar el mensaje de texto. Volveremos a intentarlo dentro de { $wait }. También puede usar ahora { $others }.
common-sms-failed-wait = No hemos podido enviar el mensaje de texto. Solicite un código nuevo dentro de { $wait } o use { $others }.
common-sms-failed = No hemos podido enviar el mensaje de texto. Solicite un código nuevo o use { $others }.
common-sms-resend-in = Enviar un código nuevo dentro de { $wait }
common-sms-resend = Enviar un código nuevo
common-other-methods-totp = su aplicación de autenticación o un código de recuperación
common-other-methods-recovery = un código de recuperación
common-wait-seconds = { $seconds } s
common-wait-minutes = { $minutes } min

common-qr-failed = No se puede mostrar el código QR: introduzca a mano la clave que aparece abajo.
common-qr-label = Código QR para su aplicación de autenticación
common-totp-scan = Escanee este código con su aplicación de autenticación o introduzca la clave a mano.
common-totp-key = Clave:

common-codes-copied = Copiados. Péguelos en un lugar seguro.
common-codes-copy-failed = No se han podido copiar aquí: guárdelos o imprímalos.
common-codes-saved = Guardados en { $path }
common-codes-title = Guarde sus códigos de recuperación
common-codes-hint = Cada uno sirve una sola vez, si no puede recibir un código en su teléfono. Solo se muestran ahora.
common-codes-copy = Copiar
common-codes-print = Imprimir
common-codes-save = Guardar como archivo

common-reauth-title = Confirme que es usted.
common-reauth-hint = Introduzca su contraseña para continuar.
common-reauth-password = Contraseña
common-reauth-confirm = Confirmar
common-reauth-cancel = Cancelar

common-keychain-problem = Haven no puede usar el llavero de este equipo ({ $problem }), así que su sesión solo seguirá abierta hasta que cierre la aplicación, y los datos de salud que no se hayan enviado para entonces no podrán volver a leerse.

common-demo-label = Implementación de demostración
common-demo-hint = Esta es la implementación de demostración de Haven, solo en este equipo.
common-demo-admin = Administrador:
common-demo-password-gone = la contraseña que se mostró antes del primer inicio de sesión
common-demo-invite = Código de invitación para profesionales clínicos:
common-demo-enrolment = Código de inscripción para pacientes:
common-demo-inbox-link = Buzón de desarrollo
common-demo-inbox-rest = — los códigos y correos que envía esta demostración llegan allí, no a un teléfono.

common-tabs-label = Principal
common-tab-home = Inicio
common-tab-health = Mi salud
common-tab-profile = Perfil

common-not-found = No se ha encontrado.

common-dev-banner = Servicio de desarrollo: no se envía realmente ningún correo electrónico ni mensaje de texto.
# Una frase en tres mensajes para que el enlace siga siendo un enlace.
common-dev-banner-inbox-before = Los códigos y enlaces están en el
common-dev-banner-inbox-link = buzón de desarrollo
common-dev-banner-inbox-after = {"."}
common-dev-banner-outbox = Los códigos y enlaces están en su bandeja de salida de desarrollo.

common-crash-title = Esta pantalla dejó de funcionar
common-crash-what = No se ha perdido nada de lo que guardó. Vuelva a abrir la pantalla de la aplicación para continuar.
common-crash-reopen = Volver a abrir la pantalla
common-crash-details = Detalles para el servicio de asistencia
