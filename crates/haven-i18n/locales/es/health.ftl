## The patient's health screen (recording values, sync) and the charts of values over time.

health-title = Mi salud
health-consent-withdrawn = Usted retiró su consentimiento, por lo que Haven no recoge datos nuevos. Sus datos existentes siguen siendo suyos para consultarlos y descargarlos.
health-consent-not-signed = Haven registra sus datos solo después de que usted firme el formulario de consentimiento informado.
# A link to the informed consent page, after the sentence above.
health-consent-link = Consentimiento informado
health-record-title = Registrar
health-change-title = Cambiar un valor
# Shown where patients record values: Haven is not an emergency service.
health-emergency = Haven no está vigilado las 24 horas. Si necesita ayuda urgente, llame al número de emergencias local (999 en el Reino Unido, 112 en Europa, 911 en los Estados Unidos).
# The label of the list of kinds of observation (heart rate, weight, …).
health-kind = Qué
# An entry of that list: the kind and its unit, e.g. "Heart rate (bpm)".
health-kind-option = { $kind } ({ $unit })
# The label of the symptom's name field.
health-symptom = Síntoma
health-systolic = Alta (sistólica)
health-diastolic = Baja (diastólica)
health-severity = Intensidad (0–10)
# The label of the field for a one-number value (a heart rate, a weight, …).
health-value-label = Valor
health-when = Cuándo (déjelo vacío si es ahora)
health-note = Nota (opcional)
health-save = Guardar
health-save-change = Guardar el cambio
health-cancel = Cancelar
health-enter-systolic = Introduzca la presión alta (sistólica) como un número.
health-enter-diastolic = Introduzca la presión baja (diastólica) como un número.
health-enter-severity = Introduzca la intensidad (0–10) como un número.
health-enter-value = Introduzca el valor como un número.
health-when-not-a-time = Introduzca la fecha y la hora de la medición, o deje el campo vacío si es ahora.
health-when-future = Esa hora está en el futuro. Introduzca cuándo se realizó la medición.
health-when-before-1900 = Esa fecha es anterior a 1900. Compruebe el año.
health-saved-sent = Guardado y enviado.
health-changed-sent = Cambiado y enviado.
# $reason is the service's own sentence.
health-saved-refused = Guardado en este dispositivo, pero el servicio no lo aceptó: { $reason }
health-changed-refused = Cambiado en este dispositivo, pero el servicio no lo aceptó: { $reason }
health-saved-waiting = Guardado en este dispositivo; se enviará cuando se pueda acceder al servicio de Haven.
health-changed-waiting = Cambiado en este dispositivo; se enviará cuando se pueda acceder al servicio de Haven.
health-deleted = Eliminado.
health-sync-title = Sincronización
health-all-sent = Todo se ha enviado.
# $count values recorded on this device and not yet sent.
health-waiting =
    { $count ->
        [one] { $count } valor pendiente de envío.
       *[other] { $count } valores pendientes de envío.
    }
health-refused = No aceptados por el servicio:
health-sync-now = Sincronizar ahora
health-over-time = A lo largo del tiempo
health-nothing-yet = Aún no hay nada registrado.
health-back = Volver

## A chart and the list of latest values under it.

# A value and its unit: "72 bpm", "36.6 °C".
health-value = { $value } { $unit }
# On hovering a point: its time, value and unit.
health-chart-point = { $time }: { $value } { $unit }
# The same for charts with two lines: $line names the line ("Upper (systolic)").
health-chart-point-line = { $time }: { $line } { $value } { $unit }
# How many values the chart draws.
health-chart-count =
    { $count ->
        [one] { $count } valor
       *[other] { $count } valores
    }
# What the chart shows, for screen readers: $kind is e.g. "Heart rate", $from and $to are times.
health-chart-title =
    { $kind } a lo largo del tiempo: { $count ->
        [one] { $count } valor
       *[other] { $count } valores
    } del { $from } al { $to }, entre { $low } y { $high } { $unit }
# After the kind's name above a chart, before its latest value: "Heart rate — latest 72 bpm".
health-chart-latest = — último valor
# $kind is the kind's name in lower case: "Latest heart rate values".
health-chart-latest-values = Últimos valores de { $kind }
health-chart-change = Cambiar
health-chart-delete = Eliminar
health-chart-delete-question = ¿Eliminar este valor?
# Answers "Delete this value?": do not delete it.
health-chart-keep = Conservar
