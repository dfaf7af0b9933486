# The sentence the app shows for each error code (UiError::text). Where the service sends its own,
# more specific sentence, that one is shown instead.
errors-invalid-request = La aplicación envió algo que el servicio no pudo leer. Inténtelo de nuevo; si sigue ocurriendo, actualice Haven.
errors-invalid-credentials = Eso no es correcto. Revíselo e inténtelo de nuevo.
errors-unauthenticated = Su sesión ha finalizado. Vuelva a iniciar sesión.
errors-reauth-required = Por su seguridad, confirme primero su contraseña.
errors-forbidden = No tiene permiso para hacer esto.
errors-not-found = No se encontró. Es posible que se haya eliminado.
errors-method-not-allowed = El servicio no ofrece esto aquí. Actualice Haven.
errors-conflict = No se puede hacer esto ahora debido a un cambio realizado en otro lugar. Vuelva a cargar e inténtelo de nuevo.
errors-consent-withdrawn = Ha retirado su consentimiento, por lo que Haven ya no recopila datos nuevos. Sus datos existentes siguen siendo suyos y puede descargarlos.
# "one": a new link or code (an invitation, a password reset).
errors-gone = Esto ha caducado. Solicite otro.
errors-payload-too-large = Es demasiado grande para enviarlo.
errors-unsupported-media-type = La aplicación envió datos en un formato que el servicio no acepta. Actualice Haven.
errors-unprocessable = Algunos datos no son válidos. Revíselos e inténtelo de nuevo.
# $minutes is 2 or more.
errors-too-many-attempts-minutes = { $minutes ->
        [one] Demasiados intentos. Vuelva a intentarlo dentro de { $minutes } minuto.
       *[other] Demasiados intentos. Vuelva a intentarlo dentro de { $minutes } minutos.
    }
# $seconds is under 120.
errors-too-many-attempts-seconds = { $seconds ->
        [one] Demasiados intentos. Vuelva a intentarlo dentro de { $seconds } segundo.
       *[other] Demasiados intentos. Vuelva a intentarlo dentro de { $seconds } segundos.
    }
errors-too-many-attempts = Demasiados intentos. Vuelva a intentarlo más tarde.
errors-internal = Algo salió mal en el servicio de Haven. No se ha perdido nada de lo que introdujo; vuelva a intentarlo en un momento.
errors-unavailable = El servicio de Haven está ocupado o en mantenimiento. Vuelva a intentarlo dentro de unos minutos.
errors-unreachable = No se puede conectar con el servicio de Haven. Compruebe su conexión e inténtelo de nuevo.
errors-untrusted = El servicio de Haven no pudo demostrar que es el auténtico (su certificado de seguridad no es de confianza), así que no se envió nada. Verifique la dirección del servicio con su administrador.
errors-protocol = El servicio de Haven respondió de una forma que esta aplicación no entiende. Actualice Haven.
errors-keychain = No se pudo usar el llavero del sistema, así que tendrá que volver a iniciar sesión la próxima vez.
errors-locked = Haven está bloqueado. Desbloquéelo para continuar.
errors-not-available = Esto no está disponible aquí.
errors-local-storage = Haven no pudo usar su almacenamiento en este dispositivo. Compruebe que el disco no esté lleno y vuelva a intentarlo.
errors-not-started = Haven no pudo iniciarse. Ciérrelo y vuelva a abrirlo.
errors-signed-out = Haven cerró su sesión. Vuelva a iniciar sesión.
