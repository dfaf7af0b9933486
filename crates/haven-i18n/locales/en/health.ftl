## The patient's health screen (recording values, sync) and the charts of values over time.

health-title = My health
health-consent-withdrawn = You withdrew your consent, so Haven does not collect new data. Your existing data is still yours to see and download.
health-consent-not-signed = Haven records your data only after you sign the informed consent form.
# A link to the informed consent page, after the sentence above.
health-consent-link = Informed consent
health-record-title = Record
health-change-title = Change a value
# Shown where patients record values: Haven is not an emergency service.
health-emergency = Haven is not watched around the clock. If you need urgent help, call your local emergency number (999 in the UK, 112 in Europe, 911 in the US).
# The label of the list of kinds of observation (heart rate, weight, …).
health-kind = What
# An entry of that list: the kind and its unit, e.g. "Heart rate (bpm)".
health-kind-option = { $kind } ({ $unit })
# The label of the symptom's name field.
health-symptom = Symptom
health-systolic = Upper (systolic)
health-diastolic = Lower (diastolic)
health-severity = Severity (0–10)
# The label of the field for a one-number value (a heart rate, a weight, …).
health-value-label = Value
health-when = When (leave empty for now)
health-note = Note (optional)
health-save = Save
health-save-change = Save the change
health-cancel = Cancel
health-enter-systolic = Enter the upper (systolic) pressure as a number.
health-enter-diastolic = Enter the lower (diastolic) pressure as a number.
health-enter-severity = Enter the severity (0–10) as a number.
health-enter-value = Enter the value as a number.
health-when-not-a-time = Enter the date and time it was measured, or leave it empty for now.
health-when-future = That time is in the future. Enter when it was measured.
health-when-before-1900 = That date is before 1900. Check the year.
health-saved-sent = Saved and sent.
health-changed-sent = Changed and sent.
# $reason is the service's own sentence.
health-saved-refused = Saved on this device, but the service did not accept it: { $reason }
health-changed-refused = Changed on this device, but the service did not accept it: { $reason }
health-saved-waiting = Saved on this device; it will be sent when Haven's service can be reached.
health-changed-waiting = Changed on this device; it will be sent when Haven's service can be reached.
health-deleted = Deleted.
health-sync-title = Sync
health-all-sent = Everything is sent.
# $count values recorded on this device and not yet sent.
health-waiting = { $count } waiting to be sent.
health-refused = Not accepted by the service:
health-sync-now = Sync now
health-over-time = Over time
health-nothing-yet = Nothing recorded yet.
health-back = Back

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
        [one] { $count } value
       *[other] { $count } values
    }
# What the chart shows, for screen readers: $kind is e.g. "Heart rate", $from and $to are times.
health-chart-title =
    { $kind } over time: { $count ->
        [one] { $count } value
       *[other] { $count } values
    } from { $from } to { $to }, between { $low } and { $high } { $unit }
# After the kind's name above a chart, before its latest value: "Heart rate — latest 72 bpm".
health-chart-latest = — latest
# $kind is the kind's name in lower case: "Latest heart rate values".
health-chart-latest-values = Latest { $kind } values
health-chart-change = Change
health-chart-delete = Delete
health-chart-delete-question = Delete this value?
# Answers "Delete this value?": do not delete it.
health-chart-keep = Keep
