second-step-sign-in-first = Inicie sesión primero.
second-step-unexpected = Respuesta inesperada; vuelva a iniciar sesión.
second-step-title = Verificación en dos pasos
second-step-sent-to = Le hemos enviado { $which ->
        [new] un código nuevo
       *[first] un código
    } al { $to }.
second-step-sent = Le hemos enviado { $which ->
        [new] un código nuevo
       *[first] un código
    }.
second-step-sending-to = Le estamos enviando { $which ->
        [new] un código nuevo
       *[first] un código
    } al { $to }.
second-step-sending = Le estamos enviando { $which ->
        [new] un código nuevo
       *[first] un código
    }.
second-step-newest-only = Solo funciona el código más reciente: si aún le llega un mensaje anterior, ignórelo.
second-step-code = Código
second-step-remember = Recordar este dispositivo durante { $days ->
        [one] { $days } día
       *[other] { $days } días
    } (no en dispositivos compartidos)
second-step-continue = Continuar
