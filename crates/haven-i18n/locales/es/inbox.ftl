inbox-title = Buzón de desarrollo
inbox-hint = Correos electrónicos y mensajes de texto que este servicio de desarrollo habría enviado.
inbox-refresh = Actualizar
inbox-sign-in = Iniciar sesión
inbox-home = Inicio
inbox-loading = Cargando…
inbox-empty = Todavía no se ha enviado nada.
# Before the address a message went to (then a dot and when it was sent).
inbox-text-to = Mensaje de texto a
inbox-email-to = Correo electrónico a
