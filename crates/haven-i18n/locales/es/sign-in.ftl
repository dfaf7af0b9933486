sign-in-title = Iniciar sesión en Haven
sign-in-email = Correo electrónico
sign-in-password = Contraseña
sign-in-submit = Iniciar sesión
sign-in-forgot = ¿Ha olvidado su contraseña?
sign-in-join = ¿Tiene una invitación? Cree su cuenta
sign-in-enrol = ¿Es paciente y tiene un código de inscripción de su centro de salud? Regístrese
sign-in-inbox = Buzón de desarrollo (correos y mensajes de texto que envió este servicio)
