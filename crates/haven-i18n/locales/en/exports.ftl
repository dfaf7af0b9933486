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
