admin-title = Administración
admin-loading = Cargando…
admin-back = Volver

## The deployment's sign-in policy
admin-policy-title = Política de inicio de sesión
# Follows the deployment's name; the code itself comes after it.
admin-enrolment-code = código de inscripción de pacientes
admin-two-step-required = Exigir la verificación en dos pasos a todos (el personal clínico siempre la necesita)
admin-allowed-methods = Métodos permitidos para el segundo paso
admin-code-length = Dígitos de un código enviado por mensaje de texto (4–8)
admin-remember-days = Días en que un dispositivo puede omitir el segundo paso (0 lo desactiva)
admin-biometric-required = Exigir el inicio de sesión biométrico en los teléfonos
admin-idle-max = Tiempo máximo de inactividad antes de que la aplicación se bloquee (segundos)
admin-save-policy = Guardar la política
admin-policy-saved = Política guardada. Se aplica a partir del próximo inicio de sesión de cada usuario.

## Invitations
admin-invite-title = Invitar a alguien
admin-email = Correo electrónico
admin-role = Rol
# The language the invitation email is written in, for the person invited.
admin-invite-language = Idioma de la invitación
admin-send-invite = Enviar invitación
# $expires: a date and time.
admin-invite-sent = Invitación enviada a { $email }. Caduca el { $expires }.

## The people in the deployment
admin-users-title = Personas
# An account's state, beside the person's name and role.
admin-status-active = activa
admin-status-unverified = sin verificar
# The email was not verified in time.
admin-status-blocked = bloqueada
# Locked after too many failed second steps.
admin-status-locked = suspendida
admin-unblock = Desbloquear
admin-unlock = Reactivar
