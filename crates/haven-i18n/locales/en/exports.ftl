exports-title = Download your data
exports-hint = Your data is prepared in the background; Haven tells you when it is ready. Files can be saved for 7 days.
exports-loading = Loading…
exports-back = Back

## The file formats
exports-format-csv = CSV (spreadsheet)
exports-format-pdf = PDF (summary, charts and every value)
exports-format-fhir = FHIR JSON (for other health systems)
# $format: one of the formats above.
exports-request = Request { $format }

## Times in the files
exports-zone-label = Times in your files
# An option of "Times in your files": $zone is a time zone's name (Europe/London) or UTC.
exports-zone-device = This device's ({ $zone })
# $zone: a time zone's name (Europe/London) or UTC.
exports-zone-shown-in = Times in your files are shown in { $zone }.

## The requested files
exports-none = No downloads yet.
exports-expired = Expired — request a new one.
# $n: how many values the file holds.
exports-ready =
    { $n ->
        [one] Ready: { $n } value
       *[other] Ready: { $n } values
    }
# $n: how many values the file holds; $zone: the time zone its times are written in.
exports-ready-times =
    { $n ->
        [one] Ready: { $n } value, times in { $zone }
       *[other] Ready: { $n } values, times in { $zone }
    }
exports-save = Save…
exports-failed = Could not be prepared. Request a new one.
exports-preparing = Preparing…
# $path: where the file was saved on this device.
exports-saved-to = Saved to { $path }

## The PDF file: its words are in the language it was asked for in
exports-pdf-title = Haven — health data export
# The PDF's title in its properties; $name: the patient's name.
exports-pdf-document-title = Haven — health data export — { $name }
# The PDF's description in its properties.
exports-pdf-description = Health data export
# At the foot of every page; $name: the patient's name.
exports-pdf-footer = Haven — health data export · { $name }
# $n: this page's number; $total: how many pages there are.
exports-pdf-page = Page { $n } of { $total }
# The labels of the first page's details (each followed by its value).
exports-pdf-patient = Patient:
exports-pdf-deployment = Care provider:
exports-pdf-generated = Made:
exports-pdf-observations = Observations:
exports-pdf-period = Period:
exports-pdf-time-zone = Time zone:
# The patient, after "Patient:"; $name and $email are theirs.
exports-pdf-person = { $name } <{ $email }>
# After "Period:": the first and the last value's times.
exports-pdf-period-from-to = { $from } – { $to }
# After "Time zone:"; $zone: a time zone's name (Europe/London) or UTC.
exports-pdf-all-times-in = All times in { $zone }
# Section headings.
exports-pdf-summary = Summary
exports-pdf-charts = Charts
exports-pdf-all-observations = All observations
# Above the table of every value; $zone: a time zone's name.
exports-pdf-times-in = Times in { $zone }
exports-pdf-none = No observations in this export.
exports-pdf-blood-pressure-note = Blood pressure: lowest and highest are the readings with the lowest and highest systolic value, as taken.
# Column titles of the tables (short: columns are narrow).
exports-pdf-column-when = Date / time
exports-pdf-column-kind = Kind
exports-pdf-column-value = Value
exports-pdf-column-unit = Unit
exports-pdf-column-note = Note
exports-pdf-column-count = Count
exports-pdf-column-first = First
exports-pdf-column-last = Last
exports-pdf-column-lowest = Lowest
exports-pdf-column-highest = Highest
exports-pdf-column-mean = Mean
# A chart's title: $kind (Heart rate) and its $unit (bpm).
exports-pdf-chart-title = { $kind } ({ $unit })
# Beside a chart; $n: how many values it draws.
exports-pdf-chart-count =
    { $n ->
        [one] { $n } observation
       *[other] { $n } observations
    }
# A chart's legend, in the colour of its line; $line names the line ("Upper (systolic)").
exports-pdf-chart-line = — { $line }
