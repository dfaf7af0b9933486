consent-title = Consentimiento informado
consent-loading = Cargando…
consent-back = Volver
consent-to-health = Mi salud

## Where the patient stands ($date: a day, e.g. 29 Nov 2026)
consent-signed-on = Usted lo firmó el { $date }.
consent-signed-earlier = Usted firmó una versión anterior. Lea el nuevo texto y fírmelo.
consent-withdrawn-on = Usted retiró su consentimiento el { $date }. Haven no recoge datos nuevos; sus datos existentes siguen a su disposición.
consent-not-signed = Todavía no ha firmado. Haven no registra nada hasta que lo haga.

# $version: the consent text's version (e.g. 2).
consent-version = Versión { $version }
consent-sign = Acepto — firmar

## Withdrawing
consent-withdraw = Retirar su consentimiento
consent-withdraw-title = ¿Retirar su consentimiento?
consent-withdraw-explained = Haven deja de registrar valores nuevos de inmediato, en todos sus dispositivos. Lo que haya registrado sigue a disposición de usted y de su equipo de atención, y puede seguir descargándolo. Puede volver a firmar más adelante.
# The button that confirms the withdrawal.
consent-withdraw-confirm = Retirar
consent-keep = Mantener mi consentimiento
