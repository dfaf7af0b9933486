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
