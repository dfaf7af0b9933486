## The health domain (haven-api): kinds of observation, roles, second steps, countries, and the
## rules an observation must meet (shown by the app at capture and by the service for a push).

domain-kind-heart-rate = Frecuencia cardiaca
domain-kind-blood-pressure = Presión arterial
domain-kind-weight = Peso
domain-kind-temperature = Temperatura
domain-kind-oxygen-saturation = Saturación de oxígeno
domain-kind-blood-glucose = Glucosa en sangre
domain-kind-steps = Pasos
domain-kind-symptom = Síntoma
# The two lines of a blood pressure chart.
domain-line-systolic = Alta (sistólica)
domain-line-diastolic = Baja (diastólica)
# A blood-pressure reading without its unit: "120/80".
domain-value-blood-pressure = { $systolic }/{ $diastolic }
# A symptom's name and its severity out of 10: "Headache (4/10)".
domain-value-symptom = { $name } ({ $severity }/10)

domain-role-patient = Paciente
domain-role-clinician = Profesional clínico
domain-role-admin = Administrador

# The second steps of signing in, as offered and named everywhere.
domain-factor-sms = Mensaje de texto
domain-factor-totp = Aplicación de autenticación
# What the code is called where it is asked for.
domain-step-sms = Código del mensaje de texto
domain-step-totp = Código de la aplicación de autenticación
domain-step-recovery-code = Código de recuperación

## The countries offered beside a mobile number field.
domain-country-au = Australia
domain-country-at = Austria
domain-country-be = Bélgica
domain-country-ca = Canadá
domain-country-dk = Dinamarca
domain-country-fi = Finlandia
domain-country-fr = Francia
domain-country-de = Alemania
domain-country-in = India
domain-country-ie = Irlanda
domain-country-it = Italia
domain-country-nl = Países Bajos
domain-country-nz = Nueva Zelanda
domain-country-no = Noruega
domain-country-pl = Polonia
domain-country-pt = Portugal
domain-country-za = Sudáfrica
domain-country-es = España
domain-country-se = Suecia
domain-country-ch = Suiza
domain-country-gb = Reino Unido
domain-country-us = Estados Unidos

## Why an observation is not accepted.
# recorded_at is the field's name in the service's interface: keep it, and the example, as they are.
domain-recorded-at-format = recorded_at debe ser una hora en formato RFC 3339, por ejemplo 2026-11-24T08:30:00Z.
domain-recorded-at-future = Esa hora está en el futuro.
domain-recorded-at-before-1900 = Esa hora es anterior a 1900.
domain-id-not-uuid = El id debe ser un UUID escrito en minúsculas, como 0192f1c4-7b8e-7d3a-9f00-5e2b6c1d8a47.
domain-note-too-long = La nota tiene más de { $max } caracteres.
domain-note-nul = Una nota no puede contener el carácter nulo (U+0000).
# $kind is the kind's wire name (heart_rate, blood_pressure, weight, temperature, oxygen_saturation,
# blood_glucose, steps, symptom), which English shows as it is; a translation may name it in words.
# $unit is the unit it is measured in (bpm, kg, …), $given the unit sent, in quotes.
domain-unit-wrong = { $kind ->
        [heart_rate] La frecuencia cardiaca
        [blood_pressure] La presión arterial
        [weight] El peso
        [temperature] La temperatura
        [oxygen_saturation] La saturación de oxígeno
        [blood_glucose] La glucosa en sangre
        [steps] El número de pasos
        [symptom] La intensidad de un síntoma
       *[other] { $kind }
    } se mide en { $unit }, no en { $given }.
domain-blood-pressure-range = La presión sistólica debe estar entre { $sys_low } y { $sys_high } mmHg, y la diastólica entre { $dia_low } y { $dia_high }.
domain-blood-pressure-order = La presión diastólica debe ser menor que la sistólica.
domain-symptom-name = Un síntoma necesita un nombre de { $min } a { $max } caracteres.
domain-symptom-name-characters = El nombre de un síntoma no puede contener caracteres de control ni marcas que reordenen el texto.
domain-severity-range = La intensidad es un número entero del { $low } al { $high }.
# $kind as above (a kind measured by one number); $unit its recorded unit (the unit is written
# from the kind, in words where it is a word).
domain-value-range = { $kind ->
        [heart_rate] La frecuencia cardiaca
        [weight] El peso
        [temperature] La temperatura
        [oxygen_saturation] La saturación de oxígeno
        [blood_glucose] La glucosa en sangre
        [steps] El número de pasos
       *[other] { $kind }
    } debe estar entre { $low } y { $high } { $kind ->
        [heart_rate] { domain-unit-heart-rate }
        [weight] { domain-unit-weight }
        [temperature] { domain-unit-temperature }
        [oxygen_saturation] { domain-unit-oxygen-saturation }
        [blood_glucose] { domain-unit-blood-glucose }
        [steps] { domain-unit-steps }
       *[other] { $unit }
    }.
domain-steps-whole = El número de pasos debe ser un número entero.
# $kind as above.
domain-value-does-not-fit = Ese valor no es válido para { $kind ->
        [heart_rate] la frecuencia cardiaca
        [blood_pressure] la presión arterial
        [weight] el peso
        [temperature] la temperatura
        [oxygen_saturation] la saturación de oxígeno
        [blood_glucose] la glucosa en sangre
        [steps] el número de pasos
        [symptom] un síntoma
       *[other] { $kind }
    }.
domain-unit-heart-rate = lpm
domain-unit-blood-pressure = mmHg
domain-unit-weight = kg
domain-unit-temperature = °C
domain-unit-oxygen-saturation = %
domain-unit-blood-glucose = mmol/L
domain-unit-steps = pasos
domain-unit-symptom = intensidad
