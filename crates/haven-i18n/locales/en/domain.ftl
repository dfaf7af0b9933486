## The health domain (haven-api): kinds of observation, roles, second steps, countries, and the
## rules an observation must meet (shown by the app at capture and by the service for a push).

domain-kind-heart-rate = Heart rate
domain-kind-blood-pressure = Blood pressure
domain-kind-weight = Weight
domain-kind-temperature = Temperature
domain-kind-oxygen-saturation = Oxygen saturation
domain-kind-blood-glucose = Blood glucose
domain-kind-steps = Steps
domain-kind-symptom = Symptom
# The two lines of a blood pressure chart.
domain-line-systolic = Upper (systolic)
domain-line-diastolic = Lower (diastolic)
# A blood-pressure reading without its unit: "120/80".
domain-value-blood-pressure = { $systolic }/{ $diastolic }
# A symptom's name and its severity out of 10: "Headache (4/10)".
domain-value-symptom = { $name } ({ $severity }/10)

domain-role-patient = Patient
domain-role-clinician = Clinician
domain-role-admin = Administrator

# The second steps of signing in, as offered and named everywhere.
domain-factor-sms = Text message
domain-factor-totp = Authenticator app
# What the code is called where it is asked for.
domain-step-sms = Text message code
domain-step-totp = Authenticator app code
domain-step-recovery-code = Recovery code

## The countries offered beside a mobile number field.
domain-country-au = Australia
domain-country-at = Austria
domain-country-be = Belgium
domain-country-ca = Canada
domain-country-dk = Denmark
domain-country-fi = Finland
domain-country-fr = France
domain-country-de = Germany
domain-country-in = India
domain-country-ie = Ireland
domain-country-it = Italy
domain-country-nl = Netherlands
domain-country-nz = New Zealand
domain-country-no = Norway
domain-country-pl = Poland
domain-country-pt = Portugal
domain-country-za = South Africa
domain-country-es = Spain
domain-country-se = Sweden
domain-country-ch = Switzerland
domain-country-gb = United Kingdom
domain-country-us = United States

## Why an observation is not accepted.
# recorded_at is the field's name in the service's interface: keep it, and the example, as they are.
domain-recorded-at-format = recorded_at must be an RFC 3339 time, e.g. 2026-11-24T08:30:00Z.
domain-recorded-at-future = That time is in the future.
domain-recorded-at-before-1900 = That time is before 1900.
domain-id-not-uuid = The id must be a UUID written in lowercase, like 0192f1c4-7b8e-7d3a-9f00-5e2b6c1d8a47.
domain-note-too-long = The note is longer than { $max } characters.
domain-note-nul = A note cannot hold the NUL character (U+0000).
# $kind is the kind's wire name (heart_rate, blood_pressure, weight, temperature, oxygen_saturation,
# blood_glucose, steps, symptom), which English shows as it is; a translation may name it in words.
# $unit is the unit it is measured in (bpm, kg, …), $given the unit sent, in quotes.
domain-unit-wrong = { $kind } is measured in { $unit }, not { $given }.
domain-blood-pressure-range = Blood pressure must be { $sys_low }–{ $sys_high } mmHg systolic and { $dia_low }–{ $dia_high } diastolic.
domain-blood-pressure-order = Diastolic pressure must be lower than systolic.
domain-symptom-name = A symptom needs a name of { $min }–{ $max } characters.
domain-symptom-name-characters = A symptom's name cannot hold control characters or marks that reorder text.
domain-severity-range = Severity is a whole number from { $low } to { $high }.
# $kind as above (a kind measured by one number); $unit its unit.
domain-value-range = { $kind } must be between { $low } and { $high } { $unit }.
domain-steps-whole = Steps are a whole number.
# $kind as above.
domain-value-does-not-fit = That value does not fit { $kind }.
# A kind's unit beside a value ("72 bpm"); symbols stay as they are.
domain-unit-heart-rate = bpm
domain-unit-blood-pressure = mmHg
domain-unit-weight = kg
domain-unit-temperature = °C
domain-unit-oxygen-saturation = %
domain-unit-blood-glucose = mmol/L
domain-unit-steps = steps
domain-unit-symptom = severity
