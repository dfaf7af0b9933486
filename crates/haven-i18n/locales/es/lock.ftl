## The lock screen: Haven locked itself after a while unused.

lock-title = Haven está bloqueado
lock-why = Se bloqueó porque no estaba en uso. Introduzca su contraseña para continuar.
lock-fingerprint = Desbloquear con huella digital
# Under the fingerprint button.
lock-or-password = O introduzca su contraseña:
lock-password = Contraseña
lock-unlock = Desbloquear
lock-sign-out = Cerrar sesión en su lugar
