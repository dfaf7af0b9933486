exports-title = Descargar sus datos
exports-hint = Sus datos se preparan en segundo plano; Haven le avisa cuando están listos. Los archivos se pueden guardar durante 7 días.
exports-loading = Cargando…
exports-back = Volver

## The file formats
exports-format-csv = CSV (hoja de cálculo)
exports-format-pdf = PDF (resumen, gráficos y todos los valores)
exports-format-fhir = FHIR JSON (para otros sistemas de salud)
# $format: one of the formats above.
exports-request = Solicitar { $format }

## Times in the files
exports-zone-label = Horas en sus archivos
# An option of "Times in your files": $zone is a time zone's name (Europe/London) or UTC.
exports-zone-device = Zona horaria de este dispositivo ({ $zone })
# $zone: a time zone's name (Europe/London) or UTC.
exports-zone-shown-in = Las horas de sus archivos se muestran en { $zone }.

## The requested files
exports-none = Todavía no hay descargas.
exports-expired = Caducado: solicite uno nuevo.
# $n: how many values the file holds.
exports-ready =
    { $n ->
        [one] Listo: { $n } valor
       *[other] Listo: { $n } valores
    }
# $n: how many values the file holds; $zone: the time zone its times are written in.
exports-ready-times =
    { $n ->
        [one] Listo: { $n } valor, horas en { $zone }
       *[other] Listo: { $n } valores, horas en { $zone }
    }
exports-save = Guardar…
exports-failed = No se pudo preparar. Solicite uno nuevo.
exports-preparing = Preparando…
# $path: where the file was saved on this device.
exports-saved-to = Guardado en { $path }

## The PDF file: its words are in the language it was asked for in
exports-pdf-title = Haven — exportación de datos de salud
# The PDF's title in its properties; $name: the patient's name.
exports-pdf-document-title = Haven — exportación de datos de salud — { $name }
# The PDF's description in its properties.
exports-pdf-description = Exportación de datos de salud
# At the foot of every page; $name: the patient's name.
exports-pdf-footer = Haven — exportación de datos de salud · { $name }
# $n: this page's number; $total: how many pages there are.
exports-pdf-page = Página { $n } de { $total }
# The labels of the first page's details (each followed by its value).
exports-pdf-patient = Paciente:
exports-pdf-deployment = Centro de atención:
exports-pdf-generated = Creado:
exports-pdf-observations = Observaciones:
exports-pdf-period = Periodo:
exports-pdf-time-zone = Zona horaria:
# The patient, after "Patient:"; $name and $email are theirs.
exports-pdf-person = { $name } <{ $email }>
# After "Period:": the first and the last value's times.
exports-pdf-period-from-to = { $from } – { $to }
# After "Time zone:"; $zone: a time zone's name (Europe/London) or UTC.
exports-pdf-all-times-in = Todas las horas en { $zone }
# Section headings.
exports-pdf-summary = Resumen
exports-pdf-charts = Gráficos
exports-pdf-all-observations = Todas las observaciones
# Above the table of every value; $zone: a time zone's name.
exports-pdf-times-in = Horas en { $zone }
exports-pdf-none = No hay observaciones en esta exportación.
exports-pdf-blood-pressure-note = Presión arterial: la más baja y la más alta son las lecturas con la presión sistólica más baja y más alta, tal como se tomaron.
# Column titles of the tables (short: columns are narrow).
exports-pdf-column-when = Fecha / hora
exports-pdf-column-kind = Tipo
exports-pdf-column-value = Valor
exports-pdf-column-unit = Unidad
exports-pdf-column-note = Nota
exports-pdf-column-count = Total
exports-pdf-column-first = Primera
exports-pdf-column-last = Última
exports-pdf-column-lowest = Mínima
exports-pdf-column-highest = Máxima
exports-pdf-column-mean = Media
# A chart's title: $kind (Heart rate) and its $unit (bpm).
exports-pdf-chart-title = { $kind } ({ $unit })
# Beside a chart; $n: how many values it draws.
exports-pdf-chart-count =
    { $n ->
        [one] { $n } observación
       *[other] { $n } observaciones
    }
# A chart's legend, in the colour of its line; $line names the line ("Upper (systolic)").
exports-pdf-chart-line = — { $line }
